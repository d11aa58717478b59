"""Fits the erfcx tail polynomial used by PtxMathLibrary (pure Python, no packages needed).

erfcx(a) = exp(a^2) * erfc(a) is smooth and slowly varying for a >= 1. With t = (a - K)/(a + K) the
interval [1, 10.5] (where float erfc underflows) maps onto a short t interval, and
(a + K) * erfcx(a) is close to a low-degree polynomial in t. The polynomial interpolates at
Chebyshev nodes (near-minimax), converted to monomial form, highest degree first.
Run: python3 fit_erfcx.py  -> prints the C# array and the worst relative error on a dense grid.
"""
import math

K = 2.0
A_LO, A_HI = 1.0, 10.5
DEGREE = 8

def erfcx(a):
    return math.exp(a * a) * math.erfc(a)

def target(t):
    a = K * (1 + t) / (1 - t)
    return (a + K) * erfcx(a)

t_lo, t_hi = (A_LO - K) / (A_LO + K), (A_HI - K) / (A_HI + K)
n = DEGREE + 1
nodes = [math.cos(math.pi * (k + 0.5) / n) for k in range(n)]
values = [target(0.5 * (t_hi - t_lo) * x + 0.5 * (t_hi + t_lo)) for x in nodes]
cheb = [(2.0 / n) * sum(values[k] * math.cos(math.pi * j * (k + 0.5) / n) for k in range(n)) for j in range(n)]
cheb[0] /= 2

# Chebyshev basis T_j(x) in monomials of x, then substitute x = (t - c)/h.
def poly_mul(p, q):
    r = [0.0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            r[i + j] += a * b
    return r

T = [[1.0], [0.0, 1.0]]
for j in range(2, n):
    T.append([2 * c for c in ([0.0] + T[j - 1])])
    for i, c in enumerate(T[j - 2]):
        T[j][i] -= c
in_x = [0.0] * n
for j in range(n):
    for i, c in enumerate(T[j]):
        in_x[i] += cheb[j] * c
h, c0 = 0.5 * (t_hi - t_lo), 0.5 * (t_hi + t_lo)
lin = [-c0 / h, 1.0 / h]
in_t = [0.0] * n
power = [1.0]
for i in range(n):
    for k, c in enumerate(power):
        in_t[k] += in_x[i] * c
    power = poly_mul(power, lin)

def horner(t):
    r = 0.0
    for c in reversed(in_t):
        r = r * t + c
    return r

worst = 0.0
for i in range(20001):
    a = A_LO + (A_HI - A_LO) * i / 20000
    t = (a - K) / (a + K)
    worst = max(worst, abs(horner(t) / (a + K) / erfcx(a) - 1))
print("// K = %r, degree %d, worst relative error %.3g" % (K, DEGREE, worst))
print("private static readonly double[] ErfcxTail = { " + ", ".join(repr(c) for c in reversed(in_t)) + " };")
