using System.Numerics;

namespace ModelGen.Kernels;

/// <summary>
/// The forward pass of a dense layer fused into its matrix product: for each finished segment of
/// C, z = c + bias[col..]; y = f(z), while the segment is still in cache.
/// <para>
/// <c>c</c> points at C[row, col] (the segment's first element). With <c>storeInput</c>, z is
/// written back into C (for a backward pass that needs it) and y into
/// <c>output[row*ldOutput + col ..]</c>; without it, C receives y as well. <c>bias</c> may be null
/// (no bias), and so may <c>output</c> (y is then only written into C, so storeInput must be false).
/// </para>
/// </summary>
public unsafe struct BiasActivationEpilogue<T> : IGemmEpilogue<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationKind _kind;
    private readonly T _alpha;
    private readonly T* _bias;
    private readonly T* _output;
    private readonly int _ldOutput;
    private readonly bool _storeInput;

    public BiasActivationEpilogue(ActivationKind kind, T alpha, T* bias, T* output, int ldOutput, bool storeInput)
    {
        Activations.Validate(kind, alpha, count: 0);
        VectorKernel.RequireNonNegative(ldOutput, nameof(ldOutput));
        if (output == null && storeInput)
            throw new ArgumentNullException(nameof(output), "storeInput keeps z in C, so y needs an output matrix.");
        _kind = kind;
        _alpha = alpha;
        _bias = bias;
        _output = output;
        _ldOutput = ldOutput;
        _storeInput = storeInput;
    }

    public readonly void Apply(T* c, int row, int col, int count)
    {
        T* output = _output == null ? c : _output + (long)row * _ldOutput + col;
        var visitor = new Visitor
        {
            Alpha = _alpha,
            Accumulator = c,
            Bias = _bias == null ? null : _bias + col,
            Output = output,
            StoreInput = _storeInput,
            Count = count,
        };
        ActivationCatalog.Visit(_kind, ref visitor);
    }

    private struct Visitor : IActivationVisitor
    {
        public T Alpha;
        public T* Accumulator, Bias, Output;
        public bool StoreInput;
        public int Count;

        public readonly void Visit<TActivation>() where TActivation : struct, IActivation
        {
            var kernel = new BiasActivationKernel<T, TActivation>
            {
                Alpha = Alpha, Accumulator = Accumulator, Bias = Bias, Output = Output,
                StoreInput = StoreInput, Count = Count,
            };
            VectorKernel.Run<T, BiasActivationKernel<T, TActivation>>(ref kernel);
        }
    }
}

/// <summary>The vector loop of <see cref="BiasActivationEpilogue{T}"/> over one segment.</summary>
internal unsafe struct BiasActivationKernel<T, TActivation> : IVectorKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TActivation : struct, IActivation
{
    public T Alpha;
    public T* Accumulator;
    public T* Bias;
    public T* Output;
    public bool StoreInput;
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
        T* c = Accumulator, bias = Bias, output = Output;
        bool hasBias = bias != null, storeInput = StoreInput;
        int last = Count - TOps.Count;
        TVec alpha = TOps.Broadcast(Alpha);
        int i = start;
        for (; i <= last; i += TOps.Count)
        {
            TVec z = TOps.Load(c + i);
            if (hasBias) z = TOps.Add(z, TOps.Load(bias + i));
            TVec y = TActivation.Forward<TVec, T, TOps>(z, alpha);
            TOps.Store(c + i, storeInput ? z : y);
            TOps.Store(output + i, y);
        }
        return i;
    }
}
