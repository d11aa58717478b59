using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Kernels;

namespace ModelGen.Runtime;

/// <summary>
/// What every generated network shares: one pinned parameter arena, a gradient arena with the same
/// layout, one activation arena sized for the largest batch seen, and the training loop. The
/// generated subclass supplies the fused forward, loss and backward kernels for its layers.
/// After the first step at a batch size, a training step allocates nothing.
/// </summary>
public abstract unsafe partial class NetworkBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients;
    private T[] _activations = [];
    private T[] _inputs = [];
    private T[] _targets = [];
    private int[] _labels = [];
    private T[] _optimizerState = [];
    private Optimizer? _optimizer;
    private long _step;
    private int _lastBatch;

    protected NetworkBase(ModelInfo info, int seed)
    {
        Info = info;
        _parameters = GC.AllocateArray<T>(info.ParameterCount, pinned: true);
        _gradients = GC.AllocateArray<T>(info.ParameterCount, pinned: true);
        Parameters = (T*)Unsafe.AsPointer(ref _parameters[0]);
        Gradients = (T*)Unsafe.AsPointer(ref _gradients[0]);
        _state = GC.AllocateArray<T>(Math.Max(1, info.StateCount), pinned: true);
        State = (T*)Unsafe.AsPointer(ref _state[0]);
        _dropoutSeed = (ulong)(uint)seed;
        Rng = new Rng((ulong)(uint)seed);
        Initialize(Rng);
    }

    public ModelInfo Info { get; }

    /// <summary>The random stream: initialization, then shuffling.</summary>
    public Rng Rng { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Step => _step;

    /// <summary>The largest batch the buffers are sized for (they grow on demand).</summary>
    public int Capacity { get; private set; }

    public Loss LastLoss { get; private set; }

    /// <summary>All parameters, in the layout of <see cref="ModelInfo.Parameters"/>.</summary>
    public Span<T> ParameterValues => _parameters;

    /// <summary>The gradients of the last <see cref="ComputeLoss"/> with gradients.</summary>
    public Span<T> GradientValues => _gradients;

    protected T* Parameters { get; }
    protected T* Gradients { get; }
    protected T* Activations { get; private set; }
    protected T* Inputs { get; private set; }
    protected T* Targets { get; private set; }
    protected int* Labels { get; private set; }

    protected abstract void Initialize(Rng rng);
    protected abstract void ForwardPass(int batch);
    /// <summary>Returns the mean loss; writes the loss gradient when <paramref name="gradients"/> is set.</summary>
    protected abstract T LossPass(int batch, bool gradients, out int correct);
    protected abstract void BackwardPass(int batch);

    /// <summary>The values of one parameter tensor by name (for example "Hidden.Weight").</summary>
    public Span<T> Parameter(string name)
    {
        foreach (ParameterInfo p in Info.Parameters)
        {
            if (p.Name == name) return _parameters.AsSpan(p.Offset, p.Length);
        }
        throw new ArgumentException($"{Info.Name} has no parameter '{name}'; it has {string.Join(", ", Info.Parameters.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>Grows the buffers to hold a batch of <paramref name="batch"/> samples.</summary>
    public void EnsureCapacity(int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "the batch size must be positive");
        if (batch <= Capacity) return;
        long largest = (long)batch * Math.Max(Info.ActivationWidth, Math.Max(Info.InputWidth, Info.OutputWidth));
        if (largest > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"a batch of {batch} needs {largest} activation values, more than one array holds: use a smaller batch");
        _activations = GC.AllocateArray<T>(Math.Max(1, batch * Info.ActivationWidth), pinned: true);
        _inputs = GC.AllocateArray<T>(batch * Info.InputWidth, pinned: true);
        _targets = GC.AllocateArray<T>(batch * Info.OutputWidth, pinned: true);
        _labels = GC.AllocateArray<int>(batch, pinned: true);
        Activations = (T*)Unsafe.AsPointer(ref _activations[0]);
        Inputs = (T*)Unsafe.AsPointer(ref _inputs[0]);
        Targets = (T*)Unsafe.AsPointer(ref _targets[0]);
        Labels = (int*)Unsafe.AsPointer(ref _labels[0]);
        Capacity = batch;
    }

    /// <summary>Copies the given rows of a data set into the batch buffers (converting to T).</summary>
    public void LoadBatch(Dataset data, ReadOnlySpan<int> rows)
    {
        EnsureCapacity(rows.Length);
        int width = Info.InputWidth;
        if (Info.TokenVocabulary > 0) CheckTokens(data, rows);
        for (int r = 0; r < rows.Length; r++)
        {
            CopyConverted(data.Row(rows[r]), Inputs + r * width);
        }
        if (data.Labels is { } labels)
        {
            for (int r = 0; r < rows.Length; r++) Labels[r] = labels[rows[r]];
        }
        else if (data.Targets is { } targets)
        {
            int count = data.TargetCount;
            for (int r = 0; r < rows.Length; r++)
            {
                CopyConverted(targets.AsSpan(rows[r] * count, count), Targets + r * count);
            }
        }
    }

    /// <summary>
    /// Token ids are checked before the batch is loaded, so every backend (the GPU's kernels cannot
    /// throw) refuses the same bad id with the same message.
    /// </summary>
    private void CheckTokens(Dataset data, ReadOnlySpan<int> rows)
    {
        int vocabulary = Info.TokenVocabulary;
        foreach (int row in rows)
        {
            ReadOnlySpan<float> tokens = data.Row(row);
            for (int position = 0; position < tokens.Length; position++)
            {
                float token = tokens[position];
                if (!(token >= 0 && token < vocabulary && token == MathF.Floor(token)))
                    throw new ArgumentOutOfRangeException(nameof(data), token,
                        $"Token {token.ToString(System.Globalization.CultureInfo.InvariantCulture)} at row {row}, position {position} is not an integer id in [0, {vocabulary}): {Info.Name} embeds {vocabulary} tokens; map the data to ids first.");
            }
        }
    }

    /// <summary>
    /// Copies float data into a T buffer: a block copy for float (the generic conversion, element by
    /// element, costs more than the first layer's product at small sizes), a widening loop for double.
    /// </summary>
    private static void CopyConverted(ReadOnlySpan<float> source, T* destination)
    {
        if (typeof(T) == typeof(float))
        {
            source.CopyTo(new Span<float>(destination, source.Length));
            return;
        }
        if (typeof(T) == typeof(double))
        {
            var wide = (double*)destination;
            for (int c = 0; c < source.Length; c++) wide[c] = source[c];
            return;
        }
        for (int c = 0; c < source.Length; c++) destination[c] = T.CreateTruncating(source[c]);
    }

    /// <summary>
    /// Forward pass and loss on the loaded batch, and the backward pass when
    /// <paramref name="gradients"/> is set (filling <see cref="GradientValues"/>). Returns the mean loss.
    /// </summary>
    public T ComputeLoss(int batch, bool gradients, out int correct)
    {
        if (batch <= 0 || batch > Capacity) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"load a batch first; capacity is {Capacity}");
        if (!TryComputeLossOnDevice(batch, gradients, out T loss, out correct))
        {
            IsTraining = TrainsWhenComputing(gradients);
            ForwardPass(batch);
            loss = LossPass(batch, gradients, out correct);
            if (gradients) BackwardPass(batch);
        }
        _lastBatch = batch;
        LastLoss = new Loss(double.CreateTruncating(loss), batch);
        return loss;
    }

    /// <summary>One optimizer update from the gradients of the last <see cref="ComputeLoss"/>.</summary>
    public void ApplyOptimizer(Optimizer optimizer)
    {
        if (!ReferenceEquals(optimizer, _optimizer))
        {
            _optimizer = optimizer;
            _optimizerState = optimizer.StateSlots == 0 ? [] : GC.AllocateArray<T>(optimizer.StateSlots * Info.ParameterCount, pinned: true);
            _step = 0;
        }
        _step++;
        if (TryApplyOptimizerOnDevice(optimizer, _step)) return;
        fixed (T* state = _optimizerState)
        {
            if (typeof(T) == typeof(float))
                optimizer.Step((float*)Parameters, (float*)Gradients, (float*)state, Info.ParameterCount, _step);
            else
                optimizer.Step((double*)Parameters, (double*)Gradients, (double*)state, Info.ParameterCount, _step);
        }
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="train"/> in shuffled batches,
    /// reporting loss, accuracy and time after each epoch. Stops with
    /// <see cref="TrainingDivergedException"/> at the first step whose loss or gradient is not finite,
    /// before that step changes anything. <see cref="Fit(Dataset, TrainingOptions, IProgress{EpochReport}?)"/>
    /// offers schedules, clipping, penalties, early stopping and a guard that skips such steps.
    /// </summary>
    public TrainingHistory Fit(Dataset train, int epochs, int batchSize, Optimizer optimizer, IProgress<EpochReport>? progress = null, Dataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "train for at least one epoch");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");
        var options = new TrainingOptions
        {
            Epochs = epochs, BatchSize = batchSize, Optimizer = optimizer, Validation = validation,
            NonFiniteGuard = StopAtFirstNonFiniteStep,
        };
        return Fit(train, options, progress);
    }

    private static readonly NonFiniteGuard StopAtFirstNonFiniteStep = new() { MaxConsecutiveSkips = 1 };

    /// <summary>Mean loss and accuracy over a data set (no gradients, no weight change).</summary>
    public Evaluation Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckCompatible(data, nameof(data));
        int batch = Math.Max(Capacity, Math.Min(256, data.Count));
        EnsureCapacity(batch);
        Span<int> rows = batch <= 1024 ? stackalloc int[batch] : new int[batch];
        double lossSum = 0;
        long correctSum = 0;
        for (int start = 0; start < data.Count; start += batch)
        {
            int size = Math.Min(batch, data.Count - start);
            for (int i = 0; i < size; i++) rows[i] = start + i;
            LoadBatch(data, rows[..size]);
            lossSum += double.CreateTruncating(ComputeLoss(size, gradients: false, out int correct)) * size;
            correctSum += correct;
        }
        return new Evaluation(lossSum / data.Count, Accuracy(correctSum, data.Count), data.Count);
    }

    /// <summary>Raw outputs (logits, or regression values) for one sample; allocates nothing.</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> outputs)
    {
        if (features.Length != Info.InputWidth)
            throw new ArgumentException($"{Info.Name} takes {Info.InputWidth} features, not {features.Length}.", nameof(features));
        if (outputs.Length < Info.OutputWidth)
            throw new ArgumentException($"{Info.Name} has {Info.OutputWidth} outputs; the span holds {outputs.Length}.", nameof(outputs));
        EnsureCapacity(1);
        IsTraining = false;
        for (int c = 0; c < features.Length; c++)
        {
            if (!float.IsFinite(features[c])) throw new ArgumentException($"Feature {c} is {features[c]}: the model needs finite inputs.", nameof(features));
            Inputs[c] = T.CreateTruncating(features[c]);
        }
        ForwardPass(1);
        _lastBatch = 1;
        T* logits = OutputPointer;
        for (int c = 0; c < Info.OutputWidth; c++) outputs[c] = float.CreateTruncating(logits[c]);
    }

    /// <summary>The predicted class: the largest logit, or for one binary output, logit &gt; 0.</summary>
    public int Predict(ReadOnlySpan<float> features)
    {
        if (Info.Loss is LossKind.MeanSquaredError or LossKind.Huber or LossKind.Expression)
            throw new InvalidOperationException($"{Info.Name} is a regression model: use Predict(features, outputs) for its values.");
        Span<float> outputs = Info.OutputWidth <= 256 ? stackalloc float[Info.OutputWidth] : new float[Info.OutputWidth];
        Predict(features, outputs);
        if (Info.OutputWidth == 1) return outputs[0] > 0 ? 1 : 0;
        fixed (float* o = outputs) return Metrics.ArgMax(o, outputs.Length);
    }

    public int[] Predict(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new int[data.Count];
        for (int i = 0; i < data.Count; i++) result[i] = Predict(data.Row(i));
        return result;
    }

    /// <summary>Class probabilities: softmax of the logits (max-shifted), or the sigmoid of each binary output.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        if (Info.Loss is LossKind.MeanSquaredError or LossKind.Huber or LossKind.Expression)
            throw new InvalidOperationException($"{Info.Name} is a regression model: it has no probabilities; use Predict(features, outputs).");
        var outputs = new float[Info.OutputWidth];
        Predict(features, outputs);
        fixed (float* o = outputs)
        {
            if (Info.Loss == LossKind.SoftmaxCrossEntropy) LossKernels.SoftmaxRows(o, 1, outputs.Length, o);
            else Kernels.Activations.Forward(ActivationKind.Sigmoid, 0f, o, o, outputs.Length);
        }
        return outputs;
    }

    /// <summary>The values of layer <paramref name="index"/> (0 is the input) for the last batch run.</summary>
    public Tensor LayerOutput(int index)
    {
        LayerInfo layer = Info.Layers[index];
        if (layer.ColumnOffset < -1)
            throw new InvalidOperationException($"{Info.Name}'s layer '{layer.Name}' was folded into another kernel by a stable rewrite, so its values are never stored.");
        int batch = _lastBatch;
        if (batch == 0) return new Tensor(ReadOnlyMemory<float>.Empty, 0, layer.Width);
        T[] source = layer.ColumnOffset < 0 ? _inputs : _activations;
        int start = layer.ColumnOffset < 0 ? 0 : batch * layer.ColumnOffset;
        int length = batch * layer.Width;
        if (typeof(T) == typeof(float))
            return new Tensor(new ReadOnlyMemory<float>(Unsafe.As<float[]>(source), start, length), batch, layer.Width);
        var copy = new float[length];
        for (int i = 0; i < length; i++) copy[i] = float.CreateTruncating(source[start + i]);
        return new Tensor(copy, batch, layer.Width);
    }

    /// <summary>Copies (and converts) every parameter from another network of the same model.</summary>
    public void CopyParametersFrom<TOther>(NetworkBase<TOther> other) where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        if (other.Info.ParameterCount != Info.ParameterCount || other.Info.Name != Info.Name)
            throw new ArgumentException($"Cannot copy parameters of {other.Info.Name} into {Info.Name}.", nameof(other));
        Span<TOther> source = other.ParameterValues;
        for (int i = 0; i < _parameters.Length; i++) _parameters[i] = T.CreateTruncating(source[i]);
        Span<TOther> state = other.StateValues;
        for (int i = 0; i < state.Length; i++) _state[i] = T.CreateTruncating(state[i]);
    }

    private T* OutputPointer => Activations + _lastBatch * Info.Layers[^1].ColumnOffset;

    private void CheckCompatible(Dataset data, string name)
    {
        if (data.FeatureCount != Info.InputWidth)
            throw new ArgumentException($"{Info.Name} takes {Info.InputWidth} features per sample but the data set has {data.FeatureCount}.", name);
        if (Info.Loss == LossKind.SoftmaxCrossEntropy)
        {
            if (data.Labels is null)
                throw new ArgumentException($"{Info.Name} trains with softmax cross-entropy: build the data set with Dataset.ForClassification (integer labels).", name);
            int max = data.Labels.Max();
            if (max >= Info.OutputWidth)
                throw new ArgumentException($"The data set has label {max} but {Info.Name} has {Info.OutputWidth} classes (labels 0..{Info.OutputWidth - 1}).", name);
        }
        else
        {
            if (data.Targets is null || data.TargetCount != Info.OutputWidth)
                throw new ArgumentException($"{Info.Name} needs {Info.OutputWidth} real-valued targets per sample: build the data set with Dataset.ForTargets(features, {data.FeatureCount}, targets, {Info.OutputWidth}).", name);
            if (Info.Loss == LossKind.BinaryCrossEntropyWithLogits)
            {
                foreach (float t in data.Targets)
                {
                    if (t < 0 || t > 1) throw new ArgumentException($"Binary cross-entropy needs targets in [0, 1]; the data set has {t}.", name);
                }
            }
        }
    }

    private double? Accuracy(long correct, int count) => Info.Loss switch
    {
        LossKind.SoftmaxCrossEntropy => (double)correct / count,
        LossKind.BinaryCrossEntropyWithLogits => (double)correct / ((long)count * Info.OutputWidth),
        _ => null,
    };
}
