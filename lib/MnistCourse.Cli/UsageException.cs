namespace MnistCourse.Cli;

/// <summary>A bad command line; the message is one line naming the option and what it accepts.</summary>
internal sealed class UsageException(string message) : Exception(message);
