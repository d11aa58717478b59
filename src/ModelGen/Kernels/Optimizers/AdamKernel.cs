using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Adam and AdamW in one fused pass, in PyTorch's arrangement:
/// p ← p·decayFactor (AdamW: 1 - lr·wd, Adam: 1); g' = g + l2·p (Adam's weight decay, AdamW: 0);
/// m = β1·m + (1-β1)·g'; v = β2·v + (1-β2)·g'²; p -= stepSize·m/(√v·invSqrtCorrection2 + ε)
/// with stepSize = lr/(1 - β1^t) and invSqrtCorrection2 = 1/√(1 - β2^t), computed once per step.
/// </summary>
internal unsafe struct AdamKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Parameters, Gradients, FirstMoment, SecondMoment;
    public int Count;
    public T DecayFactor, L2, Beta1, Beta2, StepSize, InverseSqrtCorrection2, Epsilon;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Update<TVec, TOps>(0);
        Update<T, ScalarOps<T>>(done);
    }

    private readonly int Update<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* parameters = Parameters, gradients = Gradients, firstMoment = FirstMoment, secondMoment = SecondMoment;
        TVec decayFactor = TOps.Broadcast(DecayFactor), l2 = TOps.Broadcast(L2);
        TVec beta1 = TOps.Broadcast(Beta1), gradientWeight1 = TOps.Broadcast(T.One - Beta1);
        TVec beta2 = TOps.Broadcast(Beta2), gradientWeight2 = TOps.Broadcast(T.One - Beta2);
        TVec negativeStep = TOps.Broadcast(-StepSize), inverseSqrtCorrection2 = TOps.Broadcast(InverseSqrtCorrection2);
        TVec epsilon = TOps.Broadcast(Epsilon);
        TVec tiny = TOps.Broadcast(OptimizerState.Tiny<T>());
        int i = start;
        for (; i <= Count - TOps.Count; i += TOps.Count)
        {
            TVec p = TOps.Load(parameters + i);
            TVec g = TOps.MultiplyAdd(l2, p, TOps.Load(gradients + i));
            TVec m = TOps.MultiplyAdd(beta1, TOps.Load(firstMoment + i), TOps.Multiply(gradientWeight1, g));
            TVec v = TOps.MultiplyAdd(beta2, TOps.Load(secondMoment + i), TOps.Multiply(gradientWeight2, TOps.Multiply(g, g)));
            m = OptimizerState.FlushTiny<TVec, T, TOps>(m, tiny);
            v = OptimizerState.FlushTiny<TVec, T, TOps>(v, tiny);
            TOps.Store(firstMoment + i, m);
            TOps.Store(secondMoment + i, v);
            TVec denominator = TOps.MultiplyAdd(TOps.Sqrt(v), inverseSqrtCorrection2, epsilon);
            TVec decayed = TOps.Multiply(p, decayFactor);
            TOps.Store(parameters + i, TOps.MultiplyAdd(negativeStep, TOps.Divide(m, denominator), decayed));
        }
        return i;
    }
}
