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
    private const int MaxInitializer = 5;

    /// <summary>Parameters live in one array; 2^30 values (4 GiB of float) is far beyond any CPU model and keeps offsets in int.</summary>
    private const long MaxParameters = 1L << 30;

    public static ValidationResult Validate(ModelSpec spec)
    {
        var issues = new List<ModelIssue>();
        CheckType(spec.Type, issues);

        var roles = new List<(MemberSpec Member, AttributeSpec Role, AttributeSpec? Activation)>();
        foreach (MemberSpec member in spec.Members)
        {
            var role = ClassifyMember(member, issues);
            if (role is { } r) roles.Add((member, r.Role, r.Activation));
        }

        var definition = BuildDefinition(spec, roles, issues);
        return new ValidationResult(issues.Count == 0 ? definition : null, issues.ToEquatableArray());
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

    /// <summary>Finds the member's role (input, dense or loss) and its activation; reports what is wrong with it.</summary>
    private static (AttributeSpec Role, AttributeSpec? Activation)? ClassifyMember(MemberSpec member, List<ModelIssue> issues)
    {
        AttributeSpec? role = null;
        AttributeSpec? activation = null;
        foreach (AttributeSpec attribute in member.Attributes)
        {
            if (IsActivation(attribute.Kind))
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

        if (activation is not null && role is not null && role.Kind != AttributeKind.Dense)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, activation.Location, member.Name,
                $"applies [{activation.Kind}] to [{role.Kind}]: activations follow a [Dense] layer; move it to a [Dense] property"));
        }
        if (activation is not null && role is null)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.ConflictingAttributes, activation.Location, member.Name,
                $"has [{activation.Kind}] but no layer: add [Dense(n)] to this property"));
        }

        CheckShape(member, role, issues);
        // An invalid member keeps its role so the order and size checks that follow do not cascade;
        // the issues already recorded keep the model from being generated.
        return role is not null ? (role, activation) : null;
    }

    private static bool CheckShape(MemberSpec member, AttributeSpec? role, List<ModelIssue> issues)
    {
        bool isLoss = role is not null && IsLoss(role.Kind);
        string expected = isLoss ? $"'public partial Loss {member.Name} {{ get; }}'" : $"'public partial Tensor {member.Name} {{ get; }}'";
        string? problem = member.Shape switch
        {
            MemberShape.NotAProperty => $"only properties can be model members: declare {expected}",
            MemberShape.NotPartial => $"the property must be partial so ModelGen can implement it: declare {expected}",
            MemberShape.HasSetter => $"the property must be get-only: declare {expected}",
            MemberShape.Static => $"the property must not be static: declare {expected}",
            MemberShape.WrongType => $"the type '{member.TypeName.Replace("global::", "")}' is not supported: declare {expected}",
            MemberShape.PartialLossProperty when !isLoss => $"a layer or input has type Tensor, not Loss: declare {expected}",
            MemberShape.PartialTensorProperty when isLoss => $"a loss has type Loss, not Tensor: declare {expected}",
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
                break;
            case AttributeKind.LeakyRelu when args.Count == 1 && !(args[0] >= 0 && args[0] < 1):
                Fail($"[LeakyRelu] needs a slope alpha in [0, 1), not {Format(args[0])}; typical values are 0.01 to 0.3");
                break;
            case AttributeKind.Gelu when args.Count == 1 && args[0] != 0 && args[0] != 1:
                Fail($"[Gelu] approximation {Format(args[0])} is not a GeluApproximation value: use GeluApproximation.None or GeluApproximation.Tanh");
                break;
        }
        return ok;
    }

    private static ModelDefinition? BuildDefinition(ModelSpec spec, List<(MemberSpec Member, AttributeSpec Role, AttributeSpec? Activation)> roles, List<ModelIssue> issues)
    {
        var input = roles.FirstOrDefault(r => r.Role.Kind == AttributeKind.Input);
        var loss = roles.FirstOrDefault(r => IsLoss(r.Role.Kind));
        bool complete = true;
        if (input.Member is null && !spec.Members.Any(m => m.Attributes.Any(a => a.Kind == AttributeKind.Input)))
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.MissingInput, spec.Type.Location, spec.Type.Name));
            complete = false;
        }
        if (loss.Member is null && !spec.Members.Any(m => m.Attributes.Any(a => IsLoss(a.Kind))))
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.MissingLoss, spec.Type.Location, spec.Type.Name));
            complete = false;
        }

        var layers = new List<DenseLayer>();
        long parameterTotal = 0;
        string previousName = "";
        int width = 0;
        bool seenInput = false, seenLoss = false;
        foreach (var (member, role, activation) in roles)
        {
            switch (role.Kind)
            {
                case AttributeKind.Input:
                    if (seenInput)
                        OutOfOrder(member, role, $"is a second [Input] after '{previousName}': a sequential model has one input");
                    else if (layers.Count > 0 || seenLoss)
                        OutOfOrder(member, role, "comes after a layer: move the [Input] property first");
                    seenInput = true;
                    previousName = member.Name;
                    width = role.Arguments.Count == 1 && IsPositiveSize(role.Arguments[0]) ? (int)role.Arguments[0] : 0;
                    break;
                case AttributeKind.Dense:
                    if (seenLoss) { OutOfOrder(member, role, $"comes after the loss '{loss.Member?.Name}': the loss must be the last member"); break; }
                    if (!seenInput && input.Member is not null) { OutOfOrder(member, role, "comes before the [Input]: move the [Input] property first"); seenInput = true; }
                    double declared = role.Arguments.Count > 0 ? role.Arguments[role.Arguments.Count - 1] : 0;
                    int outputs = IsPositiveSize(declared) ? (int)declared : 0;
                    if (role.Arguments.Count == 2 && width > 0 && outputs > 0 && IsPositiveSize(role.Arguments[0]) && (int)role.Arguments[0] != width)
                    {
                        issues.Add(ModelIssue.Create(DiagnosticIds.SizeMismatch, role.Location, member.Name,
                            Format(role.Arguments[0]), previousName, Format(width), Format(outputs)));
                        complete = false;
                    }
                    parameterTotal += ((long)width + 1) * outputs;
                    if (parameterTotal > MaxParameters && parameterTotal - ((long)width + 1) * outputs <= MaxParameters)
                    {
                        issues.Add(ModelIssue.Create(DiagnosticIds.InvalidArgument, role.Location, member.Name,
                            $"[Dense] brings the model to {parameterTotal.ToString(CultureInfo.InvariantCulture)} parameters, more than the 2^30 one model can hold: use smaller layers"));
                        complete = false;
                    }
                    layers.Add(new DenseLayer(member.Name, width, outputs, ToActivation(activation), Alpha(activation), role.Initializer));
                    previousName = member.Name;
                    width = outputs;
                    break;
                default: // a loss
                    if (seenLoss) { OutOfOrder(member, role, $"is a second loss after '{loss.Member?.Name}': a model has one loss"); break; }
                    seenLoss = true;
                    if (layers.Count == 0)
                        OutOfOrder(member, role, "has no layer before it: add a [Dense] layer between the input and the loss");
                    else if (role.Kind == AttributeKind.SoftmaxCrossEntropy && width == 1)
                    {
                        issues.Add(ModelIssue.Create(DiagnosticIds.LossDoesNotFitOutput, role.Location, member.Name, previousName, Format(width)));
                        complete = false;
                    }
                    break;
            }
        }

        if (!complete || input.Member is null || loss.Member is null || layers.Count == 0) return null;
        return new ModelDefinition(spec.Type, input.Member.Name, (int)input.Role.Arguments[0], layers.ToEquatableArray(), loss.Member.Name, ToLoss(loss.Role.Kind));

        void OutOfOrder(MemberSpec member, AttributeSpec role, string what)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.LayerOutOfOrder, role.Location, member.Name, what));
            complete = false;
        }
    }

    public static bool IsActivation(AttributeKind kind) => kind is AttributeKind.Sigmoid or AttributeKind.Tanh or AttributeKind.Relu
        or AttributeKind.LeakyRelu or AttributeKind.Gelu or AttributeKind.Silu or AttributeKind.Softplus;

    public static bool IsLoss(AttributeKind kind) => kind is AttributeKind.SoftmaxCrossEntropy or AttributeKind.MeanSquaredError
        or AttributeKind.BinaryCrossEntropyWithLogits;

    private static Activation ToActivation(AttributeSpec? attribute) => attribute?.Kind switch
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

    private static double Alpha(AttributeSpec? attribute) =>
        attribute is { Kind: AttributeKind.LeakyRelu } a ? (a.Arguments.Count == 1 ? a.Arguments[0] : 0.01) : 0;

    private static LossKind ToLoss(AttributeKind kind) => kind switch
    {
        AttributeKind.SoftmaxCrossEntropy => LossKind.SoftmaxCrossEntropy,
        AttributeKind.MeanSquaredError => LossKind.MeanSquaredError,
        _ => LossKind.BinaryCrossEntropyWithLogits,
    };

    private static bool IsPositiveSize(double value) => value >= 1 && value <= int.MaxValue && value == System.Math.Floor(value);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
