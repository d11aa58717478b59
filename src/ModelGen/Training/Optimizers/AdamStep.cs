using System.Numerics;
using ModelGen.Kernels;

namespace ModelGen;

/// <summary>The per-step coefficients and kernel call shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamStep
{
    /// <summary>Two state slots: the first moment m, then the second moment v.</summary>
    public const int StateSlots = 2;

    public static unsafe void Run<T>(T* parameters, T* gradients, T* state, int count, long step,
        float learningRate, float beta1, float beta2, float epsilon, float l2Decay, float decoupledDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Bias corrections in double: β^t for t in the millions needs the precision, and it is
        // computed once per step, not per element.
        double correction1 = 1 - Math.Pow(beta1, step);
        double correction2 = 1 - Math.Pow(beta2, step);
        var kernel = new AdamKernel<T>
        {
            Parameters = parameters, Gradients = gradients,
            FirstMoment = state, SecondMoment = state + count, Count = count,
            DecayFactor = T.CreateTruncating(1 - (double)learningRate * decoupledDecay),
            L2 = T.CreateTruncating(l2Decay),
            Beta1 = T.CreateTruncating(beta1), Beta2 = T.CreateTruncating(beta2),
            StepSize = T.CreateTruncating(learningRate / correction1),
            InverseSqrtCorrection2 = T.CreateTruncating(1 / Math.Sqrt(correction2)),
            Epsilon = T.CreateTruncating(epsilon),
        };
        VectorKernel.Run<T, AdamKernel<T>>(ref kernel);
    }
}
