namespace ModelGen.Kernels;

/// <summary>
/// The operations the CPU kernels need from one SIMD tier. Kernels are written once against this
/// interface and instantiated per tier with a struct implementation, so the JIT specializes and
/// inlines every call: one source for AVX-512, AVX2+FMA, 128-bit and scalar code.
/// </summary>
/// <typeparam name="TVec">The vector type (for the scalar tier, the element type itself).</typeparam>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public unsafe interface IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
{
    /// <summary>Number of elements in one vector.</summary>
    static abstract int Count { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Broadcast(T value);
    static abstract TVec Load(T* source);
    static abstract void Store(T* destination, TVec value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);
    /// <summary>a * b + c, fused where the tier has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);
    static abstract TVec Max(TVec a, TVec b);
    static abstract TVec Min(TVec a, TVec b);
    static abstract TVec Abs(TVec a);
    static abstract TVec Negate(TVec a);
    static abstract TVec Sqrt(TVec a);
    static abstract TVec Exp(TVec a);
    static abstract TVec Log(TVec a);
    /// <summary>Lane mask (all bits set where a &gt; b) for <see cref="Select"/>.</summary>
    static abstract TVec GreaterThan(TVec a, TVec b);
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);
    static abstract T Sum(TVec a);
    static abstract T MaxAcross(TVec a);
}
