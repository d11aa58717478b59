using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Parse;

/// <summary>
/// Reads a [Forward] method's body into an expression graph: layer calls, the input property,
/// <c>ModelGen.Ops</c> functions, tensor arithmetic and numeric constants, with locals resolved to
/// the node they hold. The body is never executed; anything else becomes an
/// <see cref="ExpressionKind.Unsupported"/> node at its location, which the validator reports.
/// </summary>
internal sealed class ForwardParser
{
    private readonly INamedTypeSymbol _model;
    private readonly List<Location>? _locations;
    private readonly List<ExpressionNode> _nodes = new();
    private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);
    private int _result = -1;

    private ForwardParser(INamedTypeSymbol model, List<Location>? locations)
    {
        _model = model;
        _locations = locations;
    }

    /// <summary>The methods of <paramref name="type"/> marked with <paramref name="attribute"/> ([Forward] or [Loss]).</summary>
    public static EquatableArray<ForwardSpec> ParseAll(INamedTypeSymbol type, string attribute, Compilation compilation, List<Location>? locations, CancellationToken token)
    {
        var result = new List<ForwardSpec>();
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (!method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute)) continue;
            token.ThrowIfCancellationRequested();
            result.Add(new ForwardParser(type, locations).ParseMethod(method, compilation, token));
        }
        return result.ToEquatableArray();
    }

    private ForwardSpec ParseMethod(IMethodSymbol method, Compilation compilation, CancellationToken token)
    {
        Location? where = method.Locations.FirstOrDefault(l => l.IsInSource);
        // A forward method takes nothing (it reads the [Input] property); a loss method takes the output and the target.
        bool isLoss = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.LossAttribute);
        bool returnsTensor = method.ReturnType.ToDisplayString() == KnownNames.Tensor && !method.IsStatic
            && method.Parameters.Length == (isLoss ? 2 : 0) && method.Parameters.All(p => p.Type.ToDisplayString() == KnownNames.Tensor);
        var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(token)).OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Body is not null || m.ExpressionBody is not null);
        if (syntax is null)
        {
            Unsupported(where, "the [Forward] method has no body: write it as a block or an expression body");
        }
        else
        {
#pragma warning disable RS1030 // The forward body may sit in another partial file than the attribute; its own tree's model is needed.
            SemanticModel model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!.Expression;
            switch (model.GetOperation(body, token))
            {
                case IBlockOperation block: Block(block); break;
                case IOperation expression: _result = Expression(expression); break;
                default: Unsupported(body.GetLocation(), "the body could not be read"); break;
            }
        }
        return new ForwardSpec(method.Name, _nodes.ToEquatableArray(), _result, returnsTensor, ModelParser.Track(_locations, where));
    }

    private void Block(IBlockOperation block)
    {
        foreach (IOperation statement in block.Operations)
        {
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                    {
                        IOperation? initializer = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
                        if (initializer is null) { Unsupported(declarator.Syntax.GetLocation(), $"'{declarator.Symbol.Name}' has no value: initialize it where it is declared"); continue; }
                        _locals[declarator.Symbol] = Expression(initializer);
                    }
                    break;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment }:
                    _locals[local.Local] = Expression(assignment.Value);
                    break;
                case IReturnOperation { ReturnedValue: { } value }:
                    _result = Expression(value);
                    return;
                default:
                    Unsupported(statement.Syntax.GetLocation(), $"the statement '{Shorten(statement.Syntax)}' is not supported: a forward method is a sequence of 'var x = ...;' assignments and a 'return'");
                    break;
            }
        }
    }

    private int Expression(IOperation operation)
    {
        switch (operation)
        {
            case IConversionOperation { IsImplicit: true } conversion:
                return Expression(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Expression(parenthesized.Operand);
            case { ConstantValue: { HasValue: true, Value: var constant } } when ToDouble(constant) is double number:
                return Add(ExpressionKind.Constant, "", new int[0], number, operation.Syntax);
            case ILocalReferenceOperation local when _locals.TryGetValue(local.Local, out int node):
                return node;
            case IParameterReferenceOperation parameter:
                return Add(ExpressionKind.Parameter, parameter.Parameter.Name, new int[0], parameter.Parameter.Ordinal, operation.Syntax);
            case IPropertyReferenceOperation property when IsModelTensor(property):
                return Add(ExpressionKind.Input, property.Property.Name, new int[0], 0, operation.Syntax);
            case IInvocationOperation { TargetMethod.Name: "Invoke", Instance: IPropertyReferenceOperation layer } call when IsModelLayer(layer):
                return Add(ExpressionKind.Layer, layer.Property.Name, Arguments(call.Arguments), 0, operation.Syntax);
            case IInvocationOperation call when call.TargetMethod.ContainingType?.ToDisplayString() == KnownNames.Ops:
                return Add(ExpressionKind.Function, call.TargetMethod.Name, Arguments(call.Arguments), 0, operation.Syntax);
            case IBinaryOperation binary when IsTensorOperator(binary.OperatorMethod) && BinaryKind(binary.OperatorKind) is { } kind:
                return Add(kind, "", new[] { Expression(binary.LeftOperand), Expression(binary.RightOperand) }, 0, operation.Syntax);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary when IsTensorOperator(unary.OperatorMethod):
                return Add(ExpressionKind.Negate, "", new[] { Expression(unary.Operand) }, 0, operation.Syntax);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, ConstantValue.HasValue: false } unary:
                return Add(ExpressionKind.Negate, "", new[] { Expression(unary.Operand) }, 0, operation.Syntax);
            default:
                return Unsupported(operation.Syntax.GetLocation(),
                    $"'{Shorten(operation.Syntax)}' is not part of the forward vocabulary: use the model's Layer properties, its [Input] property, + - * / and the functions of ModelGen.Ops");
        }
    }

    private int[] Arguments(IEnumerable<IArgumentOperation> arguments) =>
        arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => Expression(a.Value)).ToArray();

    private int Add(ExpressionKind kind, string name, int[] arguments, double value, SyntaxNode syntax)
    {
        _nodes.Add(new ExpressionNode(kind, name, arguments.ToEquatableArray(), value, ModelParser.Track(_locations, syntax.GetLocation())));
        return _nodes.Count - 1;
    }

    private int Unsupported(Location? where, string reason)
    {
        _nodes.Add(new ExpressionNode(ExpressionKind.Unsupported, reason, EquatableArray<int>.Empty, 0, ModelParser.Track(_locations, where)));
        return _nodes.Count - 1;
    }

    private bool IsModelTensor(IPropertyReferenceOperation property) =>
        SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model) && property.Property.Type.ToDisplayString() == KnownNames.Tensor;

    private bool IsModelLayer(IPropertyReferenceOperation property) =>
        SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _model) && property.Property.Type.ToDisplayString() == KnownNames.Layer;

    private static bool IsTensorOperator(IMethodSymbol? method) => method?.ContainingType?.ToDisplayString() == KnownNames.Tensor;

    private static ExpressionKind? BinaryKind(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => ExpressionKind.Add,
        BinaryOperatorKind.Subtract => ExpressionKind.Subtract,
        BinaryOperatorKind.Multiply => ExpressionKind.Multiply,
        BinaryOperatorKind.Divide => ExpressionKind.Divide,
        _ => null,
    };

    private static double? ToDouble(object? value) => value switch
    {
        int i => i,
        double d => d,
        float f => f,
        long l => l,
        bool b => b ? 1 : 0,
        _ => null,
    };

    private static string Shorten(SyntaxNode syntax)
    {
        string text = string.Join(" ", syntax.ToString().Split(new[] { '\r', '\n', ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
