using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace ModelGen.Ptx.Tests.Interpreter;

/// <summary>The interpreter itself: what it accepts, what it rejects, and warp semantics on hand-written kernels.</summary>
public class PtxInterpreterTests(ITestOutputHelper output)
{
    private const string Header = ".version 7.8\n.target sm_80\n.address_size 64\n";

    private static string Kernel(string body, string registers = "\t.reg .pred %p<4>;\n\t.reg .f32 %f<8>;\n\t.reg .b32 %r<8>;\n\t.reg .b64 %rd<8>;\n") =>
        Header + ".visible .entry test(\n\t.param .u64 p_out\n)\n{\n" + registers + body + "}\n";

    [Theory]
    [InlineData("add.f32 %f0, %f1, %f2", "add.f32")]                      // no rounding modifier: ptxas could contract it
    [InlineData("atom.global.add.f32 %f0, [%rd0], %f1", "atom.global.add.f32")]
    [InlineData("ld.global.v4.f32 {%f0, %f1, %f2, %f3}, [%rd0]", "ld.global.v4.f32")]
    [InlineData("ex2.approx.ftz.f32 %f0, %f1", "ex2.approx.ftz.f32")]
    [InlineData("shfl.sync.idx.b32 %r0, %r1, 0, 31, -1", "shfl.sync.idx.b32")]
    [InlineData("rcp.approx.f32 %f0, %f1", "rcp.approx.f32")]
    public void RejectsAnyInstructionFormItDoesNotImplementByName(string instruction, string opcode)
    {
        var error = Assert.Throws<NotSupportedException>(() => new PtxInterpreter(Kernel($"\t{instruction};\n\tret;\n"), new GlobalMemory()));
        Assert.Contains($"'{opcode}'", error.Message);
        Assert.Contains("not implemented", error.Message);
        output.WriteLine(error.Message);
    }

    [Fact]
    public void RejectsUnknownDirectivesAndSpecialRegisters()
    {
        Assert.Throws<NotSupportedException>(() => new PtxInterpreter(Header + ".global .f32 table[4];\n", new GlobalMemory()));
        Assert.Throws<NotSupportedException>(() => new PtxInterpreter(Kernel("\t.local .b8 spill[16];\n\tret;\n"), new GlobalMemory()));
        var error = Assert.Throws<NotSupportedException>(() => new PtxInterpreter(Kernel("\tmov.u32 %r0, %clock;\n\tret;\n"), new GlobalMemory()));
        Assert.Contains("%clock", error.Message);
    }

    [Fact]
    public void EveryInstructionOfEveryGeneratedModuleIsImplemented()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SampleModel model in SampleModels.All)
        {
            _ = new PtxInterpreter(model.Program.Module, new GlobalMemory()); // throws on anything unknown
            foreach (Match m in Regex.Matches(model.Program.Module, @"^\t(?:@!?%p\d+ )?([a-z][a-z0-9.]*)", RegexOptions.Multiline))
                used.Add(m.Groups[1].Value);
        }
        Assert.Subset(PtxOpcodes.Implemented.ToHashSet(), used);
        output.WriteLine($"{used.Count} instruction forms used by the generated modules: {string.Join(" ", used)}");
    }

    /// <summary>Lane i holds i; a butterfly sum gives every lane 0 + … + 31 and a down-shuffle tree gives lane 0 the same.</summary>
    [Fact]
    public void ShufflesExchangeAcrossTheWholeWarp()
    {
        string body = """
                ld.param.u64 %rd0, [p_out];
                cvta.to.global.u64 %rd1, %rd0;
                mov.u32 %r0, %laneid;
                mov.u32 %r1, %r0;
                shfl.sync.bfly.b32 %r2, %r1, 16, 31, -1;
                add.s32 %r1, %r1, %r2;
                shfl.sync.bfly.b32 %r2, %r1, 8, 31, -1;
                add.s32 %r1, %r1, %r2;
                shfl.sync.bfly.b32 %r2, %r1, 4, 31, -1;
                add.s32 %r1, %r1, %r2;
                shfl.sync.bfly.b32 %r2, %r1, 2, 31, -1;
                add.s32 %r1, %r1, %r2;
                shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
                add.s32 %r1, %r1, %r2;
                shfl.sync.down.b32 %r3, %r0, 1, 31, -1;
                mul.wide.u32 %rd2, %r0, 8;
                add.s64 %rd3, %rd1, %rd2;
                st.global.u32 [%rd3], %r1;
                st.global.u32 [%rd3+4], %r3;
                ret;

            """;
        var memory = new GlobalMemory();
        ulong result = memory.Allocate(64 * 4);
        new PtxInterpreter(Kernel(body), memory).Launch("test", (1, 1), (32, 1), result);
        for (int lane = 0; lane < 32; lane++)
        {
            Assert.Equal(496u, memory.Read32(result + (ulong)(8 * lane)));
            // Past the last lane, shfl.down returns the lane's own value.
            Assert.Equal((uint)Math.Min(lane + 1, 31), memory.Read32(result + (ulong)(8 * lane + 4)));
        }
    }

    /// <summary>Odd lanes branch around a block; both paths must reconverge at the shuffle that follows.</summary>
    [Fact]
    public void DivergentLanesReconvergeBeforeAShuffle()
    {
        string body = """
                ld.param.u64 %rd0, [p_out];
                mov.u32 %r0, %laneid;
                and.b32 %r1, %r0, 1;
                setp.ne.s32 %p0, %r1, 0;
                mov.u32 %r2, 10;
                @%p0 bra $odd;
                mov.u32 %r2, 20;
            $odd:
                shfl.sync.bfly.b32 %r3, %r2, 1, 31, -1;
                mul.wide.u32 %rd2, %r0, 4;
                add.s64 %rd3, %rd0, %rd2;
                st.global.u32 [%rd3], %r3;
                ret;

            """;
        var memory = new GlobalMemory();
        ulong result = memory.Allocate(32 * 4);
        new PtxInterpreter(Kernel(body), memory).Launch("test", (1, 1), (32, 1), result);
        for (int lane = 0; lane < 32; lane++) Assert.Equal(lane % 2 == 0 ? 10u : 20u, memory.Read32(result + (ulong)(4 * lane)));
    }

    [Fact]
    public void AShuffleThatSomeLanesSkipIsAnError()
    {
        string body = """
                mov.u32 %r0, %laneid;
                setp.lt.s32 %p0, %r0, 16;
                @%p0 ret;
                shfl.sync.bfly.b32 %r3, %r0, 1, 31, -1;
                ret;

            """;
        var error = Assert.Throws<InvalidOperationException>(() => new PtxInterpreter(Kernel(body), new GlobalMemory()).Launch("test", (1, 1), (32, 1), 0UL));
        Assert.Contains("16 of 32 lanes", error.Message);
    }

    [Fact]
    public void ABarrierThatSomeThreadsNeverReachIsAnError()
    {
        string body = """
                mov.u32 %r0, %tid.x;
                setp.ge.s32 %p0, %r0, 32;
                @%p0 ret;
                bar.sync 0;
                ret;

            """;
        var error = Assert.Throws<InvalidOperationException>(() => new PtxInterpreter(Kernel(body), new GlobalMemory()).Launch("test", (1, 1), (64, 1), 0UL));
        Assert.Contains("bar.sync", error.Message);
    }

    /// <summary>Thread i writes word i of a shared array, then reads word i + 1 without a barrier in between.</summary>
    [Fact]
    public void SharedMemoryRacesBetweenBarriersAreErrors()
    {
        string body(bool barrier) => $$"""
                mov.u32 %r0, %tid.x;
                mov.u32 %r1, words;
                mad.lo.s32 %r2, %r0, 4, %r1;
                st.shared.u32 [%r2], %r0;
                {{(barrier ? "bar.sync 0;" : "")}}
                ld.shared.u32 %r3, [%r2+4];
                ret;

            """;
        string declarations = "\t.shared .align 16 .b8 words[260];\n\t.reg .b32 %r<8>;\n";
        new PtxInterpreter(Kernel(body(barrier: true), declarations), new GlobalMemory()).Launch("test", (1, 1), (64, 1), 0UL);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new PtxInterpreter(Kernel(body(barrier: false), declarations), new GlobalMemory()).Launch("test", (1, 1), (64, 1), 0UL));
        Assert.Contains("shared-memory race", error.Message);
    }

    /// <summary>Every thread stores to the same global word: a write-write race across threads of one launch.</summary>
    [Fact]
    public void GlobalMemoryRacesWithinALaunchAreErrors()
    {
        string body = """
                ld.param.u64 %rd0, [p_out];
                mov.u32 %r0, %tid.x;
                st.global.u32 [%rd0], %r0;
                ret;

            """;
        var memory = new GlobalMemory();
        ulong buffer = memory.Allocate(4);
        var error = Assert.Throws<InvalidOperationException>(() => new PtxInterpreter(Kernel(body), memory).Launch("test", (1, 1), (32, 1), buffer));
        Assert.Contains("data race", error.Message);
    }

    [Fact]
    public void OutOfBoundsGlobalAccessFailsLoudly()
    {
        string body = """
                ld.param.u64 %rd0, [p_out];
                st.global.u32 [%rd0+16], %r0;
                ret;

            """;
        var memory = new GlobalMemory();
        ulong buffer = memory.Allocate(16);
        var error = Assert.Throws<InvalidOperationException>(() => new PtxInterpreter(Kernel(body), memory).Launch("test", (1, 1), (32, 1), buffer));
        Assert.Contains("out of bounds", error.Message);
    }
}
