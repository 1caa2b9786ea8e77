using MnistCourse.Reporting;
using MnistCourse.Training;

namespace MnistCourse.Cli;

/// <summary>
/// Checks and repairs a run folder's outputs against its checkpoint's history: a kill between two of an
/// epoch's writes leaves some outputs one epoch behind the checkpoint, and resume brings them level.
/// </summary>
internal static class RunOutputs
{
    /// <summary>Rewrites what lags behind <paramref name="history"/>; returns the names of what it rewrote.</summary>
    public static List<string> BringUpToDate(RunFolder folder, IReadOnlyList<EpochResult> history, TensorBoardLogger tensorBoard)
    {
        var repaired = new List<string>();
        if (!SameRows(folder.Metrics, history))
        {
            MetricsCsv.Write(folder.Metrics, history);
            repaired.Add("metrics.csv");
        }

        // The best epoch as CheckpointWriter chooses it: the first with the highest validation accuracy.
        var best = history.Aggregate((a, b) => b.ValAccuracy > a.ValAccuracy ? b : a);
        if (EpochOf(folder.BestCheckpoint) != best.Epoch && best.Epoch == history[^1].Epoch && File.Exists(folder.LastCheckpoint)
            && EpochOf(folder.LastCheckpoint) == best.Epoch)
        {
            AtomicFile.Write(folder.BestCheckpoint, s => { using var last = File.OpenRead(folder.LastCheckpoint); last.CopyTo(s); });
            repaired.Add(Checkpoint.BestFile);
        }

        // Going back to an earlier checkpoint abandons the epochs after it: their events go, so TensorBoard never
        // shows two values for one step. The event files are then written again from the history.
        if (Directory.Exists(folder.TensorBoard) && TensorBoardEventReader.ScalarSteps(folder.TensorBoard).Any(step => step > history[^1].Epoch))
        {
            folder.RemoveEventFiles();
            repaired.Add($"tensorboard (epochs after {history[^1].Epoch} dropped)");
        }
        // A run killed between its checkpoint and its TensorBoard record lacks the last epoch's events.
        var steps = Directory.Exists(folder.TensorBoard) ? TensorBoardEventReader.ScalarSteps(folder.TensorBoard) : new SortedSet<long>();
        var missing = history.Where(r => !steps.Contains(r.Epoch)).ToList();
        foreach (var result in missing) tensorBoard.Log(result);
        int logged = missing.Count;
        if (logged > 0) repaired.Add($"tensorboard ({logged} epoch{(logged == 1 ? "" : "s")})");
        return repaired;
    }

    /// <summary>The epochs saved in checkpoint-last.ckpt (0 when there is none or it cannot be read): what resume would continue from.</summary>
    public static int SavedEpochs(RunFolder folder) => EpochOf(folder.LastCheckpoint) ?? 0;

    static int? EpochOf(string checkpoint)
    {
        if (!File.Exists(checkpoint)) return null;
        try { return Checkpoint.ReadInfo(checkpoint).Epoch; }
        catch (CheckpointException) { return null; }
    }

    static bool SameRows(string path, IReadOnlyList<EpochResult> history)
    {
        if (!File.Exists(path)) return false;
        try
        {
            var rows = MetricsCsv.Read(path);
            return rows.Count == history.Count && rows.Zip(history).All(p => p.First with { Epochs = 0 } == p.Second with { Epochs = 0 });
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
