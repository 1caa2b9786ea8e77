using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>
/// Judges a network's structure by what it does, so an nn.Sequential, a named Sequential and a custom Module whose
/// forward calls functional.relu are judged alike: it finds the Linear layers (any module registers them), chains
/// them by their sizes, then sets their weights so that a known number reaches exactly one place between two layers
/// (or after the last) and travels on, unchanged, to the output. ReLU there turns a negative number to 0; nothing
/// there lets it through; Sigmoid and the like bend it. The learner's weights and mode are put back afterwards.
/// </summary>
internal static class NetworkProbe
{
    const float Lift = 10;   // keeps the number positive (so a ReLU passes it unchanged) everywhere but the probed place
    static readonly float[] Probes = { -2f, -0.5f, 0.5f, 2f };

    /// <summary>Null when the model is Linear(sizes[0]→sizes[1]), ReLU, ..., Linear(→sizes[^1]) with no ReLU after the last; else why not.</summary>
    public static string? Problem(nn.Module<Tensor, Tensor> model, int[] sizes)
    {
        var linears = model.modules().OfType<Linear>().ToList();
        string asked = string.Join(" → ", sizes);
        string found = string.Join(", ", linears.Select(l => $"Linear({l.weight!.shape[1]} → {l.weight.shape[0]})"));
        var chain = Chain(linears, sizes);
        if (chain is null)
            return linears.Count == 0
                ? Say.Text($"it has no Linear layers that torch can see; {asked} needs {sizes.Length - 1} (in a Module class, RegisterComponents() makes its fields visible)",
                           $"torch 在它里面看不到任何 Linear 层；{asked} 需要 {sizes.Length - 1} 个（在 Module 类里，RegisterComponents() 才会让字段里的层被看到）")
                : Say.Text($"its Linear layers are {found}; {asked} needs {sizes.Length - 1} of them, each one's out-features the next one's in-features",
                           $"它的 Linear 层是 {found}；{asked} 需要 {sizes.Length - 1} 个，每层的输出特征数就是下一层的输入特征数");

        bool wasTraining = model.training;
        var saved = chain.SelectMany(l => new[] { l.weight!, l.bias }).Where(p => p is not null).Select(p => p!.detach().clone()).ToList();
        try
        {
            model.eval();   // Dropout or BatchNorm, if the learner added them, must not blur the probe
            if (chain.Any(l => l.bias is null))
                return Say.Text("its Linear layers have no bias (bias: false); the exercise's layers have one", "它的 Linear 层没有偏置（bias: false）；题目里的层是有偏置的");
            // From the output back to the input: each place is probed once the places after it are known to pass a
            // positive number unchanged (a ReLU does, and so does a missing one, which is noted and the scan goes on).
            var missing = new List<string>();
            for (int place = chain.Count - 1; place >= 0; place--)
            {
                bool last = place == chain.Count - 1;
                var got = Probes.Select(v => Probe(model, chain, sizes[0], place, v)).ToArray();
                var expected = Probes.Select(v => last ? v : Math.Max(v, 0f) + Lift).ToArray();
                if (got.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-3)) continue;
                string where = $"Linear({sizes[place]} → {sizes[place + 1]})";
                var seen = got.Select(g => last ? g : g - Lift).ToArray();
                if (last)
                    return Say.Text($"something after the last layer changes its scores: -2 came out as {Say.Number(seen[0])} (ReLU or Softmax after the output changes the raw scores the loss needs)",
                                    $"最后一层之后还有东西改变了分数：-2 变成了 {Say.Number(seen[0])}（输出之后再接 ReLU 或 Softmax 会改变损失函数需要的原始分数）");
                if (seen.Zip(Probes).All(p => Math.Abs(p.First - p.Second) < 1e-3)) { missing.Insert(0, where); continue; }
                return Say.Text($"after {where} the values are bent, but not as ReLU does: -2, -0.5, 0.5, 2 became {string.Join(", ", seen.Select(v => Say.Number(v)))} (ReLU gives 0, 0, 0.5, 2)",
                                $"{where} 之后的数值被改变了，但不是 ReLU 的方式：-2、-0.5、0.5、2 变成了 {string.Join("、", seen.Select(v => Say.Number(v)))}（ReLU 给出 0、0、0.5、2）");
            }
            if (missing.Count > 0)
                return Say.Text($"nothing happens after {string.Join(" and after ", missing)}: -2 goes on as -2, so the layers around it collapse into one linear map; ReLU belongs there",
                                $"{string.Join(" 和 ", missing)} 之后什么也没有发生：-2 原样传下去，前后的层就合成了一个线性映射；那里应该接 ReLU");
            return null;
        }
        finally
        {
            using (no_grad())
            {
                int i = 0;
                foreach (var p in chain.SelectMany(l => new[] { l.weight!, l.bias }).Where(p => p is not null)) p!.copy_(saved[i++]);
            }
            model.train(wasTraining);
        }
    }

    /// <summary>The Linear layers ordered from input to output by their sizes; null unless exactly that chain.</summary>
    static List<Linear>? Chain(List<Linear> linears, int[] sizes)
    {
        if (linears.Count != sizes.Length - 1) return null;
        var chain = new List<Linear>();
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            var next = linears.FirstOrDefault(l => !chain.Contains(l) && l.weight!.shape[1] == sizes[i] && l.weight.shape[0] == sizes[i + 1]);
            if (next is null) return null;
            chain.Add(next);
        }
        return chain;
    }

    /// <summary>
    /// Unit 0 of the output when the layer before <paramref name="place"/> emits <paramref name="value"/> from its bias
    /// alone (zero weights cut off everything upstream) and the layers after it carry that unit straight to the output,
    /// lifted above zero so that the ReLUs after it pass it unchanged.
    /// </summary>
    static float Probe(nn.Module<Tensor, Tensor> model, List<Linear> chain, int inputs, int place, float value)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            for (int k = 0; k < chain.Count; k++)
            {
                chain[k].weight!.zero_();
                chain[k].bias!.zero_();
                if (k > place) chain[k].weight![0, 0] = 1f;
            }
            chain[place].bias![0] = value;
            if (place + 1 < chain.Count) chain[place + 1].bias![0] = Lift;
            return model.forward(zeros(1, inputs))[0, 0].item<float>();
        }
    }
}
