namespace MnistCourse.Data;

/// <summary>
/// A data file is missing, corrupt or cannot be fetched. The message is one line that names the file
/// (or the data set) and says what to do; the CLI prints it as is.
/// </summary>
public sealed class DataException(string message, Exception? inner = null) : Exception(message, inner)
{
    public DataException(string message, DataProblem problem, Exception? inner = null) : this(message, inner) => Reason = problem;

    /// <summary>Which kind of failure, for a caller that adds its own way to fix it (the CLI names --data-dir for NotFound).</summary>
    public DataProblem Reason { get; } = DataProblem.Other;

    /// <summary>A file that exists but whose read failed (permissions, I/O error, a symlink loop).</summary>
    public static DataException CannotRead(string path, Exception e)
    {
        // .NET appends " : '/the/path'" to the system's reason; the path is already at the start of the line.
        string reason = e.Message.ReplaceLineEndings(" ");
        int quote = reason.IndexOf(" : '", StringComparison.Ordinal);
        if (quote > 0) reason = reason[..quote];
        return new DataException($"{path}: cannot read it ({reason}); check the file and its permissions", e);
    }
}

public enum DataProblem
{
    /// <summary>A file is missing, damaged or unreadable: the message names it.</summary>
    Other,
    /// <summary>The data set is nowhere: not cached, not installed, not downloadable.</summary>
    NotFound,
}
