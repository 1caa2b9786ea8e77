using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 08's exercises: reading a shape error, the memory question, eval(), fixing the layers.</summary>
public static class Chapter08
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter08), new Dictionary<int, (string, string)>
    {
        [1] = ("int? answer1 = 32 * 1 * 28;   // 896: Linear treats every dimension but the last as rows", "int? answer1 = 32 * 1 * 28;   // 896：Linear 把除最后一维以外的所有维度都当作行"),
        [2] = ("int? answer2 = (int)Math.Round(leakedPerBatch);   // the number printed under the run without dispose scopes",
               "int? answer2 = (int)Math.Round(leakedPerBatch);   // 不使用释放作用域的那次运行下方打印的数"),
        [3] = ("string answer3 = \"eval\";   // model.eval(); model.train() switches back", "string answer3 = \"eval\";   // model.eval()；model.train() 切换回来"),
        [4] = ("nn.Module<Tensor, Tensor> fixedNet = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));   // 128 out, 128 in",
               "nn.Module<Tensor, Tensor> fixedNet = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));   // 输出 128，输入也是 128"),
    });

    public static string Exercise1(int? answer) => Sheet.Check(1, answer, a =>
        a == 32 * 28 ? null
        : a == 32 ? Say.Text("32 would be the rows if the batch were flat; here every dimension but the last makes rows", "如果批次是展平的，行数才是 32；这里除最后一维以外的所有维度都算作行")
        : a == 784 ? Say.Text("784 is what Linear expects per row; the error's first shape is what it got", "784 是 Linear 期望每行有的数；报错里的第一个形状是它实际收到的")
        : Say.Text($"{a} is not the number of rows Linear sees in a [32, 1, 28, 28] batch", $"{a} 不是 Linear 在 [32, 1, 28, 28] 批次中看到的行数"),
        () => Say.Text("Linear multiplies along the last dimension only; every other dimension multiplies into the rows", "Linear 只沿最后一维做乘法；其余各维相乘就是行数"),
        a => Say.Text($"{a} rows of 28", $"{a} 行，每行 28 个数"));

    public static string Exercise2(int? answer, double leakedPerBatch) => Sheet.Check(2, answer, a =>
        a == (int)Math.Round(leakedPerBatch) ? null
        : Say.Text($"the run without dispose scopes printed {leakedPerBatch:F1} tensors per batch", $"不使用释放作用域的那次运行打印的是每个批次 {leakedPerBatch:F1} 个张量"),
        () => Say.Text("it is printed under the run without dispose scopes", "它打印在不使用释放作用域的那次运行下方"),
        a => Say.Text($"{a} per batch", $"每个批次 {a} 个"));

    public static string Exercise3(string? answer) => Sheet.Check(3, answer, a =>
    {
        var call = AnswerText.Call(a);
        return call switch
        {
            ("eval", "") or ("train", "false") => null,
            ("train", _) => Say.Text("train() switches Dropout on; measuring needs the other mode", "train() 会打开 Dropout；衡量模型需要另一种模式"),
            ("no_grad", _) => Say.Text("no_grad() stops the graph but leaves Dropout on; it is a different switch", "no_grad() 只是不建计算图，Dropout 仍然开着；那是另一个开关"),
            null => Say.Text($"'{a.Trim()}' is not a method name", $"“{a.Trim()}”不是方法名"),
            _ => Say.Text($"{call.Value.Name}() does not switch Dropout off", $"{call.Value.Name}() 不会关掉 Dropout"),
        };
    }, () => Say.Text("Dropout behaves differently in the two modes a model has; which one is for measuring?", "Dropout 在模型的两种模式下表现不同；哪一种是用来衡量的？"),
       _ => "eval()");

    /// <summary>misfit's three layers with sizes that fit: Linear(784 → 128), ReLU, Linear(128 → 10).</summary>
    public static string Exercise4(nn.Module<Tensor, Tensor>? fixedNet) => Sheet.Check(4, fixedNet, m =>
    {
        using var scope = NewDisposeScope();
        var shape = m.forward(randn(4, 784)).shape;
        if (!shape.SequenceEqual(new long[] { 4, 10 }))
            return Say.Text($"a batch of 4 gave {Say.Shape(shape)}, not [4, 10]", $"4 张图像的批次得到 {Say.Shape(shape)}，应为 [4, 10]");
        return NetworkProbe.Problem(m, new[] { 784, 128, 10 });
    }, () => Say.Text("keep misfit's layers and its ReLU; each layer's in-features must equal the previous layer's out-features", "保留 misfit 的各层和 ReLU；每一层的输入特征数必须等于上一层的输出特征数"),
       _ => Say.Text("Linear(784 → 128), ReLU, Linear(128 → 10): the batch goes through, probed layer by layer", "Linear(784 → 128)、ReLU、Linear(128 → 10)：批次能顺利通过，逐层探查过"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
