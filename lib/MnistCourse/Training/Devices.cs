using TorchSharp;
using static TorchSharp.torch;
using MnistCourse.Localization;

namespace MnistCourse.Training;

/// <summary>Which device to train on: the source's rule (<see cref="Auto"/>), or one named.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA if a GPU is available, else the CPU: the source's `cuda if available else cpu`.</summary>
    Auto,
    Cpu,
    Cuda,
}

/// <summary>A device that was asked for cannot be used; the message says why, Reason which case it is.</summary>
public sealed class DeviceUnavailableException(DeviceProblem reason, string message) : Exception(message)
{
    public DeviceProblem Reason { get; } = reason;
}

public enum DeviceProblem
{
    /// <summary>The library was built with the CPU libtorch.</summary>
    CpuOnlyBuild,
    /// <summary>The CUDA libtorch is there, but no CUDA device answers.</summary>
    NoCudaDevice,
}

/// <summary>The source's `device = cuda if available else cpu`, plus an explicit choice.</summary>
public static class Devices
{
    /// <summary>Resolves a choice to a torch device; <paramref name="cudaIndex"/> picks one of several GPUs.</summary>
    public static Device Choose(DeviceChoice choice = DeviceChoice.Auto, int cudaIndex = 0)
    {
        Arguments.AtLeast(cudaIndex, 0);
        switch (choice)
        {
            case DeviceChoice.Auto: return cuda.is_available() ? CUDA : CPU;
            case DeviceChoice.Cpu: return CPU;
            case DeviceChoice.Cuda:
                if (!cuda.is_available())
                    throw MnistCourse.Runtime.TorchRuntime.Backend == "cuda"
                        ? new DeviceUnavailableException(DeviceProblem.NoCudaDevice, Texts.Localize(
                            "CUDA was asked for: this build has the CUDA libtorch, but no CUDA device is available (check the NVIDIA driver with nvidia-smi); choose DeviceChoice.Cpu or DeviceChoice.Auto"))
                        : new DeviceUnavailableException(DeviceProblem.CpuOnlyBuild, Texts.Localize(
                            "CUDA was asked for, but this build has the CPU libtorch (TorchBackend=cpu); for an NVIDIA GPU rebuild with `dotnet build MnistCourse.sln -c Release -p:TorchBackend=cuda` (see README), or choose DeviceChoice.Cpu or DeviceChoice.Auto"));
                return new Device(DeviceType.CUDA, cudaIndex);
            default:
                throw Arguments.NotOneOf(choice, nameof(choice));
        }
    }

    public static string Describe(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(device.index, 0)}" : device.type.ToString().ToLowerInvariant();
}
