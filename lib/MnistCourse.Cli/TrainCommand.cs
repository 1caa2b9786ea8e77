using System.CommandLine;
using System.Runtime.ExceptionServices;
using MnistCourse.Data;
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
public static class TrainCommand
{
    /// <param name="trainingStarts">Called once the first batch is about to run: from then on a stop signal can wait for the batch to end.</param>
    public static int Run(ParseResult parse, CancellationToken cancel, Action? trainingStarts = null)
    {
        // Everything is checked before anything in the folder changes: the folder, run.json, the checkpoint, the
        // options, the data. Only then are an earlier run's outputs and a killed run's temp files removed.
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
        using var folder = RunFolder.Open(outDir, resume is null ? "--out" : "--resume", create: resume is null);

        RunManifest? manifest = null;
        RunManifest? earlier = null;
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

        var options = TrainingOptionsOf(parse, manifest);
        int finished = resumed?.Epoch ?? 0;
        if (finished > options.Epochs)
            throw new UsageException($"--epochs {options.Epochs} is fewer than the {finished} epochs this run has finished; pass --epochs {finished} or more");
        if (manifest is not null && options.Scheduler == "cosine" && manifest[T.Epochs] != options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new UsageException($"--epochs {options.Epochs}: this run's cosine schedule was planned over its --epochs {manifest[T.Epochs]} " +
                "(the learning rate falls to 0 at its end), so the run cannot change its length; train a new run with " +
                $"--scheduler cosine --epochs {options.Epochs} into a new --out");
        bool report = manifest is null ? !parse.GetValue(T.NoReport) : manifest[T.NoReport] != "true";

        StopPoint.Reached("start-up");
        TorchRuntime.EnsureLoaded(parse.GetValue(T.Threads));
        var device = Devices.Choose(parse.GetValue(T.Device)!);

        var location = manifest is null ? LocateData(parse, cancel) : manifest.LocateData(parse.GetValue(T.DataDir));
        Console.WriteLine($"Data: {location}");
        using var data = LoadData(location, device);
        if (options.BatchSize > data.Train.Count)
            throw new UsageException($"--batch-size {options.BatchSize} is more than the {data.Train.Count} training images in {location.Directory}; pass at most {data.Train.Count}");
        var newManifest = manifest is null ? RunManifest.Create(location, parse, cancel) : null;

        // Decided: from here on the folder changes, and only in what this run (or the one it replaces) wrote.
        if (earlier is not null && folder.ClearEarlierRun(earlier.Outputs).Count > 0)
            Console.WriteLine($"Replacing the earlier run in {folder.Path}");
        var leftovers = folder.RemoveLeftovers();
        if (leftovers.Count > 0) Console.WriteLine($"Removed {leftovers.Count} temp file(s) an interrupted run left in {folder.Path}: {string.Join(", ", leftovers)}");
        if (newManifest is not null)
        {
            manifest = newManifest;
            manifest.Write(folder.Manifest);
        }
        else if (manifest![T.Epochs] != options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            manifest.Options[T.Epochs.Name] = options.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
            manifest.Write(folder.Manifest);
        }

        Console.WriteLine($"Using device: {Devices.Describe(device)}");
        var trainer = Trainer.ForSimpleNet(options, device, data.InputSize, data.ClassCount);
        var console = ConsoleReporter.ForConsole();
        var metrics = new MetricsCsv(folder.Metrics);
        var tensorBoard = new TensorBoardLogger(folder.TensorBoard);
        if (resumed is not null)
        {
            Checkpoint.Restore(resumeFile!, trainer);
            // Going back to another checkpoint (checkpoint-best.ckpt) makes it the run's last one.
            if (resumeFile != folder.LastCheckpoint)
                AtomicFile.Write(folder.LastCheckpoint, s => { using var chosen = File.OpenRead(resumeFile!); chosen.CopyTo(s); });
            metrics.Seed(resumed.History);
            Console.WriteLine($"Resuming {resumeFile}: {finished} of {options.Epochs} epochs finished");
            foreach (var done in resumed.History) console.Print(done with { Epochs = options.Epochs });
            var repaired = RunOutputs.BringUpToDate(folder, resumed.History, tensorBoard);
            if (repaired.Count > 0) Console.WriteLine($"Brought up to epoch {finished}: {string.Join(", ", repaired)}");
        }
        else if (resume is not null)
        {
            Console.WriteLine($"Resuming {folder.Path}: no epoch had finished; starting from epoch 1");
        }
        trainingStarts?.Invoke();

        // Checkpoints first: once an epoch's line is printed, it is saved.
        trainer.Listeners.Add(new CheckpointWriter(folder.Path, manifest.RunId));
        trainer.Listeners.Add(metrics);
        trainer.Listeners.Add(tensorBoard);
        trainer.Listeners.Add(console);
        trainer.Listeners.Add(new StopPointListener());
        var reportListener = report ? new ReportListener(folder.Report) : null;

        if (finished == options.Epochs) Console.WriteLine($"All {options.Epochs} epochs are finished (pass --epochs N to train further).");
        Exception? failure = null;
        try
        {
            trainer.Fit(data, finished + 1, cancel);
        }
        catch (Exception e)
        {
            failure = e;
        }
        console.ClearBar();
        // The report needs the model and the validation split only: freeing the training split (188 MB for
        // MNIST) first keeps the report's own memory from raising the run's peak.
        data.Train.Dispose();
        if (failure is not null)
        {
            // Whatever stopped the run, its finished epochs get their report, from the weights of the last
            // saved epoch (not from an epoch cut short), and the user learns what resume will continue from.
            int saved = RunOutputs.SavedEpochs(folder);
            if (reportListener is not null && saved > 0)
            {
                try
                {
                    Checkpoint.Restore(folder.LastCheckpoint, trainer);
                    reportListener.OnTrainingEnd(trainer, trainer.History);
                    Console.Error.WriteLine($"Report of the finished epochs: {reportListener.Path}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or CheckpointException)
                {
                    Console.Error.WriteLine($"The report was not written ({e.Message.ReplaceLineEndings(" ")})");
                }
            }
            if (failure is TrainingDivergedException diverged)
            {
                // Resuming would repeat the same steps from the same state and diverge again: only a new run helps.
                throw new TrainingDivergedException(diverged.Epoch, diverged.Batch, diverged.Batches, diverged.Loss,
                    $"training diverged: the loss became {diverged.Loss} at epoch {diverged.Epoch}, batch {diverged.Batch}/{diverged.Batches}. " +
                    $"Resuming would diverge the same way; start a new run with a lower learning rate, e.g. --lr {options.LearningRate / 10:G3} --out NEW" +
                    (saved > 0 ? $" ({saved} finished epoch(s) stay in {folder.Path})" : ""));
            }
            if (saved > 0) Console.Error.WriteLine($"{saved} finished epoch(s) are saved in {folder.Path}; continue with --resume {folder.Path}");
            ExceptionDispatchInfo.Throw(failure);
        }
        if (reportListener is not null)
        {
            try
            {
                reportListener.OnTrainingEnd(trainer, trainer.History);
            }
            catch
            {
                Console.Error.WriteLine($"All {options.Epochs} epochs are saved in {folder.Path}; --resume {folder.Path} writes the report again");
                throw;
            }
        }
        Console.WriteLine($"Metrics: {metrics.Path}");
        if (reportListener is not null) Console.WriteLine($"Report: {reportListener.Path}");
        return 0;
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

    /// <summary>Reads the checkpoint to resume from; when it is damaged, says whether checkpoint-best.ckpt can be resumed instead.</summary>
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
            throw new CheckpointException(best is int epoch
                ? $"{e.Message}; resume from epoch {epoch} with --resume {folder.BestCheckpoint}, or train into a new --out"
                : $"{e.Message}; {Checkpoint.BestFile} is damaged too, so train into a new --out", e);
        }
        catch (CheckpointException e) when (e.Message.Contains("damaged") || e.Message.Contains("truncated") || e.Message.Contains("corrupt"))
        {
            throw new CheckpointException($"{e.Message}; train into a new --out", e);
        }
    }

    static TrainingOptions TrainingOptionsOf(ParseResult parse, RunManifest? run)
    {
        // A resumed run takes every option from run.json except those it may change, which come from the command line.
        string Text(Option option) => run is null || T.ChangeableOnResume.Contains(option.Name) ? T.ValueText(parse, option) : run[option];
        int Int(Option<int> o) => int.Parse(Text(o), System.Globalization.CultureInfo.InvariantCulture);
        double Double(Option<double> o) => double.Parse(Text(o), System.Globalization.CultureInfo.InvariantCulture);
        var options = new TrainingOptions
        {
            Epochs = run is not null && !T.Typed(parse, T.Epochs) ? int.Parse(run[T.Epochs], System.Globalization.CultureInfo.InvariantCulture) : parse.GetValue(T.Epochs),
            BatchSize = Int(T.BatchSize),
            LearningRate = Double(T.LearningRate),
            Momentum = Double(T.Momentum),
            Optimizer = Text(T.Optimizer),
            Hidden = Int(T.Hidden),
            Seed = long.Parse(Text(T.Seed), System.Globalization.CultureInfo.InvariantCulture),
            Scheduler = Text(T.Scheduler),
            StepSize = Int(T.StepSize),
            Gamma = Double(T.Gamma),
            Patience = Int(T.Patience),
        };
        options.Validate();
        return options;
    }

    static DataLocation LocateData(ParseResult parse, CancellationToken cancel)
    {
        var progress = Console.IsErrorRedirected ? null : new Progress<DownloadProgress>(DrawDownload);
        var locator = DataLocator.CreateDefault(parse.GetValue(T.DataDir), line => Console.Error.WriteLine(line), progress);
        try
        {
            return locator.Locate(parse.GetValue(T.Dataset)!, cancel);
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
}
