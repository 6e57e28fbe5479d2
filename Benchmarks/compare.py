#!/usr/bin/env python3
"""Runs the same work in msoko, the DuckDB CLI and pandas (and sqlite3 at 1M rows), side by side in
one run, and prints times, peak memory and the ratios to DuckDB. Installs what it needs: duckdb-cli
and pandas from PyPI into Benchmarks/.venv, sqlite3 through apt when missing (as root). Builds msoko
in release mode. Makes the data with make_data.py when missing.

Data (issue 14's shape): 8 columns, ~600 schools, pupil codes, ~5 % empty scores; 1M and 10M rows
(SIZES=1,10 by default, in millions).

Work, each a whole command with process start-up, best wall-clock time of RUNS runs:
  load   — read the CSV into memory (every column) and count the rows;
  query  — load every column, keep grade >= 5 with a score, and compute count, mean, sum and
           sample stddev of the score by school_id and task;
  direct — the same query straight from the file, each tool reading only the four columns it
           needs (msoko: a batch run's projection pushdown; DuckDB: FROM read_csv; pandas: usecols);
  loaded — the query alone on a table already in memory: one process loads once and runs the
           query QUERIES times; per query = (time of QUERIES queries − time of 1) / (QUERIES − 1).
Memory: the peak resident set (ru_maxrss of the child, as `/usr/bin/time -v` reports it) of the
load and query commands, as a multiple of the CSV's size; for msoko also the bytes the loaded
dataset holds (`describe`'s storage figure), as a multiple of the CSV's size.
Start-up: `msoko -c 'datasets'` (best of 20). Completion: what Tab costs on the loaded table
(`msoko --complete`, timed inside msoko with MSOKO_TIMING=1).

    python3 Benchmarks/compare.py            # RUNS=3 SIZES=1,10 QUERIES=10
"""
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.path.join(HERE, ".venv")
RUNS = int(os.environ.get("RUNS", "3"))
SIZES = [int(s) for s in os.environ.get("SIZES", "1,10").split(",") if s.strip()]
QUERIES = int(os.environ.get("QUERIES", "10"))
sys.path.insert(0, HERE)
import make_data  # noqa: E402


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_tools(with_sqlite):
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        sh([sys.executable, "-m", "venv", VENV])
    sh([py, "-m", "pip", "install", "--quiet", "duckdb-cli", "pandas"])
    if with_sqlite and shutil.which("sqlite3") is None:
        if os.geteuid() == 0:
            sh(["apt-get", "update", "-qq"])
            sh(["apt-get", "install", "-y", "-qq", "sqlite3"])
        else:
            sys.exit("sqlite3 is missing: sudo apt-get install -y sqlite3")
    sh(["swift", "build", "-c", "release", "--product", "msoko"], cwd=ROOT)
    return py


def data_file(millions):
    path = make_data.path_for(millions * 1_000_000)
    if not os.path.exists(path):
        sh([sys.executable, os.path.join(HERE, "make_data.py"), str(millions * 1_000_000)])
    return path


def measure(cmd, stdin=None, env=None):
    """Runs one command; returns (wall seconds, peak RSS bytes, stdout, stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = proc.communicate(stdin)
    wall = time.perf_counter() - start
    # communicate() has reaped the child; its rusage is in RUSAGE_CHILDREN only in aggregate, so
    # the child is run through wait4 instead when memory matters (see peak()).
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)[:200]}\n{err[:2000]}")
    return wall, out, err


def peak(cmd, stdin=None, env=None):
    """Wall time and peak RSS (bytes) of one run, from wait4's rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin is not None:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)[:200]}\n{err[:2000]}")
    return wall, usage.ru_maxrss * 1024


def best(cmd, stdin=None, env=None):
    """Best wall time and the largest peak RSS over RUNS runs."""
    walls, peaks = [], []
    for _ in range(RUNS):
        wall, rss = peak(cmd, stdin, env)
        walls.append(wall)
        peaks.append(rss)
    return min(walls), max(peaks)


def per_query(run_with, env=None):
    """Per-query time on a loaded table: run_with(n) runs a load then n queries in one process."""
    one = min(measure(run_with(1), env=env)[0] for _ in range(RUNS))
    many = min(measure(run_with(QUERIES), env=env)[0] for _ in range(RUNS))
    return max(many - one, 0.0) / (QUERIES - 1)


def main():
    py = ensure_tools(with_sqlite=1 in SIZES)
    msoko = os.path.join(ROOT, ".build", "release", "msoko")
    duckdb = os.path.join(VENV, "bin", "duckdb")
    versions = {
        "duckdb": subprocess.run([duckdb, "--version"], capture_output=True, text=True).stdout.strip(),
        "pandas": subprocess.run([py, "-c", "import pandas; print(pandas.__version__)"], capture_output=True, text=True).stdout.strip(),
        "msoko": subprocess.run([msoko, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    print(f"best of {RUNS} runs, {os.cpu_count()} cores; {versions['msoko']}, "
          f"DuckDB CLI {versions['duckdb']}, pandas {versions['pandas']}", flush=True)

    startup = min(measure([msoko, "-c", "datasets"])[0] for _ in range(20))
    rows = []
    memory = []
    for millions in SIZES:
        data = data_file(millions)
        size = os.path.getsize(data)
        label = f"{millions}M rows ({size / 1e6:.0f} MB CSV)"
        load = f'load "{data}" as scores with types = {{task: "text"}}'
        query = ("scores | where grade >= 5 and score is not null"
                 " | summarize n = count(), mean_score = mean(score), total = sum(score), sd = stddev(score) by school_id, task")
        duck_load = f"CREATE TABLE scores AS SELECT * FROM read_csv('{data}', types={{'task': 'VARCHAR'}});"
        duck_query = ("SELECT school_id, task, count(*) AS n, avg(score), sum(score), stddev_samp(score) FROM scores"
                      " WHERE grade >= 5 AND score IS NOT NULL GROUP BY school_id, task ORDER BY school_id, task;")
        pandas_read = f"import pandas as pd\nprint(len(pd.read_csv({data!r}, dtype={{'task': str}})))"
        pandas_query_body = ("d = df[(df.grade >= 5) & df.score.notna()]\n"
                             "r = d.groupby(['school_id', 'task']).score.agg(['count', 'mean', 'sum', 'std'])\n")
        pandas_query = (f"import pandas as pd\ndf = pd.read_csv({data!r}, dtype={{'task': str}})\n"
                        + pandas_query_body + "print(r.to_csv())")

        # The file read straight into the query: msoko builds only the columns the pipeline reads
        # (a batch run's `load` read by one pipeline, Plan/ReaderPushdown.swift), DuckDB queries
        # read_csv without a table, pandas reads only those columns (usecols).
        duck_direct = duck_query.replace("FROM scores", f"FROM read_csv('{data}', types={{'task': 'VARCHAR'}})")
        pandas_direct = (f"import pandas as pd\ndf = pd.read_csv({data!r}, dtype={{'task': str}},"
                         " usecols=['grade', 'score', 'school_id', 'task'])\n" + pandas_query_body + "print(r.to_csv())")
        # Whole tables: MSOKO_PUSHDOWN=0 builds every column, as DuckDB's CREATE TABLE and pandas do.
        whole = dict(os.environ, MSOKO_PUSHDOWN="0")

        results = {}
        results["msoko"] = (best([msoko, "-c", load + "\nscores | count"], env=whole),
                            best([msoko, "--format", "csv", "-c", load + "\n" + query], env=whole),
                            # The same whole-table load for 1 and for 10 queries (one query alone would
                            # build only its columns, and the difference would not be the queries').
                            per_query(lambda n: [msoko, "--format", "csv", "-c", load + ("\n" + query) * n], env=whole),
                            best([msoko, "--format", "csv", "-c", load + "\n" + query]))
        results["duckdb"] = (best([duckdb, "-c", duck_load + " SELECT count(*) FROM scores;"]),
                             best([duckdb, "-csv", "-c", duck_load + " " + duck_query]),
                             per_query(lambda n: [duckdb, "-csv", "-c", duck_load + (" " + duck_query) * n]),
                             best([duckdb, "-csv", "-c", duck_direct]))
        pandas_n = lambda n: [py, "-c", f"import pandas as pd\ndf = pd.read_csv({data!r}, dtype={{'task': str}})\n"
                              + ("" if n == 0 else "for _ in range(%d):\n" % n + "".join("    " + line + "\n" for line in pandas_query_body.splitlines()))]
        results["pandas"] = (best([py, "-c", pandas_read]), best([py, "-c", pandas_query]), per_query(pandas_n),
                             best([py, "-c", pandas_direct]))
        if millions == 1:
            sqlite_load = f".mode csv\n.import '{data}' scores\n"
            sqlite_query = ("SELECT school_id, task, count(*), avg(score), sum(score),"
                            " sqrt((sum(score*score) - sum(score)*sum(score)/count(*)) / (count(*) - 1))"
                            " FROM scores WHERE CAST(grade AS INTEGER) >= 5 AND score != '' GROUP BY school_id, task ORDER BY school_id, task;\n")
            results["sqlite3"] = (best(["sqlite3", ":memory:"], sqlite_load + "SELECT count(*) FROM scores;\n"),
                                  best(["sqlite3", ":memory:"], sqlite_load + sqlite_query),
                                  per_query(lambda n: ["sqlite3", ":memory:", "-cmd", ".mode csv", "-cmd", f".import '{data}' scores",
                                                       sqlite_query.strip() * n]))
        # What the loaded dataset holds, as msoko counts it.
        held = None
        _, out, err = measure([msoko, "-c", load + "\ndescribe scores"])
        found = re.search(r"([\d.,]+)\s*(KB|MB|GB|kB)\b in memory", out + err)
        if found:
            scale = {"KB": 1e3, "kB": 1e3, "MB": 1e6, "GB": 1e9}[found.group(2)]
            held = float(found.group(1).replace(",", ".")) * scale
        completion = None
        _, _, err = measure([msoko, "-c", load, "--complete", "scores | where sc"], env=dict(os.environ, MSOKO_TIMING="1"))
        found = re.search(r"completion: ([\d.]+) ms", err)
        if found:
            completion = float(found.group(1))
        rows.append((label, results))
        memory.append((label, size, results, held, completion))

    def ratio(a, b):
        return f"{a / b:.2f}×" if b > 0 else "—"

    print()
    print("| work | msoko | DuckDB CLI | pandas | msoko ÷ DuckDB |")
    print("|---|---|---|---|---|")
    for label, results in rows:
        for index, what in enumerate(("load", "load + filter + 4 aggregates by 2 keys")):
            m, d, p = results["msoko"][index][0], results["duckdb"][index][0], results["pandas"][index][0]
            print(f"| {label}: {what} | {m:.2f} s | {d:.2f} s | {p:.2f} s | {ratio(m, d)} |")
        m, d, p = results["msoko"][2], results["duckdb"][2], results["pandas"][2]
        print(f"| {label}: the query on a loaded table | {m * 1000:.0f} ms | {d * 1000:.0f} ms | {p * 1000:.0f} ms | {ratio(m, d)} |")
        m, d, p = results["msoko"][3][0], results["duckdb"][3][0], results["pandas"][3][0]
        print(f"| {label}: the query straight from the file (only its columns read) | {m:.2f} s | {d:.2f} s | {p:.2f} s | {ratio(m, d)} |")
        if "sqlite3" in results:
            s = results["sqlite3"]
            print(f"| (sqlite3 at {label}: load {s[0][0]:.2f} s, query {s[1][0]:.2f} s, on a loaded table {s[2] * 1000:.0f} ms) | | | | |")
    print()
    print("| peak memory | msoko | DuckDB CLI | pandas | msoko dataset held |")
    print("|---|---|---|---|---|")
    for label, size, results, held, _ in memory:
        for index, what in ((0, "load"), (1, "query"), (3, "query straight from the file")):
            cells = [f"{results[t][index][1] / 1e6:.0f} MB ({results[t][index][1] / size:.2f}×)" for t in ("msoko", "duckdb", "pandas")]
            held_cell = (f"{held / 1e6:.0f} MB ({held / size:.2f}×)" if held else "—") if index == 0 else ""
            print(f"| {label}: {what} | " + " | ".join(cells) + f" | {held_cell} |")
    print()
    print(f"msoko start-up (`msoko -c 'datasets'`): {startup * 1000:.0f} ms")
    for label, _, _, _, completion in memory:
        if completion is not None:
            print(f"Tab completion after `scores | where sc` on {label}: {completion:.1f} ms")


if __name__ == "__main__":
    main()
