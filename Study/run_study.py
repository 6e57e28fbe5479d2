#!/usr/bin/env python3
"""Simulation study of the objectivity verdicts (FIOKO signs of non-objective results).

For every setting, D synthetic districts are generated (Study/generate_district.py) into
temporary folders, the objectivity script runs on each of them

    MSOKO run Scripts/objectivity.msoko --param data=DIR --param out=OUTDIR --param year=Y

(working directory: the repository root), and its per-school table
`OUTDIR/objectivity/schools.csv` — columns school_id, pupils_n, p_mean, p_journal, p_peaks,
p_cohort, p_gia, p_levels, q_journal, q_peaks, q_cohort, q_gia, q_levels, p_school, q_school,
flagged — is compared with the district's truth.csv.

A marker fires for a school when its q column is ≤ ALPHA (0.02, the script's default; `--alpha`,
which is also passed to the script as `--param alpha=…`, so the verdict uses the same α); an empty q never
fires; the combined verdict fires when `flagged` is `true`.

Settings of the full study (`--districts 200` each):
  * planted: pupils per class N ∈ {5, 10, 15, 20, 40} × strength ∈ {weak, medium, strong}; each
    district plants all five signs (journal, peaks, cohort, gia, levels), each in its own school
    with one class of N pupils per grade, plus a genuinely strong objective gymnasium (`strong`);
  * clean: nothing planted (a `strong` school in half of them); N cycles through the list.
Measured: power = share of districts whose planted school of a sign is caught, by its own marker
and by the combined verdict (Wilson 95 % intervals); false flags = mean number of non-planted
schools (ordinary and `strong`) flagged per district, in clean and in planted districts; how often
the `strong` school is flagged. Written: docs/objectivity-study.csv, docs/objectivity-power.svg,
and a Markdown table on stdout.

`--reduced` (the test suite's version): 30 districts with all signs strong and N drawn from 8-12
per district, plus 30 clean districts. With `--check` it asserts the targets — the combined verdict
catches the planted `journal` school and the planted `peaks` school in ≥ 80 % of the districts each,
clean districts flag ≤ 0.05 schools on average (point estimates), and every district ran — then
prints `study: N passed, M failed` and exits 1 when a check fails.

Seeds: district i of setting s is generated with the seed f"{seed_base}:{s}-{i}" (`--seed-base`,
default "objstudy-1"); the generator derives every stream from it. Standard library only.

    python3 Study/run_study.py                          # full study (release build)
    python3 Study/run_study.py --reduced --check --msoko .build/debug/msoko
"""

import argparse
import concurrent.futures
import csv
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate_district as gd  # noqa: E402

ALPHA = 0.02                    # the objectivity script's default `alpha` (docs/objectivity.md, "The choice of α")
SIGNS = gd.SIGNS
STRENGTHS = gd.STRENGTHS
PUPILS = (5, 10, 15, 20, 40)
DISTRICTS = 200
REDUCED_DISTRICTS = 30
REDUCED_PUPILS = (8, 12)
SEED_BASE = "objstudy-1"
SCRIPT = "Scripts/objectivity.msoko"
BINARY_WAIT = 300           # seconds to wait for a binary that a rebuild has removed
RESULT_FILE = os.path.join("objectivity", "schools.csv")
COLUMNS = ["school_id", "pupils_n", "p_mean"] + [f"p_{s}" for s in SIGNS] + [f"q_{s}" for s in SIGNS] \
    + ["p_school", "q_school", "flagged"]
# the targets checked by --check (the "strong sign": journal marks reversed, or half
# the pupils just below a threshold lifted to it)
TARGET_POWER = {"journal": 0.80, "peaks": 0.80}
TARGET_CLEAN_FALSE_FLAGS = 0.05

LABELS = {"journal": "journal vs results (ρ)", "peaks": "threshold peaks", "cohort": "cohort jump",
          "gia": "ВПР not confirmed by ОГЭ", "levels": "easy worse, hard better", "combined": "combined verdict"}
COLOURS = {"journal": "#1f77b4", "peaks": "#d62728", "cohort": "#2ca02c", "gia": "#9467bd",
           "levels": "#ff7f0e", "combined": "#111111"}


class StudyError(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# One district
# ----------------------------------------------------------------------------------------------
def _number(value, column, seed, school):
    if value is None or value.strip() == "":
        return None
    try:
        x = float(value)
    except ValueError:
        raise StudyError(f"district {seed}: {RESULT_FILE}: school {school!r}: column {column} holds "
                         f"{value!r}, not a number or empty")
    if math.isnan(x):
        return None
    return x


def _tail(text, lines=25):
    rows = (text or "").rstrip().splitlines()
    return "\n".join(("    " + r) for r in rows[-lines:]) or "    (empty)"


def read_verdicts(path, seed, truth_ids, stderr):
    """schools.csv of the objectivity script → {school_id: {column: value}}; clear errors."""
    if not os.path.exists(path):
        out = os.path.dirname(os.path.dirname(path))
        written = sorted(os.path.relpath(os.path.join(top, f), out) for top, _, files in os.walk(out) for f in files)
        raise StudyError(f"district {seed}: the script wrote no {RESULT_FILE} (it wrote: "
                         f"{', '.join(written[:12]) or 'nothing'}{' …' if len(written) > 12 else ''}).\n"
                         "  msoko stderr (last lines):\n" + _tail(stderr))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise StudyError(f"district {seed}: {RESULT_FILE} lacks the column(s) {', '.join(missing)} "
                             f"(has: {', '.join(header) or 'no header'}).\n  msoko stderr (last lines):\n"
                             + _tail(stderr))
        rows = {}
        for row in reader:
            sid = row["school_id"]
            if sid in rows:
                raise StudyError(f"district {seed}: {RESULT_FILE}: school {sid!r} appears twice")
            flagged = (row["flagged"] or "").strip().lower()
            if flagged not in ("true", "false"):
                raise StudyError(f"district {seed}: {RESULT_FILE}: school {sid!r}: flagged is {row['flagged']!r}, "
                                 "not true/false")
            parsed = {"flagged": flagged == "true"}
            for column in COLUMNS[1:-1]:
                parsed[column] = _number(row[column], column, seed, sid)
            for column in [f"q_{s}" for s in SIGNS] + ["q_school"]:
                q = parsed[column]
                if q is not None and not 0 <= q <= 1:
                    raise StudyError(f"district {seed}: {RESULT_FILE}: school {sid!r}: {column} = {q} is not in [0, 1]")
            rows[sid] = parsed
    unknown = sorted(set(rows) - set(truth_ids))
    if unknown:
        raise StudyError(f"district {seed}: {RESULT_FILE} has school ids that are not in the district: "
                         f"{', '.join(map(repr, unknown[:8]))} (ids must stay text, e.g. '0315', 'Школа 3'; "
                         f"the district's: {', '.join(map(repr, truth_ids[:5]))}, …)")
    return rows


def run_district(job, cfg):
    """Generate one district, run the objectivity script on it, compare with the truth.

    Returns a result dict, or {"error": message} when something failed."""
    seed = job["seed"]
    tmp = tempfile.mkdtemp(prefix="district-", dir=cfg.get("tmp_root"))
    try:
        data, out = os.path.join(tmp, "data"), os.path.join(tmp, "out")
        t0 = time.perf_counter()
        truth = gd.generate(data, seed, job["options"])
        t1 = time.perf_counter()
        with open(os.path.join(data, "study.json"), encoding="utf-8") as handle:
            year = json.load(handle)["year"]
        command = [cfg["msoko"], "run", cfg["script"], "--param", f"data={data}", "--param", f"out={out}",
                   "--param", f"year={year}", "--param", f"alpha={cfg['alpha']:g}"]
        proc = None
        for _ in range(BINARY_WAIT // 5):
            # a rebuild may replace the binary while the study runs: wait for it to come back
            if not os.path.exists(cfg["msoko"]):
                time.sleep(5)
                continue
            try:
                proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=cfg["timeout"])
                break
            except subprocess.TimeoutExpired:
                raise StudyError(f"district {seed}: msoko ran longer than {cfg['timeout']} s")
            except OSError:          # e.g. "text file busy" while the linker writes it
                time.sleep(5)
        if proc is None:
            raise StudyError(f"district {seed}: the msoko binary {cfg['msoko']} was missing or unusable "
                             f"for {BINARY_WAIT} s")
        t2 = time.perf_counter()
        if proc.returncode != 0:
            raise StudyError(f"district {seed}: msoko exited with status {proc.returncode}\n  command: "
                             + " ".join(command) + "\n  msoko stderr (last lines):\n" + _tail(proc.stderr))
        ids = [t["school_id"] for t in truth]
        rows = read_verdicts(os.path.join(out, RESULT_FILE), seed, ids, proc.stderr)
        result = evaluate(truth, rows, cfg["alpha"], seed)
        result.update(setting=job["setting"], index=job["index"], seed=seed, year=year,
                      pupils_per_class=job["options"].get("pupils_per_class"),
                      generate_s=round(t1 - t0, 3), msoko_s=round(t2 - t1, 3))
        return result
    except StudyError as error:
        if cfg.get("keep_failed"):
            kept = os.path.join(cfg["keep_failed"], seed.replace(":", "_").replace("/", "_"))
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(tmp, kept)
            return {"error": f"{error}\n  (district kept in {kept})", "seed": seed, "setting": job["setting"]}
        return {"error": str(error), "seed": seed, "setting": job["setting"]}
    except Exception as error:  # a bug of the generator or the driver: still name the district
        return {"error": f"district {seed}: {type(error).__name__}: {error}", "seed": seed, "setting": job["setting"]}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def evaluate(truth, rows, alpha, seed):
    """What the verdicts say about the planted and the other schools."""
    fires = lambda row, sign: row is not None and row[f"q_{sign}"] is not None and row[f"q_{sign}"] <= alpha
    result = {"planted": {}, "strong": None, "others": 0, "others_missing": 0, "false_flagged": 0, "others_q": [],
              "false_marker": {s: 0 for s in SIGNS}, "schools": len(truth)}
    for t in truth:
        row = rows.get(t["school_id"])
        sign = t["planted"]
        if sign in SIGNS:
            if row is None:
                raise StudyError(f"district {seed}: the planted school {t['school_id']!r} ({sign}) has no row "
                                 f"in {RESULT_FILE}")
            result["planted"][sign] = {"school_id": t["school_id"], "marker": fires(row, sign),
                                       "flagged": row["flagged"], "q": row[f"q_{sign}"], "q_school": row["q_school"],
                                       "pupils_n": row["pupils_n"],
                                       "other_markers": [s for s in SIGNS if s != sign and fires(row, s)]}
            continue
        # ordinary schools and the strong school: every flag is a false flag
        result["others"] += 1
        if row is None:
            result["others_missing"] += 1
            continue
        result["false_flagged"] += int(row["flagged"])
        result["others_q"].append(row["q_school"])
        for s in SIGNS:
            result["false_marker"][s] += int(fires(row, s))
        if sign == "strong":
            result["strong"] = {"school_id": t["school_id"], "flagged": row["flagged"],
                                "markers": [s for s in SIGNS if fires(row, s)]}
    return result


# ----------------------------------------------------------------------------------------------
# Settings and jobs
# ----------------------------------------------------------------------------------------------
def build_settings(args):
    """[(name, kind, pupils label, strength, [jobs])]."""
    settings = []
    all_signs = lambda strength: dict({s: strength for s in SIGNS}, strong="")
    if args.reduced:
        d = args.districts or REDUCED_DISTRICTS
        lo, hi = REDUCED_PUPILS
        jobs = []
        for i in range(d):
            seed = f"{args.seed_base}:reduced-strong-{i}"
            n = random.Random(f"{seed}-pupils").randint(lo, hi)
            jobs.append(dict(setting="reduced-strong", index=i, seed=seed,
                             options={"pupils_per_class": n, "plant": all_signs("strong")}))
        settings.append(("reduced-strong", "planted", f"{lo}-{hi}", "strong", jobs))
        jobs = []
        for i in range(d):
            seed = f"{args.seed_base}:reduced-clean-{i}"
            n = random.Random(f"{seed}-pupils").randint(lo, hi)
            jobs.append(dict(setting="reduced-clean", index=i, seed=seed, options={"pupils_per_class": n, "clean": True}))
        settings.append(("reduced-clean", "clean", f"{lo}-{hi}", "", jobs))
        return settings
    d = args.districts or DISTRICTS
    for n in args.pupils:
        for strength in args.strengths:
            name = f"n{n}-{strength}"
            jobs = [dict(setting=name, index=i, seed=f"{args.seed_base}:{name}-{i}",
                         options={"pupils_per_class": n, "plant": all_signs(strength)}) for i in range(d)]
            settings.append((name, "planted", str(n), strength, jobs))
    if not args.no_clean:
        jobs = [dict(setting="clean", index=i, seed=f"{args.seed_base}:clean-{i}",
                     options={"pupils_per_class": args.pupils[i % len(args.pupils)], "clean": True}) for i in range(d)]
        settings.append(("clean", "clean", "-".join(map(str, (min(args.pupils), max(args.pupils)))), "", jobs))
    return settings


def run_all(settings, cfg, jobs_n, keep_going):
    """Runs every job in parallel; returns (results by setting, errors). Stops at the first error
    unless keep_going."""
    jobs = [job for *_, js in settings for job in js]
    results = {name: [] for name, *_ in settings}
    errors = []
    start = time.perf_counter()
    done = 0
    step = max(1, len(jobs) // 20)
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs_n) as pool:
        futures = [pool.submit(run_district, job, cfg) for job in jobs]
        try:
            for future in concurrent.futures.as_completed(futures):
                result = future.result()
                done += 1
                if "error" in result:
                    errors.append(result)
                    # the first error in full (a long run may be stopped before the summary), then one line each
                    text = result["error"] if len(errors) == 1 else result["error"].splitlines()[0]
                    print(f"error: {text}", file=sys.stderr, flush=True)
                    if not keep_going:
                        for f in futures:
                            f.cancel()
                        break
                else:
                    results[result["setting"]].append(result)
                if done % step == 0 or done == len(jobs):
                    elapsed = time.perf_counter() - start
                    eta = elapsed / done * (len(jobs) - done)
                    print(f"[{done:>5}/{len(jobs)}] {elapsed / 60:5.1f} min elapsed, ~{eta / 60:.1f} min to go",
                          file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            for f in futures:
                f.cancel()
            raise
    for rows in results.values():
        rows.sort(key=lambda r: r["index"])
    return results, errors


# ----------------------------------------------------------------------------------------------
# Statistics
# ----------------------------------------------------------------------------------------------
def wilson(k, n, z=1.959963984540054):
    """Wilson score 95 % interval of a proportion k/n."""
    if n == 0:
        return (None, None)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def summarize(settings, results):
    """One row per setting × marker (the five signs and the combined verdict)."""
    rows = []
    for name, kind, pupils, strength, _ in settings:
        res = results[name]
        n = len(res)
        if n == 0:
            continue
        false_flagged = sum(r["false_flagged"] for r in res) / n
        others = sum(r["others"] for r in res) / n
        strong = [r["strong"] for r in res if r["strong"] is not None]
        for marker in SIGNS + ("combined",):
            row = dict(setting=name, kind=kind, pupils_per_class=pupils, strength=strength, marker=marker,
                       districts=n, other_schools_mean=round(others, 2))
            if kind == "planted":
                if marker == "combined":
                    pairs = [r["planted"][s] for r in res for s in SIGNS if s in r["planted"]]
                    k_marker = sum(p["marker"] for p in pairs)
                    k_flag = sum(p["flagged"] for p in pairs)
                    m = len(pairs)
                else:
                    planted = [r["planted"][marker] for r in res if marker in r["planted"]]
                    k_marker = sum(p["marker"] for p in planted)
                    k_flag = sum(p["flagged"] for p in planted)
                    m = len(planted)
                row.update(planted_n=m, power=k_marker / m if m else None, power_ci=wilson(k_marker, m),
                           power_flagged=k_flag / m if m else None, power_flagged_ci=wilson(k_flag, m),
                           power_k=k_marker, power_flagged_k=k_flag)
            else:
                row.update(planted_n=0, power=None, power_ci=(None, None), power_flagged=None,
                           power_flagged_ci=(None, None), power_k=None, power_flagged_k=None)
            if marker == "combined":
                row["false_flags_marker"] = false_flagged
                k_strong = sum(s["flagged"] for s in strong)
            else:
                row["false_flags_marker"] = sum(r["false_marker"][marker] for r in res) / n
                k_strong = sum(marker in s["markers"] for s in strong)
            row.update(false_flags_flagged=false_flagged, strong_n=len(strong),
                       strong_flagged=k_strong / len(strong) if strong else None,
                       strong_flagged_ci=wilson(k_strong, len(strong)), strong_k=k_strong)
            rows.append(row)
    return rows


def fmt(x, digits=3):
    return "" if x is None else f"{x:.{digits}f}"


def pct(x):
    return "—" if x is None else f"{100 * x:.0f} %"


def write_csv(path, rows):
    header = ["setting", "kind", "pupils_per_class", "strength", "marker", "districts", "planted_n",
              "power", "power_low", "power_high", "power_flagged", "power_flagged_low", "power_flagged_high",
              "false_flags_marker", "false_flags_flagged", "other_schools_mean",
              "strong_n", "strong_flagged", "strong_flagged_low", "strong_flagged_high"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for r in rows:
            writer.writerow([r["setting"], r["kind"], r["pupils_per_class"], r["strength"], r["marker"],
                             r["districts"], r["planted_n"], fmt(r["power"]), fmt(r["power_ci"][0]),
                             fmt(r["power_ci"][1]), fmt(r["power_flagged"]), fmt(r["power_flagged_ci"][0]),
                             fmt(r["power_flagged_ci"][1]), fmt(r["false_flags_marker"]),
                             fmt(r["false_flags_flagged"]), fmt(r["other_schools_mean"], 2), r["strong_n"],
                             fmt(r["strong_flagged"]), fmt(r["strong_flagged_ci"][0]), fmt(r["strong_flagged_ci"][1])])


def markdown(settings, rows, alpha):
    """The Markdown table printed to stdout."""
    by = {(r["setting"], r["marker"]): r for r in rows}
    lines = [f"Power: share of districts whose planted school is caught — by its own marker (q ≤ {alpha:g}) / "
             "by the combined verdict (`flagged`). False flags: non-planted schools (ordinary and the strong "
             "gymnasium) flagged per district.", "",
             "| setting | pupils/class | strength | districts | " + " | ".join(SIGNS)
             + " | all five (verdict) | false flags / district | strong school flagged |",
             "|---|---|---|---|" + "---|" * len(SIGNS) + "---|---|---|"]
    for name, kind, pupils, strength, _ in settings:
        if (name, "combined") not in by:
            continue
        c = by[(name, "combined")]
        cells = []
        for s in SIGNS:
            r = by[(name, s)]
            cells.append("—" if r["power"] is None else f"{pct(r['power'])} / {pct(r['power_flagged'])}")
        lo, hi = c["power_flagged_ci"]
        allfive = "—" if c["power_flagged"] is None else f"{pct(c['power_flagged'])} ({pct(lo)}–{pct(hi)})"
        strong = "—" if c["strong_flagged"] is None else f"{pct(c['strong_flagged'])} of {c['strong_n']}"
        lines.append(f"| {name} | {pupils} | {strength or '—'} | {c['districts']} | " + " | ".join(cells)
                     + f" | {allfive} | {c['false_flags_flagged']:.3f} | {strong} |")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# The chart (hand-written SVG)
# ----------------------------------------------------------------------------------------------
def esc(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def svg_chart(rows, alpha):
    """Power by pupils per class: a panel per strength, a line per marker (own marker's q ≤ α),
    the combined verdict (pooled over the five planted schools) in black with its 95 % interval."""
    planted = [r for r in rows if r["kind"] == "planted" and r["pupils_per_class"].isdigit()]
    strengths = [s for s in ("strong", "medium", "weak") if any(r["strength"] == s for r in planted)]
    clean = [r for r in rows if r["kind"] == "clean" and r["marker"] == "combined"]
    if not strengths:
        return None
    xs = sorted({int(r["pupils_per_class"]) for r in planted})
    x_max = max(40, max(xs)) * 1.05
    pw, ph, ml, mt, gap = 330, 260, 60, 78, 40
    width = ml + len(strengths) * (pw + gap) - gap + 230
    height = mt + ph + 110
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{ml}" y="24" font-size="16" font-weight="bold">{esc("Objectivity verdicts: power by pupils per class")}</text>',
           f'<text x="{ml}" y="42" fill="#444">{esc(f"planted school caught (marker q ≤ {alpha:g}; combined verdict = flagged, pooled over the five signs, with 95 % CI)")}</text>']
    for pi, strength in enumerate(strengths):
        x0 = ml + pi * (pw + gap)
        X = lambda n: x0 + pw * n / x_max
        Y = lambda p: mt + ph * (1 - p)
        out.append(f'<rect x="{x0}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
        out.append(f'<text x="{x0 + pw / 2}" y="{mt - 8}" text-anchor="middle" font-weight="bold">{esc(strength + " signs")}</text>')
        for p in (0, 0.2, 0.4, 0.6, 0.8, 1.0):
            out.append(f'<line x1="{x0}" y1="{Y(p):.1f}" x2="{x0 + pw}" y2="{Y(p):.1f}" stroke="#e5e5e5"/>')
            if pi == 0:
                out.append(f'<text x="{x0 - 6}" y="{Y(p) + 4:.1f}" text-anchor="end">{int(p * 100)} %</text>')
        for p in (0.8,):
            out.append(f'<line x1="{x0}" y1="{Y(p):.1f}" x2="{x0 + pw}" y2="{Y(p):.1f}" stroke="#bbb" stroke-dasharray="4 3"/>')
        for n in xs:
            out.append(f'<line x1="{X(n):.1f}" y1="{mt + ph}" x2="{X(n):.1f}" y2="{mt + ph + 4}" stroke="#666"/>')
            out.append(f'<text x="{X(n):.1f}" y="{mt + ph + 17}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x0 + pw / 2}" y="{mt + ph + 34}" text-anchor="middle">pupils per class (one class per grade)</text>')
        for mi, marker in enumerate(SIGNS + ("combined",)):
            dodge = (mi - 2.5) * 2.5          # lines that coincide (e.g. at 100 %) stay visible
            pts = []
            for n in xs:
                r = next((r for r in planted if r["strength"] == strength and r["marker"] == marker
                          and int(r["pupils_per_class"]) == n), None)
                if r is None:
                    continue
                value = r["power_flagged"] if marker == "combined" else r["power"]
                ci = r["power_flagged_ci"] if marker == "combined" else r["power_ci"]
                if value is not None:
                    pts.append((n, value, ci))
            if not pts:
                continue
            colour = COLOURS[marker]
            wide = 3 if marker == "combined" else 1.8
            ydodge = 0 if marker == "combined" else (mi - 2) * 1.6
            path = " ".join(f"{'M' if i == 0 else 'L'}{X(n) + dodge:.1f},{Y(v) + ydodge:.1f}"
                            for i, (n, v, _) in enumerate(pts))
            out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{wide}"/>')
            for n, v, (lo, hi) in pts:
                out.append(f'<circle cx="{X(n) + dodge:.1f}" cy="{Y(v) + ydodge:.1f}" r="3" fill="{colour}"/>')
                if marker == "combined" and lo is not None:
                    out.append(f'<line x1="{X(n) + dodge:.1f}" y1="{Y(lo):.1f}" x2="{X(n) + dodge:.1f}" y2="{Y(hi):.1f}" '
                               f'stroke="{colour}" stroke-width="1"/>')
    lx = ml + len(strengths) * (pw + gap) - gap + 20
    for i, marker in enumerate(SIGNS + ("combined",)):
        y = mt + 12 + 22 * i
        wide = 3 if marker == "combined" else 1.8
        out.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 24}" y2="{y}" stroke="{COLOURS[marker]}" stroke-width="{wide}"/>')
        out.append(f'<text x="{lx + 30}" y="{y + 4}">{esc(LABELS[marker])}</text>')
    y = mt + 12 + 22 * (len(SIGNS) + 1)
    out.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 24}" y2="{y}" stroke="#bbb" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{lx + 30}" y="{y + 4}">80 % target</text>')
    notes = []
    for r in clean:
        notes.append(f"clean districts ({r['districts']}): {r['false_flags_flagged']:.3f} schools flagged per district; "
                     + ("" if r["strong_flagged"] is None else
                        f"strong gymnasium flagged in {100 * r['strong_flagged']:.0f} % of {r['strong_n']}"))
    for strength in strengths:
        ff = [r for r in planted if r["strength"] == strength and r["marker"] == "combined"]
        if ff:
            mean = sum(r["false_flags_flagged"] for r in ff) / len(ff)
            notes.append(f"planted districts, {strength}: {mean:.3f} non-planted schools flagged per district")
    for i, note in enumerate(notes):
        out.append(f'<text x="{ml}" y="{mt + ph + 58 + 16 * i}" fill="#333">{esc(note)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# Checks (--check)
# ----------------------------------------------------------------------------------------------
def run_checks(settings, results, rows, errors, reduced):
    checks = []
    checks.append(("every district ran", not errors,
                   "all ran" if not errors else f"{len(errors)} district(s) failed, first: {errors[0]['seed']}"))
    target = "reduced-strong" if reduced else "n10-strong"
    clean = "reduced-clean" if reduced else "clean"
    by = {(r["setting"], r["marker"]): r for r in rows}
    for sign, minimum in TARGET_POWER.items():
        r = by.get((target, sign))
        if r is None or r["power_flagged"] is None:
            checks.append((f"{sign}: combined verdict catches the planted school in ≥ {100 * minimum:.0f} % ({target})",
                           False, "no results"))
            continue
        lo, hi = r["power_flagged_ci"]
        checks.append((f"{sign}: combined verdict catches the planted school in ≥ {100 * minimum:.0f} % ({target})",
                       r["power_flagged"] >= minimum,
                       f"{r['power_flagged_k']}/{r['planted_n']} = {pct(r['power_flagged'])} (95 % CI {pct(lo)}–{pct(hi)}); "
                       f"own marker {pct(r['power'])}"))
    r = by.get((clean, "combined"))
    if r is None:
        checks.append((f"clean districts flag ≤ {TARGET_CLEAN_FALSE_FLAGS} schools on average", False, "no results"))
    else:
        checks.append((f"clean districts flag ≤ {TARGET_CLEAN_FALSE_FLAGS} schools on average",
                       r["false_flags_flagged"] <= TARGET_CLEAN_FALSE_FLAGS,
                       f"{r['false_flags_flagged']:.3f} per district over {r['districts']} districts "
                       f"(≈ {r['other_schools_mean']:.0f} schools each)"))
    return checks


# ----------------------------------------------------------------------------------------------
def display_path(path):
    rel = os.path.relpath(path, REPO)
    return path if rel.startswith("..") else rel


def read_study_csv(path):
    """docs/objectivity-study.csv back into summary rows (for --replot)."""
    num = lambda v: float(v) if v not in ("", None) else None
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            rows.append(dict(r, districts=int(r["districts"]), planted_n=int(r["planted_n"]), power=num(r["power"]),
                             power_ci=(num(r["power_low"]), num(r["power_high"])),
                             power_flagged=num(r["power_flagged"]),
                             power_flagged_ci=(num(r["power_flagged_low"]), num(r["power_flagged_high"])),
                             false_flags_marker=num(r["false_flags_marker"]),
                             false_flags_flagged=num(r["false_flags_flagged"]),
                             strong_n=int(r["strong_n"]), strong_flagged=num(r["strong_flagged"])))
    return rows


def resolve_msoko(path):
    explicit = path is not None
    path = path or os.path.join(".build", "release", "msoko")
    full = path if os.path.isabs(path) else os.path.join(REPO, path)
    if not os.path.exists(full) and not explicit:
        debug = os.path.join(REPO, ".build", "debug", "msoko")
        if os.path.exists(debug):
            print(f"note: {full} is missing; using the debug build {debug}", file=sys.stderr)
            return debug
    if not os.path.exists(full):
        raise SystemExit(f"error: the msoko binary {full} does not exist — build it "
                         "(swift build -c release --product msoko) or pass --msoko PATH")
    return os.path.abspath(full)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--msoko", help="the msoko binary (default .build/release/msoko, else .build/debug/msoko)")
    parser.add_argument("--script", default=SCRIPT, help=f"the objectivity script (default {SCRIPT})")
    parser.add_argument("--districts", type=int, help=f"districts per setting (default {DISTRICTS}; "
                        f"{REDUCED_DISTRICTS} with --reduced)")
    parser.add_argument("--jobs", type=int, default=2, help="districts run in parallel (default 2)")
    parser.add_argument("--alpha", type=float, default=ALPHA, help=f"a marker fires when q ≤ alpha (default {ALPHA})")
    parser.add_argument("--alpha-sweep", help="also write docs/objectivity-alpha.csv: the verdict's power and false flags "
                                              "at each of these thresholds of q_school (e.g. 0.01,0.02,0.05,0.1)")
    parser.add_argument("--seed-base", default=SEED_BASE, help=f"prefix of every seed (default {SEED_BASE})")
    parser.add_argument("--reduced", action="store_true", help="the test suite's version: 30 strong + 30 clean districts")
    parser.add_argument("--check", action="store_true", help="assert the targets; exit 1 when one fails")
    parser.add_argument("--pupils", default=",".join(map(str, PUPILS)), help="pupils per class of the planted "
                        "schools, full study (default 5,10,15,20,40)")
    parser.add_argument("--strengths", default=",".join(STRENGTHS), help="strengths, full study (default weak,medium,strong)")
    parser.add_argument("--no-clean", action="store_true", help="full study without the clean districts")
    parser.add_argument("--docs", help="folder for objectivity-study.csv and objectivity-power.svg "
                        "(default docs/ for the full study; not written with --reduced unless given)")
    parser.add_argument("--raw", help="also write one row per district (CSV) here")
    parser.add_argument("--keep-going", action="store_true", help="do not stop at the first failed district")
    parser.add_argument("--keep-failed", help="copy the folders of failed districts here")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one msoko run may take (default 600)")
    parser.add_argument("--replot", metavar="CSV", help="only redraw the chart from a study CSV written before "
                        "(into --docs, default docs/)")
    args = parser.parse_args(argv)
    if args.replot:
        chart = svg_chart(read_study_csv(args.replot), args.alpha)
        target = os.path.join(args.docs or os.path.join(REPO, "docs"), "objectivity-power.svg")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(chart or "")
        print(f"written: {target}", file=sys.stderr)
        return 0
    try:
        args.pupils = [int(x) for x in args.pupils.split(",") if x.strip()]
        args.strengths = [x.strip() for x in args.strengths.split(",") if x.strip()]
    except ValueError:
        parser.error("--pupils takes integers, e.g. 5,10,15")
    bad = [s for s in args.strengths if s not in STRENGTHS]
    if bad:
        parser.error(f"unknown strength(s) {', '.join(bad)}")
    msoko = resolve_msoko(args.msoko)
    script = args.script
    if not os.path.exists(script if os.path.isabs(script) else os.path.join(REPO, script)):
        raise SystemExit(f"error: the script {script} does not exist (relative to {REPO})")
    cfg = {"msoko": msoko, "script": script, "alpha": args.alpha, "timeout": args.timeout,
           "keep_failed": os.path.abspath(args.keep_failed) if args.keep_failed else None}

    settings = build_settings(args)
    total = sum(len(js) for *_, js in settings)
    print(f"objectivity study: {len(settings)} settings, {total} districts, {args.jobs} jobs, "
          f"msoko {display_path(msoko)}, alpha {args.alpha:g}, seeds {args.seed_base}:…", file=sys.stderr)
    start = time.perf_counter()
    # every district's folder lives under one temporary root, removed even when the run is stopped
    cfg["tmp_root"] = tempfile.mkdtemp(prefix="msoko-study-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        results, errors = run_all(settings, cfg, args.jobs, args.keep_going)
    finally:
        shutil.rmtree(cfg["tmp_root"], ignore_errors=True)
    elapsed = time.perf_counter() - start
    ran = [r for rs in results.values() for r in rs]

    if errors:
        print(f"\n{len(errors)} district(s) failed (the first error in full above): "
              + ", ".join(e["seed"] for e in errors[:10]) + (" …" if len(errors) > 10 else ""), file=sys.stderr)
    rows = summarize(settings, results)
    if ran:
        print(markdown(settings, rows, args.alpha))
        gen = sum(r["generate_s"] for r in ran) / len(ran)
        run = sum(r["msoko_s"] for r in ran) / len(ran)
        print(f"\n{len(ran)} districts in {elapsed / 60:.1f} min ({args.jobs} jobs); per district: "
              f"generate {gen:.2f} s, msoko {run:.2f} s.")
    if args.raw and ran:
        write_raw(args.raw, ran)
    docs = args.docs or (None if args.reduced else os.path.join(REPO, "docs"))
    if docs and errors:
        print(f"not writing {docs}/objectivity-study.csv: {len(errors)} district(s) failed", file=sys.stderr)
    if docs and rows and not errors:
        write_csv(os.path.join(docs, "objectivity-study.csv"), rows)
        chart = svg_chart(rows, args.alpha)
        if chart:
            with open(os.path.join(docs, "objectivity-power.svg"), "w", encoding="utf-8") as handle:
                handle.write(chart)
        print(f"written: {os.path.join(docs, 'objectivity-study.csv')}" + (
            f", {os.path.join(docs, 'objectivity-power.svg')}" if chart else ""), file=sys.stderr)
    if args.alpha_sweep and ran:
        alphas = [float(a) for a in args.alpha_sweep.split(",")]
        sweep = alpha_sweep(settings, results, alphas)
        target = os.path.join(docs or os.path.join(REPO, "docs"), "objectivity-alpha.csv")
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(sweep[0].keys()), lineterminator="\n")
            writer.writeheader()
            writer.writerows(sweep)
        print("\n| setting | α | " + " | ".join(SIGNS) + " | false flags / district |")
        print("|---|---|" + "---|" * len(SIGNS) + "---|")
        for row in sweep:
            cells = ["" if row[f"power_{s}"] == "" else f"{100 * row[f'power_{s}']:.0f} %" for s in SIGNS]
            print(f"| {row['setting']} | {row['alpha']:g} | " + " | ".join(cells) + f" | {row['false_flags_per_district']:.3f} |")
        print(f"written: {target}", file=sys.stderr)
    if not args.check:
        return 1 if errors else 0
    checks = run_checks(settings, results, rows, errors, args.reduced)
    print()
    for name, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'}  {name}: {detail}")
    passed = sum(1 for _, ok, _ in checks if ok)
    failed = len(checks) - passed
    print(f"study: {passed} passed, {failed} failed")
    return 1 if failed else 0


def alpha_sweep(settings, results, alphas):
    """The choice of the verdict's threshold: for each setting and each α, the combined verdict's
    power per sign (q_school ≤ α) and the false flags per district. The script flags at its
    `alpha` parameter; q_school does not depend on it, so every α is read off one run."""
    rows = []
    for name, kind, pupils, strength, _ in settings:
        ran = results.get(name, [])
        if not ran:
            continue
        for alpha in alphas:
            row = {"setting": name, "kind": kind, "pupils_per_class": pupils, "strength": strength, "alpha": alpha,
                   "districts": len(ran)}
            row["false_flags_per_district"] = round(sum(sum(1 for q in r["others_q"] if q is not None and q <= alpha)
                                                        for r in ran) / len(ran), 4)
            for sign in SIGNS:
                caught = [r["planted"][sign]["q_school"] for r in ran if sign in r["planted"]]
                row[f"power_{sign}"] = (round(sum(1 for q in caught if q is not None and q <= alpha) / len(caught), 4)
                                        if caught else "")
            rows.append(row)
    return rows


def write_raw(path, ran):
    header = ["setting", "index", "seed", "year", "pupils_per_class", "schools", "others", "false_flagged"] \
        + [f"{s}_{k}" for s in SIGNS for k in ("marker", "flagged", "q")] + ["strong_flagged", "generate_s", "msoko_s"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for r in sorted(ran, key=lambda r: (r["setting"], r["index"])):
            cells = [r["setting"], r["index"], r["seed"], r["year"], r["pupils_per_class"], r["schools"],
                     r["others"], r["false_flagged"]]
            for s in SIGNS:
                p = r["planted"].get(s)
                cells += ["", "", ""] if p is None else [str(p["marker"]).lower(), str(p["flagged"]).lower(),
                                                         "" if p["q"] is None else f"{p['q']:.4g}"]
            cells += ["" if r["strong"] is None else str(r["strong"]["flagged"]).lower(), r["generate_s"], r["msoko_s"]]
            writer.writerow(cells)


if __name__ == "__main__":
    sys.exit(main())
