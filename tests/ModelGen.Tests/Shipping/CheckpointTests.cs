using System.Buffers.Binary;
using System.Text;
using ModelGen.Checkpoints;
using ModelGen.Runtime;
using ModelGen.Tests.Models;
using ModelGen.Tests.Training;

namespace ModelGen.Tests.Shipping;

/// <summary>Saving and loading weights as safetensors: the format, the names, and every refusal.</summary>
public class CheckpointTests
{
    [Fact]
    public void SavedWeightsLoadIntoAFreshModelAndPredictTheSame()
    {
        using var dir = new TempDirectory();
        var (train, test) = TestData.Digits();
        var trained = new DigitsMlp(seed: 1);
        trained.Fit(train, epochs: 2, batchSize: 64, optimizer: new Adam(1e-3f));
        trained.SaveWeights(dir.File("digits.safetensors"));

        var loaded = new DigitsMlp(seed: 99);
        loaded.LoadWeights(dir.File("digits.safetensors"));

        Assert.Equal(trained.Engine.ParameterValues.ToArray(), loaded.Engine.ParameterValues.ToArray());
        Assert.Equal(trained.Predict(test), loaded.Predict(test));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void TheFileIsPlainSafetensorsWithReadableNamesAndShapes()
    {
        using var dir = new TempDirectory();
        var net = new DigitsMlp(seed: 3);
        string path = dir.File("w.safetensors");
        net.SaveWeights(path);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8); // data 8-byte aligned
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"Hidden.Weight\":{\"dtype\":\"F32\",\"shape\":[64,128],\"data_offsets\":[0,32768]}", header);
        Assert.Contains("\"Hidden.Bias\":{\"dtype\":\"F32\",\"shape\":[128]", header);

        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        Assert.Equal(["Hidden.Weight", "Hidden.Bias", "Hidden2.Weight", "Hidden2.Bias", "Logits.Weight", "Logits.Bias"], file.Tensors.Select(t => t.Name));
        Assert.Equal("DigitsMlp", file.Metadata["modelgen.model"]);
        // Element [i, o] of the weight file is the model's Hidden.Weight[i, o].
        float stored = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + headerLength) + (5 * 128 + 7) * 4));
        Assert.Equal(net.Engine.Parameter("Hidden.Weight")[5 * 128 + 7], stored);
    }

    [Fact]
    public void Float64WeightsLoadIntoAFloat32ModelAndBack()
    {
        using var dir = new TempDirectory();
        var net = new ReluNet(seed: 4);
        Network64Roundtrip(net, dir.File("f64.safetensors"));
    }

    private static void Network64Roundtrip(ReluNet net, string path)
    {
        ReluNet.Network<double> wide = net.ToFloat64();
        wide.SaveWeights(path);
        using (SafeTensorsFile file = SafeTensorsFile.Open(path)) Assert.All(file.Tensors, t => Assert.Equal(SafeTensorsDType.F64, t.DType));
        var narrow = new ReluNet(seed: 5);
        narrow.LoadWeights(path);
        Assert.Equal(net.Engine.ParameterValues.ToArray(), narrow.Engine.ParameterValues.ToArray());
    }

    [Fact]
    public void AMissingTensorIsNamedAndTheModelIsUnchanged()
    {
        using var dir = new TempDirectory();
        var writer = WeightsOf(new ReluNet(seed: 1), except: "Y.Bias");
        string path = dir.File("missing.safetensors");
        writer.WriteTo(path);
        var error = AssertRefused(new ReluNet(seed: 2), path);
        Assert.Contains("'Y.Bias' is missing", error.Message);
    }

    [Fact]
    public void AnUnexpectedTensorIsNamed()
    {
        using var dir = new TempDirectory();
        var writer = WeightsOf(new ReluNet(seed: 1));
        writer.Add("Extra.Weight", [2], new float[] { 1, 2 });
        string path = dir.File("extra.safetensors");
        writer.WriteTo(path);
        var error = AssertRefused(new ReluNet(seed: 2), path);
        Assert.Contains("'Extra.Weight' is not a parameter of ReluNet", error.Message);
    }

    [Fact]
    public void AShapeMismatchNamesBothShapes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("sigmoid.safetensors");
        new SigmoidNet(seed: 1).SaveWeights(path); // same names as ReluNet, same sizes
        new ReluNet(seed: 2).LoadWeights(path);

        var writer = new SafeTensorsWriter();
        foreach (ParameterInfo p in ReluNet.Info.Parameters)
        {
            int[] shape = p.Name == "H.Weight" ? [6, 5] : ParameterShapes.Of(p);
            writer.Add(p.Name, shape, new float[p.Length]);
        }
        writer.WriteTo(path);
        var error = AssertRefused(new ReluNet(seed: 2), path);
        Assert.Contains("'H.Weight' has shape [6, 5] but ReluNet needs [5, 6]", error.Message);
    }

    [Fact]
    public void NonFiniteValuesAreRefusedWithTheirIndex()
    {
        using var dir = new TempDirectory();
        var source = new ReluNet(seed: 1);
        source.Engine.Parameter("Y.Weight")[4] = float.NaN;
        string path = dir.File("nan.safetensors");
        source.SaveWeights(path);
        var error = AssertRefused(new ReluNet(seed: 2), path);
        Assert.Contains("'Y.Weight' element 4 is NaN", error.Message);
    }

    [Fact]
    public void AF64ValueTooLargeForFloat32IsRefused()
    {
        using var dir = new TempDirectory();
        var wide = new ReluNet(seed: 1).ToFloat64();
        wide.Parameter("H.Bias")[2] = 1e300;
        string path = dir.File("big.safetensors");
        wide.SaveWeights(path);
        var error = AssertRefused(new ReluNet(seed: 2), path);
        Assert.Contains("'H.Bias' element 2 is ∞ as F32", error.Message.Replace("Infinity", "∞"));
    }

    [Fact]
    public void AMissingFileIsACheckpointException()
    {
        using var dir = new TempDirectory();
        AssertRefused(new ReluNet(seed: 2), dir.File("nope.safetensors"));
    }

    [Fact]
    public void AFailedSaveLeavesThePreviousFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("keep.safetensors");
        var net = new ReluNet(seed: 1);
        net.SaveWeights(path);
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new InvalidOperationException("simulated crash mid-save");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    internal static SafeTensorsWriter WeightsOf(ReluNet net, string? except = null)
    {
        var writer = new SafeTensorsWriter();
        foreach (ParameterInfo p in ReluNet.Info.Parameters)
        {
            if (p.Name != except) writer.Add(p.Name, ParameterShapes.Of(p), (ReadOnlySpan<float>)net.Engine.Parameter(p.Name));
        }
        return writer;
    }

    private static CheckpointException AssertRefused(ReluNet net, string path)
    {
        float[] before = net.Engine.ParameterValues.ToArray();
        var error = Assert.Throws<CheckpointException>(() => net.LoadWeights(path));
        Assert.Equal(before, net.Engine.ParameterValues.ToArray());
        Assert.Contains(path, error.Message);
        return error;
    }
}
