using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Binary cross-entropy on a logit x against a target t in [0, 1], in the form that never
/// overflows: max(x, 0) - x·t + log1p(e^-|x|). The same e = e^-|x| gives σ(x) for the gradient
/// (σ(x) - t)·scale.
/// </summary>
internal unsafe struct BinaryCrossEntropyTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Logits, Targets, LogitGradients;
    public T GradScale;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec x = TOps.Load(Logits + i);
        TVec t = TOps.Load(Targets + i);
        TVec e = TOps.Exp(TOps.Negate(TOps.Abs(x)));
        if (LogitGradients != null)
        {
            TVec one = VectorMath<TVec, T, TOps>.One;
            TVec sigmoid = TOps.Divide(TOps.Select(VectorMath<TVec, T, TOps>.IsPositive(x), one, e), TOps.Add(one, e));
            TOps.Store(LogitGradients + i, TOps.Multiply(TOps.Subtract(sigmoid, t), TOps.Broadcast(GradScale)));
        }
        TVec linear = TOps.Subtract(TOps.Max(x, TOps.Zero), TOps.Multiply(x, t));
        return TOps.Add(linear, VectorMath<TVec, T, TOps>.Log1p(e));
    }
}

/// <summary>(p - t)², with gradient 2(p - t)·scale.</summary>
internal unsafe struct SquaredErrorTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Predictions, Targets, PredictionGradients;
    public T GradScale;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec difference = TOps.Subtract(TOps.Load(Predictions + i), TOps.Load(Targets + i));
        if (PredictionGradients != null)
            TOps.Store(PredictionGradients + i, TOps.Multiply(difference, TOps.Broadcast(GradScale + GradScale)));
        return TOps.Multiply(difference, difference);
    }
}

/// <summary>
/// PyTorch's HuberLoss term: ½d² for |d| &lt; δ, δ(|d| − ½δ) beyond, with d = p − t. Written
/// branch-free as m(|d| − ½m) with m = min(|d|, δ); the gradient is clamp(d, −δ, δ)·scale.
/// </summary>
internal unsafe struct HuberTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Predictions, Targets, PredictionGradients;
    public T Delta, GradScale;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec difference = TOps.Subtract(TOps.Load(Predictions + i), TOps.Load(Targets + i));
        TVec delta = TOps.Broadcast(Delta);
        if (PredictionGradients != null)
        {
            TVec clamped = TOps.Max(TOps.Min(difference, delta), TOps.Negate(delta));
            TOps.Store(PredictionGradients + i, TOps.Multiply(clamped, TOps.Broadcast(GradScale)));
        }
        TVec magnitude = TOps.Abs(difference);
        TVec inner = TOps.Min(magnitude, delta);
        TVec half = TOps.Broadcast(T.CreateTruncating(0.5));
        return TOps.Multiply(inner, TOps.Subtract(magnitude, TOps.Multiply(half, inner)));
    }
}
