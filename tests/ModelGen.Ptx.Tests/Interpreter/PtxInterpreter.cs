namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>
/// Runs kernels of a PTX module on the CPU, one thread at a time, with the semantics the emitter
/// relies on: typed registers and predicates per thread, special registers, .param, global and
/// shared memory, guarded instructions and divergent branches, bar.sync for the block, and
/// shfl.sync where all 32 lanes of the warp must arrive at the same shuffle (checked, not assumed).
/// <para>
/// Scheduling: each thread runs until it reaches a shuffle, a barrier or ret. A warp whose live
/// lanes all wait at one shuffle exchanges values and continues; a block whose threads all wait at
/// the barrier (none exited) is released. Anything else is a deadlock and an error. Floats follow
/// IEEE round-to-nearest (.rn), fma is fused, min/max return the non-NaN operand, comparisons are
/// ordered; ex2.approx is evaluated exactly (hardware is within 2 ulp).
/// </para>
/// </summary>
internal sealed class PtxInterpreter
{
    private const int WarpSize = 32;
    private readonly Dictionary<string, PtxFunction> _functions;

    public PtxInterpreter(string module, GlobalMemory memory)
    {
        _functions = PtxParser.Parse(module);
        Memory = memory;
    }

    public GlobalMemory Memory { get; }

    public IReadOnlyCollection<string> Kernels => _functions.Keys;

    /// <summary>Instructions executed so far, over all threads.</summary>
    public long InstructionCount { get; private set; }

    /// <summary>
    /// Ulps added to every ex2.approx result (0: exact). Hardware ex2.approx.f32 is within about 2 ulp
    /// on the reduced arguments the emitter uses; tests set ±2 to show results hold under that error.
    /// </summary>
    public int Exp2UlpError { get; set; }

    /// <summary>Opcodes executed at least once, for the coverage report.</summary>
    public HashSet<string> ExecutedOpcodes { get; } = new(StringComparer.Ordinal);

    public void Launch(string kernel, (int X, int Y) grid, (int X, int Y) block, params object[] arguments)
    {
        PtxFunction function = _functions.TryGetValue(kernel, out var f) ? f : throw new ArgumentException($"The module has no kernel {kernel}.");
        if (arguments.Length != function.Parameters.Count)
            throw new ArgumentException($"{kernel} takes {function.Parameters.Count} parameters, not {arguments.Length}.");
        if (block.X * block.Y % WarpSize != 0)
            throw new NotSupportedException($"PTX interpreter: blocks of {block.X}x{block.Y} threads are not whole warps.");
        byte[] parameters = PackParameters(function, arguments);
        Memory.BeginLaunch();
        for (int by = 0; by < grid.Y; by++)
            for (int bx = 0; bx < grid.X; bx++)
                RunBlock(function, parameters, grid, block, (bx, by));
    }

    private static byte[] PackParameters(PtxFunction function, object[] arguments)
    {
        var bytes = new byte[Math.Max(function.ParameterBytes, 8)];
        for (int i = 0; i < arguments.Length; i++)
        {
            PtxParameter p = function.Parameters[i];
            Span<byte> slot = bytes.AsSpan(p.Offset);
            switch (p.Type, arguments[i])
            {
                case (".u64", ulong v): BitConverter.TryWriteBytes(slot, v); break;
                case (".u32", int v): BitConverter.TryWriteBytes(slot, v); break;
                case (".u32", uint v): BitConverter.TryWriteBytes(slot, v); break;
                case (".f32", float v): BitConverter.TryWriteBytes(slot, v); break;
                default: throw new ArgumentException($"Argument {i} ({arguments[i]?.GetType().Name}) does not fit parameter {p.Name} {p.Type}.");
            }
        }
        return bytes;
    }

    private enum Wait { Running, Shuffle, Barrier, Exited }

    private sealed class Thread
    {
        public required ulong[] Registers;
        public int Pc;
        public Wait State;
        public int X, Y, Lane, Global;
    }

    private sealed class Block
    {
        public required PtxFunction Function;
        public required byte[] Parameters;
        public required byte[] Shared;
        public (int X, int Y) Grid, Size, Id;
        /// <summary>Who read and wrote each shared word since the last barrier, for race checks.</summary>
        public required Shadow SharedAccess;
        public int Epoch = 1;
    }

    private void RunBlock(PtxFunction function, byte[] parameters, (int X, int Y) grid, (int X, int Y) size, (int X, int Y) id)
    {
        int sharedWords = Math.Max(function.SharedBytes, 4) / 4;
        var block = new Block
        {
            Function = function, Parameters = parameters, Shared = new byte[sharedWords * 4], Grid = grid, Size = size, Id = id,
            SharedAccess = new Shadow(sharedWords),
        };
        int count = size.X * size.Y;
        int first = (id.Y * grid.X + id.X) * count;
        var threads = new Thread[count];
        for (int i = 0; i < count; i++)
            threads[i] = new Thread { Registers = new ulong[function.Registers.Count], X = i % size.X, Y = i / size.X, Lane = i % WarpSize, Global = first + i };

        while (true)
        {
            for (int warp = 0; warp < count / WarpSize; warp++)
                RunWarp(block, threads.AsSpan(warp * WarpSize, WarpSize));
            int exited = threads.Count(t => t.State == Wait.Exited);
            if (exited == count) return;
            if (exited > 0)
                throw new InvalidOperationException($"PTX interpreter: in {function.Name}, {count - exited} threads wait at bar.sync (line {function.Code[threads.First(t => t.State == Wait.Barrier).Pc].Line}) while {exited} have exited: the barrier never completes.");
            int pc = threads[0].Pc;
            if (threads.Any(t => t.Pc != pc))
                throw new InvalidOperationException($"PTX interpreter: in {function.Name}, threads wait at different bar.sync instructions.");
            foreach (Thread t in threads) { t.Pc++; t.State = Wait.Running; }
            block.Epoch++;
        }
    }

    /// <summary>Runs the warp's lanes until each has exited or waits at a barrier, exchanging shuffles on the way.</summary>
    private void RunWarp(Block block, Span<Thread> lanes)
    {
        while (true)
        {
            foreach (Thread t in lanes)
                if (t.State == Wait.Running) RunThread(block, t);
            int shuffling = 0;
            foreach (Thread t in lanes) if (t.State == Wait.Shuffle) shuffling++;
            if (shuffling == 0) return;
            if (shuffling != WarpSize)
                throw new InvalidOperationException($"PTX interpreter: in {block.Function.Name}, only {shuffling} of 32 lanes reached shfl.sync (line {block.Function.Code[First(lanes, Wait.Shuffle).Pc].Line}) with a full member mask; the others exited or wait elsewhere.");
            int pc = lanes[0].Pc;
            foreach (Thread t in lanes)
                if (t.Pc != pc) throw new InvalidOperationException($"PTX interpreter: in {block.Function.Name}, lanes of one warp wait at different shuffles (lines {block.Function.Code[pc].Line} and {block.Function.Code[t.Pc].Line}).");
            Shuffle(block.Function.Code[pc], lanes);
            foreach (Thread t in lanes) { t.Pc++; t.State = Wait.Running; }
        }
    }

    private static Thread First(Span<Thread> lanes, Wait state)
    {
        foreach (Thread t in lanes) if (t.State == state) return t;
        throw new InvalidOperationException();
    }

    private static void Shuffle(Instruction shuffle, Span<Thread> lanes)
    {
        Operand destination = shuffle.Operands[0], source = shuffle.Operands[1];
        if (shuffle.Operands.Length != 5 || (uint)shuffle.Operands[4].Value != 0xFFFF_FFFF || shuffle.Operands[3].Value != 31)
            throw new NotSupportedException($"PTX interpreter: '{shuffle.Opcode}' at line {shuffle.Line}: only clamp 31 with the full member mask is implemented.");
        var values = new ulong[WarpSize];
        var results = new ulong[WarpSize];
        for (int lane = 0; lane < WarpSize; lane++) values[lane] = Read(lanes[lane], source);
        for (int lane = 0; lane < WarpSize; lane++)
        {
            int delta = (int)ReadStatic(lanes[lane], shuffle.Operands[2]);
            int from = shuffle.Op == PtxOp.ShuffleBfly ? lane ^ delta : lane + delta;
            results[lane] = from is >= 0 and < WarpSize ? values[from] : values[lane];
        }
        for (int lane = 0; lane < WarpSize; lane++) lanes[lane].Registers[destination.Register] = results[lane] & 0xFFFF_FFFF;
    }

    private static ulong ReadStatic(Thread t, Operand o) => o.Kind == OperandKind.Immediate ? o.Value : t.Registers[o.Register];

    private static ulong Read(Thread t, Operand o) => o.Kind switch
    {
        OperandKind.Register => t.Registers[o.Register],
        OperandKind.Immediate => o.Value,
        _ => throw new NotSupportedException($"PTX interpreter: operand {o.Text} cannot be read here."),
    };

    private ulong Special(Block b, Thread t, Operand o) => o.Text switch
    {
        "%tid.x" => (ulong)t.X, "%tid.y" => (ulong)t.Y, "%tid.z" => 0,
        "%ntid.x" => (ulong)b.Size.X, "%ntid.y" => (ulong)b.Size.Y, "%ntid.z" => 1,
        "%ctaid.x" => (ulong)b.Id.X, "%ctaid.y" => (ulong)b.Id.Y, "%ctaid.z" => 0,
        "%nctaid.x" => (ulong)b.Grid.X, "%nctaid.y" => (ulong)b.Grid.Y, "%nctaid.z" => 1,
        "%laneid" => (ulong)t.Lane,
        _ => throw new NotSupportedException($"PTX interpreter: special register {o.Text} is not implemented."),
    };

    private static float F(ulong bits) => BitConverter.UInt32BitsToSingle((uint)bits);
    private static ulong Bits(float value) => BitConverter.SingleToUInt32Bits(value);
    private static int S(ulong bits) => (int)(uint)bits;
    private static ulong U(int value) => (uint)value;

    private const long InstructionBudget = 2_000_000_000;

    private void RunThread(Block b, Thread t)
    {
        List<Instruction> code = b.Function.Code;
        ulong[] r = t.Registers;
        while (true)
        {
            if (t.Pc >= code.Count) throw new InvalidOperationException($"PTX interpreter: {b.Function.Name} ran off its end without ret.");
            Instruction ins = code[t.Pc];
            if (++InstructionCount > InstructionBudget) throw new InvalidOperationException("PTX interpreter: instruction budget exhausted (endless loop?).");
            ExecutedOpcodes.Add(ins.Opcode);
            if (ins.Guard >= 0 && (r[ins.Guard] != 0) == ins.GuardNegated) { t.Pc++; continue; }
            Operand[] o = ins.Operands;
            switch (ins.Op)
            {
                case PtxOp.Return: t.State = Wait.Exited; return;
                case PtxOp.Barrier: t.State = Wait.Barrier; return;
                case PtxOp.ShuffleBfly:
                case PtxOp.ShuffleDown: t.State = Wait.Shuffle; return;
                case PtxOp.Branch: t.Pc = ins.Target; continue;
                case PtxOp.LoadParam:
                    r[o[0].Register] = ins.Width == 8 ? BitConverter.ToUInt64(b.Parameters, (int)o[1].Value) : BitConverter.ToUInt32(b.Parameters, (int)o[1].Value);
                    break;
                case PtxOp.LoadGlobal: r[o[0].Register] = Memory.DeviceRead32(Address(t, o[1]), t.Global, Where(b, ins)); break;
                case PtxOp.StoreGlobal: Memory.DeviceWrite32(Address(t, o[0]), (uint)Read(t, o[1]), t.Global, Where(b, ins)); break;
                case PtxOp.LoadShared: r[o[0].Register] = BitConverter.ToUInt32(b.Shared, SharedOffset(b, t, o[1], ins, write: false)); break;
                case PtxOp.StoreShared: BitConverter.TryWriteBytes(b.Shared.AsSpan(SharedOffset(b, t, o[0], ins, write: true)), (uint)Read(t, o[1])); break;
                case PtxOp.ToGlobal: r[o[0].Register] = r[o[1].Register]; break;
                case PtxOp.Move:
                case PtxOp.MoveBits:
                    r[o[0].Register] = o[1].Kind == OperandKind.Special ? Special(b, t, o[1]) : Read(t, o[1]) & 0xFFFF_FFFF;
                    break;
                case PtxOp.AddF: r[o[0].Register] = Bits(F(Read(t, o[1])) + F(Read(t, o[2]))); break;
                case PtxOp.SubF: r[o[0].Register] = Bits(F(Read(t, o[1])) - F(Read(t, o[2]))); break;
                case PtxOp.MulF: r[o[0].Register] = Bits(F(Read(t, o[1])) * F(Read(t, o[2]))); break;
                case PtxOp.FmaF: r[o[0].Register] = Bits(MathF.FusedMultiplyAdd(F(Read(t, o[1])), F(Read(t, o[2])), F(Read(t, o[3])))); break;
                case PtxOp.DivF: r[o[0].Register] = Bits(F(Read(t, o[1])) / F(Read(t, o[2]))); break;
                case PtxOp.SqrtF: r[o[0].Register] = Bits(MathF.Sqrt(F(Read(t, o[1])))); break;
                case PtxOp.MaxF: r[o[0].Register] = Bits(MaxNumber(F(Read(t, o[1])), F(Read(t, o[2])))); break;
                case PtxOp.MinF: r[o[0].Register] = Bits(-MaxNumber(-F(Read(t, o[1])), -F(Read(t, o[2])))); break;
                case PtxOp.AbsF: r[o[0].Register] = Read(t, o[1]) & 0x7FFF_FFFF; break;
                case PtxOp.NegF: r[o[0].Register] = (Read(t, o[1]) ^ 0x8000_0000) & 0xFFFF_FFFF; break;
                case PtxOp.Exp2F: r[o[0].Register] = (Bits((float)Math.Pow(2, F(Read(t, o[1])))) + (ulong)(long)Exp2UlpError) & 0xFFFF_FFFF; break;
                case PtxOp.RoundToIntegralF: r[o[0].Register] = Bits(MathF.Round(F(Read(t, o[1])), MidpointRounding.ToEven)); break;
                case PtxOp.FloatToInt: r[o[0].Register] = U(FloatToInt(F(Read(t, o[1])))); break;
                case PtxOp.IntToFloat: r[o[0].Register] = Bits(S(Read(t, o[1]))); break;
                case PtxOp.UIntToFloat: r[o[0].Register] = Bits((uint)Read(t, o[1])); break;
                case PtxOp.AddI: r[o[0].Register] = U(S(Read(t, o[1])) + S(Read(t, o[2]))); break;
                case PtxOp.SubI: r[o[0].Register] = U(S(Read(t, o[1])) - S(Read(t, o[2]))); break;
                case PtxOp.MulLoI: r[o[0].Register] = U(S(Read(t, o[1])) * S(Read(t, o[2]))); break;
                case PtxOp.MadLoI: r[o[0].Register] = U(S(Read(t, o[1])) * S(Read(t, o[2])) + S(Read(t, o[3]))); break;
                case PtxOp.DivU: r[o[0].Register] = (uint)Read(t, o[1]) / (uint)Read(t, o[2]); break;
                case PtxOp.RemU: r[o[0].Register] = (uint)Read(t, o[1]) % (uint)Read(t, o[2]); break;
                case PtxOp.MinI: r[o[0].Register] = U(Math.Min(S(Read(t, o[1])), S(Read(t, o[2])))); break;
                case PtxOp.Shl: r[o[0].Register] = ((uint)Read(t, o[1]) << (int)Math.Min(Read(t, o[2]), 32)) & 0xFFFF_FFFF; break;
                case PtxOp.ShrS: r[o[0].Register] = U(S(Read(t, o[1])) >> (int)Math.Min(Read(t, o[2]), 31)); break;
                case PtxOp.ShrU: r[o[0].Register] = Read(t, o[2]) >= 32 ? 0 : (uint)Read(t, o[1]) >> (int)Read(t, o[2]); break;
                case PtxOp.And: r[o[0].Register] = Read(t, o[1]) & Read(t, o[2]) & 0xFFFF_FFFF; break;
                case PtxOp.Or: r[o[0].Register] = (Read(t, o[1]) | Read(t, o[2])) & 0xFFFF_FFFF; break;
                case PtxOp.MulWideU: r[o[0].Register] = (ulong)(uint)Read(t, o[1]) * (uint)Read(t, o[2]); break;
                case PtxOp.AddI64: r[o[0].Register] = Read(t, o[1]) + Read(t, o[2]); break;
                case PtxOp.ZeroExtend64: r[o[0].Register] = Read(t, o[1]) & 0xFFFF_FFFF; break;
                case PtxOp.MulLoI64: r[o[0].Register] = Read(t, o[1]) * Read(t, o[2]); break;
                case PtxOp.ShrU64: r[o[0].Register] = Read(t, o[2]) >= 64 ? 0 : Read(t, o[1]) >> (int)Read(t, o[2]); break;
                case PtxOp.Xor64: r[o[0].Register] = Read(t, o[1]) ^ Read(t, o[2]); break;
                case PtxOp.SetpU64: r[o[0].Register] = Compare(ins.Comparison, Read(t, o[1]), Read(t, o[2])) ? 1UL : 0UL; break;
                case PtxOp.SetpF: r[o[0].Register] = Compare(ins.Comparison, F(Read(t, o[1])), F(Read(t, o[2]))) ? 1UL : 0UL; break;
                case PtxOp.SetpS: r[o[0].Register] = Compare(ins.Comparison, S(Read(t, o[1])), S(Read(t, o[2]))) ? 1UL : 0UL; break;
                case PtxOp.Select: r[o[0].Register] = (r[o[3].Register] != 0 ? Read(t, o[1]) : Read(t, o[2])) & 0xFFFF_FFFF; break;
                case PtxOp.AndPred: r[o[0].Register] = r[o[1].Register] & r[o[2].Register]; break;
                case PtxOp.OrPred: r[o[0].Register] = r[o[1].Register] | r[o[2].Register]; break;
                case PtxOp.XorPred: r[o[0].Register] = r[o[1].Register] ^ r[o[2].Register]; break;
                default: throw new NotSupportedException($"PTX interpreter: {ins.Opcode} is decoded but not executed.");
            }
            t.Pc++;
        }
    }

    private static ulong Address(Thread t, Operand o)
    {
        if (o.Kind != OperandKind.Address || o.Register < 0)
            throw new NotSupportedException($"PTX interpreter: global address {o.Text} must be [register+offset].");
        return t.Registers[o.Register] + o.Value;
    }

    private static string Where(Block b, Instruction ins) => $"{b.Function.Name} line {ins.Line} ({ins.Opcode})";

    /// <summary>
    /// The byte offset of a shared access, checked for bounds and for races: between two barriers a
    /// word written by one thread may not be read or written by another (the emitter never relies
    /// on warp-synchronous shared memory).
    /// </summary>
    private static int SharedOffset(Block b, Thread t, Operand o, Instruction ins, bool write)
    {
        ulong offset = o.Register >= 0 ? t.Registers[o.Register] + o.Value : o.Value;
        if ((offset & 3) != 0 || offset + 4 > (ulong)b.Function.SharedBytes)
            throw new InvalidOperationException($"PTX interpreter: shared access at {offset} outside the {b.Function.SharedBytes} bytes of {b.Function.Name}.");
        int word = (int)offset / 4, thread = t.Y * b.Size.X + t.X;
        if (b.SharedAccess.Access(word, thread + 1, write, b.Epoch, out int other))
            throw new InvalidOperationException($"PTX interpreter: shared-memory race at {Where(b, ins)}: thread {thread} {(write ? "writes" : "reads")} word {word} that {(other < 0 ? "several threads" : "thread " + (other - 1))} accessed since the last bar.sync.");
        return (int)offset;
    }

    /// <summary>PTX max: the other operand when one is NaN.</summary>
    private static float MaxNumber(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : MathF.Max(a, b);

    private static int FloatToInt(float value) =>
        float.IsNaN(value) ? 0 : value >= 2147483647f ? int.MaxValue : value <= -2147483648f ? int.MinValue : (int)value;

    private static bool Compare<T>(string comparison, T a, T b) where T : IComparable<T>
    {
        // Ordered comparisons: anything involving NaN is false (ne included, as in PTX).
        if (a is float fa && b is float fb && (float.IsNaN(fa) || float.IsNaN(fb))) return false;
        int order = a.CompareTo(b);
        return comparison switch
        {
            "eq" => order == 0, "ne" => order != 0, "lt" => order < 0, "le" => order <= 0, "gt" => order > 0, "ge" => order >= 0,
            _ => throw new NotSupportedException($"PTX interpreter: comparison {comparison} is not implemented."),
        };
    }
}
