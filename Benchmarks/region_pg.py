#!/usr/bin/env python3
"""A region on PostgreSQL, measured (issue 15, item 6): loads a generated region into a throw-away
PostgreSQL 15 cluster and runs the annual analysis's heaviest pipelines remotely (`load
"postgresql://…"`, compiled to SQL) and locally (the same table exported to CSV and loaded), with
wall time and peak memory of each whole msoko command. Prints a markdown table for docs/scale.md.

The region: 600 schools, 5 years (2021–2025), 5 subjects, grades 4–8, ~17 tasks per work, pupil
codes unique in the region, ~5 % empty scores; ROWS task rows (50M by default) in one table
`vpr_task_scores` (year, subject, grade, school_id, class_id, pupil_code, task, score) generated
by the server itself (generate_series; no CSV goes over the wire), then ANALYZEd.

    python3 Benchmarks/region_pg.py                    # ROWS=50000000 RUNS=1
    ROWS=5000000 python3 Benchmarks/region_pg.py       # a quick look

Needs postgresql-15 (apt) and /usr/bin/time; runs the cluster as the `postgres` user when root.
Everything it makes lives under Benchmarks/data/region-pg (gitignored) and the cluster is stopped
at the end.
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ROWS = int(os.environ.get("ROWS", "50000000"))
RUNS = int(os.environ.get("RUNS", "1"))
PGBIN = "/usr/lib/postgresql/15/bin"
WORK = os.path.join(HERE, "data", "region-pg")
DATA = os.path.join(WORK, "cluster")
SOCK = os.path.join(WORK, "socket")
CSV = os.path.join(WORK, "vpr_task_scores.csv")
MSOKO = os.path.join(ROOT, ".build", "release", "msoko")
URL = "postgresql://postgres@" + SOCK.replace("/", "%2F") + "/postgres"

# The heaviest pipelines of the annual analysis (Scripts/lib/tasks.msoko, monitoring.msoko,
# objectivity.msoko) on the task table: task success by school, work and task for one year; the
# five-year trend by subject and grade; the per-pupil totals the objectivity markers start from.
PIPELINES = [
    ("task success by school × work × task, one year",
     "vpr_task_scores | where year == 2025 and score is not null"
     " | summarize n = count(), mean_score = mean(score), full = pct(score >= 1) by school_id, subject, grade, task"),
    ("five-year trend by subject × grade × year",
     "vpr_task_scores | summarize n = count(), mean_score = mean(score), sd = stddev(score), missing = count_if(score is null)"
     " by year, subject, grade | sort year, subject, grade"),
    ("pupils' totals, one year, one subject",
     "vpr_task_scores | where year == 2025 and subject == \"Математика\""
     " | summarize total = sum(score) by school_id, pupil_code | summarize pupils = count(), mean_total = mean(total) by school_id"),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def as_postgres(cmd):
    """Runs a shell command as the cluster's owner (root may not run initdb)."""
    if os.geteuid() == 0:
        return sh(["su", "postgres", "-c", cmd], stdout=subprocess.DEVNULL)
    return sh(["sh", "-c", cmd], stdout=subprocess.DEVNULL)


def psql(sql):
    return sh([os.path.join(PGBIN, "psql"), "-X", "-q", "-h", SOCK, "-U", "postgres", "-d", "postgres", "-c", sql],
              stdout=subprocess.DEVNULL)


def start_cluster():
    if os.path.exists(WORK):
        subprocess.run(["su", "postgres", "-c", f"{PGBIN}/pg_ctl -D {DATA} stop -m immediate"] if os.geteuid() == 0
                       else [f"{PGBIN}/pg_ctl", "-D", DATA, "stop", "-m", "immediate"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(WORK)
    os.makedirs(SOCK)
    if os.geteuid() == 0:
        sh(["chown", "-R", "postgres", WORK])
    as_postgres(f"{PGBIN}/initdb -A trust -U postgres -D {DATA} >/dev/null")
    # A server for one analyst's batch runs: memory for sorts and hashes, parallel workers on.
    as_postgres(f"{PGBIN}/pg_ctl -D {DATA} -l {WORK}/server.log -w -o \"-k {SOCK} -c listen_addresses='' "
                f"-c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers_per_gather=2\" start")


def stop_cluster():
    subprocess.run(["su", "postgres", "-c", f"{PGBIN}/pg_ctl -D {DATA} stop -m fast"] if os.geteuid() == 0
                   else [f"{PGBIN}/pg_ctl", "-D", DATA, "stop", "-m", "fast"], stdout=subprocess.DEVNULL)


def generate():
    psql(f"""
CREATE TABLE vpr_task_scores AS
SELECT 2021 + (g / 17 / 600 / 25) % 5 AS year,
       (ARRAY['Математика','Русский язык','Окружающий мир','История','Биология'])[1 + (g / 17 / 600 / 5) % 5] AS subject,
       4 + (g / 17 / 600) % 5 AS grade,
       'S' || lpad(((g / 17) % 600)::text, 3, '0') AS school_id,
       (4 + (g / 17 / 600) % 5)::text || (ARRAY['А','Б','В'])[1 + (g / 17) % 3] AS class_id,
       lpad(((g / 17) % 9999991)::text, 7, '0') AS pupil_code,
       (ARRAY['1','2','3','4','5','6','7','8','9.1','9.2','10','11','12','13','14','15','16'])[1 + g % 17] AS task,
       CASE WHEN hashint4(g) % 20 = 0 THEN NULL ELSE abs(hashint4(g + 7)) % 3 END::int AS score
FROM generate_series(0, {ROWS - 1}) AS g;
ANALYZE vpr_task_scores;""")
    psql(f"COPY vpr_task_scores TO '{CSV}' WITH (FORMAT csv, HEADER true)")


def peak(cmd):
    """Wall seconds and peak RSS (bytes) of one command."""
    start = time.perf_counter()
    # English notes, so that "ran here" (a stage not pushed down) can be found in them.
    env = dict(os.environ, LC_ALL="", LC_MESSAGES="C.UTF-8", LANG="C.UTF-8")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)[:300]}\n{err[:2000]}")
    return wall, usage.ru_maxrss * 1024, err


def best(cmd):
    runs = [peak(cmd) for _ in range(RUNS)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]


def main():
    sh(["swift", "build", "-c", "release", "--product", "msoko"], cwd=ROOT)
    started = time.perf_counter()
    start_cluster()
    try:
        generate()
        made = time.perf_counter() - started
        size = os.path.getsize(CSV)
        types = '{school_id: "text", class_id: "text", pupil_code: "text", task: "text"}'
        remote_load = f'load "{URL}/vpr_task_scores" as vpr_task_scores with types = {types}'
        local_load = f'load "{CSV}" as vpr_task_scores with types = {types}'
        print(f"{ROWS:,} task rows ({size / 1e9:.2f} GB as CSV), generated and analysed in {made:.0f} s; "
              f"best of {RUNS}, {os.cpu_count()} cores, PostgreSQL 15 on the same machine")
        print()
        print("| pipeline | on PostgreSQL | peak memory | here (CSV loaded) | peak memory | ratio |")
        print("|---|---|---|---|---|---|")
        for label, pipeline in PIPELINES:
            remote = best([MSOKO, "--format", "csv", "-c", remote_load + "\n" + pipeline])
            local = best([MSOKO, "--format", "csv", "-c", local_load + "\n" + pipeline])
            # A stage that ran here says so in a note: marked, with the stage.
            partly = re.search(r"the pipeline from `(\w+)` on ran here", remote[2])
            where = f" (from `{partly.group(1)}` on here)" if partly else ""
            print(f"| {label} | {remote[0]:.1f} s{where} | {remote[1] / 1e6:.0f} MB | {local[0]:.1f} s | {local[1] / 1e6:.0f} MB"
                  f" | {remote[0] / local[0]:.2f}× |", flush=True)
    finally:
        stop_cluster()


if __name__ == "__main__":
    main()
