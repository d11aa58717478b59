#!/usr/bin/python3
"""Prints the Taylor coefficients of ln Γ used by StableMath.LogGamma (src/ModelGen/Math/LogGammaCoefficients.cs).

ln Γ(c + z) = Σ_k a_k z^k with a_0 = ln Γ(c), a_k = ψ^(k-1)(c) / k! for k ≥ 1. Expanding around a few
centres keeps every piece free of cancellation: around 1 and 2 (the zeros, where the constant term
vanishes so the relative error stays small), around the minimum p ≈ 1.4616 (where the linear term
vanishes) and around 3. Also the Stirling-series coefficients B_2k / (2k(2k-1)). Computed here at
200 bits; nothing is copied from another library.

Usage: /usr/bin/python3 tools/mpmath/make_loggamma_coefficients.py > /tmp/coefficients.txt
"""
import mpmath
from mpmath import mp, mpf

mp.prec = 200


def taylor(centre, count):
    c = mpf(centre)
    out = [mp.loggamma(c)]
    for k in range(1, count):
        out.append(mp.polygamma(k - 1, c) / mp.factorial(k))
    return out


def split(v):
    hi = float(v)
    return hi, float(v - mpf(hi))


def emit(name, coefficients, comment):
    print(f"    /// <summary>{comment}</summary>")
    print(f"    public static readonly double[] {name} =")
    print("    [")
    # Highest degree first, for Horner's rule.
    values = [repr(float(a)) for a in reversed(coefficients)]
    for i in range(0, len(values), 4):
        print("        " + ", ".join(values[i:i + 4]) + ",")
    print("    ];")
    print()


minimum = mp.findroot(lambda t: mp.digamma(t), 1.46)
p = float(minimum)
print(f"    public const double MinimumCentre = {p!r};")
hi, lo = split(mp.loggamma(mpf(p)))
print(f"    public const double MinimumValueHigh = {hi!r}, MinimumValueLow = {lo!r};")
hi, lo = split(mp.log(2))
print(f"    public const double Ln2High = {hi!r}, Ln2Low = {lo!r};")
hi, lo = split(mp.log(2 * mp.pi) / 2)
print(f"    public const double HalfLn2PiHigh = {hi!r}, HalfLn2PiLow = {lo!r};")
print()
emit("AroundOne", taylor(1, 40)[1:], "ln Γ(1 + z) / z for |z| ≤ 0.3.")
for name, centre in (("AroundOne", 1), ("AroundTwo", 2), ("AroundThree", 3)):
    # The constant (degree-1) coefficient's rounding error, which the evaluation adds back.
    print(f"    public const double {name}LeadingLow = {split(taylor(centre, 2)[1])[1]!r};")
print()
emit("AroundMinimum", taylor(p, 30)[2:], "(ln Γ(p + z) - ln Γ(p) - a_1 z) / z² around the minimum p, |z| ≤ 0.29.")
print(f"    public const double MinimumLinear = {float(taylor(p, 2)[1])!r};")
print(f"    public const double AroundMinimumLeadingLow = {split(taylor(p, 3)[2])[1]!r};")
print()
emit("AroundTwo", taylor(2, 36)[1:], "ln Γ(2 + z) / z for -0.25 ≤ z ≤ 0.5.")
emit("AroundThree", taylor(3, 30)[1:], "(ln Γ(3 + z) - ln 2) / z for |z| ≤ 0.5.")
stirling = [mp.bernoulli(2 * k) / (2 * k * (2 * k - 1)) for k in range(1, 14)]
emit("Stirling", stirling, "B_2k / (2k(2k-1)), k = 1..13: ln Γ(x) - Stirling's leading terms = Σ_k c_k / x^(2k-1).")
