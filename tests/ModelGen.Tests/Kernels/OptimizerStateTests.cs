using ModelGen.Kernels;

namespace ModelGen.Tests.Kernels;

/// <summary>
/// Optimizer state never turns subnormal: a moment whose gradient became zero decays towards zero and
/// would otherwise spend most of training in subnormal floats, which x86 processes many times slower.
/// </summary>
public class OptimizerStateTests
{
    public static TheoryData<string> Optimizers() => new() { "Adam", "AdamW", "Momentum", "Nesterov", "RmsProp" };

    private static Optimizer Create(string name) => name switch
    {
        "Adam" => new Adam(1e-3f),
        "AdamW" => new AdamW(1e-3f),
        "Momentum" => new Momentum(0.01f),
        "Nesterov" => new Nesterov(0.01f),
        _ => new RmsProp(1e-3f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public unsafe void StateOfParametersWhoseGradientVanishedIsFlushedToZero(string name)
    {
        foreach (SimdTier tier in Enum.GetValues<SimdTier>().Where(t => t <= Simd.BestSupported))
        {
            SimdTier saved = Simd.Active;
            try
            {
                Simd.Active = tier;
                const int count = 67;
                Optimizer optimizer = Create(name);
                var parameters = new float[count];
                var gradients = new float[count];
                var state = new float[optimizer.StateSlots * count];
                for (int i = 0; i < count; i++) { parameters[i] = 0.5f; gradients[i] = 1e-3f * (i + 1); }
                fixed (float* p = parameters, g = gradients, s = state)
                {
                    long step = 0;
                    for (int i = 0; i < 50; i++) optimizer.Step(p, g, s, count, ++step);
                    for (int i = 0; i < count; i += 3) gradients[i] = 0; // these units die
                    for (int i = 0; i < 3000; i++) optimizer.Step(p, g, s, count, ++step);
                }
                Assert.DoesNotContain(state, float.IsSubnormal);
                // A dead unit's first moment (or velocity, decay 0.9) has decayed all the way to an exact zero;
                // RMSprop's squares decay by 0.99 a step and are still far from the flush threshold.
                if (name != "RmsProp") Assert.Equal(0f, state[0]);
                Assert.All(parameters, v => Assert.True(float.IsFinite(v)));
            }
            finally
            {
                Simd.Active = saved;
            }
        }
    }

    [Fact]
    public unsafe void NaNGradientsStillReachTheState()
    {
        var optimizer = new Adam(1e-3f);
        var parameters = new float[20];
        var gradients = new float[20];
        gradients[3] = float.NaN;
        var state = new float[2 * 20];
        fixed (float* p = parameters, g = gradients, s = state) optimizer.Step(p, g, s, 20, 1);
        Assert.True(float.IsNaN(state[3]) && float.IsNaN(parameters[3]));
    }
}
