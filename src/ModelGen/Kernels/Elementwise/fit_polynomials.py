"""Regenerates the tables in PolynomialCoefficients.cs (python3 with mpmath; about 10 s).

Each table is a minimax fit of the *relative* error, found by the Remez exchange algorithm in
50-digit arithmetic, then rounded to the target precision. The kernels evaluate them with Horner's
rule, highest degree first, which is the order printed here.

  ErfSmall      erf(x) = x * P(x^2)                    for |x| < 1/2
  ErfcxTail     exp(a^2) erfc(a) = P(t) / (a + K),     t = (a - K)/(a + K), 1/2 <= a <= A_MAX
  Expm1Quotient expm1(x) = x + x^2 * P(x)              for |x| < 1/2

The substitution t = (a - K)/(a + K) maps the infinite-looking tail onto a short interval on which
(a + K) * erfcx(a) is smooth and nearly constant (it tends to 1/sqrt(pi)), so one polynomial covers
the whole range instead of several pieces that vector code would have to select between.
"""
import struct
import mpmath as mp

mp.mp.dps = 50
SPLIT = mp.mpf('0.5')        # erf: polynomial below, erfc tail from here up
K = mp.mpf('3.5')            # centre of the tail substitution
EXPM1_LIMIT = mp.mpf('0.5')
A_MAX = {'Double': mp.mpf('27.5'), 'Single': mp.mpf('10.5')}   # erfc underflows to zero beyond
TERMS = {'Double': (9, 21, 12), 'Single': (5, 10, 7)}


def remez(f, lo, hi, n, iterations=10, grid=1500):
    """Coefficients (lowest degree first) of the degree n-1 polynomial minimizing max |p/f - 1|."""
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    m = n + 1
    nodes = [(lo + hi) / 2 - (hi - lo) / 2 * mp.cos(mp.pi * k / (m - 1)) for k in range(m)]
    xs = [lo + (hi - lo) * i / grid for i in range(grid + 1)]
    fx = [f(x) for x in xs]
    for _ in range(iterations):
        a = mp.matrix(m, m)
        b = mp.matrix(m, 1)
        for i, x in enumerate(nodes):
            v = f(x)
            for j in range(n):
                a[i, j] = x ** j
            a[i, n] = (-1) ** i * v
            b[i] = v
        solution = mp.lu_solve(a, b)
        c = [solution[j] for j in range(n)]
        err = [(mp.polyval(c[::-1], x) - v) / v for x, v in zip(xs, fx)]
        worst = max(abs(e) for e in err)
        # new reference: the extremum of each run of equal sign
        runs, start = [], 0
        for k in range(1, len(err) + 1):
            if k == len(err) or mp.sign(err[k]) != mp.sign(err[start]):
                runs.append(max(range(start, k), key=lambda q: abs(err[q])))
                start = k
        while len(runs) > m:
            runs.pop(0 if abs(err[runs[0]]) < abs(err[runs[-1]]) else -1)
        if len(runs) < m:
            break
        nodes = [xs[q] for q in runs]
    return c, worst


def erf_over_x(s):  # erf(sqrt(s)) / sqrt(s)
    return 2 / mp.sqrt(mp.pi) if s == 0 else mp.erf(mp.sqrt(s)) / mp.sqrt(s)


def scaled_tail(t):  # (a + K) * erfcx(a) at a = K (1 + t)/(1 - t)
    a = K * (1 + t) / (1 - t)
    return mp.exp(a * a) * mp.erfc(a) * (a + K)


def expm1_quotient(x):  # (expm1(x) - x) / x^2
    if abs(x) < mp.mpf(10) ** -30:
        return mp.mpf('0.5') + x / 6
    with mp.workdps(120):
        return +((mp.expm1(x) - x) / (x * x))


def single(x):
    return struct.unpack('f', struct.pack('f', float(x)))[0]


def literal(x, precision):
    if precision == 'Double':
        return repr(float(x))
    v = single(x)
    for digits in range(6, 12):
        s = '%.*g' % (digits, v)
        if single(float(s)) == v:
            break
    return (s if ('.' in s or 'e' in s) else s + '.0') + 'f'


for precision in ('Double', 'Single'):
    small, tail, expm1 = TERMS[precision]
    t_lo, t_hi = (SPLIT - K) / (SPLIT + K), (A_MAX[precision] - K) / (A_MAX[precision] + K)
    for name, (c, e) in (('ErfSmall', remez(erf_over_x, 0, SPLIT ** 2, small)),
                         ('ErfcxTail', remez(scaled_tail, t_lo, t_hi, tail)),
                         ('Expm1Quotient', remez(expm1_quotient, -EXPM1_LIMIT, EXPM1_LIMIT, expm1))):
        print(f'// {name}{precision}: {len(c)} terms, minimax relative error {mp.nstr(e, 3)}')
        print('[' + ', '.join(literal(x, precision) for x in reversed(c)) + ']')
