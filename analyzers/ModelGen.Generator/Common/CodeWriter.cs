using System;
using System.Globalization;
using System.Text;

namespace ModelGen.Generator.Common;

/// <summary>Builds generated source text with consistent indentation and LF line endings.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    public CodeWriter Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _depth--;
        return Line("}" + suffix);
    }

    public IDisposable Block(string header)
    {
        Open(header);
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    /// <summary>A double as a C# literal that round-trips, independent of the machine's culture.</summary>
    public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture) switch
    {
        var s when s.Contains(".") || s.Contains("E") => s,
        var s => s + ".0",
    };

    public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Closer : IDisposable
    {
        private readonly CodeWriter _writer;
        public Closer(CodeWriter writer) => _writer = writer;
        public void Dispose() => _writer.Close();
    }
}
