using static TorchSharp.torch;

namespace MnistCourse.Course.Exercises;

/// <summary>
/// A small model with Dropout that remembers how it was called: whether it was in training mode (Dropout on) and
/// whether autograd was recording (no no_grad()). Validation and prediction code is judged by what it made the model
/// do, not by how it is spelled.
/// </summary>
internal sealed class ModeProbe : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> layers;

    public ModeProbe(long seed, int inputs = 784, int classes = 10) : base(nameof(ModeProbe))
    {
        manual_seed(seed);
        layers = nn.Sequential(nn.Linear(inputs, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, classes));
        RegisterComponents();
    }

    public int Calls { get; private set; }
    public int CallsInTrainingMode { get; private set; }
    public int CallsRecordingGradients { get; private set; }

    public void Forget() => Calls = CallsInTrainingMode = CallsRecordingGradients = 0;

    public override Tensor forward(Tensor input)
    {
        Calls++;
        if (training) CallsInTrainingMode++;
        if (is_grad_enabled()) CallsRecordingGradients++;
        return layers.forward(input);
    }

    /// <summary>The model's real answer: evaluation mode, no graph; its mode is put back.</summary>
    public Tensor Reference(Tensor inputs)
    {
        bool wasTraining = training;
        eval();
        try { using (no_grad()) return layers.forward(inputs); }
        finally { train(wasTraining); }
    }
}
