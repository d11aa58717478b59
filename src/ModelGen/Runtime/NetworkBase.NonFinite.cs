using ModelGen.Kernels;

namespace ModelGen.Runtime;

/// <summary>Finding where a training step went NaN or infinite, for the non-finite guard.</summary>
public abstract unsafe partial class NetworkBase<T>
{
    /// <summary>The guard's per-step check: a finite loss and one vectorized pass over the gradient arena.</summary>
    internal bool LossAndGradientsAreFinite(T loss) => T.IsFinite(loss) && Reductions.AllFinite(Gradients, Info.ParameterCount);

    /// <summary>
    /// Names the first parameter tensor with a non-finite gradient and, by rerunning the forward pass
    /// on the loaded batch, the first layer with a non-finite output. Runs only on a failed check, so
    /// it may take its time; it changes neither the weights nor the gradients.
    /// </summary>
    internal NonFiniteStep LocateNonFinite(int epoch, long update, T loss, int batch)
    {
        string? parameter = null;
        foreach (ParameterInfo tensor in Layers.Tensors)
        {
            if (!Reductions.AllFinite(Gradients + tensor.Offset, tensor.Length)) { parameter = tensor.Name; break; }
        }
        // The backward pass may reuse activation buffers, so the forward outputs are recomputed, in
        // training mode like the failed step (dropout masks and batch statistics as it had them).
        bool? mode = TrainingModeOverride;
        TrainingModeOverride = true;
        try
        {
            ComputeLoss(batch, gradients: false, out _);
        }
        finally
        {
            TrainingModeOverride = mode;
        }
        string? layer = null;
        for (int i = 1; i < Info.Layers.Count && layer is null; i++) // 0 is the input, reported on its own
        {
            foreach (float value in LayerOutput(i).Span)
            {
                if (!float.IsFinite(value)) { layer = Info.Layers[i].Name; break; }
            }
        }
        // The op-level rerun in training mode, as the failed step ran; it overwrites only gradients and activations.
        IsTraining = true;
        string? op = FirstNonFiniteOp(batch);
        return new NonFiniteStep(epoch, update, double.CreateTruncating(loss), parameter, layer) { Op = op, Input = FirstNonFiniteInput(batch) };
    }

    /// <summary>
    /// Reruns the step kernel by kernel and names the first whose output holds a NaN or infinity
    /// (generated per model: forward, loss, backward). Null when every output is finite.
    /// </summary>
    protected virtual string? FirstNonFiniteOp(int batch) => null;

    private string? FirstNonFiniteInput(int batch)
    {
        int width = Info.InputWidth;
        for (int i = 0; i < batch * width; i++)
        {
            if (!T.IsFinite(Inputs[i])) return $"row {i / width}, feature {i % width} is {Inputs[i]}";
        }
        return null;
    }
}
