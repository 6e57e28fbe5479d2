#!/usr/bin/env python3
"""Writes Benchmarks/data/task_scores_1m.csv: 1,000,000 rows shaped like vpr_task_scores.csv
(year, subject, grade, school_id, class_id, pupil_code, task, score; ~10 % empty scores).
Deterministic (fixed seed), about 50 MB. Used by the Swift benchmarks and by compare.py."""
import os
import random
import sys

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "data", f"task_scores_{ROWS // 1_000_000}m.csv" if ROWS >= 1_000_000 else f"task_scores_{ROWS}.csv")
os.makedirs(os.path.dirname(out), exist_ok=True)
rng = random.Random(20251129)
subjects = ["Математика", "Русский язык", "Окружающий мир", "История", "Биология"]
letters = "АБВГ"
tasks = [str(t) for t in range(1, 15)] + ["9.1", "9.2", "15"]
max_score = {t: (2 if t in ("9.1", "9.2", "15") or int(float(t)) % 4 == 0 else 1) for t in tasks}
written = 0
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("year,subject,grade,school_id,class_id,pupil_code,task,score\n")
    while written < ROWS:
        year = rng.choice((2024, 2025))
        subject = rng.choice(subjects)
        grade = rng.randint(4, 8)
        school = f"S{rng.randint(1, 20):02d}"
        klass = f"{grade}{rng.choice(letters)}"
        pupil = f"{grade}{rng.randint(1, 120):04d}"
        for task in tasks:
            if written >= ROWS:
                break
            if rng.random() < 0.1:
                score = ""
            else:
                score = str(rng.randint(0, max_score[task]))
            f.write(f"{year},{subject},{grade},{school},{klass},{pupil},{task},{score}\n")
            written += 1
print(out)
