using MnistCourse.Models;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 07's exercises: flattening, a forgotten eval(), no_grad.</summary>
public static class Chapter07
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter07), new Dictionary<int, (string, string)>
    {
        [1] = ("Func<Tensor, Tensor> flatten = pictures => pictures.view(pictures.size(0), -1);   // or pictures.flatten(1)",
               "Func<Tensor, Tensor> flatten = pictures => pictures.view(pictures.size(0), -1);   // 或 pictures.flatten(1)"),
        [2] = ("string answer3 = \"lower\";   // Dropout switches units off, so the model answers worse than it can",
               "string answer3 = \"lower\";   // Dropout 会关掉一些单元，模型答得比它的真实水平差"),
        [3] = ("Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) =>\n{\n    using (no_grad()) return model.forward(images);   // Python: with torch.no_grad():\n};",
               "Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) =>\n{\n    using (no_grad()) return model.forward(images);   // Python：with torch.no_grad():\n};"),
    });

    /// <summary>[N, 1, 28, 28] → [N, 784], image by image, for any N (1 included).</summary>
    public static string Exercise1(Func<Tensor, Tensor>? flatten) => Sheet.Check(1, flatten, f =>
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(47);
        foreach (int n in new[] { 5, 1, 64 })
        {
            var pictures = rand(new long[] { n, 1, 28, 28 }, generator: generator);
            var got = f(pictures);
            if (!got.shape.SequenceEqual(new long[] { n, 784 }))
                return Say.Text($"[{n}, 1, 28, 28] became {Say.Shape(got.shape)}, not [{n}, 784]", $"[{n}, 1, 28, 28] 变成了 {Say.Shape(got.shape)}，应为 [{n}, 784]");
            if (!got.eq(pictures.reshape(n, 784)).all().item<bool>())
                return Say.Text($"for {n} images the shape is right but the pixels are not each image's own row", $"对 {n} 张图像形状对了，但像素没有按每张图像排成自己的一行");
        }
        return null;
    }, () => Say.Text("keep the first dimension (one row per image) and let everything else become the row", "保留第一维（每张图像一行），其余各维都并进这一行"),
       _ => Say.Text("batches of 5, 1 and 64 pictures become rows of 784, pixel for pixel", "5 张、1 张和 64 张图像的批次都变成了每行 784 个数，像素一一对应"));


    public static string Exercise2(string? answer, IReadOnlyList<double> forgotEval, double withEval) => Sheet.Check(2, answer, a =>
    {
        string expected = forgotEval.Average() < withEval ? "lower" : "higher";
        string? given = AnswerText.Choice(a, inASentence: true,
            ("lower", new[] { "lower", "low", "less", "worse", "更低", "低", "偏低", "较低", "变低" }),
            ("higher", new[] { "higher", "high", "more", "better", "更高", "高", "偏高", "较高", "变高" }));
        return given == expected ? null
            : given is null ? Say.Text($"answer \"higher\" or \"lower\", not '{a.Trim()}'", $"请回答 \"higher\"（更高）或 \"lower\"（更低），而不是“{a.Trim()}”")
            : Say.Text($"section 1 measured {forgotEval.Average():F2}% on average without eval() and {withEval:F2}% with it", $"第 1 节测得：不调用 eval() 时平均 {forgotEval.Average():F2}%，调用后 {withEval:F2}%");
    }, () => Say.Text("compare the two lines section 1 printed: what does Dropout do to a model that is being measured?", "比较第 1 节打印的两行：Dropout 对正在被衡量的模型做了什么？"),
       a => a.Trim());


    /// <summary>Scores computed with no graph recorded, and nothing else changed (mode, parameters, grad mode).</summary>
    public static string Exercise3(Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>? scoresWithoutGraph) => Sheet.Check(3, scoresWithoutGraph, f =>
    {
        using var scope = NewDisposeScope();
        using var model = new ModeProbe(seed: 59);
        using var generator = new Generator(61);
        var images = randn(new long[] { 16, 784 }, generator: generator);
        model.eval();
        var expected = model.Reference(images);
        model.Forget();
        var got = f(model, images);
        if (!is_grad_enabled())
        {
            set_grad_enabled(true);   // mend the notebook before reporting
            return Say.Text("it switched gradients off for the rest of the notebook; no_grad() inside a using switches them off only for its block",
                            "它把之后整个 notebook 的梯度都关掉了；写在 using 里的 no_grad() 只在它的代码块内关闭梯度");
        }
        if (model.parameters().Any(p => !p.requires_grad))
            return Say.Text("it froze the model's parameters (requires_grad false), so the model could no longer be trained", "它冻结了模型的参数（requires_grad 为 false），模型就再也没法训练了");
        if (!got.shape.SequenceEqual(expected.shape) || !got.allclose(expected, rtol: 1e-5, atol: 1e-6))
            return Say.Text($"its scores, shaped {Say.Shape(got.shape)}, are not the model's scores {Say.Shape(expected.shape)}", $"它的分数（形状 {Say.Shape(got.shape)}）不是模型给出的分数 {Say.Shape(expected.shape)}");
        if (model.CallsRecordingGradients > 0)
            return got.requires_grad
                ? Say.Text("the scores carry a graph (requires_grad is true): autograd recorded the forward pass", "分数带着计算图（requires_grad 为 true）：autograd 记录了这次前向传播")
                : Say.Text("the graph was recorded during the forward pass and only cut off afterwards (detach): the memory and time were already spent", "计算图在前向传播时已经记录下来，只是事后被切断（detach）：内存和时间早已花掉了");
        return null;
    }, () => Say.Text("eval() changes how layers behave, not whether autograd records; that is a separate switch, used as a block", "eval() 改变的是层的行为，而不是 autograd 是否记录；那是另一个开关，以代码块的形式使用"),
       _ => Say.Text("the model's scores, with no graph recorded during the pass and nothing left switched off", "给出了模型的分数，前向传播时没有记录计算图，也没有留下任何被关掉的开关"));


    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
