using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen.Generator.EmitPtx;

/// <summary>
/// Writes the body of one PTX kernel: fresh virtual registers per value (ptxas allocates the real
/// ones), labels, instructions and shared arrays, then the entry with its declarations. Text is
/// deterministic and culture-invariant; float immediates are written bit-exact in hex (0fXXXXXXXX).
/// </summary>
internal sealed class PtxWriter
{
    private readonly StringBuilder _body = new();
    private readonly List<string> _shared = new();
    private int _floats, _words, _doubles, _predicates, _labels;

    /// <summary>A new .f32 register.</summary>
    public string F() => "%f" + Number(_floats++);

    /// <summary>A new 32-bit integer register (.b32, used with .s32/.u32 instructions).</summary>
    public string R() => "%r" + Number(_words++);

    /// <summary>A new 64-bit register, for addresses.</summary>
    public string Rd() => "%rd" + Number(_doubles++);

    /// <summary>A new predicate register.</summary>
    public string P() => "%p" + Number(_predicates++);

    public string NewLabel(string hint) => "$L_" + hint + "_" + Number(_labels++);

    public void Op(string instruction) => _body.Append('\t').Append(instruction).Append(";\n");

    public void Place(string label) => _body.Append(label).Append(":\n");

    public void Comment(string text) => _body.Append("\t// ").Append(Ascii(text)).Append('\n');

    /// <summary>Declares a shared float array and returns its name (a 32-bit shared-window address).</summary>
    public string SharedFloats(string name, int count)
    {
        _shared.Add($"\t.shared .align 16 .b8 {name}[{Number(count * 4)}];");
        return name;
    }

    /// <summary>Comments stay ASCII: PTX is an ASCII language and ptxas need not accept more.</summary>
    public static string Ascii(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\u00B7': result.Append('*'); break;
                case '\u1D40': result.Append("^T"); break;
                case '\u2299': result.Append("(*)"); break;
                case '\u03BC': result.Append("mu"); break;
                case '\u03B2': result.Append("beta"); break;
                case '\u221A': result.Append("sqrt"); break;
                case '\u03B5': result.Append("eps"); break;
                default: result.Append(c < 128 ? c : '?'); break;
            }
        }
        return result.ToString();
    }

    /// <summary>A float immediate, bit-exact.</summary>
    public static string Float(float value)
    {
        int bits = BitConverter.ToInt32(BitConverter.GetBytes(value), 0);
        return "0f" + bits.ToString("X8", CultureInfo.InvariantCulture);
    }

    public static string Float(double value) => Float((float)value);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A register holding a float constant.</summary>
    public string Const(double value)
    {
        string register = F();
        Op($"mov.f32 {register}, {Float(value)}");
        return register;
    }

    /// <summary>A register holding an integer constant.</summary>
    public string ConstInt(int value)
    {
        string register = R();
        Op($"mov.u32 {register}, {Number(value)}");
        return register;
    }

    /// <summary>The finished kernel: entry, parameters, register and shared declarations, body.</summary>
    public string Finish(string name, IReadOnlyList<string> parameters, string summary)
    {
        var text = new StringBuilder();
        text.Append("// ").Append(Ascii(summary)).Append('\n');
        text.Append(".visible .entry ").Append(name).Append("(\n");
        for (int i = 0; i < parameters.Count; i++)
        {
            text.Append('\t').Append(parameters[i]).Append(i + 1 < parameters.Count ? ",\n" : "\n");
        }
        text.Append(")\n{\n");
        foreach (string shared in _shared) text.Append(shared).Append('\n');
        if (_predicates > 0) text.Append("\t.reg .pred %p<").Append(Number(_predicates)).Append(">;\n");
        if (_floats > 0) text.Append("\t.reg .f32 %f<").Append(Number(_floats)).Append(">;\n");
        if (_words > 0) text.Append("\t.reg .b32 %r<").Append(Number(_words)).Append(">;\n");
        if (_doubles > 0) text.Append("\t.reg .b64 %rd<").Append(Number(_doubles)).Append(">;\n");
        text.Append(_body);
        text.Append("}\n");
        return text.ToString();
    }
}
