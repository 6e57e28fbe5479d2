#!/usr/bin/env python3
"""Computes the expected result of each Tests/Reference/pipelines/NAME.msoko with DuckDB, from the
SQL in NAME.sql, into NAME.csv. Run from the repository root (the corpus is vendored in Tests/Fixtures/corpus):

    pip install duckdb==2.0.1 && python3 Tests/Reference/make_pipeline_reference.py

The Swift test PipelineReferenceTests runs each script and compares cell by cell (doubles to
1e-12 relative). Each CSV's first line is a comment naming the tool and its version.
"""
import csv
import glob
import os

import duckdb

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
corpus = os.path.join(root, "Tests", "Fixtures", "corpus")
os.chdir(root)
con = duckdb.connect()
con.execute("SET threads = 1")  # keeps row_number() OVER () in file order
for sql_path in sorted(glob.glob("Tests/Reference/pipelines/*.sql")):
    sql = open(sql_path, encoding="utf-8").read().replace("{corpus}", corpus)
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    out_path = sql_path[:-4] + ".csv"
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write(f"# computed by DuckDB {duckdb.__version__} from {os.path.basename(sql_path)}\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for row in rows:
            w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row])
    print(out_path, len(rows), "rows")
