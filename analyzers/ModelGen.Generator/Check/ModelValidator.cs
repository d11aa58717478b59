using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Check;

/// <summary>
/// Checks a parsed model and, when it is valid, resolves it into a <see cref="ModelDefinition"/>
/// (inferred sizes, chosen activations). The analyzer reports the issues; the generator only uses
/// the verdict, so both always agree on what is valid.
/// </summary>
internal static class ModelValidator
{
    private const int MaxInitializer = 6;
    private const int ZerosInitializer = 6;

    /// <summary>
    /// Below this a normalization epsilon adds nothing to any variance float32 can tell from zero's
    /// neighbours (var ≥ ε·2^24 absorbs it) and, on a constant feature, scales rounding noise by 1/√ε ≥ 1e5.
    /// </summary>
    private const double SmallestUsefulEpsilon = 1e-10;

    public static ValidationResult Validate(ModelSpec spec)
    {
        var issues = new List<ModelIssue>();
        CheckType(spec.Type, issues);
        bool graphForm = spec.Forwards.Count > 0;

        var roles = new List<MemberRole>();
        foreach (MemberSpec member in spec.Members)
        {
            if (ClassifyMember(member, graphForm, issues) is { } role) roles.Add(role);
        }

        bool lossIsMethod = spec.LossMethods.Count > 0;
        if (lossIsMethod)
        {
            foreach (MemberRole loss in roles.Where(r => IsLoss(r.Role.Kind)))
                issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedForwardExpression, loss.Role.Location,
                    $"'{loss.Member.Name}' is a loss property, but the model has a [Loss] method: a model has one loss; remove one of them"));
            roles.RemoveAll(r => IsLoss(r.Role.Kind));
        }
        LossMethodDefinition? lossMethod = lossIsMethod ? LossMethodResolver.Resolve(spec, issues) : null;
        ModelDefinition? definition = graphForm
            ? GraphFormResolver.Build(spec, roles, issues, lossIsMethod)
            : SequentialResolver.Build(spec, roles, issues, lossIsMethod);
        if (definition is not null && lossIsMethod)
            definition = lossMethod is null ? null : WithLossMethod(definition, lossMethod, issues);
        if (definition is not null && lossMethod is { Loss: LossKind.Expression })
            definition = GraphFormResolver.AppendLossExpression(spec, definition, lossMethod, issues);
        if (definition is not null) StableCompositions.Report(definition, issues);
        bool hasErrors = issues.Any(i => !DiagnosticIds.IsWarning(i.Id));
        return new ValidationResult(hasErrors ? null : definition, issues.ToEquatableArray());
    }

    /// <summary>The loss of a [Loss] method; a softmax temperature scales the output into the logits the loss takes.</summary>
    private static ModelDefinition? WithLossMethod(ModelDefinition model, LossMethodDefinition loss, List<ModelIssue> issues)
    {
        if (loss.Loss == LossKind.SoftmaxCrossEntropy && model.OutputWidth == 1)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.LossDoesNotFitOutput, loss.Location, loss.Name, "the forward pass", "1"));
            return null;
        }
        var nodes = model.Nodes;
        if (loss.OutputScale != 1)
        {
            var scaled = new GraphNode(NodeOp.Affine, new[] { nodes.Count - 1 }.ToEquatableArray(), model.OutputWidth) { Scale = loss.OutputScale };
            nodes = nodes.Append(scaled).ToEquatableArray();
        }
        return model with { Nodes = nodes, LossName = loss.Name, Loss = loss.Loss, LossParameter = loss.Parameter, LossIsMethod = true };
    }

    private static void CheckType(TypeSpec type, List<ModelIssue> issues)
    {
        if (!type.IsPartial)
            issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedModelType, type.Location, type.Name, "must be declared 'partial' so ModelGen can add the generated members"));
        if (type.IsGeneric)
            issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedModelType, type.Location, type.Name, "cannot be generic: declare a non-generic class"));
        if (type.IsRecord)
            issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedModelType, type.Location, type.Name, "cannot be a record: declare it as a 'partial class'"));
        if (type.IsStatic)
            issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedModelType, type.Location, type.Name, "cannot be static: remove 'static'"));
        if (!type.ContainingTypesArePartial)
            issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedModelType, type.Location, type.Name, "is nested in a type that is not 'partial': mark every containing type 'partial'"));
    }

    /// <summary>Finds the member's role (input, layer or loss) and its modifiers; reports what is wrong with it.</summary>
    private static MemberRole? ClassifyMember(MemberSpec member, bool graphForm, List<ModelIssue> issues)
    {
        AttributeSpec? role = null;
        AttributeSpec? activation = null;
        bool checkpoint = false;
        foreach (AttributeSpec attribute in member.Attributes)
        {
            if (attribute.Kind == AttributeKind.Checkpoint)
            {
                checkpoint = true;
            }
            else if (IsActivation(attribute.Kind))
            {
                if (activation is not null)
                {
                    issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, attribute.Location, member.Name,
                        $"has both [{activation.Kind}] and [{attribute.Kind}]: a layer takes one activation; keep one and add another layer for the other"));
                }
                activation ??= attribute;
            }
            else
            {
                if (role is not null)
                {
                    issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, attribute.Location, member.Name,
                        $"has both [{role.Kind}] and [{attribute.Kind}]: each member is one input, layer or loss; split them into separate properties"));
                }
                role ??= attribute;
            }
            CheckArguments(member, attribute, issues);
        }

        if (activation is not null && role is not null && !TakesActivation(role.Kind))
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, activation.Location, member.Name,
                $"applies [{activation.Kind}] to [{role.Kind}]: activations follow a [Dense] or normalization layer; move it to such a property"));
        }
        if (activation is not null && role is null)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, activation.Location, member.Name,
                $"has [{activation.Kind}] but no layer: add [Dense(n)] to this property"));
        }

        if (checkpoint && role?.Kind == AttributeKind.BatchNorm)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, role.Location, member.Name,
                "has [BatchNorm] and [Checkpoint]: batch normalization updates its running statistics in the forward pass, so recomputing it would update them twice; remove [Checkpoint] or use LayerNorm"));
        }
        CheckShape(member, role, graphForm, issues);
        // An invalid member keeps its role so the order and size checks that follow do not cascade;
        // the issues already recorded keep the model from being generated.
        return role is not null ? new MemberRole(member, role, activation, checkpoint) : null;
    }

    private static bool TakesActivation(AttributeKind kind) => kind is AttributeKind.Dense or AttributeKind.LayerNorm
        or AttributeKind.RmsNorm or AttributeKind.BatchNorm or AttributeKind.GroupNorm;

    private static bool CheckShape(MemberSpec member, AttributeSpec? role, bool graphForm, List<ModelIssue> issues)
    {
        bool isLoss = role is not null && IsLoss(role.Kind);
        bool isLayer = graphForm && role is not null && !isLoss && role.Kind != AttributeKind.Input;
        string type = isLoss ? "Loss" : isLayer ? "Layer" : "Tensor";
        string expected = $"'public partial {type} {member.Name} {{ get; }}'";
        string? problem = member.Shape switch
        {
            MemberShape.NotAProperty => $"only properties can be model members: declare {expected}",
            MemberShape.NotPartial => $"the property must be partial so ModelGen can implement it: declare {expected}",
            MemberShape.HasSetter => $"the property must be get-only: declare {expected}",
            MemberShape.Static => $"the property must not be static: declare {expected}",
            MemberShape.WrongType => $"the type '{member.TypeName.Replace("global::", "")}' is not supported: declare {expected}",
            MemberShape.PartialLossProperty when !isLoss => $"a layer or input has type {type}, not Loss: declare {expected}",
            MemberShape.PartialTensorProperty when isLoss => $"a loss has type Loss, not Tensor: declare {expected}",
            MemberShape.PartialTensorProperty when isLayer => $"in a model with a [Forward] method, layers are called as functions: declare {expected}",
            MemberShape.PartialLayerProperty when isLoss => $"a loss has type Loss, not Layer: declare {expected}",
            MemberShape.PartialLayerProperty when !graphForm => $"a Layer property is called from a [Forward] method: add one, or declare {expected} for a sequential model",
            MemberShape.PartialLayerProperty when !isLayer => $"the [Input] has type Tensor: declare {expected}",
            _ => null,
        };
        if (problem is null) return true;
        issues.Add(ModelIssue.Create(DiagnosticIds.UnsupportedMember, member.Location, member.Name, problem));
        return false;
    }

    private static bool CheckArguments(MemberSpec member, AttributeSpec attribute, List<ModelIssue> issues)
    {
        bool ok = true;
        void Fail(string what) { issues.Add(ModelIssue.Create(DiagnosticIds.InvalidArgument, attribute.Location, member.Name, what)); ok = false; }

        var args = attribute.Arguments;
        double Arg(int index) => index < args.Count ? args[index] : double.NaN;
        switch (attribute.Kind)
        {
            case AttributeKind.Input when args.Count == 1 && !IsPositiveSize(args[0]):
                Fail($"[Input] needs a positive number of features, not {Format(args[0])}");
                break;
            case AttributeKind.Dense:
                for (int i = 0; i < args.Count; i++)
                {
                    string which = args.Count == 2 && i == 0 ? "input size" : "output size";
                    if (!IsPositiveSize(args[i])) Fail($"[Dense] needs a positive {which}, not {Format(args[i])}");
                }
                if (attribute.Initializer < 0 || attribute.Initializer > MaxInitializer)
                    Fail($"[Dense] Init = {attribute.Initializer} is not an Initializer value: use one of the named Initializer members");
                else if (attribute.Initializer == ZerosInitializer)
                    issues.Add(ModelIssue.Create(DiagnosticIds.ZeroInitialization, attribute.Location, member.Name));
                break;
            case AttributeKind.LayerNorm or AttributeKind.RmsNorm or AttributeKind.BatchNorm or AttributeKind.GroupNorm:
                CheckNormalization(member, attribute, issues, Fail);
                break;
            case AttributeKind.Dropout when !(Arg(0) >= 0 && Arg(0) < 1):
                Fail($"[Dropout] needs a probability in [0, 1), not {Format(Arg(0))}; typical values are 0.1 to 0.5");
                break;
            case AttributeKind.Softmax when !(Arg(0) > 0 && Arg(0) <= 1e6):
                Fail($"[Softmax] needs a positive, finite temperature, not {Format(Arg(0))}; 1 is plain softmax");
                break;
            case AttributeKind.Embedding:
                if (!IsPositiveSize(Arg(0))) Fail($"[Embedding] needs a positive vocabulary size, not {Format(Arg(0))}");
                if (!IsPositiveSize(Arg(1))) Fail($"[Embedding] needs a positive dimension, not {Format(Arg(1))}");
                break;
            case AttributeKind.SelfAttention:
                if (!IsPositiveSize(Arg(0))) Fail($"[SelfAttention] needs a positive sequence length, not {Format(Arg(0))}");
                if (!IsPositiveSize(Arg(1))) Fail($"[SelfAttention] needs a positive number of heads, not {Format(Arg(1))}");
                break;
            case AttributeKind.Huber when !(Arg(0) > 0 && Arg(0) <= double.MaxValue):
                Fail($"[Huber] needs a positive, finite delta, not {Format(Arg(0))}; 1 is PyTorch's default");
                break;
            case AttributeKind.SoftmaxCrossEntropy when attribute.NamedOr("LabelSmoothing", 0) is var smoothing && !(smoothing >= 0 && smoothing < 1):
                Fail($"[SoftmaxCrossEntropy] LabelSmoothing needs a value in [0, 1), not {Format(smoothing)}; typical values are 0.05 to 0.2");
                break;
            case AttributeKind.LeakyRelu when args.Count == 1 && !(Arg(0) >= 0 && Arg(0) < 1):
                Fail($"[LeakyRelu] needs a slope alpha in [0, 1), not {Format(Arg(0))}; typical values are 0.01 to 0.3");
                break;
            case AttributeKind.Gelu when args.Count == 1 && Arg(0) != 0 && Arg(0) != 1:
                Fail($"[Gelu] approximation {Format(Arg(0))} is not a GeluApproximation value: use GeluApproximation.None or GeluApproximation.Tanh");
                break;
        }
        return ok;
    }

    /// <summary>Epsilon (the last argument) must be positive and large enough to matter in float32; momentum in (0, 1]; groups a positive count.</summary>
    private static void CheckNormalization(MemberSpec member, AttributeSpec attribute, List<ModelIssue> issues, System.Action<string> fail)
    {
        var args = attribute.Arguments;
        if (args.Count == 0) return;
        double epsilon = args[args.Count - 1];
        if (!(epsilon > 0 && epsilon <= 1))
            fail($"[{attribute.Kind}] needs an epsilon in (0, 1], not {Format(epsilon)}: without it a constant feature divides by zero; 1e-5 is the usual value");
        else if (epsilon < SmallestUsefulEpsilon)
            issues.Add(ModelIssue.Create(DiagnosticIds.VanishingEpsilon, attribute.Location, member.Name, $"[{attribute.Kind}]", Format(epsilon)));
        if (attribute.Kind == AttributeKind.BatchNorm && !(args[0] > 0 && args[0] <= 1))
            fail($"[BatchNorm] needs a momentum in (0, 1], not {Format(args[0])}; 0.1 is PyTorch's default");
        if (attribute.Kind == AttributeKind.GroupNorm && !IsPositiveSize(args[0]))
            fail($"[GroupNorm] needs a positive number of groups, not {Format(args[0])}");
    }

    public static bool IsActivation(AttributeKind kind) => kind is AttributeKind.Sigmoid or AttributeKind.Tanh or AttributeKind.Relu
        or AttributeKind.LeakyRelu or AttributeKind.Gelu or AttributeKind.Silu or AttributeKind.Softplus;

    public static bool IsLoss(AttributeKind kind) => kind is AttributeKind.SoftmaxCrossEntropy or AttributeKind.MeanSquaredError
        or AttributeKind.BinaryCrossEntropyWithLogits or AttributeKind.Huber;

    public static Activation ToActivation(AttributeSpec? attribute) => attribute?.Kind switch
    {
        null => Activation.Identity,
        AttributeKind.Sigmoid => Activation.Sigmoid,
        AttributeKind.Tanh => Activation.Tanh,
        AttributeKind.Relu => Activation.Relu,
        AttributeKind.LeakyRelu => Activation.LeakyRelu,
        AttributeKind.Gelu => attribute.Arguments.Count == 1 && attribute.Arguments[0] == 1 ? Activation.GeluTanh : Activation.Gelu,
        AttributeKind.Silu => Activation.Silu,
        _ => Activation.Softplus,
    };

    public static double Alpha(AttributeSpec? attribute) =>
        attribute is { Kind: AttributeKind.LeakyRelu } a ? (a.Arguments.Count == 1 ? a.Arguments[0] : 0.01) : 0;

    public static LossKind ToLoss(AttributeKind kind) => kind switch
    {
        AttributeKind.SoftmaxCrossEntropy => LossKind.SoftmaxCrossEntropy,
        AttributeKind.MeanSquaredError => LossKind.MeanSquaredError,
        AttributeKind.Huber => LossKind.Huber,
        _ => LossKind.BinaryCrossEntropyWithLogits,
    };

    public static double LossParameter(AttributeSpec loss) => loss.Kind switch
    {
        AttributeKind.Huber => loss.Arguments.Count > 0 ? loss.Arguments[0] : 1.0,
        AttributeKind.SoftmaxCrossEntropy => loss.NamedOr("LabelSmoothing", 0),
        _ => 0,
    };

    public static bool IsPositiveSize(double value) => value >= 1 && value <= int.MaxValue && value == System.Math.Floor(value);

    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
