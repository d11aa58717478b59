using ModelGen.Generator.Common;

namespace ModelGen.Generator.Spec;

/// <summary>What a node of a forward method's expression graph is, as written.</summary>
internal enum ExpressionKind
{
    /// <summary>The model's [Input] property.</summary>
    Input,
    /// <summary>A parameter of a [Loss] method: <see cref="ExpressionNode.Value"/> is its position (0 output, 1 target).</summary>
    Parameter,
    /// <summary>A call of a <c>Layer</c> property: <see cref="ExpressionNode.Name"/> is the property.</summary>
    Layer,
    /// <summary>A call of a <c>ModelGen.Ops</c> function: <see cref="ExpressionNode.Name"/> is the function.</summary>
    Function,
    Add,
    Subtract,
    Multiply,
    Divide,
    Negate,
    /// <summary>A compile-time number: <see cref="ExpressionNode.Value"/>.</summary>
    Constant,
    /// <summary>Anything outside the vocabulary: <see cref="ExpressionNode.Name"/> says what and why.</summary>
    Unsupported,
}

/// <summary>
/// One node of a forward method's expression graph, in evaluation order. <see cref="Arguments"/>
/// index earlier nodes; locals are resolved away by the parser, so a value used twice is one node
/// read twice.
/// </summary>
internal sealed record ExpressionNode(ExpressionKind Kind, string Name, EquatableArray<int> Arguments, double Value, int Location);

/// <summary>
/// A [Forward] or [Loss] method: its nodes and the node it returns (-1 when it returns nothing
/// parsable). <see cref="HasExpectedSignature"/> says whether its signature is the one its role needs.
/// </summary>
internal sealed record ForwardSpec(string MethodName, EquatableArray<ExpressionNode> Nodes, int Result, bool HasExpectedSignature, int Location);
