using System.Reflection;
using System.Runtime.InteropServices;

namespace MnistCourse.Tests.Support;

/// <summary>
/// Something on the machine that a test needs and a developer's machine may lack, with the fix that installs it.
/// <see cref="Path"/> is the one place the tests name that path.
/// </summary>
public sealed record Prerequisite(string Name, string Path, string HowToInstall, Func<bool> IsPresent)
{
    /// <summary>"X (path) is missing: fix", the whole skip or failure message.</summary>
    public string MissingMessage => $"{Name} ({Path}) is missing: {HowToInstall}";
}

/// <summary>
/// Every machine path and version the tests use. A test that needs one calls <see cref="Require"/> first and is a
/// [SkippableFact] (or [SkippableTheory]): on a developer's machine a missing prerequisite skips the test with the
/// message "X is missing: how to install it"; under CI=true it fails, because CI must test everything.
/// </summary>
public static class Prerequisites
{
    /// <summary>The TorchSharp version the build used (Directory.Build.props' TorchSharpVersion, passed in by the csproj).</summary>
    public static string TorchSharpVersion { get; } = typeof(Prerequisites).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TorchSharpVersion").Value!;

    /// <summary>Debian's dataset-fashion-mnist: the four .gz files, recompressed by Debian.</summary>
    public static readonly Prerequisite FashionMnist = Exists(
        "Debian's Fashion-MNIST", "/usr/share/datasets/fashion-mnist",
        "run `sudo apt-get install dataset-fashion-mnist` (or `sudo bash environment/setup.sh --for-tests`)",
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /// <summary>The README Debian ships with dataset-fashion-mnist: Zalando's published MD5s, mirror and class names.</summary>
    public static readonly Prerequisite FashionMnistReadme = Exists(
        "Debian's Fashion-MNIST README", "/usr/share/doc/dataset-fashion-mnist/README.md.gz",
        "run `sudo apt-get install dataset-fashion-mnist` (and keep /usr/share/doc: no dpkg path-exclude for it)");

    /// <summary>The system's Chromium, driven headless by Playwright (never a browser Playwright downloads).</summary>
    public static readonly Prerequisite Chromium = Exists(
        "Chromium", "/usr/bin/chromium", "run `sudo apt-get install chromium` (Debian's package)");

    /// <summary>
    /// A second, older libtorch (Debian's 1.13) under the name TorchSharp's natives ask for, which the course must not
    /// load. python3-torch alone installs only libtorch_cpu.so.1.13; libtorch-dev adds the libtorch_cpu.so link.
    /// </summary>
    public static readonly Prerequisite SystemLibTorch = Exists(
        "Debian's libtorch 1.13 under the name libtorch_cpu.so", "/usr/lib/x86_64-linux-gnu/libtorch_cpu.so",
        "run `sudo apt-get install libtorch-dev` (Debian's libtorch 1.13, the one python3-torch uses)");

    /// <summary>The Debian packages the course website's build uses (environment/site/build.py, run by Debian's Python).</summary>
    public static readonly Prerequisite SiteBuild = new(
        "the website build's python3-markdown-it and python3-pygments", "/usr/lib/python3/dist-packages/markdown_it",
        "run `sudo bash environment/site.sh --install` (or `sudo bash environment/setup.sh --for-tests`)",
        () => Directory.Exists("/usr/lib/python3/dist-packages/markdown_it") && Directory.Exists("/usr/lib/python3/dist-packages/pygments"));

    /// <summary>Jupyter with the course's .NET (C#) kernel registered, to run the .ipynb chapters as a Jupyter user does.</summary>
    public static readonly Prerequisite Jupyter = new(
        "Jupyter with the .NET (C#) kernel", "/usr/bin/jupyter",
        "run `bash environment/jupyter.sh` (Debian's Jupyter, and the kernel registered from the pinned dotnet-interactive)",
        () => File.Exists("/usr/bin/jupyter") && JupyterKernelSpec is not null);

    /// <summary>The .net-csharp kernel.json that environment/jupyter.sh registers for this user, or null.</summary>
    public static string? JupyterKernelSpec =>
        new[] { Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR"), System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter") }
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => System.IO.Path.Combine(d!, "kernels", ".net-csharp", "kernel.json"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The pinned notebook tools compiled ahead of time (ReadyToRun) by environment/ready-to-run.sh, which leaves its
    /// stamp in each tool's folder in the NuGet cache.
    /// </summary>
    public static readonly Prerequisite ReadyToRunKernels = new(
        "the notebook tools compiled ReadyToRun (environment/ready-to-run.sh's stamps)",
        string.Join(", ", NuGetCache.PinnedTools().Select(t => System.IO.Path.Combine(t.Folder, ReadyToRunStamp))),
        "run `bash environment/ready-to-run.sh` (or `bash environment/setup.sh --for-tests`; it needs NuGet for crossgen2)",
        () => NuGetCache.PinnedTools().All(t => File.Exists(System.IO.Path.Combine(t.Folder, ReadyToRunStamp))));

    /// <summary>The stamp's name, as environment/ready-to-run.sh writes it.</summary>
    public const string ReadyToRunStamp = ".mnistcourse-ready-to-run";

    /// <summary>A Debian 13 root (newer libstdc++) built by debootstrap; MNISTCOURSE_NEWER_DISTRO_ROOT moves it.</summary>
    public static readonly Prerequisite Debian13Root = Exists(
        "a Debian 13 root", Environment.GetEnvironmentVariable("MNISTCOURSE_NEWER_DISTRO_ROOT") ?? "/var/cache/mnistcourse/debian13-root",
        "run `sudo bash environment/setup.sh --for-tests` (debootstrap builds it)", "usr/bin/env");

    /// <summary>Running as root, for tests that chroot and mount.</summary>
    public static readonly Prerequisite RootUser = new(
        "root (the test uses chroot and mount)", "uid 0", "run the suite as root (`sudo bash environment/test.sh`), as CI does",
        () => geteuid() == 0);

    /// <summary>True when the CI variable says so (GitHub Actions, GitLab and most CIs set CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test (fails it under CI=true) unless every prerequisite is present.</summary>
    public static void Require(params Prerequisite[] prerequisites) => Require(IsCi, prerequisites);

    /// <summary><see cref="Require(Prerequisite[])"/> with CI stated, so its own test can check both behaviours.</summary>
    public static void Require(bool ci, params Prerequisite[] prerequisites)
    {
        var missing = prerequisites.Where(p => !p.IsPresent()).Select(p => p.MissingMessage).ToList();
        if (missing.Count == 0) return;
        string message = string.Join("; ", missing);
        if (ci) Assert.Fail($"{message} (CI=true: CI must install every prerequisite, so nothing is skipped there)");
        throw new SkipException(message);
    }

    /// <summary>Present when the file <paramref name="path"/> exists, or when it is a folder, every file named <paramref name="inside"/> it.</summary>
    static Prerequisite Exists(string name, string path, string howToInstall, params string[] inside) =>
        new(name, path, howToInstall, () => inside.Length == 0 ? File.Exists(path) : inside.All(f => File.Exists(System.IO.Path.Combine(path, f))));

    [DllImport("libc")] static extern uint geteuid();
}
