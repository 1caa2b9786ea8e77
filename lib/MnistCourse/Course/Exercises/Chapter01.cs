using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Pixel bytes as an IDX file holds them (784 per image) to the model's input (chapter 01's exercise 5).</summary>
public delegate Tensor Normalise(byte[] pixels, float mean, float std);

/// <summary>Chapter 01's exercises: counting parameters, the output's shape, building a deeper network, normalising pixels.</summary>
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
        [5] = ("""
               Normalise normalise = (pixels, mean, std) =>
               {
                   var x = tensor(pixels).view(-1, 784).to_type(ScalarType.Float32) / 255;   // ToTensor(): 0..255 → 0..1, one row per image
                   return (x - mean) / std;                                                  // Normalize(mean, std)
               };
               """,
               """
               Normalise normalise = (pixels, mean, std) =>
               {
                   var x = tensor(pixels).view(-1, 784).to_type(ScalarType.Float32) / 255;   // ToTensor()：0..255 → 0..1，每张图像一行
                   return (x - mean) / std;                                                  // Normalize(mean, std)
               };
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

    public static string Exercise5(Normalise? normalise) => Sheet.Check(5, normalise, PixelsProblem,
        () => Say.Text("first scale the bytes 0..255 to 0..1, as ToTensor() does; then shift by the mean and divide by the std, the values you are given; one row of 784 per image",
                       "先像 ToTensor() 那样把 0..255 的字节缩放到 0..1，再减去均值、除以标准差（用传进来的那两个值）；每张图像一行 784 个数"),
        _ => Say.Text("(pixel / 255 − mean) / std, shaped [N, 784], float32, on random images with means and stds you had not seen",
                      "(像素 / 255 − 均值) / 标准差，形状 [N, 784]，float32；在你没见过的随机图像和均值、标准差上都对"));

    /// <summary>The learner's normalisation beside ToTensor + Normalize on random bytes, with means and stds of several data sets.</summary>
    static string? PixelsProblem(Normalise f)
    {
        using var scope = NewDisposeScope();
        var random = new Random(1307);
        foreach (var (count, mean, std) in new[] { (3, 0.5f, 0.25f), (5, 0.2860f, 0.3530f), (2, 0.7f, 1.5f) })
        {
            var pixels = new byte[count * 784];
            random.NextBytes(pixels);
            (pixels[0], pixels[1]) = (0, 255);   // both ends of the range
            var bytes = tensor((byte[])pixels.Clone()).view(count, 784).to_type(ScalarType.Float32);
            var expected = (bytes / 255 - mean) / std;
            var got = f(pixels, mean, std);
            if (got is null) return Say.Text("it returned null", "它返回了 null");
            var shape = got.shape;
            if (shape.SequenceEqual(new long[] { count, 1, 28, 28 }))
                return Say.Text($"for {count} images it returned {Say.Shape(shape)}, the shape ToTensor() gives; SimpleNet takes one row of 784 per image, [{count}, 784]",
                                $"对 {count} 张图像它返回了 {Say.Shape(shape)}，那是 ToTensor() 给出的形状；SimpleNet 要的是每张图像一行 784 个数，即 [{count}, 784]");
            if (!shape.SequenceEqual(new long[] { count, 784 }))
                return Say.Text($"for {count} images it returned a tensor shaped {Say.Shape(shape)}, not [{count}, 784] (one row of 784 per image)",
                                $"对 {count} 张图像它返回的张量形状是 {Say.Shape(shape)}，应为 [{count}, 784]（每张图像一行 784 个数）");
            if (got.dtype != ScalarType.Float32)
                return Say.Text($"its dtype is {got.dtype}; the model's weights are float32, so its input must be float32 too",
                                $"它的数据类型是 {got.dtype}；模型的权重是 float32，输入也必须是 float32");
            var difference = (got - expected).abs();
            if (difference.max().item<float>() <= 1e-4f) continue;
            return WrongValues(bytes, got, expected, mean, std);
        }
        return null;
    }

    /// <summary>Names the mistake when the values are off: each candidate is a plausible slip, tried on the same bytes.</summary>
    static string WrongValues(Tensor bytes, Tensor got, Tensor expected, float mean, float std)
    {
        bool Is(Tensor candidate) => (got - candidate).abs().max().item<float>() <= 1e-4f;
        string? slip =
            Is((bytes - mean) / std) ? Say.Text("it never divided by 255, so a white pixel counts as 255 instead of 1", "它没有除以 255，白色像素被当成 255 而不是 1")
            : Is(bytes / 255) ? Say.Text("it stopped after /255: the values run from 0 to 1, the mean was not subtracted and nothing divided by the std", "它在 /255 之后就停了：值在 0 到 1 之间，没有减去均值，也没有除以标准差")
            : Is((bytes / 255 - std) / mean) ? Say.Text("the mean and the std are swapped", "均值和标准差用反了")
            : Is(bytes / 255 * std + mean) ? Say.Text("x · std + mean undoes Normalize; Normalize computes (x − mean) / std", "x · std + mean 是把标准化还原回去；Normalize 算的是 (x − mean) / std")
            : Is(bytes / 255 - mean) ? Say.Text("it subtracted the mean but never divided by the std", "它减去了均值，却没有除以标准差")
            : Is(bytes / 255 / std) ? Say.Text("it divided by the std but never subtracted the mean", "它除以了标准差，却没有减去均值")
            : Is(bytes / 255 - mean / std) ? Say.Text("x − mean / std divides only the mean: the brackets belong around x − mean", "x − mean / std 只把均值除了：括号应该括住 x − mean")
            : Is((bytes / 256 - mean) / std) ? Say.Text("it divided by 256; the brightest byte, 255, must become exactly 1", "它除以了 256；最亮的字节 255 应该正好变成 1")
            : Is((bytes / 255 - 0.1307f) / 0.3081f) || Is((bytes / 255 - 0.2860f) / 0.3530f)
                ? Say.Text($"it used fixed constants, not the mean and std it was given ({Say.Number(mean)}, {Say.Number(std)})", $"它用的是写死的常数，而不是传进来的均值和标准差（{Say.Number(mean)}、{Say.Number(std)}）")
            : null;
        if (slip is not null) return slip;
        long worst = (got - expected).abs().flatten().argmax().item<long>();
        float pixel = bytes.flatten()[worst].item<float>(), value = got.flatten()[worst].item<float>(), want = expected.flatten()[worst].item<float>();
        return Say.Text($"with mean {Say.Number(mean)} and std {Say.Number(std)}, a pixel of {pixel} became {Say.Number(value)}, where ({pixel}/255 − mean) / std = {Say.Number(want)}",
                        $"均值 {Say.Number(mean)}、标准差 {Say.Number(std)} 时，像素值 {pixel} 变成了 {Say.Number(value)}，而 ({pixel}/255 − 均值) / 标准差 = {Say.Number(want)}");
    }

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
