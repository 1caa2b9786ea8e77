// Speed and memory of the course's epoch, against two references measured in the same run on this machine:
// (1) a tuned PyTorch loop (peer/pytorch_epoch.py: Debian's torch with OpenBLAS, one thread), the same SimpleNet,
// SGD, batch size, seed and data files; (2) the compute floor: the epoch's matrix products alone (ComputeFloor).
// Course, peer and floor epochs alternate, in a rotating order, so that all three see the same machine load, and
// the ratios are of medians. Then the peak memory of `mnist-course train`. Prints, never asserts on time.
//
//   bash environment/benchmark.sh [--epochs N] [--tutorial-loops]   (installs the peer's packages, builds, runs)
using System.Diagnostics;
using MnistCourse.Benchmarks;
using MnistCourse.Data;
using MnistCourse.Runtime;
using MnistCourse.Training;
using static TorchSharp.torch;

int epochs = 10;
bool tutorialLoops = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--epochs" && i + 1 < args.Length && int.TryParse(args[i + 1], out epochs) && epochs >= 1) i++;
    else if (args[i] == "--tutorial-loops") tutorialLoops = true;
    else
    {
        Console.Error.WriteLine($"unknown or bad argument '{args[i]}'; usage: [--epochs N (N >= 1)] [--tutorial-loops]");
        return 2;
    }
}

TorchRuntime.EnsureLoaded(threads: 1);
const string dataset = "fashion-mnist";
using var data = MnistLikeData.Load(dataset);
Console.WriteLine($"Data: {data.Location}; {epochs} epochs of each; 1 torch thread; {Environment.ProcessorCount} CPUs");
if (tutorialLoops)
{
    TutorialLoops.Run(data, epochs);
    return 0;
}

var options = new TrainingOptions { Epochs = epochs };
var trainer = Trainer.ForSimpleNet(options, CPU);
using var floor = new ComputeFloor(data.Train.Count, data.Validation.Count, options.BatchSize);
using var peer = new PyTorchPeer(data.Location, options.Seed);
Console.WriteLine($"PyTorch peer: {peer.Description}");

var train = new List<double>();
var validation = new List<double>();
var course = new List<double>();
var peerTimes = new List<double>();
var floorTimes = new List<double>();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    (double Loss, double Accuracy) courseTrain = default, courseValidation = default, peerResult = default;
    // Rotate who goes first, so that none always runs right after the others warmed (or evicted) the caches.
    var steps = new Action[]
    {
        () =>
        {
            var clock = Stopwatch.StartNew();
            courseTrain = trainer.TrainEpoch(data.Train, epoch);
            train.Add(clock.Elapsed.TotalSeconds);
            courseValidation = trainer.Evaluate(data.Validation);
            course.Add(clock.Elapsed.TotalSeconds);
            validation.Add(course[^1] - train[^1]);
        },
        () =>
        {
            var (seconds, loss, accuracy) = peer.Epoch(epoch);
            peerTimes.Add(seconds);
            peerResult = (loss, accuracy);
        },
        () =>
        {
            var clock = Stopwatch.StartNew();
            floor.Epoch();
            floorTimes.Add(clock.Elapsed.TotalSeconds);
        },
    };
    for (int s = 0; s < steps.Length; s++) steps[(s + epoch) % steps.Length]();
    Console.WriteLine($"epoch {epoch,2}: course {course[^1]:F3}s (train {train[^1]:F3} + validation {validation[^1]:F3}; loss {courseTrain.Loss:F4}, acc {courseTrain.Accuracy:F2}%), " +
                      $"peer train {peerTimes[^1]:F3}s (loss {peerResult.Loss:F4}, acc {peerResult.Accuracy:F2}%), floor {floorTimes[^1]:F3}s");
}

double courseMedian = Stats.Median(course), peerMedian = Stats.Median(peerTimes), floorMedian = Stats.Median(floorTimes);
Console.WriteLine();
Console.WriteLine($"s/epoch (median of {epochs}): course {courseMedian:F3} (train {Stats.Median(train):F3}, validation {Stats.Median(validation):F3}), " +
                  $"PyTorch peer (training only) {peerMedian:F3}, floor (matrix products of train + validation) {floorMedian:F3}");
Console.WriteLine($"course epoch / peer training epoch: {courseMedian / peerMedian:F2} (target <= 0.80)");
Console.WriteLine($"course epoch / compute floor:       {courseMedian / floorMedian:F2} (target <= 1.50)");

var (peakMb, output) = PeakMemory.OfTraining(dataset, epochs: 10);
Console.WriteLine($"peak RSS of `mnist-course train --dataset {dataset} --epochs 10`: {peakMb:F0} MB (target <= 400); its last epoch: {output.LastOrDefault(l => l.StartsWith("Epoch [", StringComparison.Ordinal)) ?? "none"}");
return 0;
