using System.Diagnostics;
using MnistCourse.Data;
using MnistCourse.Models;
using TorchSharp;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>
/// The source's training loop (chapter 3), once: train then validate each epoch, and report to listeners.
/// Two things differ from the Python for speed, not meaning: batches are slices of whole-split tensors,
/// and the loss and correct counts stay on the device until the epoch ends (a loss.item() per batch would
/// make the CPU wait for every batch).
/// </summary>
public sealed class Trainer
{
    public Trainer(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Device device, Module<Tensor, Tensor, Tensor>? criterion = null, LearningRateSchedule? schedule = null)
    {
        Model = model;
        Optimizer = optimizer;
        Device = device;
        Criterion = criterion ?? CrossEntropyLoss();
        Schedule = schedule;
    }

    public Module<Tensor, Tensor> Model { get; }
    public optim.Optimizer Optimizer { get; }
    public Module<Tensor, Tensor, Tensor> Criterion { get; }
    /// <summary>Stepped after every epoch; null keeps the learning rate fixed.</summary>
    public LearningRateSchedule? Schedule { get; }
    public Device Device { get; }
    public List<ITrainingListener> Listeners { get; } = new();
    public List<EpochResult> History { get; } = new();

    /// <summary>The per-batch training losses of the last epoch (read with the epoch's one sync).</summary>
    public float[] LastBatchLosses { get; private set; } = Array.Empty<float>();

    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;

    /// <summary>SimpleNet, CrossEntropyLoss and SGD(lr, momentum) (or Adam), seeded, on <paramref name="device"/>: the source's chapter 2.</summary>
    public static Trainer ForSimpleNet(TrainingOptions options, Device device, int inputSize = 784, int numClasses = 10)
    {
        options.Validate();
        torch.manual_seed(options.Seed);
        var model = new SimpleNet(inputSize, options.Hidden, numClasses).to(device);
        optim.Optimizer optimizer = options.Optimizer == "adam"
            ? optim.Adam(model.parameters(), lr: options.LearningRate)
            : optim.SGD(model.parameters(), learningRate: options.LearningRate, momentum: options.Momentum);
        return new Trainer(model, optimizer, device, schedule: new LearningRateSchedule(optimizer, options));
    }

    /// <summary>
    /// Trains for epochs firstEpoch..options.Epochs, validating on data.Test after each. A resumed run passes
    /// the epoch after the last finished one (see <see cref="Checkpoint"/>).
    /// </summary>
    public IReadOnlyList<EpochResult> Fit(MnistData data, TrainingOptions options, int firstEpoch = 1, CancellationToken cancel = default) =>
        Fit(data.Train, data.Test, options, firstEpoch, cancel);

    public IReadOnlyList<EpochResult> Fit(DataSplit train, DataSplit validation, TrainingOptions options, int firstEpoch = 1, CancellationToken cancel = default)
    {
        options.Validate();
        for (int epoch = firstEpoch; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lr = LearningRate;
            (double trainLoss, double trainAcc) = TrainEpoch(train, options.BatchSize, options.Seed, epoch, options.Epochs, cancel);
            (double valLoss, double valAcc) = Evaluate(validation, options.BatchSize);
            var result = new EpochResult(epoch, options.Epochs, trainLoss, trainAcc, valLoss, valAcc, lr, clock.Elapsed.TotalSeconds);
            History.Add(result);
            Schedule?.Step(result);
            foreach (var listener in Listeners) listener.OnEpochEnd(result);
        }
        foreach (var listener in Listeners) listener.OnTrainingEnd(History);
        return History;
    }

    /// <summary>One pass over the training split in a seeded shuffle order. Returns mean loss and accuracy (%).</summary>
    public (double Loss, double Accuracy) TrainEpoch(DataSplit train, int batchSize, long seed, int epoch, int epochs, CancellationToken cancel = default)
    {
        int batches = train.BatchCount(batchSize);
        foreach (var listener in Listeners) listener.OnEpochStart(epoch, epochs, batches);

        Model.train();
        using var order = train.Shuffle(seed, epoch);
        using var batchLosses = zeros(batches, dtype: ScalarType.Float32, device: Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: Device);

        for (int b = 0; b < batches; b++)
        {
            cancel.ThrowIfCancellationRequested();
            // Everything created for this batch is freed at the end of it, so memory stays flat.
            using (NewDisposeScope())
            {
                var (inputs, labels) = train.Batch(b, batchSize, order);

                var outputs = Model.forward(inputs);
                var loss = Criterion.forward(outputs, labels);

                Optimizer.zero_grad();
                loss.backward();
                Optimizer.step();

                batchLosses[b] = loss.detach();
                correct.add_(outputs.argmax(1).eq(labels).sum());
            }
            foreach (var listener in Listeners) listener.OnBatchEnd(epoch, b + 1, batches);
        }

        // The epoch's one synchronisation with the device.
        float[] losses = batchLosses.cpu().data<float>().ToArray();
        long correctCount = correct.item<long>();
        LastBatchLosses = losses;

        double lossSum = 0;
        for (int b = 0; b < batches; b++)
        {
            if (!float.IsFinite(losses[b])) throw new TrainingDivergedException(epoch, b + 1, batches, losses[b]);
            int size = Math.Min(batchSize, train.Count - b * batchSize);
            lossSum += (double)losses[b] * size;
        }
        return (lossSum / train.Count, 100.0 * correctCount / train.Count);
    }

    /// <summary>The source's validation loop: eval mode, no gradients. Returns mean loss and accuracy (%).</summary>
    public (double Loss, double Accuracy) Evaluate(DataSplit data, int batchSize)
    {
        Model.eval();
        using var _ = no_grad();
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: Device);
        int batches = data.BatchCount(batchSize);
        for (int b = 0; b < batches; b++)
        {
            using (NewDisposeScope())
            {
                var (inputs, labels) = data.Batch(b, batchSize);
                var outputs = Model.forward(inputs);
                var loss = Criterion.forward(outputs, labels);
                lossSum.add_(loss.to_type(ScalarType.Float64) * inputs.shape[0]);
                correct.add_(outputs.argmax(1).eq(labels).sum());
            }
        }
        return (lossSum.item<double>() / data.Count, 100.0 * correct.item<long>() / data.Count);
    }
}
