using MnistCourse.Data;
using MnistCourse.Models;

namespace MnistCourse.Training;

/// <summary>
/// What a trainer runs, read from the objects that run: the model's layers and parameter count, the optimizer's
/// type and hyper-parameters, the schedule, the loop's settings, the data set of the last Fit (its name, classes and
/// normalisation, when its splits know them) and the device. Reports, checkpoints and run records are written
/// from this, so they cannot say SGD when Adam ran.
/// </summary>
public sealed record RunDescription(
    string Model,
    long Parameters,
    OptimizerSettings Optimizer,
    string Schedule,
    TrainingOptions Options,
    DatasetInfo? Dataset,
    int? TrainImages,
    int? ValidationImages,
    string Device)
{
    public static RunDescription Of(Trainer trainer)
    {
        Arguments.NotNull(trainer);
        var split = trainer.Validation ?? trainer.Train;
        return new(
            ModelSummary.OneLine(trainer.Model),
            trainer.Model.parameters().Sum(p => p.numel()),
            OptimizerSettings.Of(trainer.Optimizer),
            trainer.Schedule?.Description ?? "none",
            trainer.Options,
            trainer.Data?.Dataset ?? split?.Dataset,
            trainer.Train?.Count,
            trainer.Validation?.Count,
            Devices.Describe(trainer.Device));
    }
}
