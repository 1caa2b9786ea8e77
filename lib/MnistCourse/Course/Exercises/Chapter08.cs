using MnistCourse.Models;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>Saves or loads a model and its optimizer in a folder (chapter 08's exercise 2).</summary>
public delegate void CheckpointAction(nn.Module<Tensor, Tensor> model, TorchSharp.Modules.OptimizerHelper optimizer, string folder);

/// <summary>Chapter 08's exercises: StepLR's rates, saving and resuming.</summary>
public static class Chapter08
{
    static readonly ExerciseSheet Sheet = new(nameof(Chapter08), new Dictionary<int, (string, string)>
    {
        [1] = ("Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, (epoch - 1) / 5);   // halvings so far, whole-number division",
               "Func<int, double> learningRateAt = epoch => 0.01 * Math.Pow(0.5, (epoch - 1) / 5);   // 到目前为止减半的次数，用整数除法"),
        [2] = ("""
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


    /// <summary>Saving and loading model and optimizer so that training resumes exactly where it stopped.</summary>
    public static string Exercise2(CheckpointAction? saveCheckpoint, CheckpointAction? loadCheckpoint) =>
        Sheet.Check(2, saveCheckpoint is null || loadCheckpoint is null ? null : new SaveLoad(saveCheckpoint, loadCheckpoint), pair =>
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

    public static string Solution(int exercise) => Sheet.Solution(exercise);
}
