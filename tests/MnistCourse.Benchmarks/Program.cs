// Speed and memory of the course's epoch, against two references measured in the same run on this machine:
// (1) a tuned PyTorch loop (peer/pytorch_epoch.py: Debian's torch with OpenBLAS, one thread), the same SimpleNet,
// SGD, batch size, seed and data files; (2) the compute floor: the epoch's matrix products alone (ComputeFloor), also
// timed in the peer's torch, whose BLAS (OpenBLAS) is not the one inside TorchSharp's libtorch (MKL).
// Course, peer and floor epochs alternate, in a rotating order, so that all of them see the same machine load, and
// the ratios are of medians, of wall time and of CPU time (steadier on a shared machine: see CpuClock). Then the peak memory of `mnist-course train`. Prints, never asserts on time.
//
//   bash environment/benchmark.sh [--epochs N] [--tutorial-loops]   (installs the peer's packages, builds, runs)
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

var train = new List<Timing>();
var validation = new List<Timing>();
var course = new List<Timing>();
var peerTimes = new List<Timing>();
var floorTimes = new List<Timing>();
var peerFloorTimes = new List<Timing>();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    (double Loss, double Accuracy) courseResult = default, peerResult = default;
    // Rotate who goes first, so that none always runs right after another warmed (or evicted) the caches.
    var steps = new Action[]
    {
        () =>
        {
            train.Add(Timing.Of(() => courseResult = trainer.TrainEpoch(data.Train, epoch)));
            validation.Add(Timing.Of(() => trainer.Evaluate(data.Validation)));
            course.Add(train[^1] + validation[^1]);
        },
        () =>
        {
            var (time, loss, accuracy) = peer.Epoch(epoch);
            peerTimes.Add(time);
            peerResult = (loss, accuracy);
        },
        () => floorTimes.Add(Timing.Of(floor.Epoch)),
        () => peerFloorTimes.Add(peer.Floor(epoch)),
    };
    for (int s = 0; s < steps.Length; s++) steps[(s + epoch) % steps.Length]();
    Console.WriteLine($"epoch {epoch,2}: course {course[^1]} = train {train[^1].Wall:F3} + validation {validation[^1].Wall:F3}; peer train {peerTimes[^1]}; floor {floorTimes[^1]}, in the peer's BLAS {peerFloorTimes[^1]}; " +
                      $"train loss/acc: course {courseResult.Loss:F4}/{courseResult.Accuracy:F2}%, peer {peerResult.Loss:F4}/{peerResult.Accuracy:F2}%");
}

Timing courseMedian = Timing.Median(course), peerMedian = Timing.Median(peerTimes), floorMedian = Timing.Median(floorTimes);
Console.WriteLine();
Console.WriteLine($"median of {epochs} epochs: course {courseMedian} (train {Timing.Median(train)}, validation {Timing.Median(validation)})");
Console.WriteLine($"                    PyTorch peer, training only: {peerMedian}; floor, the matrix products of train + validation: {floorMedian}");
Console.WriteLine($"course epoch / peer training epoch: {courseMedian.Wall / peerMedian.Wall:F2} wall, {courseMedian.Cpu / peerMedian.Cpu:F2} cpu (target <= 0.80)");
Console.WriteLine($"course epoch / compute floor:       {courseMedian.Wall / floorMedian.Wall:F2} wall, {courseMedian.Cpu / floorMedian.Cpu:F2} cpu (target <= 1.50)");
// The two BLAS libraries on this CPU: where the peer's runs the same products faster, the first ratio carries that.
Timing peerFloorMedian = Timing.Median(peerFloorTimes);
Console.WriteLine($"the same matrix products in the peer's torch and BLAS: {peerFloorMedian}; course's libtorch / peer's BLAS: {floorMedian.Wall / peerFloorMedian.Wall:F2} wall, {floorMedian.Cpu / peerFloorMedian.Cpu:F2} cpu");

var (peakMb, output) = PeakMemory.OfTraining(dataset, epochs: 10);
Console.WriteLine($"peak RSS of `mnist-course train --dataset {dataset} --epochs 10`: {peakMb:F0} MB (target <= 400); its last epoch: {output.LastOrDefault(l => l.StartsWith("Epoch [", StringComparison.Ordinal)) ?? "none"}");
return 0;
