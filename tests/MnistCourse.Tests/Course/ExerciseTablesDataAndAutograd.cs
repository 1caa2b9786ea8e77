using MnistCourse.Course.Exercises;
using MnistCourse.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MnistCourse.Tests.Course.ExerciseTables;   // Table: the same right/wrong table as every exercise

namespace MnistCourse.Tests.Course;

/// <summary>
/// The specification of the data exercise (01 Exercise 5: normalise pixel bytes) and the autograd exercise (03 Exercise
/// 5: one SGD step by hand): right answers in several styles (✅) and plausible wrong ones (❌, each with the words its
/// reason must contain), run through the check the notebook calls. A misjudged answer belongs in these tables.
/// </summary>
public sealed class ExerciseTablesDataAndAutograd
{
    public ExerciseTablesDataAndAutograd() => Torch.Init();

    // 01 Exercise 5 ----------------------------------------------------------------------------------------------
    static Tensor Floats(byte[] pixels) => tensor(pixels).view(-1, 784).to_type(ScalarType.Float32);

    [Fact]
    public void Chapter01_exercise5_normalise()
    {
        Table<Normalise>(Chapter01.Exercise5,
            new Normalise[]
            {
                (pixels, mean, std) => (tensor(pixels).view(-1, 784).to_type(ScalarType.Float32) / 255 - mean) / std,
                (pixels, mean, std) => tensor(pixels, new long[] { pixels.Length / 784, 784 }).@float().div(255).sub(mean).div(std),
                // managed arithmetic first, then one tensor
                (pixels, mean, std) => tensor(pixels.Select(b => (b / 255f - mean) / std).ToArray()).reshape(-1, 784),
                // the same formula rearranged: (b − 255·mean) / (255·std)
                (pixels, mean, std) => (tensor(pixels).@float() - 255 * mean).div(255 * std).view(pixels.Length / 784, 784),
                // ToTensor's [N, 1, 28, 28] first, flattened at the end
                (pixels, mean, std) => ((tensor(pixels).view(-1, 1, 28, 28) / 255 - mean) / std).flatten(1),
            },
            ((pixels, mean, std) => (Floats(pixels) - mean) / std, "never divided by 255"),
            ((pixels, mean, std) => Floats(pixels) / 255, "stopped after /255"),
            ((pixels, mean, std) => (Floats(pixels) / 255 - std) / mean, "swapped"),
            ((pixels, mean, std) => Floats(pixels) / 255 - mean / std, "brackets"),
            ((pixels, mean, std) => (Floats(pixels) / 255 - 0.1307f) / 0.3081f, "fixed constants"),
            ((pixels, mean, std) => (Floats(pixels) / 256 - mean) / std, "divided by 256"),
            ((pixels, mean, std) => Floats(pixels) / 255 * std + mean, "undoes Normalize"),
            ((pixels, mean, std) => (Floats(pixels) / 255 - mean) / std * 2, "a pixel of"),
            ((pixels, mean, std) => ((Floats(pixels) / 255 - mean) / std).view(-1, 1, 28, 28), "the shape ToTensor() gives"),
            ((pixels, mean, std) => ((Floats(pixels) / 255 - mean) / std).flatten(), "not ["),
            ((pixels, mean, std) => ((Floats(pixels) / 255 - mean) / std).to_type(ScalarType.Float64), "float32"),
            ((pixels, mean, std) => tensor(pixels).view(-1, 784), "float32"),
            ((pixels, mean, std) => throw new IndexOutOfRangeException("boom"), "threw IndexOutOfRangeException"));
    }

    // 03 Exercise 5 ----------------------------------------------------------------------------------------------
    [Fact]
    public void Chapter03_exercise5_sgd_step()
    {
        Table<SgdStep>(Chapter03.Exercise5,
            new SgdStep[]
            {
                (parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.sub_(lr * p.grad!); },
                // the optimizer's own spelling: one fused multiply-add
                (parameters, lr) => { using var off = no_grad(); foreach (var p in parameters) p.add_(p.grad!, alpha: -lr); },
                // PyTorch's p.data: a detached view shares the parameter's storage, so no no_grad is needed
                (parameters, lr) => { foreach (var p in parameters) p.detach().sub_(p.grad! * lr); },
                (parameters, lr) => { using (no_grad()) foreach (var p in parameters.ToList()) p.copy_(p - lr * p.grad!); },
            },
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.add_(lr * p.grad!); }, "uphill"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) { var q = p - lr * p.grad!; } }, "none of the 3 parameters changed"),
            ((parameters, lr) => { foreach (var p in parameters) p.sub_(lr * p.grad!); }, "under no_grad()"),
            ((parameters, lr) => { using (no_grad()) { var p = parameters.First(); p.sub_(lr * p.grad!); } }, "only the first"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.sub_(p.grad!); }, "the whole gradient"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.sub_(lr * lr * p.grad!); }, "optimizer.step() makes it"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters.Take(2)) p.sub_(lr * p.grad!); }, "parameter 3 of 3"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) { p.sub_(lr * p.grad!); p.requires_grad = false; } }, "no longer requires grad"),
            ((parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.clone().sub_(lr * p.grad!); }, "in place"));
    }
}

/// <summary>The same two exercises speak Chinese in the Chinese edition: reasons, hints and solutions.</summary>
public sealed class ChineseFeedbackDataAndAutograd : IDisposable
{
    // Chinese for this test's own flow only (the UI culture), so it runs beside English tests.
    readonly IDisposable chinese;

    public ChineseFeedbackDataAndAutograd()
    {
        Torch.Init();
        chinese = MnistCourse.Localization.CourseLanguage.Scope("zh");
    }

    public void Dispose() => chinese.Dispose();

    [Fact]
    public void The_data_and_autograd_exercises_answer_in_Chinese()
    {
        string scaledOnly = Chapter01.Exercise5((pixels, mean, std) => tensor(pixels).view(-1, 784).to_type(ScalarType.Float32) / 255);
        Assert.StartsWith("❌ 练习 5：还不对：它在 /255 之后就停了", scaledOnly);
        Assert.Contains("提示：先像 ToTensor() 那样", scaledOnly);
        Assert.StartsWith("✅ 练习 5：答对了", Chapter01.Exercise5((pixels, mean, std) => (tensor(pixels).view(-1, 784).to_type(ScalarType.Float32) / 255 - mean) / std));
        Assert.Contains("ToTensor()：0..255", Chapter01.Solution(5));

        string noNoGrad = Chapter03.Exercise5((parameters, lr) => { foreach (var p in parameters) p.sub_(lr * p.grad!); });
        Assert.StartsWith("❌ 练习 5：还不对：", noNoGrad);
        Assert.Contains("除非在 no_grad() 之下", noNoGrad);
        Assert.StartsWith("✅ 练习 5：答对了", Chapter03.Exercise5((parameters, lr) => { using (no_grad()) foreach (var p in parameters) p.sub_(lr * p.grad!); }));
        Assert.Contains("// 原地修改", Chapter03.Solution(5));
    }
}
