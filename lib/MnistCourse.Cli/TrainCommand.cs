using System.CommandLine;
using System.Globalization;
using MnistCourse.Data;
using MnistCourse.Models;
using MnistCourse.Reporting;
using MnistCourse.Runtime;
using MnistCourse.Training;
using T = MnistCourse.Cli.TrainOptionTable;

namespace MnistCourse.Cli;

/// <summary>
/// `mnist-course train`: the source's complete example, from the terminal. A run folder holds everything a
/// run produces; whatever stops the run, every finished epoch stays in it, and `--resume` brings every output
/// (metrics.csv, both checkpoints, TensorBoard, the report) up to the last finished epoch before going on.
/// </summary>
internal static class TrainCommand
{
    /// <summary>What a run was asked to be, checked in full before anything in its folder changes.</summary>
    sealed record Plan(RunFolder Folder, RunManifest? Manifest, RunManifest? Earlier, string? ResumeFile, CheckpointInfo? Resumed,
        TrainingOptions Options, SimpleNetRecipe Recipe, bool Report)
    {
        public int Finished => Resumed?.Epoch ?? 0;
    }

    /// <param name="trainingStarts">Called once the first batch is about to run: from then on a stop signal can wait for the batch to end.</param>
    public static int Run(ParseResult parse, CancellationToken cancel, Action? trainingStarts = null)
    {
        var plan = Check(parse);
        using var folder = plan.Folder;
        StopPoint.Reached("start-up");
        StopPoint.WatchWrites();
        TorchRuntime.EnsureLoaded(parse.GetValue(T.Threads));
        var device = ChooseDevice(parse);

        var location = plan.Manifest is null ? LocateData(parse, cancel) : plan.Manifest.LocateData(parse.GetValue(T.DataDir));
        Console.WriteLine($"Data: {location}");
        using var data = LoadData(location, device);
        if (plan.Options.BatchSize > data.Train.Count)
            throw new UsageException($"--batch-size {plan.Options.BatchSize} is more than the {data.Train.Count} training images in {location.Directory}; pass at most {data.Train.Count}");

        var trainer = Trainer.ForSimpleNet(plan.Options, device, plan.Recipe, data.InputSize, data.ClassCount);
        var manifest = Prepare(plan, location, parse, trainer.Describe(), cancel);
        Console.WriteLine($"Using device: {Devices.Describe(device)}");
        var console = ConsoleReporter.ForConsole();
        var tensorBoard = new TensorBoardLogger(folder.TensorBoard);
        Resume(plan, trainer, console, tensorBoard);
        trainingStarts?.Invoke();
        var report = Train(plan, trainer, data, manifest, console, tensorBoard, cancel);

        Console.WriteLine($"Metrics: {folder.Metrics}");
        if (report is not null) Console.WriteLine($"Report: {report.Path}");
        return 0;
    }

    /// <summary>
    /// Everything is checked before anything in the folder changes: the folder, run.json, the checkpoint, the options.
    /// (The data follows, once libtorch is loaded.)
    /// </summary>
    static Plan Check(ParseResult parse)
    {
        string? resume = parse.GetValue(T.Resume);
        string? resumeFile = null;
        string outDir = parse.GetValue(T.Out)!;
        if (resume is { } r && r.Trim().Length == 0)
            throw new UsageException("--resume needs the folder of a run (or one of its checkpoints), got ''");
        if (outDir.Trim().Length == 0)
            throw new UsageException("--out needs a folder name, got ''; pass a new or empty folder, e.g. --out runs/first");
        if (resume is not null)
        {
            (outDir, resumeFile) = ResumeTarget(resume);
            if (T.Typed(parse, T.Out) && Path.GetFullPath(parse.GetValue(T.Out)!) != Path.GetFullPath(outDir))
                throw new UsageException($"--out {parse.GetValue(T.Out)} conflicts with --resume {resume}: a resumed run continues in its own folder; leave --out out");
        }
        var folder = RunFolder.Open(outDir, resume is null ? "--out" : "--resume", create: resume is null);
        try
        {
            RunManifest? manifest = null, earlier = null;
            CheckpointInfo? resumed = null;
            if (resume is not null)
            {
                manifest = RunManifest.Read(folder.Manifest);
                if (manifest.Conflict(parse) is { } conflict) throw new UsageException(conflict);
                resumeFile ??= folder.LastCheckpoint;
                if (File.Exists(resumeFile) || resumeFile != folder.LastCheckpoint)
                {
                    resumed = ReadResumable(resumeFile, folder);
                    RunAgreement.Check(resumed, resumeFile, manifest);
                }
                else
                {
                    RunAgreement.CheckNothingFinished(folder);
                }
            }
            else
            {
                earlier = EarlierRun(folder, outDir);
            }

            var (options, recipe) = SettingsOf(parse, manifest);
            int finished = resumed?.Epoch ?? 0;
            if (finished > options.Epochs)
                throw new UsageException($"--epochs {options.Epochs} is fewer than the {finished} epochs this run has finished; pass --epochs {finished} or more");
            if (manifest is not null && options.Schedule == ScheduleKind.Cosine && manifest[T.Epochs] != Text(options.Epochs))
                throw new UsageException($"--epochs {options.Epochs}: this run's cosine schedule was planned over its --epochs {manifest[T.Epochs]} " +
                    "(the learning rate falls to 0 at its end), so the run cannot change its length; train a new run with " +
                    $"--scheduler cosine --epochs {options.Epochs} into a new --out");
            bool report = manifest is null ? !parse.GetValue(T.NoReport) : manifest[T.NoReport] != "true";
            return new Plan(folder, manifest, earlier, resumeFile, resumed, options, recipe, report);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    static TorchSharp.torch.Device ChooseDevice(ParseResult parse)
    {
        try
        {
            return Devices.Choose(T.Parse<DeviceChoice>(parse.GetValue(T.Device)!));
        }
        catch (DeviceUnavailableException e)
        {
            throw new UsageException(e.Reason == DeviceProblem.CpuOnlyBuild
                ? "--device cuda: this build has the CPU libtorch (TorchBackend=cpu); for an NVIDIA GPU rebuild with " +
                  "`dotnet build MnistCourse.sln -c Release -p:TorchBackend=cuda` (see README), or use --device cpu or auto"
                : "--device cuda: this build has the CUDA libtorch, but no CUDA device is available (check the NVIDIA " +
                  "driver with nvidia-smi); use --device cpu or auto");
        }
    }

    /// <summary>Decided: from here on the folder changes, and only in what this run (or the one it replaces) wrote. Returns the run's record.</summary>
    static RunManifest Prepare(Plan plan, DataLocation location, ParseResult parse, RunDescription ran, CancellationToken cancel)
    {
        var folder = plan.Folder;
        var manifest = plan.Manifest ?? RunManifest.Create(location, parse, ran, cancel);
        if (plan.Earlier is not null && folder.ClearEarlierRun(plan.Earlier.Outputs).Count > 0)
            Console.WriteLine($"Replacing the earlier run in {folder.Path}");
        var leftovers = folder.RemoveLeftovers();
        if (leftovers.Count > 0) Console.WriteLine($"Removed {leftovers.Count} temp file(s) an interrupted run left in {folder.Path}: {string.Join(", ", leftovers)}");
        if (plan.Manifest is null)
        {
            manifest.Write(folder.Manifest);
        }
        else if (manifest[T.Epochs] != Text(plan.Options.Epochs))
        {
            manifest.Options[T.Epochs.Name] = Text(plan.Options.Epochs);
            manifest.Write(folder.Manifest);
        }
        return manifest;
    }

    /// <summary>A resumed run: the checkpoint into the trainer, its epochs on the console, and every output brought level with it.</summary>
    static void Resume(Plan plan, Trainer trainer, ConsoleReporter console, TensorBoardLogger tensorBoard)
    {
        var folder = plan.Folder;
        if (plan.Resumed is { } resumed)
        {
            Checkpoint.Restore(plan.ResumeFile!, trainer);
            // Going back to another checkpoint (checkpoint-best.ckpt) makes it the run's last one.
            if (plan.ResumeFile != folder.LastCheckpoint)
                AtomicFile.Write(folder.LastCheckpoint, s => { using var chosen = File.OpenRead(plan.ResumeFile!); chosen.CopyTo(s); });
            Console.WriteLine($"Resuming {plan.ResumeFile}: {plan.Finished} of {plan.Options.Epochs} epochs finished");
            foreach (var done in resumed.History) console.Print(done with { Epochs = plan.Options.Epochs });
            var repaired = RunOutputs.BringUpToDate(folder, resumed.History, tensorBoard);
            if (repaired.Count > 0) Console.WriteLine($"Brought up to epoch {plan.Finished}: {string.Join(", ", repaired)}");
        }
        else if (plan.Manifest is not null)
        {
            Console.WriteLine($"Resuming {folder.Path}: no epoch had finished; starting from epoch 1");
        }
    }

    /// <summary>
    /// Trains with the run folder's listeners. Whatever stops the run, ReportListener writes the report of the
    /// finished epochs, and the user learns what --resume will continue from. Returns the report's listener (null with --no-report).
    /// </summary>
    static ReportListener? Train(Plan plan, Trainer trainer, MnistLikeData data, RunManifest manifest, ConsoleReporter console,
        TensorBoardLogger tensorBoard, CancellationToken cancel)
    {
        var folder = plan.Folder;
        var report = plan.Report ? new ReportListener(folder.Report) : null;
        // Checkpoints first: once an epoch's line is printed, it is saved.
        trainer.Listeners.Add(new CheckpointWriter(folder.Path, manifest.RunId));
        trainer.Listeners.Add(new MetricsCsv(folder.Metrics));
        trainer.Listeners.Add(tensorBoard);
        trainer.Listeners.Add(console);
        trainer.Listeners.Add(new StopPointListener());
        // The console's bar is cleared before the report is drawn, and the training split (188 MB for MNIST) is
        // freed first, so the report's own memory does not raise the run's peak.
        trainer.Listeners.Add(new BeforeReport(console, data));
        if (report is not null) trainer.Listeners.Add(report);

        if (plan.Finished == plan.Options.Epochs) Console.WriteLine($"All {plan.Options.Epochs} epochs are finished (pass --epochs N to train further).");
        try
        {
            trainer.Fit(data, plan.Finished + 1, cancel);
        }
        catch (Exception failure) when (trainer.History.Count > 0 && trainer.History[^1].Epoch == plan.Options.Epochs && failure is IOException or UnauthorizedAccessException)
        {
            // Every epoch finished; writing the report failed.
            Console.Error.WriteLine($"All {plan.Options.Epochs} epochs are saved in {folder.Path}; --resume {folder.Path} writes the report again");
            throw;
        }
        catch (Exception failure)
        {
            int saved = RunOutputs.SavedEpochs(folder);
            if (report is { Problem: { } problem }) Console.Error.WriteLine($"The report was not written ({problem})");
            else if (report is { Written: true }) Console.Error.WriteLine($"Report of the finished epochs: {report.Path}");
            if (failure is TrainingDivergedException diverged)
                // Resuming would repeat the same steps from the same state and diverge again: only a new run helps.
                throw new RunFailedException(
                    $"training diverged: the loss became {diverged.Loss} at epoch {diverged.Epoch}, batch {diverged.Batch}/{diverged.Batches}. " +
                    $"Resuming would diverge the same way; start a new run with a lower learning rate, e.g. --lr {plan.Recipe.LearningRate / 10:G3} --out NEW" +
                    (saved > 0 ? $" ({saved} finished epoch(s) stay in {folder.Path})" : ""), failure);
            if (saved > 0) Console.Error.WriteLine($"{saved} finished epoch(s) are saved in {folder.Path}; continue with --resume {folder.Path}");
            throw;
        }
        return report;
    }

    /// <summary>Clears the progress bar and frees the training split once the epochs are over, however they ended.</summary>
    sealed class BeforeReport(ConsoleReporter console, MnistLikeData data) : ITrainingListener
    {
        public void OnTrainingEnd(Trainer trainer, IReadOnlyList<EpochResult> history) => Done();
        public void OnFitFailed(Trainer trainer, Exception failure) => Done();

        void Done()
        {
            console.ClearBar();
            data.Train.Dispose();
        }
    }

    /// <summary>
    /// The earlier run in a new run's --out folder, whose outputs the new run replaces; null for an empty folder (or
    /// one holding only temp files of a run killed before it wrote run.json). Any other folder is not a run folder:
    /// it is refused, naming what it holds, and nothing in it is touched.
    /// </summary>
    static RunManifest? EarlierRun(RunFolder folder, string outDir)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder.Path).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();
        string why = "";
        if (File.Exists(folder.Manifest))
        {
            try { return RunManifest.Read(folder.Manifest); }
            catch (RunFolderException e)
            {
                const string marker = "damaged run record (";
                int at = e.Message.IndexOf(marker, StringComparison.Ordinal) + marker.Length, end = e.Message.LastIndexOf(')');
                why = at >= marker.Length && end > at ? $"; its {RunManifest.FileName} is no run record of this program ({e.Message[at..end]})" : "";
            }
        }
        else if (folder.ForeignEntries().Count == 0 && entries.All(e => e.EndsWith(".tmp", StringComparison.Ordinal) || e == "tensorboard"))
        {
            return null;
        }
        if (entries.Count == 0) return null;
        string shown = string.Join(", ", entries.Take(6).Select(e => Directory.Exists(Path.Combine(folder.Path, e)) ? e + "/" : e)) +
            (entries.Count > 6 ? $" and {entries.Count - 6} more" : "");
        throw new RunFolderException($"--out {outDir}: not empty and not a run folder (it holds {shown}){why}; " +
            "pass a new or empty folder, so nothing of yours is replaced");
    }

    /// <summary>--resume names a run folder, or one of its checkpoints (checkpoint-best.ckpt to go back to the best epoch).</summary>
    static (string Folder, string? Checkpoint) ResumeTarget(string resume)
    {
        if (File.Exists(resume)) return (Path.GetDirectoryName(Path.GetFullPath(resume))!, Path.GetFullPath(resume));
        if (Directory.Exists(resume)) return (resume, null);
        throw new RunFolderException($"--resume {resume}: no such folder or checkpoint; pass the --out folder of the run to continue");
    }

    /// <summary>
    /// Reads the checkpoint to resume from, and says what to do when it cannot be: for a damaged checkpoint-last.ckpt,
    /// whether checkpoint-best.ckpt can be resumed instead.
    /// </summary>
    static CheckpointInfo ReadResumable(string path, RunFolder folder)
    {
        try
        {
            return Checkpoint.ReadInfo(path);
        }
        catch (CheckpointException e) when (path == folder.LastCheckpoint && File.Exists(folder.BestCheckpoint))
        {
            int? best = null;
            try { best = Checkpoint.ReadInfo(folder.BestCheckpoint).Epoch; } catch (CheckpointException) { }
            throw new CheckpointException(e.Reason, best is int epoch
                ? $"{e.Message}; resume from epoch {epoch} with --resume {folder.BestCheckpoint}, or train into a new --out"
                : $"{e.Message}; {Checkpoint.BestFile} is damaged too, so train into a new --out", e);
        }
        catch (CheckpointException e) when (e.Reason is CheckpointProblem.Damaged or CheckpointProblem.Truncated or CheckpointProblem.Corrupt
                                              or CheckpointProblem.UnsupportedFormat or CheckpointProblem.NotACheckpoint)
        {
            throw new CheckpointException(e.Reason, $"{e.Message}; train into a new --out", e);
        }
        catch (CheckpointException e) when (e.Reason == CheckpointProblem.Missing)
        {
            throw new CheckpointException(e.Reason, $"{e.Message}; train with --out {Path.GetDirectoryName(path)} first", e);
        }
    }

    /// <summary>
    /// The loop's settings and SimpleNet's recipe, from the command line (a resumed run takes every option from
    /// run.json except those it may change). A value the library refuses is told as the option that set it.
    /// </summary>
    static (TrainingOptions, SimpleNetRecipe) SettingsOf(ParseResult parse, RunManifest? run)
    {
        string TextOf(Option option) => run is null || T.ChangeableOnResume.Contains(option.Name) ? T.ValueText(parse, option) : run[option];
        int Int(Option<int> o) => int.Parse(TextOf(o), CultureInfo.InvariantCulture);
        double Double(Option<double> o) => double.Parse(TextOf(o), CultureInfo.InvariantCulture);
        var options = new TrainingOptions
        {
            Epochs = run is not null && !T.Typed(parse, T.Epochs) ? int.Parse(run[T.Epochs], CultureInfo.InvariantCulture) : parse.GetValue(T.Epochs),
            BatchSize = Int(T.BatchSize),
            Seed = long.Parse(TextOf(T.Seed), CultureInfo.InvariantCulture),
            Schedule = T.Parse<ScheduleKind>(TextOf(T.Scheduler)),
            StepSize = Int(T.StepSize),
            Gamma = Double(T.Gamma),
            Patience = Int(T.Patience),
        };
        var recipe = new SimpleNetRecipe
        {
            Hidden = Int(T.Hidden),
            Optimizer = T.Parse<OptimizerKind>(TextOf(T.Optimizer)),
            LearningRate = Double(T.LearningRate),
            Momentum = Double(T.Momentum),
        };
        try
        {
            options.Validate();
            recipe.Validate();
        }
        catch (ArgumentException e) when (T.ForProperty(e.ParamName) is { } option)
        {
            throw new UsageException($"{option.Name} {TextOf(option)}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        return (options, recipe);
    }

    static DataLocation LocateData(ParseResult parse, CancellationToken cancel)
    {
        var progress = Console.IsErrorRedirected ? null : new Progress<DownloadProgress>(DrawDownload);
        var locator = DataLocator.CreateDefault(parse.GetValue(T.DataDir), line => Console.Error.WriteLine(line), progress, T.DataDir.Name);
        try
        {
            return locator.Locate(parse.GetValue(T.Dataset)!, cancel);
        }
        catch (DataException e) when (e.Reason == DataProblem.NotFound)
        {
            throw new DataException($"{e.Message.TrimEnd('.')}: --data-dir DIR.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot read the data: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    static MnistLikeData LoadData(DataLocation location, TorchSharp.torch.Device device)
    {
        try
        {
            return MnistLikeData.Load(location, device);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"cannot read the data in {location.Directory}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    static void DrawDownload(DownloadProgress p)
    {
        string size = p.TotalBytes is long total ? $"{p.Bytes * 100 / Math.Max(total, 1)}% of {total / 1e6:F1} MB" : $"{p.Bytes / 1e6:F1} MB";
        Console.Error.Write($"\r  {p.File}: {size}   ");
        if (p.Bytes == p.TotalBytes) Console.Error.WriteLine();
    }

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
