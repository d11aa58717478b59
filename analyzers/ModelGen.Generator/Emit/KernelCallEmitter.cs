using System.Linq;
using ModelGen.Generator.Check;
using ModelGen.Generator.Common;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.Emit;

/// <summary>Writes the kernel call for each planned op: pointers into the arenas, static sizes, the symbolic batch.</summary>
internal sealed class KernelCallEmitter
{
    private const string Kernels = "global::ModelGen.Kernels.";
    private readonly KernelPlan _plan;
    private readonly CodeWriter _w;

    private readonly LayerCallEmitter _layers;

    public KernelCallEmitter(KernelPlan plan, CodeWriter writer)
    {
        _plan = plan;
        _w = writer;
        _layers = new LayerCallEmitter(this, writer);
    }

    public void Emit(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.DenseForward: DenseForward(op); break;
            case OpKind.ActivateGradient: ActivateGradient(op); break;
            case OpKind.ColumnSum: ColumnSum(op); break;
            case OpKind.MatMulTransposeA: WeightGradient(op); break;
            case OpKind.MatMulTransposeB: InputGradient(op); break;
            case OpKind.LossForwardBackward: Loss(op); return;
            default: _layers.Emit(op); break;
        }
        foreach (Value written in Planner.WrittenValues(_plan, op)) RoundStorage(written);
    }

    /// <summary>Mixed precision: the value is stored as bfloat16/float16 would hold it (a no-op in float32 runs).</summary>
    private void RoundStorage(Value value) => _w.Line($"RoundStorage({Pointer(value)}, batch * {CodeWriter.Literal(value.Columns)});");

    private void DenseForward(Op op)
    {
        Value x = op.Inputs[0], weight = op.Inputs[1], bias = op.Inputs[2];
        Value z = op.Outputs[0], y = op.Outputs[1];
        bool storesZ = _plan.StoresPreActivation.Contains(op);
        string activation = ActivationTable.RuntimeName(op.Activation);
        string formula = op.Activation == Activation.Identity
            ? $"{x.Name} · {weight.Name} + {bias.Name}"
            : $"{activation}({x.Name} · {weight.Name} + {bias.Name})";
        string fused = op.Activation == Activation.Identity ? "bias" : "bias and activation";
        _w.Line($"// {y.Name} = {formula}: {fused} fused into the product's epilogue{(storesZ ? "; the pre-activation is kept for the backward pass" : "")}.");
        string epilogue = Local(y.Name) + (op.Recompute ? "Recomputed" : "") + "Epilogue";
        _w.Line($"var {epilogue} = new {Kernels}BiasActivationEpilogue<T>({Kernels}ActivationKind.{activation}, {Alpha(op)}, {Pointer(bias)}, {Pointer(y)}, {y.Columns / op.RowsPerSample}, storeInput: {(storesZ ? "true" : "false")});");
        int n = y.Columns / op.RowsPerSample, k = x.Columns / op.RowsPerSample;
        _w.Line($"{Kernels}Gemm.Multiply(false, false, {Rows(op)}, {n}, {k}, {Pointer(x)}, {k}, {Pointer(weight)}, {weight.Columns}, {Pointer(storesZ ? z : y)}, {n}, false, ref {epilogue});");
    }

    private void ActivateGradient(Op op)
    {
        Value incoming = op.Inputs[0], z = op.Inputs[1], y = op.Inputs[2], result = op.Output;
        bool needsZ = ActivationTable.NeedsPreActivation(op.Activation);
        _w.Line($"// {result.Name} = {incoming.Name} ⊙ {op.Activation}'({(needsZ ? z.Name : "from " + y.Name)}){(SameBuffer(incoming, result) ? ", in place" : "")}.");
        _w.Line($"{Kernels}Activations.Backward<T>({Kernels}ActivationKind.{ActivationTable.RuntimeName(op.Activation)}, {Alpha(op)}, {(needsZ ? Pointer(z) : "null")}, {(needsZ ? "null" : Pointer(y))}, {Pointer(incoming)}, {Pointer(result)}, batch * {result.Columns});");
    }

    private void ColumnSum(Op op)
    {
        Value gradient = op.Inputs[0], result = op.Output;
        _w.Line($"// {result.Name} = column sums of {gradient.Name}.");
        int width = gradient.Columns / op.RowsPerSample;
        _w.Line($"{Kernels}Reductions.ColumnSums<T>({Pointer(gradient)}, {Rows(op)}, {width}, {width}, {Pointer(result)}, false);");
    }

    private void WeightGradient(Op op)
    {
        Value x = op.Inputs[0], gradient = op.Inputs[1], result = op.Output;
        _w.Line($"// {result.Name} = {x.Name}ᵀ · {gradient.Name}.");
        int k = x.Columns / op.RowsPerSample, n = gradient.Columns / op.RowsPerSample;
        _w.Line($"{Kernels}Gemm.Multiply<T>(true, false, {k}, {n}, {Rows(op)}, {Pointer(x)}, {k}, {Pointer(gradient)}, {n}, {Pointer(result)}, {result.Columns}, false);");
    }

    private void InputGradient(Op op)
    {
        Value gradient = op.Inputs[0], weight = op.Inputs[1], result = op.Output;
        _w.Line($"// {result.Name} = {gradient.Name} · {weight.Name}ᵀ.");
        int n = result.Columns / op.RowsPerSample, k = gradient.Columns / op.RowsPerSample;
        _w.Line($"{Kernels}Gemm.Multiply<T>(false, true, {Rows(op)}, {n}, {k}, {Pointer(gradient)}, {k}, {Pointer(weight)}, {weight.Columns}, {Pointer(result)}, {n}, false);");
    }

    private void Loss(Op op)
    {
        Value logits = op.Inputs[0], gradient = op.Outputs[1];
        string dLogits = $"gradients ? {Pointer(gradient)} : null";
        switch (op.Loss)
        {
            case LossKind.SoftmaxCrossEntropy when op.LossParameter > 0:
                _w.Line($"// {op.Layer}: cross-entropy against (1 − ε)·onehot + ε/K with ε = {CodeWriter.Literal(op.LossParameter)}, max-shifted, and its gradient (softmax − q) / batch in one pass.");
                _w.Line($"T sum = {Kernels}LossKernels.SoftmaxCrossEntropySmoothed<T>({Pointer(logits)}, batch, {logits.Columns}, Labels, T.CreateTruncating({CodeWriter.Literal(op.LossParameter)}), {dLogits}, LossScale / T.CreateTruncating(batch), out correct);");
                RoundLossGradient(gradient);
                _w.Line("return sum / T.CreateTruncating(batch);");
                break;
            case LossKind.SoftmaxCrossEntropy:
                _w.Line($"// {op.Layer}: max-shifted softmax cross-entropy and its gradient (softmax − onehot) / batch in one pass.");
                _w.Line($"T sum = {Kernels}LossKernels.SoftmaxCrossEntropy<T>({Pointer(logits)}, batch, {logits.Columns}, Labels, {dLogits}, LossScale / T.CreateTruncating(batch), out correct);");
                RoundLossGradient(gradient);
                _w.Line("return sum / T.CreateTruncating(batch);");
                break;
            case LossKind.Expression:
                _w.Line($"// {op.Layer}: the mean of {logits.Name} over batch × {logits.Columns} values, seeding its gradient with 1 / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}GraphKernels.SumWithGradient<T>({Pointer(logits)}, batch * {logits.Columns}, {dLogits}, LossScale / count);");
                RoundLossGradient(gradient);
                _w.Line("correct = 0;");
                _w.Line("return sum / count;");
                break;
            case LossKind.Huber:
                _w.Line($"// {op.Layer}: Huber loss with δ = {CodeWriter.Literal(op.LossParameter)} over batch × {logits.Columns} outputs, with its gradient clamp(p − t, −δ, δ) / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}LossKernels.Huber<T>({Pointer(logits)}, Targets, batch * {logits.Columns}, T.CreateTruncating({CodeWriter.Literal(op.LossParameter)}), {dLogits}, LossScale / count);");
                RoundLossGradient(gradient);
                _w.Line("correct = 0;");
                _w.Line("return sum / count;");
                break;
            case LossKind.MeanSquaredError:
                _w.Line($"// {op.Layer}: mean squared error over batch × {logits.Columns} outputs, with its gradient 2(p − t) / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}LossKernels.SquaredError<T>({Pointer(logits)}, Targets, batch * {logits.Columns}, {dLogits}, LossScale / count);");
                RoundLossGradient(gradient);
                _w.Line("correct = 0;");
                _w.Line("return sum / count;");
                break;
            default:
                _w.Line($"// {op.Layer}: binary cross-entropy on logits, stable form max(x, 0) − x·t + log1p(exp(−|x|)), gradient (σ(x) − t) / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}LossKernels.SigmoidBinaryCrossEntropy<T>({Pointer(logits)}, Targets, batch * {logits.Columns}, {dLogits}, LossScale / count);");
                _w.Line($"correct = global::ModelGen.Runtime.Metrics.CountBinaryCorrect<T>({Pointer(logits)}, Targets, batch * {logits.Columns});");
                RoundLossGradient(gradient);
                _w.Line("return sum / count;");
                break;
        }
    }

    private void RoundLossGradient(Value gradient) =>
        _w.Line($"if (gradients) RoundStorage({Pointer(gradient)}, batch * {CodeWriter.Literal(gradient.Columns)});");

    public bool SameBuffer(Value a, Value b) =>
        _plan.ColumnOffset.TryGetValue(a, out int x) && _plan.ColumnOffset.TryGetValue(b, out int y) && x == y;

    /// <summary>Rows of an op's products: the batch, times the positions for a per-position projection.</summary>
    private static string Rows(Op op) => op.RowsPerSample == 1 ? "batch" : $"batch * {CodeWriter.Literal(op.RowsPerSample)}";

    /// <summary>The pointer expression of a value: the input batch, an arena slot, a parameter or a state tensor.</summary>
    public string Pointer(Value value) => value.Kind switch
    {
        ValueKind.Input => "Inputs",
        ValueKind.Target => "Targets",
        ValueKind.State => $"State + {CodeWriter.Literal(_plan.StateOffset[value])}",
        ValueKind.Parameter => $"Parameters + {CodeWriter.Literal(_plan.ParameterOf[value].Offset)}",
        ValueKind.ParameterGradient => $"Gradients + {CodeWriter.Literal(_plan.ParameterOf[value].Offset)}",
        _ => _plan.ColumnOffset[value] == 0 ? "Activations" : $"Activations + batch * {CodeWriter.Literal(_plan.ColumnOffset[value])}",
    };

    public static string Alpha(Op op) => op.Activation == Activation.LeakyRelu
        ? $"T.CreateTruncating({CodeWriter.Literal(op.Alpha)})"
        : "T.Zero";

    private static string Local(string name)
    {
        string clean = new string(name.Where(char.IsLetterOrDigit).ToArray());
        return char.ToLowerInvariant(clean[0]) + clean.Substring(1);
    }
}
