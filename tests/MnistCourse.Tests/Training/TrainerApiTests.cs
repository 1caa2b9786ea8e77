using MnistCourse.Reporting;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

/// <summary>The trainer's one options object, the snapshot Fit returns, and listeners that take the trainer as context.</summary>
public class TrainerApiTests
{
    public TrainerApiTests() => Torch.Init();

    [Fact]
    public void Fit_returns_a_read_only_snapshot_not_the_live_history()
    {
        using var data = SyntheticDigits.Load(trainCount: 256, testCount: 64);
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 1, Seed = 2 }, CPU);

        var first = trainer.Fit(data);
        Assert.Throws<NotSupportedException>(() => ((IList<EpochResult>)first).Add(first[0]));
        Assert.Throws<NotSupportedException>(() => ((IList<EpochResult>)trainer.History).Clear());

        trainer.Fit(data);   // a second call trains epoch 1 again and adds to the trainer's history
        Assert.Single(first);
        Assert.Equal(2, trainer.History.Count);
    }

    [Fact]
    public void The_schedule_and_the_loop_read_the_same_options()
    {
        using var data = SyntheticDigits.Load(trainCount: 128, testCount: 64);
        var options = new TrainingOptions { Epochs = 4, Scheduler = "cosine", Seed = 4 };
        var history = Trainer.ForSimpleNet(options, CPU).Fit(data);

        // CosineAnnealingLR(T_max = Epochs): epoch e trains with 0.01 * (1 + cos(pi * (e - 1) / 4)) / 2.
        Assert.Equal(4, history.Count);
        for (int e = 1; e <= 4; e++)
            Assert.Equal(0.01 * (1 + Math.Cos(Math.PI * (e - 1) / 4)) / 2, history[e - 1].LearningRate, 9);
    }

    [Fact]
    public void Listeners_read_model_options_and_data_from_the_trainer()
    {
        using var data = SyntheticDigits.Load(trainCount: 256, testCount: 64);
        using var dir = new TempDirectory();
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 2, Seed = 6, Hidden = 32 }, CPU);
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Listeners.Add(new ReportListener(dir["report.html"]));
        trainer.Fit(data);

        var info = Checkpoint.ReadInfo(dir[Checkpoint.LastFile]);
        Assert.Equal(("mnist", 784, 32, 10, 2), (info.Dataset, info.InputSize, info.Hidden, info.Classes, info.Epoch));
        Assert.Equal(trainer.Options, info.Options);
        string html = File.ReadAllText(dir["report.html"]);
        Assert.Contains("Confusion matrix", html);
        Assert.Matches(@"SimpleNet \(784 -(&gt;|>) 32 -(&gt;|>) ReLU -(&gt;|>) 10\)", html);
    }
}
