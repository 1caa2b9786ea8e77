namespace MnistCourse.Data;

/// <summary>
/// A data file is missing, corrupt or cannot be fetched. The message is one line that names the file
/// (or the data set) and says what to do; the CLI prints it as is.
/// </summary>
public sealed class DataException(string message, Exception? inner = null) : Exception(message, inner);
