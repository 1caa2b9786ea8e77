using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Course;

/// <summary>Chapter 04's exercise: one training step on a batch, returning the loss.</summary>
public delegate Tensor TrainStep(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, optim.Optimizer optimizer, Tensor inputs, Tensor labels);

/// <summary>
/// Judges the exercises where the learner writes code: each check runs the learner's code on inputs of its own
/// and compares what it does with the library's answer, so any code that behaves right passes, however written.
/// A null answer is "not answered yet", as in <see cref="Exercise"/>.
/// </summary>
public static class CodeExercise
{
    /// <summary>00: batches per epoch for a number of images and a batch size (the last batch may be smaller).</summary>
    public static string BatchCount(string name, Func<int, int, int>? batchesPerEpoch, string hint) => Judge(name, batchesPerEpoch, hint, f =>
    {
        foreach (var (count, size) in new[] { (60_000, 64), (10_000, 64), (128, 64), (1, 64), (100, 7) })
        {
            int expected = (count + size - 1) / size, got = f(count, size);
            if (got != expected) return $"{count:N0} images in batches of {size} gave {got}, not {expected}";
        }
        return null;
    }, "right for 60,000, 10,000, 128, 1 and 100 images");

    /// <summary>01: a network 784 -> 256 -> ReLU -> 128 -> ReLU -> 10.</summary>
    public static string TwoHiddenLayers(string name, nn.Module<Tensor, Tensor>? model, string hint) => Judge(name, model, hint, m =>
    {
        using var scope = NewDisposeScope();
        var shape = m.forward(randn(5, 784)).shape;
        if (!shape.SequenceEqual(new long[] { 5, 10 })) return $"a batch of 5 images gave scores shaped [{string.Join(", ", shape)}], not [5, 10]";
        long expected = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, count = m.parameters().Sum(p => p.numel());
        return count == expected ? null : $"it has {count:N0} parameters; 784 -> 256 -> 128 -> 10 has {expected:N0}";
    }, "784 -> 256 -> 128 -> 10, 235,146 parameters");

    /// <summary>02: the tutorial's device line, cuda if available else cpu.</summary>
    public static string TutorialDevice(string name, Device? device, string hint) => Judge(name, device, hint, d =>
    {
        var expected = cuda.is_available() ? CUDA : CPU;
        return d.type == expected.type ? null : $"it chose {d.type}, but this machine's answer is {expected.type}";
    }, "the same device the tutorial's line picks here");

    /// <summary>03: cross-entropy by hand, (logits [N, C], labels [N]) -> the mean loss, a one-element tensor.</summary>
    public static string CrossEntropy(string name, Func<Tensor, Tensor, Tensor>? crossEntropy, string hint) => Judge(name, crossEntropy, hint, f =>
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var logits = randn(new long[] { 8, 10 }, generator: generator) * 3;
        var labels = randint(0, 10, new long[] { 8 }, generator: generator);
        float expected = nn.functional.cross_entropy(logits, labels).item<float>();
        var got = f(logits, labels);
        if (got.numel() != 1) return $"it returned a tensor shaped [{string.Join(", ", got.shape)}]; the loss is one number (the mean)";
        float value = got.to_type(ScalarType.Float32).item<float>();
        return Math.Abs(value - expected) <= 1e-5 ? null : $"it gave {value.ToString("G6", CultureInfo.InvariantCulture)} where CrossEntropyLoss gives {expected.ToString("G6", CultureInfo.InvariantCulture)}";
    }, "it matches nn.CrossEntropyLoss on random scores");

    /// <summary>04: one training step; compared, loss by loss, with the tutorial's step over several batches.</summary>
    public static string TrainingStep(string name, TrainStep? step, string hint) => Judge(name, step, hint, learner =>
    {
        float[] expected = Run(Reference), got = Run(learner);
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(got[i] - expected[i]) > 1e-5)
                return $"step {i + 1} gave loss {got[i].ToString("F4", CultureInfo.InvariantCulture)} where the tutorial's step gives {expected[i].ToString("F4", CultureInfo.InvariantCulture)} ({Losses(got)} instead of {Losses(expected)})";
        return null;

        static Tensor Reference(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, optim.Optimizer optimizer, Tensor inputs, Tensor labels)
        {
            var loss = criterion.forward(model.forward(inputs), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss;
        }

        static float[] Run(TrainStep trainStep)
        {
            manual_seed(3);
            var model = new SimpleNet();
            var optimizer = optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9);
            var criterion = nn.CrossEntropyLoss();
            using var generator = new Generator(11);
            var inputs = randn(new long[] { 64, 784 }, generator: generator);
            var labels = randint(0, 10, new long[] { 64 }, generator: generator);
            var losses = new float[8];
            for (int i = 0; i < losses.Length; i++)
                using (NewDisposeScope()) losses[i] = trainStep(model, criterion, optimizer, inputs, labels).item<float>();
            return losses;
        }

        static string Losses(float[] losses) => string.Join(" ", losses.Select(l => l.ToString("F2", CultureInfo.InvariantCulture)));
    }, "the loss falls step by step exactly as with the tutorial's step");

    /// <summary>05: a validation pass, (model, split) -> (mean loss, accuracy in %), matching Trainer.Evaluate to 1e-6.</summary>
    public static string Validate(string name, Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)>? validate, string hint) => Judge(name, validate, hint, f =>
    {
        manual_seed(5);
        var model = new SimpleNet();
        using var generator = new Generator(13);
        using var split = new DataSplit(randn(new long[] { 1000, 784 }, generator: generator), randint(0, 10, new long[] { 1000 }, generator: generator));
        var expected = new Trainer(model, optim.SGD(model.parameters(), 0.01), CPU).Evaluate(split);
        var weightsBefore = model.parameters().Select(p => p.detach().clone()).ToList();
        var (loss, accuracy) = f(model, split);
        if (!model.parameters().Zip(weightsBefore).All(pair => pair.First.eq(pair.Second).all().item<bool>()))
            return "it changed the weights; validation must never train";
        if (Math.Abs(loss - expected.Loss) > 1e-6 || Math.Abs(accuracy - expected.Accuracy) > 1e-6)
            return string.Create(CultureInfo.InvariantCulture, $"it gave loss {loss:F6}, accuracy {accuracy:F2}% where trainer.Evaluate gives {expected.Loss:F6}, {expected.Accuracy:F2}%");
        return null;
    }, "it matches trainer.Evaluate to 1e-6 on 1,000 images (the last batch smaller)");

    /// <summary>06: predictions of a trained model, (model, images) -> class indices; the model here has Dropout.</summary>
    public static string Predict(string name, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>? predict, string hint) => Judge(name, predict, hint, f =>
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10));
        using var generator = new Generator(17);
        var images = randn(new long[] { 200, 784 }, generator: generator);
        model.eval();
        Tensor expected;
        using (no_grad()) expected = model.forward(images).argmax(1);
        model.train();                                   // as a training loop leaves it
        var got = f(model, images);
        if (!got.shape.SequenceEqual(new long[] { 200 })) return $"200 images gave a result shaped [{string.Join(", ", got.shape)}], not one class per image [200]";
        long same = got.to_type(ScalarType.Int64).eq(expected).sum().item<long>();
        return same == 200 ? null : $"{200 - same} of 200 predictions differ from the model's real answers";
    }, "one class per image, the same as the model gives in evaluation mode");

    /// <summary>07: the learning rate each epoch (from 1) trains with under StepLR(step_size 5, gamma 0.5), starting at 0.01.</summary>
    public static string StepLR(string name, Func<int, double>? learningRateAt, string hint) => Judge(name, learningRateAt, hint, f =>
    {
        var weight = zeros(1).requires_grad_();
        var optimizer = optim.SGD(new[] { new TorchSharp.Modules.Parameter(weight) }, learningRate: 0.01);
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 5, gamma: 0.5);
        for (int epoch = 1; epoch <= 30; epoch++)
        {
            double expected = optimizer.ParamGroups.First().LearningRate, got = f(epoch);
            if (Math.Abs(got - expected) > 1e-12) return string.Create(CultureInfo.InvariantCulture, $"epoch {epoch} got {got:G6}, StepLR gives {expected:G6}");
            scheduler.step();
        }
        return null;
    }, "the same rates as TorchSharp's StepLR for epochs 1 to 30");

    /// <summary>07: flatten a batch of pictures [N, 1, 28, 28] into rows [N, 784], image by image.</summary>
    public static string Flatten(string name, Func<Tensor, Tensor>? flatten, string hint) => Judge(name, flatten, hint, f =>
    {
        using var scope = NewDisposeScope();
        foreach (int n in new[] { 3, 64 })
        {
            var pictures = rand(n, 1, 28, 28);
            var got = f(pictures);
            if (!got.shape.SequenceEqual(new long[] { n, 784 })) return $"[{n}, 1, 28, 28] became [{string.Join(", ", got.shape)}], not [{n}, 784]";
            if (!got.eq(pictures.reshape(n, 784)).all().item<bool>()) return "the shape is right but the pixels are not in each image's row";
        }
        return null;
    }, "[3, 1, 28, 28] and [64, 1, 28, 28] become rows of 784");

    /// <summary>08: a Sequential whose layers fit together, 784 in, 10 scores out.</summary>
    public static string FittingLayers(string name, nn.Module<Tensor, Tensor>? model, string hint) => Judge(name, model, hint, m =>
    {
        using var scope = NewDisposeScope();
        var shape = m.forward(randn(4, 784)).shape;
        return shape.SequenceEqual(new long[] { 4, 10 }) ? null : $"a batch of 4 gave [{string.Join(", ", shape)}], not [4, 10]";
    }, "a batch of 4 images goes through and comes out as [4, 10]");

    /// <summary>Runs the check; an exception from the learner's code is a wrong answer that shows its message.</summary>
    static string Judge<T>(string name, T? answer, string hint, Func<T, string?> problem, string passed) where T : class
    {
        if (answer is null) return Exercise.Unanswered(name, hint);
        string? wrong;
        try { wrong = problem(answer); }
        catch (Exception e) { wrong = $"it threw {e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}"; }
        // The texts are keyed in English, as the notebooks' code is in both editions; Texts translates them.
        return wrong is null
            ? Texts.Format("✅ {0}: right, {1}.", Texts.Localize(name), Texts.Localize(passed))
            : Texts.Format("❌ {0}: not yet, {1}. Hint: {2}", Texts.Localize(name), Texts.Localize(wrong), Texts.Localize(hint));
    }

    static string Judge(string name, Device? answer, string hint, Func<Device, string?> problem, string passed) =>
        Judge<Device>(name, answer, hint, problem, passed);
}
