#!/usr/bin/env python3
"""Expected values for msoko's significance tests (Sources/MsokoKit/Stats/SignificanceTests.swift),
computed by tools that share no code with msoko: scipy, numpy, statsmodels and exact enumeration.

Writes Tests/Reference/significance_reference.json, read by
Tests/MsokoKitTests/SignificanceTestsTests.swift. Run:

    pip install numpy scipy statsmodels
    python3 Tests/Reference/make_significance_reference.py

Cases:
- normal: scipy.stats.norm.cdf / norm.ppf at fixed points (both tails).
- adjust: statsmodels.stats.multitest.multipletests (fdr_bh, holm, bonferroni) on fixed p-vectors,
  with ties and extremes; scipy.stats.false_discovery_control cross-checks BH.
- binom_sum: P(sum X_i >= k) for independent binomials by numpy convolution of scipy.stats.binom.pmf
  arrays; cross-checked against scipy.stats.binom.sf when all p are equal.
- stratified: per-stratum scipy.stats.spearmanr, pooled rho = sum((n-1) rho) / sum(n-1),
  z = sum((n-1) rho) / sqrt(sum(n-1)); and, for small strata, the exact one-sided permutation
  p-value P(Z* <= Z) by enumerating every within-stratum permutation (itertools).
"""

import itertools
import json
import math
import os
import random

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))


def normal_cases():
    zs = [-12.0, -8.5, -5.0, -3.0, -1.959963984540054, -1.0, -0.1, 0.0, 0.3, 1.0, 1.6448536269514722, 2.5, 4.0, 7.0]
    ps = [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.2, 0.4, 0.5, 0.6, 0.9, 0.975, 0.99, 0.999999, 1 - 1e-12]
    return ([{"z": z, "cdf": float(st.norm.cdf(z))} for z in zs],
            [{"p": p, "quantile": float(st.norm.ppf(p))} for p in ps])


def adjust_cases():
    rng = random.Random("msoko-adjust-reference")
    vectors = [
        [0.01, 0.02, 0.03, 0.04, 0.05],
        [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216],
        [0.5, 0.5, 0.01, 0.01, 1.0, 0.0, 0.9],
        [0.2],
        [rng.random() ** 3 for _ in range(37)],
    ]
    cases = []
    for values in vectors:
        out = {"p": values}
        for method, name in (("fdr_bh", "bh"), ("holm", "holm"), ("bonferroni", "bonferroni")):
            out[name] = [float(x) for x in multipletests(values, method=method)[1]]
        bh = st.false_discovery_control(values, method="bh")
        assert np.allclose(bh, out["bh"], rtol=1e-12, atol=0), "scipy and statsmodels disagree on BH"
        cases.append(out)
    return cases


def binom_sum_tail(k, trials, probs):
    dist = np.array([1.0])
    for n, p in zip(trials, probs):
        dist = np.convolve(dist, st.binom.pmf(np.arange(n + 1), n, p))
    return float(dist[k:].sum()) if k > 0 else 1.0


def binom_sum_cases():
    cases = [
        {"k": 10, "n": [10, 0, 0], "p": [0.36, 0.3, 0.4]},
        {"k": 7, "n": [3, 4, 2, 5], "p": [0.3, 0.35, 0.4, 0.25]},
        {"k": 0, "n": [3, 4], "p": [0.3, 0.35]},
        {"k": 12, "n": [3, 4, 2], "p": [0.3, 0.35, 0.4]},
        {"k": 25, "n": [6, 5, 7, 4, 8, 3, 6, 5, 4, 7], "p": [0.33, 0.41, 0.29, 0.36, 0.38, 0.31, 0.35, 0.4, 0.27, 0.34]},
        {"k": 40, "n": [60, 40], "p": [1 / 3, 1 / 3]},
        {"k": 5, "n": [5, 5], "p": [0.0, 1.0]},
    ]
    for case in cases:
        case["tail"] = binom_sum_tail(case["k"], case["n"], case["p"])
    equal = cases[5]
    assert math.isclose(equal["tail"], float(st.binom.sf(equal["k"] - 1, 100, 1 / 3)), rel_tol=1e-12)
    return cases


def pooled(xs, ys, strata):
    groups = {}
    for x, y, s in zip(xs, ys, strata):
        groups.setdefault(s, ([], []))
        groups[s][0].append(x)
        groups[s][1].append(y)
    num = den = 0.0
    for s in sorted(groups):
        gx, gy = groups[s]
        if len(gx) < 3 or len(set(gx)) < 2 or len(set(gy)) < 2:
            continue
        rho = st.spearmanr(gx, gy).statistic
        num += (len(gx) - 1) * rho
        den += len(gx) - 1
    return num, den


def exact_p(xs, ys, strata):
    """P(Z* <= Z) over every permutation of y within each stratum (all equally likely)."""
    num, den = pooled(xs, ys, strata)
    observed = num / math.sqrt(den)
    keys = sorted(set(strata))
    index = {s: [i for i, t in enumerate(strata) if t == s] for s in keys}
    # Per stratum, the distribution of its weighted term over its permutations.
    term_lists = []
    for s in keys:
        rows = index[s]
        gx = [xs[i] for i in rows]
        gy = [ys[i] for i in rows]
        if len(gx) < 3 or len(set(gx)) < 2 or len(set(gy)) < 2:
            continue
        terms = [(len(gx) - 1) * st.spearmanr(gx, list(perm)).statistic for perm in itertools.permutations(gy)]
        term_lists.append(terms)
    total = 0
    hits = 0
    tol = 1e-9 * max(1.0, abs(num))
    for combo in itertools.product(*term_lists):
        total += 1
        if sum(combo) <= num + tol:
            hits += 1
    return observed, hits / total


def stratified_cases():
    cases = []
    # Journal marks (2-5) against scores in three small works; one reversed work.
    xs = [3, 4, 5, 2, 4, 3, 5, 4, 3, 2, 5, 3, 4, 4, 2, 3, 5]
    ys = [9, 12, 15, 5, 11, 14, 6, 8, 10, 12, 4, 7, 9, 9, 13, 6, 3]
    ss = ["a"] * 6 + ["b"] * 6 + ["c"] * 5
    num, den = pooled(xs, ys, ss)
    cases.append({"x": xs, "y": ys, "s": ss, "rho": num / den, "z": num / math.sqrt(den), "exact_p": None})
    # Small strata for exact enumeration: 5 + 5 + 4 pupils (120·120·24 = 345,600 permutations).
    xs = [5, 4, 3, 3, 2, 2, 3, 4, 5, 5, 4, 4, 3, 5]
    ys = [3, 6, 8, 9, 12, 14, 10, 7, 5, 2, 6, 8, 11, 4]
    ss = [1] * 5 + [2] * 5 + [3] * 4
    num, den = pooled(xs, ys, ss)
    z, p = exact_p(xs, ys, ss)
    cases.append({"x": xs, "y": ys, "s": ss, "rho": num / den, "z": z, "exact_p": p})
    # Positive association (clean marks): the one-sided p is near 1.
    xs = [2, 3, 3, 4, 5, 2, 3, 4, 4, 5, 3, 4, 5, 5]
    ys = [4, 7, 9, 12, 15, 3, 6, 10, 11, 14, 8, 9, 13, 16]
    ss = [7] * 5 + [8] * 5 + [9] * 4
    num, den = pooled(xs, ys, ss)
    z, p = exact_p(xs, ys, ss)
    cases.append({"x": xs, "y": ys, "s": ss, "rho": num / den, "z": z, "exact_p": p})
    # A moderate case: p near 0.1, where the Monte Carlo error of 999 permutations shows.
    xs = [3, 4, 5, 2, 4, 3, 5, 4, 2, 3, 4, 5, 3, 4]
    ys = [9, 8, 12, 10, 7, 6, 9, 11, 12, 8, 7, 10, 9, 8]
    ss = ["x"] * 5 + ["y"] * 5 + ["z"] * 4
    num, den = pooled(xs, ys, ss)
    z, p = exact_p(xs, ys, ss)
    cases.append({"x": xs, "y": ys, "s": ss, "rho": num / den, "z": z, "exact_p": p})
    return cases


def main():
    cdf, quantile = normal_cases()
    reference = {
        "tools": {"python": ".".join(map(str, __import__("sys").version_info[:3])), "numpy": np.__version__,
                  "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
        "normal_cdf": cdf,
        "normal_quantile": quantile,
        "adjust": adjust_cases(),
        "binom_sum": binom_sum_cases(),
        "stratified": stratified_cases(),
    }
    path = os.path.join(HERE, "significance_reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(reference, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
