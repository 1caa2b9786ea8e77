using MnistCourse.Course;
using MnistCourse.Data;
using MnistCourse.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Course;

/// <summary>Each code check with no answer, right answers written in different ways, and a typical mistake.</summary>
public class CodeExerciseTests
{
    public CodeExerciseTests() => Torch.Init();

    static void Judged(Func<object?, string> check, object right, object wrong, params object[] alsoRight)
    {
        Assert.StartsWith("⏳", check(null));
        foreach (var answer in alsoRight.Prepend(right)) Assert.StartsWith("✅", check(answer));
        Assert.StartsWith("❌", check(wrong));
    }

    [Fact]
    public void Label_dtype_accepts_every_spelling_of_int64()
    {
        Judged(a => Exercise.CheckDType("E", a, ScalarType.Int64, "h"), ScalarType.Int64, "float32",
            typeof(long), "long", "int64", "torch.int64", "torch.long", " ScalarType.Int64 ");
        Assert.StartsWith("❌", Exercise.CheckDType("E", typeof(int), ScalarType.Int64, "h"));
    }

    [Fact]
    public void Batch_count_two_hidden_layers_device_and_fitting_layers()
    {
        Judged(a => CodeExercise.BatchCount("E", (Func<int, int, int>?)a, "h"),
            (Func<int, int, int>)((n, b) => (n + b - 1) / b), (Func<int, int, int>)((n, b) => n / b),
            (Func<int, int, int>)((n, b) => (int)Math.Ceiling((double)n / b)));
        Judged(a => CodeExercise.TwoHiddenLayers("E", (nn.Module<Tensor, Tensor>?)a, "h"),
            nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)),
            nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)));
        Judged(a => CodeExercise.TutorialDevice("E", (Device?)a, "h"), cuda.is_available() ? CUDA : CPU, new Device(cuda.is_available() ? DeviceType.CPU : DeviceType.CUDA),
            new Device(cuda.is_available() ? "cuda" : "cpu"));
        var misfit = CodeExercise.FittingLayers("E", nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(256, 10)), "h");
        Assert.StartsWith("❌", misfit);
        Assert.Contains("threw", misfit);   // the shape error is reported, not thrown
        Assert.StartsWith("✅", CodeExercise.FittingLayers("E", nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), "h"));
    }

    [Fact]
    public void Cross_entropy_by_hand_in_any_equivalent_form()
    {
        Judged(a => CodeExercise.CrossEntropy("E", (Func<Tensor, Tensor, Tensor>?)a, "h"),
            (Func<Tensor, Tensor, Tensor>)((x, y) => -x.log_softmax(1).gather(1, y.unsqueeze(1)).mean()),
            (Func<Tensor, Tensor, Tensor>)((x, y) => -x.gather(1, y.unsqueeze(1)).mean()),
            (Func<Tensor, Tensor, Tensor>)((x, y) => nn.functional.nll_loss(nn.functional.log_softmax(x, 1), y)),
            (Func<Tensor, Tensor, Tensor>)((x, y) => (x.exp().sum(1).log() - x.gather(1, y.unsqueeze(1)).squeeze(1)).mean()));
    }

    [Fact]
    public void Train_step_must_clear_the_gradients()
    {
        TrainStep right = (model, criterion, optimizer, inputs, labels) =>
        {
            var loss = criterion.forward(model.forward(inputs), labels);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss;
        };
        TrainStep zeroGradAfterStep = (model, criterion, optimizer, inputs, labels) =>
        {
            var loss = criterion.forward(model.forward(inputs), labels);
            loss.backward();
            optimizer.step();
            optimizer.zero_grad();   // clearing after the step is the same thing
            return loss;
        };
        TrainStep noZeroGrad = (model, criterion, optimizer, inputs, labels) =>
        {
            var loss = criterion.forward(model.forward(inputs), labels);
            loss.backward();
            optimizer.step();
            return loss;
        };
        Judged(a => CodeExercise.TrainingStep("E", (TrainStep?)a, "h"), right, noZeroGrad, zeroGradAfterStep);
    }

    [Fact]
    public void Validate_matches_evaluate_with_item_or_ToSingle_and_must_weight_by_batch_size()
    {
        Func<nn.Module<Tensor, Tensor>, DataSplit, (double, double)> Validate(bool weighted, bool toSingle) => (model, split) =>
        {
            model.eval();
            using var noGrad = no_grad();
            double loss = 0; long correct = 0; int batches = 0;
            foreach (var (inputs, labels) in new DataLoader(split, 64))
            {
                using var scope = NewDisposeScope();
                var outputs = model.forward(inputs.view(inputs.size(0), -1));
                var batchLoss = nn.functional.cross_entropy(outputs, labels);
                float value = toSingle ? batchLoss.ToSingle() : batchLoss.item<float>();
                loss += weighted ? value * inputs.size(0) : value;
                correct += outputs.argmax(1).eq(labels).sum().item<long>();
                batches++;
            }
            return (loss / (weighted ? split.Count : batches), 100.0 * correct / split.Count);
        };
        Judged(a => CodeExercise.Validate("E", (Func<nn.Module<Tensor, Tensor>, DataSplit, (double, double)>?)a, "h"),
            Validate(weighted: true, toSingle: false), Validate(weighted: false, toSingle: false), Validate(weighted: true, toSingle: true));
    }

    [Fact]
    public void Predict_flatten_and_step_lr()
    {
        Judged(a => CodeExercise.Predict("E", (Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>?)a, "h"),
            (Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>)((m, x) => { m.eval(); using (no_grad()) return m.forward(x).argmax(1); }),
            (Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>)((m, x) => m.forward(x).argmax(1)),
            (Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>)((m, x) => { m.eval(); return m.forward(x).max(1).indexes; }));
        Judged(a => CodeExercise.Flatten("E", (Func<Tensor, Tensor>?)a, "h"),
            (Func<Tensor, Tensor>)(x => x.view(x.size(0), -1)), (Func<Tensor, Tensor>)(x => x.flatten()),
            (Func<Tensor, Tensor>)(x => x.reshape(-1, 784)), (Func<Tensor, Tensor>)(x => x.flatten(1)));
        Assert.StartsWith("❌", CodeExercise.Flatten("E", x => x.transpose(2, 3).reshape(x.size(0), -1), "h"));   // right shape, wrong pixels
        Judged(a => CodeExercise.StepLR("E", (Func<int, double>?)a, "h"),
            (Func<int, double>)(e => 0.01 * Math.Pow(0.5, (e - 1) / 5)), (Func<int, double>)(e => 0.01 * Math.Pow(0.5, e / 5)),
            (Func<int, double>)(e => 0.01 / (1 << ((e - 1) / 5))));
    }
}
