using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>One lane-wise function of up to two operands and two scalars, inlined into the loops of <see cref="ElementwiseMap{TVec, T, TOps}"/>.</summary>
internal interface IElementwiseMap
{
    static abstract TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, IVectorOps<TVec, T>;
}

/// <summary>y[i] = map(a[i], b[i], alpha, beta) at one tier: whole vectors, then the scalar tail. b is read only when not null.</summary>
internal static unsafe class ElementwiseMap<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public static void Run<TMap>(T* a, T* b, T* y, T alpha, T beta, int count)
        where TMap : struct, IElementwiseMap
    {
        TVec alphaLanes = TOps.Broadcast(alpha), betaLanes = TOps.Broadcast(beta);
        int i = 0;
        for (; i <= count - TOps.Count; i += TOps.Count)
            TOps.Store(y + i, TMap.Apply<TVec, T, TOps>(TOps.Load(a + i), b == null ? TOps.Zero : TOps.Load(b + i), alphaLanes, betaLanes));
        for (; i < count; i++)
            y[i] = TMap.Apply<T, T, ScalarOps<T>>(a[i], b == null ? T.Zero : b[i], alpha, beta);
    }
}

/// <summary>A whole-array <see cref="ElementwiseMap{TVec, T, TOps}"/> dispatched at <see cref="Simd.Active"/>.</summary>
internal unsafe struct ElementwiseMapKernel<T, TMap> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TMap : struct, IElementwiseMap
{
    public T* A, B, Y;
    public T Alpha;
    public int Count;

    // No map of the kernel uses the second constant yet, so it is zero.
    readonly void IVectorKernel<T>.Run<TVec, TOps>() => ElementwiseMap<TVec, T, TOps>.Run<TMap>(A, B, Y, Alpha, T.Zero, Count);
}

internal struct AddMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Add(a, b);
}

internal struct SubtractMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Subtract(a, b);
}

internal struct MultiplyMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(a, b);
}

internal struct DivideMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Divide(a, b);
}

internal struct ScaleMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(a, alpha);
}

internal struct ExpMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Exp(a);
}

internal struct LogMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Log(a);
}

/// <summary>alpha·exp(a - beta): the logsumexp gradient, beta being the row's logsumexp and alpha its incoming gradient.</summary>
internal struct ShiftedExpMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(alpha, TOps.Exp(TOps.Subtract(a, beta)));
}

/// <summary>alpha·a·(b - beta): the softmax gradient with a = y, b = dy, beta = Σ dy·y.</summary>
internal struct SoftmaxGradientMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(TOps.Multiply(alpha, a), TOps.Subtract(b, beta));
}

/// <summary>alpha·(b - exp(a)·beta): the log-softmax gradient with a = y, b = dy, beta = Σ dy.</summary>
internal struct LogSoftmaxGradientMap : IElementwiseMap
{
    public static TVec Apply<TVec, T, TOps>(TVec a, TVec b, TVec alpha, TVec beta)
        where TVec : struct where T : unmanaged, IFloatingPointIeee754<T> where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(alpha, TOps.Subtract(b, TOps.Multiply(TOps.Exp(a), beta)));
}
