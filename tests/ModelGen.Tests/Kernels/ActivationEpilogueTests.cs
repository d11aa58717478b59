using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

public unsafe class ActivationEpilogueTests
{
    private const int Rows = 3, Columns = 37, OutputStride = 41;

    [Fact]
    public void EpilogueAddsBiasAppliesActivationAndKeepsPreActivationOnRequest()
    {
        ForEachTier(tier =>
        {
            foreach (ActivationKind kind in AllActivations)
            {
                Check<float>(kind, storeInput: true, withBias: true);
                Check<double>(kind, storeInput: true, withBias: true);
                Check<double>(kind, storeInput: false, withBias: true);
                Check<float>(kind, storeInput: false, withBias: false);
            }
        });
    }

    [Fact]
    public void EpilogueWithoutOutputWritesActivationIntoTheProduct()
    {
        double[] c = RandomValues(20, seed: 1);
        double[] bias = RandomValues(20, seed: 2);
        double[] expected = ActivationTests.Forward<double>(ActivationKind.Tanh, c.Zip(bias, (a, b) => a + b).ToArray());
        fixed (double* pc = c, pb = bias)
        {
            var epilogue = new BiasActivationEpilogue<double>(ActivationKind.Tanh, 0, pb, null, 0, storeInput: false);
            epilogue.Apply(pc, 0, 0, c.Length);
        }
        Assert.Equal(expected, c);
    }

    [Fact]
    public void ConstructorRejectsInvalidArguments()
    {
        var buffer = new double[4];
        fixed (double* p = buffer)
        {
            double* q = p;
            Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new BiasActivationEpilogue<double>(ActivationKind.LeakyRelu, -1, q, q, 4, false)).ParamName);
            Assert.Equal("ldOutput", Assert.Throws<ArgumentOutOfRangeException>(() => new BiasActivationEpilogue<double>(ActivationKind.Relu, 0, q, q, -1, false)).ParamName);
            Assert.Equal("output", Assert.Throws<ArgumentNullException>(() => new BiasActivationEpilogue<double>(ActivationKind.Relu, 0, q, null, 4, true)).ParamName);
        }
    }

    [Fact]
    public void EpilogueDoesNotAllocate()
    {
        var c = new float[64];
        var bias = new float[64];
        var output = new float[64];
        fixed (float* pc = c, pb = bias, po = output)
        {
            var epilogue = new BiasActivationEpilogue<float>(ActivationKind.Gelu, 0, pb, po, 64, storeInput: true);
            float* cc = pc;
            Assert.Equal(0, AllocatedBytes(() => epilogue.Apply(cc, 0, 0, 64)));
        }
    }

    /// <summary>
    /// Applies the epilogue segment by segment to a Rows x Columns product held with a wider stride,
    /// splitting each row at ragged points as a blocked matrix product would, and compares with
    /// Activations.Forward on c + bias.
    /// </summary>
    private static void Check<T>(ActivationKind kind, bool storeInput, bool withBias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int productStride = Columns + 3;
        T[] product = Convert<T>(RandomValues(Rows * productStride, seed: 3, scale: 2));
        T[] bias = Convert<T>(RandomValues(Columns, seed: 4));
        var output = new T[Rows * OutputStride];
        T[] z = new T[Rows * Columns];
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Columns; j++)
                z[r * Columns + j] = product[r * productStride + j] + (withBias ? bias[j] : T.Zero);
        T[] y = ActivationTests.Forward(kind, z);
        T alpha = T.CreateTruncating(0.01);

        fixed (T* pc = product, pb = bias, po = output)
        {
            var epilogue = new BiasActivationEpilogue<T>(kind, alpha, withBias ? pb : null, po, OutputStride, storeInput);
            foreach (int r in Enumerable.Range(0, Rows))
                foreach ((int start, int count) in new[] { (0, 5), (5, 17), (22, 15) })
                    epilogue.Apply(pc + r * productStride + start, r, start, count);
        }
        // Segments split differently from the reference call, so an element may take the scalar
        // tail (no FMA, the runtime's scalar exp) in one and the vector body in the other. The
        // rounding differences are amplified by the activation's condition number; accuracy itself
        // is ActivationTests' business, this test checks the wiring.
        double tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-13;
        for (int r = 0; r < Rows; r++)
            for (int j = 0; j < Columns; j++)
            {
                double expected = double.CreateTruncating(y[r * Columns + j]);
                double actual = double.CreateTruncating(output[r * OutputStride + j]);
                Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{kind} row {r} column {j}: {actual} vs {expected}");
                Assert.Equal(storeInput ? z[r * Columns + j] : output[r * OutputStride + j], product[r * productStride + j]);
            }
    }
}
