using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.IR;
using ModelGen.Generator.Plan;

namespace ModelGen.Generator.Emit;

/// <summary>
/// Kernel calls of the layer and graph-form ops: normalizations, dropout, softmax family, embedding,
/// attention and elementwise arithmetic, forward and backward. Sizes are static; the batch is symbolic.
/// </summary>
internal sealed class LayerCallEmitter
{
    private const string Kernels = "global::ModelGen.Kernels.";
    private readonly KernelCallEmitter _calls;
    private readonly CodeWriter _w;

    public LayerCallEmitter(KernelCallEmitter calls, CodeWriter writer)
    {
        _calls = calls;
        _w = writer;
    }

    private string P(Value value) => _calls.Pointer(value);

    private static string Count(Value value) => $"batch * {CodeWriter.Literal(value.Columns)}";

    private static string Constant(double value) => $"T.CreateTruncating({CodeWriter.Literal(value)})";

    public void Emit(Op op)
    {
        Value y = op.Output;
        string recomputed = op.Recompute ? " (recomputed for the backward pass: [Checkpoint])" : "";
        switch (op.Kind)
        {
            case OpKind.Activate:
                _w.Line($"// {y.Name} = {op.Activation}({op.Inputs[0].Name}){recomputed}.");
                _w.Line($"{Kernels}Activations.Forward<T>({Kernels}ActivationKind.{ActivationTable.RuntimeName(op.Activation)}, {KernelCallEmitter.Alpha(op)}, {P(op.Inputs[0])}, {P(y)}, {Count(y)});");
                break;
            case OpKind.Normalize: Normalize(op, recomputed); break;
            case OpKind.NormalizeGradient: NormalizeGradient(op); break;
            case OpKind.Dropout:
                _w.Line($"// {y.Name} = inverted dropout (p = {CodeWriter.Literal(op.Probability)}) of {op.Inputs[0].Name} while training, a copy in evaluation{recomputed}.");
                _w.Line($"{Kernels}Dropout.Forward<T>({P(op.Inputs[0])}, {P(y)}, {P(op.Outputs[1])}, {Count(y)}, {CodeWriter.Literal(op.Probability)}, DropoutSeed({CodeWriter.Literal(op.LayerIndex)}), IsTraining);");
                break;
            case OpKind.DropoutGradient:
                _w.Line($"// {y.Name} = {op.Inputs[0].Name} ⊙ the dropout mask.");
                _w.Line($"{Kernels}Dropout.Backward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(y)}, {Count(y)});");
                break;
            case OpKind.Softmax or OpKind.LogSoftmax:
                _w.Line($"// {y.Name} = {op.Kind}({op.Inputs[0].Name} / {CodeWriter.Literal(op.Temperature)}) per row, max-shifted{recomputed}.");
                _w.Line($"{Kernels}TensorOps.{op.Kind}<T>({P(op.Inputs[0])}, batch, {y.Columns}, {Constant(1 / op.Temperature)}, {P(y)});");
                break;
            case OpKind.SoftmaxGradient or OpKind.LogSoftmaxGradient:
                string forward = op.Kind == OpKind.SoftmaxGradient ? "Softmax" : "LogSoftmax";
                _w.Line($"// {y.Name}: gradient through {forward} from its output {op.Inputs[0].Name}.");
                _w.Line($"{Kernels}TensorOps.{forward}Backward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, batch, {y.Columns}, {Constant(1 / op.Temperature)}, {P(y)});");
                break;
            case OpKind.LogSumExp:
                _w.Line($"// {y.Name} = log Σ exp({op.Inputs[0].Name}) per row, max-shifted{recomputed}.");
                _w.Line($"{Kernels}TensorOps.LogSumExp<T>({P(op.Inputs[0])}, batch, {op.Inputs[0].Columns}, {P(y)});");
                break;
            case OpKind.LogSumExpGradient:
                _w.Line($"// {y.Name} = d ⊙ softmax({op.Inputs[0].Name}).");
                _w.Line($"{Kernels}TensorOps.LogSumExpBackward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(op.Inputs[2])}, batch, {y.Columns}, {P(y)});");
                break;
            case OpKind.RowSum:
                _w.Line($"// {y.Name} = Σ {op.Inputs[0].Name} per row{recomputed}.");
                _w.Line($"{Kernels}GraphKernels.RowSums<T>({P(op.Inputs[0])}, batch, {op.Inputs[0].Columns}, {P(y)});");
                break;
            case OpKind.RowSumGradient:
                _w.Line($"// {y.Name}: each row's gradient copied to all {CodeWriter.Literal(y.Columns)} columns.");
                _w.Line($"{Kernels}GraphKernels.BroadcastRows<T>({P(op.Inputs[0])}, batch, {y.Columns}, {P(y)});");
                break;
            case OpKind.Log or OpKind.Exp:
                _w.Line($"// {y.Name} = {op.Kind}({op.Inputs[0].Name}){recomputed}.");
                _w.Line($"{Kernels}TensorOps.{op.Kind}<T>({P(op.Inputs[0])}, {P(y)}, {Count(y)});");
                break;
            case OpKind.LogGradient or OpKind.ExpGradient:
                string function = op.Kind == OpKind.LogGradient ? "Log" : "Exp";
                _w.Line($"// {y.Name}: gradient through {function}.");
                _w.Line($"{Kernels}TensorOps.{function}Backward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(y)}, {Count(y)});");
                break;
            case OpKind.Add or OpKind.Subtract or OpKind.Multiply:
                string symbol = op.Kind switch { OpKind.Add => "+", OpKind.Subtract => "−", _ => "⊙" };
                _w.Line($"// {y.Name} = {op.Inputs[0].Name} {symbol} {op.Inputs[1].Name}{recomputed}.");
                _w.Line($"{Kernels}TensorOps.{op.Kind}<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(y)}, {Count(y)});");
                break;
            case OpKind.Affine:
                _w.Line($"// {y.Name} = {CodeWriter.Literal(op.Scale)}·{op.Inputs[0].Name} + {CodeWriter.Literal(op.Shift)}{recomputed}.");
                _w.Line($"{Kernels}GraphKernels.Affine<T>({P(op.Inputs[0])}, {Constant(op.Scale)}, {Constant(op.Shift)}, {P(y)}, {Count(y)});");
                break;
            case OpKind.Concat:
                _w.Line($"// {y.Name} = [{string.Join(", ", op.Inputs.Select(v => v.Name))}] per row{recomputed}.");
                int offset = 0;
                foreach (Value part in op.Inputs)
                {
                    _w.Line($"{Kernels}TensorOps.CopyColumns<T>({P(part)}, batch, {part.Columns}, 0, {P(y)}, {y.Columns}, {offset}, {part.Columns});");
                    offset += part.Columns;
                }
                break;
            case OpKind.Slice:
                _w.Line($"// {y.Name} = columns {CodeWriter.Literal(op.ColumnOffset)}..{CodeWriter.Literal(op.ColumnOffset + y.Columns - 1)} of {op.Inputs[0].Name}.");
                _w.Line($"{Kernels}TensorOps.CopyColumns<T>({P(op.Inputs[0])}, batch, {op.Inputs[0].Columns}, {op.ColumnOffset}, {P(y)}, {y.Columns}, 0, {y.Columns});");
                break;
            case OpKind.Embedding:
                _w.Line($"// {y.Name} = rows of {op.Inputs[1].Name} for the {CodeWriter.Literal(op.Sequence)} token ids of each sample{recomputed}.");
                _w.Line($"{Kernels}Embedding.Forward<T>({P(op.Inputs[0])}, batch, {op.Sequence}, {P(op.Inputs[1])}, {op.Vocabulary}, {y.Columns / op.Sequence}, {P(y)});");
                break;
            case OpKind.EmbeddingGradient:
                _w.Line($"// {y.Name}: the gradient rows scatter-added into the table rows of their tokens.");
                _w.Line($"{Kernels}Embedding.Backward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, batch, {op.Sequence}, {op.Vocabulary}, {op.Inputs[1].Columns / op.Sequence}, {P(y)});");
                break;
            case OpKind.Attention:
                _w.Line($"// {y.Name} = softmax(q·kᵀ/√d{(op.Causal ? ", causal" : "")})·v over {CodeWriter.Literal(op.Sequence)} positions and {CodeWriter.Literal(op.Heads)} heads; the probabilities are kept for the backward pass{recomputed}.");
                _w.Line($"{Kernels}Attention.Forward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(op.Inputs[2])}, batch, {op.Sequence}, {y.Columns / op.Sequence}, {op.Heads}, {Bool(op.Causal)}, {P(op.Outputs[1])}, {P(y)});");
                break;
            case OpKind.AttentionGradient:
                _w.Line($"// {op.Outputs[0].Name}, {op.Outputs[1].Name}, {op.Outputs[2].Name}: the attention core's backward pass.");
                _w.Line($"{Kernels}Attention.Backward<T>({P(op.Inputs[0])}, {P(op.Inputs[1])}, {P(op.Inputs[2])}, {P(op.Inputs[3])}, {P(op.Inputs[4])}, batch, {op.Sequence}, {op.Inputs[0].Columns / op.Sequence}, {op.Heads}, {Bool(op.Causal)}, {P(op.Outputs[0])}, {P(op.Outputs[1])}, {P(op.Outputs[2])});");
                break;
            default:
                throw new System.InvalidOperationException($"No kernel for {op.Kind}: the fusion stage should have rewritten it.");
        }
    }

    private void Normalize(Op op, string recomputed)
    {
        Value x = op.Inputs[0], gamma = op.Inputs[1], y = op.Output;
        string epsilon = Constant(op.Epsilon);
        switch (op.Norm)
        {
            case NormKind.Rms:
                _w.Line($"// {y.Name} = {x.Name} / √(mean({x.Name}²) + {CodeWriter.Literal(op.Epsilon)}) · γ; 1/rms is kept for the backward pass{recomputed}.");
                _w.Line($"{Kernels}Normalization.RmsNormForward<T>({P(x)}, batch, {x.Columns}, {epsilon}, {P(gamma)}, {P(y)}, {P(op.Outputs[1])});");
                break;
            case NormKind.Batch:
                _w.Line($"// {y.Name} = batch normalization of {x.Name}: batch statistics while training (running averages, momentum {CodeWriter.Literal(op.Momentum)}, updated), the running averages in evaluation.");
                _w.Line($"{Kernels}Normalization.BatchNormForward<T>({P(x)}, batch, {x.Columns}, {epsilon}, {Constant(op.Momentum)}, {P(gamma)}, {P(op.Inputs[2])}, {P(y)}, {P(op.Inputs[5])}, {P(op.Inputs[6])}, {P(op.Inputs[3])}, {P(op.Inputs[4])}, IsTraining);");
                break;
            default:
                string what = op.Norm == NormKind.Layer ? "layer normalization" : $"group normalization ({CodeWriter.Literal(op.Groups)} groups)";
                _w.Line($"// {y.Name} = {what} of {x.Name} (ε = {CodeWriter.Literal(op.Epsilon)}) · γ + β; mean and 1/σ are kept for the backward pass{recomputed}.");
                _w.Line($"{Kernels}Normalization.GroupNormForward<T>({P(x)}, batch, {x.Columns}, {op.Groups}, {epsilon}, {P(gamma)}, {P(op.Inputs[2])}, {P(y)}, {P(op.Outputs[1])}, {P(op.Outputs[2])});");
                break;
        }
    }

    private void NormalizeGradient(Op op)
    {
        Value x = op.Inputs[0], dy = op.Inputs[1], gamma = op.Inputs[2], dx = op.Outputs[0], dGamma = op.Outputs[1];
        _w.Line($"// {dx.Name}, {dGamma.Name}{(op.Outputs.Count > 2 ? ", " + op.Outputs[2].Name : "")}: the {op.Norm} normalization's backward pass from its saved statistics.");
        switch (op.Norm)
        {
            case NormKind.Rms:
                _w.Line($"{Kernels}Normalization.RmsNormBackward<T>({P(x)}, {P(dy)}, batch, {x.Columns}, {P(gamma)}, {P(op.Inputs[3])}, {P(dx)}, {P(dGamma)});");
                break;
            case NormKind.Batch:
                _w.Line($"{Kernels}Normalization.BatchNormBackward<T>({P(x)}, {P(dy)}, batch, {x.Columns}, {P(gamma)}, {P(op.Inputs[3])}, {P(op.Inputs[4])}, {P(dx)}, {P(dGamma)}, {P(op.Outputs[2])}, IsTraining);");
                break;
            default:
                _w.Line($"{Kernels}Normalization.GroupNormBackward<T>({P(x)}, {P(dy)}, batch, {x.Columns}, {op.Groups}, {P(gamma)}, {P(op.Inputs[3])}, {P(op.Inputs[4])}, {P(dx)}, {P(dGamma)}, {P(op.Outputs[2])});");
                break;
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
