namespace ModelGen.Kernels;

/// <summary>
/// A product handed to the worker pool. One instance per thread and instantiation is reused for
/// every call, so multi-threaded products allocate nothing after warm-up. All parts share the one
/// epilogue value held here, exactly as a single-threaded call shares the caller's.
/// </summary>
internal sealed class GemmParallelJob<TOps, TVec, T, TTile, TEpilogue> : IParallelJob
    where TOps : struct, IVectorOps<TVec, T>
    where TVec : struct
    where T : unmanaged
    where TTile : struct, IGemmTile
    where TEpilogue : struct, IGemmEpilogue<T>
{
    [ThreadStatic] private static GemmParallelJob<TOps, TVec, T, TTile, TEpilogue>? t_instance;

    private GemmOperands<T> _operands;
    private GemmSplit _split;
    private TEpilogue _epilogue;

    public static GemmParallelJob<TOps, TVec, T, TTile, TEpilogue> ForCurrentThread => t_instance ??= new();

    public void Prepare(in GemmOperands<T> operands, GemmSplit split, TEpilogue epilogue)
    {
        _operands = operands;
        _split = split;
        _epilogue = epilogue;
    }

    public TEpilogue Finish()
    {
        TEpilogue epilogue = _epilogue;
        _epilogue = default;
        return epilogue;
    }

    public void Execute(int part)
    {
        var (start, end) = _split.Range(part);
        if (start >= end) return;
        if (_split.AlongRows)
            GemmRunner<TOps, TVec, T, TTile>.RunBlock(_operands, start, end, 0, _operands.N, ref _epilogue);
        else
            GemmRunner<TOps, TVec, T, TTile>.RunBlock(_operands, 0, _operands.M, start, end, ref _epilogue);
    }
}
