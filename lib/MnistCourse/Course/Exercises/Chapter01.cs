using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 01's exercises: counting parameters, the output's shape, building a deeper network.</summary>
public static class Chapter01
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter01), new Dictionary<int, (string, string)>
    {
        [1] = ("long? answer1 = 784 * 256 + 256 + 256 * 10 + 10;   // 203,530: weights and biases of both Linear layers",
               "long? answer1 = 784 * 256 + 256 + 256 * 10 + 10;   // 203,530：两个 Linear 层的权重加偏置"),
        [2] = ("string answer2 = \"64, 10\";   // one row per image, one score per class", "string answer2 = \"64, 10\";   // 每张图像一行，每个类别一个分数"),
        [3] = ("int? answer3 = 128 + 10;   // one bias per unit of each Linear layer", "int? answer3 = 128 + 10;   // 每个 Linear 层的每个单元一个偏置"),
        [4] = ("""
               nn.Module<Tensor, Tensor> twoHidden = nn.Sequential(
                   nn.Linear(784, 256), nn.ReLU(),
                   nn.Linear(256, 128), nn.ReLU(),
                   nn.Linear(128, 10));          // no ReLU after the last layer: the loss wants raw scores
               """,
               """
               nn.Module<Tensor, Tensor> twoHidden = nn.Sequential(
                   nn.Linear(784, 256), nn.ReLU(),
                   nn.Linear(256, 128), nn.ReLU(),
                   nn.Linear(128, 10));          // 最后一层之后不接 ReLU：损失函数需要原始分数
               """),
    });

    public static string Exercise1(long? answer) => Sheet.Check(1, answer, a =>
        a == 203_530 ? null
        : a == 101_770 ? Say.Text("101,770 is the 128-unit model's count; 256 hidden units change both layers", "101,770 是 128 个隐藏单元时的参数量；隐藏单元变成 256 个，两层都会变")
        : a == 784 * 256 + 256 * 10 ? Say.Text("that counts the weights only; every unit also has a bias", "这只数了权重；每个单元还有一个偏置")
        : Say.Text($"{a:N0} is not the count for 784 → 256 → 10", $"{a:N0} 不是 784 → 256 → 10 的参数量"),
        () => Say.Text("a Linear(in, out) layer has in × out weights and out biases", "Linear(in, out) 层有 in × out 个权重和 out 个偏置"),
        a => Say.Text($"{a:N0} parameters", $"{a:N0} 个参数"));

    public static string Exercise2(string? answer) => Sheet.Check(2, answer, a =>
    {
        var shape = AnswerText.Shape(a);
        if (shape is null) return Say.Text($"'{a.Trim()}' is not a shape; write it like [64, 10] or 64,10", $"“{a.Trim()}”不是形状；请写成 [64, 10] 或 64,10 这样");
        return shape.SequenceEqual(new long[] { 64, 10 }) ? null
            : shape.SequenceEqual(new long[] { 64, 784 }) ? Say.Text("[64, 784] is the input batch; the model turns each row of 784 pixels into scores", "[64, 784] 是输入批次的形状；模型把每行 784 个像素变成分数")
            : shape.SequenceEqual(new long[] { 10, 64 }) ? Say.Text("rows are images and columns are classes, not the other way round", "行是图像、列是类别，不是反过来")
            : Say.Text($"{Say.Shape(shape)} is not what comes out", $"输出的形状不是 {Say.Shape(shape)}");
    }, () => Say.Text("one row per image in the batch, one score per class", "批次里每张图像一行，每个类别一个分数"),
       _ => "[64, 10]");

    public static string Exercise3(int? answer) => Sheet.Check(3, answer, a =>
        a == 138 ? null
        : a == 128 ? Say.Text("128 are the hidden layer's biases; the output layer has its own", "128 只是隐藏层的偏置；输出层也有自己的偏置")
        : a == 10 ? Say.Text("10 are the output layer's biases; the hidden layer has its own", "10 只是输出层的偏置；隐藏层也有自己的偏置")
        : Say.Text($"{a} is not the number of biases", $"{a} 不是偏置的个数"),
        () => Say.Text("one bias per unit of each Linear layer", "每个 Linear 层的每个单元各有一个偏置"),
        a => Say.Text($"{a} biases (128 + 10)", $"{a} 个偏置（128 + 10）"));

    /// <summary>784 → 256 → ReLU → 128 → ReLU → 10, however it is written (Sequential, named, a custom Module).</summary>
    public static string Exercise4(nn.Module<Tensor, Tensor>? twoHidden) => Sheet.Check(4, twoHidden, m =>
    {
        using var scope = NewDisposeScope();
        var shape = m.forward(randn(5, 784)).shape;
        if (!shape.SequenceEqual(new long[] { 5, 10 }))
            return Say.Text($"a batch of 5 images gave scores shaped {Say.Shape(shape)}, not [5, 10]", $"5 张图像的批次得到的分数形状是 {Say.Shape(shape)}，应为 [5, 10]");
        return NetworkProbe.Problem(m, new[] { 784, 256, 128, 10 });
    }, () => Say.Text("three Linear layers, each one's out-features the next one's in-features, a ReLU between two layers and nothing after the last",
                      "三个 Linear 层，每层的输出特征数就是下一层的输入特征数；两层之间接 ReLU，最后一层之后什么也不接"),
       _ => Say.Text("784 → 256 → ReLU → 128 → ReLU → 10, probed layer by layer", "784 → 256 → ReLU → 128 → ReLU → 10，逐层探查过"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
