namespace ModelGen.Runtime;

/// <summary>Saving and putting back everything a training step changes, so a diagnostic can train and leave no trace.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    internal sealed record TrainingSnapshot(T[] Parameters, T[] State, Optimizer? Optimizer, T[] OptimizerState, long Step);

    internal TrainingSnapshot SaveTrainingState()
    {
        RequireCpu();
        return new(_parameters.ToArray(), _state.ToArray(), _optimizer, PinnedCopy(_optimizerState), _step);
    }

    internal void RestoreTrainingState(TrainingSnapshot snapshot)
    {
        snapshot.Parameters.CopyTo(_parameters);
        snapshot.State.CopyTo(_state, 0);
        _optimizer = snapshot.Optimizer;
        _optimizerState = snapshot.OptimizerState;
        _step = snapshot.Step;
    }

    /// <summary>A GPU keeps its own optimizer state, which a snapshot of the host's would not restore.</summary>
    private void RequireCpu()
    {
        if (ActiveDevice != ModelGen.Device.Cpu)
            throw new NotSupportedException("Training diagnostics run on the CPU: call UseDevice(Device.Cpu) first.");
    }

    private static T[] PinnedCopy(T[] values)
    {
        if (values.Length == 0) return [];
        T[] copy = GC.AllocateArray<T>(values.Length, pinned: true);
        values.CopyTo(copy, 0);
        return copy;
    }
}
