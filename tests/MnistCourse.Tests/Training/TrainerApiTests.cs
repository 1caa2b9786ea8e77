using MnistCourse.Data;
using MnistCourse.Models;
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
        var options = new TrainingOptions { Epochs = 4, Schedule = ScheduleKind.Cosine, Seed = 4 };
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
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 2, Seed = 6 }, CPU, new SimpleNetRecipe { Hidden = 32 });
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Listeners.Add(new ReportListener(dir["report.html"]));
        trainer.Fit(data);

        var info = Checkpoint.ReadInfo(dir[Checkpoint.LastFile]);
        Assert.Equal(("mnist", 784, (int?)32, 10, 2), (info.Dataset, info.InputSize, info.Hidden, info.Classes, info.Epoch));
        Assert.Equal(trainer.Options, info.Options);
        Assert.Equal(new OptimizerSettings("SGD", 0.01, Momentum: 0.9, Dampening: 0, Nesterov: false, WeightDecay: 0), info.Optimizer);
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(dir["report.html"]));
        Assert.Contains("Confusion matrix", html);
        Assert.Contains("SimpleNet: Linear(784 → 32), ReLU, Linear(32 → 10)", html);
        Assert.Contains("SGD(lr=0.01, momentum=0.9)", html);
    }

    /// <summary>
    /// The app: your own model and Adam, on Fashion-MNIST's splits. Everything the run records says so: the
    /// report, the checkpoint, and the class names of the confusion matrix; nothing says SGD or digits.
    /// </summary>
    [Fact]
    public void What_a_run_records_is_read_from_the_objects_that_ran()
    {
        using var data = SyntheticDigits.Load(trainCount: 256, testCount: 64, dataset: DatasetCatalog.FashionMnist);
        using var dir = new TempDirectory();
        manual_seed(3);
        var model = nn.Sequential(("flat", nn.Flatten()), ("hidden", nn.Linear(784, 48)), ("relu", nn.ReLU()), ("out", nn.Linear(48, 10)));
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.003, weight_decay: 1e-4), CPU, new TrainingOptions { Epochs = 1, BatchSize = 32 });
        trainer.Listeners.Add(new CheckpointWriter(dir.Path));
        trainer.Listeners.Add(new ReportListener(dir["report.html"]));
        trainer.Fit(data.Train, data.Validation);

        var run = trainer.Describe();
        Assert.Equal("Sequential: Flatten, Linear(784 → 48), ReLU, Linear(48 → 10)", run.Model);
        Assert.Equal(784 * 48 + 48 + 48 * 10 + 10, run.Parameters);
        Assert.Equal("Adam(lr=0.003, weight_decay=0.0001)", run.Optimizer.ToString());
        Assert.Same(DatasetCatalog.FashionMnist, run.Dataset);

        var info = Checkpoint.ReadInfo(dir[Checkpoint.LastFile]);
        Assert.Equal(("fashion-mnist", "Adam", 0.003, (double?)0.0001, (int?)null), (info.Dataset, info.Optimizer.Name, info.Optimizer.LearningRate, info.Optimizer.WeightDecay, info.Hidden));
        Assert.Equal(32, info.Options.BatchSize);

        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(dir["report.html"]));
        foreach (string said in new[] { "Adam(lr=0.003, weight_decay=0.0001)", "Fashion-MNIST", "T-shirt/top", "Ankle boot", "Sequential: Flatten, Linear(784 → 48)",
                     "Normalize(mean=0.286, std=0.353)" })
            Assert.Contains(said, html);
        Assert.DoesNotContain("SGD", html);
        Assert.DoesNotContain("SimpleNet", html);
    }

    [Fact]
    public void A_failed_run_tells_its_listeners_and_its_report_shows_the_finished_epochs()
    {
        using var data = SyntheticDigits.Load(trainCount: 256, testCount: 64);
        using var dir = new TempDirectory();
        var trainer = Trainer.ForSimpleNet(new TrainingOptions { Epochs = 3, Seed = 2 }, CPU);
        var heard = new List<string>();
        var report = new ReportListener(dir["report.html"]);
        trainer.Listeners.Add(report);
        trainer.Listeners.Add(new Recorder(heard));
        using var cancel = new CancellationTokenSource();
        trainer.Listeners.Add(new StopInEpoch(2, cancel));
        var weightsBefore = trainer.Model.parameters().First().detach().clone();

        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data, cancel: cancel.Token));

        Assert.Equal(new[] { "end 1", "failed OperationCanceledException after 1 epoch(s)" }, heard);
        Assert.True(report.Written);
        Assert.Null(report.Problem);
        string html = File.ReadAllText(dir["report.html"]);
        Assert.Contains("<td>1/3</td>", html);
        Assert.DoesNotContain("<td>2/3</td>", html);
        // The report borrowed epoch 1's weights for its charts and gave the model back as the failure left it.
        Assert.False(weightsBefore.allclose(trainer.Model.parameters().First()));
    }

    sealed class Recorder(List<string> heard) : ITrainingListener
    {
        public void OnEpochEnd(Trainer trainer, EpochResult result) => heard.Add($"end {result.Epoch}");
        public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history) => heard.Add("training end");
        public void OnFitFailed(Trainer trainer, Exception failure) => heard.Add($"failed {failure.GetType().Name} after {trainer.History.Count} epoch(s)");
    }

    sealed class StopInEpoch(int epoch, CancellationTokenSource cancel) : ITrainingListener
    {
        public void OnBatchEnd(Trainer trainer, int e, int batch, int batches)
        {
            if (e == epoch && batch == 2) cancel.Cancel();
        }
    }
}
