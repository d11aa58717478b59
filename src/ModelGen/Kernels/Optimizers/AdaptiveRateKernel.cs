using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// AdaGrad and RMSprop share one update: s = decay·s + scale·g²; p -= lr·g/(√s + ε).
/// AdaGrad accumulates (decay = scale = 1); RMSprop averages (decay = ρ, scale = 1 - ρ).
/// </summary>
internal unsafe struct AdaptiveRateKernel<T> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* Parameters, Gradients, SquareStatistic;
    public int Count;
    public T LearningRate, Decay, Scale, Epsilon;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Update<TVec, TOps>(0);
        Update<T, ScalarOps<T>>(done);
    }

    private readonly int Update<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* parameters = Parameters, gradients = Gradients, squares = SquareStatistic;
        TVec negativeRate = TOps.Broadcast(-LearningRate), decay = TOps.Broadcast(Decay);
        TVec scale = TOps.Broadcast(Scale), epsilon = TOps.Broadcast(Epsilon);
        TVec tiny = TOps.Broadcast(OptimizerState.Tiny<T>());
        int i = start;
        for (; i <= Count - TOps.Count; i += TOps.Count)
        {
            TVec g = TOps.Load(gradients + i);
            TVec s = OptimizerState.FlushTiny<TVec, T, TOps>(
                TOps.MultiplyAdd(decay, TOps.Load(squares + i), TOps.Multiply(scale, TOps.Multiply(g, g))), tiny);
            TOps.Store(squares + i, s);
            TVec step = TOps.Divide(g, TOps.Add(TOps.Sqrt(s), epsilon));
            TOps.Store(parameters + i, TOps.MultiplyAdd(negativeRate, step, TOps.Load(parameters + i)));
        }
        return i;
    }
}
