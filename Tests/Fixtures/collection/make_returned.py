#!/usr/bin/env python3
"""Fills the collection templates msoko wrote as schools would, and writes what is true of them.

    python3 Tests/Fixtures/collection/make_returned.py

reads `templates/` (written by msoko from ../templates/seed41 for 2030, see README.md) and
../templates/seed41/{classes,teachers}.csv, and writes beside itself:

- `returned-clean/`  every school fills its file correctly (with the quirks schools bring that
  are not mistakes: a renamed file, a number stored as text, a Latin letter in a class, a new
  teacher, a new first-grade class, a class dropped with «нет», a teacher who left);
- `returned-errors/` the same fills with planted mistakes of every kind the check knows;
- `truth.csv`        every planted mistake and every expected warning: file, school_id (as the
                     report must name it), sheet, cell, kind, severity, template_school (whose
                     template the file was);
- `expected_classes_2030.csv`, `expected_teachers.csv`  what the merge of `returned-clean/` must
                     give (the new year's rows; the whole teachers table after the merge).

The expectations are derived here from the fill itself and the seed's CSVs, never from msoko's
output. Deterministic: no randomness, every choice is by sorted order.
"""
import argparse
import csv
import math
import os
import shutil
import sys
from collections import Counter, defaultdict

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import fixture_zip  # noqa: E402  fixed ZIP stamps

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description="Fill collection templates as schools would.")
parser.add_argument("--seed", default=os.path.join(HERE, "..", "templates", "seed41"), help="the district's CSVs the templates were made from")
parser.add_argument("--year", type=int, default=2030, help="the year the templates collect")
parser.add_argument("--out", default=HERE, help="where templates/ is and the returned sets go")
parser.add_argument("--renamed", default="Полянка ответ (исправлено).xlsx", help="the name the second school gives its file")
parser.add_argument("--unknown-code", default="sch39999", help="a code that is no school of the district")
ARGS = parser.parse_args()
SEED = ARGS.seed
YEAR = ARGS.year
OUT = ARGS.out
CLASSES, TEACHERS = "Классы и учителя", "Педагоги"


def read_csv(name):
    with open(os.path.join(SEED, name), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


seed_classes = read_csv("classes.csv")
seed_teachers = read_csv("teachers.csv")

# The load limits as docs/sources/templates.md defines them, computed independently.
last_year = [r for r in seed_classes if int(r["year"]) == YEAR - 1 and r["teacher_id"]]
rows_per_teacher = sorted(Counter(r["teacher_id"] for r in last_year).values())
kinds_per_teacher = defaultdict(set)
for r in last_year:
    kinds_per_teacher[r["teacher_id"]].add(r["subject"])


def quantile(values, p):  # numpy's default (linear)
    position = p * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


MAX_ROWS = max(math.ceil(1.5 * quantile(rows_per_teacher, 0.99)), max(rows_per_teacher))
MAX_KINDS = max(len(s) for s in kinds_per_teacher.values()) + 1


def school_of(workbook):
    title = workbook[CLASSES]["A1"].value
    return title.split("(код ")[1].split(")")[0]


def teacher_rows(sheet):
    """(row, code, name, subject, category, experience) of the pre-filled «Педагоги» rows."""
    found = []
    for row in range(3, sheet.max_row + 1):
        name = sheet.cell(row, 2).value
        if name:
            found.append([row, sheet.cell(row, 1).value, name, sheet.cell(row, 3).value, sheet.cell(row, 4).value, sheet.cell(row, 5).value])
    return found


def class_rows(sheet):
    found = []
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            found.append(row)
    return found


class Fill:
    """One school's correct answer: the workbook, and the rows it means."""

    def __init__(self, path):
        self.workbook = openpyxl.load_workbook(path)
        self.school = school_of(self.workbook)
        self.file = os.path.basename(path)
        self.classes = self.workbook[CLASSES]
        self.teachers = self.workbook[TEACHERS]
        self.leaving = set()
        self.new_teachers = []  # (row, name)

    def teacher_list(self):
        return teacher_rows(self.teachers)

    def assign(self):
        """Keeps each suggested teacher; gives every other row the least loaded teacher of the
        subject (a primary-school teacher for grades 1–4), within the district's limits."""
        teachers = [t for t in self.teacher_list() if t[2] not in self.leaving]
        load = Counter()
        kinds = defaultdict(set)
        rows = class_rows(self.classes)
        for row in rows:
            name = self.classes.cell(row, 4).value
            if name in self.leaving:
                self.classes.cell(row, 4).value = None
                name = None
            if name:
                load[name] += 1
                kinds[name].add(self.classes.cell(row, 3).value)
        for row in rows:
            if self.classes.cell(row, 4).value:
                continue
            subject = self.classes.cell(row, 3).value
            grade = int(self.classes.cell(row, 2).value)
            wanted = "Начальные классы" if grade <= 4 else subject

            def fits(t):
                return load[t[2]] < MAX_ROWS - 2 and len(kinds[t[2]] | {subject}) <= MAX_KINDS - 1

            candidates = [t for t in teachers if t[3] == wanted and fits(t)] or [t for t in teachers if fits(t)]
            chosen = min(candidates, key=lambda t: (load[t[2]], t[0]))
            self.classes.cell(row, 4).value = chosen[2]
            load[chosen[2]] += 1
            kinds[chosen[2]].add(subject)

    def confirm(self):
        for row in class_rows(self.classes):
            self.classes.cell(row, 5).value = "да"
        for t in self.teacher_list():
            self.teachers.cell(t[0], 7).value = "нет" if t[2] in self.leaving else "да"
            if t[2] not in self.leaving and isinstance(t[5], (int, float)):
                self.teachers.cell(t[0], 5).value = int(t[5]) + 1  # a year more of experience

    def add_teacher(self, name, subject, category, experience):
        row = max([t[0] for t in self.teacher_list()] + [2]) + 1
        for column, value in enumerate([None, name, subject, category, experience, None, "да"], start=1):
            self.teachers.cell(row, column).value = value
        self.new_teachers.append((row, name))
        return row

    def add_class_row(self, class_id, grade, subject, teacher, checked="да", comment=None):
        row = max(class_rows(self.classes) + [2]) + 1
        for column, value in enumerate([class_id, grade, subject, teacher, checked, None, comment], start=1):
            self.classes.cell(row, column).value = value
        return row

    # -- what the fill means --
    def expected_classes(self):
        ids = {}
        for t in self.teacher_list():
            if self.teachers.cell(t[0], 7).value == "да":
                ids[t[2]] = t[1] if t[1] else f"{self.school}-{YEAR}-{t[0]}"
        out = []
        for row in class_rows(self.classes):
            if self.classes.cell(row, 5).value != "да":
                continue
            class_id = str(self.classes.cell(row, 1).value).strip().upper().translate(str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ"))
            out.append((str(YEAR), self.school, class_id, str(int(str(self.classes.cell(row, 2).value).strip())),
                        self.classes.cell(row, 3).value, ids[self.classes.cell(row, 4).value]))
        return out

    def save(self, folder, name=None):
        path = os.path.join(folder, name or self.file)
        self.workbook.save(path)
        deterministic(path)


def deterministic(path):
    """Fixed stamps (Tests/Fixtures/fixture_zip.py): a re-run gives the same bytes."""
    fixture_zip.deterministic(path, (2029, 9, 1, 0, 0, 0))


def fills():
    by_school = {}
    for name in sorted(os.listdir(os.path.join(OUT, "templates"))):
        fill = Fill(os.path.join(OUT, "templates", name))
        by_school[fill.school] = fill
    return by_school


def clean_fills():
    """The correct answers, quirks included; returns the fills and the expected warnings."""
    schools = fills()
    warnings = []
    ids = sorted(schools)
    # The fifth school (sch30007 of seed 41): a teacher left (marked «нет»), a new teacher came, and a first grade was added.
    big = schools[ids[4]]
    leaving = sorted(big.teacher_list(), key=lambda t: t[0])[-1]
    big.leaving.add(leaving[2])
    new_row = big.add_teacher("Новикова Ольга Сергеевна", "Начальные классы", "без категории", 2)
    big.assign()
    big.add_class_row("1А", 1, "Русский язык", "Новикова Ольга Сергеевна")
    big.add_class_row("1А", 1, "Математика", "Новикова Ольга Сергеевна")
    big.confirm()
    # The first school (sch30001 of seed 41): one subject is not taught this year («нет»); a grade typed as text.
    first = schools[ids[0]]
    first.assign()
    first.confirm()
    rows = class_rows(first.classes)
    first.classes.cell(rows[-1], 5).value = "нет"
    first.classes.cell(rows[1], 2).value = str(first.classes.cell(rows[1], 2).value)  # «6» as text
    # The second school (sch30002 of seed 41): a Latin letter in a class id (a warning, merged as Cyrillic); experience as text.
    second = schools[ids[1]]
    second.assign()
    second.confirm()
    row = class_rows(second.classes)[0]
    cyrillic = second.classes.cell(row, 1).value
    latin = cyrillic.translate(str.maketrans("АВСЕНКМОРТХУ", "ABCEHKMOPTXY"))
    if latin != cyrillic:
        second.classes.cell(row, 1).value = latin
        warnings.append((second.file_out, second.school, CLASSES, f"A{row}", "class_spelling", "предупреждение", second.school))
    t = second.teacher_list()[0]
    second.teachers.cell(t[0], 5).value = str(second.teachers.cell(t[0], 5).value)
    for school in ids[2:4] + ids[5:]:
        schools[school].assign()
        schools[school].confirm()
    # The third school (sch30004 of seed 41): a teacher's category changed this year.
    third = schools[ids[2]]
    t = third.teacher_list()[0]
    third.teachers.cell(t[0], 4).value = "высшая" if t[4] != "высшая" else "первая"
    # ... and opened a new parallel class, explained in «Комментарий» (a warning, merged).
    model = class_rows(third.classes)[-1]
    grade = int(third.classes.cell(model, 2).value)
    row = third.add_class_row(f"{grade}Ю", grade, third.classes.cell(model, 3).value, third.classes.cell(model, 4).value,
                              comment="Открыт новый класс с 1 сентября")
    warnings.append((third.file_out, third.school, CLASSES, f"A{row}", "class_new", "предупреждение", third.school))
    return schools, warnings, new_row


def write_set(folder, schools):
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for fill in schools.values():
        fill.save(folder, fill.file_out)


def main():
    Fill.file_out = None
    schools, warnings, _ = clean_fills()
    ids = sorted(schools)
    for fill in schools.values():
        fill.file_out = fill.file
    # The renamed file (the school's code in the titles says whose it is).
    renamed = schools[ids[1]]
    renamed.file_out = ARGS.renamed
    warnings = [(schools[w[6]].file_out, *w[1:]) for w in warnings]
    write_set(os.path.join(OUT, "returned-clean"), schools)

    # Expected merge of the clean set.
    expected = []
    for school in ids:
        expected.extend(schools[school].expected_classes())
    with open(os.path.join(OUT, f"expected_classes_{YEAR}.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["year", "school_id", "class_id", "grade", "subject", "teacher_id"])
        writer.writerows(sorted(expected))
    teachers = {t["teacher_id"]: dict(t) for t in seed_teachers}
    order = [t["teacher_id"] for t in seed_teachers]
    for school in ids:
        fill = schools[school]
        for t in fill.teacher_list():
            if fill.teachers.cell(t[0], 7).value != "да":
                continue
            values = dict(teacher_name=t[2], school_id=school, subject=fill.teachers.cell(t[0], 3).value,
                          category=fill.teachers.cell(t[0], 4).value, experience_years=str(int(str(fill.teachers.cell(t[0], 5).value))))
            if t[1]:
                teachers[t[1]].update(values)
            else:
                new_id = f"{school}-{YEAR}-{t[0]}"
                teachers[new_id] = dict(teacher_id=new_id, **values)
                order.append(new_id)
    with open(os.path.join(OUT, "expected_teachers.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        columns = ["teacher_id", "teacher_name", "school_id", "subject", "category", "experience_years"]
        writer.writerow(columns)
        for teacher_id in order:
            writer.writerow([teachers[teacher_id][c] for c in columns])

    # ---- The same fills with planted mistakes ----
    schools, warnings, _ = clean_fills()
    for fill in schools.values():
        fill.file_out = fill.file
    schools[ids[1]].file_out = renamed.file_out
    truth = [(schools[w[6]].file_out, *w[1:]) for w in warnings]

    def plant(fill, sheet, cell, kind):
        truth.append((fill.file_out, fill.school, sheet, cell, kind, "ошибка", fill.school))

    # The first school (sch30001 of seed 41): rows of «Классы и учителя».
    a = schools[ids[0]]
    rows = class_rows(a.classes)
    a.classes.cell(rows[2], 4).value = "Петров Пётр Петрович"
    plant(a, CLASSES, f"D{rows[2]}", "teacher_unknown")
    a.classes.cell(rows[3], 5).value = None
    plant(a, CLASSES, f"E{rows[3]}", "unconfirmed")
    a.classes.cell(rows[4], 5).value = "ок"
    plant(a, CLASSES, f"E{rows[4]}", "bad_value")
    source = [a.classes.cell(rows[0], c).value for c in range(1, 8)]
    row = a.add_class_row(source[0], source[1], source[2], source[3])
    plant(a, CLASSES, f"A{row}", "duplicate")
    a.classes.cell(rows[6], 4).value = None
    plant(a, CLASSES, f"D{rows[6]}", "teacher_missing")
    row = a.add_class_row(None, source[1], source[2], source[3])  # last: class_rows() looks at column A
    plant(a, CLASSES, f"A{row}", "class_missing")

    # The third school (sch30004 of seed 41): grades, subjects, a class the school does not have.
    b = schools[ids[2]]
    rows = class_rows(b.classes)
    b.classes.cell(rows[0], 2).value = 13
    plant(b, CLASSES, f"B{rows[0]}", "grade_range")
    wrong = int(b.classes.cell(rows[5], 2).value) + 1
    b.classes.cell(rows[5], 2).value = wrong
    plant(b, CLASSES, f"B{rows[5]}", "grade_class")
    b.classes.cell(rows[8], 3).value = "Матем."
    plant(b, CLASSES, f"C{rows[8]}", "subject")
    b.classes.cell(rows[10], 2).value = "шестой"
    plant(b, CLASSES, f"B{rows[10]}", "grade_type")
    grade = int(b.classes.cell(rows[12], 2).value)
    row = b.add_class_row(f"{grade}Я", grade, b.classes.cell(rows[12], 3).value, b.classes.cell(rows[12], 4).value)
    plant(b, CLASSES, f"A{row}", "class_unknown")

    # The fourth school (sch30006 of seed 41): «Педагоги».
    c = schools[ids[3]]
    listed = c.teacher_list()
    c.teachers.cell(listed[0][0], 5).value = "много"
    plant(c, TEACHERS, f"E{listed[0][0]}", "experience")
    c.teachers.cell(listed[1][0], 5).value = 75
    plant(c, TEACHERS, f"E{listed[1][0]}", "experience")
    c.teachers.cell(listed[2][0], 4).value = "высшая категория"
    plant(c, TEACHERS, f"D{listed[2][0]}", "category")
    c.teachers.cell(listed[3][0], 7).value = None
    plant(c, TEACHERS, f"G{listed[3][0]}", "unconfirmed")
    c.teachers.cell(listed[4][0], 1).value = str(listed[4][1]) + "0"
    plant(c, TEACHERS, f"A{listed[4][0]}", "teacher_code")
    # A teacher marked as gone who still has a class.
    counts = Counter(c.classes.cell(r, 4).value for r in class_rows(c.classes))
    gone = next(t for t in listed[5:] if counts[t[2]] >= 1)
    c.teachers.cell(gone[0], 7).value = "нет"
    for r in class_rows(c.classes):
        if c.classes.cell(r, 4).value == gone[2]:
            plant(c, CLASSES, f"D{r}", "teacher_left")
    # A teacher listed twice (the second time as if new), and a row without a name (last).
    twin = next(t for t in reversed(listed) if t[2] != gone[2])
    row = c.add_teacher(twin[2], twin[3], twin[4], 10)
    plant(c, TEACHERS, f"B{row}", "teacher_duplicate")
    row = c.add_teacher(None, "Математика", "первая", 5)
    plant(c, TEACHERS, f"B{row}", "teacher_name_missing")

    # The fifth school (sch30007 of seed 41): one teacher given more rows than the district's limits allow.
    d = schools[ids[4]]
    rows = class_rows(d.classes)
    busy = d.classes.cell(rows[0], 4).value
    for r in rows[: MAX_ROWS + 4]:
        d.classes.cell(r, 4).value = busy
    plant(d, CLASSES, f"D{rows[0]}", "load")

    # The sixth school (sch30008 of seed 41): a header changed (the file's rows are not checked).
    e = schools[ids[5]]
    e.classes["D2"].value = "Учитель"
    plant(e, CLASSES, "D2", "header")

    # The seventh school (sch30011 of seed 41): the sheet «Педагоги» renamed.
    f = schools[ids[6]]
    f.teachers.title = "Учителя"
    plant(f, TEACHERS, "", "sheet_missing")

    # The eighth school (sch30013 of seed 41): a code in the titles that is no school of the district.
    g = schools[ids[7]]
    for sheet in (CLASSES, TEACHERS):
        g.workbook[sheet]["A1"].value = g.workbook[sheet]["A1"].value.replace(f"(код {g.school})", f"(код {ARGS.unknown_code})")
    truth.append((g.file_out, ARGS.unknown_code, CLASSES, "A1", "school_unknown", "ошибка", g.school))

    write_set(os.path.join(OUT, "returned-errors"), schools)
    # A file whose titles lost the school's code (a template copied into a new workbook).
    nameless = "Без названия.xlsx"
    blank = openpyxl.load_workbook(os.path.join(OUT, "templates", schools[ids[0]].file))
    for sheet in (CLASSES, TEACHERS):
        blank[sheet]["A1"].value = blank[sheet]["A1"].value.split(" (код ")[0]
    blank.save(os.path.join(OUT, "returned-errors", nameless))
    deterministic(os.path.join(OUT, "returned-errors", nameless))
    truth.append((nameless, "", CLASSES, "A1", "school_code", "ошибка", ""))
    # Last year's file, sent by mistake: the eighth school's template with last year in its titles
    # (the eighth school's own file carries another code above, so this is its only file).
    old_year = "Прошлогодний.xlsx"
    stale = openpyxl.load_workbook(os.path.join(OUT, "templates", g.file))
    for sheet in (CLASSES, TEACHERS):
        stale[sheet]["A1"].value = stale[sheet]["A1"].value.replace(f"{YEAR - 1}/{YEAR} учебный год", f"{YEAR - 2}/{YEAR - 1} учебный год")
    stale.save(os.path.join(OUT, "returned-errors", old_year))
    deterministic(os.path.join(OUT, "returned-errors", old_year))
    truth.append((old_year, g.school, CLASSES, "A1", "wrong_year", "ошибка", g.school))
    # The sixth school sent its file twice (the copy under another name): both are refused.
    twice = os.path.splitext(e.file_out)[0] + " (2).xlsx"
    shutil.copyfile(os.path.join(OUT, "returned-errors", e.file_out), os.path.join(OUT, "returned-errors", twice))
    truth.append((twice, e.school, CLASSES, "D2", "header", "ошибка", e.school))
    for name in (e.file_out, twice):
        truth.append((name, e.school, CLASSES, "A1", "school_twice", "ошибка", e.school))
    # A file that is no workbook: the first kilobyte of one (a broken download).
    broken = "Школа 5 (копия).xlsx"
    with open(os.path.join(OUT, "templates", sorted(os.listdir(os.path.join(OUT, "templates")))[0]), "rb") as handle:
        head = handle.read(1024)
    with open(os.path.join(OUT, "returned-errors", broken), "wb") as handle:
        handle.write(head)
    truth.append((broken, "", "", "", "unreadable", "ошибка", ""))
    with open(os.path.join(OUT, "truth.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "school_id", "sheet", "cell", "kind", "severity", "template_school"])
        writer.writerows(sorted(truth))
    print(f"limits: {MAX_ROWS} rows, {MAX_KINDS} kinds; {len(truth)} problems planted or expected")


if __name__ == "__main__":
    main()
