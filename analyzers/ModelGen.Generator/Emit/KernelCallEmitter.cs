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

    public KernelCallEmitter(KernelPlan plan, CodeWriter writer)
    {
        _plan = plan;
        _w = writer;
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
            case OpKind.LossForwardBackward: Loss(op); break;
            default: throw new System.InvalidOperationException($"No kernel for {op.Kind}: the fusion stage should have rewritten it.");
        }
    }

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
        string epilogue = Local(y.Name) + "Epilogue";
        _w.Line($"var {epilogue} = new {Kernels}BiasActivationEpilogue<T>({Kernels}ActivationKind.{activation}, {Alpha(op)}, {Pointer(bias)}, {Pointer(y)}, {y.Columns}, storeInput: {(storesZ ? "true" : "false")});");
        _w.Line($"{Kernels}Gemm.Multiply(false, false, batch, {y.Columns}, {x.Columns}, {Pointer(x)}, {x.Columns}, {Pointer(weight)}, {weight.Columns}, {Pointer(storesZ ? z : y)}, {y.Columns}, false, ref {epilogue});");
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
        _w.Line($"{Kernels}Reductions.ColumnSums<T>({Pointer(gradient)}, batch, {gradient.Columns}, {gradient.Columns}, {Pointer(result)}, false);");
    }

    private void WeightGradient(Op op)
    {
        Value x = op.Inputs[0], gradient = op.Inputs[1], result = op.Output;
        _w.Line($"// {result.Name} = {x.Name}ᵀ · {gradient.Name}.");
        _w.Line($"{Kernels}Gemm.Multiply<T>(true, false, {x.Columns}, {gradient.Columns}, batch, {Pointer(x)}, {x.Columns}, {Pointer(gradient)}, {gradient.Columns}, {Pointer(result)}, {result.Columns}, false);");
    }

    private void InputGradient(Op op)
    {
        Value gradient = op.Inputs[0], weight = op.Inputs[1], result = op.Output;
        _w.Line($"// {result.Name} = {gradient.Name} · {weight.Name}ᵀ.");
        _w.Line($"{Kernels}Gemm.Multiply<T>(false, true, batch, {result.Columns}, {gradient.Columns}, {Pointer(gradient)}, {gradient.Columns}, {Pointer(weight)}, {weight.Columns}, {Pointer(result)}, {result.Columns}, false);");
    }

    private void Loss(Op op)
    {
        Value logits = op.Inputs[0], gradient = op.Outputs[1];
        string dLogits = $"gradients ? {Pointer(gradient)} : null";
        switch (op.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                _w.Line($"// {op.Layer}: max-shifted softmax cross-entropy and its gradient (softmax − onehot) / batch in one pass.");
                _w.Line($"T sum = {Kernels}LossKernels.SoftmaxCrossEntropy<T>({Pointer(logits)}, batch, {logits.Columns}, Labels, {dLogits}, T.One / T.CreateTruncating(batch), out correct);");
                _w.Line("return sum / T.CreateTruncating(batch);");
                break;
            case LossKind.MeanSquaredError:
                _w.Line($"// {op.Layer}: mean squared error over batch × {logits.Columns} outputs, with its gradient 2(p − t) / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}LossKernels.SquaredError<T>({Pointer(logits)}, Targets, batch * {logits.Columns}, {dLogits}, T.One / count);");
                _w.Line("correct = 0;");
                _w.Line("return sum / count;");
                break;
            default:
                _w.Line($"// {op.Layer}: binary cross-entropy on logits, stable form max(x, 0) − x·t + log1p(exp(−|x|)), gradient (σ(x) − t) / n.");
                _w.Line($"T count = T.CreateTruncating(batch * {logits.Columns});");
                _w.Line($"T sum = {Kernels}LossKernels.SigmoidBinaryCrossEntropy<T>({Pointer(logits)}, Targets, batch * {logits.Columns}, {dLogits}, T.One / count);");
                _w.Line($"correct = global::ModelGen.Runtime.Metrics.CountBinaryCorrect<T>({Pointer(logits)}, Targets, batch * {logits.Columns});");
                _w.Line("return sum / count;");
                break;
        }
    }

    private bool SameBuffer(Value a, Value b) =>
        _plan.ColumnOffset.TryGetValue(a, out int x) && _plan.ColumnOffset.TryGetValue(b, out int y) && x == y;

    /// <summary>The pointer expression of a value: the input batch, an arena slot or a parameter.</summary>
    public string Pointer(Value value) => value.Kind switch
    {
        ValueKind.Input => "Inputs",
        ValueKind.Parameter => $"Parameters + {CodeWriter.Literal(_plan.ParameterOf[value].Offset)}",
        ValueKind.ParameterGradient => $"Gradients + {CodeWriter.Literal(_plan.ParameterOf[value].Offset)}",
        _ => _plan.ColumnOffset[value] == 0 ? "Activations" : $"Activations + batch * {CodeWriter.Literal(_plan.ColumnOffset[value])}",
    };

    private static string Alpha(Op op) => op.Activation == Activation.LeakyRelu
        ? $"T.CreateTruncating({CodeWriter.Literal(op.Alpha)})"
        : "T.Zero";

    private static string Local(string name)
    {
        string clean = new string(name.Where(char.IsLetterOrDigit).ToArray());
        return char.ToLowerInvariant(clean[0]) + clean.Substring(1);
    }
}
