// Speed and memory of the library's training loop, against two baselines measured in the same run, on the
// same model and data: (1) the tutorial's loop taken literally: loss.item() and correct.item() every batch;
// (2) the same, with each batch collated sample by sample, as a DataLoader does. Prints ratios, never asserts
// on wall time (machines are noisy).
//
//   dotnet run -c Release --project tests/MnistCourse.Benchmarks [-- --epochs 10]
using System.Diagnostics;
using MnistCourse.Data;
using MnistCourse.Runtime;
using MnistCourse.Training;
using static TorchSharp.torch;

int epochs = args.Length == 2 && args[0] == "--epochs" ? int.Parse(args[1]) : 10;
TorchRuntime.EnsureLoaded(threads: 1);
using var data = MnistLikeData.Load("fashion-mnist");
Console.WriteLine($"Data: {data.Location}; {epochs} epochs per loop; 1 torch thread");

var options = new TrainingOptions { Epochs = epochs };
var baseline = new List<double>();
var collated = new List<double>();
var library = new List<double>();
var rss = new List<double>();

// Alternate the two loops epoch by epoch so that both see the same machine load.
var literalTrainer = Trainer.ForSimpleNet(options, CPU);
var collatingTrainer = Trainer.ForSimpleNet(options, CPU);
var trainer = Trainer.ForSimpleNet(options, CPU);
for (int epoch = 1; epoch <= epochs; epoch++)
{
    baseline.Add(Time(() => LiteralEpoch(literalTrainer, data.Train, options.BatchSize, options.Seed, epoch, collate: false)));
    collated.Add(Time(() => LiteralEpoch(collatingTrainer, data.Train, options.BatchSize, options.Seed, epoch, collate: true)));
    library.Add(Time(() => trainer.TrainEpoch(data.Train, epoch)));
    GC.Collect();
    rss.Add(Memory("VmRSS"));
    Console.WriteLine($"epoch {epoch,2}: literal loop {baseline[^1]:F3}s, collating loop {collated[^1]:F3}s, library loop {library[^1]:F3}s, RSS {rss[^1]:F0} MB");
}

double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
Console.WriteLine();
Console.WriteLine($"training s/epoch (median): library {Median(library):F3}, literal {Median(baseline):F3}, collating {Median(collated):F3}");
Console.WriteLine($"ratios: library/literal {Median(library) / Median(baseline):F2}, library/collating {Median(library) / Median(collated):F2}");
Console.WriteLine($"peak RSS {Memory("VmHWM"):F0} MB; RSS after epoch 2 {rss[Math.Min(1, rss.Count - 1)]:F0} MB, after the last epoch {rss[^1]:F0} MB (growth {rss[^1] - rss[Math.Min(1, rss.Count - 1)]:F0} MB)");

static double Time(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed.TotalSeconds;
}

static double Memory(string field) =>
    double.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;

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
