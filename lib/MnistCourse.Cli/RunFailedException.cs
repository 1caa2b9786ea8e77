namespace MnistCourse.Cli;

/// <summary>The run started but failed (exit 1); the message says what to do, in the command line's words.</summary>
internal sealed class RunFailedException(string message, Exception inner) : Exception(message, inner);
