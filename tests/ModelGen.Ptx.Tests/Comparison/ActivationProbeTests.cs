using ModelGen.Ptx.Tests.Interpreter;
using ModelGen.Runtime;
using Xunit.Abstractions;

namespace ModelGen.Ptx.Tests.Comparison;

// One-unit probes: with weight 1 and bias 0 the hidden layer's output is exactly f(x), so the
// forward epilogue's activation can be compared value by value over a wide range of inputs.
[Model] public partial class SigmoidProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Sigmoid] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class TanhProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Tanh] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class LeakyReluProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), LeakyRelu(0.01)] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class GeluProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Gelu] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class GeluTanhProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Gelu(GeluApproximation.Tanh)] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class SiluProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Silu] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }
[Model] public partial class SoftplusProbe { [Input(1)] public partial Tensor X { get; } [Dense(1), Softplus] public partial Tensor Y { get; } [Dense(1)] public partial Tensor Out { get; } [MeanSquaredError] public partial Loss Loss { get; } }

/// <summary>
/// The PTX activations (exp, log1p, expm1, erf built from PTX arithmetic) against the CPU kernels,
/// elementwise, from deep negative tails through zero to large positive inputs.
/// </summary>
public class ActivationProbeTests(ITestOutputHelper output)
{
    public static TheoryData<SampleModel> Probes() => new()
    {
        new SampleModel("Sigmoid", s => new SigmoidProbe(s).Engine, SigmoidProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("Tanh", s => new TanhProbe(s).Engine, TanhProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("LeakyRelu", s => new LeakyReluProbe(s).Engine, LeakyReluProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("Gelu", s => new GeluProbe(s).Engine, GeluProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("GeluTanh", s => new GeluTanhProbe(s).Engine, GeluTanhProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("Silu", s => new SiluProbe(s).Engine, SiluProbe.Network<float>.Ptx, new Sgd(0)),
        new SampleModel("Softplus", s => new SoftplusProbe(s).Engine, SoftplusProbe.Network<float>.Ptx, new Sgd(0)),
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public void ForwardMatchesTheCpuKernelElementwise(SampleModel probe)
    {
        float[] inputs = Inputs();
        NetworkBase<float> cpu = probe.Create(1);
        cpu.Parameter("Y.Weight")[0] = 1f;
        cpu.Parameter("Y.Bias")[0] = 0f;
        var device = new PtxTrainingStep(probe.Program, cpu.Info, inputs.Length, cpu.ParameterValues);
        var data = Dataset.ForTargets(inputs, 1, new float[inputs.Length], 1);
        cpu.LoadBatch(data, Enumerable.Range(0, inputs.Length).ToArray());
        cpu.ComputeLoss(inputs.Length, gradients: true, out _);
        device.Load(inputs, null, new float[inputs.Length]);
        device.ComputeLoss();

        float[] expected = cpu.LayerOutput(1).ToArray(), actual = device.LayerOutput(1);
        double worst = 0;
        float worstInput = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            // Relative error, with an absolute floor in the subnormal range where float has no relative precision.
            double error = Math.Abs(actual[i] - (double)expected[i]) / Math.Max(Math.Abs((double)expected[i]), 1e-36);
            if (error > worst) { worst = error; worstInput = inputs[i]; }
        }
        output.WriteLine($"{probe}: worst relative error {worst:E2} at x = {worstInput:R} over {inputs.Length} inputs");
        Assert.True(worst <= 1e-5, $"{probe}({worstInput:R}): PTX and CPU differ by {worst:E3} relative.");
    }

    /// <summary>Dense steps over [-30, 30], a sweep of tiny magnitudes, and the far tails.</summary>
    private static float[] Inputs()
    {
        var values = new List<float>();
        for (int i = -600; i <= 600; i++) values.Add(i / 20f);
        for (int e = -30; e <= -1; e++) { values.Add(MathF.Pow(10, e)); values.Add(-MathF.Pow(10, e)); }
        values.AddRange(new[] { 0f, -0f, -40f, -60f, -87f, -90f, -104f, 40f, 88f, 100f, 150f, 1e4f, -1e4f });
        return values.ToArray();
    }
}
