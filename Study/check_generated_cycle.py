#!/usr/bin/env python3
"""Checks a district generated with `generate_district.py --years 3` (or more) against its
monitoring_truth.csv, from the CSV files alone (nothing of the generator is imported).

    python3 Study/check_generated_cycle.py DIR [DIR …] [--verbose] [--msoko PATH]

For every row of monitoring_truth.csv (a teacher × work × skill of year t) it computes, as msoko's
rules do (Scripts/lib/teachers.msoko, `support_needs`; Scripts/lib/monitoring.msoko):
  - year t, the teacher's classes of the work: pupils n, solve rate on the skill, the district's
    rate, gap = district − rate, the gap on the work's other tasks, and whether the teacher is a
    support need (n ≥ 25, ≥ 2 tasks, rate below the weighted insufficiency threshold, district at
    the sufficiency threshold, gap ≥ 25, gap − other gap ≥ 15);
  - year t + 1, the teacher side (the teacher's classes of the same work, new pupils) and the
    cohort side (last year's classes one grade up, when the skill is assessed there);
  - the course: a completed / enrolled course covering the skill (courses.csv, course_enrolments.csv).
It then checks what the generator promises (Study/README.md, "Several years"), the teacher
sides (and a planted teacher's cohort side) on >= 10 pupils:
  planted      a support need in year t; improved → both sides within 10 p.p. of the district in
               t + 1 and a completed course covering the skill in year t; not_improved → the
               teacher side ≥ 25 p.p. below (the cohort side ≥ 20), no completed covering course;
  comparison   ≥ 10 p.p. below in year t and not a support need; the teacher side's gap narrower
               in t + 1 and not a support need; no course.
It prints a line per row with --verbose, a summary per district (the mean change of each side's
gap per group: what a difference in differences compares) and exits 1 when a promise is broken.

With --msoko PATH (a built msoko), it also runs `Scripts/annual.msoko` on each deficit year of the
first DIR and reports which planted teachers got a `teacher_support` finding (informational);
--repo DIR runs it from another checkout (whose Scripts/ match that binary).
"""

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def letter_of(class_id, grade):
    """The class id without its leading grade and a separator (msoko's class_letter)."""
    return re.sub(r"^\s*" + str(grade) + r"[\s\-]*", "", class_id)


class District:
    def __init__(self, folder):
        self.folder = folder
        self.truth = read(folder, "monitoring_truth.csv")
        self.tasks = {}                 # (year, subject, grade) -> [(task, max, level, skill)]
        for r in read(folder, "tasks.csv"):
            self.tasks.setdefault((int(r["year"]), r["subject"], int(r["grade"])), []).append(
                (r["task"], int(r["max_score"]), r["level"], r["skill_code"]))
        self.teacher_of = {}            # (year, school, class, subject) -> teacher
        self.classes_of = {}            # (year, subject, grade, teacher) -> [(school, class)]
        for r in read(folder, "classes.csv"):
            key = (int(r["year"]), r["school_id"], r["class_id"], r["subject"])
            self.teacher_of[key] = r["teacher_id"]
            self.classes_of.setdefault((int(r["year"]), r["subject"], int(r["grade"]), r["teacher_id"]), []).append(
                (r["school_id"], r["class_id"]))
        # points per (year, subject, grade, school, class, pupil) -> {task: points}
        self.points = {}
        for r in read(folder, "vpr_task_scores.csv"):
            key = (int(r["year"]), r["subject"], int(r["grade"]), r["school_id"], r["class_id"], r["pupil_code"])
            self.points.setdefault(key, {})[r["task"]] = int(r["score"]) if r["score"] else 0
        self.by_class, self.work_classes, self.district = {}, {}, {}
        for key in self.points:
            self.by_class.setdefault(key[:5], []).append(key)
        for key in self.by_class:
            self.work_classes.setdefault(key[:3], set()).add(key[3:5])
        self.courses = {r["course_id"]: r["skill_codes"].split(";") for r in read(folder, "courses.csv")}
        self.enrolments = read(folder, "course_enrolments.csv")

    def work(self, year, subject, grade):
        return self.tasks.get((year, subject, grade), [])

    def rates(self, classes, year, subject, grade, code):
        """(pupils, rate on the skill, rate on the other tasks) of the pupils of these classes."""
        tasks = self.work(year, subject, grade)
        skill = [t for t in tasks if t[3] == code]
        if not skill:
            return 0, None, None
        mx, mx_all = sum(t[1] for t in skill), sum(t[1] for t in tasks)
        n = pts = pts_all = 0
        for school, klass in classes:
            for key in self.by_class.get((year, subject, grade, school, klass), []):
                scores = self.points[key]
                n += 1
                pts += sum(scores.get(t[0], 0) for t in skill)
                pts_all += sum(scores.values())
        if not n:
            return 0, None, None
        return n, 100 * pts / (n * mx), 100 * (pts_all - pts) / (n * (mx_all - mx))

    def all_classes(self, year, subject, grade):
        return sorted(self.work_classes.get((year, subject, grade), ()))

    def side(self, classes, year, subject, grade, code):
        """dict(n, rate, district, gap, other_gap, need) or None when the skill is not assessed."""
        n, rate, other = self.rates(classes, year, subject, grade, code)
        if rate is None:
            return None
        key = (year, subject, grade, code)
        if key not in self.district:
            self.district[key] = self.rates(self.all_classes(year, subject, grade), year, subject, grade, code)
        _, district, district_other = self.district[key]
        skill = [t for t in self.work(year, subject, grade) if t[3] == code]
        mx = sum(t[1] for t in skill)
        low = sum(t[1] * (57 if t[2] == "Б" else 28.5) for t in skill) / mx
        high = sum(t[1] * (60 if t[2] == "Б" else 30) for t in skill) / mx
        gap, other_gap = district - rate, district_other - other
        need = (len(skill) >= 2 and n >= 25 and rate < low and district >= high and gap >= 25 and gap - other_gap >= 15)
        return dict(n=n, rate=rate, district=district, gap=gap, other_gap=other_gap, need=need)

    def support_needs(self, year):
        """Every (teacher, subject, grade, skill) of the year that msoko's rule calls a support need."""
        found = set()
        for (y, subject, grade, teacher), classes in self.classes_of.items():
            if y != year or not self.work(year, subject, grade):
                continue
            for code in {t[3] for t in self.work(year, subject, grade)}:
                s = self.side(classes, year, subject, grade, code)
                if s and s["need"]:
                    found.add((teacher, subject, grade, code))
        return found

    def course_status(self, teacher, code):
        """{'completed': [(course, year)], 'enrolled': [...]} for courses covering the skill."""
        out = {"completed": [], "enrolled": []}
        for e in self.enrolments:
            if e["teacher_id"] == teacher and code in self.courses.get(e["course_id"], []):
                out[e["status"]].append((e["course_id"], int(e["year"])))
        return out


def check(folder, verbose):
    d = District(folder)
    if not d.truth:
        print(f"{folder}: no monitoring_truth.csv (generate with --years 3 or more)")
        return 1
    problems, rows = [], []
    for m in d.truth:
        t, teacher, subject, grade, code = int(m["year"]), m["teacher_id"], m["subject"], int(m["grade"]), m["skill_code"]
        mine = d.classes_of.get((t, subject, grade, teacher), [])
        before = d.side(mine, t, subject, grade, code)
        after = d.side(d.classes_of.get((t + 1, subject, grade, teacher), []), t + 1, subject, grade, code)
        up = [(school, f"{klass}") for school, klass in mine]
        cohort_classes = []
        for school, klass in up:
            letter = letter_of(klass, grade)
            for s2, k2 in d.all_classes(t + 1, subject, grade + 1):
                if s2 == school and letter_of(k2, grade + 1) == letter:
                    cohort_classes.append((s2, k2))
        cohort = d.side(cohort_classes, t + 1, subject, grade + 1, code) if cohort_classes else None
        cohort_teachers = {d.teacher_of.get((t + 1, s2, k2, subject)) for s2, k2 in cohort_classes}
        course = d.course_status(teacher, code)
        done = [c for c in course["completed"] if c[1] in (t, t + 1)]
        rows.append(dict(m=m, before=before, after=after, cohort=cohort, same_teacher=cohort_teachers == {teacher}))
        say = lambda text: problems.append(f"{m['role']} {teacher} {t} {subject} {grade} {code}: {text}")
        if before is None or after is None:
            say("the skill is not assessed in the teacher's classes in both years")
            continue
        small = [f"{name} n {side['n']}" for name, side in (("year t", before), ("year t+1", after), ("cohort", cohort))
                 if side and side["n"] < 10 and (name != "cohort" or (m["role"] == "planted" and cohort_teachers == {teacher}))]
        if small:
            say("fewer than 10 pupils: " + ", ".join(small))
        if m["role"] == "planted":
            if not before["need"]:
                say(f"not a support need in {t} (gap {before['gap']:.1f}, n {before['n']})")
            if m["expected"] == "improved":
                if not done or m["completed"] != "true":
                    say("improved without a completed course covering the skill")
                if after["gap"] > 10:
                    say(f"teacher side still {after['gap']:.1f} p.p. below in {t + 1}")
                if cohort and cohort_teachers == {teacher} and cohort["gap"] > 10:
                    say(f"cohort side still {cohort['gap']:.1f} p.p. below in {t + 1}")
            else:
                if done:
                    say("not_improved but a covering course completed")
                if after["gap"] < 25:
                    say(f"teacher side only {after['gap']:.1f} p.p. below in {t + 1}")
                if cohort and cohort_teachers == {teacher} and cohort["gap"] < 20:
                    say(f"cohort side only {cohort['gap']:.1f} p.p. below in {t + 1}")
        else:
            if course["completed"] or course["enrolled"]:
                say("a comparison teacher with a course covering the skill")
            if before["gap"] < 10 or before["need"]:
                say(f"year {t}: gap {before['gap']:.1f} (want >= 10, not a support need: {before['need']})")
            if after["gap"] >= before["gap"] or after["need"]:
                say(f"year {t + 1}: gap {after['gap']:.1f} did not narrow from {before['gap']:.1f}")
    if verbose:
        print(f"{'year':>4} {'role':10} {'teacher':>8} {'subject':15} {'gr':>2} {'skill':9} {'expected':12} "
              f"{'n':>3} {'rate':>5} {'distr':>5} {'gap':>5} {'oth':>5} need | {'gap t+1':>7} need | cohort gap")
        for r in rows:
            m, b, a, c = r["m"], r["before"], r["after"], r["cohort"]
            if b is None or a is None:
                continue
            cohort = "—" if c is None else f"{c['gap']:5.1f} (n {c['n']}{', same teacher' if r['same_teacher'] else ', other teacher'})"
            print(f"{m['year']:>4} {m['role']:10} {m['teacher_id']:>8} {m['subject']:15} {m['grade']:>2} {m['skill_code']:9} "
                  f"{m['expected']:12} {b['n']:>3} {b['rate']:5.1f} {b['district']:5.1f} {b['gap']:5.1f} {b['other_gap']:5.1f} "
                  f"{'yes ' if b['need'] else 'no  '} | {a['gap']:7.1f} {'yes ' if a['need'] else 'no  '} | {cohort}")
    # the change of the gap (year t → t+1) per group: what a difference in differences compares
    groups = {}
    for r in rows:
        if r["before"] is None or r["after"] is None:
            continue
        group = r["m"]["role"] if r["m"]["role"] == "comparison" else r["m"]["expected"]
        groups.setdefault(group, []).append(r["before"]["gap"] - r["after"]["gap"])
    years = sorted({int(m["year"]) for m in d.truth})
    planted_needs = {(m["teacher_id"], m["subject"], int(m["grade"]), m["skill_code"], int(m["year"]))
                     for m in d.truth if m["role"] == "planted"}
    again = {(m["teacher_id"], m["subject"], int(m["grade"]), m["skill_code"], int(m["year"]) + 1)
             for m in d.truth if m["role"] == "planted" and m["expected"] == "not_improved"}
    found_again = other_needs = 0
    for y in sorted(set(years) | {y + 1 for y in years}):
        for teacher, subject, grade, code in d.support_needs(y):
            if (teacher, subject, grade, code, y) in again:
                found_again += 1
            elif (teacher, subject, grade, code, y) not in planted_needs:
                other_needs += 1
    cohorts = sum(1 for r in rows if r["m"]["role"] == "planted" and r["cohort"] and r["same_teacher"])
    summary = ", ".join(f"{g} {len(v)} (gap narrowed by {sum(v) / len(v):.1f} p.p.)" for g, v in sorted(groups.items()))
    print(f"{folder}: {summary}; planted with a cohort side: {cohorts}; not_improved a support need again "
          f"next year: {found_again}/{len(again)}; other support needs (not planted): {other_needs}; "
          f"{'OK' if not problems else str(len(problems)) + ' problem(s)'}")
    for p in problems:
        print(f"  {p}")
    return 1 if problems else 0


def run_msoko(folder, msoko, repo=None):
    """Runs the annual script on each deficit year; reports the planted teachers' teacher_support findings."""
    d = District(folder)
    repo = repo or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for year in sorted({int(m["year"]) for m in d.truth}):
        out = tempfile.mkdtemp(prefix="cycle-check-")
        run = subprocess.run([msoko, "run", "Scripts/annual.msoko", "--param", f"data={folder}",
                              "--param", f"year={year}", "--param", f"out={out}"],
                             cwd=repo, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"msoko {year}: exit {run.returncode}: {run.stderr.strip().splitlines()[-1:] or ''}")
            shutil.rmtree(out, ignore_errors=True)
            continue
        findings = read(out, "findings.csv")
        found = {(f["teacher_id"], f["skill_code"]) for f in findings if f["kind"] == "teacher_support"}
        planted = [m for m in d.truth if int(m["year"]) == year and m["role"] == "planted"]
        comparison = [m for m in d.truth if int(m["year"]) == year and m["role"] == "comparison"]
        hit = [m["teacher_id"] for m in planted if (m["teacher_id"], m["skill_code"]) in found]
        false = [m["teacher_id"] for m in comparison if (m["teacher_id"], m["skill_code"]) in found]
        print(f"msoko {year}: teacher_support findings {len(found)}; planted found {len(hit)}/{len(planted)} "
              f"({', '.join(hit)}); comparison teachers flagged {len(false)}")
        shutil.rmtree(out, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", help="districts generated with --years 3 or more")
    parser.add_argument("--verbose", action="store_true", help="a line per row of monitoring_truth.csv")
    parser.add_argument("--msoko", help="a built msoko: also run Scripts/annual.msoko on the first folder")
    parser.add_argument("--repo", help="run msoko from this folder (its Scripts/; default: this repository)")
    args = parser.parse_args(argv)
    status = 0
    for folder in args.folders:
        status |= check(folder, args.verbose)
    if args.msoko:
        run_msoko(os.path.abspath(args.folders[0]), os.path.abspath(args.msoko), args.repo)
    return status


if __name__ == "__main__":
    sys.exit(main())
