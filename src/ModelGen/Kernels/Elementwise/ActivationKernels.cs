using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>y = f(x) over a contiguous range: whole vectors, then the scalar tail.</summary>
internal unsafe struct ActivationForwardKernel<T, TActivation> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TActivation : struct, IActivation
{
    public T Alpha;
    public T* Input;
    public T* Output;
    public int Count;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Map<TVec, TOps>(0);
        Map<T, ScalarOps<T>>(done);
    }

    /// <summary>Processes whole vectors from <paramref name="start"/>; returns the first index not done.</summary>
    private readonly int Map<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* input = Input, output = Output;
        int last = Count - TOps.Count;
        TVec alpha = TOps.Broadcast(Alpha);
        int i = start;
        for (; i <= last; i += TOps.Count)
            TOps.Store(output + i, TActivation.Forward<TVec, T, TOps>(TOps.Load(input + i), alpha));
        return i;
    }
}

/// <summary>dx = dy·f'(z) over a contiguous range; z and y are read only when the activation uses them.</summary>
internal unsafe struct ActivationBackwardKernel<T, TActivation> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TActivation : struct, IActivation
{
    public T Alpha;
    public T* Input;
    public T* Output;
    public T* OutputGradient;
    public T* InputGradient;
    public int Count;

    void IVectorKernel<T>.Run<TVec, TOps>()
    {
        int done = Map<TVec, TOps>(0);
        Map<T, ScalarOps<T>>(done);
    }

    private readonly int Map<TVec, TOps>(int start)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        T* z = Input, y = Output, dy = OutputGradient, dx = InputGradient;
        int last = Count - TOps.Count;
        TVec alpha = TOps.Broadcast(Alpha);
        int i = start;
        for (; i <= last; i += TOps.Count)
        {
            // UsesInput/UsesOutput are constants per instantiation, so the unused loads vanish.
            TVec zi = TActivation.UsesInput ? TOps.Load(z + i) : TOps.Zero;
            TVec yi = TActivation.UsesOutput ? TOps.Load(y + i) : TOps.Zero;
            TOps.Store(dx + i, TActivation.Backward<TVec, T, TOps>(zi, yi, TOps.Load(dy + i), alpha));
        }
        return i;
    }
}
