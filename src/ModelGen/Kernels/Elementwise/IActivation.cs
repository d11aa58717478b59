using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// One activation function, written once for every SIMD tier. Implementations are empty structs so
/// that kernels instantiated over them are specialized and inlined by the JIT.
/// </summary>
internal interface IActivation
{
    /// <summary>Whether <see cref="Backward"/> reads the pre-activation z.</summary>
    static abstract bool UsesInput { get; }

    /// <summary>Whether <see cref="Backward"/> reads the output y = f(z).</summary>
    static abstract bool UsesOutput { get; }

    static abstract TVec Forward<TVec, T, TOps>(TVec z, TVec alpha)
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, IVectorOps<TVec, T>;

    /// <summary>dz = dy·f'(z). Arguments the activation does not use (see above) are zero vectors.</summary>
    static abstract TVec Backward<TVec, T, TOps>(TVec z, TVec y, TVec dy, TVec alpha)
        where TVec : struct
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOps : struct, IVectorOps<TVec, T>;
}

/// <summary>Code to run with the <see cref="IActivation"/> that implements an <see cref="ActivationKind"/>.</summary>
internal interface IActivationVisitor
{
    void Visit<TActivation>() where TActivation : struct, IActivation;
}

/// <summary>The one place that maps <see cref="ActivationKind"/> to its implementation.</summary>
internal static class ActivationCatalog
{
    public static void Visit<TVisitor>(ActivationKind kind, ref TVisitor visitor)
        where TVisitor : struct, IActivationVisitor
    {
        switch (kind)
        {
            case ActivationKind.Identity: visitor.Visit<IdentityActivation>(); break;
            case ActivationKind.Sigmoid: visitor.Visit<SigmoidActivation>(); break;
            case ActivationKind.Tanh: visitor.Visit<TanhActivation>(); break;
            case ActivationKind.Relu: visitor.Visit<ReluActivation>(); break;
            case ActivationKind.LeakyRelu: visitor.Visit<LeakyReluActivation>(); break;
            case ActivationKind.Gelu: visitor.Visit<GeluActivation>(); break;
            case ActivationKind.GeluTanh: visitor.Visit<GeluTanhActivation>(); break;
            case ActivationKind.Silu: visitor.Visit<SiluActivation>(); break;
            case ActivationKind.Softplus: visitor.Visit<SoftplusActivation>(); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind.");
        }
    }
}
