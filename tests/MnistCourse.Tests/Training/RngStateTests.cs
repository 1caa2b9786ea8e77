using System.Diagnostics;
using MnistCourse.Tests.Support;
using MnistCourse.Training;
using static TorchSharp.torch;

namespace MnistCourse.Tests.Training;

/// <summary>These tests read torch's one default generator, which tests running beside them would move on: they run alone.</summary>
[CollectionDefinition(nameof(DefaultGeneratorCollection), DisableParallelization = true)]
public class DefaultGeneratorCollection;

[Collection(nameof(DefaultGeneratorCollection))]
public class RngStateTests
{
    public RngStateTests() => Torch.Init();

    [Fact]
    public void Restoring_a_saved_state_repeats_the_same_random_numbers()
    {
        manual_seed(123);
        byte[] saved = RngState.Save();
        using var first = rand(8);
        RngState.Restore(saved);
        using var again = rand(8);
        Assert.True(first.equal(again).all().item<bool>(), "the restored generator drew other numbers");
        Assert.NotEqual(saved, RngState.Save()); // drawing moved the state on, so the comparison above means something
    }

    /// <summary>
    /// The checkpoint's RNG read, 20,000 times while another thread collects garbage without pause: torch's own
    /// get_rng_state() let a finalizer delete the generator it was reading, and crashed the process (SIGSEGV)
    /// within this loop; a 10,000-epoch run met the same race by chance.
    /// </summary>
    [Fact]
    public void Saving_the_state_thousands_of_times_during_garbage_collections_neither_crashes_nor_changes_it()
    {
        manual_seed(7);
        byte[] expected = RngState.Save();
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        try
        {
            for (; calls < 20_000; calls++)
            {
                byte[] state = RngState.Save();
                if (!state.AsSpan().SequenceEqual(expected)) Assert.Fail($"call {calls + 1} read another state");
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        Assert.Equal(20_000, calls);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"20,000 reads took {clock.Elapsed.TotalSeconds:F0} s");
    }
}
