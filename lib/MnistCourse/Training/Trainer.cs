using System.Collections.ObjectModel;
using System.Diagnostics;
using MnistCourse.Data;
using MnistCourse.Models;
using TorchSharp;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>
/// The source's training loop (chapter 3.3), once: train then validate each epoch, and report to listeners.
/// It is the loop notebook 06 writes by hand, line for line, with differences for speed, not meaning: the
/// loss and correct counts stay on the device until the epoch ends (a loss.item() per batch would make the
/// CPU wait for every batch); gradients are cleared as PyTorch 2's optimizer.zero_grad() clears them, by setting
/// them to none (TorchSharp's zero_grad() fills them with zeros, and backward then adds to the zeros); and the
/// predicted class is argmax, max's index without its values. The arithmetic is the hand-written loop's, so both
/// print the same digits.
/// </summary>
public sealed class Trainer
{
    readonly List<EpochResult> history = new();

    /// <param name="options">The loop's settings (epochs, batch size, seed, schedule); the defaults are the source's.</param>
    /// <param name="criterion">The loss; CrossEntropyLoss when left out, as in the source.</param>
    public Trainer(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Device device, TrainingOptions? options = null, Module<Tensor, Tensor, Tensor>? criterion = null)
    {
        Model = Arguments.NotNull(model);
        Optimizer = Arguments.NotNull(optimizer);
        Device = Arguments.NotNull(device);
        Options = options ?? new TrainingOptions();
        Options.Validate();
        Criterion = criterion ?? CrossEntropyLoss();
        Schedule = Options.Schedule == ScheduleKind.None ? null : new LearningRateSchedule(optimizer, Options);
        History = history.AsReadOnly();
    }

    public Module<Tensor, Tensor> Model { get; }
    public optim.Optimizer Optimizer { get; }
    public Module<Tensor, Tensor, Tensor> Criterion { get; }
    public Device Device { get; }
    /// <summary>The loop's settings: Fit trains Options.Epochs epochs of Options.BatchSize, shuffled by Options.Seed.</summary>
    public TrainingOptions Options { get; }
    /// <summary>Stepped after every epoch (from Options.Schedule); null keeps the learning rate fixed.</summary>
    public LearningRateSchedule? Schedule { get; }
    public List<ITrainingListener> Listeners { get; } = new();
    /// <summary>Every finished epoch so far (a live, read-only view; Fit returns a snapshot).</summary>
    public IReadOnlyList<EpochResult> History { get; }

    /// <summary>The data of the current (or last) Fit, when it was given as one data set (null for a pair of splits).</summary>
    public MnistLikeData? Data { get; private set; }
    /// <summary>The splits of the current (or last) Fit: listeners read the data set, its classes and the validation images from them.</summary>
    public DataSplit? Train { get; private set; }
    public DataSplit? Validation { get; private set; }

    /// <summary>The per-batch training losses of the last epoch (read with the epoch's one sync).</summary>
    public float[] LastBatchLosses { get; private set; } = Array.Empty<float>();

    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;

    /// <summary>
    /// The source's chapter 2 in one call: seeds the weights with options.Seed, builds SimpleNet (its input and
    /// output sizes default to MNIST's 784 and 10), moves it to <paramref name="device"/>, and pairs it with
    /// CrossEntropyLoss and the recipe's optimizer (the source's SGD(lr=0.01, momentum=0.9) when left out).
    /// </summary>
    public static Trainer ForSimpleNet(TrainingOptions options, Device device, SimpleNetRecipe? recipe = null, int inputSize = 784, int numClasses = 10)
    {
        Arguments.NotNull(options);
        Arguments.NotNull(device);
        Arguments.AtLeast(inputSize, 1);
        Arguments.AtLeast(numClasses, 1);
        options.Validate();
        recipe ??= new SimpleNetRecipe();
        recipe.Validate();
        torch.manual_seed(options.Seed);
        var model = new SimpleNet(inputSize, recipe.Hidden, numClasses).to(device);
        return new Trainer(model, recipe.CreateOptimizer(model.parameters()), device, options);
    }

    /// <summary>
    /// Trains epochs firstEpoch..Options.Epochs, validating on data.Validation after each, and returns a
    /// snapshot of the history. A resumed run passes the epoch after the last finished one (see <see cref="Checkpoint"/>).
    /// </summary>
    public IReadOnlyList<EpochResult> Fit(MnistLikeData data, int firstEpoch = 1, CancellationToken cancel = default)
    {
        Arguments.NotNull(data);
        CheckFit(data.Train, data.Validation, firstEpoch, "data.Train", "data.Validation");
        Data = data;
        return Run(data.Train, data.Validation, firstEpoch, cancel);
    }

    /// <summary>Fit on any pair of splits (for example a small part of the training set).</summary>
    public IReadOnlyList<EpochResult> Fit(DataSplit train, DataSplit validation, int firstEpoch = 1, CancellationToken cancel = default)
    {
        CheckFit(train, validation, firstEpoch, nameof(train), nameof(validation));
        Data = null;
        return Run(train, validation, firstEpoch, cancel);
    }

    /// <summary>Epochs count from 1; firstEpoch = Options.Epochs + 1 (a finished run) trains none.</summary>
    void CheckFit(DataSplit? train, DataSplit? validation, int firstEpoch, string trainName, string validationName)
    {
        CheckSplit(train, trainName);
        CheckSplit(validation, validationName);
        Arguments.AtLeast(firstEpoch, 1);
        Arguments.AtMost(firstEpoch, Options.Epochs + 1);
    }

    /// <summary>Not empty, and images as wide as the model's input (else libtorch fails in a matrix product).</summary>
    void CheckSplit([System.Diagnostics.CodeAnalysis.NotNull] DataSplit? split, string name)
    {
        // An empty split would give NaN (0 / 0) losses.
        Arguments.NotNull(split, name);
        Arguments.Require(split.Count > 0, name, "{0} holds no images; pass a split with at least one", name);
        if (Model is SimpleNet net)
        {
            long[] shape = split.ImageShape;
            Arguments.Require(shape.Length == 2 && shape[1] == net.InputSize, name,
                "{0} has images of {1} values, but the model takes {2}; pass data of the model's input size", name, shape.Length == 2 ? shape[1] : -1, net.InputSize);
        }
    }

    /// <summary>
    /// The epochs, then OnTrainingEnd; however the epochs stop instead (an exception, a cancellation, a diverged
    /// loss, a listener that threw), every listener hears OnFitFailed before the exception goes on to the caller.
    /// </summary>
    IReadOnlyList<EpochResult> Run(DataSplit train, DataSplit validation, int firstEpoch, CancellationToken cancel)
    {
        Train = train;
        Validation = validation;
        try
        {
            int epochs = Options.Epochs;
            for (int epoch = firstEpoch; epoch <= epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                double lr = LearningRate;
                (double trainLoss, double trainAcc) = TrainEpoch(train, epoch, cancel);
                (double valLoss, double valAcc) = Evaluate(validation);
                var result = new EpochResult(epoch, epochs, trainLoss, trainAcc, valLoss, valAcc, lr, clock.Elapsed.TotalSeconds);
                history.Add(result);
                Schedule?.Step(result);
                foreach (var listener in Listeners) listener.OnEpochEnd(this, result);
            }
        }
        catch (Exception failure)
        {
            foreach (var listener in Listeners) listener.OnFitFailed(this, failure);
            throw;
        }
        var snapshot = Array.AsReadOnly(history.ToArray());
        foreach (var listener in Listeners) listener.OnTrainingEnd(this, snapshot);
        return snapshot;
    }

    /// <summary>What this trainer runs, read from its objects: the model, the optimizer, the schedule, the loop's settings, the data of the last Fit, the device.</summary>
    public RunDescription Describe() => RunDescription.Of(this);

    /// <summary>
    /// One pass over the training split in epoch <paramref name="epoch"/>'s shuffle order (Options.Seed,
    /// Options.BatchSize). Returns mean loss and accuracy (%).
    /// </summary>
    public (double Loss, double Accuracy) TrainEpoch(DataSplit train, int epoch, CancellationToken cancel = default)
    {
        CheckSplit(train, nameof(train));
        Arguments.AtLeast(epoch, 1);
        var loader = new DataLoader(train, Options.BatchSize, shuffle: true, seed: Options.Seed) { Epoch = epoch };
        int batches = loader.Count;
        foreach (var listener in Listeners) listener.OnEpochStart(this, epoch, batches);

        Model.train();
        var parameters = Optimizer.parameters().ToArray();
        using var batchLosses = zeros(batches, dtype: ScalarType.Float32, device: Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: Device);
        int b = 0;
        foreach (var batch in loader)
        {
            cancel.ThrowIfCancellationRequested();
            // Everything created for this batch is freed at the end of it, so memory stays flat.
            using (NewDisposeScope())
            {
                var inputs = batch.Inputs.to(Device);
                var labels = batch.Labels.to(Device);
                inputs = inputs.view(inputs.size(0), -1);

                var outputs = Model.forward(inputs);
                var loss = Criterion.forward(outputs, labels);

                ClearGradients(parameters);
                loss.backward();
                Optimizer.step();

                batchLosses[b] = loss.detach();
                correct.add_(outputs.argmax(1).eq(labels).sum());
            }
            b++;
            foreach (var listener in Listeners) listener.OnBatchEnd(this, epoch, b, batches);
        }

        // The epoch's one synchronisation with the device.
        float[] losses = batchLosses.cpu().data<float>().ToArray();
        LastBatchLosses = losses;
        for (int i = 0; i < batches; i++)
            if (!float.IsFinite(losses[i])) throw new TrainingDivergedException(epoch, i + 1, batches, losses[i]);
        return (MeanLoss(losses, train.Count, Options.BatchSize), 100.0 * correct.item<long>() / train.Count);
    }

    /// <summary>
    /// optimizer.zero_grad() as PyTorch 2 does it (set_to_none=True): no gradient until backward writes a fresh one.
    /// The same numbers as filling zeros, with two passes over every parameter fewer per batch (about 9% of an epoch
    /// on the CPU).
    /// </summary>
    static void ClearGradients(TorchSharp.Modules.Parameter[] parameters)
    {
        foreach (var p in parameters) p.grad = null;
    }

    /// <summary>The source's validation loop: eval mode, no gradients, batches in file order. Returns mean loss and accuracy (%).</summary>
    public (double Loss, double Accuracy) Evaluate(DataSplit data)
    {
        CheckSplit(data, nameof(data));
        Model.eval();
        using var _ = no_grad();
        var loader = new DataLoader(data, Options.BatchSize);
        using var batchLosses = zeros(loader.Count, dtype: ScalarType.Float32, device: Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: Device);
        int b = 0;
        foreach (var batch in loader)
        {
            using (NewDisposeScope())
            {
                var inputs = batch.Inputs.to(Device);
                var labels = batch.Labels.to(Device);
                inputs = inputs.view(inputs.size(0), -1);
                var outputs = Model.forward(inputs);
                var loss = Criterion.forward(outputs, labels);
                batchLosses[b++] = loss;
                correct.add_(outputs.argmax(1).eq(labels).sum());
            }
        }
        float[] losses = batchLosses.cpu().data<float>().ToArray();
        return (MeanLoss(losses, data.Count, Options.BatchSize), 100.0 * correct.item<long>() / data.Count);
    }

    /// <summary>
    /// Σ loss·batch size / N, in the hand-written loop's arithmetic (`runningLoss += loss.item&lt;float&gt;() *
    /// inputs.size(0)`: a float product added to a double), so both print the same digits.
    /// </summary>
    static double MeanLoss(float[] losses, int count, int batchSize)
    {
        double sum = 0.0;
        for (int b = 0; b < losses.Length; b++)
        {
            long size = Math.Min(batchSize, count - (long)b * batchSize);
            sum += losses[b] * size;
        }
        return sum / count;
    }

    /// <summary>Replaces the history with a checkpoint's (see <see cref="Checkpoint.Restore"/>).</summary>
    internal void RestoreHistory(IEnumerable<EpochResult> earlier)
    {
        history.Clear();
        history.AddRange(earlier);
    }
}
