using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;
using static ModelGen.Tests.TrainingControls.ControlTestSupport;

namespace ModelGen.Tests.TrainingControls;

public class WeightPenaltyTests
{
    private const double L1 = 3e-3, L2 = 5e-3;

    [Fact]
    public void PenalizedGradientMatchesFiniteDifferencesInFloat64()
    {
        var net = new TanhNet.Network<double>(7);
        Dataset data = TestData.RandomFor(TanhNet.Info, 8, 7);
        LossAndGradients(net, data, 8);
        net.AddWeightPenalty(L1, L2);
        double[] analytic = net.GradientValues.ToArray();

        double Objective() => double.CreateTruncating(net.ComputeLoss(8, gradients: false, out _)) + net.WeightPenalty(L1, L2);
        const double h = 1e-5;
        int checkedCount = 0;
        foreach (ParameterInfo tensor in net.Info.Parameters)
        {
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                double original = net.ParameterValues[i];
                if (Math.Abs(original) < 4 * h && tensor.Name.EndsWith(".Weight")) continue;   // |w| has a kink at 0
                net.ParameterValues[i] = original + h; double plus = Objective();
                net.ParameterValues[i] = original - h; double minus = Objective();
                net.ParameterValues[i] = original;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                    $"{tensor.Name}[{i - tensor.Offset}]: analytic {analytic[i]}, numeric {numeric}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 50);
    }

    [Fact]
    public void PenaltyTouchesWeightsOnlyWithTheClosedFormGradient()
    {
        var net = new TanhNet.Network<double>(9);
        Dataset data = TestData.RandomFor(TanhNet.Info, 8, 9);
        net.ParameterValues[net.Info.Parameters.Single(p => p.Name == "H.Bias").Offset] = 0.75;  // a non-zero bias, which must stay unpenalized
        LossAndGradients(net, data, 8);
        double[] plain = net.GradientValues.ToArray();
        double penalty = net.AddWeightPenalty(L1, L2);
        double[] penalized = net.GradientValues.ToArray();

        double expectedPenalty = 0;
        foreach (ParameterInfo tensor in net.Info.Parameters)
        {
            bool weight = tensor.Name.EndsWith(".Weight");
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                double w = net.ParameterValues[i];
                double expected = weight ? plain[i] + L1 * Math.Sign(w) + 2 * L2 * w : plain[i];
                Assert.Equal(expected, penalized[i], 1e-15 + 1e-13 * Math.Abs(expected));
                if (weight) expectedPenalty += L1 * Math.Abs(w) + L2 * w * w;
            }
        }
        Assert.Equal(expectedPenalty, penalty, 1e-13 * expectedPenalty);
    }

    [Fact]
    public void FitReportsTheLossWithThePenalty()
    {
        // A zero learning rate keeps the weights fixed, so the epoch's loss is the data loss plus the penalty.
        var net = new ReluNet(3);
        Dataset data = TestData.RandomFor(ReluNet.Info, 32, 3);
        double dataLoss = net.Evaluate(data).Loss;
        double penalty = net.Engine.WeightPenalty(L1, L2);
        Assert.True(penalty > 1e-3);
        EpochReport report = net.Engine.Fit(data, new TrainingOptions { Epochs = 1, BatchSize = 32, Optimizer = new Sgd(0f), L1 = L1, L2 = L2 }).Last;
        Assert.Equal(dataLoss + penalty, report.Loss, 1e-6);
    }

    [Fact]
    public void L2PenaltyShrinksTheWeightsDuringTraining()
    {
        var (train, _) = TestData.Digits();
        double WeightNorm(float l2)
        {
            var net = new DigitsMlp(4);
            net.Engine.Fit(train, new TrainingOptions { Epochs = 2, BatchSize = 64, Optimizer = new Sgd(0.1f), L2 = l2 });
            return Norm(net.Engine.Parameter("Hidden.Weight"));
        }
                // 44 SGD steps at lr 0.1 with 2·L2 = 0.1 decay shrink by 0.99 each: about 0.64 of the unpenalized norm.
        double free = WeightNorm(0), penalized = WeightNorm(0.05f);
        Assert.True(penalized < 0.8 * free, $"penalized {penalized}, free {free}");
    }
}
