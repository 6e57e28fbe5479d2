#!/usr/bin/env python3
"""Reference values for the mean, variance and standard deviation of integer columns, bit for bit.

Python's `statistics` computes these with exact fractions and rounds once (mean and variance via
Fraction → float, stdev via `_float_sqrt_of_frac`, correctly rounded since Python 3.11), so its
results are the correctly rounded values msoko's `IntegerMoments` must reproduce exactly.

Writes Tests/Reference/integer_moments_reference.json, read by IntegerMomentsTests.swift: groups of
integers (with nulls as None) of many shapes — marks 2–5, task scores 0–2, constant groups, two
values, negative values, values up to 2^24 (and some up to 2^40, which take the compensated path), a large group — and each result as a hex float.

    python3 Tests/Reference/make_integer_moments_reference.py
"""
import json
import platform
import random
import statistics
from pathlib import Path

rng = random.Random(20261202)
groups = []


def add(label, values):
    present = [v for v in values if v is not None]
    entry = {"label": label, "values": values}
    if present:
        entry["mean"] = float(statistics.mean(present)).hex()
    if len(present) >= 2:
        entry["var"] = float(statistics.variance(present)).hex()
        entry["stddev"] = float(statistics.stdev(present)).hex()
    groups.append(entry)


for i in range(60):
    n = rng.choice([1, 2, 3, 7, 10, 31, 100, 257, 1000])
    add(f"marks {i}", [rng.choice([2, 3, 4, 5, None]) if rng.random() < 0.1 else rng.randint(2, 5) for _ in range(n)])
for i in range(60):
    n = rng.choice([2, 5, 17, 64, 300, 2000])
    add(f"scores {i}", [None if rng.random() < 0.05 else rng.randint(0, 2) for _ in range(n)])
for i in range(40):
    n = rng.choice([2, 3, 9, 50, 400])
    add(f"signed {i}", [rng.randint(-300, 300) for _ in range(n)])
for i in range(30):
    n = rng.choice([2, 3, 11, 120])
    add(f"wide {i}", [rng.randint(-(2**24), 2**24) for _ in range(n)])
for i in range(10):
    n = rng.choice([2, 3, 11])
    add(f"huge {i}", [rng.randint(-(2**40), 2**40) for _ in range(n)])
for i in range(20):
    n = rng.choice([2, 6, 40])
    base = rng.randint(10**6, 10**8)
    add(f"offset {i}", [base + rng.randint(0, 3) for _ in range(n)])
add("constant", [4] * 25)
add("constant negative", [-7] * 3)
add("two equal", [1, 1])
add("one", [3])
add("only nulls", [None, None])
add("mixed null", [None, 5, None, 2])
add("large", [rng.randint(0, 100) for _ in range(20_000)])

out = Path(__file__).with_name("integer_moments_reference.json")
out.write_text(json.dumps({
    "tool": f"Python {platform.python_version()} statistics (exact fractions, correctly rounded)",
    "groups": groups,
}, ensure_ascii=False) + "\n")
print(out, len(groups), "groups")
