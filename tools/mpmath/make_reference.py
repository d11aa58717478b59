#!/usr/bin/python3
"""Writes the correctly rounded reference tables for ModelGen.StableMath.

Every expected value is computed with mpmath at 320 bits from the exact IEEE input and then rounded
to nearest-even binary64 / binary32 by integer arithmetic below (mpmath's own float() conversion
double-rounds subnormals). Output: tests/ModelGen.Tests/StableMath/Reference/<Function>.<type>.csv
with one row per input, all values as raw IEEE bits in hex, so the tests compare bit patterns.

Inputs per function: the stability catalog's witnesses and section-1 thresholds, the branch points
of each implementation, special values, and a dense log-spaced sweep over the domain (both signs,
subnormals to the largest finite). The sweep is deterministic, so re-running gives the same files.

Usage: /usr/bin/python3 tools/mpmath/make_reference.py   (from the repository root; needs python3-mpmath)
"""
import math
import os
import random
import struct
import sys

import mpmath
from mpmath import mp, mpf

mp.prec = 320

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "tests", "ModelGen.Tests", "StableMath", "Reference")

# (significand bits incl. hidden, smallest normal exponent, largest exponent, struct code, hex width)
FORMATS = {
    "double": (53, -1022, 1023, "d", 16),
    "float": (24, -126, 127, "f", 8),
}

NAN = float("nan")
INF = float("inf")


def round_to_format(value, fmt):
    """Correctly rounded (nearest, ties to even) Python float holding a binary64/32 value."""
    p, emin, emax, _, _ = FORMATS[fmt]
    if isinstance(value, float):
        value = mpf(value)
    if mpmath.isnan(value):
        return NAN
    if mpmath.isinf(value):
        return INF if value > 0 else -INF
    if value == 0:
        return math.copysign(0.0, 1.0 if not str(value).startswith("-") else -1.0)
    sign = -1.0 if value < 0 else 1.0
    man, exp = mpmath.mpf(abs(value)).man_exp  # |value| = man * 2^exp exactly
    top = exp + man.bit_length() - 1
    if top > emax + 1:
        return sign * INF
    if top < emin - p - 1:  # below half the smallest subnormal
        return sign * 0.0
    quantum = max(top, emin) - (p - 1)
    if exp >= quantum:
        rounded = man << (exp - quantum)
    else:
        shift = quantum - exp
        rounded = man >> shift
        remainder = man - (rounded << shift)
        half = 1 << (shift - 1)
        if remainder > half or (remainder == half and rounded & 1):
            rounded += 1
    if rounded >= (1 << p) and quantum + p > emax + 1:
        return sign * INF
    if rounded and rounded.bit_length() + quantum - 1 > emax:
        return sign * INF
    return sign * math.ldexp(rounded, quantum)


def bits(x, fmt):
    _, _, _, code, width = FORMATS[fmt]
    if math.isnan(x):
        return "7ff8000000000000" if fmt == "double" else "7fc00000"
    raw = struct.pack(">" + code, x)
    return raw.hex().rjust(width, "0")


def to_format(x, fmt):
    """Rounds a Python float input to the format (inputs of the float table are floats)."""
    if fmt == "double" or math.isnan(x) or math.isinf(x):
        return x
    return struct.unpack(">f", struct.pack(">f", x))[0] if abs(x) < 3.4028235677973366e38 else math.copysign(INF, x)


# ---------------------------------------------------------------- reference definitions (mpmath)

def guard(fn):
    """NaN in gives NaN out; lets each definition deal only with numbers."""
    def wrapped(*args):
        if any(math.isnan(a) for a in args):
            return NAN
        return fn(*[mpf(a) for a in args])
    return wrapped


@guard
def log1p(x):
    if x < -1:
        return NAN
    if x == -1:
        return -INF
    if mpmath.isinf(x):
        return INF
    return mp.log1p(x)


@guard
def expm1(x):
    if mpmath.isinf(x):
        return INF if x > 0 else mpf(-1)
    return mp.expm1(x)


@guard
def sigmoid(x):
    if mpmath.isinf(x):
        return mpf(1) if x > 0 else mpf(0)
    return 1 / (1 + mp.exp(-x))


@guard
def softplus(x):
    if mpmath.isinf(x):
        return INF if x > 0 else mpf(0)
    if x > 0:
        return x + mp.log1p(mp.exp(-x))
    return mp.log1p(mp.exp(x))


def log_sigmoid(x):
    if math.isnan(x):
        return NAN
    r = softplus(-x)
    return -r if not isinstance(r, float) else -r


@guard
def log1mexp(x):
    if x > 0:
        return NAN
    if x == 0:
        return -INF
    if mpmath.isinf(x):
        return mpf(0) * -1  # log(1) = 0 from below: -0 is not distinguished by the tests
    if x < -LN2:
        return mp.log1p(-mp.exp(x))  # log(1 - e^x) directly would round 1 - e^x to 1 at 320 bits
    return mp.log(-mp.expm1(x))


@guard
def erf(x):
    if mpmath.isinf(x) or abs(x) > 1e9:
        return mpf(1) if x > 0 else mpf(-1)
    return mp.erf(x)


@guard
def erfc(x):
    if mpmath.isinf(x) or abs(x) > 1e9:  # mpmath's series check overflows there; the value is 0 or 2 - 0
        return mpf(0) if x > 0 else mpf(2)
    return mp.erfc(x)


@guard
def log_ndtr(x):
    if mpmath.isinf(x):
        return mpf(0) if x > 0 else -INF
    if x > 1e9:
        return mpf(0)  # -Q(x) with Q below every subnormal
    if x < -1e9:
        # Mills-ratio expansion: Phi(x) = phi(x)/|x| * (1 - 1/x^2 + 3/x^4 - ...); the terms after
        # 3/x^4 are below 1e-50 relative here.
        return -x * x / 2 - mp.log(-x) - mp.log(mp.sqrt(2 * mp.pi)) + mp.log1p(-1 / x**2 + 3 / x**4 - 15 / x**6)
    if x > 0:
        return mp.log1p(-mp.erfc(x / mp.sqrt(2)) / 2)  # Phi(x) = 1 - Q(x); Q can be far below 2^-320
    return mp.log(mp.erfc(-x / mp.sqrt(2)) / 2)


@guard
def log_gamma(x):
    if x < 0:
        return NAN
    if x == 0 or mpmath.isinf(x):
        return INF
    return mp.loggamma(x)


@guard
def tanh(x):
    if mpmath.isinf(x):
        return mpf(1) if x > 0 else mpf(-1)
    return mp.tanh(x)


def hypot(x, y):
    if math.isinf(x) or math.isinf(y):
        return INF  # IEEE 754 hypot: an infinite input wins even over NaN
    if math.isnan(x) or math.isnan(y):
        return NAN
    x, y = mpf(x), mpf(y)
    return mp.sqrt(x * x + y * y)


@guard
def log_add_exp(a, b):
    if mpmath.isinf(a) or mpmath.isinf(b):
        if a == INF or b == INF:
            return INF
        if a == -INF and b == -INF:
            return -INF
        return a if b == -INF else b
    high, low = max(a, b), min(a, b)
    return high + mp.log1p(mp.exp(low - high))  # log(1 + tiny) would round to 0 at 320 bits


@guard
def xlogy(x, y):
    if x == 0:
        return mpf(0)
    if y < 0:
        return NAN
    if y == 0:
        return -INF if x > 0 else INF
    if mpmath.isinf(y) or mpmath.isinf(x):
        return x * mp.log(y) if not (mpmath.isinf(x) and y == 1) else NAN
    return x * mp.log(y)


@guard
def xlog1py(x, y):
    if x == 0:
        return mpf(0)
    if y < -1:
        return NAN
    if y == -1:
        return -INF if x > 0 else INF
    if mpmath.isinf(y) or mpmath.isinf(x):
        return x * mp.log1p(y) if not (mpmath.isinf(x) and y == 0) else NAN
    return x * mp.log1p(y)


@guard
def bce_with_logits(logit, target):
    # (1 - t)·softplus(x) + t·softplus(-x) = softplus(x) - t·x, the loss of a logit against a soft target.
    if mpmath.isinf(logit):
        if (logit > 0 and target == 1) or (logit < 0 and target == 0):
            return mpf(0)
        return INF
    def sp(v):
        return v + mp.log1p(mp.exp(-v)) if v > 0 else mp.log1p(mp.exp(v))
    return (1 - target) * sp(logit) + target * sp(-logit)


# ---------------------------------------------------------------- input sets

def log_sweep(lo, hi, n):
    """n magnitudes log-spaced from lo to hi, nudged off round numbers by a fixed pseudo-random factor."""
    rng = random.Random(f"{lo}-{hi}-{n}")
    a, b = math.log(lo), math.log(hi)
    out = []
    for i in range(n):
        t = a + (b - a) * i / (n - 1)
        out.append(math.exp(t) * (1 + 1e-3 * (rng.random() - 0.5)) if 0 < i < n - 1 else math.exp(t))
    return [v for v in out if 0 < v < INF]


def linear(lo, hi, n):
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def neighbours(x, k=2):
    """x and its k closest doubles each side."""
    out = [x]
    up = down = x
    for _ in range(k):
        up, down = math.nextafter(up, INF), math.nextafter(down, -INF)
        out += [up, down]
    return out


SPECIAL = [0.0, -0.0, INF, -INF, NAN, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
           -1.7976931348623157e308, 1.401298464324817e-45, 1.1754943508222875e-38, 3.4028234663852886e38]

# Section 1 thresholds of the catalog (double, float, Half).
THRESHOLDS = [709.7827, 709.79, 88.72284, 88.73, 11.0899, 11.1, -745.13, -745.2, -103.97, -104.0, -17.33,
              2.0 ** -53, 2.0 ** -24, 2.0 ** -11, 2.220446049250313e-16, 1.1920929e-07, 9.765625e-4,
              1.34e154, 1.84e19, 255.9, 36.74, 16.64, 17.0, 16.0, -36.74, -16.64, 8.29, -8.29, 37.67, -37.67,
              171.62, 65504.0]

LN2 = math.log(2)

# Smallest subnormal and largest finite value of each format, for the sweeps.
RANGE = {"double": (5e-324, 1.7976931348623157e308), "float": (1.401298464324817e-45, 3.4028234663852886e38)}


def signed(values):
    return values + [-v for v in values]


def unary_inputs(name, fmt):
    tiny, huge = RANGE[fmt]
    wide = log_sweep(tiny, huge, 500)
    tiny_to_big = log_sweep(1e-30, 1e3, 700)
    base = SPECIAL + THRESHOLDS + [-t for t in THRESHOLDS]
    if name == "Log1P":
        xs = wide + tiny_to_big + [-v for v in log_sweep(tiny, 0.999, 600)]
        xs += [-(1 - 2.0 ** -k) for k in range(1, 54)] + [-1.0, -1.5, -2.0, 1e-20, 1e-10, 1e-17, 1.23e-15, -1e-10, 1e-5]
        xs += linear(-0.99, 3, 300)
    elif name == "ExpM1":
        xs = signed(log_sweep(tiny, 800, 900)) + linear(-2, 2, 300) + [1e-10, 1e-17, 1e-5, 0.5, -0.5, LN2, -LN2]
        xs += signed(wide[::4])
    elif name in ("Sigmoid", "LogSigmoid", "Softplus"):
        xs = signed(log_sweep(tiny, 1e4, 900)) + linear(-40, 40, 300) + signed(wide[::4])
        xs += [1000.0, -40.0, 40.0, -800.0, 100.0, -20.0, 20.0, 17.0, -740.0, 800.0]
    elif name == "Log1MExp":
        xs = [-v for v in wide] + [-v for v in tiny_to_big] + [-v for v in linear(0.01, 3, 300)]
        xs += neighbours(-LN2, 3) + [1.0, 0.5, -1e-20, -1e-300]
    elif name in ("Erf", "Erfc"):
        xs = signed(log_sweep(tiny, 30, 900)) + linear(-6, 28, 500) + signed(wide[::4]) + [0.5, -0.5, 27.2, 26.5, 10.5]
    elif name == "LogNdtr":
        xs = signed(log_sweep(tiny, 50, 700)) + linear(-40, 10, 400) + [-v for v in log_sweep(50, 1e150, 150)]
        xs += signed(wide[::4]) + [-8.29, -38.0, -40.0, -1e5]
    elif name == "LogGamma":
        xs = wide + tiny_to_big + linear(0.01, 5, 500) + linear(0.9, 1.1, 60) + linear(1.9, 2.1, 60)
        xs += neighbours(1.0, 4) + neighbours(2.0, 4) + [171.62, 1e-320, 2.5e305, 2.6e305, -1.0, 0.5]
    elif name == "Tanh":
        xs = signed(log_sweep(tiny, 800, 500)) + [1e-10, 1e-17, 45.0, 800.0]
    else:
        raise KeyError(name)
    return base + xs


def binary_inputs(name, fmt):
    tiny, huge = RANGE[fmt]
    rng = random.Random(name)
    pairs = []
    if name == "Hypot":
        mags = log_sweep(tiny, huge, 200)
        for _ in range(1400):
            x, y = rng.choice(mags), rng.choice(mags) if rng.random() < 0.5 else rng.choice(mags) * (1 + rng.random())
            pairs.append((x * rng.choice([1, -1]), y * rng.choice([1, -1])))
        pairs += [(3.0, 4.0), (3e200, 4e200), (3e-200, 4e-200), (1e308, 1e308), (5e-324, 5e-324), (0.0, -0.0),
                  (INF, NAN), (NAN, INF), (NAN, 1.0), (0.0, 5.0), (3e20, 4e20), (1.34e154, 1.34e154)]
    elif name == "LogAddExp":
        vals = signed(log_sweep(tiny * 1e16, huge * 1e-8, 150)) + linear(-50, 50, 101) + [0.0, 1000.0, 999.0, -1000.0, 800.0]
        for _ in range(1500):
            a = rng.choice(vals)
            b = rng.choice(vals) if rng.random() < 0.5 else a + rng.uniform(-40, 40)
            pairs.append((a, b))
        pairs += [(1000.0, 1000.0), (-1000.0, -1000.0), (1000.0, 999.0), (0.0, 0.0), (INF, 1.0), (-INF, 1.0),
                  (-INF, -INF), (INF, -INF), (NAN, 1.0), (1.0, NAN), (1e308, 1e308), (-745.0, -745.0)]
    elif name in ("XLogY", "XLog1PY"):
        xs = signed(log_sweep(tiny, huge, 100)) + [0.0, -0.0, 1.0, -1.0, 0.5]
        ys = log_sweep(tiny, huge, 150) + linear(0.5, 2, 40) + [1.0, 0.0, 2.0]
        if name == "XLog1PY":
            ys += [-v for v in log_sweep(tiny, 0.999, 100)] + [-1.0, 1e-20, -1e-20]
        for _ in range(1400):
            pairs.append((rng.choice(xs), rng.choice(ys)))
        pairs += [(0.0, 0.0), (0.0, -1.0), (0.0, INF), (0.0, NAN), (NAN, 0.0), (1.0, -1.0), (2.0, 0.0), (1e-300, 1e-300)]
        if name == "XLogY":
            pairs += [(1.0, -1.0), (0.5, 0.5)]
        else:
            pairs += [(1.0, -2.0), (1.0, 1e-20), (3.0, -1e-17)]
    elif name == "BinaryCrossEntropyWithLogits":
        logits = signed(log_sweep(tiny * 1e16, huge * 1e-8, 120)) + linear(-40, 40, 161) + [0.0, 40.0, -800.0, 17.0, 800.0]
        targets = [0.0, 1.0, 0.5, 0.25, 0.75, 0.1, 0.9, 1e-8, 1 - 2.0 ** -20]
        for _ in range(1400):
            t = rng.choice(targets) if rng.random() < 0.6 else rng.random()
            pairs.append((rng.choice(logits), t))
        pairs += [(40.0, 0.0), (-800.0, 1.0), (17.0, 0.0), (0.0, 0.5), (INF, 1.0), (-INF, 0.0), (INF, 0.0), (NAN, 0.5)]
    else:
        raise KeyError(name)
    return pairs


UNARY = {
    "Log1P": log1p, "ExpM1": expm1, "Sigmoid": sigmoid, "LogSigmoid": log_sigmoid, "Softplus": softplus,
    "Log1MExp": log1mexp, "Erf": erf, "Erfc": erfc, "LogNdtr": log_ndtr, "LogGamma": log_gamma, "Tanh": tanh,
}
BINARY = {
    "Hypot": hypot, "LogAddExp": log_add_exp, "XLogY": xlogy, "XLog1PY": xlog1py,
    "BinaryCrossEntropyWithLogits": bce_with_logits,
}


def unique(values, key):
    seen, out = set(), []
    for v in values:
        k = key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def write_table(name, fmt, rows, arity):
    path = os.path.join(OUT, f"{name}.{fmt}.csv")
    header = "x,expected" if arity == 1 else "x,y,expected"
    with open(path, "w", newline="\n") as f:
        f.write(f"# {name} ({fmt}); inputs and correctly rounded results as IEEE bits; "
                f"generated by tools/mpmath/make_reference.py (mpmath {mpmath.__version__}, {mp.prec} bits)\n")
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    return len(rows)


def main(only):
    os.makedirs(OUT, exist_ok=True)
    for fmt in FORMATS:
        for name, fn in UNARY.items():
            if only and name not in only:
                continue
            xs = unique([to_format(x, fmt) for x in unary_inputs(name, fmt)], lambda v: bits(v, fmt))
            rows = [(bits(x, fmt), bits(round_to_format(fn(x), fmt), fmt)) for x in xs]
            print(name, fmt, write_table(name, fmt, rows, 1), file=sys.stderr)
        for name, fn in BINARY.items():
            if only and name not in only:
                continue
            pairs = unique([(to_format(a, fmt), to_format(b, fmt)) for a, b in binary_inputs(name, fmt)],
                           lambda p: (bits(p[0], fmt), bits(p[1], fmt)))
            rows = [(bits(a, fmt), bits(b, fmt), bits(round_to_format(fn(a, b), fmt), fmt)) for a, b in pairs]
            print(name, fmt, write_table(name, fmt, rows, 2), file=sys.stderr)


if __name__ == "__main__":
    main(set(sys.argv[1:]))
