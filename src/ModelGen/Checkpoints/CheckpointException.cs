namespace ModelGen.Checkpoints;

/// <summary>
/// The one exception a checkpoint load or save throws for a bad, unreadable or mismatched file. The
/// message names the tensor (when there is one), what is wrong and how to fix it. When a load throws
/// it, the model is unchanged: everything is validated before anything is copied into the model.
/// </summary>
public sealed class CheckpointException : IOException
{
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
