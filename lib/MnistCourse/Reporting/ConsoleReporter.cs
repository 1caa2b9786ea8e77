using System.Diagnostics;
using MnistCourse.Training;
using MnistCourse.Localization;

namespace MnistCourse.Reporting;

/// <summary>
/// Prints the source's epoch line and, on a terminal only, a progress bar while an epoch runs.
/// Redirected output (logs, CI) gets just the epoch lines.
/// </summary>
public sealed class ConsoleReporter(TextWriter output, bool showProgress) : ITrainingListener
{
    const int BarWidth = 30;
    readonly Stopwatch sinceDraw = new();
    readonly Stopwatch epochClock = new();
    bool barShown;

    /// <summary>Reports to stdout, with a progress bar when stdout is a terminal.</summary>
    public static ConsoleReporter ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void OnEpochStart(Trainer trainer, int epoch, int batches)
    {
        epochClock.Restart();
        sinceDraw.Restart();
        if (showProgress) Draw(epoch, trainer.Options.Epochs, 0, batches);
    }

    public void OnBatchEnd(Trainer trainer, int epoch, int batch, int batches)
    {
        // Redrawing ~10 times a second costs nothing next to the training; redrawing per batch would not.
        if (!showProgress || sinceDraw.ElapsedMilliseconds < 100) return;
        sinceDraw.Restart();
        Draw(epoch, trainer.Options.Epochs, batch, batches);
    }

    public void OnEpochEnd(Trainer trainer, EpochResult result) => Print(result);

    /// <summary>Prints one epoch's line (also used to replay a resumed run's earlier epochs).</summary>
    public void Print(EpochResult result)
    {
        ClearBar();
        output.WriteLine(result.ToString());
        output.Flush();
    }

    /// <summary>Removes a progress bar left on screen (for example when training stops with an error).</summary>
    public void ClearBar()
    {
        if (!barShown) return;
        output.Write("\r" + new string(' ', BarWidth + 60) + "\r");
        barShown = false;
    }

    void Draw(int epoch, int epochs, int batch, int batches)
    {
        int filled = batches == 0 ? 0 : batch * BarWidth / batches;
        string bar = new string('#', filled) + new string('-', BarWidth - filled);
        output.Write("\r" + Texts.Format("Epoch {0}/{1} [{2}] {3}/{4} batches, {5:F1}s ", epoch, epochs, bar, batch, batches, epochClock.Elapsed.TotalSeconds));
        output.Flush();
        barShown = true;
    }
}
