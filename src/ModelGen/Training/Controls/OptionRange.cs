namespace ModelGen;

/// <summary>
/// Range checks for training options and schedule parameters. Like the optimizer checks, every one
/// rejects NaN and infinities and names the option and its valid range.
/// </summary>
internal static class OptionRange
{
    /// <summary>[1, ∞): counts such as epochs, batch sizes, patience.</summary>
    public static int AtLeastOne(int value, string name)
        => value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [1, {int.MaxValue}]; got {value}.");

    /// <summary>[1, ∞) for step counts.</summary>
    public static long AtLeastOne(long value, string name)
        => value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [1, {long.MaxValue}]; got {value}.");

    /// <summary>[0, ∞) for step counts.</summary>
    public static long NonNegative(long value, string name)
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, {long.MaxValue}]; got {value}.");

    /// <summary>[0, ∞): penalties, minimum improvements, minimum learning rates.</summary>
    public static double NonNegative(double value, string name)
        => value >= 0 && double.IsFinite(value) ? value : throw OutOfRange(value, name, "[0, +inf)");

    /// <summary>(0, ∞): clipping thresholds (a zero threshold would erase every gradient).</summary>
    public static double Positive(double value, string name)
        => value > 0 && double.IsFinite(value) ? value : throw OutOfRange(value, name, "(0, +inf)");

    /// <summary>(0, 1]: multiplicative decay factors.</summary>
    public static double DecayFactor(double value, string name)
        => value > 0 && value <= 1 ? value : throw OutOfRange(value, name, "(0, 1]");

    /// <summary>(1, ∞): growth factors.</summary>
    public static double GreaterThanOne(double value, string name)
        => value > 1 && double.IsFinite(value) ? value : throw OutOfRange(value, name, "(1, +inf)");

    /// <summary>(0, 1): back-off factors, which must shrink without reaching zero.</summary>
    public static double OpenFraction(double value, string name)
        => value > 0 && value < 1 ? value : throw OutOfRange(value, name, "(0, 1)");

    private static ArgumentOutOfRangeException OutOfRange(double value, string name, string range)
        => new(name, value, $"{name} must be finite and in {range}; got {value}.");
}
