#!/usr/bin/env python3
"""Reference values of binom_tail(k, n, p) = P(X >= k), X ~ Binomial(n, p), for
Tests/MsokoKitTests/BinomTailTests.swift; writes Tests/Reference/binom_reference.json.

Two sources per case, sharing no code with msoko:

- `exact`: mpmath at 50 significant digits (60 for the integrals), so that rounding plays no part:
  the regularised incomplete beta I_p(k, n-k+1) by the Numerical Recipes continued fraction
  (Lentz) with the log-gamma prefactor, which is exact at this precision; near the centre of a
  very large distribution (n >= 1e10 within 3 standard deviations), where the fraction needs
  millions of steps, the integral of the Beta(k, n-k+1) density over [p - 80 sd, p] (or
  1 - the integral over [p, p + 80 sd]) by mpmath's tanh-sinh quadrature, one panel per
  standard deviation. Cases where both methods are cheap are computed both ways and must agree
  to 1e-25 (the script stops otherwise).
- `scipy`: scipy.stats.binom.sf(k - 1, n, p) (Boost's ibetac in double precision) where n is
  below 2**53, so that k - 1 and n are exact doubles; above, scipy.special.betainc(k, n - k + 1, p)
  when k and n - k + 1 are exact doubles (the same Boost function binom.sf calls), else null;
  null too where scipy returns NaN (a few centre cases at n = 2**63 - 1).

scipy is not the reference because it is not exact for large n: it is off by up to ~1e-10 relative
at n = 1e12 near the centre (the script prints its largest disagreement with `exact` by n).
The test compares msoko with `exact` to 1e-12 relative (1e-300 absolute below the normal range)
and with scipy to 1e-12 wherever scipy itself is within 1e-13 of `exact` (`scipy_exact`: true).

Run:  python3 Tests/Reference/make_binom_reference.py   (scipy 1.17.1, mpmath 1.3.0; about 2 min)
"""
import json
import math
import os
import random
import sys

import mpmath
import scipy
import scipy.special
from scipy.stats import binom

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "binom_reference.json")
INT_MAX = 2**63 - 1


def mp_continued_fraction(a, b, x):
    """Numerical Recipes' betacf at the current mpmath precision."""
    tiny = mpmath.mpf(10) ** -(mpmath.mp.dps * 8)
    eps = mpmath.mpf(10) ** -(mpmath.mp.dps - 5)
    qab, qap, qam = a + b, a + 1, a - 1
    c = mpmath.mpf(1)
    d = 1 - qab * x / qap
    d = tiny if abs(d) < tiny else d
    d = 1 / d
    h = d
    m = 1
    while True:
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < eps:
            return h
        m += 1
        if m > 2_000_000:
            raise RuntimeError("continued fraction did not converge")


def mp_tail_fraction(k, n, p):
    with mpmath.workdps(50):
        a, b, x = mpmath.mpf(k), mpmath.mpf(n - k + 1), mpmath.mpf(p)
        log_front = (mpmath.loggamma(a + b) - mpmath.loggamma(a) - mpmath.loggamma(b)
                     + a * mpmath.log(x) + b * mpmath.log1p(-x))
        if x < (a + 1) / (a + b + 2):
            return mpmath.exp(log_front) * mp_continued_fraction(a, b, x) / a
        return 1 - mpmath.exp(log_front) * mp_continued_fraction(b, a, 1 - x) / b


def mp_tail_integral(k, n, p):
    with mpmath.workdps(60):
        a, b, x = mpmath.mpf(k), mpmath.mpf(n - k + 1), mpmath.mpf(p)
        log_norm = mpmath.loggamma(a + b) - mpmath.loggamma(a) - mpmath.loggamma(b)

        def density(t):
            if t <= 0 or t >= 1:
                return mpmath.mpf(0)
            return mpmath.exp(log_norm + (a - 1) * mpmath.log(t) + (b - 1) * mpmath.log1p(-t))

        sd = mpmath.sqrt(x * (1 - x) / n)
        mode = (a - 1) / (a + b - 2)
        width = 80
        if mode >= x:  # the mass below p is the smaller part
            points = [max(mpmath.mpf(0), x - (width - i) * sd) for i in range(width + 1)]
            if density(points[0]) > mpmath.mpf(10) ** -70 * density(x):
                raise RuntimeError("integration range too short")
            return mpmath.quad(density, points)
        points = [min(mpmath.mpf(1), x + i * sd) for i in range(width + 1)]
        if density(points[-1]) > mpmath.mpf(10) ** -70 * density(x):
            raise RuntimeError("integration range too short")
        return 1 - mpmath.quad(density, points)


def exact(k, n, p):
    if k <= 0:
        return mpmath.mpf(1), "closed"
    if k > n:
        return mpmath.mpf(0), "closed"
    if p == 0:
        return mpmath.mpf(0), "closed"
    if p == 1:
        return mpmath.mpf(1), "closed"
    sd = math.sqrt(n * p * (1 - p))
    z = (k - n * p) / sd if sd > 0 else 0
    if n >= 10**10 and abs(z) < 3 and min(k - 1, n - k) >= 1000:
        return mp_tail_integral(k, n, p), "integral60"
    return mp_tail_fraction(k, n, p), "fraction50"


def scipy_value(k, n, p):
    if n < 2**53:
        return float(binom.sf(k - 1, n, p))
    b = n - k + 1
    if float(k) == k and float(b) == b:
        return float(scipy.special.betainc(float(k), float(b), p))
    return None


def cases():
    rng = random.Random(20261201)
    ns = [1, 2, 3, 5, 10, 12, 22, 50, 100, 1000, 10**4, 10**5, 10**6, 10**7, 10**9,
          10**12, 10**15, 2**53 + 2, 10**18, INT_MAX]
    ps = [0.5, 0.1, 1 / 3, 0.9, 1e-3, 0.999, 1e-8, 1 - 1e-8, 0.0123456789]
    zs = [-6, -2, -0.7, 0, 0.3, 1, 2.5, 5, 10, 30]
    out = set()
    for n in ns:
        for p in ps:
            mean, sd = n * p, math.sqrt(n * p * (1 - p))
            candidates = {1, 2, n, n - 1}
            for z in zs:
                k = round(mean + z * sd)
                if 1 <= k <= n:
                    candidates.add(int(k))
            candidates = sorted(c for c in candidates if 1 <= c <= n)
            big = n >= 10**9
            chosen = set(rng.sample(candidates, min(len(candidates), 3 if big else 3)))
            if big:  # always the centre and a moderate tail of the very large distributions
                chosen.add(int(round(mean)))
                chosen.add(int(round(mean + 2 * sd)))
            for k in chosen:
                if 1 <= k <= n:
                    out.add((k, n, p))
    # Edges: k <= 0, k > n, p = 0 or 1, n = 0, and the cases of the issue.
    out |= {(0, 10, 0.3), (-5, 10, 0.3), (11, 10, 0.3), (3, 10, 0.0), (3, 10, 1.0), (0, 0, 0.5), (1, 0, 0.5),
            (1, INT_MAX, 0.5), (1, 10**8, 0.5), (11, 12, 1 / 3), (2, 22, 0.1), (129, 129, 0.1),
            (5 * 10**17, 10**18, 0.5), (5 * 10**17 + 10**9, 10**18, 0.5)}
    return sorted(out, key=lambda c: (c[1], c[2], c[0]))


def main():
    rows = []
    worst_scipy = {}
    scipy_nan = 0
    for k, n, p in cases():
        value, method = exact(k, n, p)
        sp = scipy_value(k, n, p) if 1 <= k <= n and 0 < p < 1 else (1.0 if value == 1 else 0.0)
        ex = float(value)
        agrees = None
        if sp is not None and math.isnan(sp):  # scipy 1.17.1 gives NaN near the centre at n = 2**63 - 1
            scipy_nan += 1
            sp = None
        if sp is not None:
            if ex == 0 or abs(ex) < 1e-300:
                agrees = abs(sp - ex) <= 1e-300
            else:
                err = abs(sp - ex) / ex
                agrees = err <= 1e-13
                key = f"1e{int(math.log10(n))}" if n > 0 else "0"
                worst_scipy[key] = max(worst_scipy.get(key, 0.0), err)
        rows.append({"k": k, "n": n, "p": p, "exact": ex, "method": method, "scipy": sp, "scipy_exact": agrees})
    # The two exact methods must agree where both are cheap.
    for k, n, p in [(5 * 10**8 + 10000, 10**9, 0.5), (10**7 + 3000, 10**9, 0.01), (333336000, 10**9, 1 / 3)]:
        a = mp_tail_fraction(k, n, p)
        b = mp_tail_integral(k, n, p)
        if abs(a - b) > mpmath.mpf(10) ** -25 * abs(a):
            sys.exit(f"fraction and integral disagree at {(k, n, p)}: {a} vs {b}")
    document = {
        "about": "P(X >= k) for X ~ Binomial(n, p); see make_binom_reference.py",
        "tools": {"python": sys.version.split()[0], "scipy": scipy.__version__, "mpmath": mpmath.__version__},
        "scipy_nan": scipy_nan,
        "scipy_largest_relative_error_by_n": {k: float(f"{v:.3g}") for k, v in sorted(worst_scipy.items(), key=lambda kv: float(kv[0]))},
        "cases": rows,
    }
    with open(OUT, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"{len(rows)} cases; scipy gives NaN in {scipy_nan}; its largest relative error by n:")
    for key, value in document["scipy_largest_relative_error_by_n"].items():
        print(f"  n ~ {key}: {value:.2g}")


if __name__ == "__main__":
    main()
