using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistCourse.Models;

/// <summary>The source's model: Linear(784, 128) -> ReLU -> Linear(128, 10). Field names give the
/// parameter names fc1.weight, fc1.bias, fc2.weight, fc2.bias, as in PyTorch.</summary>
public sealed class SimpleNet : Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly ReLU relu;
    private readonly Linear fc2;

    public SimpleNet(int inputSize = 784, int hiddenSize = 128, int numClasses = 10) : base(CheckedName(inputSize, hiddenSize, numClasses))
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumClasses = numClasses;
        fc1 = Linear(inputSize, hiddenSize);
        relu = ReLU();
        fc2 = Linear(hiddenSize, numClasses);
        RegisterComponents();
    }

    // Runs before Module's constructor, the first native call: a layer of size 0 fails deep in libtorch.
    static string CheckedName(int inputSize, int hiddenSize, int numClasses)
    {
        Arguments.AtLeast(inputSize, 1);
        Arguments.AtLeast(hiddenSize, 1);
        Arguments.AtLeast(numClasses, 1);
        return nameof(SimpleNet);
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumClasses { get; }

    public override Tensor forward(Tensor x)
    {
        Arguments.NotNull(x);
        var hidden = relu.forward(fc1.forward(x));
        return fc2.forward(hidden);
    }

    /// <summary>Number of trainable parameters (784*128 + 128 + 128*10 + 10 = 101,770 for the defaults).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
