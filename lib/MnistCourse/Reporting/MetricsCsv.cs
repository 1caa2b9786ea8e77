using System.Globalization;
using System.Text;
using MnistCourse.Training;

namespace MnistCourse.Reporting;

/// <summary>
/// Keeps &lt;out&gt;/metrics.csv up to date: the trainer's whole history, rewritten (atomically) after every epoch, so
/// a run that is stopped or crashes still leaves every finished epoch on disk, and a resumed run (whose trainer
/// holds the checkpoint's history) keeps the epochs before it.
/// </summary>
public sealed class MetricsCsv(string path) : ITrainingListener
{
    public const string Header = "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds";

    public string Path { get; } = path;

    public void OnEpochEnd(Trainer trainer, EpochResult result) => Write(Path, trainer.History);

    public static void Write(string path, IEnumerable<EpochResult> results)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in results)
            text.Append(string.Join(',', new[] { r.Epoch.ToString(CultureInfo.InvariantCulture) }
                .Concat(new[] { r.TrainLoss, r.TrainAccuracy, r.ValLoss, r.ValAccuracy, r.LearningRate, r.Seconds }
                    .Select(v => v.ToString("R", CultureInfo.InvariantCulture))))).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a metrics.csv back (the epoch count of each row is taken from the file's last row).</summary>
    public static List<EpochResult> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"{path}: not a metrics.csv (expected the header '{Header}')");
        var values = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        int epochs = values.Count == 0 ? 0 : int.Parse(values[^1][0], CultureInfo.InvariantCulture);
        return values.Select(v => new EpochResult(
            int.Parse(v[0], CultureInfo.InvariantCulture), epochs,
            D(v[1]), D(v[2]), D(v[3]), D(v[4]), D(v[5]), D(v[6]))).ToList();

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
