#!/usr/bin/env python3
"""Independent computation of the FIOKO objectivity markers on the sample district.

Writes Tests/Reference/domain_reference.json, which Tests/MsokoKitTests/DomainMarkerTests.swift
compares with what Scripts/lib/objectivity.msoko computes. Shares no code with msoko: DuckDB
reads the CSVs and does the grouping, means, sample SDs, counts and quartiles; scipy gives
Spearman's rho with its p-value and the binomial tail. Rules as in docs/analyses.md:

- marker 1: n ≥ 10 and mean − 1.96·s/√n > region mean + 1.96·s_district/√n_region;
- marker 2: n ≥ 20 and Spearman ρ(journal mark, primary score) < 0;
- marker 3: K = S(grade N, Y−1) / S(grade N+1, Y), S = mean % of max over the classes that wrote
  the subject in both years; quartiles over schools with ≥ 5 pupils in both years; flagged when
  n ≥ 20 both years, ≥ 4 schools behind the quartiles, and K outside P25 − 3·IQR … P75 + 3·IQR;
- marker 4: n ≥ 20; at each threshold t (min score of marks 3, 4, 5): c[t] ≥ 6,
  c[t] ≥ 3·max(1, (c[t−1] + c[t−2]) / 2), P(X ≥ c[t]; c[t]+c[t−1]+c[t−2], 1/3) < 0.01; ≥ 2 peaks.

Usage: pip install duckdb scipy; python3 Tests/Reference/make_domain_reference.py [DATA]
"""
import json
import warnings
import math
import os
import sys

import duckdb
import scipy
from scipy.stats import binom, spearmanr

warnings.simplefilter("ignore")  # constant inputs: scipy warns and gives NaN, msoko gives null
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Datasets")
OUT = os.path.join(ROOT, "Tests", "Reference", "domain_reference.json")

con = duckdb.connect()
def csv(name, **types):
    spec = ", ".join(f"'{k}': '{v}'" for k, v in types.items())
    return f"read_csv('{os.path.join(DATA, name)}', header = true{', types = {' + spec + '}' if spec else ''})"

con.execute(f"CREATE TABLE tasks AS SELECT * FROM {csv('tasks.csv', task='VARCHAR')}")
con.execute(f"CREATE TABLE vpr AS SELECT * FROM {csv('vpr_results.csv', pupil_code='VARCHAR')}")
con.execute(f"CREATE TABLE ref AS SELECT * FROM {csv('reference_results.csv', task='VARCHAR')}")
con.execute(f"CREATE TABLE scales AS SELECT * FROM {csv('mark_scales.csv')}")
con.execute("""
CREATE TABLE pupils AS
SELECT v.*, 100.0 * v.primary_score / w.max_total AS score_pct,
       substr(v.class_id, length(CAST(v.grade AS VARCHAR)) + 1) AS letter
FROM vpr v JOIN (SELECT year, subject, grade, sum(max_score) AS max_total FROM tasks GROUP BY ALL) w
  USING (year, subject, grade)
WHERE v.status = 'present'
""")

markers = []
rows = con.execute("""
WITH d AS (SELECT year, subject, grade, stddev_samp(primary_score) AS d_sd FROM pupils GROUP BY ALL),
     r AS (SELECT year, subject, grade, value AS region_mean, n AS region_n FROM ref
           WHERE scope = 'region' AND indicator = 'mean_primary_score'),
     s AS (SELECT year, subject, grade, school_id, count(*) AS n, avg(primary_score) AS mean,
                  stddev_samp(primary_score) AS sd FROM pupils GROUP BY ALL)
SELECT s.year, s.subject, s.grade, s.school_id, s.n, s.mean,
       s.mean - 1.96 * s.sd / sqrt(s.n) AS ci_low, s.mean + 1.96 * s.sd / sqrt(s.n) AS ci_high,
       r.region_mean + 1.96 * d.d_sd / sqrt(r.region_n) AS region_high
FROM s JOIN d USING (year, subject, grade) JOIN r USING (year, subject, grade)
ORDER BY s.year, s.subject, s.grade, s.school_id
""").fetchall()
for year, subject, grade, school, n, mean, low, high, region_high in rows:
    pairs = con.execute("""SELECT journal_mark, primary_score FROM pupils WHERE year = ? AND subject = ? AND grade = ?
                           AND school_id = ? AND journal_mark IS NOT NULL""", [year, subject, grade, school]).fetchall()
    rho = p = None
    if len(pairs) >= 2:
        result = spearmanr([a for a, _ in pairs], [b for _, b in pairs])
        if not math.isnan(result.statistic):
            rho = float(result.statistic)
            p = None if len(pairs) < 3 or math.isnan(result.pvalue) else float(result.pvalue)
    counts = dict(con.execute("""SELECT primary_score, count(*) FROM pupils WHERE year = ? AND subject = ? AND grade = ?
                                 AND school_id = ? GROUP BY ALL""", [year, subject, grade, school]).fetchall())
    thresholds = [t for (t,) in con.execute("""SELECT min_score FROM scales WHERE year = ? AND subject = ? AND grade = ?
                                               AND exam = 'ВПР' AND mark >= 3 ORDER BY mark""", [year, subject, grade]).fetchall()]
    peaks = 0
    if n >= 20:
        for t in thresholds:
            c0, c1, c2 = counts.get(t, 0), counts.get(t - 1, 0), counts.get(t - 2, 0)
            tail = binom.sf(c0 - 1, c0 + c1 + c2, 1 / 3)
            if c0 >= 6 and c0 >= 3 * max(1.0, (c1 + c2) / 2) and tail < 0.01:
                peaks += 1
    markers.append(dict(year=year, subject=subject, grade=grade, school_id=school, n=n, mean=mean,
                        ci_low=low, ci_high=high, region_high=region_high, rho=rho, rho_p=p, rho_n=len(pairs),
                        m1=bool(n >= 10 and low is not None and low > region_high), m2=bool(n >= 20 and rho is not None and rho < 0),
                        peaks=peaks if n >= 20 else None, m4=bool(n >= 20 and peaks >= 2)))

cohort = []
years = [y for (y,) in con.execute("SELECT DISTINCT year FROM pupils ORDER BY year").fetchall()]
for year in years[1:]:
    rows = con.execute("""
    WITH now AS (SELECT * FROM pupils WHERE year = ?), before AS (SELECT * FROM pupils WHERE year = ? - 1),
    both_classes AS (SELECT DISTINCT n.subject, n.grade, n.school_id, n.letter FROM now n
                     JOIN (SELECT DISTINCT subject, grade, school_id, letter FROM before) b
                       ON n.subject = b.subject AND n.school_id = b.school_id AND n.letter = b.letter AND n.grade = b.grade + 1),
    a AS (SELECT n.subject, n.grade, n.school_id, avg(score_pct) AS s_after, count(*) AS n_after
          FROM now n SEMI JOIN both_classes c USING (subject, grade, school_id, letter) GROUP BY ALL),
    b AS (SELECT p.subject, p.grade + 1 AS grade, p.school_id, avg(score_pct) AS s_before, count(*) AS n_before
          FROM before p SEMI JOIN both_classes c ON p.subject = c.subject AND p.school_id = c.school_id
               AND p.letter = c.letter AND p.grade + 1 = c.grade GROUP BY ALL),
    k AS (SELECT *, s_before / s_after AS k FROM a JOIN b USING (subject, grade, school_id)),
    q AS (SELECT subject, grade, quantile_cont(k, 0.25) AS p25, quantile_cont(k, 0.75) AS p75, count(*) AS schools
          FROM k WHERE n_before >= 5 AND n_after >= 5 GROUP BY ALL)
    SELECT k.subject, k.grade, k.school_id, k.k, k.n_before, k.n_after, q.p25 - 3 * (q.p75 - q.p25), q.p75 + 3 * (q.p75 - q.p25), q.schools
    FROM k JOIN q USING (subject, grade) ORDER BY ALL
    """, [year, year]).fetchall()
    for subject, grade, school, k, nb, na, lower, upper, schools in rows:
        cohort.append(dict(year=year, subject=subject, grade=grade, school_id=school, k=k, n_before=nb, n_after=na,
                           lower=lower, upper=upper,
                           m3=bool(nb >= 20 and na >= 20 and schools >= 4 and (k > upper or k < lower))))

verdicts = {}
for m in markers:
    key = (m["year"], m["school_id"])
    verdicts.setdefault(key, False)
    verdicts[key] |= m["m2"] or m["m4"]
for c in cohort:
    verdicts[(c["year"], c["school_id"])] |= c["m3"]

result = dict(
    versions=dict(python=sys.version.split()[0], duckdb=duckdb.__version__, scipy=scipy.__version__),
    markers=markers, cohort=cohort,
    verdicts=[dict(year=y, school_id=s, non_objective=v) for (y, s), v in sorted(verdicts.items())])
with open(OUT, "w", encoding="utf-8") as handle:
    json.dump(result, handle, ensure_ascii=False, indent=1)
print(f"wrote {OUT}: {len(markers)} school × work rows, {len(cohort)} cohort rows, "
      f"non-objective: {[k for k, v in sorted(verdicts.items()) if v]}")
