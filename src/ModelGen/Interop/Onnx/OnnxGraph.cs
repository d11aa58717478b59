using System.Runtime.InteropServices;

namespace ModelGen.Interop.Onnx;

/// <summary>
/// An ONNX inference graph being assembled: float32 initializers, nodes in execution order, one
/// input and one output of shape [batch, width] (batch symbolic). <see cref="ToModelProto"/>
/// serializes it as an ONNX ModelProto.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private readonly List<(string Name, int[] Dims, float[] Values)> _initializers = [];
    private readonly List<(string Op, string[] Inputs, string Output, (string Name, float? F, long? I)[] Attributes)> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private (string Name, int Width) _input, _output;

    public void Input(string tensor, int width) => _input = (Unique(tensor), width);

    public void Output(string tensor, int width) => _output = (tensor, width);

    public string Initializer(string tensor, int[] dims, float[] values)
    {
        _initializers.Add((Unique(tensor), dims, values));
        return tensor;
    }

    /// <summary>A scalar constant, shared by every node that uses the same value.</summary>
    public string Constant(float value)
    {
        string tensor = "const_" + BitConverter.SingleToInt32Bits(value).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return _names.Contains(tensor) ? tensor : Initializer(tensor, [], [value]);
    }

    /// <summary>Adds a node and returns its output's name.</summary>
    public string Node(string op, string output, string[] inputs, params (string Name, float? F, long? I)[] attributes)
    {
        _nodes.Add((op, inputs, Unique(output), attributes));
        return output;
    }

    private string Unique(string tensor)
    {
        if (!_names.Add(tensor)) throw new InvalidOperationException($"the ONNX graph already has a value named '{tensor}'.");
        return tensor;
    }

    // Field numbers and enum values from onnx/onnx.proto.
    private const long IrVersion = 8; // the IR version of opset 17
    private const int FloatType = 1;
    private const int AttributeFloat = 1, AttributeInt = 2;

    public byte[] ToModelProto(string producerVersion, long opset)
    {
        var model = new ProtobufWriter();
        model.Int64(1, IrVersion);
        model.String(2, "ModelGen");
        model.String(3, producerVersion);
        model.Message(7, WriteGraph);
        model.Message(8, o => { o.String(1, ""); o.Int64(2, opset); });
        return model.ToArray();
    }

    private void WriteGraph(ProtobufWriter g)
    {
        int index = 0;
        foreach (var node in _nodes)
        {
            g.Message(1, n =>
            {
                foreach (string input in node.Inputs) n.String(1, input);
                n.String(2, node.Output);
                n.String(3, $"{node.Op}_{index++}");
                n.String(4, node.Op);
                foreach (var a in node.Attributes)
                {
                    n.Message(5, attribute =>
                    {
                        attribute.String(1, a.Name);
                        if (a.F is { } f) attribute.Float(2, f);
                        if (a.I is { } i) attribute.Int64(3, i);
                        attribute.Int64(20, a.F is null ? AttributeInt : AttributeFloat);
                    });
                }
            });
        }
        g.String(2, name);
        foreach (var (tensor, dims, values) in _initializers)
        {
            g.Message(5, t =>
            {
                foreach (int d in dims) t.Int64(1, d);
                t.Int64(2, FloatType);
                t.String(8, tensor);
                t.Bytes(9, LittleEndianBytes(values));
            });
        }
        g.Message(11, v => WriteValueInfo(v, _input.Name, _input.Width));
        g.Message(12, v => WriteValueInfo(v, _output.Name, _output.Width));
    }

    private static void WriteValueInfo(ProtobufWriter v, string tensor, int width)
    {
        v.String(1, tensor);
        v.Message(2, type => type.Message(1, t =>
        {
            t.Int64(1, FloatType);
            t.Message(2, shape =>
            {
                shape.Message(1, d => d.String(2, "batch"));
                shape.Message(1, d => d.Int64(1, width));
            });
        }));
    }

    private static byte[] LittleEndianBytes(float[] values)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < bytes.Length; i += 4) bytes.AsSpan(i, 4).Reverse();
        }
        return bytes;
    }
}
