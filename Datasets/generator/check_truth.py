#!/usr/bin/env python3
"""Self-check of the sample district: recomputes everything from the CSVs.

Prints calibration figures (mark shares, absence, ICC, journal agreement, blanks on
the last tasks), then applies simple versions of the FIOKO rules and says whether
each planted signal in truth.csv is detectable and whether the `clean` rows are
clean.  Exit status 0 when every check passes, 1 otherwise.

Needs scipy (`pip install scipy`) for Spearman's rho and the binomial tail.
Usage: python3 check_truth.py [DATA_FOLDER]   (default: the Datasets folder)

Definitions used (documented in Datasets/README.md):
- solve rate of tasks = Σ points / (N present · Σ max) · 100, blanks count as 0;
- insufficient: level Б < 57 %, П/В < 28.5 %; sufficient: Б ≥ 60 %, П/В ≥ 30 %;
- a district problem beyond the norm: insufficient AND ≥ 10 p.p. below the region;
- teacher support: for a skill checked by ≥ 2 tasks of a work, the teacher's
  pupils (n ≥ 25 present) solve its tasks
  ≥ 25 p.p. below the district, the district is sufficient on them, and the skill
  gap exceeds the teacher's gap on all other tasks of the work by ≥ 15 p.p.
  (thresholds for a group of tasks: the level thresholds weighted by max score);
- marker 1: school mean primary score − 1.96·s/√n > region mean + 1.96·s/√n_region;
- marker 2: Spearman rho(journal mark, primary score) < 0 inside a school × work;
- marker 3: K = S(grade N, 2024) / S(grade N+1, 2025), S = mean % of max; fences
  P25 − 3·IQR and P75 + 3·IQR over all schools (≥ 5 present pupils in both years);
  a school is marked only when it has ≥ 20 present pupils in both years;
- marker 4 (threshold peaks): a peak at threshold t (the minimum score of mark 3, 4
  or 5) when count[t] ≥ 6, count[t] ≥ 3 · max(1, mean(count[t−1], count[t−2])) and
  the binomial tail P(X ≥ count[t]; n = count[t] + count[t−1] + count[t−2], p = 1/3)
  < 0.01 (the three scores would be about equally frequent without tampering); a
  school × work is flagged when it has peaks at ≥ 2 of its thresholds (the looser
  "≥ 5 pupils and ≥ 2×" rule is printed for comparison: on groups of ~40 pupils an
  honest histogram is lumpy enough to trip it now and then);
- markers 2 and 4 only on groups with n ≥ 20 present pupils; marker 3 for both pairs of years (2023 -> 2024
  and 2024 -> 2025), marked in the later year;
- class skill deficit: a class of n ≥ 10 on a skill of ≥ 2 tasks, the class's mean pupil rate below the
  weighted insufficiency threshold, the district's at the sufficiency threshold or above, and the
  upper end of the class's 95 % CI (x̄ + 1.96·s/√n) ≥ 10 p.p. below the district;
- monitoring, cohort side (the 2025 rows of g1, g2): the teacher's classes one grade up by letter;
  teacher side (the 2024 rows of g3, g4): the teacher's pupils in the same work a year later (new
  classes), their change of gap to the district against a comparison group's (the planted one, and
  the rule "≥ 10 p.p. below the district the year before, no course on the skill, ≥ 5 pupils both
  years"), difference in differences with a normal 95 % CI over pupils' rates; followed = a course
  whose skill_codes include the skill completed in the year of the recommendation or the next;
- a school's share of «2» in one work (the same subject and grade) rising each year and by ≥ 12 p.p.
  in the last;
- pooled over all the school's works of a year (what judges a small school, whose works all have
  fewer than 20 pupils): journal — Spearman ρ per work (≥ 3 pairs, neither constant), Z =
  Σ(n−1)ρ / √Σ(n−1), a sign when Φ(Z) < 0.001; peaks — c0 pupils at each threshold t among the m
  at t−2…t+2, the rest of the district's share at t π = (d0 − c0 + 1)/(dm − m + 5), a sign when
  the exact P(Σ Bin(m, π) ≥ Σ c0) < 0.001 (markers "2p" and "4p").
"""

import csv
import math
import os
import statistics
import sys
from collections import defaultdict

import numpy as np
from scipy.stats import binom, norm, spearmanr

DATA = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
YEARS = (2023, 2024, 2025)
MIN_GROUP = 20
PEAK_MIN_COUNT = 6
PEAK_RATIO = 3.0
PEAK_P = 0.01
FENCE_IQR = 3.0
PROBLEM_BELOW_REGION = 10.0
TEACHER_GAP = 25.0
TEACHER_SPECIFIC_GAP = 15.0
TEACHER_MIN_N = 25
CALIBRATION = {  # DOMAIN.md: shares 2/3/4/5, below/same/above journal, school mean % (SD), ICC
    ("Математика", 5): ((14.8, 41.1, 32.2, 11.9), (35.4, 57.6, 7.1), 48.0, 0.13),
    ("Русский язык", 4): ((7.6, 31.6, 45.0, 15.8), (19.3, 68.5, 12.2), 62.7, 0.15),
    ("Математика", 8): ((13.6, 59.9, 23.6, 2.8), (34.4, 62.3, 3.3), 44.1, 0.22),
}
SHARE_TOLERANCE = 10.0  # p.p., the years pooled (Математика 5: not 2024, which holds the cohort jump); cohorts vary by chance

failures = []


def check(condition, message):
    print(("  ok   " if condition else "  FAIL ") + message)
    if not condition:
        failures.append(message)
    return condition


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def num(text):
    return None if text == "" else float(text)


def pct(part, whole):
    return 100.0 * part / whole if whole else float("nan")


def quantile(values, p):
    values = sorted(values)
    position = (len(values) - 1) * p
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


# --------------------------------------------------------------------------
# Load
# --------------------------------------------------------------------------
schools = {r["school_id"]: r for r in read("schools.csv")}
teachers = {r["teacher_id"]: r for r in read("teachers.csv")}
tasks = defaultdict(list)
for r in read("tasks.csv"):
    tasks[(int(r["year"]), r["subject"], int(r["grade"]))].append(
        (r["task"], int(r["max_score"]), r["level"], r["skill_code"]))
scales = defaultdict(dict)
for r in read("mark_scales.csv"):
    if r.get("exam", "ВПР") == "ВПР":
        scales[(int(r["year"]), r["subject"], int(r["grade"]))][int(r["mark"])] = (int(r["min_score"]),
                                                                                    int(r["max_score"]))
classes = {(int(r["year"]), r["school_id"], r["class_id"], r["subject"]): r["teacher_id"] for r in read("classes.csv")}
results = read("vpr_results.csv")
for r in results:
    r["year"], r["grade"] = int(r["year"]), int(r["grade"])
    r["work"] = (r["year"], r["subject"], r["grade"])
    r["score"] = num(r["primary_score"])
    r["mark_v"] = num(r["mark"])
    r["journal"] = num(r["journal_mark"])
    r["teacher"] = classes[(r["year"], r["school_id"], r["class_id"], r["subject"])]
present = [r for r in results if r["status"] == "present"]
scores = defaultdict(dict)
for r in read("vpr_task_scores.csv"):
    key = (int(r["year"]), r["subject"], int(r["grade"]), r["school_id"], r["pupil_code"])
    scores[key][r["task"]] = num(r["score"])
reference = {}
for r in read("reference_results.csv"):
    reference[(int(r["year"]), r["subject"], int(r["grade"]), r["scope"], r["indicator"], r["task"])] = float(r["value"])
truth = read("truth.csv")
courses = {r["course_id"]: r for r in read("courses.csv")}
enrolments = read("course_enrolments.csv")
works = sorted(tasks, key=lambda k: (k[0], k[1], k[2]))


def max_score(work):
    return sum(t[1] for t in tasks[work])


def pupil_scores(r):
    return scores[(r["year"], r["subject"], r["grade"], r["school_id"], r["pupil_code"])]


# --------------------------------------------------------------------------
print("== 1. Consistency")
bad_sum = sum(1 for r in present if abs(sum(v or 0 for v in pupil_scores(r).values()) - r["score"]) > 1e-9)
check(bad_sum == 0, f"primary_score = Σ task scores for all {len(present)} present rows (mismatches: {bad_sum})")
bad_mark = 0
for r in present:
    scale = scales[r["work"]]
    expected = [m for m, (lo, hi) in scale.items() if lo <= r["score"] <= hi]
    bad_mark += expected != [r["mark_v"]]
check(bad_mark == 0, f"mark follows mark_scales.csv (mismatches: {bad_mark})")
absent = [r for r in results if r["status"] == "absent"]
check(all(r["primary_score"] == "" and r["mark"] == "" for r in absent), "absent rows have empty score and mark")
check(all(len(pupil_scores(r)) == len(tasks[r["work"]]) for r in present), "every present pupil has a row per task")
code_class = {}
clash = 0
for r in results:
    key = (r["year"], r["school_id"], r["pupil_code"])
    clash += code_class.setdefault(key, r["class_id"]) != r["class_id"]
check(clash == 0, "pupil_code identifies one pupil (one class) within school and year")
print(f"  files: {len(schools)} schools, {len(teachers)} teachers, {len(results)} VPR rows, "
      f"{sum(len(v) for v in scores.values())} task-score rows")

# --------------------------------------------------------------------------
print("\n== 2. Calibration (district, all works)")
print(f"  absent: {pct(len(absent), len(results)):.1f} % of VPR rows")
print(f"  {'work':28} {'n':>4} {'%2':>5} {'%3':>5} {'%4':>5} {'%5':>5} {'mean%':>6} {'sch SD':>6} "
      f"{'ICC':>5} {'below':>6} {'same':>5} {'above':>6}")


def icc(groups):
    """One-way ANOVA ICC(1) for unequal group sizes."""
    groups = [g for g in groups if len(g) >= 2]
    n_total = sum(len(g) for g in groups)
    k = len(groups)
    grand = sum(sum(g) for g in groups) / n_total
    ssb = sum(len(g) * (statistics.fmean(g) - grand) ** 2 for g in groups)
    ssw = sum(sum((x - statistics.fmean(g)) ** 2 for x in g) for g in groups)
    msb, msw = ssb / (k - 1), ssw / (n_total - k)
    n0 = (n_total - sum(len(g) ** 2 for g in groups) / n_total) / (k - 1)
    return (msb - msw) / (msb + (n0 - 1) * msw)


work_stats = {}
for work in works:
    rows = [r for r in present if r["work"] == work]
    marks = [r["mark_v"] for r in rows]
    shares = tuple(pct(marks.count(m), len(marks)) for m in (2, 3, 4, 5))
    m = max_score(work)
    by_school = defaultdict(list)
    for r in rows:
        by_school[r["school_id"]].append(100 * r["score"] / m)
    school_means = [statistics.fmean(v) for v in by_school.values() if len(v) >= 5]
    compared = [r for r in rows if r["journal"] is not None]
    below = pct(sum(r["mark_v"] < r["journal"] for r in compared), len(compared))
    same = pct(sum(r["mark_v"] == r["journal"] for r in compared), len(compared))
    above = pct(sum(r["mark_v"] > r["journal"] for r in compared), len(compared))
    value_icc = icc(list(by_school.values()))
    mean_pct = statistics.fmean(100 * r["score"] / m for r in rows)
    work_stats[work] = dict(shares=shares, icc=value_icc, mean=mean_pct, sd=statistics.pstdev([100 * r["score"] / m for r in rows]))
    print(f"  {work[0]} {work[1]:14} {work[2]}  {len(rows):>4} {shares[0]:5.1f} {shares[1]:5.1f} {shares[2]:5.1f} "
          f"{shares[3]:5.1f} {mean_pct:6.1f} {statistics.pstdev(school_means):6.1f} {value_icc:5.2f} "
          f"{below:6.1f} {same:5.1f} {above:6.1f}")
print("  DOMAIN.md targets (2021 regional data):")
for (subject, grade), (shares, journal, mean, target_icc) in CALIBRATION.items():
    years = (2023, 2025) if (subject, grade) == ("Математика", 5) else YEARS
    marks = [r["mark_v"] for r in present if r["subject"] == subject and r["grade"] == grade and r["year"] in years]
    got = [pct(marks.count(m), len(marks)) for m in (2, 3, 4, 5)]
    print(f"    {subject} {grade}: target shares {shares} (mean {mean} %, ICC {target_icc}, journal {journal})")
    check(max(abs(a - b) for a, b in zip(shares, got)) <= SHARE_TOLERANCE,
          f"{subject} {grade} {years}: shares {' / '.join(f'{g:.1f}' for g in got)} within {SHARE_TOLERANCE} p.p.")
iccs = [s["icc"] for w, s in work_stats.items() if w[1] in ("Математика", "Русский язык")]
print(f"  ICC over Математика/Русский язык works: median {statistics.median(iccs):.2f}, "
      f"range {min(iccs):.2f}–{max(iccs):.2f}")
check(0.10 <= statistics.median(iccs) <= 0.25, "median school ICC within 0.10–0.25")
check(7.0 <= pct(len(absent), len(results)) <= 11.0, "about 9 % absent")
compared = [r for r in present if r["journal"] is not None]
below = pct(sum(r["mark_v"] < r["journal"] for r in compared), len(compared))
same = pct(sum(r["mark_v"] == r["journal"] for r in compared), len(compared))
above = pct(sum(r["mark_v"] > r["journal"] for r in compared), len(compared))
print(f"  VPR vs journal, all works: below {below:.1f} / same {same:.1f} / above {above:.1f}")
check(25 <= below <= 45 and above <= 15, "journal marks inflated (roughly 35/58/7)")
print(f"  journal mark missing: {pct(sum(r['journal'] is None for r in results), len(results)):.1f} %")

print("\n  last two tasks of each work (district): mean points, % blank")
last_blank = []
for work in works:
    rows = [r for r in present if r["work"] == work]
    for task, mx, level, _ in tasks[work][-2:]:
        values = [pupil_scores(r)[task] for r in rows]
        blank = pct(sum(v is None for v in values), len(values))
        last_blank.append(blank)
        if work[1] == "Математика":
            print(f"    {work[0]} {work[1]} {work[2]} task {task} ({level}, max {mx}): "
                  f"{statistics.fmean(v or 0 for v in values):.2f} points, {blank:.0f} % blank")
print(f"  blanks on the last two tasks, all works: median {statistics.median(last_blank):.0f} %, "
      f"range {min(last_blank):.0f}–{max(last_blank):.0f} %")
sizes = defaultdict(int)
for r in results:
    if r["subject"] == "Математика":
        sizes[(r["year"], r["school_id"], r["class_id"])] += 1
print(f"  class sizes: {min(sizes.values())}–{max(sizes.values())}, median {statistics.median(sizes.values())}; "
      f"pupils per grade and year ≈ {sum(sizes.values()) / (5 * len(YEARS)):.0f}")


# --------------------------------------------------------------------------
def solve(rows, work, task_names):
    mx = {t[0]: t[1] for t in tasks[work]}
    points = sum(pupil_scores(r)[t] or 0 for r in rows for t in task_names)
    possible = len(rows) * sum(mx[t] for t in task_names)
    return pct(points, possible)


def insufficient(level, rate):
    return rate < (57.0 if level == "Б" else 28.5)


def sufficient(level, rate):
    return rate >= (60.0 if level == "Б" else 30.0)


def skill_thresholds(skill_tasks):
    """Thresholds for a group of tasks: per-level thresholds weighted by max score."""
    total = sum(t[1] for t in skill_tasks)
    low = sum(t[1] * (57.0 if t[2] == "Б" else 28.5) for t in skill_tasks) / total
    high = sum(t[1] * (60.0 if t[2] == "Б" else 30.0) for t in skill_tasks) / total
    return low, high


print("\n== 3. District task results vs FIOKO thresholds")
district_problems = set()
natural_low = []
for work in works:
    rows = [r for r in present if r["work"] == work]
    for task, mx, level, skill in tasks[work]:
        rate = solve(rows, work, [task])
        region = reference[(work[0], work[1], work[2], "region", "solve_rate", task)]
        if insufficient(level, rate):
            if region - rate >= PROBLEM_BELOW_REGION:
                district_problems.add((work, task))
                print(f"  PROBLEM {work} task {task} ({level}, {skill}): district {rate:.1f} %, region {region:.1f} %")
            else:
                natural_low.append((work, task, level, rate, region))
print(f"  insufficient but at the region's level (hard tasks, not planted): {len(natural_low)} tasks, e.g. "
      + "; ".join(f"{w[1]} {w[2]} ({w[0]}) №{t} {lv} {r:.0f}%/{g:.0f}%" for w, t, lv, r, g in natural_low[:4]))

# --------------------------------------------------------------------------
print("\n== 4. Teachers: skill-specific gaps")
teacher_flags = {}
for work in works:
    rows = [r for r in present if r["work"] == work]
    by_teacher = defaultdict(list)
    for r in rows:
        by_teacher[r["teacher"]].append(r)
    skills = sorted({t[3] for t in tasks[work]})
    all_tasks = [t[0] for t in tasks[work]]
    for skill in skills:
        skill_tasks = [t[0] for t in tasks[work] if t[3] == skill]
        if len(skill_tasks) < 2:   # one item is too noisy to call a teacher's deficit
            continue
        low_threshold, high_threshold = skill_thresholds([t for t in tasks[work] if t[3] == skill])
        other = [t for t in all_tasks if t not in skill_tasks]
        district_rate = solve(rows, work, skill_tasks)
        district_other = solve(rows, work, other)
        for teacher_id, trows in by_teacher.items():
            if len(trows) < TEACHER_MIN_N:
                continue
            rate = solve(trows, work, skill_tasks)
            gap = district_rate - rate
            other_gap = district_other - solve(trows, work, other)
            if (gap >= TEACHER_GAP and gap - other_gap >= TEACHER_SPECIFIC_GAP and district_rate >= high_threshold
                    and rate < low_threshold):
                teacher_flags[(work, teacher_id, skill)] = (rate, district_rate, len(trows))
                print(f"  FLAG {work} {teacher_id} ({trows[0]['school_id']}) {skill}: teacher {rate:.1f} % vs district "
                      f"{district_rate:.1f} % (other tasks gap {other_gap:+.1f}), n = {len(trows)}")

# --------------------------------------------------------------------------
print("\n== 5. Objectivity markers per school × work (markers 2 and 4 on n ≥ 20)")
marker = defaultdict(set)   # (year, school) -> {"1: work", ...}
rho_table = []
loose_peaks = defaultdict(int)   # the looser rule (≥ 5 pupils, ≥ 2× the two scores below) for comparison
for work in works:
    rows = [r for r in present if r["work"] == work]
    m = max_score(work)
    district_sd = statistics.stdev(r["score"] for r in rows)
    region_mean = reference[(work[0], work[1], work[2], "region", "mean_primary_score", "")]
    region_half = 1.96 * district_sd / math.sqrt(21000)
    scale = scales[work]
    thresholds = [scale[mark][0] for mark in (3, 4, 5)]
    by_school = defaultdict(list)
    for r in rows:
        by_school[r["school_id"]].append(r)
    for school_id, srows in sorted(by_school.items()):
        n = len(srows)
        values = [r["score"] for r in srows]
        if n >= 2:
            half = 1.96 * statistics.stdev(values) / math.sqrt(n)
            if statistics.fmean(values) - half > region_mean + region_half:
                marker[(work[0], school_id)].add(f"1:{work[1]} {work[2]}")
        if n < MIN_GROUP:
            continue
        pairs = [(r["journal"], r["score"]) for r in srows if r["journal"] is not None]
        rho = spearmanr([p[0] for p in pairs], [p[1] for p in pairs])
        rho_table.append((rho.statistic, work, school_id, len(pairs)))
        if rho.statistic < 0:
            marker[(work[0], school_id)].add(f"2:{work[1]} {work[2]} rho={rho.statistic:.2f} p={rho.pvalue:.3f} "
                                             f"n={len(pairs)}")
        counts = defaultdict(int)
        for v in values:
            counts[int(v)] += 1
        peaks = []
        for t in thresholds:
            below = (counts[t - 1] + counts[t - 2]) / 2
            trio = counts[t] + counts[t - 1] + counts[t - 2]
            p_value = binom.sf(counts[t] - 1, trio, 1 / 3)   # P(X ≥ count[t]) if the three scores were alike
            if counts[t] >= PEAK_MIN_COUNT and counts[t] >= PEAK_RATIO * max(1.0, below) and p_value < PEAK_P:
                peaks.append(f"{t}:{counts[t]} vs {counts[t - 2]},{counts[t - 1]}")
            if counts[t] >= 5 and counts[t] >= 2 * below:
                loose_peaks[(work, school_id)] += 1
        if len(peaks) >= 2:
            marker[(work[0], school_id)].add(f"4:{work[1]} {work[2]} peaks " + "; ".join(peaks))
rho_table.sort()
loose = sorted((w, s) for (w, s), k in loose_peaks.items() if k >= 2 and s != "S03")
print(f"  looser peak rule (≥ 5 pupils, ≥ 2× mean of the two scores below, 2 thresholds) would also flag "
      f"{len(loose)} unplanted school × work groups: " + "; ".join(f"{s} {w[1]} {w[2]} ({w[0]})" for w, s in loose))
print("  lowest Spearman rho (journal, score) on n ≥ 20: "
      + "; ".join(f"{s} {w[1]} {w[2]} ({w[0]}) {v:.2f}" for v, w, s, _ in rho_table[:6]))
honest = [v for v, w, s, n in rho_table if s not in ("S03",)]
print(f"  honest groups: {len(honest)}, rho median {statistics.median(honest):.2f}, min {min(honest):.2f}")

print("\n  marker 3, cohort K = S(N, year − 1) / S(N+1, year), fences over all schools (n ≥ 5 in both years);"
      "\n  a school is marked (in the later year) only with n ≥ 20 in both years")
for year in YEARS[1:]:
    for subject in ("Математика", "Русский язык"):
        for grade in (4, 5, 6, 7):
            w1, w2 = (year - 1, subject, grade), (year, subject, grade + 1)
            s1, s2 = defaultdict(list), defaultdict(list)
            for r in present:
                if r["work"] == w1:
                    s1[r["school_id"]].append(100 * r["score"] / max_score(w1))
                elif r["work"] == w2:
                    s2[r["school_id"]].append(100 * r["score"] / max_score(w2))
            ks = {s: statistics.fmean(s1[s]) / statistics.fmean(s2[s]) for s in s1 if s in s2 and s2[s]}
            big = [ks[s] for s in ks if len(s1[s]) >= 5 and len(s2[s]) >= 5]
            p25, p75 = quantile(big, 0.25), quantile(big, 0.75)
            iqr = p75 - p25
            low, high = p25 - FENCE_IQR * iqr, p75 + FENCE_IQR * iqr
            out = {s: k for s, k in ks.items() if k > high or k < low}
            small_out = {s: k for s, k in out.items() if not (len(s1[s]) >= MIN_GROUP and len(s2[s]) >= MIN_GROUP)}
            print(f"    {year - 1}->{year} {subject} {grade}->{grade + 1}: P25 {p25:.2f} P75 {p75:.2f} fences "
                  f"{low:.2f}..{high:.2f}; outside: {', '.join(f'{s} K={k:.2f}' for s, k in sorted(out.items())) or 'none'}"
                  + (f" (small groups: {sorted(small_out)})" if small_out else ""))
            for s in out:
                if len(s1[s]) >= MIN_GROUP and len(s2[s]) >= MIN_GROUP:
                    marker[(year, s)].add(f"3:{subject} {grade}->{grade + 1} K={out[s]:.2f} fences {low:.2f}..{high:.2f}")

print("\n  pooled over each school's works of the year (journal Z, threshold excess), p < 0.001")
POOLED_P = 0.001
pooled_small = {}   # (year, school) -> every work has fewer than MIN_GROUP pupils
for year in YEARS:
    rows = [r for r in present if r["year"] == year]
    district_counts = defaultdict(lambda: defaultdict(int))
    for r in rows:
        district_counts[r["work"]][int(r["score"])] += 1
    by_school = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_school[r["school_id"]][r["work"]].append(r)
    for school_id, school_works in sorted(by_school.items()):
        pooled_small[(year, school_id)] = max(len(v) for v in school_works.values()) < MIN_GROUP
        weighted = total = 0.0
        pmf, at = np.array([1.0]), 0
        for work, wrows in school_works.items():
            pairs = [(r["journal"], r["score"]) for r in wrows if r["journal"] is not None]
            if len(pairs) >= 3 and len({a for a, _ in pairs}) > 1 and len({b for _, b in pairs}) > 1:
                rho = spearmanr([a for a, _ in pairs], [b for _, b in pairs]).statistic
                weighted += (len(pairs) - 1) * rho
                total += len(pairs) - 1
            counts = defaultdict(int)
            for r in wrows:
                counts[int(r["score"])] += 1
            for mark in (3, 4, 5):
                t = scales[work][mark][0]
                m = sum(counts[t + k] for k in range(-2, 3))
                if m == 0:
                    continue
                d0, dm = district_counts[work][t], sum(district_counts[work][t + k] for k in range(-2, 3))
                share = (d0 - counts[t] + 1) / (dm - m + 5)
                pmf = np.convolve(pmf, binom.pmf(np.arange(m + 1), m, share))
                at += counts[t]
        z = weighted / math.sqrt(total) if total else 0.0
        p_peaks = float(pmf[at:].sum())
        if norm.cdf(z) < POOLED_P:
            marker[(year, school_id)].add(f"2p:journal pooled over {len(school_works)} works Z={z:.2f} p={norm.cdf(z):.2g}")
        if p_peaks < POOLED_P:
            marker[(year, school_id)].add(f"4p:threshold excess pooled over {len(school_works)} works, {at} at thresholds, "
                                          f"p={p_peaks:.2g}")
        if pooled_small[(year, school_id)]:
            print(f"    {year} {school_id} (every work < {MIN_GROUP} pupils): journal Z = {z:.2f}, threshold excess p = {p_peaks:.2g}")

print("\n  schools with markers (1 = CI above region; 2/3/4 = non-objectivity markers; p = pooled)")
judged = {}
for (year, school_id), found in sorted(marker.items()):
    kinds = {f[0] for f in found}
    nonobjective = bool(kinds & {"2", "3", "4"})
    judged[(year, school_id)] = nonobjective
    m1 = sorted(f for f in found if f[0] == "1")
    print(f"    {year} {school_id} {schools[school_id]['school_name']}: "
          f"{'NON-OBJECTIVE' if nonobjective else 'marker 1 only'}; marker 1 in {len(m1)} works")
    for f in sorted(found):
        if f[0] != "1":
            print(f"        {f}")


# --------------------------------------------------------------------------
print("\n== 6. School level: low results, best practice")
school_year = {}
for year in YEARS:
    rows = [r for r in present if r["year"] == year]
    for school_id in schools:
        srows = [r for r in rows if r["school_id"] == school_id]
        school_year[(year, school_id)] = dict(
            n=len(srows),
            mean=statistics.fmean(100 * r["score"] / max_score(r["work"]) for r in srows),
            two=pct(sum(r["mark_v"] == 2 for r in srows), len(srows)),
            quality=pct(sum(r["mark_v"] >= 4 for r in srows), len(srows)))
    d = dict(mean=statistics.fmean(100 * r["score"] / max_score(r["work"]) for r in rows),
             two=pct(sum(r["mark_v"] == 2 for r in rows), len(rows)),
             quality=pct(sum(r["mark_v"] >= 4 for r in rows), len(rows)))
    school_year[(year, "district")] = d
    ranked = sorted(schools, key=lambda s: school_year[(year, s)]["mean"])
    print(f"  {year} district: mean {d['mean']:.1f} % of max, «2» {d['two']:.1f} %, quality {d['quality']:.1f} %")
    for s in ranked[:3] + ["…"] + ranked[-2:]:
        if s == "…":
            print("    …")
            continue
        v = school_year[(year, s)]
        print(f"    {s} mean {v['mean']:.1f} «2» {v['two']:.1f} quality {v['quality']:.1f} n {v['n']}")


def is_low(year, school_id):
    v, d = school_year[(year, school_id)], school_year[(year, "district")]
    return v["mean"] <= d["mean"] - 10 and v["two"] >= 2 * d["two"] and v["quality"] <= d["quality"] - 15


low_by_year = {year: [s for s in schools if is_low(year, s) and is_low(year - 1, s)] for year in YEARS[1:]}
for year, found in low_by_year.items():
    print(f"  {year}: persistently low ({year - 1} and {year}: mean ≥ 10 p.p. below, «2» ≥ 2× and quality ≥ 15 p.p. "
          f"below the district): {found}")

# --------------------------------------------------------------------------
print("\n== 6a. Classes well below the district on a skill (n ≥ 10, ≥ 2 tasks, class < the insufficiency threshold,"
      "\n   district ≥ the sufficiency threshold, upper end of the class's 95 % CI ≥ 10 p.p. below the district)")


def pupil_skill_rate(r, skill_tasks):
    own = pupil_scores(r)
    return 100.0 * sum(own[t[0]] or 0 for t in skill_tasks) / sum(t[1] for t in skill_tasks)


class_flags = {}   # (year, school, class, skill) -> (work, rate, high, district, n, teacher)
for work in works:
    rows = [r for r in present if r["work"] == work]
    for skill in sorted({t[3] for t in tasks[work]}):
        skill_tasks = [t for t in tasks[work] if t[3] == skill]
        if len(skill_tasks) < 2:
            continue
        low_threshold, high_threshold = skill_thresholds(skill_tasks)
        district_rate = statistics.fmean(pupil_skill_rate(r, skill_tasks) for r in rows)
        if district_rate < high_threshold:
            continue
        by_class = defaultdict(list)
        for r in rows:
            by_class[(r["school_id"], r["class_id"])].append(r)
        for (school_id, class_id), crows in sorted(by_class.items()):
            if len(crows) < 10:
                continue
            values = [pupil_skill_rate(r, skill_tasks) for r in crows]
            rate = statistics.fmean(values)
            high = rate + 1.96 * statistics.stdev(values) / math.sqrt(len(values))
            if rate < low_threshold and high <= district_rate - 10:
                class_flags[(work[0], school_id, class_id, skill)] = (work, rate, high, district_rate, len(values),
                                                                     crows[0]["teacher"])
planted_support = {(int(r["year"]), r["teacher_id"], r["skill_code"]) for r in truth if r["kind"] == "teacher_support"}
planted_class = {(int(r["year"]), r["school_id"], r["class_id"], r["skill_code"]) for r in truth
                 if r["kind"] == "skill_deficit" and r["scope"] == "class"}
for (year, school_id, class_id, skill), (work, rate, high, district_rate, n, teacher_id) in sorted(class_flags.items()):
    why = "planted (class row)" if (year, school_id, class_id, skill) in planted_class else \
        "evidence of a planted teacher_support" if (year, teacher_id, skill) in planted_support else \
        "unplanted: noise of a small class or a low school"
    print(f"  {work} {school_id} {class_id} ({teacher_id}) {skill}: {rate:.1f} % (CI up to {high:.1f}) vs district "
          f"{district_rate:.1f} %, n = {n} — {why}")

# --------------------------------------------------------------------------
print("\n== 6b. Share of «2» per school × work over the three years (rising each year, + ≥ 12 p.p. in the last)")


def mark2_share(school_id, work):
    marks = [r["mark_v"] for r in present if r["work"] == work and r["school_id"] == school_id]
    return (pct(marks.count(2), len(marks)), len(marks)) if marks else (float("nan"), 0)


district_two = {w: pct(sum(r["mark_v"] == 2 for r in present if r["work"] == w),
                       sum(1 for r in present if r["work"] == w)) for w in works}
rising = []
for school_id in sorted(schools):
    for subject, grade in sorted({(w[1], w[2]) for w in works}):
        series = [mark2_share(school_id, (year, subject, grade)) for year in YEARS]
        if min(n for _, n in series) < 10:
            continue
        values = [v for v, _ in series]
        if all(a < b for a, b in zip(values, values[1:])) and values[-1] - values[-2] >= 12:
            rising.append((school_id, subject, grade, series))
planted_rise = {(r["school_id"], r["subject"], int(r["grade"])) for r in truth
                if r["kind"] == "dynamics" and r["scope"] == "school"}
for school_id, subject, grade, series in rising:
    (_, n1), (_, n2) = series[-2], series[-1]
    k1, k2 = round(series[-2][0] * n1 / 100), round(series[-1][0] * n2 / 100)
    pooled = (k1 + k2) / (n1 + n2)
    z = (k2 / n2 - k1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) if 0 < pooled < 1 else 0.0
    d = [district_two[(year, subject, grade)] for year in YEARS]
    print(f"  {school_id} {subject} {grade}: " + " -> ".join(f"{v:.1f} % (n {n})" for v, n in series)
          + f"; last year z = {z:.2f}; district " + " -> ".join(f"{v:.1f}" for v in d)
          + f" (the school's last rise beyond the district's: {series[-1][0] - series[-2][0] - d[-1] + d[-2]:+.1f})"
          + ("  [planted]" if (school_id, subject, grade) in planted_rise else "  (unplanted)"))

# --------------------------------------------------------------------------
print("\n== 7. Truth")


def cohort_rate(school_id, subject, year, grade, letters, skill):
    rows = [r for r in present if r["work"] == (year, subject, grade) and r["school_id"] == school_id
            and r["class_id"][len(str(grade)):] in letters]
    skill_tasks = [t[0] for t in tasks[(year, subject, grade)] if t[3] == skill]
    return solve(rows, (year, subject, grade), skill_tasks), len(rows)


def cohort_rate_district(subject, year, grade, skill):
    rows = [r for r in present if r["work"] == (year, subject, grade)]
    skill_tasks = [t[0] for t in tasks[(year, subject, grade)] if t[3] == skill]
    return solve(rows, (year, subject, grade), skill_tasks), len(rows)


def completed(teacher_id, course_id, before=None, years=None):
    """A completed enrolment (before: only courses completed before that year's VPR, i.e. in an earlier year;
    years: only in those years)."""
    return any(e["teacher_id"] == teacher_id and e["course_id"] == course_id and e["status"] == "completed"
               and (before is None or int(e["year"]) < before) and (years is None or int(e["year"]) in years)
               for e in enrolments)


def skill_courses(skill):
    return [c for c, v in courses.items() if skill in v["skill_codes"].split(";")]


def followed(teacher_id, skill, year):
    """Followed = a course on the skill completed after last year's VPR (year − 1) or this year."""
    return [c for c in skill_courses(skill) if completed(teacher_id, c, years=(year - 1, year))]


def group_gap(work, teacher_ids, skill):
    """The pupils of these teachers in a work: their gap to the district on the skill, its variance, n."""
    skill_tasks = [t for t in tasks[work] if t[3] == skill]
    rows = [r for r in present if r["work"] == work]
    district_rate = statistics.fmean(pupil_skill_rate(r, skill_tasks) for r in rows)
    values = [pupil_skill_rate(r, skill_tasks) for r in rows if r["teacher"] in teacher_ids]
    if len(values) < 2:
        return float("nan"), float("nan"), len(values)
    return statistics.fmean(values) - district_rate, statistics.variance(values) / len(values), len(values)


def change(before_work, after_work, teacher_ids, skill):
    gb, vb, nb = group_gap(before_work, teacher_ids, skill)
    ga, va, na = group_gap(after_work, teacher_ids, skill)
    return gb, ga, ga - gb, vb + va, nb, na


for row in truth:
    year = int(row["year"])
    kind, school_id, teacher_id, skill = row["kind"], row["school_id"], row["teacher_id"], row["skill_code"]
    grade = int(row["grade"]) if row["grade"] else None
    work = (year, row["subject"], grade)
    label = f"{kind}/{row['scope']} {year} {row['subject']} {row['grade']} {school_id} {row['class_id']} " \
            f"{teacher_id} {row['task']} {skill}".replace("  ", " ").replace("  ", " ")
    if kind == "problem_task":
        check((work, row["task"]) in district_problems, label)
    elif kind == "skill_deficit" and row["scope"] == "class":
        hit = class_flags.get((year, school_id, row["class_id"], skill))
        ok = hit is not None and hit[5] == teacher_id
        if hit:
            print(f"        class {hit[1]:.1f} % (CI up to {hit[2]:.1f}) vs district {hit[3]:.1f} %, n = {hit[4]}")
        n_pupils = sum(1 for r in results if r["work"] == work and r["school_id"] == school_id
                       and r["class_id"] == row["class_id"])
        same_subject = [t for t in teachers.values() if t["school_id"] == school_id and t["subject"] == row["subject"]]
        if "one teacher" in row["note"]:
            ok = ok and len(same_subject) == 1
            print(f"        teachers of {row['subject']} at {school_id} in teachers.csv: {[t['teacher_id'] for t in same_subject]}")
        if "primary" in row["note"]:
            ok = ok and grade == 4 and n_pupils >= 15 and teachers[teacher_id]["subject"] == "Начальные классы"
            print(f"        a primary class of {n_pupils} pupils, teacher's subject {teachers[teacher_id]['subject']}")
        check(ok, label)
    elif kind == "skill_deficit":
        skill_tasks = [t for t in tasks[work] if t[3] == skill]
        rows = [r for r in present if r["work"] == work]
        rates = [solve(rows, work, [t[0]]) for t in skill_tasks]
        regions = [reference[(year, work[1], grade, "region", "solve_rate", t[0])] for t in skill_tasks]
        rate = solve(rows, work, [t[0] for t in skill_tasks])
        print(f"        district {rate:.1f} % on tasks {[t[0] for t in skill_tasks]} "
              f"({', '.join(f'{a:.0f}/{b:.0f}' for a, b in zip(rates, regions))} district/region)")
        check(all(insufficient(t[2], r) for t, r in zip(skill_tasks, rates)) and len(skill_tasks) >= 2, label)
    elif kind == "teacher_support":
        hit = [(w, v) for (w, t, s), v in teacher_flags.items() if t == teacher_id and s == skill and w == work]
        if hit:
            rate, district_rate, n = hit[0][1]
            print(f"        teacher {rate:.1f} % vs district {district_rate:.1f} %, n = {n}")
        ok = bool(hit)
        open_courses = [c for c in skill_courses(skill) if not completed(teacher_id, c, before=year)]
        check(ok and bool(open_courses), label + f" (courses on the skill not completed before {year}: {open_courses})")
    elif kind == "objectivity":
        found = marker.get((year, school_id), set())
        if grade:  # the cohort-jump rows
            check(any(f.startswith(f"3:{row['subject']} {grade - 1}->{grade}") for f in found), label)
        elif pooled_small.get((year, school_id)):  # a small school: only the pooled signs can see it
            check(judged.get((year, school_id), False) and any(f[1:2] == "p" for f in found), label + " — pooled sign")
        else:
            check(judged.get((year, school_id), False) and {"1", "2", "4"} <= {f[0] for f in found}, label)
    elif kind == "best_practice":
        found = marker.get((year, school_id), set())
        n_works = len({w for w in works if w[0] == year and any(r["school_id"] == school_id for r in present if r["work"] == w)})
        m1 = [f for f in found if f[0] == "1"]
        print(f"        marker 1 (CI above region) in {len(m1)} of {n_works} works")
        check(len(m1) >= n_works / 2 and not judged.get((year, school_id), False), label)
    elif kind == "low_results":
        check(school_id in low_by_year.get(year, []), label)
    elif kind == "dynamics" and row["scope"] == "school":
        series = [mark2_share(school_id, (y, row["subject"], grade)) for y in YEARS]
        values = [v for v, _ in series]
        print("        share of «2»: " + " -> ".join(f"{v:.1f} % (n {n})" for v, n in series))
        check("mark2_pct" in row["note"] and all(a < b for a, b in zip(values, values[1:]))
              and values[-1] - values[-2] >= 12 and school_id not in ("S02", "S03", "S05", "S11", "S21", "S22", "S23"),
              label + " — «2» rising each year, ≥ 12 p.p. in the last")
    elif kind == "dynamics":
        done = followed(teacher_id, skill, year)
        support_before = [r for r in truth if r["kind"] == "teacher_support" and r["teacher_id"] == teacher_id
                          and r["skill_code"] == skill and int(r["year"]) == year - 1]
        teacher_side = any(int(r["grade"]) == grade for r in support_before)
        letters = ("А", "Б")
        if not teacher_side:   # the cohort one grade up (the 2025 monitoring of g1, g2)
            before, n1 = cohort_rate(school_id, row["subject"], year - 1, grade - 1, letters, skill)
            after, n2 = cohort_rate(school_id, row["subject"], year, grade, letters, skill)
            print(f"        cohort {before:.1f} % (n {n1}) -> {after:.1f} % (n {n2}); course on the skill completed "
                  f"in {year - 1}–{year}: {done or 'none'}")
            if row["note"].startswith("followed"):
                check(bool(done) and after - before >= 20, label + " — cohort side")
            else:
                check(not done and after - before < 5, label + " — cohort side")
            d_before, _ = cohort_rate_district(row["subject"], year - 1, grade - 1, skill)
            d_after, _ = cohort_rate_district(row["subject"], year, grade, skill)
            print(f"        gap to the district: {before - d_before:+.1f} -> {after - d_after:+.1f} p.p.")
            continue
        # the teacher side: the same grade a year later (new classes), against a comparison group
        w0, w1 = (year - 1, row["subject"], grade), (year, row["subject"], grade)
        gb, ga, delta, var, nb, na = change(w0, w1, {teacher_id}, skill)
        flagged_after = any(t == teacher_id and s == skill and w == w1 for (w, t, s) in teacher_flags)
        print(f"        teacher side: gap {gb:+.1f} (n {nb}) -> {ga:+.1f} (n {na}) p.p., change {delta:+.1f}; "
              f"course on the skill completed in {year - 1}–{year}: {done or 'none'}; support need in {year}: {flagged_after}")
        planted_group = {r["teacher_id"] for r in truth if r["kind"] == "clean" and r["scope"] == "teacher"
                         and r["note"].startswith("comparison group") and int(r["year"]) == year - 1
                         and r["skill_code"] == skill}
        # every teacher with a support need (a recommendation) on the skill in that work the year before
        plant_teachers = {r["teacher_id"] for r in truth if r["kind"] == "teacher_support" and r["skill_code"] == skill
                          and int(r["year"]) == year - 1 and r["subject"] == row["subject"] and int(r["grade"]) == grade}
        rule_group = set()
        for t in {r["teacher"] for r in present if r["work"] == w0} - plant_teachers:
            g0, _, n0 = group_gap(w0, {t}, skill)
            g1, _, n1_ = group_gap(w1, {t}, skill)
            if n0 >= 5 and n1_ >= 5 and g0 <= -10 and not followed(t, skill, year):
                rule_group.add(t)
        verdicts = []
        for name, group in (("planted comparison group (g5)", planted_group),
                            ("rule group (≥ 10 p.p. below in the year before, no course, ≥ 5 pupils both years)",
                             rule_group)):
            cb, ca, cdelta, cvar, cnb, cna = change(w0, w1, group, skill)
            did, half = delta - cdelta, 1.96 * math.sqrt(var + cvar)
            print(f"        {name}: {sorted(group)}: gap {cb:+.1f} (n {cnb}) -> {ca:+.1f} (n {cna}), change "
                  f"{cdelta:+.1f}; difference in differences {did:+.1f} p.p. (95 % CI {did - half:+.1f} … {did + half:+.1f})")
            verdicts.append((did, did - half, did + half))
        cohort_before, _ = cohort_rate(school_id, row["subject"], year - 1, grade, letters, skill)
        cohort_after, _ = cohort_rate(school_id, row["subject"], year, grade + 1, letters, skill)
        d0, _ = cohort_rate_district(row["subject"], year - 1, grade, skill)
        d1, _ = cohort_rate_district(row["subject"], year, grade + 1, skill)
        cohort_change = (cohort_after - d1) - (cohort_before - d0)
        print(f"        cohort side ({grade} -> {grade + 1}): gap {cohort_before - d0:+.1f} -> {cohort_after - d1:+.1f} p.p.")
        if row["note"].startswith("followed"):
            check(bool(done) and len(planted_group) >= 4 and gb <= -25 and ga >= -10
                  and all(low > 0 and did >= 10 for did, low, _ in verdicts) and cohort_change >= 10,
                  label + " — teacher side improved beyond the comparison group (and the cohort side)")
        else:
            check(not done and flagged_after and all(did <= 0 for did, _, _ in verdicts)
                  and ("does NOT" not in row["note"] or cohort_change >= 10),
                  label + " — teacher side: no improvement beyond the comparison group")
    elif kind == "clean":
        if row["scope"] == "school":
            check(not judged.get((year, school_id), False), label + " — no objectivity marker 2–4")
        else:
            ok = not any(t == teacher_id and s == skill and w[0] == year for (w, t, s) in teacher_flags)
            if row["note"].startswith("comparison group"):
                g0, _, n0 = group_gap(work, {teacher_id}, skill)
                g1, _, n1_ = group_gap((year + 1, row["subject"], grade), {teacher_id}, skill)
                print(f"        gap {g0:+.1f} (n {n0}) -> {g1:+.1f} (n {n1_}) p.p.; courses on the skill: "
                      f"{[c for c in skill_courses(skill) if completed(teacher_id, c)] or 'none'}")
                ok = ok and g0 <= -10 and g0 < g1 <= 0 and not any(completed(teacher_id, c) for c in skill_courses(skill))
            check(ok, label + " — no teacher_support flag")

print("\n== 8. Nothing unplanted")
planted_objectivity = {(int(r["year"]), r["school_id"]) for r in truth if r["kind"] == "objectivity"}
for key, bad in sorted(judged.items()):
    if bad:
        check(key in planted_objectivity, f"objectivity markers 2–4 at {key} are planted")
planted_problems = {((int(r["year"]), r["subject"], int(r["grade"])), r["task"]) for r in truth
                    if r["kind"] == "problem_task"}
check(district_problems <= planted_problems,
      f"district problem tasks ≥ 10 p.p. below the region are all planted ({sorted(district_problems - planted_problems)})")
planted_teachers = {(int(r["year"]), r["teacher_id"], r["skill_code"]) for r in truth if r["kind"] == "teacher_support"}
check({(w[0], t, s) for (w, t, s) in teacher_flags} <= planted_teachers,
      f"teacher flags are all planted ({sorted({(w, t, s) for (w, t, s) in teacher_flags if (w[0], t, s) not in planted_teachers})})")
for year, found in low_by_year.items():
    planted_low = {r["school_id"] for r in truth if r["kind"] == "low_results" and int(r["year"]) == year}
    check(set(found) <= planted_low, f"persistently low schools of {year} are all planted ({found})")

print()
if failures:
    print(f"{len(failures)} check(s) FAILED")
    sys.exit(1)
print("all checks passed: every planted signal is detectable, clean rows are clean, nothing else trips")
