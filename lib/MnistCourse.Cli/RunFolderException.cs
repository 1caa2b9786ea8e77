namespace MnistCourse.Cli;

/// <summary>
/// The output folder cannot be used: not a folder, not writable, held by another run, or its run.json is
/// missing or damaged. The message names the folder or file and what to do.
/// </summary>
internal sealed class RunFolderException(string message, Exception? inner = null) : Exception(message, inner);
