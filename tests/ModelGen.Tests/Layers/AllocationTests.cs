using System.Runtime.InteropServices;
using ModelGen.Kernels;

namespace ModelGen.Tests.Layers;

public unsafe class AllocationTests
{
    [Fact]
    public void LayerKernelsDoNotAllocate()
    {
        const int rows = 8, width = 24, sequence = 4, heads = 2, count = rows * width;
        float* a = Buffer(count), b = Buffer(count), c = Buffer(count), d = Buffer(count), e = Buffer(count);
        float* gamma = Buffer(width), beta = Buffer(width), stats = Buffer(count), stats2 = Buffer(count), running = Buffer(width), runningVar = Buffer(width);
        float* probs = Buffer(rows * heads * sequence * sequence);
        float* tokens = Buffer(rows * sequence), table = Buffer(10 * width);
        try
        {
            for (int i = 0; i < count; i++) { a[i] = i % 7 - 3; b[i] = 1 + i % 5; }
            for (int i = 0; i < width; i++) { gamma[i] = 1; runningVar[i] = 1; }
            for (int i = 0; i < rows * sequence; i++) tokens[i] = i % 10;
            SimdTier saved = Simd.Active;
            try
            {
                foreach (SimdTier tier in Enum.GetValues<SimdTier>().Where(t => t <= Simd.BestSupported))
                {
                    Simd.Active = tier;
                    long bytes = Kernels.KernelTestSupport.AllocatedBytes(() =>
                    {
                        Normalization.GroupNormForward(a, rows, width, 3, 1e-5f, gamma, beta, c, stats, stats2);
                        Normalization.GroupNormBackward(a, b, rows, width, 3, gamma, stats, stats2, d, e, e + width);
                        Normalization.RmsNormForward(a, rows, width, 1e-5f, gamma, c, stats);
                        Normalization.RmsNormBackward(a, b, rows, width, gamma, stats, d, e);
                        Normalization.BatchNormForward(a, rows, width, 1e-5f, 0.1f, gamma, beta, c, stats, stats2, running, runningVar, true);
                        Normalization.BatchNormBackward(a, b, rows, width, gamma, stats, stats2, d, e, e + width, true);
                        Dropout.Forward(a, c, d, count, 0.3, 5, true);
                        Dropout.Backward(b, d, c, count);
                        Embedding.Forward(tokens, rows, sequence, table, 10, 6, c);
                        Embedding.Backward(tokens, b, rows, sequence, 10, 6, d);
                        Attention.Forward(a, b, a, 2, sequence, 6, heads, true, probs, c);
                        Attention.Backward(a, b, a, probs, b, 2, sequence, 6, heads, true, c, d, e);
                        TensorOps.Add(a, b, c, count);
                        TensorOps.Log(b, c, count);
                        TensorOps.Softmax(a, rows, width, 1f, c);
                        TensorOps.SoftmaxBackward(c, b, rows, width, 1f, d);
                        TensorOps.LogSoftmax(a, rows, width, 1f, c);
                        TensorOps.LogSoftmaxBackward(c, b, rows, width, 1f, d);
                        TensorOps.LogSumExp(a, rows, width, c);
                        TensorOps.LogSumExpBackward(a, c, b, rows, width, d);
                        TensorOps.CopyColumns(a, rows, width, 4, c, width, 0, 10);
                    });
                    Assert.True(bytes == 0, $"{tier}: {bytes} bytes allocated");
                }
            }
            finally
            {
                Simd.Active = saved;
            }
        }
        finally
        {
            foreach (nint p in new[] { (nint)a, (nint)b, (nint)c, (nint)d, (nint)e, (nint)gamma, (nint)beta, (nint)stats, (nint)stats2, (nint)running, (nint)runningVar, (nint)probs, (nint)tokens, (nint)table })
                NativeMemory.Free((void*)p);
        }
    }

    private static float* Buffer(int length) => (float*)NativeMemory.AllocZeroed((nuint)length, sizeof(float));
}
