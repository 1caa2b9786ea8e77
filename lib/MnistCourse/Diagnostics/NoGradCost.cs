using System.Diagnostics;
using System.Globalization;
using System.Text;
using MnistCourse.Data;
using static TorchSharp.torch;
using MnistCourse.Localization;

namespace MnistCourse.Diagnostics;

/// <summary>
/// What evaluating with and without <c>no_grad()</c> costs: the validation loop timed several times each way
/// (alternating, to share out the noise of a busy machine), the native memory that every batch's kept output
/// holds (as when collecting outputs for a confusion matrix), and what one batch allocates inside its dispose scope.
/// Memory is -1 where glibc's counter is not available.
/// </summary>
public sealed record NoGradCost(
    double MillisecondsWith, double MillisecondsWithout,
    long KeptBytesWith, long KeptBytesWithout,
    long BatchBytesWith, long BatchBytesWithout)
{
    /// <summary>How many times longer the pass took without no_grad (the medians' ratio).</summary>
    public double TimeRatio => MillisecondsWithout / MillisecondsWith;

    public static NoGradCost Measure(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor, Tensor> criterion, DataSplit validation, int runs = 9, int batchSize = 64)
    {
        model.eval();
        Pass(true); Pass(false);   // warm-up: the first pass allocates one-time buffers
        var with = new List<double>();
        var without = new List<double>();
        for (int run = 0; run < runs; run++) { with.Add(Pass(true)); without.Add(Pass(false)); }
        OneBatch(true, 1000);      // warm-up for the bigger batch size
        return new NoGradCost(Median(with), Median(without), Kept(true), Kept(false), OneBatch(true, 1000), OneBatch(false, 1000));

        double Pass(bool noGrad)
        {
            var clock = Stopwatch.StartNew();
            using (noGrad ? no_grad() : null)
                foreach (var (inputs, labels) in new DataLoader(validation, batchSize))
                {
                    using var scope = NewDisposeScope();
                    var outputs = model.forward(inputs.view(inputs.size(0), -1));
                    criterion.forward(outputs, labels).item<float>();
                }
            return clock.Elapsed.TotalMilliseconds;
        }

        long Kept(bool noGrad)
        {
            long before = Settled();
            var kept = new List<Tensor>();
            using (noGrad ? no_grad() : null)
                foreach (var (inputs, _) in new DataLoader(validation, batchSize))
                {
                    using var scope = NewDisposeScope();
                    kept.Add(model.forward(inputs.view(inputs.size(0), -1)).MoveToOuterDisposeScope());   // keep the output, free the rest
                }
            long held = before < 0 ? -1 : NativeMemory.InUse() - before;
            foreach (var output in kept) output.Dispose();
            return held;
        }

        long OneBatch(bool noGrad, int size)
        {
            long before = Settled();
            using (noGrad ? no_grad() : null)
            using (NewDisposeScope())
            {
                var (inputs, labels) = validation.Batch(0, size);
                criterion.forward(model.forward(inputs), labels);
                return before < 0 ? -1 : NativeMemory.InUse() - before;   // before the scope frees the batch's tensors
            }
        }
    }

    static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return NativeMemory.InUse();
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    public override string ToString()
    {
        static string MB(long bytes) => bytes < 0 ? "n/a" : (bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " MB";
        // Row labels are padded by display width: a Chinese character takes two columns in a terminal or notebook.
        static int Width(string s) => s.Sum(c => c >= '\u2E80' ? 2 : 1);
        static string Label(string english) { string t = Texts.Localize(english); return t + new string(' ', Math.Max(0, 44 - Width(t))); }
        static string Right(string t, int width) => new string(' ', Math.Max(0, width - Width(t))) + t;
        var text = new StringBuilder();
        text.AppendLine($"{Label("")}{"no_grad",12}{Right(Texts.Localize("without"), 12)}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Label("validation pass, median (ms)")}{MillisecondsWith,12:F1}{MillisecondsWithout,12:F1}"));
        text.AppendLine($"{Label("native memory kept by every batch's output")}{MB(KeptBytesWith),12}{MB(KeptBytesWithout),12}");
        text.AppendLine($"{Label("allocated while one batch of 1,000 runs")}{MB(BatchBytesWith),12}{MB(BatchBytesWithout),12}");
        text.Append(Texts.Format("without no_grad: {0:F2}x the time", TimeRatio));
        if (KeptBytesWith > 0) text.Append(Texts.Format(", {0:F1}x the memory kept", (double)KeptBytesWithout / KeptBytesWith));
        return text.ToString();
    }
}
