using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

public class LearningRateScheduleTests
{
    public LearningRateScheduleTests() => Torch.Init();

    static double[] LearningRates(TrainingOptions options, bool shuffledLabels = false)
    {
        using var data = SyntheticDigits.Load(trainCount: 128, testCount: 64);
        if (shuffledLabels) data.Train.Labels.copy_(data.Train.Labels.flip(0));
        var trainer = Trainer.ForSimpleNet(options, CPU);
        return trainer.Fit(data).Select(r => Math.Round(r.LearningRate, 10)).ToArray();
    }

    [Fact]
    public void Step_is_the_sources_StepLR_halving_every_five_epochs()
    {
        var options = new TrainingOptions { Epochs = 11, Schedule = ScheduleKind.Step };
        Assert.Equal(new[] { 0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.005, 0.0025 }, LearningRates(options));
    }

    [Fact]
    public void Cosine_falls_from_the_base_rate_along_half_a_cosine()
    {
        var lrs = LearningRates(new TrainingOptions { Epochs = 4, Schedule = ScheduleKind.Cosine });
        var expected = Enumerable.Range(0, 4).Select(e => Math.Round(0.005 * (1 + Math.Cos(Math.PI * e / 4)), 10));
        Assert.Equal(expected, lrs);
    }

    [Fact]
    public void Plateau_cuts_the_rate_when_validation_loss_stops_improving_and_none_keeps_it()
    {
        // Labels that do not match the images: the validation loss cannot keep improving.
        var lrs = LearningRates(new TrainingOptions { Epochs = 6, Schedule = ScheduleKind.Plateau, Patience = 0, Gamma = 0.5 }, shuffledLabels: true);
        Assert.Equal(0.01, lrs[0]);
        Assert.True(lrs[^1] < 0.01, $"expected a cut, got {string.Join(", ", lrs)}");
        Assert.All(lrs.Zip(lrs.Skip(1)), p => Assert.True(p.Second == p.First || p.Second == p.First / 2));

        Assert.All(LearningRates(new TrainingOptions { Epochs = 3 }), lr => Assert.Equal(0.01, lr));
    }
}
