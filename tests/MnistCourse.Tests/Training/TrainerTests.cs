using MnistCourse.Data;
using MnistCourse.Tests.Support;
using MnistCourse.Models;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

public class TrainerTests
{
    public TrainerTests() => Torch.Init();

    static IReadOnlyList<EpochResult> Train(MnistLikeData data, TrainingOptions options)
    {
        var trainer = Trainer.ForSimpleNet(options, CPU);
        return trainer.Fit(data);
    }

    [Fact]
    public void Learns_the_generated_digits_far_above_chance()
    {
        using var data = SyntheticDigits.Load();
        var results = Train(data, new TrainingOptions { Epochs = 2, Seed = 7 });

        Assert.Equal(2, results.Count);
        Assert.True(results[^1].ValAccuracy > 90, $"val acc {results[^1].ValAccuracy:F2}% (chance is 10%)");
        Assert.True(results[^1].TrainLoss < results[0].TrainLoss, "training loss should fall");
        Assert.All(results, r => Assert.Equal(0.01, r.LearningRate, 12));
    }

    [Fact]
    public void The_same_seed_reproduces_the_run_bit_for_bit_and_another_seed_does_not()
    {
        using var data = SyntheticDigits.Load(trainCount: 600, testCount: 200);
        var options = new TrainingOptions { Epochs = 2, Seed = 11 };
        var first = Train(data, options);
        var second = Train(data, options);
        var other = Train(data, options with { Seed = 12 });

        Assert.Equal(first.Select(r => r with { Seconds = 0 }), second.Select(r => r with { Seconds = 0 }));
        Assert.NotEqual(first[0].TrainLoss, other[0].TrainLoss);
    }

    [Fact]
    public void An_epoch_is_the_source_loop_s_bit_for_bit_and_leaves_a_file_split_in_bytes()
    {
        // The trainer clears gradients to none (PyTorch 2's zero_grad) and counts argmax; the source's loop, as
        // TorchSharp runs it, fills zeros and takes max's index. Same numbers, same weights.
        var options = new TrainingOptions { Epochs = 1, Seed = 5 };
        var trainer = Trainer.ForSimpleNet(options, CPU);
        var source = Trainer.ForSimpleNet(options, CPU);
        var (images, labelBytes) = SyntheticDigits.Generate(300, seed: 8);
        using var train = DataSplit.FromBytes(images, labelBytes, 300, 784, 0.1307f, 0.3081f);

        var (loss, accuracy) = trainer.TrainEpoch(train, epoch: 1);

        source.Model.train();
        double runningLoss = 0;
        long correct = 0;
        foreach (var (inputs, labels) in new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed))
        {
            using var scope = NewDisposeScope();
            var outputs = source.Model.forward(inputs.view(inputs.size(0), -1));
            var batchLoss = source.Criterion.forward(outputs, labels);
            source.Optimizer.zero_grad();
            batchLoss.backward();
            source.Optimizer.step();
            runningLoss += batchLoss.item<float>() * inputs.size(0);
            var (_, predicted) = outputs.max(1);
            correct += predicted.eq(labels).sum().item<long>();
        }
        Assert.Equal(runningLoss / train.Count, loss);
        Assert.Equal(100.0 * correct / train.Count, accuracy);
        foreach (var (a, b) in trainer.Model.parameters().Zip(source.Model.parameters()))
            Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray());
        Assert.False(train.HoldsFloatImages);
    }

    [Fact]
    public void A_diverging_loss_stops_training_naming_epoch_and_batch()
    {
        using var data = SyntheticDigits.Load(trainCount: 640, testCount: 64);
        var options = new TrainingOptions { Epochs = 3, Seed = 3 };
        var trainer = Trainer.ForSimpleNet(options, CPU, new SimpleNetRecipe { LearningRate = 1e30, Momentum = 0.9 });

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));
        Assert.Equal(1, error.Epoch);
        Assert.InRange(error.Batch, 2, 10);
        Assert.Contains("epoch 1, batch", error.Message);
        Assert.Contains("Lower the learning rate", error.Message);
        Assert.DoesNotContain("--", error.Message);
        Assert.Empty(trainer.History);
    }

    [Fact]
    public void Listeners_hear_every_batch_and_epoch_and_cancellation_stops_between_batches()
    {
        using var data = SyntheticDigits.Load(trainCount: 640, testCount: 64);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 64, Seed = 5 };
        var trainer = Trainer.ForSimpleNet(options, CPU);
        var recorder = new Recorder();
        trainer.Listeners.Add(recorder);
        trainer.Fit(data);

        Assert.Equal(new[] { "start 1/2 10", "end 1", "start 2/2 10", "end 2", "done 2" }, recorder.Events);
        Assert.Equal(20, recorder.Batches);

        using var cancel = new CancellationTokenSource();
        var stopping = new Recorder { OnBatch = b => { if (b == 3) cancel.Cancel(); } };
        var trainer2 = Trainer.ForSimpleNet(options, CPU);
        trainer2.Listeners.Add(stopping);
        Assert.Throws<OperationCanceledException>(() => trainer2.Fit(data, cancel: cancel.Token));
        Assert.Equal(3, stopping.Batches);
    }

    sealed class Recorder : ITrainingListener
    {
        public List<string> Events { get; } = new();
        public int Batches;
        public Action<int>? OnBatch;
        public void OnEpochStart(Trainer trainer, int epoch, int batches) => Events.Add($"start {epoch}/{trainer.Options.Epochs} {batches}");
        public void OnBatchEnd(Trainer trainer, int epoch, int batch, int batches) { Batches++; OnBatch?.Invoke(batch); }
        public void OnEpochEnd(Trainer trainer, EpochResult result) => Events.Add($"end {result.Epoch}");
        public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> results) => Events.Add($"done {results.Count}");
    }
}
