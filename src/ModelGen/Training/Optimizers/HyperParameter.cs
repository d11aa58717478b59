namespace ModelGen;

/// <summary>
/// Range checks for optimizer hyper-parameters. Every check rejects NaN and infinities, and the
/// exception names the parameter and its valid range.
/// </summary>
internal static class HyperParameter
{
    /// <summary>[0, ∞): learning rates and weight decays.</summary>
    public static float NonNegative(float value, string name)
        => value >= 0 && float.IsFinite(value) ? value : throw OutOfRange(value, name, "[0, +inf)");

    /// <summary>(0, ∞): epsilons, which keep a division away from zero.</summary>
    public static float Positive(float value, string name)
        => value > 0 && float.IsFinite(value) ? value : throw OutOfRange(value, name, "(0, +inf)");

    /// <summary>[0, 1): decay rates of running averages.</summary>
    public static float DecayRate(float value, string name)
        => value >= 0 && value < 1 ? value : throw OutOfRange(value, name, "[0, 1)");

    /// <summary>(0, 1): decay rates that must be non-zero (Nesterov momentum).</summary>
    public static float PositiveDecayRate(float value, string name)
        => value > 0 && value < 1 ? value : throw OutOfRange(value, name, "(0, 1)");

    private static ArgumentOutOfRangeException OutOfRange(float value, string name, string range)
        => new(name, value, $"{name} must be finite and in {range}; got {value}.");
}
