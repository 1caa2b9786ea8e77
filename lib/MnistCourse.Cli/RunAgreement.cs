using System.Globalization;
using MnistCourse.Reporting;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>
/// A resume goes on only when the checkpoint, run.json and the data agree that they are one run: the
/// checkpoint carries the run's identity, data set and options, and each is compared with run.json (the data's
/// files are compared with run.json's MD5s when they are located). Anything else is exit 2 naming what disagrees.
/// </summary>
internal static class RunAgreement
{
    public static void Check(CheckpointInfo checkpoint, string path, RunManifest run)
    {
        string fix = "resume the run that wrote it in its own folder, or train into a new --out";
        if (checkpoint.RunId != run.RunId)
            throw new RunFolderException(checkpoint.RunId is null
                ? $"{path} carries no run identity, so it cannot be shown to belong to the run in {RunManifest.FileName}; {fix}"
                : $"{path} belongs to another run (run {checkpoint.RunId}; {RunManifest.FileName} is run {run.RunId}); {fix}");
        if (checkpoint.Dataset != run.Dataset)
            throw new RunFolderException($"{path} was trained on {checkpoint.Dataset}, but {RunManifest.FileName} says --dataset {run.Dataset}; " +
                $"{RunManifest.FileName} was changed: restore \"Dataset\": \"{checkpoint.Dataset}\" or train into a new --out");
        var recorded = run.RecordedParse;
        var o = checkpoint.Options;
        var optimizer = checkpoint.Optimizer;
        var pairs = new List<(System.CommandLine.Option Option, string Checkpoint)>
        {
            (TrainOptionTable.BatchSize, Text(o.BatchSize)), (TrainOptionTable.LearningRate, Text(optimizer.LearningRate)),
            (TrainOptionTable.Optimizer, optimizer.Name.ToLowerInvariant()), (TrainOptionTable.Hidden, checkpoint.Hidden is int h ? Text(h) : "none"),
            (TrainOptionTable.Seed, Text(o.Seed)), (TrainOptionTable.Scheduler, TrainOptionTable.NameOf(o.Schedule)), (TrainOptionTable.StepSize, Text(o.StepSize)),
            (TrainOptionTable.Gamma, Text(o.Gamma)), (TrainOptionTable.Patience, Text(o.Patience)),
        };
        // Adam has no momentum: run.json records --momentum all the same, and only SGD's must agree.
        if (optimizer.Momentum is double momentum) pairs.Add((TrainOptionTable.Momentum, Text(momentum)));
        foreach (var (option, saved) in pairs)
        {
            string inRun = TrainOptionTable.ValueText(recorded, option);
            if (inRun != saved)
                throw new RunFolderException($"{path} was trained with {option.Name} {saved}, but {RunManifest.FileName} says {option.Name} {inRun}; " +
                    $"the two are not one run: restore {RunManifest.FileName} or train into a new --out");
        }
    }

    /// <summary>
    /// checkpoint-last.ckpt is missing: a run that finished no epoch starts at epoch 1, but one whose epochs left
    /// traces (checkpoint-best.ckpt, metrics.csv rows, TensorBoard steps) is refused, never silently started over.
    /// </summary>
    public static void CheckNothingFinished(RunFolder folder)
    {
        int best = 0;
        if (File.Exists(folder.BestCheckpoint))
        {
            try { best = Checkpoint.ReadInfo(folder.BestCheckpoint).Epoch; }
            catch (CheckpointException) { best = -1; }
        }
        int rows = 0;
        if (File.Exists(folder.Metrics))
        {
            try { rows = MetricsCsv.Read(folder.Metrics).Count; }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or IndexOutOfRangeException) { rows = -1; }
        }
        bool events = Directory.Exists(folder.TensorBoard) && TensorBoardEventReader.ScalarSteps(folder.TensorBoard).Any();
        if (best == 0 && rows == 0 && !events) return;
        string traces = string.Join(", ", new[]
        {
            best > 0 ? $"{Checkpoint.BestFile} (epoch {best})" : best < 0 ? Checkpoint.BestFile : null,
            rows != 0 ? "metrics.csv" : null,
            events ? "TensorBoard events" : null,
        }.Where(t => t is not null));
        throw new RunFolderException($"{folder.LastCheckpoint}: missing, but epochs of this run were finished ({traces} remain), so it will not start over; " +
            (best > 0 ? $"resume from epoch {best} with --resume {folder.BestCheckpoint}, or train into a new --out" : "train into a new --out"));
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
