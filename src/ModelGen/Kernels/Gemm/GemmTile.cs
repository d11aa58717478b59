namespace ModelGen.Kernels;

/// <summary>
/// Shape of the register tile the micro-kernel keeps in registers: <see cref="Rows"/> rows of C by
/// <see cref="Vectors"/> vectors. Both are JIT-time constants, so one kernel source unrolls to the
/// exact shape and unused accumulators vanish.
/// </summary>
internal interface IGemmTile
{
    static abstract int Rows { get; }
    static abstract int Vectors { get; }
}

/// <summary>8 × 2 vectors: 16 accumulators + 2 B vectors + 1 broadcast, for 32-register ISAs (AVX-512).</summary>
internal struct Tile8x2 : IGemmTile
{
    public static int Rows => 8;
    public static int Vectors => 2;
}

/// <summary>6 × 2 vectors: 12 accumulators + 3, fitting the 16 registers of AVX2 and SSE.</summary>
internal struct Tile6x2 : IGemmTile
{
    public static int Rows => 6;
    public static int Vectors => 2;
}

/// <summary>4 × 2 scalars: the scalar tier, 8 accumulators.</summary>
internal struct Tile4x2 : IGemmTile
{
    public static int Rows => 4;
    public static int Vectors => 2;
}
