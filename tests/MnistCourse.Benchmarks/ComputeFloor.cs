using static TorchSharp.torch;

namespace MnistCourse.Benchmarks;

/// <summary>
/// The compute floor of one course epoch: the matrix products SimpleNet's training and validation need, and
/// nothing else, through TorchSharp into the same libtorch. Per training batch: fc1 and fc2 forward, fc2's
/// input gradient, and both weight gradients (fc1's input gradient is never needed); per validation batch, the
/// two forward products. Outputs are preallocated and overwritten (beta 0), and the transposed operands are
/// views made once, so nothing but the products is timed.
/// </summary>
sealed class ComputeFloor : IDisposable
{
    readonly List<Tensor> owned = new();
    readonly Tensor w1T, w2, w2T, gradW1, gradW2;
    readonly (Batch Batch, int Times)[] train, validation;

    public ComputeFloor(int trainCount, int validationCount, int batchSize = 64, int inputs = 784, int hiddenUnits = 128, int classes = 10)
    {
        w1T = Own(randn(hiddenUnits, inputs)).t();
        w2 = Own(randn(classes, hiddenUnits));
        w2T = w2.t();
        gradW1 = Own(empty(hiddenUnits, inputs));
        gradW2 = Own(empty(classes, hiddenUnits));
        train = Batches(trainCount);
        validation = Batches(validationCount);

        // Full batches, then the shorter last one (60,000 = 937·64 + 32; 10,000 = 156·64 + 16), as in the real epoch.
        (Batch, int)[] Batches(int count)
        {
            var batches = new List<(Batch, int)> { (new Batch(this, batchSize, inputs, hiddenUnits, classes), count / batchSize) };
            if (count % batchSize != 0) batches.Add((new Batch(this, count % batchSize, inputs, hiddenUnits, classes), 1));
            return batches.ToArray();
        }
    }

    /// <summary>The operands and results of one batch's products.</summary>
    sealed class Batch
    {
        public readonly Tensor X, Hidden, Output, GradOut, GradOutT, GradHidden, GradHiddenT;

        public Batch(ComputeFloor floor, int rows, int inputs, int hiddenUnits, int classes)
        {
            X = floor.Own(randn(rows, inputs));
            Hidden = floor.Own(empty(rows, hiddenUnits));
            Output = floor.Own(empty(rows, classes));
            GradOut = floor.Own(randn(rows, classes));
            GradOutT = GradOut.t();
            GradHidden = floor.Own(empty(rows, hiddenUnits));
            GradHiddenT = GradHidden.t();
            floor.owned.AddRange(new[] { GradOutT, GradHiddenT });
        }
    }

    Tensor Own(Tensor t)
    {
        owned.Add(t);
        return t;
    }

    public void Epoch()
    {
        foreach (var (b, times) in train)
            for (int i = 0; i < times; i++)
            {
                b.Hidden.addmm_(b.X, w1T, beta: 0, alpha: 1);               // fc1 forward
                b.Output.addmm_(b.Hidden, w2T, beta: 0, alpha: 1);          // fc2 forward
                b.GradHidden.addmm_(b.GradOut, w2, beta: 0, alpha: 1);      // fc2 input gradient
                gradW2.addmm_(b.GradOutT, b.Hidden, beta: 0, alpha: 1);     // fc2 weight gradient
                gradW1.addmm_(b.GradHiddenT, b.X, beta: 0, alpha: 1);       // fc1 weight gradient
            }
        foreach (var (b, times) in validation)
            for (int i = 0; i < times; i++)
            {
                b.Hidden.addmm_(b.X, w1T, beta: 0, alpha: 1);
                b.Output.addmm_(b.Hidden, w2T, beta: 0, alpha: 1);
            }
    }

    public void Dispose()
    {
        foreach (var t in owned) t.Dispose();
        w1T.Dispose();
        w2T.Dispose();
    }
}
