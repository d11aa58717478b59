using System.Runtime.CompilerServices;

namespace ModelGen.Kernels;

/// <summary>Helpers for the epilogue type parameter of the matrix product.</summary>
internal static class GemmEpilogue
{
    /// <summary>
    /// False for <see cref="NoEpilogue{T}"/>: a JIT-time constant, so the per-row call loops vanish
    /// entirely from plain products instead of running empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPresent<T, TEpilogue>()
        where T : unmanaged
        where TEpilogue : struct, IGemmEpilogue<T>
        => typeof(TEpilogue) != typeof(NoEpilogue<T>);
}
