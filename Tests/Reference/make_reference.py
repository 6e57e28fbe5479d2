#!/usr/bin/env python3
"""Computes reference statistics for msoko's aggregates with tools that share no code with it.

Writes Tests/Reference/stats_reference.json, read by Tests/MsokoKitTests/StatsReferenceTests.swift.

Each value is taken from the most exact tool at hand and cross-checked against the others:
  - Python's `statistics` (exact rational arithmetic: mean, variance, stdev, median, multimode),
    `math.fsum` (correctly rounded sums), `fractions` + `decimal` (exact Pearson r), builtins
    (count, sum of ints, min, max, distinct, first, last);
  - numpy (`quantile`, method="linear", i.e. R type 7), also a cross-check of mean/var/median;
  - DuckDB, reading the CSV files itself: avg, fsum, median, quantile_cont, var_samp,
    stddev_samp, corr, mode, min, max, count(DISTINCT), first/last ORDER BY row;
  - scipy (pearsonr, spearmanr), pandas (spearman), statsmodels (Wilson interval).
A cross-check that disagrees by more than CROSS_CHECK_RELATIVE stops the script.

Run from anywhere:  python3 Tests/Reference/make_reference.py
The corpus is vendored in the repository: Tests/Fixtures/corpus/edu/*.csv.
"""

import csv
import json
import math
import platform
import statistics
import sys
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

import duckdb
import numpy
import pandas
import scipy
import scipy.stats
import statsmodels
from statsmodels.stats.proportion import proportion_confint

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = REPO / "Tests" / "Fixtures" / "corpus"
OUTPUT = HERE / "stats_reference.json"

CROSS_CHECK_RELATIVE = 1e-12
QUANTILES = [0.1, 0.25, 0.75, 0.9]
Z_975 = float(scipy.stats.norm.ppf(0.975))

# file, key columns (None = ungrouped), column types, corr pairs, pct conditions (column, >=),
# columns also tested with zeros turned into nulls (G3 = 0 marks pupils who dropped out).
DATASETS = [
    {
        "file": "edu/student-por.csv",
        "by": [None, "school", "sex"],
        "columns": {"G1": "int", "G2": "int", "G3": "int", "absences": "int", "Mjob": "text"},
        "corr": [("G1", "G3"), ("G2", "G3"), ("absences", "G3")],
        "pct": [("G3", 10)],
        "null_if_zero": ["G3"],
    },
    {
        "file": "edu/student-mat.csv",
        "by": [None, "school", "sex"],
        "columns": {"G1": "int", "G2": "int", "G3": "int", "absences": "int", "Mjob": "text"},
        "corr": [("G1", "G3"), ("absences", "G3")],
        "pct": [("G3", 10)],
        "null_if_zero": ["G3"],
    },
    {
        "file": "edu/mlmRev__Exam.csv",
        "by": [None, "school"],
        "columns": {"normexam": "double", "standLRT": "double"},
        "corr": [("normexam", "standLRT")],
        "pct": [],
        "null_if_zero": [],
    },
    {
        "file": "edu/nlme__MathAchieve.csv",
        "by": [None, "School"],
        "columns": {"MathAch": "double", "SES": "double"},
        "corr": [("SES", "MathAch")],
        "pct": [("MathAch", 10)],
        "null_if_zero": [],
    },
]

getcontext().prec = 60
failures = []


def close(a, b, relative=CROSS_CHECK_RELATIVE, scale=0.0):
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= relative * max(abs(a), abs(b), scale) or a == b


def cross_check(label, value, other_tool, other, scale=0.0):
    """`scale` widens the tolerance for sums and means that cancel (mean near 0): tools that
    add in plain double precision are then accurate relative to the mean of |x|, not to the
    result. The committed values are exact, so the Swift test keeps the strict tolerance."""
    if not close(value, other, scale=scale):
        failures.append(f"{label}: reference {value!r} but {other_tool} gives {other!r}")


def read(dataset):
    path = CORPUS / dataset["file"]
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return path, rows


def parse(text, kind):
    if kind == "int":
        return int(text)
    if kind == "double":
        return float(text)
    return text


def exact_pearson(xs, ys):
    n = len(xs)
    if n < 2:
        return None
    fx = [Fraction(x) for x in xs]
    fy = [Fraction(y) for y in ys]
    mx = sum(fx) / n
    my = sum(fy) / n
    sxx = sum((x - mx) ** 2 for x in fx)
    syy = sum((y - my) ** 2 for y in fy)
    sxy = sum((x - mx) * (y - my) for x, y in zip(fx, fy))
    if sxx == 0 or syy == 0:
        return None
    r2 = sxy * sxy / (sxx * syy)
    r = (Decimal(r2.numerator) / Decimal(r2.denominator)).sqrt()
    return float(r if sxy >= 0 else -r)


def python_value(function, values, kind, p=None):
    """The reference value of one aggregate over one group's non-null values."""
    n = len(values)
    if function == "count":
        return n
    if function == "distinct_count":
        return len(set(values))
    if n == 0:
        return None
    if function == "sum":
        return sum(values) if kind == "int" else math.fsum(values)
    if function == "mean":
        return float(statistics.mean(values))
    if function == "median":
        return float(statistics.median(values))
    if function == "quantile":
        return float(numpy.quantile(numpy.array(values, dtype=float), p, method="linear"))
    if function in ("var", "stddev"):
        if n < 2:
            return None
        return float(statistics.variance(values) if function == "var" else statistics.stdev(values))
    if function == "min":
        return min(values)
    if function == "max":
        return max(values)
    if function == "first":
        return values[0]
    if function == "last":
        return values[-1]
    if function == "mode":
        modes = statistics.multimode(values)
        return modes[0] if len(modes) == 1 else "ambiguous"
    raise ValueError(function)


DUCKDB_SQL = {
    "count": "count({x})",
    "distinct_count": "count(DISTINCT {x})",
    "sum": "sum({x})",
    "mean": "avg({x})",
    "median": "median({x})",
    "quantile": "quantile_cont({x}, {p})",
    "var": "var_samp({x})",
    "stddev": "stddev_samp({x})",
    "min": "min({x})",
    "max": "max({x})",
    "first": "first({x} ORDER BY rn) FILTER (WHERE {x} IS NOT NULL)",
    "last": "last({x} ORDER BY rn) FILTER (WHERE {x} IS NOT NULL)",
    "mode": "mode({x})",
}

SOURCE = {
    "count": "python len", "distinct_count": "python set", "sum": "python sum (int) / math.fsum (double)",
    "mean": "python statistics.mean (exact)", "median": "python statistics.median",
    "quantile": "numpy.quantile method=linear", "var": "python statistics.variance (exact)",
    "stddev": "python statistics.stdev (exact)", "min": "python min", "max": "python max",
    "first": "python (file order)", "last": "python (file order)", "mode": "python statistics.multimode (unique only)",
    "corr": "fractions + decimal (exact Pearson r)", "pct": "python 100*k/n (exact)",
}


def result_type(function, kind):
    if function in ("count", "distinct_count"):
        return "int"
    if function in ("sum", "min", "max", "first", "last", "mode"):
        return kind
    return "double"


def main():
    connection = duckdb.connect()
    connection.execute("SET threads = 1")  # keeps read order for first/last
    cases = []
    statistics_cases = []
    for dataset in DATASETS:
        path, rows = read(dataset)
        columns = dataset["columns"]
        casts = ", ".join(
            f'CAST("{name}" AS {"BIGINT" if kind == "int" else "DOUBLE" if kind == "double" else "VARCHAR"}) AS "{name}"'
            for name, kind in columns.items())
        keys = [key for key in dataset["by"] if key]
        key_list = "".join(f', "{key}"' for key in keys)
        connection.execute(
            f"CREATE OR REPLACE TABLE data AS SELECT row_number() OVER () AS rn{key_list}, {casts} "
            f"FROM read_csv('{path}', all_varchar = true, header = true)")

        # The argument variants: each column as is, and some with zeros as nulls.
        variants = [(name, kind, False) for name, kind in columns.items()]
        variants += [(name, columns[name], True) for name in dataset["null_if_zero"]]

        for by in dataset["by"]:
            group_keys = [row[by] if by else "" for row in rows]
            ordered_keys = sorted(set(group_keys))
            group_sql = f'"{by}"' if by else "''"

            def groups_of(values):
                grouped = {key: [] for key in ordered_keys}
                for key, value in zip(group_keys, values):
                    if value is not None:
                        grouped[key].append(value)
                return grouped

            def duckdb_by_group(expression):
                query = f"SELECT {group_sql} AS k, {expression} FROM data GROUP BY k"
                return {str(k): v for k, v in connection.execute(query).fetchall()}

            for name, kind, null_if_zero in variants:
                values = [parse(row[name], kind) for row in rows]
                if null_if_zero:
                    values = [None if value == 0 else value for value in values]
                grouped = groups_of(values)
                column_sql = f'nullif("{name}", 0)' if null_if_zero else f'"{name}"'
                functions = ["count", "distinct_count", "min", "max", "first", "last", "mode"]
                if kind != "text":
                    functions += ["sum", "mean", "median", "quantile", "var", "stddev"]
                for function in functions:
                    for p in (QUANTILES if function == "quantile" else [None]):
                        results = {key: python_value(function, grouped[key], kind, p) for key in ordered_keys}
                        if function == "mode":
                            results = {key: value for key, value in results.items() if value != "ambiguous"}
                        sql = DUCKDB_SQL[function].format(x=column_sql, p=p)
                        if function == "sum" and kind == "double":
                            sql = f"fsum({column_sql})"
                        duck = duckdb_by_group(sql)
                        label = f"{dataset['file']} {function}({name}{' nullif 0' if null_if_zero else ''}{', ' + str(p) if p is not None else ''}) by {by}"
                        for key, value in results.items():
                            other = duck.get(key)
                            if kind == "text" or function in ("count", "distinct_count", "first", "last"):
                                if value != other:
                                    failures.append(f"{label} [{key}]: {value!r} vs duckdb {other!r}")
                            else:
                                magnitudes = [abs(v) for v in grouped[key]]
                                scale = (math.fsum(magnitudes) / len(magnitudes) if function == "mean" and magnitudes
                                         else math.fsum(magnitudes) if function == "sum" else 0.0)
                                cross_check(f"{label} [{key}]", value, "duckdb", other, scale)
                        # numpy as a second opinion on the moments.
                        for key, group_values in (grouped.items() if kind != "text" else []):
                            array = numpy.array(group_values, dtype=float)
                            if function == "mean" and len(array):
                                cross_check(f"{label} [{key}]", results[key], "numpy mean", float(numpy.mean(array)),
                                            float(numpy.mean(numpy.abs(array))))
                            if function == "var" and len(array) >= 2:
                                cross_check(f"{label} [{key}]", results[key], "numpy var", float(numpy.var(array, ddof=1)))
                            if function == "median" and len(array):
                                cross_check(f"{label} [{key}]", results[key], "numpy median", float(numpy.median(array)))
                        cases.append({
                            "file": dataset["file"], "by": by, "function": function, "args": [name],
                            "p": p, "null_if_zero": null_if_zero, "type": result_type(function, kind),
                            "source": SOURCE[function], "results": results,
                        })

            for x_name, y_name in dataset["corr"]:
                xs = [parse(row[x_name], columns[x_name]) for row in rows]
                ys = [parse(row[y_name], columns[y_name]) for row in rows]
                results = {}
                for key in ordered_keys:
                    pairs = [(x, y) for k, x, y in zip(group_keys, xs, ys) if k == key]
                    results[key] = exact_pearson([x for x, _ in pairs], [y for _, y in pairs])
                    if results[key] is not None:
                        r, _ = scipy.stats.pearsonr([x for x, _ in pairs], [y for _, y in pairs])
                        cross_check(f"corr({x_name}, {y_name}) [{key}]", results[key], "scipy pearsonr", float(r))
                duck = duckdb_by_group(f'corr("{x_name}", "{y_name}")')
                for key, value in results.items():
                    cross_check(f"corr({x_name}, {y_name}) by {by} [{key}]", value, "duckdb corr", duck.get(key))
                cases.append({
                    "file": dataset["file"], "by": by, "function": "corr", "args": [x_name, y_name], "p": None,
                    "null_if_zero": False, "type": "double", "source": SOURCE["corr"], "results": results,
                })

            for name, threshold in dataset["pct"]:
                for null_if_zero in ([False, True] if name in dataset["null_if_zero"] else [False]):
                    values = [parse(row[name], columns[name]) for row in rows]
                    if null_if_zero:
                        values = [None if value == 0 else value for value in values]
                    grouped = groups_of(values)
                    results = {}
                    for key in ordered_keys:
                        known = grouped[key]
                        hits = sum(1 for value in known if value >= threshold)
                        results[key] = float(Fraction(100 * hits, len(known))) if known else None
                    column_sql = f'nullif("{name}", 0)' if null_if_zero else f'"{name}"'
                    duck = duckdb_by_group(f"100.0 * count_if({column_sql} >= {threshold}) / count({column_sql})")
                    for key, value in results.items():
                        cross_check(f"pct({name} >= {threshold}) by {by} [{key}]", value, "duckdb", duck.get(key))
                    cases.append({
                        "file": dataset["file"], "by": by, "function": "pct", "args": [name], "p": None,
                        "condition_ge": threshold, "null_if_zero": null_if_zero, "type": "double",
                        "source": SOURCE["pct"], "results": results,
                    })

        # Ungrouped plain statistics: Spearman, the CI of a mean, the Wilson interval.
        frame = pandas.DataFrame({name: [parse(row[name], kind) for row in rows]
                                  for name, kind in columns.items() if kind != "text"})
        for x_name, y_name in dataset["corr"]:
            rho = float(scipy.stats.spearmanr(frame[x_name], frame[y_name]).statistic)
            cross_check(f"spearman({x_name}, {y_name})", rho, "pandas", float(frame[x_name].corr(frame[y_name], method="spearman")))
            statistics_cases.append({"file": dataset["file"], "function": "spearman", "args": [x_name, y_name],
                                     "source": "scipy.stats.spearmanr", "value": rho})
        for name, kind in columns.items():
            if kind == "text":
                continue
            values = list(frame[name])
            mean = statistics.mean(values)
            half = 1.96 * statistics.stdev(values) / math.sqrt(len(values))
            statistics_cases.append({"file": dataset["file"], "function": "mean_ci", "args": [name], "z": 1.96,
                                     "source": "python statistics.mean/stdev, mean ± z·s/√n",
                                     "interval": [float(mean - half), float(mean + half)]})
        for name, threshold in dataset["pct"]:
            values = list(frame[name])
            hits = sum(1 for value in values if value >= threshold)
            low, high = proportion_confint(hits, len(values), alpha=0.05, method="wilson")
            statistics_cases.append({"file": dataset["file"], "function": "wilson", "args": [name],
                                     "condition_ge": threshold, "z": Z_975, "successes": hits, "trials": len(values),
                                     "source": "statsmodels proportion_confint method=wilson alpha=0.05",
                                     "interval": [float(low), float(high)]})

    if failures:
        print("\n".join(failures[:50]), file=sys.stderr)
        sys.exit(f"{len(failures)} cross-checks failed")

    header = {
        "generated_by": "Tests/Reference/make_reference.py",
        "tools": {
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "numpy": numpy.__version__,
            "scipy": scipy.__version__,
            "pandas": pandas.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "cross_check_relative_tolerance": CROSS_CHECK_RELATIVE,
        "notes": "Values are repr() of doubles (shortest round-trip, up to 17 significant digits). "
                 "Group keys are the raw CSV text; '' is the single group of an ungrouped case. "
                 "mode only where the most frequent value is unique. null_if_zero: zeros of the "
                 "argument read as null. condition_ge: pct of rows where the argument >= it.",
    }
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        json.dump({"header": header, "cases": cases, "statistics": statistics_cases}, handle,
                  ensure_ascii=False, indent=1)
        handle.write("\n")
    print(f"wrote {OUTPUT.relative_to(REPO)}: {len(cases)} aggregate cases, {len(statistics_cases)} statistics")


if __name__ == "__main__":
    main()
