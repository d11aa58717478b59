using BreastCancer;
using Diabetes;
using ModelGen.Tests.Shipping;
using Tabular;

namespace ModelGen.Tests.Samples;

/// <summary>The sample loaders read the real files and refuse malformed ones with the file and line named.</summary>
public sealed class LoaderTests
{
    [Fact]
    public void BreastCancerLoadsTheRealFile()
    {
        TabularData data = BreastCancerData.Load(SampleDataFiles.BreastCancer);
        Assert.Equal(569, data.Count);
        Assert.Equal(30, data.FeatureCount);
        Assert.Equal(357, data.Labels().Count(l => l == 1)); // benign
        Assert.Equal(17.99, data.Features[0][0]);
    }

    [Theory]
    [InlineData("3,30,malignant,benign\n{0}\n{1}\n1,2,3\n", 4, "expected 31 fields, found 3")]
    [InlineData("3,30,malignant,benign\n{0}\n{2}\n{1}\n", 3, "field 5 is 'abc', not a number")]
    [InlineData("3,30,malignant,benign\n{0}\n{1}\n{3}\n", 4, "must be 0 (malignant) or 1 (benign)")]
    [InlineData("3,30,malignant,benign\n{0}\n{4}\n{1}\n", 3, "every value must be finite")]
    public void BreastCancerNamesTheMalformedLine(string template, int line, string message)
    {
        using var folder = new TempDirectory();
        string path = folder.File("breast_cancer.csv");
        File.WriteAllText(path, string.Format(System.Globalization.CultureInfo.InvariantCulture, template,
            SampleDataFiles.CancerRow(0), SampleDataFiles.CancerRow(1), SampleDataFiles.CancerRow(1, "abc"), SampleDataFiles.CancerRow(2), SampleDataFiles.CancerRow(1, "NaN")));
        var error = Assert.Throws<InvalidDataException>(() => BreastCancerData.Load(path));
        Assert.Contains($"{path} line {line}:", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void BreastCancerChecksTheHeader()
    {
        using var folder = new TempDirectory();
        string path = folder.File("breast_cancer.csv");
        File.WriteAllText(path, "malignant,benign\n" + SampleDataFiles.CancerRow(0) + "\n");
        Assert.Contains($"{path} line 1: expected the header", Assert.Throws<InvalidDataException>(() => BreastCancerData.Load(path)).Message);

        File.WriteAllText(path, "5,30,malignant,benign\n" + SampleDataFiles.CancerRow(0) + "\n");
        var truncated = Assert.Throws<InvalidDataException>(() => BreastCancerData.Load(path));
        Assert.Contains("declares 5 samples but the file holds 1", truncated.Message);
        Assert.Contains(path, truncated.Message);
    }

    [Fact]
    public void AMissingFileNamesItsPath()
    {
        using var folder = new TempDirectory();
        string path = folder.File("breast_cancer.csv");
        var error = Assert.Throws<FileNotFoundException>(() => BreastCancerData.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(folder.File(DiabetesData.TargetFileName), Assert.Throws<FileNotFoundException>(() =>
        {
            SampleDataFiles.WriteGzip(folder.File(DiabetesData.FeaturesFileName), "1 2 3 4 5 6 7 8 9 10\n");
            DiabetesData.Load(folder.Path);
        }).Message);
    }

    [Fact]
    public void DiabetesLoadsTheRealFiles()
    {
        TabularData data = DiabetesData.Load(SampleDataFiles.DataDirectory);
        Assert.Equal(442, data.Count);
        Assert.Equal(10, data.FeatureCount);
        Assert.Equal(151.0, data.Targets[0]);
        Assert.Equal(59.0, data.Features[0][0]);
    }

    [Fact]
    public void DiabetesNamesTheMalformedFileAndLine()
    {
        using var folder = new TempDirectory();
        string features = folder.File(DiabetesData.FeaturesFileName);
        string target = folder.File(DiabetesData.TargetFileName);
        SampleDataFiles.WriteGzip(features, "1 2 3 4 5 6 7 8 9 10\n1 2 3 4 5 6 7 8 9\n");
        SampleDataFiles.WriteGzip(target, "1\n2\n");
        Assert.Contains($"{features} line 2: expected 10 fields, found 9", Assert.Throws<InvalidDataException>(() => DiabetesData.Load(folder.Path)).Message);

        SampleDataFiles.WriteGzip(features, "1 2 3 4 5 6 7 8 9 10\n1 2 3 4 5 6 7 8 9 10\n");
        SampleDataFiles.WriteGzip(target, "1\n2,5\n");
        Assert.Contains($"{target} line 2: field 1 is '2,5', not a number", Assert.Throws<InvalidDataException>(() => DiabetesData.Load(folder.Path)).Message);

        SampleDataFiles.WriteGzip(target, "1\n2\n3\n");
        var mismatch = Assert.Throws<InvalidDataException>(() => DiabetesData.Load(folder.Path));
        Assert.Contains($"{features} holds 2 samples but {target} holds 3 targets", mismatch.Message);

        File.WriteAllText(target, "1\n2\n"); // not gzip
        Assert.Contains($"{target}: not a valid gzip file", Assert.Throws<InvalidDataException>(() => DiabetesData.Load(folder.Path)).Message);
    }
}
