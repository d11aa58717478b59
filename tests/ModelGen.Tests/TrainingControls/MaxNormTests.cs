using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.TrainingControls;

public class MaxNormTests
{
    private static List<double> ColumnNorms(NetworkBase<float> net)
    {
        var norms = new List<double>();
        foreach (ParameterInfo p in net.Info.Parameters.Where(p => p.Name.EndsWith(".Weight", StringComparison.Ordinal)))
        {
            Span<float> w = net.Parameter(p.Name);
            for (int c = 0; c < p.Columns; c++)
            {
                double sum = 0;
                for (int r = 0; r < p.Rows; r++) sum += (double)w[r * p.Columns + c] * w[r * p.Columns + c];
                norms.Add(Math.Sqrt(sum));
            }
        }
        return norms;
    }

    [Fact]
    public void TrainingWithALargeRateKeepsEveryColumnWithinTheCap()
    {
        var (train, _) = TestData.Digits();
        Dataset data = train.Subset(Enumerable.Range(0, 500).ToArray());
        const double cap = 0.6;
        TrainingOptions Options(double? maxNorm) => new() { Epochs = 2, BatchSize = 32, Optimizer = new Sgd(0.5f), MaxNorm = maxNorm };

        var free = new DigitsMlp.Network<float>(2);
        free.Fit(data, Options(null));
        int wouldExceed = ColumnNorms(free).Count(n => n > cap);
        Assert.True(wouldExceed > 0, "without the constraint some column should grow past the cap");

        var constrained = new DigitsMlp.Network<float>(2);
        constrained.Fit(data, Options(cap));
        double largest = ColumnNorms(constrained).Max();
        Assert.True(largest <= cap + 1e-6, $"a column norm of {largest} exceeds {cap}");
        Assert.True(ColumnNorms(constrained).Count(n => n > cap - 1e-4) > 0, "no column was clipped");
    }

    [Fact]
    public void ApplyMaxNormRescalesLongColumnsOnlyAndLeavesBiasesAlone()
    {
        var net = new DigitsMlp.Network<float>(3);
        foreach (ParameterInfo p in net.Info.Parameters) net.Parameter(p.Name).Fill(0.5f);
        ParameterInfo hidden = net.Info.Parameters.First(p => p.Name == "Hidden.Weight");
        Span<float> w = net.Parameter("Hidden.Weight");
        for (int r = 0; r < hidden.Rows; r++) w[r * hidden.Columns] = 0.01f; // column 0: norm 0.08, under the cap
        float[] before = net.ParameterValues.ToArray();

        int rescaled = net.ApplyMaxNorm(1.0);

        // 64 inputs × 0.5 gives norm 4 for every other Hidden column, 128 × 0.5 about 5.7 for Hidden2's, 64 × 0.5 = 4 for the logits'.
        Assert.Equal(hidden.Columns - 1 + 64 + 10, rescaled);
        for (int r = 0; r < hidden.Rows; r++) Assert.Equal(0.01f, w[r * hidden.Columns]);
        Assert.Equal(0.125f, w[1], 1e-6f); // 0.5 scaled by 1/4 (column norm 4 to 1): the direction is kept
        Assert.All(net.Parameter("Hidden.Bias").ToArray(), b => Assert.Equal(0.5f, b));
        Assert.All(ColumnNorms(net), n => Assert.True(n <= 1.0));
        Assert.NotEqual(before, net.ParameterValues.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 1, BatchSize = 1, Optimizer = new Sgd(0.1f), MaxNorm = 0 });
    }
}
