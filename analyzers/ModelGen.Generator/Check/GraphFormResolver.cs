using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;
using static ModelGen.Generator.Check.ModelValidator;

namespace ModelGen.Generator.Check;

/// <summary>
/// Resolves the graph form: the [Forward] method's expression graph over the model's Layer
/// properties becomes a dataflow graph with static widths. Every expression it cannot compile is
/// reported where it is written (MG0016).
/// </summary>
internal sealed class GraphFormResolver
{
    private readonly ModelSpec _spec;
    private readonly List<ModelIssue> _issues;
    private readonly List<GraphNode> _nodes = new();
    private readonly List<LayerDefinition> _layers = new();
    private readonly Dictionary<string, MemberRole> _layerRoles = new();
    private readonly HashSet<string> _called = new();
    private MemberRole? _input;
    private bool _complete = true;
    // Translating a [Loss] method's expression: its parameters are the model's output and the targets.
    private int _lossOutput = -1, _lossTarget = -1;

    private GraphFormResolver(ModelSpec spec, List<ModelIssue> issues)
    {
        _spec = spec;
        _issues = issues;
    }

    public static ModelDefinition? Build(ModelSpec spec, List<MemberRole> roles, List<ModelIssue> issues, bool lossIsMethod) =>
        new GraphFormResolver(spec, issues).Resolve(roles, lossIsMethod);

    private ModelDefinition? Resolve(List<MemberRole> roles, bool lossIsMethod)
    {
        _input = roles.FirstOrDefault(r => r.Role.Kind == AttributeKind.Input);
        MemberRole? loss = roles.FirstOrDefault(r => IsLoss(r.Role.Kind));
        if (_input is null) { _issues.Add(ModelIssue.Create(DiagnosticIds.MissingInput, _spec.Type.Location, _spec.Type.Name)); _complete = false; }
        if (loss is null && !lossIsMethod) { _issues.Add(ModelIssue.Create(DiagnosticIds.MissingLoss, _spec.Type.Location, _spec.Type.Name)); _complete = false; }
        foreach (MemberRole role in roles.Where(r => r.Role.Kind != AttributeKind.Input && !IsLoss(r.Role.Kind)))
            _layerRoles[role.Member.Name] = role;
        foreach (MemberRole extra in roles.Where(r => r.Role.Kind == AttributeKind.Input || IsLoss(r.Role.Kind)).Where(r => r != _input && r != loss))
            Unsupported(extra.Role.Location, $"'{extra.Member.Name}' is a second [{extra.Role.Kind}]: a model has one input and one loss");

        ForwardSpec forward = _spec.Forwards[0];
        foreach (ForwardSpec other in _spec.Forwards.Skip(1))
            Unsupported(other.Location, $"'{other.MethodName}' is a second [Forward] method: a model has one; remove the attribute from all but one");
        if (!forward.HasExpectedSignature)
            Unsupported(forward.Location, $"'{forward.MethodName}' must be an instance method with no parameters returning Tensor: declare 'Tensor {forward.MethodName}()' and read the input from the [Input] property");

        int output = Translate(forward);
        // Only in an otherwise sound model: after another error a layer may look unused because its call failed.
        bool sound = !_issues.Any(i => !DiagnosticIds.IsWarning(i.Id));
        foreach (var unused in _layerRoles.Keys.Where(k => sound && !_called.Contains(k)).OrderBy(k => k, System.StringComparer.Ordinal))
            Unsupported(_layerRoles[unused].Member.Location, $"'{unused}' is declared but '{forward.MethodName}' never calls it: call it, or remove it (its weights would never train)");
        if (output < 0 || !_complete || _input is null || (loss is null && !lossIsMethod)) return null;
        if (loss?.Role.Kind == AttributeKind.SoftmaxCrossEntropy && _nodes[output].Width == 1)
        {
            _issues.Add(ModelIssue.Create(DiagnosticIds.LossDoesNotFitOutput, loss.Role.Location, loss.Member.Name, forward.MethodName, "1"));
            return null;
        }

        var nodes = Reachable(output);
        if (!_complete) return null;
        return new ModelDefinition(_spec.Type, _input.Member.Name, (int)_input.Role.Arguments[0], _layers.ToEquatableArray(), nodes,
            loss?.Member.Name ?? "", loss is null ? default : ToLoss(loss.Role.Kind))
        {
            LossParameter = loss is null ? 0 : LossParameter(loss.Role),
            IsGraphForm = true,
            InputIsTokens = _layers.Any(l => l.Kind == LayerKind.Embedding),
            LayerLocations = _layers.Select(l => _layerRoles[l.Name].Role.Location).ToEquatableArray(),
        };
    }

    /// <summary>Graph node index of each expression node that is a tensor; constants are folded.</summary>
    private int Translate(ForwardSpec forward)
    {
        var tensorOf = new int[forward.Nodes.Count];
        var constantOf = new double?[forward.Nodes.Count];
        int inputNode = -1;
        for (int i = 0; i < forward.Nodes.Count; i++)
        {
            ExpressionNode node = forward.Nodes[i];
            tensorOf[i] = -1;
            int[] args = node.Arguments.ToArray();
            bool argsOk = args.All(a => tensorOf[a] >= 0 || constantOf[a] is not null);
            if (!argsOk)
            {
                // An argument already failed and was reported; the layer still counts as called.
                if (node.Kind == ExpressionKind.Layer) _called.Add(node.Name);
                continue;
            }
            switch (node.Kind)
            {
                case ExpressionKind.Unsupported:
                    Unsupported(node.Location, node.Name);
                    break;
                case ExpressionKind.Constant:
                    constantOf[i] = node.Value;
                    break;
                case ExpressionKind.Input when _input is not null && node.Name == _input.Member.Name:
                    if (inputNode < 0) inputNode = Add(new GraphNode(NodeOp.Input, EquatableArray<int>.Empty, (int)_input.Role.Arguments[0]) { Location = node.Location });
                    tensorOf[i] = inputNode;
                    break;
                case ExpressionKind.Input:
                    Unsupported(node.Location, _lossOutput >= 0
                        ? $"a [Loss] method reads only its parameters (the output and the target), not '{node.Name}'"
                        : $"'{node.Name}' is not the model's [Input]: a forward method reads the input property and calls Layer properties");
                    break;
                case ExpressionKind.Parameter when _lossOutput >= 0:
                    if (node.Value == 0) tensorOf[i] = _lossOutput;
                    else tensorOf[i] = _lossTarget >= 0 ? _lossTarget : _lossTarget = Add(new GraphNode(NodeOp.Target, EquatableArray<int>.Empty, _nodes[_lossOutput].Width) { Location = node.Location });
                    break;
                case ExpressionKind.Parameter:
                    Unsupported(node.Location, $"'{node.Name}' is a parameter: a forward method takes none and reads the [Input] property");
                    break;
                case ExpressionKind.Layer:
                    tensorOf[i] = CallLayer(node, TensorArgument(node, args, 0, tensorOf, constantOf));
                    break;
                case ExpressionKind.Function:
                    tensorOf[i] = CallFunction(node, args, tensorOf, constantOf);
                    break;
                case ExpressionKind.Negate:
                    if (constantOf[args[0]] is double c) constantOf[i] = -c;
                    else tensorOf[i] = Affine(node, tensorOf[args[0]], -1, 0);
                    break;
                default:
                    Arithmetic(node, i, args, tensorOf, constantOf);
                    break;
            }
        }
        if (forward.Result < 0) return -1;
        if (tensorOf[forward.Result] < 0 && constantOf[forward.Result] is not null)
            Unsupported(forward.Location, $"'{forward.MethodName}' returns a constant: return a tensor computed from the input");
        return tensorOf[forward.Result];
    }

    /// <summary>
    /// Appends a [Loss] method's <c>Mean(...)</c> expression to a resolved model: its nodes follow the
    /// output, the last one is averaged into the loss (negated for <c>-Mean(...)</c>). Null after an MG0016.
    /// </summary>
    public static ModelDefinition? AppendLossExpression(ModelSpec spec, ModelDefinition model, LossMethodDefinition loss, List<ModelIssue> issues)
    {
        ForwardSpec body = loss.Body!;
        var resolver = new GraphFormResolver(spec, issues) { _lossOutput = model.OutputIndex };
        resolver._nodes.AddRange(model.Nodes);
        int start = resolver._nodes.Count;
        int result = resolver.Translate(body with { Nodes = body.Nodes.Take(loss.MeanOf + 1).ToEquatableArray(), Result = loss.MeanOf });
        if (!resolver._complete) return null;
        if (result < 0)
        {
            resolver.Unsupported(body.Location, $"'{body.MethodName}' must average a tensor expression of its parameters: Mean(...) of a constant is no loss");
            return null;
        }
        if (result < start || !resolver.DependsOn(result, model.OutputIndex))
        {
            resolver.Unsupported(body.Location, $"'{body.MethodName}' does not depend on the output (its first parameter), so nothing would train");
            return null;
        }
        if (loss.Negated)
            result = resolver.Add(new GraphNode(NodeOp.Affine, new[] { result }.ToEquatableArray(), resolver._nodes[result].Width) { Scale = -1, Location = body.Location });
        var (nodes, kept) = GraphPruning.Prune(resolver._nodes, result);
        int output = kept.Take(model.OutputIndex).Count(k => k);
        return model with { Nodes = nodes, OutputNode = output };
    }

    private bool DependsOn(int node, int ancestor)
    {
        var pending = new Stack<int>();
        var seen = new HashSet<int>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            int current = pending.Pop();
            if (current == ancestor) return true;
            if (!seen.Add(current)) continue;
            foreach (int input in _nodes[current].Inputs) pending.Push(input);
        }
        return false;
    }

    private int CallLayer(ExpressionNode node, int argument)
    {
        if (argument < 0) return -1;
        if (!_layerRoles.TryGetValue(node.Name, out MemberRole? role))
            return Unsupported(node.Location, $"'{node.Name}' has no layer attribute: add one such as [Dense(n)] to the Layer property");
        if (!_called.Add(node.Name))
            return Unsupported(node.Location, $"'{node.Name}' is called a second time: each Layer property is one set of weights, applied once; declare another layer for the second use");
        GraphNode input = _nodes[argument];
        if (role.Role.Kind == AttributeKind.Embedding && input.Op != NodeOp.Input)
            return Unsupported(node.Location, $"'{node.Name}' is an [Embedding]: it reads token ids, so apply it to the [Input] property directly");
        LayerDefinition? layer = LayerResolver.Resolve(role, input.Width, "its argument", _issues);
        if (layer is null) { _complete = false; return -1; }
        _layers.Add(layer);
        return Add(new GraphNode(NodeOp.Layer, new[] { argument }.ToEquatableArray(), layer.Outputs) { Layer = _layers.Count - 1, Location = node.Location });
    }

    private int CallFunction(ExpressionNode node, int[] args, int[] tensorOf, double?[] constantOf)
    {
        int x = TensorArgument(node, args, 0, tensorOf, constantOf);
        if (x < 0) return -1;
        int width = _nodes[x].Width;
        var inputs = new[] { x }.ToEquatableArray();
        double Constant(int index, double fallback) => index < args.Length && constantOf[args[index]] is double v ? v : fallback;
        switch (node.Name)
        {
            case "Relu": case "Sigmoid": case "Tanh": case "Gelu": case "Silu": case "Softplus": case "LeakyRelu":
                var activation = (Activation)System.Enum.Parse(typeof(Activation), node.Name);
                double alpha = node.Name == "LeakyRelu" ? Constant(1, 0.01) : 0;
                if (node.Name == "LeakyRelu" && !(alpha >= 0 && alpha < 1))
                    return Unsupported(node.Location, $"LeakyRelu needs a slope in [0, 1), not {Format(alpha)}");
                return Add(new GraphNode(NodeOp.Activate, inputs, width) { Activation = activation, Alpha = alpha, Location = node.Location });
            case "Softmax": case "LogSoftmax":
                double temperature = Constant(1, 1);
                if (!(temperature > 0 && temperature <= 1e6))
                    return Unsupported(node.Location, $"{node.Name} needs a positive, finite temperature, not {Format(temperature)}");
                return Add(new GraphNode(node.Name == "Softmax" ? NodeOp.Softmax : NodeOp.LogSoftmax, inputs, width) { Temperature = temperature, Location = node.Location });
            case "LogSumExp": return Add(new GraphNode(NodeOp.LogSumExp, inputs, 1) { Location = node.Location });
            case "Sum": return Add(new GraphNode(NodeOp.Sum, inputs, 1) { Location = node.Location });
            case "Log": return Add(new GraphNode(NodeOp.Log, inputs, width) { Location = node.Location });
            case "Exp": return Add(new GraphNode(NodeOp.Exp, inputs, width) { Location = node.Location });
            case "Concat":
                var parts = Enumerable.Range(0, args.Length).Select(a => TensorArgument(node, args, a, tensorOf, constantOf)).ToArray();
                if (parts.Any(p => p < 0)) return -1;
                return Add(new GraphNode(NodeOp.Concat, parts.ToEquatableArray(), parts.Sum(p => _nodes[p].Width)) { Location = node.Location });
            default:
                return Unsupported(node.Location, $"Ops.{node.Name} is not supported in a forward method");
        }
    }

    private void Arithmetic(ExpressionNode node, int index, int[] args, int[] tensorOf, double?[] constantOf)
    {
        int a = tensorOf[args[0]], b = tensorOf[args[1]];
        double? ca = constantOf[args[0]], cb = constantOf[args[1]];
        if (ca is double x && cb is double y)
        {
            constantOf[index] = node.Kind switch { ExpressionKind.Add => x + y, ExpressionKind.Subtract => x - y, ExpressionKind.Multiply => x * y, _ => x / y };
            return;
        }
        if (a >= 0 && b >= 0)
        {
            if (node.Kind == ExpressionKind.Divide)
            {
                Unsupported(node.Location, "dividing by a tensor is not supported: its gradient explodes near zero; multiply by a constant, or use LogSoftmax/Softmax for normalization");
                return;
            }
            if (_nodes[a].Width != _nodes[b].Width)
            {
                Unsupported(node.Location, $"the operands have {_nodes[a].Width.ToString(CultureInfo.InvariantCulture)} and {_nodes[b].Width.ToString(CultureInfo.InvariantCulture)} values per sample: elementwise arithmetic needs equal widths (a residual connection needs the block to keep the width)");
                return;
            }
            NodeOp op = node.Kind switch { ExpressionKind.Add => NodeOp.Add, ExpressionKind.Subtract => NodeOp.Subtract, _ => NodeOp.Multiply };
            tensorOf[index] = Add(new GraphNode(op, new[] { a, b }.ToEquatableArray(), _nodes[a].Width) { Location = node.Location });
            return;
        }
        // One tensor and one constant: an affine map of the tensor.
        int tensor = a >= 0 ? a : b;
        double constant = (a >= 0 ? cb : ca)!.Value;
        bool tensorFirst = a >= 0;
        switch (node.Kind)
        {
            case ExpressionKind.Add: tensorOf[index] = Affine(node, tensor, 1, constant); break;
            case ExpressionKind.Subtract: tensorOf[index] = tensorFirst ? Affine(node, tensor, 1, -constant) : Affine(node, tensor, -1, constant); break;
            case ExpressionKind.Multiply: tensorOf[index] = Affine(node, tensor, constant, 0); break;
            default:
                if (!tensorFirst) Unsupported(node.Location, "dividing a constant by a tensor is not supported: its gradient explodes near zero");
                else if (constant == 0 || double.IsNaN(constant) || double.IsInfinity(constant)) Unsupported(node.Location, $"dividing by {Format(constant)} makes every value non-finite");
                else tensorOf[index] = Affine(node, tensor, 1 / constant, 0);
                break;
        }
    }

    private int Affine(ExpressionNode node, int tensor, double scale, double shift)
    {
        if (tensor < 0) return -1;
        if (double.IsNaN(scale) || double.IsInfinity(scale) || double.IsNaN(shift) || double.IsInfinity(shift))
            return Unsupported(node.Location, "the constant is not finite");
        return Add(new GraphNode(NodeOp.Affine, new[] { tensor }.ToEquatableArray(), _nodes[tensor].Width) { Scale = scale, Shift = shift, Location = node.Location });
    }

    private int TensorArgument(ExpressionNode node, int[] args, int index, int[] tensorOf, double?[] constantOf)
    {
        if (index >= args.Length) return Unsupported(node.Location, $"'{node.Name}' needs a tensor argument");
        if (tensorOf[args[index]] >= 0) return tensorOf[args[index]];
        return Unsupported(node.Location, $"'{node.Name}' needs a tensor here, not a constant");
    }

    private int Add(GraphNode node)
    {
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    private int Unsupported(int location, string reason)
    {
        _issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedForwardExpression, location, reason));
        _complete = false;
        return -1;
    }

    /// <summary>The nodes the output depends on; a layer whose result is dropped is reported (its weights would never train).</summary>
    private EquatableArray<GraphNode> Reachable(int output)
    {
        var (nodes, kept) = GraphPruning.Prune(_nodes, output);
        for (int i = 0; i < _nodes.Count; i++)
        {
            if (!kept[i] && _nodes[i].Op == NodeOp.Layer)
                Unsupported(_nodes[i].Location, $"the result of '{_layers[_nodes[i].Layer].Name}' never reaches the returned value: use it or remove the call (its weights would never train)");
        }
        return nodes;
    }
}
