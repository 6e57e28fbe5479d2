#!/usr/bin/env python3
"""Independent computation of the objectivity signs on the sample district.

Writes Tests/Reference/domain_reference.json, which Tests/MsokoKitTests/DomainMarkerTests.swift
compares with what Scripts/lib/objectivity.msoko computes (tables `school_work` and
`school_verdict`) for every year of the data (the first year has no cohort sign). Shares no code with msoko: DuckDB
reads the CSVs and does the joins and group sums; the statistics are numpy, scipy and
statsmodels; the rules are those of docs/objectivity.md, transcribed from the method, not from
msoko's code:

- per school × work: n, mean primary score, its 95 % CI x̄ ± 1.96·s/√n, the region's CI
  (region mean + 1.96·s_district/√n_region), marker 1 (n ≥ 2 and CI above the region's),
  Spearman ρ(journal mark, primary score) with its p (scipy.stats.spearmanr) and the pairs;
  mean_z = (x̄ − region mean)/(s_district/√n) pooled as z_mean = Σ√n·mean_z/√Σn, p_mean = Φ(−z_mean);
- journal: pooled Spearman Σ(n_w−1)ρ_w/Σ(n_w−1) and Z = Σ(n_w−1)ρ_w/√Σ(n_w−1) over the works
  with ≥ 3 pairs and neither variable constant (spearmanr per work); the one-sided permutation
  p-value by numpy's own Monte Carlo (scores permuted within works), checked loosely;
- peaks: for each threshold t of mark_scales (marks 3–5) and each work with school pupils in
  t−2…t+2: c0 at t, m in the window; the rest of the district's share at t
  π = (d0 − c0 + 1)/(dm − m + 5); p = P(Σ Bin(m, π) ≥ Σ c0), exact, by numpy convolution of
  scipy.stats.binom.pmf arrays;
- cohort: pupils' z within the district's work (score % of max), classes matched by letter
  across the two years, d = z̄_before − z̄_after, v = s²_b/n_b + s²_a/n_a, DerSimonian–Laird τ²
  around the median d over the district's pairs (≥ 5 pairs), zc = (d − median)/√(v + τ²),
  Z = Σzc/√k, p = min(1, 2·min(2·Φ(−|Z|), k·2·Φ(−max|zc|)));
- gia: ВПР z against ОГЭ/ЕГЭ z (within exam × subject), the same classes (grade 8 last year,
  ОГЭ this year, by letter) where both have ≥ 2 pupils, else all the school's ВПР of the two
  years against its ГИА; per basis median, τ² and ≥ 5 pairs; p = Φ(−z);
- levels: per pupil × work % of max on Б tasks minus the mean of the other schools' pupils with
  the same points on П/В tasks; school mean ū (≥ 2 pupils), its variance s²/n; least-squares
  line of ū in the school's standing z̄ (ВПР of the two years); residual r around its median,
  τ² as above (≥ 5 schools), p = Φ(z);
- the school: signs_n p's, p_school = min(1, signs_n · min p), q's by statsmodels
  multipletests(fdr_bh) over the schools with a p, the verdict (q ≤ ALPHA = 0.02).

p_journal is a Monte Carlo p-value in msoko as here, so everything that depends on it
(p_school, q_school, q_journal) is written twice: `p_other` (the smallest p of the other signs)
for the test to combine with msoko's own p_journal, and `*_mc` with this script's p_journal.

Usage: pip install duckdb numpy scipy statsmodels
       python3 Tests/Reference/make_domain_reference.py [DATA]
"""
import json
import math
import os
import sys
import warnings
from collections import defaultdict

import duckdb
import numpy as np
import scipy
import statsmodels
from scipy.stats import binom, norm, spearmanr
from statsmodels.stats.multitest import multipletests

warnings.simplefilter("ignore")  # constant inputs: scipy warns and gives NaN, msoko gives null
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Datasets")
OUT = os.path.join(ROOT, "Tests", "Reference", "domain_reference.json")
ALPHA = 0.02  # the verdict's α, as Scripts/lib/objectivity.msoko (chosen by the simulation study)
PERMUTATIONS = 20_000

con = duckdb.connect()


def csv(name, **types):
    spec = ", ".join(f"'{k}': '{v}'" for k, v in types.items())
    return f"read_csv('{os.path.join(DATA, name)}', header = true{', types = {' + spec + '}' if spec else ''})"


TEXT = "VARCHAR"
con.execute(f"CREATE TABLE tasks AS SELECT * FROM {csv('tasks.csv', task=TEXT)}")
con.execute(f"CREATE TABLE vpr AS SELECT * FROM {csv('vpr_results.csv', school_id=TEXT, class_id=TEXT, pupil_code=TEXT)}")
con.execute(f"CREATE TABLE scores AS SELECT * FROM "
            f"{csv('vpr_task_scores.csv', school_id=TEXT, class_id=TEXT, pupil_code=TEXT, task=TEXT)}")
con.execute(f"CREATE TABLE ref AS SELECT * FROM {csv('reference_results.csv', task=TEXT)}")
con.execute(f"CREATE TABLE scales AS SELECT * FROM {csv('mark_scales.csv')}")
con.execute(f"CREATE TABLE gia AS SELECT * FROM {csv('gia_results.csv', school_id=TEXT, class_id=TEXT, pupil_code=TEXT)}")
con.execute("CREATE TABLE works AS SELECT year, subject, grade, sum(max_score) AS max_total FROM tasks GROUP BY ALL")
con.execute("""CREATE TABLE pupils AS
SELECT v.*, 100.0 * v.primary_score / w.max_total AS score_pct
FROM vpr v JOIN works w USING (year, subject, grade) WHERE v.status = 'present'""")


def rows(sql, params=()):
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def mean(xs):
    return math.fsum(xs) / len(xs) if xs else None


def var(xs):
    if len(xs) < 2:
        return None
    m = mean(xs)
    return math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def sd(xs):
    v = var(xs)
    return None if v is None else math.sqrt(v)


def median(xs):
    return float(np.median(np.array(xs, dtype=float)))


def letter(class_id, grade):
    """A class's letter as it moves up: the id without its leading grade and a separator."""
    prefix = str(grade)
    if class_id.startswith(prefix):
        return class_id[len(prefix):].replace("-", "").strip()
    return class_id


def dl_tau2(d, v, centre):
    """DerSimonian–Laird between-group variance around a given centre."""
    w = [1 / x for x in v]
    q = math.fsum(wi * (di - centre) ** 2 for di, wi in zip(d, w))
    denominator = math.fsum(w) - math.fsum(wi * wi for wi in w) / math.fsum(w)
    return max(0.0, (q - (len(d) - 1)) / denominator)


def bh(values):
    """Benjamini–Hochberg over the non-null values (statsmodels); nulls stay null."""
    present = [i for i, p in enumerate(values) if p is not None]
    out = [None] * len(values)
    if present:
        adjusted = multipletests([values[i] for i in present], method="fdr_bh")[1]
        for i, q in zip(present, adjusted):
            out[i] = float(q)
    return out


def binom_sum_upper_tail(ks, ns, ps):
    """P(Σ X_i ≥ Σ k_i), X_i ~ Bin(n_i, p_i) independent: the exact pmf by convolution."""
    pmf = np.array([1.0])
    for n, p in zip(ns, ps):
        pmf = np.convolve(pmf, binom.pmf(np.arange(n + 1), n, p))
    return min(1.0, math.fsum(pmf[int(sum(ks)):].tolist()))


def permutation_p(strata, rng):
    """One-sided Monte Carlo p of the pooled Spearman Z against a negative association:
    (1 + #{Z* ≤ Z}) / (1 + B), scores permuted within each stratum."""
    observed = 0.0
    permuted = np.zeros(PERMUTATIONS)
    for x, y in strata:
        rx = scipy.stats.rankdata(x) - (len(x) + 1) / 2
        ry = scipy.stats.rankdata(y) - (len(y) + 1) / 2
        w = (len(x) - 1) / math.sqrt(float(rx @ rx) * float(ry @ ry))
        observed += w * float(rx @ ry)
        shuffled = rng.permuted(np.tile(ry, (PERMUTATIONS, 1)), axis=1)
        permuted += w * (shuffled @ rx)
    at_most = int(np.sum(permuted <= observed + 1e-9 * max(1.0, abs(observed))))
    return (1 + at_most) / (1 + PERMUTATIONS)


def year_reference(year):
    before = year - 1
    # ---- standing: z of the % of max within the district's work, this year and last ----
    pupils = rows("SELECT * FROM pupils WHERE year BETWEEN ? AND ?", (before, year))
    by_work = defaultdict(list)
    for p in pupils:
        by_work[(p["year"], p["subject"], p["grade"])].append(p)
    district = {}
    for key, ps in by_work.items():
        scores = [p["primary_score"] for p in ps]
        pcts = [p["score_pct"] for p in ps]
        district[key] = dict(mean=mean(scores), sd=sd(scores), mean_pct=mean(pcts), sd_pct=sd(pcts))
    for p in pupils:
        d = district[(p["year"], p["subject"], p["grade"])]
        p["z"] = (p["score_pct"] - d["mean_pct"]) / d["sd_pct"] if d["sd_pct"] and d["sd_pct"] > 0 else None
    now = [p for p in pupils if p["year"] == year]
    last = [p for p in pupils if p["year"] == before]
    schools = sorted({p["school_id"] for p in now})

    # ---- per school × work ----
    region = {(r["subject"], r["grade"]): r for r in rows(
        """SELECT subject, grade, value AS region_mean, n AS region_n FROM ref
           WHERE year = ? AND scope = 'region' AND indicator = 'mean_primary_score'""", (year,))}
    groups = defaultdict(list)
    for p in now:
        groups[(p["subject"], p["grade"], p["school_id"])].append(p)
    school_work = []
    for (subject, grade, school), ps in sorted(groups.items()):
        scores = [p["primary_score"] for p in ps]
        n, m, s = len(ps), mean(scores), sd(scores)
        d = district[(year, subject, grade)]
        low = high = None
        if s is not None:
            low, high = m - 1.96 * s / math.sqrt(n), m + 1.96 * s / math.sqrt(n)
        r = region.get((subject, grade), {})
        region_mean, region_n = r.get("region_mean"), r.get("region_n")
        region_high = None
        if region_mean is not None:
            region_high = region_mean + (1.96 * d["sd"] / math.sqrt(region_n) if region_n else 0.0)
        m1 = False if n < 2 else (None if low is None or region_high is None else bool(low > region_high))
        centre = region_mean if region_mean is not None else d["mean"]
        mean_z = (m - centre) / (d["sd"] / math.sqrt(n)) if d["sd"] and d["sd"] > 0 else None
        pairs = [(p["journal_mark"], p["primary_score"]) for p in ps if p["journal_mark"] is not None]
        rho = rho_p = None
        if len(pairs) >= 2:
            result = spearmanr([a for a, _ in pairs], [b for _, b in pairs])
            if not math.isnan(result.statistic):
                rho = float(result.statistic)
                rho_p = None if len(pairs) < 3 or math.isnan(result.pvalue) else float(result.pvalue)
        school_work.append(dict(year=year, subject=subject, grade=grade, school_id=school, n=n, mean=m,
                                ci_low=low, ci_high=high, region_high=region_high, m1=m1, mean_z=mean_z,
                                rho=rho, rho_p=rho_p, rho_n=len(pairs), pairs=pairs))

    verdict = {s: dict(year=year, school_id=s) for s in schools}
    for s in schools:
        works = [w for w in school_work if w["school_id"] == s]
        v = verdict[s]
        v["works_n"], v["pupils_n"] = len(works), sum(w["n"] for w in works)
        v["m1_works"] = sum(1 for w in works if w["m1"])
        zs = [(w["n"], w["mean_z"]) for w in works if w["mean_z"] is not None]
        v["z_mean"] = math.fsum(math.sqrt(n) * z for n, z in zs) / math.sqrt(v["pupils_n"]) if zs else None
        v["p_mean"] = None if v["z_mean"] is None else float(norm.sf(v["z_mean"]))

    # ---- journal: pooled Spearman within works ----
    rng = np.random.default_rng(20250101 + year)
    for s in schools:
        strata = []
        for w in school_work:
            if w["school_id"] != s or len(w["pairs"]) < 3:
                continue
            x = [a for a, _ in w["pairs"]]
            y = [b for _, b in w["pairs"]]
            if len(set(x)) < 2 or len(set(y)) < 2:
                continue
            strata.append((np.array(x, dtype=float), np.array(y, dtype=float), float(spearmanr(x, y).statistic)))
        v = verdict[s]
        v["journal_n"] = sum(w["rho_n"] for w in school_work if w["school_id"] == s)
        if strata:
            total = math.fsum(len(x) - 1 for x, _, _ in strata)
            weighted = math.fsum((len(x) - 1) * r for x, _, r in strata)
            v["rho_pooled"], v["z_journal"], v["journal_works"] = weighted / total, weighted / math.sqrt(total), len(strata)
            v["p_journal_mc"] = permutation_p([(x, y) for x, y, _ in strata], rng)
        else:
            v["rho_pooled"] = v["z_journal"] = v["p_journal_mc"] = None
            v["journal_works"] = 0

    # ---- peaks: excess at the thresholds, exact tail of a sum of binomials ----
    thresholds = rows("""SELECT subject, grade, mark, min_score AS t FROM scales
                         WHERE year = ? AND coalesce(exam, 'ВПР') = 'ВПР' AND mark >= 3""", (year,))
    histogram = defaultdict(lambda: defaultdict(int))      # (subject, grade, school) -> score -> n
    district_histogram = defaultdict(lambda: defaultdict(int))
    for p in now:
        histogram[(p["subject"], p["grade"], p["school_id"])][p["primary_score"]] += 1
        district_histogram[(p["subject"], p["grade"])][p["primary_score"]] += 1
    for s in schools:
        ks, ms, shares = [], [], []
        for t in thresholds:
            own = histogram.get((t["subject"], t["grade"], s))
            if own is None:
                continue
            window = [t["t"] + k for k in range(-2, 3)]
            m = sum(own.get(x, 0) for x in window)
            if m == 0:
                continue
            c0 = own.get(t["t"], 0)
            dh = district_histogram[(t["subject"], t["grade"])]
            d0, dm = dh.get(t["t"], 0), sum(dh.get(x, 0) for x in window)
            ks.append(c0)
            ms.append(m)
            shares.append((d0 - c0 + 1) / (dm - m + 5))
        v = verdict[s]
        v["windows_n"], v["at_threshold"], v["near_threshold"] = len(ks), sum(ks), sum(ms)
        v["expected_at"] = math.fsum(m * p for m, p in zip(ms, shares)) if ks else None
        v["p_peaks"] = binom_sum_upper_tail(ks, ms, shares) if ks else None

    # ---- cohort: the same classes a year later ----
    after_groups = defaultdict(list)
    before_groups = defaultdict(list)
    before_keys = {(p["subject"], p["grade"], p["school_id"], letter(p["class_id"], p["grade"])) for p in last}
    after_keys = {(p["subject"], p["grade"], p["school_id"], letter(p["class_id"], p["grade"])) for p in now}
    for p in now:
        if (p["subject"], p["grade"] - 1, p["school_id"], letter(p["class_id"], p["grade"])) in before_keys:
            after_groups[(p["subject"], p["grade"], p["school_id"])].append(p)
    for p in last:
        if (p["subject"], p["grade"] + 1, p["school_id"], letter(p["class_id"], p["grade"])) in after_keys:
            before_groups[(p["subject"], p["grade"] + 1, p["school_id"])].append(p)
    pairs = []
    for key, after in after_groups.items():
        b = before_groups.get(key)
        if not b:
            continue
        za = [p["z"] for p in after if p["z"] is not None]
        zb = [p["z"] for p in b if p["z"] is not None]
        if len(za) < 2 or len(zb) < 2:
            continue
        pairs.append(dict(school_id=key[2], d=mean(zb) - mean(za), v=var(zb) / len(zb) + var(za) / len(za)))
    cohort_spread = None
    if len(pairs) >= 5:
        centre = median([p["d"] for p in pairs])
        tau2 = dl_tau2([p["d"] for p in pairs], [p["v"] for p in pairs], centre)
        cohort_spread = dict(centre=centre, tau2=tau2, pairs_n=len(pairs))
    for s in schools:
        v = verdict[s]
        v["z_cohort"] = v["p_cohort"] = v["cohort_subjects"] = None
        mine = [p for p in pairs if p["school_id"] == s]
        if cohort_spread and mine:
            zc = [(p["d"] - cohort_spread["centre"]) / math.sqrt(p["v"] + cohort_spread["tau2"]) for p in mine]
            k = len(zc)
            z = math.fsum(zc) / math.sqrt(k)
            v["z_cohort"], v["cohort_subjects"] = z, k
            v["p_cohort"] = min(1.0, 2 * min(2 * float(norm.sf(abs(z))), k * 2 * float(norm.sf(max(abs(x) for x in zc)))))

    # ---- gia: ВПР standing against ОГЭ/ЕГЭ standing ----
    gia = rows("SELECT * FROM gia WHERE year = ? AND primary_score IS NOT NULL", (year,))
    exam_groups = defaultdict(list)
    for g in gia:
        exam_groups[(g["exam"], g["subject"])].append(g["primary_score"])
    exam_stats = {k: (mean(xs), sd(xs)) for k, xs in exam_groups.items()}
    for g in gia:
        m, s_ = exam_stats[(g["exam"], g["subject"])]
        g["gz"] = (g["primary_score"] - m) / s_ if s_ and s_ > 0 else None
        g["gia_grade"] = 11 if g["exam"] == "ЕГЭ" else 9
        g["letter"] = letter(g["class_id"], g["gia_grade"])
    vpr_before_keys = {(p["school_id"], letter(p["class_id"], p["grade"]), p["grade"] + 1) for p in last}
    gia_keys = {(g["school_id"], g["letter"], g["gia_grade"]) for g in gia}

    def summary(values):
        xs = [x for x in values if x is not None]
        return dict(z=mean(xs), n=len(xs), v=var(xs))

    gia_pairs = []
    for s in schools:
        cohort_g = summary([g["gz"] for g in gia if g["school_id"] == s
                            and (s, g["letter"], g["gia_grade"]) in vpr_before_keys])
        cohort_v = summary([p["z"] for p in last if p["school_id"] == s
                            and (s, letter(p["class_id"], p["grade"]), p["grade"] + 1) in gia_keys])
        if cohort_g["n"] >= 2 and cohort_v["n"] >= 2:
            gv, vv, basis = cohort_g, cohort_v, "cohort"
        else:
            gv = summary([g["gz"] for g in gia if g["school_id"] == s])
            vv = summary([p["z"] for p in pupils if p["school_id"] == s])
            basis = "school"
            if gv["n"] < 2 or vv["n"] < 2:
                continue
        variance = (vv["v"] if vv["v"] is not None else 1) / vv["n"] + (gv["v"] if gv["v"] is not None else 1) / gv["n"]
        gia_pairs.append(dict(school_id=s, basis=basis, d=vv["z"] - gv["z"], v=variance, n_gia=gv["n"], n_vpr=vv["n"]))
    gia_spread = {}
    for basis in {p["basis"] for p in gia_pairs}:
        mine = [p for p in gia_pairs if p["basis"] == basis]
        centre = median([p["d"] for p in mine])
        gia_spread[basis] = dict(centre=centre, tau2=dl_tau2([p["d"] for p in mine], [p["v"] for p in mine], centre),
                                 pairs_n=len(mine))
    for s in schools:
        verdict[s].update(z_gia=None, p_gia=None, gia_basis=None)
    for p in gia_pairs:
        spread = gia_spread[p["basis"]]
        if spread["pairs_n"] < 5:
            continue
        z = (p["d"] - spread["centre"]) / math.sqrt(p["v"] + spread["tau2"])
        verdict[p["school_id"]].update(z_gia=z, p_gia=float(norm.sf(z)), gia_basis=p["basis"], n_gia=p["n_gia"], n_vpr=p["n_vpr"])

    # ---- levels: basic tasks against the district's pupils with the same hard-task points ----
    task_pupils = rows("""
    WITH t AS (SELECT s.*, k.max_score, k.level, coalesce(s.score, 0) AS points
               FROM scores s JOIN tasks k USING (year, subject, grade, task) WHERE s.year = ?),
         dt AS (SELECT subject, grade, task, 100.0 * sum(points) / sum(max_score) AS district_rate FROM t GROUP BY ALL),
         rt AS (SELECT subject, grade, task, max(value) AS region FROM ref
                WHERE year = ? AND indicator = 'solve_rate' AND scope = 'region' GROUP BY ALL)
    SELECT t.subject, t.grade, t.school_id, t.class_id, t.pupil_code,
           sum(CASE WHEN level = 'Б' THEN points ELSE 0 END) AS easy_points,
           sum(CASE WHEN level = 'Б' THEN max_score ELSE 0 END) AS easy_max,
           sum(CASE WHEN level <> 'Б' THEN points ELSE 0 END) AS hard_points,
           sum(CASE WHEN level <> 'Б' THEN max_score ELSE 0 END) AS hard_max,
           sum(CASE WHEN level = 'Б' THEN coalesce(rt.region, dt.district_rate) * max_score ELSE 0 END) AS easy_ref,
           sum(CASE WHEN level <> 'Б' THEN coalesce(rt.region, dt.district_rate) * max_score ELSE 0 END) AS hard_ref
    FROM t JOIN dt USING (subject, grade, task) LEFT JOIN rt USING (subject, grade, task)
    GROUP BY ALL HAVING easy_max > 0 AND hard_max > 0""", (year, year))
    bins = defaultdict(list)
    for p in task_pupils:
        p["easy_pct"] = 100.0 * p["easy_points"] / p["easy_max"]
        p["easy_diff"] = p["easy_pct"] - p["easy_ref"] / p["easy_max"]
        p["hard_diff"] = 100.0 * p["hard_points"] / p["hard_max"] - p["hard_ref"] / p["hard_max"]
        bins[(p["subject"], p["grade"], p["hard_points"])].append(p)
    residuals = defaultdict(list)
    for key, members in bins.items():
        for s in {p["school_id"] for p in members}:
            others = [p["easy_pct"] for p in members if p["school_id"] != s]
            if not others:
                continue
            expected = mean(others)
            for p in members:
                if p["school_id"] == s:
                    residuals[s].append((p["easy_pct"] - expected, p["easy_diff"], p["hard_diff"]))
    standing = {s: summary([p["z"] for p in pupils if p["school_id"] == s]) for s in {p["school_id"] for p in pupils}}
    level_schools = []
    for s, rs in residuals.items():
        if len(rs) < 2 or s not in standing:
            continue
        u = [r[0] for r in rs]
        level_schools.append(dict(school_id=s, n=len(u), u_mean=mean(u), v_u=var(u) / len(u),
                                  easy_gap=mean([r[1] for r in rs]), hard_gap=mean([r[2] for r in rs]),
                                  z=standing[s]["z"]))
    for s in schools:
        verdict[s].update(z_levels=None, p_levels=None)
    if len(level_schools) >= 5:
        u = np.array([x["u_mean"] for x in level_schools])
        z = np.array([x["z"] for x in level_schools])
        slope, intercept = np.polyfit(z, u, 1)      # least squares: ū on the school's standing
        for x in level_schools:
            x["centre"] = float(intercept + slope * x["z"])
            x["r"] = x["u_mean"] - x["centre"]
        r_centre = median([x["r"] for x in level_schools])
        tau2 = dl_tau2([x["r"] for x in level_schools], [x["v_u"] for x in level_schools], r_centre)
        for x in level_schools:
            zl = (x["r"] - r_centre) / math.sqrt(x["v_u"] + tau2)
            if x["school_id"] in verdict:
                verdict[x["school_id"]].update(levels_n=x["n"], u_mean=x["u_mean"], levels_centre=x["centre"],
                                               easy_gap=x["easy_gap"], hard_gap=x["hard_gap"],
                                               z_levels=zl, p_levels=float(norm.cdf(zl)))

    # ---- the school: Bonferroni over its signs, Benjamini–Hochberg over schools ----
    table = [verdict[s] for s in schools]
    for v in table:
        others = [v[k] for k in ("p_peaks", "p_cohort", "p_gia", "p_levels") if v[k] is not None]
        v["signs_n"] = len(others) + (v["p_journal_mc"] is not None)
        v["p_other"] = min(others) if others else None
        ps = others + ([v["p_journal_mc"]] if v["p_journal_mc"] is not None else [])
        v["p_school_mc"] = min(1.0, v["signs_n"] * min(ps)) if ps else None
    for name in ("peaks", "cohort", "gia", "levels", "mean"):
        for v, q in zip(table, bh([v["p_" + name] for v in table])):
            v["q_" + name] = q
    for v, q in zip(table, bh([v["p_journal_mc"] for v in table])):
        v["q_journal_mc"] = q
    for v, q in zip(table, bh([v["p_school_mc"] for v in table])):
        v["q_school_mc"] = q
        flagged = q is not None and q <= ALPHA
        high_mean = v["m1_works"] > 0 and 2 * v["m1_works"] >= v["works_n"]
        v["non_objective_mc"] = flagged
        v["verdict_mc"] = ("признаки необъективности результатов (методика ФИОКО)" if flagged
                           else "недостаточно данных для вывода" if v["signs_n"] == 0 or v["pupils_n"] < 10
                           else "высокие результаты" if high_mean
                           else "признаков необъективности не выявлено")
    for w in school_work:
        del w["pairs"]
    return school_work, table, dict(cohort=cohort_spread, gia=gia_spread)


years = [y for (y,) in con.execute("SELECT DISTINCT year FROM pupils ORDER BY year").fetchall()]
school_work, school_verdict, spreads = [], [], {}
for year in years:
    sw, sv, spread = year_reference(year)
    school_work += sw
    school_verdict += sv
    spreads[str(year)] = spread

result = dict(
    versions=dict(python=sys.version.split()[0], duckdb=duckdb.__version__, numpy=np.__version__,
                  scipy=scipy.__version__, statsmodels=statsmodels.__version__),
    years=years, permutations=PERMUTATIONS, alpha=ALPHA, spreads=spreads,
    school_work=school_work, school_verdict=school_verdict)
with open(OUT, "w", encoding="utf-8") as handle:
    json.dump(result, handle, ensure_ascii=False, indent=1)
print(f"wrote {OUT}: {len(school_work)} school × work rows, {len(school_verdict)} school rows")
for v in school_verdict:
    if v["non_objective_mc"]:
        print(f"  {v['year']} {v['school_id']}: p_school {v['p_school_mc']:.3g}, q {v['q_school_mc']:.3g}; "
              + ", ".join(f"{k} {v['p_' + k]:.3g}" for k in ("journal_mc", "peaks", "cohort", "gia", "levels")
                          if v["p_" + k] is not None))
