using MnistCourse.Models;
using MnistCourse.Tests.Support;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

/// <summary>
/// Chapter 03 writes SGD's step by hand and shows it gives exactly the parameters optim.SGD's step() gives, without
/// momentum and with the tutorial's 0.9. These are the chapter's lines, checked over several steps on real gradients.
/// </summary>
public sealed class HandWrittenSgdTests
{
    public HandWrittenSgdTests() => Torch.Init();

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    // Twins copy one model's weights: seeding the global generator would race with tests running beside this one.
    // Made on first use, after the constructor has loaded TorchSharp.
    static SimpleNet? original;
    static SimpleNet Original => original ??= new SimpleNet();

    static SimpleNet Twin()
    {
        var twin = new SimpleNet();
        using (no_grad())
            foreach (var (mine, original) in twin.parameters().Zip(Original.parameters())) mine.copy_(original);
        return twin;
    }

    static (Tensor Inputs, Tensor Labels) Batch(int step)
    {
        using var generator = new Generator((ulong)(100 + step));
        return (randn(new long[] { 32, 784 }, generator: generator), randint(0, 10, new long[] { 32 }, generator: generator));
    }

    /// <summary>The chapter's hand step: v = μ·v + g (v = g on the first step), then p += −lr·v; μ = 0 is plain SGD.</summary>
    static void HandStep(SimpleNet model, Dictionary<string, Tensor> velocity, double lr, double mu)
    {
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
            {
                if (mu == 0) { p.add_(p.grad!, alpha: -lr); continue; }
                velocity[name] = velocity.TryGetValue(name, out var v) ? v.mul_(mu).add_(p.grad!) : p.grad!.clone();
                p.add_(velocity[name], alpha: -lr);
            }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void The_hand_written_step_gives_exactly_the_parameters_of_optimizer_step(double momentum)
    {
        using var criterion = nn.CrossEntropyLoss();
        var byHand = Twin();
        var stepped = Twin();
        var optimizer = optim.SGD(stepped.parameters(), learningRate: 0.01, momentum: momentum);
        var velocity = new Dictionary<string, Tensor>();
        for (int step = 0; step < 4; step++)
        {
            var (inputs, labels) = Batch(step);
            byHand.zero_grad();
            criterion.forward(byHand.forward(inputs), labels).backward();
            HandStep(byHand, velocity, 0.01, momentum);

            optimizer.zero_grad();
            criterion.forward(stepped.forward(inputs), labels).backward();
            optimizer.step();

            foreach (var ((name, mine), (_, theirs)) in byHand.named_parameters().Zip(stepped.named_parameters()))
                Assert.True(Same(mine, theirs), $"step {step + 1}, {name}: the hand step differs from optimizer.step() by {(mine - theirs).abs().max().item<float>()}");
        }
        // Momentum matters from the second step on: the same hand step without it drifts away from the optimizer's.
        if (momentum != 0)
        {
            var plain = Twin();
            for (int step = 0; step < 2; step++)
            {
                var (inputs, labels) = Batch(step);
                plain.zero_grad();
                criterion.forward(plain.forward(inputs), labels).backward();
                HandStep(plain, new Dictionary<string, Tensor>(), 0.01, 0);
            }
            var reference = Twin();
            var sgd = optim.SGD(reference.parameters(), learningRate: 0.01, momentum: momentum);
            for (int step = 0; step < 2; step++)
            {
                var (inputs, labels) = Batch(step);
                sgd.zero_grad();
                criterion.forward(reference.forward(inputs), labels).backward();
                sgd.step();
            }
            Assert.False(plain.parameters().Zip(reference.parameters()).All(pair => Same(pair.First, pair.Second)));
        }
    }
}
