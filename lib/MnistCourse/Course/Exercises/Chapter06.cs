using MnistCourse.Data;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 06's exercises: reading the run, counting its updates, naming its data, predicting.</summary>
public static class Chapter06
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter06), new Dictionary<int, (string, string)>
    {
        [1] = ("double? answer1 = history[0].ValAccuracy;   // Val Acc of the line \"Epoch [1/...]\"", "double? answer1 = history[0].ValAccuracy;   // “Epoch [1/...]” 那一行的 Val Acc"),
        [2] = ("int? answer2 = 10 * data.Train.BatchCount(64);   // one update per batch, every epoch", "int? answer2 = 10 * data.Train.BatchCount(64);   // 每个轮次的每个批次更新一次"),
        [3] = ("string answer3 = data.Dataset.Name;   // what the data line printed: mnist or fashion-mnist", "string answer3 = data.Dataset.Name;   // 数据那一行打印的名字：mnist 或 fashion-mnist"),
        [4] = ("""
               Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> predict = (model, images) =>
               {
                   model.eval();                                  // Dropout off: the model's real answer
                   using (no_grad()) return model.forward(images).argmax(1);   // the highest score's class
               };
               """,
               """
               Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> predict = (model, images) =>
               {
                   model.eval();                                  // 关掉 Dropout：得到模型真正的回答
                   using (no_grad()) return model.forward(images).argmax(1);   // 分数最高的类别
               };
               """),
    });

    public static string Exercise1(double? answer, IReadOnlyList<EpochResult> history) => Sheet.Check(1, answer, a =>
    {
        var first = history[0];
        return Math.Abs(a - first.ValAccuracy) <= 0.006 ? null
            : Math.Abs(a - first.TrainAccuracy) <= 0.006 ? Say.Text("that is Train Acc; the question asks for Val Acc", "那是 Train Acc；题目问的是 Val Acc")
            : Math.Abs(a - history[^1].ValAccuracy) <= 0.006 && history.Count > 1 ? Say.Text("that is the last epoch's; the question asks for the first", "那是最后一轮的；题目问的是第一轮")
            : Say.Text($"{a:F2}% is not in the first epoch's line", $"第一轮的输出行里没有 {a:F2}%");
    }, () => Say.Text("read Val Acc in the line that starts with Epoch [1/", "看以 Epoch [1/ 开头那一行里的 Val Acc"),
       a => $"{a:F2}%");

    public static string Exercise2(int? answer, DataSplit train) => Sheet.Check(2, answer, a =>
    {
        int perEpoch = train.BatchCount(64);
        return a == 10 * perEpoch ? null
            : a == perEpoch ? Say.Text($"{a:N0} is one epoch's updates; the tutorial trains 10 epochs", $"{a:N0} 只是一个轮次的更新次数；教程训练 10 个轮次")
            : a == 10 * (train.Count / 64) ? Say.Text("the last, smaller batch of each epoch is an update too", "每个轮次最后那个不满的批次也要更新一次")
            : a == 10 * train.Count ? Say.Text("the optimizer steps once per batch, not once per image", "优化器每个批次更新一次，而不是每张图像一次")
            : Say.Text($"{a:N0} is not 10 epochs of one update per batch", $"{a:N0} 不是“10 个轮次、每个批次一次”的更新次数");
    }, () => Say.Text("count the optimizer steps in one epoch, then in all of them", "先数一个轮次里优化器更新几次，再算所有轮次"),
       a => Say.Text($"{a:N0} updates", $"{a:N0} 次更新"));

    public static string Exercise3(string? answer, DatasetInfo dataset) => Sheet.Check(3, answer, a =>
    {
        string given = AnswerText.Name(a), expected = AnswerText.Name(dataset.Name);
        return given == expected ? null
            : given is "mnist" or "fashionmnist" ? Say.Text($"the data line says {dataset.DisplayName}", $"数据那一行写的是 {dataset.DisplayName}")
            : Say.Text($"'{a.Trim()}' is not one of the course's data sets (mnist, fashion-mnist)", $"“{a.Trim()}”不是本课程的数据集（mnist、fashion-mnist）");
    }, () => Say.Text("the cell that loads the data prints where it came from, in a line that starts with the data set's name (\"Fashion-MNIST from ...\" or \"MNIST from ...\")",
                      "加载数据的那个单元格会打印数据的来源，那一行以数据集的名字开头（“Fashion-MNIST，来自 ...” 或 “MNIST，来自 ...”）"),
       _ => dataset.Name);

    /// <summary>The class the model picks for each image, for a model with Dropout left in training mode.</summary>
    public static string Exercise4(Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>? predict) => Sheet.Check(4, predict, f =>
    {
        using var scope = NewDisposeScope();
        using var model = new ModeProbe(seed: 9);
        using var generator = new Generator(37);
        foreach (int n in new[] { 200, 7 })
        {
            var images = randn(new long[] { n, 784 }, generator: generator);
            var expected = model.Reference(images).argmax(1);
            model.train();                                   // as a training loop leaves it
            model.Forget();
            var got = f(model, images);
            if (!got.shape.SequenceEqual(new long[] { n }))
                return Say.Text($"{n} images gave a result shaped {Say.Shape(got.shape)}, not one class per image [{n}]", $"{n} 张图像得到的结果形状是 {Say.Shape(got.shape)}，应为每张图像一个类别 [{n}]");
            long same = got.to_type(ScalarType.Int64).eq(expected).sum().item<long>();
            if (model.CallsInTrainingMode > 0)
                return Say.Text($"the model was in training mode, so Dropout switched units off at random: {n - same} of {n} classes differ from the model's real answers",
                                $"模型处于训练模式，Dropout 随机关掉了一些单元：{n} 个类别中有 {n - same} 个和模型的真实回答不同");
            if (same != n)
                return Say.Text($"{n - same} of {n} classes differ from the model's real answers (the index of the highest score)", $"{n} 个类别中有 {n - same} 个和模型的真实回答（最高分数的下标）不同");
        }
        return null;
    }, () => Say.Text("a model that may have Dropout answers for real only in evaluation mode; its class is the position of the highest score",
                      "可能带 Dropout 的模型只有在评估模式下给出的才是真正的回答；类别就是最高分数所在的位置"),
       _ => Say.Text("one class per image, the model's real answers, on batches of 200 and 7 you had not seen", "每张图像一个类别，是模型真正的回答；在 200 张和 7 张你没见过的批次上都对"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
