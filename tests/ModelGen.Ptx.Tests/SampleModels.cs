using ModelGen.Cuda;
using ModelGen.Runtime;
using ModelGen.Tests.Models;

namespace ModelGen.Ptx.Tests;

/// <summary>A generated model as the PTX tests see it: its float network and its PTX program.</summary>
public sealed record SampleModel(string Name, Func<int, NetworkBase<float>> Create, PtxProgram Program, Optimizer Optimizer)
{
    public override string ToString() => Name;
}

/// <summary>Every model of the sample and test suites (the digits sample's architecture is DigitsMlp).</summary>
public static class SampleModels
{
    public static IReadOnlyList<SampleModel> All { get; } = new SampleModel[]
    {
        new("DigitsMlp", seed => new DigitsMlp(seed).Engine, DigitsMlp.Network<float>.Ptx, new AdamW(1e-3f)),
        new("ActivationZoo", seed => new ActivationZoo(seed).Engine, ActivationZoo.Network<float>.Ptx, new Adam(1e-2f, weightDecay: 0.01f)),
        new("CancerNet", seed => new CancerNet(seed).Engine, CancerNet.Network<float>.Ptx, new Momentum(0.05f, 0.9f, 1e-4f)),
        new("DiabetesNet", seed => new DiabetesNet(seed).Engine, DiabetesNet.Network<float>.Ptx, new Sgd(0.05f, 1e-3f)),
        new("SigmoidNet", seed => new SigmoidNet(seed).Engine, SigmoidNet.Network<float>.Ptx, new Nesterov(0.1f)),
        new("TanhNet", seed => new TanhNet(seed).Engine, TanhNet.Network<float>.Ptx, new RmsProp(1e-2f)),
        new("ReluNet", seed => new ReluNet(seed).Engine, ReluNet.Network<float>.Ptx, new AdaGrad(0.1f)),
        new("LeakyReluNet", seed => new LeakyReluNet(seed).Engine, LeakyReluNet.Network<float>.Ptx, new Sgd(0.1f)),
        new("GeluNet", seed => new GeluNet(seed).Engine, GeluNet.Network<float>.Ptx, new AdamW(1e-2f)),
        new("GeluTanhNet", seed => new GeluTanhNet(seed).Engine, GeluTanhNet.Network<float>.Ptx, new Adam(1e-2f)),
        new("SiluNet", seed => new SiluNet(seed).Engine, SiluNet.Network<float>.Ptx, new Momentum(0.1f)),
        new("SoftplusNet", seed => new SoftplusNet(seed).Engine, SoftplusNet.Network<float>.Ptx, new AdamW(1e-2f)),
        new("MseNet", seed => new MseNet(seed).Engine, MseNet.Network<float>.Ptx, new Sgd(0.1f)),
        new("BceNet", seed => new BceNet(seed).Engine, BceNet.Network<float>.Ptx, new Adam(1e-2f)),
    };

    public static TheoryData<SampleModel> Data()
    {
        var data = new TheoryData<SampleModel>();
        foreach (SampleModel model in All) data.Add(model);
        return data;
    }
}
