using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// Forward and backward passes of the elementwise activations, vectorized at <see cref="Simd.Active"/>.
/// All functions are stable for every finite input (no overflow, no NaN, exact limits); see
/// <see cref="VectorMath{TVec, T, TOps}"/> and <see cref="ErrorFunction{TVec, T, TOps}"/> for how.
/// </summary>
public static unsafe class Activations
{
    /// <summary>
    /// y = f(x) elementwise; x may equal y. <c>alpha</c> is the LeakyReLU slope for negative inputs
    /// (finite, &gt;= 0) and is ignored by the other kinds.
    /// </summary>
    public static void Forward<T>(ActivationKind kind, T alpha, T* x, T* y, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(kind, alpha, count);
        if (kind == ActivationKind.Identity && x == y) return;
        var visitor = new ForwardVisitor<T> { Alpha = alpha, Input = x, Output = y, Count = count };
        ActivationCatalog.Visit(kind, ref visitor);
    }

    /// <summary>
    /// dx = dy·f'(z), where z is the forward input and y = f(z) its output. Pass null for z when
    /// <see cref="NeedsInput"/> is false and null for y when <see cref="NeedsOutput"/> is false.
    /// <paramref name="dx"/> may equal <paramref name="dy"/>.
    /// </summary>
    public static void Backward<T>(ActivationKind kind, T alpha, T* z, T* y, T* dy, T* dx, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(kind, alpha, count);
        if (count > 0 && z == null && NeedsInput(kind))
            throw new ArgumentNullException(nameof(z), $"{kind} backward needs the activation input.");
        if (count > 0 && y == null && NeedsOutput(kind))
            throw new ArgumentNullException(nameof(y), $"{kind} backward needs the activation output.");
        if (kind == ActivationKind.Identity && dx == dy) return;
        var visitor = new BackwardVisitor<T> { Alpha = alpha, Input = z, Output = y, OutputGradient = dy, InputGradient = dx, Count = count };
        ActivationCatalog.Visit(kind, ref visitor);
    }

    /// <summary>Whether <see cref="Backward{T}"/> reads the pre-activation input z (GELU, GELU-tanh, SiLU).</summary>
    public static bool NeedsInput(ActivationKind kind)
    {
        var query = new UsageQuery();
        ActivationCatalog.Visit(kind, ref query);
        return query.UsesInput;
    }

    /// <summary>
    /// Whether <see cref="Backward{T}"/> reads the output y (Sigmoid, Tanh, ReLU, LeakyReLU, Softplus),
    /// so a layer can let y overwrite z.
    /// </summary>
    public static bool NeedsOutput(ActivationKind kind)
    {
        var query = new UsageQuery();
        ActivationCatalog.Visit(kind, ref query);
        return query.UsesOutput;
    }

    /// <summary>Checks the arguments shared by every entry point (also used by the fused epilogue).</summary>
    internal static void Validate<T>(ActivationKind kind, T alpha, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        VectorKernel.RequireSupportedElementType<T>();
        VectorKernel.RequireNonNegative(count, nameof(count));
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation kind.");
        // The backward pass reads the sign of z off y, which a negative slope would flip.
        if (kind == ActivationKind.LeakyRelu && !(alpha >= T.Zero && T.IsFinite(alpha)))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The LeakyReLU slope must be finite and >= 0.");
    }

    private struct ForwardVisitor<T> : IActivationVisitor
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T Alpha;
        public T* Input, Output;
        public int Count;

        public readonly void Visit<TActivation>() where TActivation : struct, IActivation
        {
            var kernel = new ActivationForwardKernel<T, TActivation> { Alpha = Alpha, Input = Input, Output = Output, Count = Count };
            VectorKernel.Run<T, ActivationForwardKernel<T, TActivation>>(ref kernel);
        }
    }

    private struct BackwardVisitor<T> : IActivationVisitor
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T Alpha;
        public T* Input, Output, OutputGradient, InputGradient;
        public int Count;

        public readonly void Visit<TActivation>() where TActivation : struct, IActivation
        {
            var kernel = new ActivationBackwardKernel<T, TActivation>
            {
                Alpha = Alpha, Input = Input, Output = Output,
                OutputGradient = OutputGradient, InputGradient = InputGradient, Count = Count,
            };
            VectorKernel.Run<T, ActivationBackwardKernel<T, TActivation>>(ref kernel);
        }
    }

    private struct UsageQuery : IActivationVisitor
    {
        public bool UsesInput, UsesOutput;

        public void Visit<TActivation>() where TActivation : struct, IActivation
        {
            UsesInput = TActivation.UsesInput;
            UsesOutput = TActivation.UsesOutput;
        }
    }
}
