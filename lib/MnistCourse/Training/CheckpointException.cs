namespace MnistCourse.Training;

/// <summary>What is wrong with a checkpoint, for a caller that must decide what to do (the CLI offers checkpoint-best.ckpt for a damaged last one).</summary>
public enum CheckpointProblem
{
    /// <summary>No file at the path.</summary>
    Missing,
    /// <summary>The file exists but cannot be read (permissions, I/O).</summary>
    Unreadable,
    /// <summary>Not written by this library.</summary>
    NotACheckpoint,
    /// <summary>The write did not finish (its end marker is missing).</summary>
    Truncated,
    /// <summary>Its SHA-256 does not match its content: a byte changed after it was written.</summary>
    Damaged,
    /// <summary>Complete and matching its hash, but not readable as a checkpoint.</summary>
    Corrupt,
    /// <summary>Written by another version of the format.</summary>
    UnsupportedFormat,
    /// <summary>Holds a SimpleNet of other sizes than the trainer's.</summary>
    OtherModel,
    /// <summary>Its weights or optimizer state do not load into the trainer's objects.</summary>
    DoesNotFit,
    /// <summary>The optimizer cannot save its state.</summary>
    OptimizerStateUnsupported,
}

/// <summary>A checkpoint is missing, damaged or belongs to another model; the message names the file and what is wrong, Reason says which.</summary>
public sealed class CheckpointException(CheckpointProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public CheckpointProblem Reason { get; } = problem;
}
