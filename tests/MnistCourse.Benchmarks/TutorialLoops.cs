using System.Diagnostics;
using MnistCourse.Data;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Benchmarks;

/// <summary>
/// The library's training loop against two ways of writing it from the tutorial, on the same model and data
/// (--tutorial-loops): (1) the tutorial's loop taken literally: loss.item() and correct.item() every batch;
/// (2) the same, with each batch collated sample by sample, as a DataLoader does. Epochs alternate so that all
/// three see the same machine load.
/// </summary>
static class TutorialLoops
{
    public static void Run(MnistLikeData data, int epochs)
    {
        var options = new TrainingOptions { Epochs = epochs };
        var baseline = new List<double>();
        var collated = new List<double>();
        var library = new List<double>();
        var literalTrainer = Trainer.ForSimpleNet(options, CPU);
        var collatingTrainer = Trainer.ForSimpleNet(options, CPU);
        var trainer = Trainer.ForSimpleNet(options, CPU);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            baseline.Add(Time(() => LiteralEpoch(literalTrainer, data.Train, options.BatchSize, options.Seed, epoch, collate: false)));
            collated.Add(Time(() => LiteralEpoch(collatingTrainer, data.Train, options.BatchSize, options.Seed, epoch, collate: true)));
            library.Add(Time(() => trainer.TrainEpoch(data.Train, epoch)));
            Console.WriteLine($"epoch {epoch,2}: literal loop {baseline[^1]:F3}s, collating loop {collated[^1]:F3}s, library loop {library[^1]:F3}s");
        }
        double lib = Stats.Median(library), lit = Stats.Median(baseline), col = Stats.Median(collated);
        Console.WriteLine($"training s/epoch (median): library {lib:F3}, literal {lit:F3}, collating {col:F3}; library/literal {lib / lit:F2}, library/collating {lib / col:F2}");
    }

    static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    // The tutorial's loop, line for line: two host synchronisations per batch.
    static void LiteralEpoch(Trainer t, DataSplit train, int batchSize, long seed, int epoch, bool collate)
    {
        t.Model.train();
        double runningLoss = 0;
        long correct = 0;
        using var order = train.Shuffle(seed, epoch);
        for (int b = 0; b < train.BatchCount(batchSize); b++)
        {
            using var scope = NewDisposeScope();
            var (inputs, labels) = collate ? Collate(train, order, b, batchSize) : train.Batch(b, batchSize, order);
            var outputs = t.Model.forward(inputs);
            var loss = t.Criterion.forward(outputs, labels);
            t.Optimizer.zero_grad();
            loss.backward();
            t.Optimizer.step();
            runningLoss += loss.item<float>() * inputs.shape[0];
            correct += outputs.argmax(1).eq(labels).sum().item<long>();
        }
    }

    // One tensor per sample, then stack: what DataLoader's default collate does.
    static (Tensor, Tensor) Collate(DataSplit train, Tensor order, int b, int batchSize)
    {
        long[] rows = order.narrow(0, (long)b * batchSize, Math.Min(batchSize, train.Count - b * batchSize)).data<long>().ToArray();
        return (stack(rows.Select(r => train.Images[r]).ToArray()), stack(rows.Select(r => train.Labels[r]).ToArray()));
    }
}
