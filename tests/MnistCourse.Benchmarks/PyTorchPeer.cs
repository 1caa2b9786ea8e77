using System.Diagnostics;
using System.Globalization;
using MnistCourse.Data;

namespace MnistCourse.Benchmarks;

/// <summary>
/// The tuned PyTorch loop (peer/pytorch_epoch.py) in a child process that trains one epoch per request, so its
/// epochs can alternate with the course's and both see the same machine load. One thread for torch and for
/// OpenBLAS, as the course uses.
/// </summary>
sealed class PyTorchPeer : IDisposable
{
    readonly Process process;

    public PyTorchPeer(DataLocation data, long seed, string python = "/usr/bin/python3")
    {
        var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { Repository.Peer("pytorch_epoch.py"), data.Directory,
                     data.Dataset.Mean.ToString("R", CultureInfo.InvariantCulture), data.Dataset.Std.ToString("R", CultureInfo.InvariantCulture),
                     seed.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (string variable in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" })
            start.Environment[variable] = "1";
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        string? ready = process.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
            throw new InvalidOperationException($"the PyTorch peer did not start (it said: {ready ?? "nothing"}); install Debian's python3-torch: bash environment/benchmark.sh");
        Description = ready["ready ".Length..];
    }

    /// <summary>torch version, threads and the BLAS libraries the peer's process actually mapped.</summary>
    public string Description { get; }

    /// <summary>Trains epoch <paramref name="epoch"/> and returns its wall and CPU time (measured inside the peer), mean loss and accuracy (%).</summary>
    public (Timing Time, double Loss, double Accuracy) Epoch(int epoch)
    {
        double[] f = Ask($"epoch {epoch}");
        return (new Timing(f[0], f[1]), f[2], f[3]);
    }

    /// <summary>The course's compute floor (the epoch's matrix products) in the peer's torch and BLAS: its wall and CPU time.</summary>
    public Timing Floor(int epoch)
    {
        double[] f = Ask($"floor {epoch}");
        return new Timing(f[0], f[1]);
    }

    /// <summary>Sends one request and reads the numbers of its answer line (after the echoed epoch).</summary>
    double[] Ask(string request)
    {
        process.StandardInput.WriteLine(request);
        process.StandardInput.Flush();
        string line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the PyTorch peer exited answering '{request}'");
        return line.Split(' ').Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill();
        process.Dispose();
    }
}
