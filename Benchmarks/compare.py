#!/usr/bin/env python3
"""Runs the same work in msoko, the DuckDB CLI, pandas and sqlite3, side by side, and prints the
times and the ratios to DuckDB. Installs what it needs: duckdb-cli and pandas from PyPI into
Benchmarks/.venv, sqlite3 through apt when missing (as root). Builds msoko in release mode.

Workloads, on data/task_scores_1m.csv (made by make_data.py when missing):
  read   — read the CSV into memory and count the rows;
  query  — read, then keep grade >= 5 with a score, and compute count, mean, sum and sample
           stddev of the score by school_id and task.
Each figure is the best wall-clock time of RUNS runs of a whole command, process start included
(for pandas: `python -c` importing pandas and doing the work). pandas is also timed inside Python,
without interpreter start-up and import, in the last column.
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "task_scores_1m.csv")
VENV = os.path.join(HERE, ".venv")
RUNS = int(os.environ.get("RUNS", "3"))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_tools():
    if not os.path.exists(DATA):
        sh([sys.executable, os.path.join(HERE, "make_data.py")])
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        sh([sys.executable, "-m", "venv", VENV])
    sh([py, "-m", "pip", "install", "--quiet", "duckdb-cli", "pandas"])
    if shutil.which("sqlite3") is None:
        if os.geteuid() == 0:
            sh(["apt-get", "update", "-qq"])
            sh(["apt-get", "install", "-y", "-qq", "sqlite3"])
        else:
            sys.exit("sqlite3 is missing: sudo apt-get install -y sqlite3")
    sh(["swift", "build", "-c", "release", "--product", "msoko"], cwd=ROOT)
    return py


def best(fn):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run_quiet(cmd, stdin=None):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, input=stdin, text=True)


def main():
    py = ensure_tools()
    msoko = os.path.join(ROOT, ".build", "release", "msoko")
    duckdb = os.path.join(VENV, "bin", "duckdb")
    load = f'load "{DATA}" as scores with types = {{task: "text"}}'
    msoko_query = load + "\nscores | where grade >= 5 and score is not null | summarize n = count(), mean_score = mean(score), total = sum(score), sd = stddev(score) by school_id, task"
    duck_load = f"CREATE TABLE scores AS SELECT * FROM read_csv('{DATA}', types={{'task': 'VARCHAR'}});"
    duck_query = duck_load + " SELECT school_id, task, count(*) AS n, avg(score), sum(score), stddev_samp(score) FROM scores WHERE grade >= 5 AND score IS NOT NULL GROUP BY school_id, task ORDER BY school_id, task;"
    sqlite_load = f".mode csv\n.import '{DATA}' scores\n"
    sqlite_query = sqlite_load + (
        "SELECT school_id, task, count(*), avg(score), sum(score),"
        " sqrt((sum(score*score) - sum(score)*sum(score)/count(*)) / (count(*) - 1))"
        " FROM scores WHERE CAST(grade AS INTEGER) >= 5 AND score != '' GROUP BY school_id, task ORDER BY school_id, task;\n")
    pandas_code = f"""
import time, pandas as pd
def read():
    return pd.read_csv({DATA!r}, dtype={{'task': str}})
def query():
    df = read()
    d = df[(df.grade >= 5) & df.score.notna()]
    return d.groupby(['school_id', 'task']).score.agg(['count', 'mean', 'sum', 'std'])
best_read = min(( (lambda s: (read(), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range({RUNS}) ))
best_query = min(( (lambda s: (query(), time.perf_counter() - s)[1])(time.perf_counter()) for _ in range({RUNS}) ))
print(best_read, best_query)
"""
    results = {}
    results["msoko"] = (
        best(lambda: run_quiet([msoko, "-c", load + "\nscores | count"])),
        best(lambda: run_quiet([msoko, "--format", "csv", "-c", msoko_query])),
    )
    results["duckdb"] = (
        best(lambda: run_quiet([duckdb, "-c", duck_load + " SELECT count(*) FROM scores;"])),
        best(lambda: run_quiet([duckdb, "-csv", "-c", duck_query])),
    )
    results["sqlite3"] = (
        best(lambda: run_quiet(["sqlite3", ":memory:"], stdin=sqlite_load + "SELECT count(*) FROM scores;\n")),
        best(lambda: run_quiet(["sqlite3", ":memory:"], stdin=sqlite_query)),
    )
    pandas_read = f"import pandas as pd\nprint(len(pd.read_csv({DATA!r}, dtype={{'task': str}})))"
    pandas_query = (f"import pandas as pd\ndf = pd.read_csv({DATA!r}, dtype={{'task': str}})\n"
                    "d = df[(df.grade >= 5) & df.score.notna()]\n"
                    "print(d.groupby(['school_id', 'task']).score.agg(['count', 'mean', 'sum', 'std']).to_csv())")
    results["pandas"] = (
        best(lambda: run_quiet([py, "-c", pandas_read])),
        best(lambda: run_quiet([py, "-c", pandas_query])),
    )
    out = subprocess.run([py, "-c", pandas_code], check=True, capture_output=True, text=True).stdout.split()
    pandas_inside = (float(out[0]), float(out[1]))
    versions = {
        "duckdb": subprocess.run([duckdb, "--version"], capture_output=True, text=True).stdout.strip(),
        "sqlite3": subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0],
        "pandas": subprocess.run([py, "-c", "import pandas; print(pandas.__version__)"], capture_output=True, text=True).stdout.strip(),
    }
    base_read, base_query = results["duckdb"]
    print(f"data: {DATA} ({os.path.getsize(DATA) / 1e6:.1f} MB), best of {RUNS}, {os.cpu_count()} cores")
    print(f"versions: duckdb {versions['duckdb']}, sqlite3 {versions['sqlite3']}, pandas {versions['pandas']}")
    print(f"{'tool':<10}{'read (s)':>10}{'× duckdb':>10}{'read+query (s)':>16}{'× duckdb':>10}")
    for tool in ("msoko", "duckdb", "pandas", "sqlite3"):
        r, q = results[tool]
        print(f"{tool:<10}{r:>10.3f}{r / base_read:>10.2f}{q:>16.3f}{q / base_query:>10.2f}")
    print(f"pandas inside Python (no start-up, no import): read {pandas_inside[0]:.3f} s, read+query {pandas_inside[1]:.3f} s")


if __name__ == "__main__":
    main()
