#!/usr/bin/env python3
"""A second district's inbox for ReceivedFilesTests: another seed, another shape (school ids
`sch38…`, teacher ids `У0001`, quoted school names, no register), kept small.

    python3 Tests/Fixtures/received/make_received_b7.py [--msoko .build/release/msoko]

Generates the district with Study/generate_district.py --seed received-b7 --years 3, keeps its first three schools
(every table cut to them; the results, task scores, ОГЭ and reference figures to the
last year, which is all the test compares), writes the cut district into `b7/district/` and renders
its inbox with Datasets/generator/make_received.py into `b7/received/`. Deterministic.
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
parser = argparse.ArgumentParser()
parser.add_argument("--msoko", default=os.path.join(ROOT, ".build", "release", "msoko"))
parser.add_argument("--schools", type=int, default=3)
args = parser.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(ROOT, "Study", "generate_district.py"), "--out", tmp, "--seed", "received-b7",
                    "--years", "3"], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(HERE, "b7")
    if os.path.exists(out):
        shutil.rmtree(out)
    district = os.path.join(out, "district")
    os.makedirs(district)

    def rows(name):
        with open(os.path.join(tmp, name), encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return reader.fieldnames, list(reader)

    _, schools = rows("schools.csv")
    keep = {r["school_id"] for r in schools[:args.schools]}
    _, results = rows("vpr_results.csv")
    last = str(max(int(r["year"]) for r in results))
    _, teachers = rows("teachers.csv")
    kept_teachers = {r["teacher_id"] for r in teachers if r["school_id"] in keep}
    only_last = {"vpr_results.csv", "vpr_task_scores.csv", "gia_results.csv", "reference_results.csv"}
    for name in sorted(os.listdir(tmp)):
        if not name.endswith(".csv") or name in ("truth.csv", "monitoring_truth.csv"):
            continue
        columns, data = rows(name)
        if "school_id" in columns:
            data = [r for r in data if r["school_id"] in keep]
        elif "teacher_id" in columns:
            data = [r for r in data if r["teacher_id"] in kept_teachers]
        if name in only_last:
            data = [r for r in data if r["year"] == last]
        with open(os.path.join(district, name), "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(data)
    subprocess.run([sys.executable, os.path.join(ROOT, "Datasets", "generator", "make_received.py"), "--district", district,
                    "--out", os.path.join(out, "received"), "--msoko", args.msoko], check=True)
