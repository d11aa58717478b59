using ModelGen.Kernels;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Tests.Training;

/// <summary>
/// Float64 gradient checks of every layer, activation, loss and fused kernel through the generated
/// networks, at every SIMD tier this machine can run (CI repeats them with the ISA switches).
/// </summary>
[Trait("Category", "Numeric")]
public class GradientCheckTests
{
    public static TheoryData<string, SimdTier> Cases()
    {
        var data = new TheoryData<string, SimdTier>();
        foreach (string model in Networks.Keys)
        {
            foreach (SimdTier tier in Enum.GetValues<SimdTier>().Where(t => t <= Simd.BestSupported)) data.Add(model, tier);
        }
        return data;
    }

    private static readonly Dictionary<string, Func<int, NetworkBase<double>>> Networks = new()
    {
        ["Sigmoid"] = seed => new SigmoidNet.Network<double>(seed),
        ["Tanh"] = seed => new TanhNet.Network<double>(seed),
        ["Relu"] = seed => new ReluNet.Network<double>(seed),
        ["LeakyRelu"] = seed => new LeakyReluNet.Network<double>(seed),
        ["Gelu"] = seed => new GeluNet.Network<double>(seed),
        ["GeluTanh"] = seed => new GeluTanhNet.Network<double>(seed),
        ["Silu"] = seed => new SiluNet.Network<double>(seed),
        ["Softplus"] = seed => new SoftplusNet.Network<double>(seed),
        ["MeanSquaredError"] = seed => new MseNet.Network<double>(seed),
        ["BinaryCrossEntropyWithLogits"] = seed => new BceNet.Network<double>(seed),
        ["ActivationZoo"] = seed => new ActivationZoo.Network<double>(seed),
        ["Digits"] = seed => new DigitsMlp.Network<double>(seed),
        ["LayerNorm"] = seed => new LayerNormNet.Network<double>(seed),
        ["RmsNorm"] = seed => new RmsNormNet.Network<double>(seed),
        ["GroupNorm"] = seed => new GroupNormNet.Network<double>(seed),
        ["BatchNorm"] = seed => new BatchNormNet.Network<double>(seed),
        ["Dropout"] = seed => new DropoutNet.Network<double>(seed),
        ["SoftmaxLayer"] = seed => new SoftmaxLayerNet.Network<double>(seed),
        ["SoftmaxOutput"] = seed => new SoftmaxOutputNet.Network<double>(seed),
        ["Residual"] = seed => new ResidualNet.Network<double>(seed),
        ["Rewritten"] = seed => new RewrittenNet.Network<double>(seed),
        ["Attention"] = seed => new AttentionNet.Network<double>(seed),
        ["Checkpointed"] = seed => new CheckpointedNet.Network<double>(seed),
        ["Huber"] = seed => new HuberNet.Network<double>(seed),
        ["LabelSmoothing"] = seed => new SmoothedNet.Network<double>(seed),
        ["LossMethod"] = seed => new LossMethodNet.Network<double>(seed),
        ["LossExpression"] = seed => new HandWrittenBceNet.Network<double>(seed),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticGradientsMatchCenteredDifferencesInFloat64(string model, SimdTier tier)
    {
        SimdTier saved = Simd.Active;
        try
        {
            Simd.Active = tier;
            NetworkBase<double> network = Networks[model](7);
            // 13 samples: not a multiple of any vector width or tile.
            Dataset data = model is "Attention" or "Checkpointed"
                ? TestData.RandomTokensFor(network.Info, rows: 13, seed: 11, vocabulary: 11)
                : TestData.RandomFor(network.Info, rows: 13, seed: 11);
            GradCheckReport report = GradCheck.Run(network, data, samples: 13, maxPerTensor: model == "Digits" ? 300 : int.MaxValue);
            Assert.True(report.WorstRelativeError <= 1e-6, $"{model} at {tier}: {report}");
            Assert.True(report.Checked > 0);
            Assert.True(report.SkippedAtKinks <= report.Checked / 20, $"too many kinks: {report}");
        }
        finally
        {
            Simd.Active = saved;
        }
    }

    [Fact]
    public void GradCheckCatchesAWrongGradient()
    {
        var network = new LinearWithWrongBiasGradient();
        Dataset data = Dataset.ForTargets([1, 2, 3, -1, 0.5f, 2, 0, 1, -2], 3, [1, -1, 0.5f], 1);
        GradCheckReport report = GradCheck.Run(network, data, samples: 3);
        Assert.True(report.WorstRelativeError > 0.1, report.ToString());
        Assert.Equal("Y.Bias", report.WorstParameter);
    }

    [Fact]
    public void Float32GradientsAgreeWithFloat64()
    {
        var single = new ActivationZoo.Network<float>(9);
        var reference = new ActivationZoo.Network<double>(0);
        reference.CopyParametersFrom(single);
        Dataset data = TestData.RandomFor(single.Info, rows: 10, seed: 2);
        int[] rows = Enumerable.Range(0, 10).ToArray();
        single.LoadBatch(data, rows);
        reference.LoadBatch(data, rows);
        float loss32 = single.ComputeLoss(10, true, out _);
        double loss64 = reference.ComputeLoss(10, true, out _);
        Assert.Equal(loss64, loss32, 1e-5);
        double scale = reference.GradientValues.ToArray().Max(Math.Abs);
        for (int i = 0; i < reference.GradientValues.Length; i++)
            Assert.True(Math.Abs(reference.GradientValues[i] - single.GradientValues[i]) <= 1e-4 * scale, $"gradient {i}");
    }

    /// <summary>y = x·w + b with squared error, whose bias gradient is deliberately 1.5 times too large.</summary>
    private sealed unsafe class LinearWithWrongBiasGradient() : NetworkBase<double>(LinearInfo, 0)
    {
        private static readonly ModelInfo LinearInfo = new("Linear", LossKind.MeanSquaredError, 32, 2,
            [new LayerInfo("X", 3, -1, "Input"), new LayerInfo("Y", 1, 0, "Dense")],
            [new ParameterInfo("Y.Weight", 0, 3, 1), new ParameterInfo("Y.Bias", 16, 1, 1)]);

        protected override void Initialize(Rng rng) { Parameters[0] = 0.3; Parameters[1] = -0.2; Parameters[2] = 0.1; Parameters[16] = 0.05; }
        protected override void ForwardPass(int batch)
        {
            for (int r = 0; r < batch; r++)
                Activations[r] = Inputs[3 * r] * Parameters[0] + Inputs[3 * r + 1] * Parameters[1] + Inputs[3 * r + 2] * Parameters[2] + Parameters[16];
        }
        protected override double LossPass(int batch, bool gradients, out int correct)
        {
            correct = 0;
            double sum = 0;
            for (int r = 0; r < batch; r++)
            {
                double e = Activations[r] - Targets[r];
                sum += e * e;
                Activations[batch + r] = 2 * e / batch;
            }
            return sum / batch;
        }
        protected override void BackwardPass(int batch)
        {
            for (int c = 0; c < 3; c++)
            {
                double g = 0;
                for (int r = 0; r < batch; r++) g += Inputs[3 * r + c] * Activations[batch + r];
                Gradients[c] = g;
            }
            double bias = 0;
            for (int r = 0; r < batch; r++) bias += Activations[batch + r];
            Gradients[16] = 1.5 * bias;
        }
    }
}
