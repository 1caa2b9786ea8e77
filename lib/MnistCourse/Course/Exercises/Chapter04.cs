using MnistCourse.Data;
using MnistCourse.Models;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>One training step on a batch, returning the loss (chapter 04's exercise 1).</summary>
public delegate Tensor TrainStep(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, optim.Optimizer optimizer, Tensor inputs, Tensor labels);

/// <summary>Chapter 04's exercises: the training step, the last batch, bigger batches.</summary>
public static class Chapter04
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter04), new Dictionary<int, (string, string)>
    {
        [1] = ("""
               TrainStep trainStep = (model, criterion, optimizer, inputs, labels) =>
               {
                   var outputs = model.forward(inputs);
                   var loss = criterion.forward(outputs, labels);
                   optimizer.zero_grad();   // clear the gradients of the previous batch
                   loss.backward();
                   optimizer.step();
                   return loss;
               };
               """,
               """
               TrainStep trainStep = (model, criterion, optimizer, inputs, labels) =>
               {
                   var outputs = model.forward(inputs);
                   var loss = criterion.forward(outputs, labels);
                   optimizer.zero_grad();   // 清零梯度
                   loss.backward();
                   optimizer.step();
                   return loss;
               };
               """),
        [2] = ("int? answer2 = data.Train.Count - (data.Train.BatchCount(64) - 1) * 64;   // what the full batches leave",
               "int? answer2 = data.Train.Count - (data.Train.BatchCount(64) - 1) * 64;   // 满批次之后剩下的张数"),
        [3] = ("string answer3 = \"fewer\";   // twice the images per step, half the steps", "string answer3 = \"fewer\";   // 每步的图像多一倍，步数就少一半"),
    });

    const int Steps = 8, Batches = 4, LongRun = 300, LongRunBatches = 100;

    /// <summary>The learner's step beside the tutorial's, loss by loss, on batches the chapter never showed.</summary>
    public static string Exercise1(TrainStep? trainStep) => Sheet.Check(1, trainStep, learner =>
    {
        float[] expected = Run(Reference, Steps), got = Run(learner, Steps);
        int step = Enumerable.Range(0, Steps).FirstOrDefault(i => !(Math.Abs(got[i] - expected[i]) <= 1e-5), -1);
        if (step < 0) return null;
        string theirs = Losses(got), tutorial = Losses(expected);
        if (Enumerable.Range(Batches, Steps - Batches).All(i => Math.Abs(got[i] - got[i - Batches]) < 1e-6))   // the same batch, the same loss
            return Say.Text($"the loss never moves ({theirs}): the weights are not being updated (a step without gradients, or no step)",
                            $"损失一直不变（{theirs}）：权重没有被更新（更新时没有梯度，或者根本没有更新）");
        if (got.Skip(2).Average() < expected.Skip(2).Average())
        {
            var longer = Run(learner, LongRun, LongRunBatches);
            string end = float.IsFinite(longer[^1]) ? longer[^1].ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : longer[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Say.Text($"its loss falls faster than the tutorial's ({theirs} against {tutorial}) because each step adds the new gradients to all the earlier ones, so every step is bigger than the last; run it for {LongRun} steps and the loss ends at {end} (the tutorial's step: {Run(Reference, LongRun, LongRunBatches)[^1]:F2})",
                            $"它的损失比教程的降得更快（{theirs}，教程的是 {tutorial}），因为每一步都把新梯度加到之前所有的梯度上，步子一步比一步大；跑 {LongRun} 步，损失最后是 {end}（教程的那一步：{Run(Reference, LongRun, LongRunBatches)[^1]:F2}）");
        }
        return Say.Text($"step {step + 1} gave loss {got[step]:F4} where the tutorial's step gives {expected[step]:F4} ({theirs} instead of {tutorial})",
                        $"第 {step + 1} 步的损失是 {got[step]:F4}，教程的那一步是 {expected[step]:F4}（你的：{theirs}；教程的：{tutorial}）");
    }, () => Say.Text("backward() adds to .grad; something has to empty it before each batch's backward()", "backward() 是往 .grad 里累加；每个批次 backward() 之前，得有人把它清空"),
       _ => Say.Text($"the loss follows the tutorial's step exactly for {Steps} batches you had not seen", $"在 {Steps} 个你没见过的批次上，损失和教程的那一步完全一致"));

    static Tensor Reference(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, optim.Optimizer optimizer, Tensor inputs, Tensor labels)
    {
        var loss = criterion.forward(model.forward(inputs), labels);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss;
    }

    static float[] Run(TrainStep trainStep, int steps, int batches = Batches)
    {
        manual_seed(3);
        using var model = new SimpleNet();
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9);
        using var criterion = nn.CrossEntropyLoss();
        using var generator = new Generator(11);
        // A fixed set of batches, visited in turn: the short run sees 4 (so the loss can fall), the long one 100.
        using var inputs = randn(new long[] { batches, 64, 784 }, generator: generator);
        using var labels = randint(0, 10, new long[] { batches, 64 }, generator: generator);
        var losses = new float[steps];
        for (int i = 0; i < steps; i++)
            using (NewDisposeScope()) losses[i] = trainStep(model, criterion, optimizer, inputs[i % batches], labels[i % batches]).item<float>();
        return losses;
    }

    static string Losses(float[] losses) => string.Join(" ", losses.Select(l => l.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));

    public static string Exercise2(int? answer, DataSplit train) => Sheet.Check(2, answer, a =>
    {
        int expected = train.Count - (train.BatchCount(64) - 1) * 64;
        return a == expected ? null
            : a == 64 && expected != 64 ? Say.Text($"64 is a full batch; {train.Count:N0} is not a multiple of 64", $"64 是满批次；{train.Count:N0} 不是 64 的倍数")
            : a > 64 || a < 1 ? Say.Text($"a batch of 64 holds 1 to 64 images, not {a}", $"一个 64 张的批次只能装 1 到 64 张，不会是 {a}")
            : Say.Text($"{train.BatchCount(64) - 1} full batches and {a} more would be {(train.BatchCount(64) - 1) * 64 + a:N0} images, not {train.Count:N0}",
                       $"{train.BatchCount(64) - 1} 个满批次再加 {a} 张是 {(train.BatchCount(64) - 1) * 64 + a:N0} 张，而不是 {train.Count:N0} 张");
    }, () => Say.Text("take away the full batches of 64 from the training images; what is left is the last batch", "从训练图像里减去所有 64 张的满批次，剩下的就是最后一个批次"),
       a => Say.Text($"{a} images", $"{a} 张图像"));

    public static string Exercise3(string? answer) => Sheet.Check(3, answer, a =>
        AnswerText.Choice(a, ("fewer", new[] { "fewer", "less", "fewer steps", "fewersteps", "更少", "少", "变少", "减少", "少了" }),
                             ("more", new[] { "more", "more steps", "更多", "多", "变多", "增加", "多了" })) switch
        {
            "fewer" => null,
            "more" => Say.Text("each step now takes 128 images, so the same images are used up in fewer steps", "现在每一步用 128 张图像，同样多的图像用更少的步数就用完了"),
            _ => Say.Text($"answer \"more\" or \"fewer\", not '{a.Trim()}'", $"请回答 \"more\"（更多）或 \"fewer\"（更少），而不是“{a.Trim()}”"),
        }, () => Say.Text("one optimizer step per batch; how many batches of 128 fit in the split?", "每个批次更新一次；训练集能分成多少个 128 张的批次？"),
        _ => Say.Text("fewer: one step per batch, and there are half as many batches", "更少：每个批次一步，批次数减半了"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
