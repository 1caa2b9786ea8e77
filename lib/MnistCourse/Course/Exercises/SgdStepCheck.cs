using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>
/// Judges a hand-written SGD step (chapter 03's exercise 5) against optim.SGD's own step(), on parameters and
/// gradients the learner never saw: several shapes, gradients from a real backward(), two learning rates.
/// </summary>
internal static class SgdStepCheck
{
    public static string? Problem(SgdStep step)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2024);
        foreach (double learningRate in new[] { 0.1, 0.03 })
        {
            var theirs = Parameters(generator);
            var reference = theirs.Select(p => new Parameter(p.detach().clone())).ToArray();
            Backward(theirs, generator, out var weights);
            Backward(reference, weights);
            var before = theirs.Select(p => p.detach().clone()).ToArray();
            var gradients = theirs.Select(p => p.grad!.clone()).ToArray();
            optim.SGD(reference, learningRate).step();

            try { step(theirs, learningRate); }
            catch (Exception e)
            {
                string threw = ExerciseSheet.Threw(e).TrimEnd('.');   // libtorch's message ends with a full stop
                return e.Message.Contains("requires grad") && e.Message.Contains("in-place")
                    ? Say.Text($"{threw}: autograd records every operation on a parameter, and refuses an in-place change to one unless it happens under no_grad()",
                               $"{threw}：autograd 会记录对参数的每一步运算，除非在 no_grad() 之下，它不允许原地修改参数")
                    : threw;
            }

            string? problem = Compare(theirs, before, gradients, reference, learningRate);
            if (problem is not null) return problem;
        }
        return null;
    }

    /// <summary>Three parameters of different shapes, as a model has (a weight matrix, a bias, something 3-D).</summary>
    static Parameter[] Parameters(Generator generator) => new[]
    {
        new Parameter(randn(new long[] { 4, 3 }, generator: generator)),
        new Parameter(randn(new long[] { 3 }, generator: generator)),
        new Parameter(randn(new long[] { 2, 2, 2 }, generator: generator)),
    };

    /// <summary>Gradients from a real backward(): the loss Σ w·p² has the gradient 2·w·p.</summary>
    static void Backward(Parameter[] parameters, Generator generator, out Tensor[] weights)
    {
        weights = parameters.Select(p => randn(p.shape, generator: generator)).ToArray();
        Backward(parameters, weights);
    }

    static void Backward(Parameter[] parameters, Tensor[] weights) =>
        parameters.Zip(weights, (p, w) => (w * p * p).sum()).Aggregate((a, b) => a + b).backward();

    static string? Compare(Parameter[] theirs, Tensor[] before, Tensor[] gradients, Parameter[] reference, double learningRate)
    {
        int n = theirs.Length;
        bool Same(Tensor a, Tensor b) => (a.detach() - b).abs().max().item<float>() <= 1e-6f;
        bool[] right = Enumerable.Range(0, n).Select(i => Same(theirs[i], reference[i])).ToArray();
        bool[] unchanged = Enumerable.Range(0, n).Select(i => theirs[i].detach().eq(before[i]).all().item<bool>()).ToArray();
        if (right.All(r => r))
        {
            int lost = Array.FindIndex(theirs, p => !p.requires_grad);
            return lost < 0 ? null
                : Say.Text($"the values are right, but parameter {lost + 1} no longer requires grad: the next backward() would give it no gradient, so it would never train again",
                           $"数值是对的，但第 {lost + 1} 个参数不再 requires grad：下一次 backward() 不会给它梯度，它就再也不会被训练了");
        }
        if (unchanged.All(u => u))
            return Say.Text($"none of the {n} parameters changed: a step that builds a new tensor (p - lr × grad, a clone) leaves the parameter itself as it was; the optimizer changes each parameter in place",
                            $"{n} 个参数一个都没变：算出一个新张量（p - lr × grad，或一份拷贝）并不会改动参数本身；优化器是原地修改每个参数的");
        if (right[0] && unchanged.Skip(1).All(u => u))
            return Say.Text($"only the first of the {n} parameters moved; the other {n - 1} are unchanged", $"{n} 个参数里只有第一个动了；其余 {n - 1} 个没有变");
        if (Enumerable.Range(0, n).All(i => Same(theirs[i], before[i] + learningRate * gradients[i])))
            return Say.Text($"every parameter moved by +lr × grad, uphill: the gradient points to where the loss grows, so SGD steps against it",
                            $"每个参数都移动了 +lr × grad，是往上坡走：梯度指向损失增大的方向，SGD 要逆着它走");
        if (Enumerable.Range(0, n).All(i => Same(theirs[i], before[i] - gradients[i])))
            return Say.Text($"every parameter moved by the whole gradient; the step is the learning rate ({learningRate}) times the gradient",
                            $"每个参数都移动了整个梯度；一步应该是学习率（{learningRate}）乘以梯度");
        int wrong = Array.FindIndex(right, r => !r);
        if (unchanged[wrong])
            return Say.Text($"parameter {wrong + 1} of {n} (shape {Say.Shape(theirs[wrong].shape)}) did not change", $"{n} 个参数中的第 {wrong + 1} 个（形状 {Say.Shape(theirs[wrong].shape)}）没有变");
        float got = theirs[wrong].detach().flatten()[0].item<float>(), want = reference[wrong].detach().flatten()[0].item<float>();
        float was = before[wrong].flatten()[0].item<float>(), grad = gradients[wrong].flatten()[0].item<float>();
        return Say.Text($"with lr {learningRate}, a weight of {Say.Number(was)} with gradient {Say.Number(grad)} became {Say.Number(got)}; optimizer.step() makes it {Say.Number(want)}",
                        $"lr 为 {learningRate} 时，一个值为 {Say.Number(was)}、梯度为 {Say.Number(grad)} 的权重变成了 {Say.Number(got)}；optimizer.step() 会把它变成 {Say.Number(want)}");
    }
}
