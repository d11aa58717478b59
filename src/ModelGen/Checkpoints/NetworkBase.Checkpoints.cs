using System.Globalization;
using ModelGen.Checkpoints;

namespace ModelGen.Runtime;

// Saving and loading parameters and training state as safetensors files.
public abstract partial class NetworkBase<T>
{
    /// <summary>
    /// Saves the parameters as a safetensors file (tensors named like "Hidden.Weight", weights
    /// [in, out], biases [out]), atomically: an interrupted save leaves the previous file intact.
    /// </summary>
    public void SaveWeights(string path)
    {
        var writer = new SafeTensorsWriter();
        CheckpointMetadata.Describe(writer, Info, CheckpointMetadata.WeightsFormat);
        AddTensors(writer, ParameterShapes.Bindings(Info), _parameters);
        AddTensors(writer, ParameterShapes.StateBindings(Info), _state);
        writer.WriteTo(path);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="SaveWeights(string)"/> (or the weights of a training checkpoint).
    /// F32 and F64 files load into either precision. The whole file is validated first; on any problem
    /// a <see cref="CheckpointException"/> names the tensor and the mismatch, and the model is unchanged.
    /// </summary>
    public void LoadWeights(string path)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        bool training = CheckpointMetadata.IsTrainingCheckpoint(file);
        TensorBinding[] states = ParameterShapes.StateBindings(Info);
        bool IsState(string name) => states.Any(s => s.FileName == name);
        T[] staged = TensorStaging.Read<T>(file, ParameterShapes.Bindings(Info), Info.ParameterCount, Info.Name,
            name => IsState(name) || (training && CheckpointMetadata.IsOptimizerTensor(name)));
        // Running statistics are part of the weights: a file without them is refused like a missing weight.
        T[] stagedState = states.Length == 0 ? [] : TensorStaging.Read<T>(file, states, Info.StateCount, Info.Name, name => !IsState(name));
        staged.CopyTo(_parameters, 0);
        stagedState.CopyTo(_state, 0);
    }

    /// <summary>Saves the parameters under other names and layouts (for example PyTorch's); atomic like <see cref="SaveWeights(string)"/>.</summary>
    public void SaveWeights(string path, IReadOnlyList<TensorBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var writer = new SafeTensorsWriter();
        AddTensors(writer, bindings, _parameters);
        writer.WriteTo(path);
    }

    /// <summary>Loads parameters stored under other names and layouts; validated like <see cref="LoadWeights(string)"/>.</summary>
    public void LoadWeights(string path, IReadOnlyList<TensorBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        T[] staged = TensorStaging.Read<T>(file, bindings, Info.ParameterCount, Info.Name);
        staged.CopyTo(_parameters, 0);
    }

    /// <summary>
    /// Saves everything training needs to continue exactly where it is: the parameters, the
    /// optimizer's state (tensors "optimizer.{slot}.{parameter}"), the step count and the random
    /// generator's state. Loading it with <see cref="LoadTrainingCheckpoint"/> and training on gives
    /// bit-identical weights to never having stopped.
    /// </summary>
    public void SaveTrainingCheckpoint(string path)
    {
        Optimizer optimizer = _optimizer
            ?? throw new InvalidOperationException($"{Info.Name} has not taken an optimizer step yet, so there is no training state to save: call Fit first, or use SaveWeights.");
        var writer = new SafeTensorsWriter();
        CheckpointMetadata.Describe(writer, Info, CheckpointMetadata.TrainingFormat);
        writer.SetMetadata(CheckpointMetadata.StepKey, _step.ToString(CultureInfo.InvariantCulture));
        writer.SetMetadata(CheckpointMetadata.RngKey, CheckpointMetadata.FormatRng(Rng.State));
        writer.SetMetadata(CheckpointMetadata.OptimizerKey, CheckpointMetadata.Fingerprint(optimizer));
        AddTensors(writer, ParameterShapes.Bindings(Info), _parameters);
        for (int slot = 0; slot < optimizer.StateSlots; slot++)
            AddTensors(writer, ParameterShapes.Bindings(Info, CheckpointMetadata.OptimizerTensorPrefix(slot), slot * Info.ParameterCount), _optimizerState);
        AddTensors(writer, ParameterShapes.StateBindings(Info), _state);
        writer.WriteTo(path);
    }

    /// <summary>
    /// Restores a training checkpoint. <paramref name="optimizer"/> must be of the type that saved it,
    /// and is the one to pass to the next <see cref="Fit(Dataset, int, int, Optimizer, IProgress{EpochReport}?, Dataset?)"/> (another instance would start a fresh
    /// optimizer state). Validated like <see cref="LoadWeights(string)"/>: on any problem nothing changes.
    /// </summary>
    public void LoadTrainingCheckpoint(string path, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        if (!CheckpointMetadata.IsTrainingCheckpoint(file))
            throw new CheckpointException(path, $"this is not a training checkpoint (metadata {CheckpointMetadata.FormatKey} is not '{CheckpointMetadata.TrainingFormat}'): load it with LoadWeights, or save one with SaveTrainingCheckpoint.");
        string saved = CheckpointMetadata.Required(file, CheckpointMetadata.OptimizerKey);
        string given = CheckpointMetadata.Fingerprint(optimizer);
        if (saved != given)
            throw new CheckpointException(path, $"the checkpoint's optimizer state comes from '{saved}', not '{given}': resume with the same optimizer type, or load only the weights with LoadWeights.");
        long step = CheckpointMetadata.ParseStep(file);
        var rng = CheckpointMetadata.ParseRng(file);

        // One staging arena: the weights, then each optimizer slot, as the model keeps them.
        int count = Info.ParameterCount;
        var bindings = new List<TensorBinding>(ParameterShapes.Bindings(Info));
        for (int slot = 0; slot < optimizer.StateSlots; slot++)
            bindings.AddRange(ParameterShapes.Bindings(Info, CheckpointMetadata.OptimizerTensorPrefix(slot), (slot + 1) * count));
        TensorBinding[] states = ParameterShapes.StateBindings(Info);
        bool IsState(string name) => states.Any(s => s.FileName == name);
        T[] staged = TensorStaging.Read<T>(file, bindings, (optimizer.StateSlots + 1) * count, Info.Name, IsState);
        T[] stagedState = states.Length == 0 ? [] : TensorStaging.Read<T>(file, states, Info.StateCount, Info.Name, name => !IsState(name));

        T[] state = optimizer.StateSlots == 0 ? [] : GC.AllocateArray<T>(optimizer.StateSlots * count, pinned: true);
        staged.AsSpan(count).CopyTo(state);
        staged.AsSpan(0, count).CopyTo(_parameters);
        stagedState.CopyTo(_state, 0);
        _optimizerState = state;
        _optimizer = optimizer;
        _step = step;
        Rng.State = rng;
    }

    private static void AddTensors(SafeTensorsWriter writer, IReadOnlyList<TensorBinding> bindings, T[] arena)
    {
        foreach (TensorBinding b in bindings)
        {
            ReadOnlySpan<T> values = arena.AsSpan(b.ArenaOffset, b.Length);
            if (b.Transposed)
            {
                var stored = new T[b.Length];
                for (int r = 0; r < b.Rows; r++)
                {
                    for (int c = 0; c < b.Columns; c++) stored[c * b.Rows + r] = values[r * b.Columns + c];
                }
                values = stored;
            }
            writer.Add(b.FileName, b.FileShape, values);
        }
    }
}
