#!/usr/bin/env python3
"""How often the «2»-rise signal fires in honest districts (docs/analyses.md, "dynamics (scope school)").

Generates N clean districts (Study/generate_district.py --clean: two years, new cohorts, no
planted sign), runs Scripts/annual.msoko on each, and counts the findings of kind `dynamics`,
scope `school` (a school × work whose share of «2» rose by ≥ 10 p.p. beyond chance). Prints the
mean per district, and how many would have fired at other thresholds of q read off the detail
(the finding's detail gives p and q; the script's own threshold bounds what can be seen).

Usage: python3 Study/two_rise_false_flags.py --msoko .build/release/msoko [--districts 40]
Standard library only; run from the repository root.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--msoko", required=True, help="the msoko binary")
    parser.add_argument("--districts", type=int, default=40)
    parser.add_argument("--seed", default="two-rise", help="prefix of the districts' seeds")
    args = parser.parse_args()
    root = tempfile.mkdtemp(prefix="msoko-two-rise-")
    flags, qs = [], []
    try:
        for i in range(1, args.districts + 1):
            data, out = os.path.join(root, f"d{i}"), os.path.join(root, f"o{i}")
            subprocess.run([sys.executable, "Study/generate_district.py", "--out", data, "--seed", f"{args.seed}-{i}", "--clean"],
                           check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(data, "study.json"), encoding="utf-8") as f:
                year = json.load(f)["year"]
            subprocess.run([args.msoko, "run", "Scripts/annual.msoko", "--param", f"data={data}", "--param", f"year={year}",
                            "--param", f"out={out}"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(os.path.join(out, "findings.csv"), encoding="utf-8", newline="") as f:
                rows = [r for r in csv.DictReader(f) if r["kind"] == "dynamics" and r["scope"] == "school"]
            flags.append(len(rows))
            for r in rows:
                m = re.search(r"q (=|<) ([0-9.e-]+)", r["detail"])
                if m:
                    qs.append(float(m.group(2)) * (0.999 if m.group(1) == "<" else 1))
            print(f"district {i}: {len(rows)} flag(s)")
            shutil.rmtree(data)
            shutil.rmtree(out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"two-rise: {len(flags)} clean districts, {sum(flags)} flags, {sum(flags) / max(1, len(flags)):.3f} per district")
    for q in (0.01, 0.02, 0.05):
        print(f"  at q ≤ {q}: {sum(1 for x in qs if x <= q) / max(1, len(flags)):.3f} per district")


if __name__ == "__main__":
    main()
