namespace ModelGen.Cuda;

/// <summary>
/// Which generated optimizer kernel runs an <see cref="Optimizer"/>'s step and its seven float
/// hyper-parameters h0..h6, computed once per step exactly as the CPU path computes them (see
/// src/ModelGen/Kernels/Optimizers and Training/Optimizers).
/// </summary>
public sealed class OptimizerLaunch
{
    public const int HyperParameterCount = 7;

    private OptimizerLaunch(string kernel, float[] hyperParameters)
    {
        Kernel = kernel;
        HyperParameters = hyperParameters;
    }

    public string Kernel { get; }
    public IReadOnlyList<float> HyperParameters { get; }

    /// <summary>The launch for update number <paramref name="step"/> (1-based).</summary>
    public static OptimizerLaunch For(Optimizer optimizer, long step)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "step is 1-based and must be >= 1.");
        float lr = optimizer.LearningRate;
        return optimizer switch
        {
            Sgd sgd => new("modelgen_sgd", Pad(lr, sgd.WeightDecay)),
            Momentum momentum => new("modelgen_momentum", Pad(lr, momentum.MomentumFactor, momentum.WeightDecay)),
            Nesterov nesterov => new("modelgen_nesterov", Pad(lr, nesterov.MomentumFactor, nesterov.WeightDecay)),
            Adam adam => AdamLaunch(step, lr, adam.Beta1, adam.Beta2, adam.Epsilon, l2: adam.WeightDecay, decoupled: 0),
            AdamW adamW => AdamLaunch(step, lr, adamW.Beta1, adamW.Beta2, adamW.Epsilon, l2: 0, decoupled: adamW.WeightDecay),
            AdaGrad adaGrad => new("modelgen_adaptive", Pad(lr, 1f, 1f, adaGrad.Epsilon)),
            RmsProp rmsProp => new("modelgen_adaptive", Pad(lr, rmsProp.Rho, 1f - rmsProp.Rho, rmsProp.Epsilon)),
            _ => throw new NotSupportedException($"{optimizer.GetType().Name} has no CUDA kernel; use Sgd, Momentum, Nesterov, Adam, AdamW, AdaGrad or RmsProp."),
        };
    }

    private static OptimizerLaunch AdamLaunch(long step, float lr, float beta1, float beta2, float epsilon, float l2, float decoupled)
    {
        // As AdamStep: bias corrections in double, once per step.
        double correction1 = 1 - Math.Pow(beta1, step);
        double correction2 = 1 - Math.Pow(beta2, step);
        return new("modelgen_adam", Pad(
            (float)(1 - (double)lr * decoupled), l2, beta1, beta2,
            (float)(lr / correction1), (float)(1 / Math.Sqrt(correction2)), epsilon));
    }

    private static float[] Pad(params float[] values)
    {
        var result = new float[HyperParameterCount];
        values.CopyTo(result, 0);
        return result;
    }
}
