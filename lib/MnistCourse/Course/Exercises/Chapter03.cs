using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 03's exercises: cross-entropy's value, one SGD step, the labels' dtype, cross-entropy by hand.</summary>
public static class Chapter03
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter03), new Dictionary<int, (string, string)>
    {
        [1] = ("double? answer1 = -Math.Log(0.5);   // 0.69: minus the log of the true class's probability", "double? answer1 = -Math.Log(0.5);   // 0.69：真实类别概率的对数取负"),
        [2] = ("double? answer2 = -0.01 * 0.2;   // -0.002: the step is -lr × grad", "double? answer2 = -0.01 * 0.2;   // -0.002：这一步是 -lr × grad"),
        [3] = ("object answer3 = ScalarType.Int64;   // class indices are 64-bit integers (C# long)", "object answer3 = ScalarType.Int64;   // 类别索引是 64 位整数（C# 的 long）"),
        [4] = ("Func<Tensor, Tensor, Tensor> crossEntropy = (logits, labels) =>\n    -logits.log_softmax(1).gather(1, labels.unsqueeze(1)).mean();",
               "Func<Tensor, Tensor, Tensor> crossEntropy = (logits, labels) =>\n    -logits.log_softmax(1).gather(1, labels.unsqueeze(1)).mean();"),
    });

    public static string Exercise1(double? answer) => Sheet.Check(1, answer, a =>
        Math.Abs(a - Math.Log(2)) <= 0.005 ? null
        : Math.Abs(a + Math.Log(2)) <= 0.005 ? Say.Text("the sign is off: the loss is minus the log, so it is positive", "符号反了：损失是对数取负，所以是正数")
        : Math.Abs(a - 0.5) <= 0.005 ? Say.Text("0.5 is the probability; the loss is computed from it", "0.5 是概率本身；损失要由它算出来")
        : Say.Text($"{Say.Number(a)} is not -log(0.5)", $"{Say.Number(a)} 不等于 -log(0.5)"),
        () => Say.Text("cross-entropy is minus the log of the probability given to the true class", "交叉熵是真实类别所得概率的对数再取负"),
        a => Say.Text($"{Say.Number(a)} ≈ -log(0.5)", $"{Say.Number(a)} ≈ -log(0.5)"));

    public static string Exercise2(double? answer) => Sheet.Check(2, answer, a =>
        Math.Abs(a + 0.002) <= 1e-9 ? null
        : Math.Abs(a - 0.002) <= 1e-9 ? Say.Text("the size is right but SGD steps against the gradient, so the change is negative", "大小对了，但 SGD 沿梯度的反方向走，所以变化量是负的")
        : Say.Text($"{Say.Number(a)} is not lr × grad with the right sign", $"{Say.Number(a)} 不是带正确符号的 lr × grad"),
        () => Say.Text("SGD moves each weight by the learning rate times its gradient, downhill", "SGD 把每个权重移动“学习率 × 梯度”，朝下坡方向"),
        a => Say.Text($"a change of {Say.Number(a)}", $"变化量 {Say.Number(a)}"));

    /// <summary>The labels' dtype, in any spelling: ScalarType.Int64, typeof(long), "long", "int64", "torch.int64".</summary>
    public static string Exercise3(object? answer) => Sheet.Check(3, answer, a =>
    {
        var given = DType(a);
        return given == ScalarType.Int64 ? null
            : given is null ? Say.Text($"'{a}' is not a dtype", $"“{a}”不是一种数据类型")
            : given == ScalarType.Float32 ? Say.Text("float32 is the dtype of the scores; the labels are class indices", "float32 是分数的数据类型；标签是类别索引")
            : Say.Text($"{given} holds class indices, but CrossEntropyLoss takes 64-bit ones", $"{given} 能存类别索引，但 CrossEntropyLoss 要的是 64 位的");
    }, () => Say.Text("labels are whole numbers (class indices), and torch's default integer type is 64-bit", "标签是整数（类别索引），而 torch 默认的整数类型是 64 位"),
       _ => "int64 (long)");

    static ScalarType? DType(object answer) => answer switch
    {
        ScalarType t => t,
        Type type when type == typeof(long) => ScalarType.Int64,
        Type type when type == typeof(int) => ScalarType.Int32,
        Type type when type == typeof(float) => ScalarType.Float32,
        Type type when type == typeof(double) => ScalarType.Float64,
        Type type when type == typeof(byte) => ScalarType.Byte,
        string text => text.Trim().ToLowerInvariant().Replace("torch.", "").Replace("scalartype.", "").Replace("typeof(", "").TrimEnd(')') switch
        {
            "long" or "int64" or "system.int64" or "i64" => ScalarType.Int64,
            "int" or "int32" or "system.int32" => ScalarType.Int32,
            "float" or "float32" or "single" or "system.single" => ScalarType.Float32,
            "double" or "float64" or "system.double" => ScalarType.Float64,
            "byte" or "uint8" => ScalarType.Byte,
            _ => null,
        },
        _ => null,
    };

    /// <summary>Cross-entropy by hand, compared with nn.functional.cross_entropy on score tables of several sizes.</summary>
    public static string Exercise4(Func<Tensor, Tensor, Tensor>? crossEntropy) => Sheet.Check(4, crossEntropy, f =>
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(31);
        foreach (var (n, classes) in new[] { (8, 10), (3, 4), (50, 10) })
        {
            var logits = randn(new long[] { n, classes }, generator: generator) * 3;
            var labels = randint(0, classes, new long[] { n }, generator: generator);
            float expected = nn.functional.cross_entropy(logits, labels).item<float>();
            var got = f(logits.clone(), labels.clone());
            if (got.numel() != 1)
                return Say.Text($"for {n} images it returned a tensor shaped {Say.Shape(got.shape)}; the loss is one number, the mean over the batch",
                                $"对 {n} 张图像它返回了形状为 {Say.Shape(got.shape)} 的张量；损失应该是一个数：整个批次的平均值");
            float value = got.to_type(ScalarType.Float32).item<float>();
            if (Math.Abs(value - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected))) continue;
            string why = Math.Abs(value - n * expected) <= 1e-3 * n ? Say.Text(" (that is the sum over the batch, not the mean)", "（那是整个批次的总和，不是平均值）")
                : Math.Abs(value + expected) <= 1e-4 ? Say.Text(" (the sign is flipped)", "（符号反了）")
                : "";
            return Say.Text($"on {n} images with {classes} classes it gave {Say.Number(value)} where CrossEntropyLoss gives {Say.Number(expected)}{why}",
                            $"在 {n} 张图像、{classes} 个类别上，它算出 {Say.Number(value)}，而 CrossEntropyLoss 给出 {Say.Number(expected)}{why}");
        }
        return null;
    }, () => Say.Text("turn each row of scores into log-probabilities, take the true class's one in each row, then minus their mean",
                      "先把每行分数变成对数概率，在每行取出真实类别的那个值，最后对它们的平均值取负"),
       _ => Say.Text("it matches CrossEntropyLoss on 3 batches you had not seen (4 and 10 classes)", "在 3 个你没见过的批次上（4 个和 10 个类别）都和 CrossEntropyLoss 一致"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
