using ModelGen.Generator.Check;

namespace ModelGen.Generator.Plan;

/// <summary>Facts about each activation that planning and emission need; mirrors the runtime's kernels.</summary>
internal static class ActivationTable
{
    /// <summary>
    /// Whether the backward pass needs the pre-activation z. When it does not (the derivative is a
    /// function of the output y: ReLU, sigmoid, tanh, softplus), z is never stored.
    /// </summary>
    public static bool NeedsPreActivation(Activation activation) =>
        activation is Activation.Gelu or Activation.GeluTanh or Activation.Silu;

    /// <summary>The runtime's ActivationKind member for an activation.</summary>
    public static string RuntimeName(Activation activation) => activation.ToString();
}
