using System.Numerics;
using ModelGen.Kernels;
using static ModelGen.Tests.Kernels.KernelTestSupport;

namespace ModelGen.Tests.Kernels;

public unsafe class OptimizerTests
{
    /// <summary>Parameter count for the tests that need only one: a vector body plus a tail at every tier.</summary>
    private const int Count = 37;

    private const int Steps = 3;

    /// <summary>The textbook update of one parameter, written out independently of the kernels (state per element).</summary>
    private delegate double ClosedFormStep(double p, double g, double[] state, int t);

    public static TheoryData<string> OptimizerNames => ["Sgd", "Momentum", "Nesterov", "AdaGrad", "RmsProp", "Adam", "AdamW"];

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void ThreeStepsMatchTheClosedFormUpdate(string name)
    {
        (Optimizer optimizer, ClosedFormStep closedForm) = Create(name);
        ForEachTier(tier =>
        {
            foreach (int count in RaggedLengths)
            {
                Check<float>(optimizer, closedForm, count, $"{name} {tier} n={count}");
                Check<double>(optimizer, closedForm, count, $"{name} {tier} n={count}");
            }
        });
    }

    [Fact]
    public void DefaultsAreTheFamiliarOnes()
    {
        var adam = new Adam();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 0f), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay));
        var adamW = new AdamW();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
        var adaGrad = new AdaGrad();
        Assert.Equal((0.01f, 1e-10f), (adaGrad.LearningRate, adaGrad.Epsilon));
        var rmsProp = new RmsProp();
        Assert.Equal((0.01f, 0.99f, 1e-8f), (rmsProp.LearningRate, rmsProp.Rho, rmsProp.Epsilon));
        Assert.Equal((0.9f, 0f), (new Momentum(0.1f).MomentumFactor, new Momentum(0.1f).WeightDecay));
        Assert.Equal(0.9f, new Nesterov(0.1f).MomentumFactor);
        Assert.Equal(0f, new Sgd(0.1f).WeightDecay);
        Assert.Equal([0, 1, 1, 1, 1, 2, 2],
            new Optimizer[] { new Sgd(0.1f), new Momentum(0.1f), new Nesterov(0.1f), new AdaGrad(), new RmsProp(), new Adam(), new AdamW() }.Select(o => o.StateSlots));
    }

    [Fact]
    public void InvalidHyperParametersAreRejectedWithTheirName()
    {
        foreach (float bad in new[] { float.NaN, -0.5f, float.PositiveInfinity })
        {
            AssertRejected("learningRate", () => new Sgd(bad));
            AssertRejected("weightDecay", () => new Sgd(0.1f, weightDecay: bad));
            AssertRejected("momentum", () => new Momentum(0.1f, momentum: bad));
            AssertRejected("weightDecay", () => new Nesterov(0.1f, weightDecay: bad));
            AssertRejected("epsilon", () => new AdaGrad(epsilon: bad));
            AssertRejected("rho", () => new RmsProp(rho: bad));
            AssertRejected("beta1", () => new Adam(beta1: bad));
            AssertRejected("beta2", () => new AdamW(beta2: bad));
            AssertRejected("LearningRate", () => new Adam().LearningRate = bad);
        }
        AssertRejected("momentum", () => new Momentum(0.1f, momentum: 1f));
        AssertRejected("momentum", () => new Nesterov(0.1f, momentum: 0f));
        AssertRejected("epsilon", () => new Adam(epsilon: 0f));
        AssertRejected("beta1", () => new Adam(beta1: 1f));
        AssertRejected("rho", () => new RmsProp(rho: 1f));
        AssertRejected("MomentumFactor", () => new Nesterov(0.1f).MomentumFactor = 1.5f);
        AssertRejected("Beta2", () => new AdamW().Beta2 = 1f);
        AssertRejected("Epsilon", () => new RmsProp().Epsilon = -1f);
        AssertRejected("WeightDecay", () => new AdamW().WeightDecay = float.NaN);
        // Accepted edge values.
        _ = new Sgd(0f);
        _ = new Momentum(0.1f, momentum: 0f);
        _ = new Adam(beta1: 0f, beta2: 0f);
    }

    [Fact]
    public void InvalidStepArgumentsAreRejected()
    {
        var buffer = new double[8];
        fixed (double* p = buffer)
        {
            double* q = p;
            var adam = new Adam();
            Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => adam.Step(q, q, q, 2, 0)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => adam.Step(q, q, q, -1, 1)).ParamName);
        }
    }

    [Fact]
    public void LearningRateChangesTakeEffectOnTheNextStep()
    {
        var sgd = new Sgd(1f);
        double[] p = [1, 2, 3];
        double[] g = [1, 1, 1];
        fixed (double* pp = p, pg = g)
        {
            sgd.Step(pp, pg, null, 3, 1);
            sgd.LearningRate = 0.5f;
            sgd.Step(pp, pg, null, 3, 2);
        }
        Assert.Equal([-0.5, 0.5, 1.5], p);
    }

    [Fact]
    public void StepsDoNotAllocate()
    {
        Optimizer[] optimizers = [new Sgd(0.1f), new Momentum(0.1f), new Nesterov(0.1f), new AdaGrad(), new RmsProp(), new Adam(), new AdamW()];
        var parameters = new float[Count];
        var gradients = new float[Count];
        var state = new float[2 * Count];
        fixed (float* p = parameters, g = gradients, s = state)
        {
            float* pp = p, pg = g, ps = s;
            long bytes = AllocatedBytes(() =>
            {
                SimdTier saved = Simd.Active;
                foreach (SimdTier tier in Tiers)
                {
                    Simd.Active = tier;
                    foreach (Optimizer optimizer in optimizers) optimizer.Step(pp, pg, ps, Count, 1);
                }
                Simd.Active = saved;
            });
            Assert.Equal(0, bytes);
        }
    }

    private static void AssertRejected(string parameter, Action create)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter, exception.Message);
    }

    /// <summary>
    /// Three steps with fresh gradients each, against the closed form evaluated in double from the
    /// same (float) hyper-parameters and T-rounded inputs.
    /// </summary>
    private static void Check<T>(Optimizer optimizer, ClosedFormStep closedForm, int count, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] parameters = Convert<T>(RandomValues(count, seed: 1));
        var state = new T[optimizer.StateSlots * count];
        double[] expected = ToDouble(parameters);
        var expectedState = new double[count][];
        for (int i = 0; i < count; i++) expectedState[i] = new double[2];

        for (int t = 1; t <= Steps; t++)
        {
            T[] gradients = Convert<T>(RandomValues(count, seed: 10 + t));
            fixed (T* p = parameters, g = gradients, s = state)
                Step(optimizer, p, g, s, count, t);
            for (int i = 0; i < count; i++)
                expected[i] = closedForm(expected[i], double.CreateTruncating(gradients[i]), expectedState[i], t);
        }
        double tolerance = typeof(T) == typeof(float) ? 2e-6 : 1e-13;
        for (int i = 0; i < count; i++)
        {
            double actual = double.CreateTruncating(parameters[i]);
            Assert.True(Math.Abs(actual - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"{context} {typeof(T).Name}: parameter {i} = {actual:R}, closed form {expected[i]:R}");
        }
    }

    private static void Step<T>(Optimizer optimizer, T* p, T* g, T* s, int count, long t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) optimizer.Step((float*)p, (float*)g, (float*)s, count, t);
        else optimizer.Step((double*)p, (double*)g, (double*)s, count, t);
    }

    /// <summary>Each optimizer with non-default settings, and its update written out by hand (state[0], state[1] per element).</summary>
    private static (Optimizer, ClosedFormStep) Create(string name)
    {
        const float lr = 0.1f, wd = 0.05f, mu = 0.8f;
        double rate = lr, decay = wd, momentum = mu;
        switch (name)
        {
            case "Sgd":
                return (new Sgd(lr, wd), (p, g, s, t) => p - rate * (g + decay * p));
            case "Momentum":
                return (new Momentum(lr, mu, wd), (p, g, s, t) =>
                {
                    s[0] = t == 1 ? g + decay * p : momentum * s[0] + (g + decay * p);
                    return p - rate * s[0];
                });
            case "Nesterov":
                return (new Nesterov(lr, mu, wd), (p, g, s, t) =>
                {
                    double gradient = g + decay * p;
                    s[0] = t == 1 ? gradient : momentum * s[0] + gradient;
                    return p - rate * (gradient + momentum * s[0]);
                });
            case "AdaGrad":
                return (new AdaGrad(lr, 1e-6f), (p, g, s, t) =>
                {
                    s[0] += g * g;
                    return p - rate * g / (Math.Sqrt(s[0]) + (double)1e-6f);
                });
            case "RmsProp":
                const float rho = 0.9f;
                return (new RmsProp(0.01f, rho, 1e-6f), (p, g, s, t) =>
                {
                    s[0] = (double)rho * s[0] + (1 - (double)rho) * g * g;
                    return p - (double)0.01f * g / (Math.Sqrt(s[0]) + (double)1e-6f);
                });
            case "Adam":
                return (new Adam(0.01f, 0.8f, 0.9f, 1e-6f, wd), (p, g, s, t) => AdamUpdate(p, g + decay * p, s, t));
            case "AdamW":
                return (new AdamW(0.01f, 0.8f, 0.9f, 1e-6f, wd), (p, g, s, t) => AdamUpdate(p * (1 - (double)0.01f * decay), g, s, t));
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    /// <summary>Adam as in the paper: bias-corrected moments m̂ = m/(1-β1^t), v̂ = v/(1-β2^t).</summary>
    private static double AdamUpdate(double p, double g, double[] s, int t)
    {
        double beta1 = 0.8f, beta2 = 0.9f, epsilon = 1e-6f, rate = 0.01f;
        s[0] = beta1 * s[0] + (1 - beta1) * g;
        s[1] = beta2 * s[1] + (1 - beta2) * g * g;
        double mHat = s[0] / (1 - Math.Pow(beta1, t));
        double vHat = s[1] / (1 - Math.Pow(beta2, t));
        return p - rate * mHat / (Math.Sqrt(vHat) + epsilon);
    }
}
