namespace MnistCourse.Training;

/// <summary>A checkpoint is missing, damaged or belongs to another model; the message names the file and what to do.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
