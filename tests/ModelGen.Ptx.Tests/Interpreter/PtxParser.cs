using System.Globalization;

namespace ModelGen.Ptx.Tests.Interpreter;

internal enum OperandKind { Register, Immediate, Special, Address, Label }

/// <summary>A decoded operand. Addresses are [register + offset] or [symbol + offset] (symbol resolved to Value).</summary>
internal sealed class Operand
{
    public OperandKind Kind;
    public int Register = -1;
    public ulong Value;
    public string Text = "";
}

internal sealed class Instruction
{
    public required PtxOp Op;
    public required string Opcode;
    public required Operand[] Operands;
    public int Guard = -1;
    public bool GuardNegated;
    public int Target = -1;
    public int Line;
    /// <summary>The comparison of a setp, or the width in bytes of a load or store.</summary>
    public string Comparison = "";
    public int Width = 4;
    public bool Signed;
}

internal sealed record PtxParameter(string Name, string Type, int Offset, int Size);

internal sealed class PtxFunction
{
    public required string Name;
    public List<PtxParameter> Parameters = new();
    public Dictionary<string, int> SharedOffsets = new();
    public int SharedBytes;
    public Dictionary<string, int> Registers = new();
    public List<Instruction> Code = new();
    public int ParameterBytes;
}

/// <summary>
/// Parses the PTX the emitter writes: directives, entries with parameters, .reg and .shared
/// declarations, labels and instructions. Every instruction is decoded against
/// <see cref="PtxOpcodes"/>; every directive or operand form it does not know is an error.
/// </summary>
internal static class PtxParser
{
    private static readonly HashSet<string> SpecialRegisters = new(StringComparer.Ordinal)
    {
        "%tid.x", "%tid.y", "%tid.z", "%ntid.x", "%ntid.y", "%ntid.z", "%ctaid.x", "%ctaid.y", "%ctaid.z",
        "%nctaid.x", "%nctaid.y", "%nctaid.z", "%laneid",
    };

    public static Dictionary<string, PtxFunction> Parse(string module)
    {
        var functions = new Dictionary<string, PtxFunction>(StringComparer.Ordinal);
        string[] lines = module.Replace("\r\n", "\n").Split('\n');
        PtxFunction? current = null;
        bool inParameters = false, inBody = false;
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(Instruction Instruction, string Label)>();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = StripComment(lines[n]).Trim();
            if (line.Length == 0) continue;
            int number = n + 1;
            if (current is null)
            {
                if (line.StartsWith(".version ") || line.StartsWith(".target ") || line.StartsWith(".address_size ")) continue;
                if (line.StartsWith(".visible .entry ") && line.EndsWith("("))
                {
                    current = new PtxFunction { Name = line[".visible .entry ".Length..^1].Trim() };
                    inParameters = true;
                    continue;
                }
                throw new NotSupportedException($"PTX interpreter: unsupported directive '{line}' at line {number}.");
            }
            if (inParameters)
            {
                if (line == ")") { inParameters = false; continue; }
                AddParameter(current, line.TrimEnd(','), number);
                continue;
            }
            if (!inBody)
            {
                if (line != "{") throw new FormatException($"Expected '{{' at line {number}, found '{line}'.");
                inBody = true;
                continue;
            }
            if (line == "}")
            {
                foreach (var (instruction, label) in pending)
                {
                    instruction.Target = labels.TryGetValue(label, out int target)
                        ? target
                        : throw new FormatException($"Unknown label {label} in {current.Name}.");
                }
                functions.Add(current.Name, current);
                current = null; inBody = false; labels.Clear(); pending.Clear();
                continue;
            }
            if (line.EndsWith(':')) { labels[line[..^1]] = current.Code.Count; continue; }
            if (line.StartsWith(".reg ")) { DeclareRegisters(current, line, number); continue; }
            if (line.StartsWith(".shared ")) { DeclareShared(current, line, number); continue; }
            if (line.StartsWith('.')) throw new NotSupportedException($"PTX interpreter: unsupported directive '{line}' at line {number}.");
            Instruction decoded = DecodeInstruction(current, line.TrimEnd(';'), number, out string? branchLabel);
            if (branchLabel is not null) pending.Add((decoded, branchLabel));
            current.Code.Add(decoded);
        }
        if (current is not null) throw new FormatException($"Function {current.Name} is not closed.");
        return functions;
    }

    private static string StripComment(string line)
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    private static void AddParameter(PtxFunction function, string line, int number)
    {
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != ".param")
            throw new NotSupportedException($"PTX interpreter: unsupported parameter '{line}' at line {number}.");
        int size = parts[1] switch
        {
            ".u64" => 8, ".u32" => 4, ".f32" => 4,
            _ => throw new NotSupportedException($"PTX interpreter: parameter type '{parts[1]}' at line {number} is not implemented."),
        };
        function.ParameterBytes = (function.ParameterBytes + size - 1) / size * size;
        function.Parameters.Add(new PtxParameter(parts[2], parts[1], function.ParameterBytes, size));
        function.ParameterBytes += size;
    }

    private static void DeclareRegisters(PtxFunction function, string line, int number)
    {
        // .reg .TYPE %name<N>;
        string[] parts = line.TrimEnd(';').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[1] is not (".pred" or ".f32" or ".b32" or ".b64"))
            throw new NotSupportedException($"PTX interpreter: register declaration '{line}' at line {number} is not implemented.");
        int open = parts[2].IndexOf('<');
        string prefix = parts[2][..open];
        int count = int.Parse(parts[2][(open + 1)..^1], CultureInfo.InvariantCulture);
        for (int i = 0; i < count; i++) function.Registers[prefix + i.ToString(CultureInfo.InvariantCulture)] = function.Registers.Count;
    }

    private static void DeclareShared(PtxFunction function, string line, int number)
    {
        // .shared .align A .b8 name[BYTES];
        string[] parts = line.TrimEnd(';').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5 || parts[1] != ".align" || parts[3] != ".b8")
            throw new NotSupportedException($"PTX interpreter: shared declaration '{line}' at line {number} is not implemented.");
        int align = int.Parse(parts[2], CultureInfo.InvariantCulture);
        int open = parts[4].IndexOf('[');
        string name = parts[4][..open];
        int bytes = int.Parse(parts[4][(open + 1)..^1], CultureInfo.InvariantCulture);
        function.SharedBytes = (function.SharedBytes + align - 1) / align * align;
        function.SharedOffsets[name] = function.SharedBytes;
        function.SharedBytes += bytes;
    }

    private static Instruction DecodeInstruction(PtxFunction function, string text, int number, out string? branchLabel)
    {
        branchLabel = null;
        int guard = -1;
        bool guardNegated = false;
        if (text.StartsWith('@'))
        {
            int space = text.IndexOf(' ');
            string predicate = text[1..space];
            guardNegated = predicate.StartsWith('!');
            guard = RegisterIndex(function, guardNegated ? predicate[1..] : predicate, number);
            text = text[(space + 1)..].Trim();
        }
        int split = text.IndexOfAny(new[] { ' ', '\t' });
        string opcode = split < 0 ? text : text[..split];
        string rest = split < 0 ? "" : text[(split + 1)..].Trim();
        PtxOp op = PtxOpcodes.Decode(opcode, function.Name, number);
        string[] operandTexts = rest.Length == 0 ? Array.Empty<string>() : rest.Split(',', StringSplitOptions.TrimEntries);
        var instruction = new Instruction
        {
            Op = op, Opcode = opcode, Guard = guard, GuardNegated = guardNegated, Line = number,
            Operands = new Operand[operandTexts.Length],
        };
        string[] modifiers = opcode.Split('.');
        if (op is PtxOp.SetpF or PtxOp.SetpS or PtxOp.SetpU64) instruction.Comparison = modifiers[1];
        if (op is PtxOp.LoadParam) instruction.Width = modifiers[^1] == "u64" ? 8 : 4;
        if (op is PtxOp.LoadGlobal or PtxOp.LoadShared) instruction.Signed = modifiers[^1] == "s32";
        if (op == PtxOp.Barrier && (operandTexts.Length != 1 || operandTexts[0] != "0"))
            throw new NotSupportedException($"PTX interpreter: only 'bar.sync 0' is implemented (line {number}).");
        for (int i = 0; i < operandTexts.Length; i++)
        {
            if (op == PtxOp.Branch) { branchLabel = operandTexts[i]; instruction.Operands[i] = new Operand { Kind = OperandKind.Label, Text = operandTexts[i] }; continue; }
            instruction.Operands[i] = DecodeOperand(function, operandTexts[i], op, number);
        }
        return instruction;
    }

    private static Operand DecodeOperand(PtxFunction function, string text, PtxOp op, int number)
    {
        if (text.StartsWith('['))
        {
            string inner = text[1..^1];
            int plus = inner.IndexOf('+');
            string baseText = plus < 0 ? inner : inner[..plus];
            long offset = plus < 0 ? 0 : long.Parse(inner[(plus + 1)..], CultureInfo.InvariantCulture);
            if (baseText.StartsWith('%'))
                return new Operand { Kind = OperandKind.Address, Register = RegisterIndex(function, baseText, number), Value = (ulong)offset, Text = text };
            PtxParameter? parameter = function.Parameters.Find(p => p.Name == baseText);
            if (op == PtxOp.LoadParam && parameter is not null)
                return new Operand { Kind = OperandKind.Address, Value = (ulong)(parameter.Offset + offset), Text = text };
            if (op is PtxOp.LoadShared or PtxOp.StoreShared && function.SharedOffsets.TryGetValue(baseText, out int shared))
                return new Operand { Kind = OperandKind.Address, Value = (ulong)(shared + offset), Text = text };
            throw new NotSupportedException($"PTX interpreter: address '{text}' at line {number} is not implemented.");
        }
        if (text.StartsWith('%'))
        {
            if (SpecialRegisters.Contains(text)) return new Operand { Kind = OperandKind.Special, Text = text };
            return new Operand { Kind = OperandKind.Register, Register = RegisterIndex(function, text, number), Text = text };
        }
        if (text.StartsWith("0f", StringComparison.Ordinal) && text.Length == 10)
            return new Operand { Kind = OperandKind.Immediate, Value = uint.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Text = text };
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
            return new Operand { Kind = OperandKind.Immediate, Value = (ulong)integer, Text = text };
        if (op == PtxOp.Move && function.SharedOffsets.TryGetValue(text, out int symbol))
            return new Operand { Kind = OperandKind.Immediate, Value = (ulong)symbol, Text = text };
        throw new NotSupportedException($"PTX interpreter: operand '{text}' at line {number} is not implemented.");
    }

    private static int RegisterIndex(PtxFunction function, string name, int number) =>
        function.Registers.TryGetValue(name, out int index)
            ? index
            : throw new NotSupportedException($"PTX interpreter: '{name}' at line {number} of {function.Name} is neither a declared register nor an implemented special register.");
}
