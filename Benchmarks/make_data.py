#!/usr/bin/env python3
"""Writes Benchmarks/data/task_scores_<N>m.csv: N million rows shaped like vpr_task_scores.csv of a
region (issue 14's benchmark shape): 8 columns — year, subject, grade, school_id, class_id,
pupil_code, task, score — about 600 schools, pupil codes unique in the region (7 digits: school,
grade, number), task numbers with `9.1`-style text, about 5 % empty scores.
Deterministic (fixed seed); 1M rows are about 48 MB. Used by compare.py and the Swift benchmarks.

    python3 make_data.py            # 1,000,000 rows
    python3 make_data.py 10000000   # 10M rows, about 480 MB
"""
import os
import random
import sys

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SCHOOLS = 600
here = os.path.dirname(os.path.abspath(__file__))


def path_for(rows):
    name = f"task_scores_{rows // 1_000_000}m.csv" if rows >= 1_000_000 and rows % 1_000_000 == 0 else f"task_scores_{rows}.csv"
    return os.path.join(here, "data", name)


def main():
    out = path_for(ROWS)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rng = random.Random(20251129)
    subjects = ["Математика", "Русский язык", "Окружающий мир", "История", "Биология"]
    letters = "АБВГ"
    tasks = [str(t) for t in range(1, 15)] + ["9.1", "9.2", "15"]
    max_score = {t: (2 if t in ("9.1", "9.2", "15") or int(float(t)) % 4 == 0 else 1) for t in tasks}
    written = 0
    lines = []
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        f.write("year,subject,grade,school_id,class_id,pupil_code,task,score\n")
        while written < ROWS:
            year = rng.choice((2024, 2025))
            subject = rng.choice(subjects)
            grade = rng.randint(4, 8)
            school = rng.randint(1, SCHOOLS)
            school_id = f"S{school:03d}"
            klass = f"{grade}{rng.choice(letters)}"
            pupil = f"{school:03d}{grade}{rng.randint(1, 150):03d}"
            prefix = f"{year},{subject},{grade},{school_id},{klass},{pupil},"
            for task in tasks:
                if written >= ROWS:
                    break
                score = "" if rng.random() < 0.05 else str(rng.randint(0, max_score[task]))
                lines.append(f"{prefix}{task},{score}\n")
                written += 1
            if len(lines) >= 100_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))
    os.replace(out + ".tmp", out)
    print(out)


if __name__ == "__main__":
    main()
