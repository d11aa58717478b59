namespace ModelGen.Kernels;

/// <summary>
/// Work fused into the end of a matrix product: called once for each finished output segment
/// c[row, col .. col + count), after the whole K dimension has been accumulated, while the segment
/// is still in cache. Segments handed to different threads are disjoint.
/// </summary>
public unsafe interface IGemmEpilogue<T> where T : unmanaged
{
    void Apply(T* c, int row, int col, int count);
}

/// <summary>The empty epilogue: a plain matrix product.</summary>
public struct NoEpilogue<T> : IGemmEpilogue<T> where T : unmanaged
{
    public unsafe void Apply(T* c, int row, int col, int count) { }
}
