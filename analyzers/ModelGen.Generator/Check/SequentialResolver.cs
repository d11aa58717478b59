using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.Spec;
using static ModelGen.Generator.Check.ModelValidator;

namespace ModelGen.Generator.Check;

/// <summary>
/// Resolves the sequential form: members in declaration order are the input, the layers (each
/// applied to the previous one's output) and the loss.
/// </summary>
internal static class SequentialResolver
{
    /// <summary>σ' ≤ 1/4 and tanh' ≤ 1: four saturating layers in a row already scale gradients by ≤ 1/256 (sigmoid).</summary>
    private const int DeepStackDepth = 4;

    public static ModelDefinition? Build(ModelSpec spec, List<MemberRole> roles, List<ModelIssue> issues, bool lossIsMethod)
    {
        MemberRole? input = roles.FirstOrDefault(r => r.Role.Kind == AttributeKind.Input);
        MemberRole? loss = roles.FirstOrDefault(r => IsLoss(r.Role.Kind));
        bool complete = true;
        if (input is null && !spec.Members.Any(m => m.Attributes.Any(a => a.Kind == AttributeKind.Input)))
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.MissingInput, spec.Type.Location, spec.Type.Name));
            complete = false;
        }
        if (loss is null && !lossIsMethod && !spec.Members.Any(m => m.Attributes.Any(a => IsLoss(a.Kind))))
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.MissingLoss, spec.Type.Location, spec.Type.Name));
            complete = false;
        }

        var layers = new List<LayerDefinition>();
        var locations = new List<int>();
        MemberRole? lastLayer = null;
        int saturatingRun = 0;
        long parameterTotal = 0;
        string previousName = "";
        int width = 0;
        bool seenInput = false, seenLoss = false, seenLayer = false;
        foreach (MemberRole role in roles)
        {
            MemberSpec member = role.Member;
            if (role.Role.Kind == AttributeKind.Input)
            {
                if (seenInput)
                    OutOfOrder(role, $"is a second [Input] after '{previousName}': a sequential model has one input");
                else if (layers.Count > 0 || seenLoss)
                    OutOfOrder(role, "comes after a layer: move the [Input] property first");
                seenInput = true;
                previousName = member.Name;
                width = role.Role.Arguments.Count == 1 && IsPositiveSize(role.Role.Arguments[0]) ? (int)role.Role.Arguments[0] : 0;
            }
            else if (IsLoss(role.Role.Kind))
            {
                if (seenLoss) { OutOfOrder(role, $"is a second loss after '{loss?.Member.Name}': a model has one loss"); continue; }
                seenLoss = true;
                if (role.Role.Kind == AttributeKind.BinaryCrossEntropyWithLogits && lastLayer?.Activation?.Kind == AttributeKind.Sigmoid)
                    issues.Add(ModelIssue.Create(DiagnosticIds.SigmoidBeforeLogitsLoss, lastLayer.Activation.Location, previousName, member.Name));
                if (!seenLayer)
                    OutOfOrder(role, "has no layer before it: add a [Dense] layer between the input and the loss");
                else if (role.Role.Kind == AttributeKind.SoftmaxCrossEntropy && width == 1)
                {
                    issues.Add(ModelIssue.Create(DiagnosticIds.LossDoesNotFitOutput, role.Role.Location, member.Name, previousName, Format(width)));
                    complete = false;
                }
            }
            else
            {
                if (seenLoss) { OutOfOrder(role, $"comes after the loss '{loss?.Member.Name}': the loss must be the last member"); continue; }
                if (!seenInput && input is not null) { OutOfOrder(role, "comes before the [Input]: move the [Input] property first"); seenInput = true; }
                if (role.Role.Kind == AttributeKind.Embedding && seenLayer)
                    OutOfOrder(role, "reads token ids, so it must be the first layer after the [Input]");
                seenLayer = true;
                LayerDefinition? layer = LayerResolver.Resolve(role, width, previousName, issues);
                if (layer is null) { complete = false; width = 0; previousName = member.Name; continue; }
                long before = parameterTotal;
                parameterTotal += LayerResolver.ParameterCount(layer);
                if (parameterTotal > LayerResolver.MaxParameters && before <= LayerResolver.MaxParameters)
                {
                    issues.Add(ModelIssue.Create(DiagnosticIds.InvalidArgument, role.Role.Location, member.Name,
                        $"[{role.Role.Kind}] brings the model to {parameterTotal.ToString(CultureInfo.InvariantCulture)} parameters, more than the 2^30 one model can hold: use smaller layers"));
                    complete = false;
                }
                layers.Add(layer);
                locations.Add(role.Role.Location);
                lastLayer = role;
                saturatingRun = layer.Kind switch
                {
                    LayerKind.Dense => layer.Activation is Activation.Sigmoid or Activation.Tanh ? saturatingRun + 1 : 0,
                    LayerKind.Dropout => saturatingRun,
                    _ => 0, // a normalization re-centres the values; attention and embeddings break the chain of derivatives
                };
                if (saturatingRun == DeepStackDepth)
                    issues.Add(ModelIssue.Create(DiagnosticIds.DeepSaturatingStack, role.Activation!.Location, member.Name,
                        DeepStackDepth.ToString(CultureInfo.InvariantCulture)));
                previousName = member.Name;
                width = layer.Outputs;
            }
        }

        if (!complete || input is null || (loss is null && !lossIsMethod) || layers.Count == 0) return null;
        var layerArray = layers.ToEquatableArray();
        int inputWidth = (int)input.Role.Arguments[0];
        return new ModelDefinition(spec.Type, input.Member.Name, inputWidth, layerArray,
            ModelDefinition.Chain(inputWidth, layerArray), loss?.Member.Name ?? "", loss is null ? default : ToLoss(loss.Role.Kind))
        {
            LossParameter = loss is null ? 0 : LossParameter(loss.Role),
            InputIsTokens = layers[0].Kind == LayerKind.Embedding,
            LayerLocations = locations.ToEquatableArray(),
        };

        void OutOfOrder(MemberRole role, string what)
        {
            issues.Add(ModelIssue.Create(DiagnosticIds.LayerOutOfOrder, role.Role.Location, role.Member.Name, what));
            complete = false;
        }
    }
}
