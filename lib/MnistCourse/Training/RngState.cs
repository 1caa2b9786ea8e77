using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>
/// The state of torch's default CPU generator as bytes, for checkpoints. Not torch.get_rng_state(): TorchSharp's
/// version wraps the default generator in a new torch.Generator each call and uses only its handle, so the wrapper
/// is garbage while the native get_state() still runs; a garbage collection then can finalize it, and the
/// finalizer deletes the native at::Generator being read (a SIGSEGV in at::Generator::get_state() once in some
/// thousand checkpoints). Here the wrapper is held, and disposed only after the native call has returned.
/// </summary>
internal static class RngState
{
    /// <summary>The default generator's state (what torch.get_rng_state() returns), copied into managed memory.</summary>
    public static byte[] Save()
    {
        using var generator = Generator.Default;
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    /// <summary>Makes <paramref name="state"/> (from <see cref="Save"/>) the default generator's state.</summary>
    public static void Restore(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var generator = Generator.Default;
        using var tensor = torch.tensor(state, ScalarType.Byte);
        generator.set_state(tensor);
    }
}
