using MnistCourse.Data;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 05's exercises: reading the curves of the small run, and writing the validation pass.</summary>
public static class Chapter05
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter05), new Dictionary<int, (string, string)>
    {
        [1] = ("int? answer1 = history.MinBy(r => r.ValLoss)!.Epoch;   // the epoch of the lowest Val Loss", "int? answer1 = history.MinBy(r => r.ValLoss)!.Epoch;   // Val Loss 最低的那个轮次"),
        [2] = ("int? answer2 = 0;   // validation measures; it never updates the weights", "int? answer2 = 0;   // 验证只做衡量，从不更新权重"),
        [3] = ("string answer3 = \"train\";   // or \"validation\": read the last epoch of the accuracy chart", "string answer3 = \"train\";   // 或 \"validation\"：看准确率图的最后一个轮次"),
        [4] = ("""
               Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)> validate = (model, split) =>
               {
                   model.eval();                          // Dropout and the like switch to evaluation mode
                   using var noGrad = no_grad();          // no graph: validation never calls backward()
                   var criterion = nn.CrossEntropyLoss();
                   double lossSum = 0; long correct = 0;
                   foreach (var (inputs, labels) in new DataLoader(split, 64))
                   {
                       using var scope = NewDisposeScope();
                       var outputs = model.forward(inputs);
                       lossSum += criterion.forward(outputs, labels).item<float>() * inputs.size(0);   // a mean × its batch size
                       correct += outputs.argmax(1).eq(labels).sum().item<long>();
                   }
                   return (lossSum / split.Count, 100.0 * correct / split.Count);
               };
               """,
               """
               Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)> validate = (model, split) =>
               {
                   model.eval();                          // 切换到评估模式（Dropout 等随之改变行为）
                   using var noGrad = no_grad();          // 不构建计算图：验证从不调用 backward()
                   var criterion = nn.CrossEntropyLoss();
                   double lossSum = 0; long correct = 0;
                   foreach (var (inputs, labels) in new DataLoader(split, 64))
                   {
                       using var scope = NewDisposeScope();
                       var outputs = model.forward(inputs);
                       lossSum += criterion.forward(outputs, labels).item<float>() * inputs.size(0);   // 批次平均损失 × 批次大小
                       correct += outputs.argmax(1).eq(labels).sum().item<long>();
                   }
                   return (lossSum / split.Count, 100.0 * correct / split.Count);
               };
               """),
    });

    /// <summary>The epoch of the lowest validation loss in <paramref name="history"/> (the chapter's small run).</summary>
    public static string Exercise1(int? answer, IReadOnlyList<EpochResult> history) => Sheet.Check(1, answer, a =>
    {
        var best = history.MinBy(r => r.ValLoss)!;
        var atAnswer = history.FirstOrDefault(r => r.Epoch == a);
        if (a == best.Epoch) return null;
        if (atAnswer is null) return Say.Text($"the run has epochs 1 to {history.Count}", $"这次运行只有第 1 到第 {history.Count} 个轮次");
        var bestTrain = history.MinBy(r => r.TrainLoss)!;
        return a == bestTrain.Epoch
            ? Say.Text($"epoch {a} has the lowest train loss; the question is about the validation loss", $"第 {a} 轮的训练损失最低；题目问的是验证损失")
            : Say.Text($"at epoch {a} the validation loss was {atAnswer.ValLoss:F4}, and another epoch had a lower one", $"第 {a} 轮的验证损失是 {atAnswer.ValLoss:F4}，另有一轮更低");
    }, () => Say.Text("the cell just above the two charts prints where the validation loss was lowest", "两张图上方紧挨着的那个单元格打印了验证损失最低的轮次"),
       a => Say.Text($"epoch {a}", $"第 {a} 轮"));

    public static string Exercise2(int? answer) => Sheet.Check(2, answer, a =>
        a == 0 ? null : Say.Text($"{a} steps would change the weights while they are being measured", $"{a} 次更新会在衡量模型的同时改动权重"),
        () => Say.Text("validation measures the model; what would a step do to it?", "验证只是衡量模型；更新一步会对它做什么？"),
        _ => Say.Text("never: validation does not update the weights", "一次也不调用：验证不更新权重"));

    public static string Exercise3(string? answer, IReadOnlyList<EpochResult> history) => Sheet.Check(3, answer, a =>
    {
        var last = history[^1];
        string expected = last.TrainAccuracy > last.ValAccuracy ? "train" : "validation";
        string? given = AnswerText.Choice(a, ("train", new[] { "train", "training", "train accuracy", "trainacc", "训练", "训练集", "训练准确率" }),
                                             ("validation", new[] { "validation", "val", "valid", "validation accuracy", "valacc", "验证", "验证集", "验证准确率" }));
        return given == expected ? null
            : given is null ? Say.Text($"answer \"train\" or \"validation\", not '{a.Trim()}'", $"请回答 \"train\"（训练）或 \"validation\"（验证），而不是“{a.Trim()}”")
            : Say.Text($"at the last epoch train accuracy is {last.TrainAccuracy:F2}% and validation accuracy {last.ValAccuracy:F2}%", $"最后一轮的训练准确率是 {last.TrainAccuracy:F2}%，验证准确率是 {last.ValAccuracy:F2}%");
    }, () => Say.Text("compare the two accuracy curves at the last epoch", "比较两条准确率曲线在最后一个轮次的位置"),
       a => a.Trim());

    /// <summary>
    /// The learner's validation pass on a model with Dropout, left in training mode as a training loop leaves it:
    /// it must switch to evaluation mode, record no graph, change no weight, and give the loss averaged over images
    /// (not batches) and the accuracy, as trainer.Evaluate does.
    /// </summary>
    public static string Exercise4(Func<nn.Module<Tensor, Tensor>, DataSplit, (double Loss, double Accuracy)>? validate) => Sheet.Check(4, validate, f =>
    {
        using var model = new ModeProbe(seed: 5);
        using var generator = new Generator(23);
        using var split = new DataSplit(randn(new long[] { 1000, 784 }, generator: generator), randint(0, 10, new long[] { 1000 }, generator: generator));
        model.eval();
        var expected = new Trainer(model, optim.SGD(model.parameters(), 0.01), CPU).Evaluate(split);
        var weightsBefore = model.parameters().Select(p => p.detach().clone()).ToList();
        model.train();                 // as the training phase leaves it
        model.Forget();
        var (loss, accuracy) = f(model, split);
        if (!model.parameters().Zip(weightsBefore).All(pair => pair.First.eq(pair.Second).all().item<bool>()))
            return Say.Text("it changed the weights; validation must never train", "它改动了权重；验证绝不能训练模型");
        if (model.Calls == 0) return Say.Text("it never called the model", "它根本没有调用模型");
        if (model.CallsInTrainingMode > 0)
            return Say.Text($"the model was still in training mode in {model.CallsInTrainingMode} of {model.Calls} calls, so Dropout switched units off at random (accuracy {accuracy:F2}% against {expected.Accuracy:F2}%)",
                            $"在 {model.Calls} 次调用中有 {model.CallsInTrainingMode} 次模型仍处于训练模式，Dropout 随机关掉了一些单元（准确率 {accuracy:F2}%，应为 {expected.Accuracy:F2}%）");
        if (model.CallsRecordingGradients > 0)
            return Say.Text($"autograd recorded a graph in {model.CallsRecordingGradients} of {model.Calls} calls: the numbers can be right, but validation pays memory and time for gradients it never uses",
                            $"在 {model.Calls} 次调用中有 {model.CallsRecordingGradients} 次 autograd 记录了计算图：数值也许是对的，但验证为永远用不上的梯度付出了内存和时间");
        if (Math.Abs(accuracy - expected.Accuracy) > 1e-6)
            return Say.Text($"accuracy {accuracy:F4}% where trainer.Evaluate gives {expected.Accuracy:F4}% on 1,000 images", $"准确率 {accuracy:F4}%，而 trainer.Evaluate 在 1,000 张图像上给出 {expected.Accuracy:F4}%");
        if (Math.Abs(loss - expected.Loss) > 1e-6)
            return Say.Text($"loss {loss:F6} where trainer.Evaluate gives {expected.Loss:F6}: 1,000 images make 15 batches of 64 and one of 40, so a mean of batch means weighs the last 40 images too much",
                            $"损失 {loss:F6}，而 trainer.Evaluate 给出 {expected.Loss:F6}：1,000 张图像是 15 个 64 张的批次加一个 40 张的批次，直接平均各批次的平均值会让最后那 40 张的权重过大");
        return null;
    }, () => Say.Text("a model fresh from training is still in training mode and still recording gradients; and a smaller last batch must not count as much as a full one",
                      "刚训练完的模型仍处于训练模式，也仍在记录梯度；而且最后那个不满的批次不能和满批次算得一样重"),
       _ => Say.Text("evaluation mode, no graph, weights untouched, and the same loss and accuracy as trainer.Evaluate on 1,000 images you had not seen",
                     "评估模式、不建计算图、权重不变，并且在 1,000 张你没见过的图像上和 trainer.Evaluate 给出相同的损失和准确率"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
