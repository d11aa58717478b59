using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>Scalar tier: one element per "vector"; the reference path and the debuggable one.</summary>
public readonly unsafe struct ScalarOps<T> : IVectorOps<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;
    public static T Zero => T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Broadcast(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Load(T* source) => *source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T* destination, T value) => *destination = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Add(T a, T b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Subtract(T a, T b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Multiply(T a, T b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Divide(T a, T b) => a / b;
    // Not fused: without hardware FMA a software fused multiply-add is far slower than mul + add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MultiplyAdd(T a, T b, T c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Max(T a, T b) => a > b ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Min(T a, T b) => a < b ? a : b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Abs(T a) => T.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Negate(T a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sqrt(T a) => T.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Exp(T a) => T.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Log(T a) => T.Log(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThan(T a, T b) => a > b ? AllBitsSet : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T ifTrue, T ifFalse) => T.IsNaN(mask) ? ifTrue : ifFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(T a) => a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T MaxAcross(T a) => a;

    // All bits set is a NaN pattern for both float and double, so Select can test it with IsNaN.
    private static T AllBitsSet => T.NaN;
}
