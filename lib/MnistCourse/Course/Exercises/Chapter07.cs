using MnistCourse.Models;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Saves or loads a model and its optimizer in a folder (chapter 07's exercise 4).</summary>
public delegate void CheckpointAction(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, string folder);

/// <summary>Chapter 07's exercises: StepLR's rates, flattening, a forgotten eval(), saving and resuming, no_grad.</summary>
public static class Chapter07
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter07), new Dictionary<int, (string, string)>
    {
        [1] = ("Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, (epoch - 1) / 5);   // halvings so far, whole-number division",
               "Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, (epoch - 1) / 5);   // 到目前为止减半的次数，用整数除法"),
        [2] = ("Func<Tensor, Tensor> flatten = pictures => pictures.view(pictures.size(0), -1);   // or pictures.flatten(1)",
               "Func<Tensor, Tensor> flatten = pictures => pictures.view(pictures.size(0), -1);   // 或 pictures.flatten(1)"),
        [3] = ("string answer3 = \"lower\";   // Dropout switches units off, so the model answers worse than it can",
               "string answer3 = \"lower\";   // Dropout 会关掉一些单元，模型答得比它的真实水平差"),
        [4] = ("""
               CheckpointAction saveCheckpoint = (model, optimizer, folder) =>
               {
                   model.save(System.IO.Path.Combine(folder, "model.dat"));                    // the weights
                   optimizer.save_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));  // SGD's momentum
               };
               CheckpointAction loadCheckpoint = (model, optimizer, folder) =>
               {
                   model.load(System.IO.Path.Combine(folder, "model.dat"));
                   optimizer.load_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));
               };
               """,
               """
               CheckpointAction saveCheckpoint = (model, optimizer, folder) =>
               {
                   model.save(System.IO.Path.Combine(folder, "model.dat"));                    // 权重
                   optimizer.save_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));  // SGD 的动量
               };
               CheckpointAction loadCheckpoint = (model, optimizer, folder) =>
               {
                   model.load(System.IO.Path.Combine(folder, "model.dat"));
                   optimizer.load_state_dict(System.IO.Path.Combine(folder, "optimizer.dat"));
               };
               """),
        [5] = ("Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) =>\n{\n    using (no_grad()) return model.forward(images);   // Python: with torch.no_grad():\n};",
               "Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> scoresWithoutGraph = (model, images) =>\n{\n    using (no_grad()) return model.forward(images);   // Python：with torch.no_grad():\n};"),
    });

    /// <summary>The learning rate epoch <c>epoch</c> (from 1) trains with under StepLR(step_size 5, gamma 0.5) from 0.01.</summary>
    public static string Exercise1(Func<int, double>? learningRateAt) => Sheet.Check(1, learningRateAt, f =>
    {
        var weight = zeros(1).requires_grad_();
        var optimizer = optim.SGD(new[] { new TorchSharp.Modules.Parameter(weight) }, learningRate: 0.01);
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 5, gamma: 0.5);
        for (int epoch = 1; epoch <= 30; epoch++)
        {
            double expected = optimizer.ParamGroups.First().LearningRate, got = f(epoch);
            if (Math.Abs(got - expected) > 1e-12)
            {
                string why = Math.Abs(got - 0.01 * Math.Pow(0.5, epoch / 5)) < 1e-12
                    ? Say.Text(" (that halves one epoch early: epoch 5 still trains at the old rate, StepLR steps after it)", "（早了一个轮次减半：第 5 轮仍用旧的学习率，StepLR 在它之后才更新）")
                    : "";
                return Say.Text($"epoch {epoch} got {Say.Number(got)}, StepLR gives {Say.Number(expected)}{why}", $"第 {epoch} 个轮次得到 {Say.Number(got)}，StepLR 给出 {Say.Number(expected)}{why}");
            }
            scheduler.step();
        }
        return null;
    }, () => Say.Text("StepLR halves the rate after every 5 epochs: count the halvings that happened before this epoch", "StepLR 每过 5 个轮次把学习率减半：数一数这个轮次之前已经减半了几次"),
       _ => Say.Text("the same rates as TorchSharp's StepLR for epochs 1 to 30", "第 1 到第 30 个轮次的学习率都和 TorchSharp 的 StepLR 相同"));

    /// <summary>[N, 1, 28, 28] → [N, 784], image by image, for any N (1 included).</summary>
    public static string Exercise2(Func<Tensor, Tensor>? flatten) => Sheet.Check(2, flatten, f =>
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

    public static string Exercise3(string? answer, IReadOnlyList<double> forgotEval, double withEval) => Sheet.Check(3, answer, a =>
    {
        string expected = forgotEval.Average() < withEval ? "lower" : "higher";
        string? given = AnswerText.Choice(a, ("lower", new[] { "lower", "low", "less", "worse", "更低", "低", "偏低", "较低", "低一些" }),
                                             ("higher", new[] { "higher", "high", "more", "better", "更高", "高", "偏高", "较高", "高一些" }));
        return given == expected ? null
            : given is null ? Say.Text($"answer \"higher\" or \"lower\", not '{a.Trim()}'", $"请回答 \"higher\"（更高）或 \"lower\"（更低），而不是“{a.Trim()}”")
            : Say.Text($"section 1 measured {forgotEval.Average():F2}% on average without eval() and {withEval:F2}% with it", $"第 1 节测得：不调用 eval() 时平均 {forgotEval.Average():F2}%，调用后 {withEval:F2}%");
    }, () => Say.Text("compare the two lines section 1 printed: what does Dropout do to a model that is being measured?", "比较第 1 节打印的两行：Dropout 对正在被衡量的模型做了什么？"),
       a => a.Trim());

    /// <summary>Saving and loading model and optimizer so that training resumes exactly where it stopped.</summary>
    public static string Exercise4(CheckpointAction? saveCheckpoint, CheckpointAction? loadCheckpoint) =>
        Sheet.Check(4, saveCheckpoint is null || loadCheckpoint is null ? null : new SaveLoad(saveCheckpoint, loadCheckpoint), pair =>
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mnistcourse-exercise-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var generator = new Generator(53);
            using var inputs = randn(new long[] { 3, 32, 784 }, generator: generator);
            using var labels = randint(0, 10, new long[] { 3, 32 }, generator: generator);
            manual_seed(41);
            using var never = new SimpleNet();
            var neverOptimizer = optim.SGD(never.parameters(), learningRate: 0.01, momentum: 0.9);
            for (int i = 0; i < 3; i++) Step(never, neverOptimizer, inputs[i], labels[i]);
            try { pair.Save(never, neverOptimizer, folder); }
            catch (Exception e) { return ExerciseSheet.Threw(e, Say.Text("when saving", "保存时")); }
            if (Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length == 0)
                return Say.Text("saving wrote nothing into the folder it was given", "保存时没有往给定的文件夹里写任何东西");
            var savedWeights = never.parameters().Select(p => p.detach().clone()).ToList();

            manual_seed(43);                          // a new process: other random weights, an empty optimizer
            using var resumed = new SimpleNet();
            var resumedOptimizer = optim.SGD(resumed.parameters(), learningRate: 0.01, momentum: 0.9);
            try { pair.Load(resumed, resumedOptimizer, folder); }
            catch (Exception e) { return ExerciseSheet.Threw(e, Say.Text("when loading", "加载时")); }
            if (!resumed.parameters().Zip(savedWeights).All(p => p.First.eq(p.Second).all().item<bool>()))
                return Say.Text("after loading, the new model's weights are not the saved ones", "加载之后，新模型的权重并不是保存下来的那些");

            for (int i = 0; i < 3; i++) { Step(never, neverOptimizer, inputs[i], labels[i]); Step(resumed, resumedOptimizer, inputs[i], labels[i]); }
            double gap = never.parameters().Zip(resumed.parameters()).Max(p => (p.First - p.Second).abs().max().item<float>());
            return gap <= 1e-6 ? null
                : Say.Text($"the weights came back, but 3 more steps went differently (weights apart by up to {Say.Number(gap)}): SGD's momentum, the optimizer's state, was not saved or not loaded",
                           $"权重恢复了，但再训练 3 步后结果就不同了（权重最多相差 {Say.Number(gap)}）：SGD 的动量，也就是优化器的状态，没有保存或没有加载");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }, () => Say.Text("to continue training exactly, a new process needs everything the next step reads: the weights, and what the optimizer remembers from earlier steps",
                      "要精确地接着训练，新进程需要下一步会读到的一切：权重，以及优化器从之前各步记下的东西"),
       _ => Say.Text("a model trained 3 steps, saved, loaded into a fresh model and optimizer, then trained 3 more, ends exactly where one never stopped does",
                     "模型训练 3 步、保存、加载进全新的模型和优化器、再训练 3 步，结果和从未中断的完全一样"));

    sealed record SaveLoad(CheckpointAction Save, CheckpointAction Load);

    static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor inputs, Tensor labels)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.forward(inputs), labels).backward();
        optimizer.step();
    }

    /// <summary>Scores computed with no graph recorded, and nothing else changed (mode, parameters, grad mode).</summary>
    public static string Exercise5(Func<nn.Module<Tensor, Tensor>, Tensor, Tensor>? scoresWithoutGraph) => Sheet.Check(5, scoresWithoutGraph, f =>
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
