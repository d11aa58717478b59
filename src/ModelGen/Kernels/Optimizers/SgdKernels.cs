using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>Plain SGD with L2 weight decay: p -= lr·(g + wd·p).</summary>
internal unsafe struct SgdKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Parameters, Gradients;
    public int Count;
    public T LearningRate, WeightDecay;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Update<TVec, TOps>(0);
        Update<T, ScalarOps<T>>(done);
    }

    private readonly int Update<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* parameters = Parameters, gradients = Gradients;
        TVec negativeRate = TOps.Broadcast(-LearningRate), decay = TOps.Broadcast(WeightDecay);
        int i = start;
        for (; i <= Count - TOps.Count; i += TOps.Count)
        {
            TVec p = TOps.Load(parameters + i);
            TVec g = TOps.MultiplyAdd(decay, p, TOps.Load(gradients + i));
            TOps.Store(parameters + i, TOps.MultiplyAdd(negativeRate, g, p));
        }
        return i;
    }
}

/// <summary>
/// SGD with heavy-ball or Nesterov momentum, as PyTorch defines them (dampening 0):
/// g' = g + wd·p; v = μ·v + g'; p -= lr·v, or for Nesterov p -= lr·(g' + μ·v).
/// A zeroed velocity makes the first step v = g', PyTorch's initialization.
/// </summary>
internal unsafe struct MomentumKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Parameters, Gradients, Velocity;
    public int Count;
    public T LearningRate, Momentum, WeightDecay;
    public bool Nesterov;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Update<TVec, TOps>(0);
        Update<T, ScalarOps<T>>(done);
    }

    private readonly int Update<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* parameters = Parameters, gradients = Gradients, velocity = Velocity;
        TVec negativeRate = TOps.Broadcast(-LearningRate), momentum = TOps.Broadcast(Momentum), decay = TOps.Broadcast(WeightDecay);
        TVec tiny = TOps.Broadcast(OptimizerState.Tiny<T>());
        bool nesterov = Nesterov;
        int i = start;
        for (; i <= Count - TOps.Count; i += TOps.Count)
        {
            TVec p = TOps.Load(parameters + i);
            TVec g = TOps.MultiplyAdd(decay, p, TOps.Load(gradients + i));
            TVec v = OptimizerState.FlushTiny<TVec, T, TOps>(TOps.MultiplyAdd(momentum, TOps.Load(velocity + i), g), tiny);
            TOps.Store(velocity + i, v);
            TVec direction = nesterov ? TOps.MultiplyAdd(momentum, v, g) : v;
            TOps.Store(parameters + i, TOps.MultiplyAdd(negativeRate, direction, p));
        }
        return i;
    }
}
