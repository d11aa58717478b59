namespace ModelGen.Generator.Check;

/// <summary>A model member's role attribute (input, layer or loss) with its modifiers: an activation and [Checkpoint].</summary>
internal sealed record MemberRole(Spec.MemberSpec Member, Spec.AttributeSpec Role, Spec.AttributeSpec? Activation, bool Checkpoint);
