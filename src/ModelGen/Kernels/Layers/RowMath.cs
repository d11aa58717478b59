using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Reductions and fused updates over one contiguous row, at the tier a kernel was dispatched to.
/// Sums go through <see cref="BlockedSumKernel{T, TTerm}"/> so a float row's rounding does not grow
/// with its length.
/// </summary>
internal static unsafe class RowMath<TVec, T, TOps>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOps : struct, IVectorOps<TVec, T>
{
    public static double Sum(T* x, int length) => Total(new SumTerm<T> { X = x }, length);

    public static double SumOfSquares(T* x, int length) => Total(new ProductTerm<T> { A = x, B = x }, length);

    public static double Dot(T* a, T* b, int length) => Total(new ProductTerm<T> { A = a, B = b }, length);

    /// <summary>Σ (x - shift) and Σ (x - shift)²: the corrected two-pass variance needs both.</summary>
    public static void Deviations(T* x, int length, T shift, out double sum, out double sumOfSquares)
    {
        sum = Total(new DeviationTerm<T> { X = x, Shift = shift }, length);
        sumOfSquares = Total(new DeviationTerm<T> { X = x, Shift = shift, Squared = true }, length);
    }

    /// <summary>Σ a·b·(x - shift): the part of a normalization gradient along x̂.</summary>
    public static double DotWithDeviation(T* a, T* b, T* x, T shift, int length)
        => Total(new ProductWithDeviationTerm<T> { A = a, B = b, X = x, Shift = shift }, length);

    /// <summary>
    /// Σ exp(x - shift), writing each term to <paramref name="exponentials"/> unless it is null (it
    /// may be x). As <see cref="RowSoftmax{TVec, T, TOps}.ShiftedExpSum"/>, but summed in blocks so a
    /// wide float row (a vocabulary) keeps its precision.
    /// </summary>
    public static double ShiftedExpSum(T* x, int length, T shift, T* exponentials)
        => Total(new ShiftedExpTerm<T> { X = x, Shift = shift, Exponentials = exponentials }, length);

    /// <summary>y += alpha·x.</summary>
    public static void MultiplyAdd(T alpha, T* x, T* y, int length)
    {
        TVec a = TOps.Broadcast(alpha);
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
            TOps.Store(y + i, TOps.MultiplyAdd(a, TOps.Load(x + i), TOps.Load(y + i)));
        for (; i < length; i++)
            y[i] += alpha * x[i];
    }

    /// <summary>values = (values - first) - second; subtracting the larger part first keeps the small differences.</summary>
    public static void SubtractTwice(T* values, int length, T first, T second)
    {
        TVec f = TOps.Broadcast(first), s = TOps.Broadcast(second);
        int i = 0;
        for (; i <= length - TOps.Count; i += TOps.Count)
            TOps.Store(values + i, TOps.Subtract(TOps.Subtract(TOps.Load(values + i), f), s));
        for (; i < length; i++)
            values[i] = values[i] - first - second;
    }

    private static double Total<TTerm>(TTerm term, int length)
        where TTerm : struct, IReductionTerm<T>
    {
        var kernel = new BlockedSumKernel<T, TTerm> { Term = term, Count = length };
        RunHere(ref kernel);
        return kernel.Total;
    }

    // Already inside a dispatched kernel: run the nested one at the same tier, without a second switch.
    private static void RunHere<TKernel>(ref TKernel kernel)
        where TKernel : struct, IVectorKernel<T>
        => kernel.Run<TVec, TOps>();
}

internal unsafe struct SumTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        => TOps.Load(X + i);
}

internal unsafe struct ProductTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* A, B;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(TOps.Load(A + i), TOps.Load(B + i));
}

internal unsafe struct ShiftedExpTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X, Exponentials;
    public T Shift;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec e = TOps.Exp(TOps.Subtract(TOps.Load(X + i), TOps.Broadcast(Shift)));
        if (Exponentials != null) TOps.Store(Exponentials + i, e);
        return e;
    }
}

/// <summary>x - shift, or (x - shift)² when <see cref="Squared"/>.</summary>
internal unsafe struct DeviationTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* X;
    public T Shift;
    public bool Squared;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        TVec d = TOps.Subtract(TOps.Load(X + i), TOps.Broadcast(Shift));
        return Squared ? TOps.Multiply(d, d) : d;
    }
}

internal unsafe struct ProductWithDeviationTerm<T> : IReductionTerm<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T* A, B, X;
    public T Shift;

    public readonly TVec Evaluate<TVec, TOps>(int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
        => TOps.Multiply(TOps.Multiply(TOps.Load(A + i), TOps.Load(B + i)), TOps.Subtract(TOps.Load(X + i), TOps.Broadcast(Shift)));
}
