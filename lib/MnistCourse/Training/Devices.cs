using TorchSharp;
using static TorchSharp.torch;

namespace MnistCourse.Training;

/// <summary>Thrown for a device that was asked for but cannot be used; the message says why and what to pass instead.</summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);

/// <summary>The source's `device = cuda if available else cpu`, plus an explicit choice.</summary>
public static class Devices
{
    public static readonly string[] Choices = { "auto", "cpu", "cuda" };

    /// <summary>Resolves "auto", "cpu" or "cuda" (also "cuda:N") to a torch device.</summary>
    public static Device Choose(string choice = "auto")
    {
        string c = choice.Trim().ToLowerInvariant();
        if (c == "auto") return cuda.is_available() ? CUDA : CPU;
        if (c == "cpu") return CPU;
        if (c == "cuda" || c.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new DeviceUnavailableException(MnistCourse.Runtime.TorchRuntime.Backend == "cuda"
                    ? "--device cuda: this build has the CUDA libtorch, but no CUDA device is available (check the NVIDIA " +
                      "driver with nvidia-smi); use --device cpu or auto"
                    : "--device cuda: this build has the CPU libtorch (TorchBackend=cpu); for an NVIDIA GPU rebuild with " +
                      "`dotnet build MnistCourse.sln -c Release -p:TorchBackend=cuda` (see README), or use --device cpu or auto");
            return new Device(c);
        }
        throw new ArgumentException($"unknown device '{choice}'; choose one of: {string.Join(", ", Choices)}");
    }

    public static string Describe(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(device.index, 0)}" : device.type.ToString().ToLowerInvariant();
}
