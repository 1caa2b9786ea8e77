using MnistCourse.Data;

namespace MnistCourse.Course.Exercises;

/// <summary>Chapter 00's exercises: batches per epoch, the step that computes gradients, what validation leaves out.</summary>
public static class Chapter00
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter00), new Dictionary<int, (string, string)>
    {
        [1] = ("int? answer1 = (60_000 + 64 - 1) / 64;   // 938: 937 full batches and one of 32", "int? answer1 = (60_000 + 64 - 1) / 64;   // 938：937 个满批次，外加一个 32 张的批次"),
        [2] = ("int? answer2 = 4;   // loss.backward()", "int? answer2 = 4;   // loss.backward()"),
        [3] = ("string answer3 = \"4,5\";   // validation neither computes gradients nor updates the weights",
               "string answer3 = \"4,5\";   // 验证既不计算梯度，也不更新权重"),
        [4] = ("Func<int, int, int> batchesPerEpoch = (count, batchSize) => (count + batchSize - 1) / batchSize;\n" +
               "// or: (int)Math.Ceiling(count / (double)batchSize)",
               "Func<int, int, int> batchesPerEpoch = (count, batchSize) => (count + batchSize - 1) / batchSize;\n" +
               "// 或者：(int)Math.Ceiling(count / (double)batchSize)"),
    });

    /// <summary>Batches of 64 in one epoch of <paramref name="train"/>.</summary>
    public static string Exercise1(int? answer, DataSplit train) => Sheet.Check(1, answer, a =>
    {
        int expected = train.BatchCount(64), full = train.Count / 64;
        return a == expected ? null
            : a == full && full != expected ? Say.Text($"{a} counts only the full batches; the {train.Count - full * 64} images left over make one more",
                                                       $"{a} 只数了满批次；剩下的 {train.Count - full * 64} 张图像还要再组成一个批次")
            : Say.Text($"{a:N0} batches of 64 hold up to {a * 64L:N0} images, but the training split has {train.Count:N0}",
                       $"{a:N0} 个 64 张的批次最多装 {a * 64L:N0} 张图像，而训练集有 {train.Count:N0} 张");
    }, () => Say.Text("divide the number of training images by the batch size; a last, smaller batch still counts",
                      "用训练图像的数量除以批次大小；最后那个不满的批次也要算上"),
       a => Say.Text($"{a} batches", $"{a} 个批次"));

    public static string Exercise2(int? answer) => Sheet.Check(2, answer, a => a switch
    {
        4 => null,
        3 => Say.Text("step 3 computes the loss, one number; the gradients come from going back from it", "第 3 步计算损失，只是一个数；梯度是从它往回算出来的"),
        5 => Say.Text("step 5 uses the gradients to move the weights; they were computed before it", "第 5 步用梯度去更新权重；梯度在这之前就已经算好了"),
        _ => Say.Text($"step {a} does not compute gradients", $"第 {a} 步不计算梯度"),
    }, () => Say.Text("which step's name says it goes backwards through the model?", "哪一步的名字说的是“沿着模型往回走”？"),
       a => Say.Text($"step {a}, loss.backward()", $"第 {a} 步，loss.backward()"));

    public static string Exercise3(string? answer) => Sheet.Check(3, answer, a =>
    {
        var steps = AnswerText.Numbers(a).Distinct().Order().ToArray();
        if (steps.SequenceEqual(new[] { 4, 5 })) return null;
        if (steps.Length == 0) return Say.Text($"'{a.Trim()}' names no step; answer with two step numbers, like \"2,3\"", $"“{a.Trim()}”里没有步骤编号；请写两个编号，例如 \"2,3\"");
        var kept = steps.Where(s => s is 1 or 2 or 3 or 6 or 7).ToArray();
        return kept.Length > 0
            ? Say.Text($"validation still does step {string.Join(" and ", kept)}", $"验证仍然要做第 {string.Join(" 和 ", kept)} 步")
            : Say.Text($"{string.Join(",", steps)} is not the pair validation leaves out", $"{string.Join(",", steps)} 不是验证省掉的那两步");
    }, () => Say.Text("validation measures the model; which steps would change it?", "验证只是衡量模型；哪几步会改动模型？"),
       _ => Say.Text("steps 4 and 5: validation computes no gradients and changes no weights", "第 4 步和第 5 步：验证不计算梯度，也不改动权重"));

    /// <summary>The learner's batchesPerEpoch(count, batchSize), tried on sizes the chapter never showed.</summary>
    public static string Exercise4(Func<int, int, int>? batchesPerEpoch) => Sheet.Check(4, batchesPerEpoch, f =>
    {
        var random = new Random(2024);
        var cases = new List<(int Count, int Size)> { (50_000, 100), (1, 32), (127, 128), (128, 128), (129, 128), (9_999, 1) };
        for (int i = 0; i < 20; i++) cases.Add((random.Next(1, 100_000), random.Next(1, 513)));
        foreach (var (count, size) in cases)
        {
            int expected = (count + size - 1) / size, got = f(count, size);
            if (got == expected) continue;
            string why = got == count / size ? Say.Text(" (the last, smaller batch is missing)", "（少了最后那个不满的批次）")
                : got == count / size + 1 && count % size == 0 ? Say.Text($" (one batch too many: {size} divides {count:N0} exactly)", $"（多了一个批次：{count:N0} 正好能被 {size} 整除）")
                : "";
            return Say.Text($"{count:N0} {(count == 1 ? "image" : "images")} in batches of {size} gave {got}, not {expected}{why}", $"{count:N0} 张图像、每批 {size} 张，你的结果是 {got}，应为 {expected}{why}");
        }
        return null;
    }, () => Say.Text("whole-number division rounds down, but the images left over still need one more batch, and only when some are left over",
                      "整数除法会向下取整，可剩下的图像还需要再组成一个批次，而且只在确实有剩余时才需要"),
       _ => Say.Text("right on 26 sizes you had not seen, divisible or not", "在 26 组你没见过的数量上都对，无论能否整除"));

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
