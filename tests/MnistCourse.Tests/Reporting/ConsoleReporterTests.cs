using System.Text.RegularExpressions;
using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Reporting;

public class ConsoleReporterTests
{
    static readonly EpochResult First = new(1, 3, 0.6, 80, 0.5, 82, 0.01, 1.25);

    /// <summary>The reporter reads the epoch count from the trainer it reports on.</summary>
    static Trainer TrainerFor(int epochs)
    {
        Torch.Init();
        return Trainer.ForSimpleNet(new TrainingOptions { Epochs = epochs }, CPU);
    }

    [Fact]
    public void Redirected_output_gets_only_the_epoch_lines()
    {
        var trainer = TrainerFor(3);
        var output = new StringWriter();
        var reporter = new ConsoleReporter(output, showProgress: false);

        reporter.OnEpochStart(trainer, 1, 10);
        Thread.Sleep(150); // long enough that a terminal would redraw the bar
        for (int batch = 1; batch <= 10; batch++) reporter.OnBatchEnd(trainer, 1, batch, 10);
        reporter.OnEpochEnd(trainer, First);

        Assert.Equal(First + Environment.NewLine, output.ToString());
        Assert.Equal("Epoch [1/3], Train Loss: 0.6000, Train Acc: 80.00%, Val Loss: 0.5000, Val Acc: 82.00%, Time: 1.25s", First.ToString());
    }

    [Fact]
    public void A_terminal_sees_the_bar_start_empty_advance_and_give_way_to_the_epoch_line()
    {
        var trainer = TrainerFor(3);
        var output = new StringWriter();
        var reporter = new ConsoleReporter(output, showProgress: true);

        reporter.OnEpochStart(trainer, 1, 10);
        string start = output.ToString();
        Assert.Matches(@"^\rEpoch 1/3 \[-{30}\] 0/10 batches, \d+\.\ds $", start);

        Thread.Sleep(150); // the bar redraws at most ~10 times a second
        reporter.OnBatchEnd(trainer, 1, 5, 10);
        string half = output.ToString()[start.Length..];
        Assert.Matches(@"^\rEpoch 1/3 \[#{15}-{15}\] 5/10 batches, \d+\.\ds $", half);

        reporter.OnEpochEnd(trainer, First);
        string end = output.ToString()[(start.Length + half.Length)..];
        // The bar is overwritten with spaces and the cursor returned, so the epoch line starts clean.
        var cleared = Regex.Match(end, @"^\r( +)\r");
        Assert.True(cleared.Success && cleared.Groups[1].Length >= half.Length, $"the bar is not wiped: {end}");
        Assert.Equal(First + Environment.NewLine, end[cleared.Length..]);
    }

    [Fact]
    public void The_bar_is_not_redrawn_for_every_batch()
    {
        var trainer = TrainerFor(1);
        var output = new StringWriter();
        var reporter = new ConsoleReporter(output, showProgress: true);
        reporter.OnEpochStart(trainer, 1, 1000);
        for (int batch = 1; batch <= 1000; batch++) reporter.OnBatchEnd(trainer, 1, batch, 1000);

        // A thousand fast batches: the first draw, then at most a few timed redraws, never one per batch.
        Assert.InRange(Regex.Matches(output.ToString(), "\rEpoch ").Count, 1, 5);
    }

    [Fact]
    public void Clearing_with_no_bar_on_screen_writes_nothing()
    {
        var trainer = TrainerFor(1);
        var output = new StringWriter();
        var reporter = new ConsoleReporter(output, showProgress: true);
        reporter.ClearBar();
        Assert.Equal("", output.ToString());

        reporter.OnEpochStart(trainer, 1, 4);
        reporter.ClearBar();
        int afterFirstClear = output.ToString().Length;
        reporter.ClearBar();
        Assert.Equal(afterFirstClear, output.ToString().Length);
    }
}
