namespace MnistCourse.Cli;

/// <summary>A bad command line; the message is one line naming the option and what it accepts.</summary>
public sealed class UsageException(string message) : Exception(message);
