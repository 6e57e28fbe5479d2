#!/usr/bin/env python3
"""Renders a district in the canonical shape into the files a department really receives in one year.

    python3 Datasets/generator/make_received.py                       # the sample: Datasets/ → Datasets/received/
    python3 Datasets/generator/make_received.py --district DIR --year 2029 --out DIR/received

(openpyxl from PyPI, made with 3.1.5; the `msoko` binary writes the collection templates:
`--msoko .build/release/msoko`, the default, or `.build/debug/msoko`.) The district is any folder
of canonical CSVs: `Datasets/` or one made by `Study/generate_district.py --seed X --years 3
--out DIR`. The year Y is the district's last year unless `--year` says otherwise. Writes into OUT:

- `department/`  what the department keeps itself: schools.csv with a `fisoko_login` column
                 (`sch0931NN`), classes.csv of the years before Y, teachers.csv, courses.csv,
                 course_enrolments.csv, teacher_diagnostics.csv, mark_scales.csv and last year's
                 register recommendations.csv (those that the district has).
- `fisoko/`      one FIS OKO file per school and ВПР work of Y, schools named by login only: the
                 «Ф1 Индивидуальные результаты» shape and the protocol shape (`логин школы | … |
                 балл за N`, no mark: the mark comes from mark_scales) in turn; no-answer cells as
                 `X`/`Х`/`не пройд.`, absent pupils as `отсутствовал` (Ф1: in «Отметка»; protocol:
                 in «всего баллов», or a row with nothing scored, or `неявка` in «пол», in turn),
                 journal marks `н/а`. Rendered by Tests/Fixtures/make_fisoko_workbooks.py.
- `fisoko-reports/`  «Статистика по отметкам» and «Выполнение заданий» of Y, every work a block:
                 Russia and the region from reference_results.csv (values as written there), the
                 municipality and the schools (by login) computed from the pupils. Rendered by
                 Tests/Fixtures/make_fisoko_reports.py.
- `rcoi/`        the exam centre's ОГЭ/ЕГЭ protocols of Y, one per exam and subject: titles, a
                 two-row merged header, logins in «Код ОО», answer strings whose points add up to
                 the canonical primary score, an absent participant now and then (`отсутствовал`).
- `catalogues/`  the ВПР description of each work of Y (two-row header «Коды» over «КЭС | КТ»,
                 level words, further skill codes on separate lines of the КТ cell).
- `returned/`    the collection templates msoko wrote for Y (`schools | template …`), filled by
                 the schools with the classes of Y — most right, some with planted mistakes;
- `returned-fixed/` the same after the schools corrected them (every file right);
- `truth.csv`    each planted mistake: file, school_id, sheet, cell, kind.

Everything is derived from the district's CSVs (and the seed 12 for the answer strings), so a
test compares what msoko imports with the CSVs of year Y. Deterministic apart from the ZIP stamps,
which are fixed too.
"""
import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

from openpyxl import Workbook, load_workbook

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures"))
import make_fisoko_workbooks as fw            # noqa: E402  Ф1 and protocol shapes
import make_fisoko_reports as fr              # noqa: E402  aggregate reports, logins
import make_gia_and_catalogues as gc          # noqa: E402  answer strings, catalogue rows
import fixture_zip as fz                      # noqa: E402  fixed ZIP stamps

CLASSES, TEACHERS = "Классы и учителя", "Педагоги"


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def deterministic(path):
    """Fixed ZIP and document stamps: a re-run gives the same bytes."""
    fz.deterministic(path, (2025, 6, 16, 0, 0, 0))


def login(school_id, logins):
    return logins[school_id]


# ---------------------------------------------------------------- department
def department(district, year, out, logins):
    folder = os.path.join(out, "department")
    os.makedirs(folder)
    schools = read(district, "schools.csv")
    columns = list(schools[0].keys()) + ["fisoko_login"]
    write(os.path.join(folder, "schools.csv"), columns, [dict(r, fisoko_login=logins[r["school_id"]]) for r in schools])
    classes = read(district, "classes.csv")
    write(os.path.join(folder, "classes.csv"), list(classes[0].keys()), [r for r in classes if int(r["year"]) < year])
    for name in ("teachers.csv", "courses.csv", "course_enrolments.csv", "teacher_diagnostics.csv", "mark_scales.csv"):
        if os.path.exists(os.path.join(district, name)):
            shutil.copy(os.path.join(district, name), folder)
    register = read(district, "recommendations.csv")
    if register:
        write(os.path.join(folder, "recommendations.csv"), list(register[0].keys()), [r for r in register if int(r["year"]) < year])


# ---------------------------------------------------------------- FIS OKO protocols
def protocols(district, year, out, logins):
    folder = os.path.join(out, "fisoko")
    os.makedirs(folder)
    y = str(year)
    tasks = defaultdict(list)
    for row in read(district, "tasks.csv"):
        if row["year"] == y:
            tasks[(row["subject"], row["grade"])].append(row)
    results = defaultdict(list)      # (work, school) -> rows with the login as school_id
    for row in read(district, "vpr_results.csv"):
        if row["year"] == y:
            results[((row["subject"], row["grade"]), row["school_id"])].append(dict(row, school_id=logins[row["school_id"]]))
    scores = {}
    for row in read(district, "vpr_task_scores.csv"):
        if row["year"] == y:
            scores[(row["subject"], row["grade"], logins[row["school_id"]], row["pupil_code"], row["task"])] = row["score"]
    names = {logins[r["school_id"]]: r for r in read(district, "schools.csv")}
    for index, (work, school) in enumerate(sorted(results, key=lambda k: (k[1], k[0][0], int(k[0][1])))):
        subject, grade = work
        code = logins[school]
        if index % 2 == 0:
            path = os.path.join(folder, f"{code} ВПР {year} {subject} {grade} класс Ф1.xlsx")
            fw.f1_workbook(path, work, names, tasks, {work: results[(work, school)]}, scores, merged_header=index % 4 == 0,
                           codes_as_text=index % 3 == 0, sheet_title="Ф1",
                           titles=[f"ВПР {year}. {subject}, {grade} класс", "Ф1 Индивидуальные результаты"])
        else:
            path = os.path.join(folder, f"{code} Протокол ВПР {year} {subject} {grade} класс.xlsx")
            fw.protocol_workbook(path, work, tasks, {work: results[(work, school)]}, scores)
            absence_traps(path)
        deterministic(path)


def absence_traps(path):
    """The protocol writes `отсутствовал` in «всего баллов» of an absent pupil; FIS OKO's files
    also mark absence other ways. In turn: kept; the total left empty too (a row with nothing
    scored); `неявка` in the «пол» cell and the total empty. Each must read as absent, never a «2»."""
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    total, sex = header.index("всего баллов") + 1, header.index("пол") + 1
    turn = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, total).value != "отсутствовал":
            continue
        if turn % 3 >= 1:
            sheet.cell(row, total).value = None
        if turn % 3 == 2:
            sheet.cell(row, sex).value = "неявка"
        turn += 1
    book.save(path)


# ---------------------------------------------------------------- FIS OKO reports
def reports(district, year, out, logins):
    folder = os.path.join(out, "fisoko-reports")
    os.makedirs(folder)
    d = fr.District(district, str(year))
    region, municipality = "Озёрная обл.", "Приозёрский муниципальный район"
    label = lambda school: logins[school]

    def values(position, offset, value):
        if position == 0:
            return value                                     # Russia: numbers
        if position == 1:
            return f"{value:g}".replace(".", ",")            # the region: text with a decimal comma, every digit kept
        return fr.comma(value, 2)                            # municipality, schools: two decimals, as FIS OKO shows them
    for kind, name, title in (("marks", "Статистика_по_отметкам", "Статистика по отметкам"),
                              ("completion", "Выполнение_заданий", "Выполнение заданий")):
        path = os.path.join(folder, f"{name}_ВПР_{year}.xlsx")
        fr.blocks_sheet(path, d, kind, region, municipality, label,
                        [title, f"Всероссийские проверочные работы {year}", f"Фильтры: {region}, {municipality}"], values)
        deterministic(path)


# ---------------------------------------------------------------- ОГЭ/ЕГЭ protocols
def gia(district, year, out, logins, rng):
    rows = [r for r in (read(district, "gia_results.csv") or []) if r["year"] == str(year)]
    folder = os.path.join(out, "rcoi")
    os.makedirs(folder)
    by_exam = defaultdict(list)
    for r in rows:
        by_exam[(r["exam"], r["subject"])].append(r)
    for (exam, subject), group in sorted(by_exam.items()):
        group.sort(key=lambda r: (r["school_id"], r["class_id"], r["pupil_code"]))
        top = max(int(r["primary_score"]) for r in group)
        short_n, extended = gc.SPEC.get(subject, (12, [2, 2, 3, 3, 4]))
        while short_n + sum(extended) < top:
            extended = extended + [4]
        ege = exam == "ЕГЭ"
        book = Workbook()
        ws = book.active
        ws.title = "Протокол"
        pupil_headers = ["Код ОО", "Класс", "Код участника", "ФИО", "Вариант"]
        result_headers = ["Ответы части 1", "Часть 2", "Первичный балл", "Тестовый балл" if ege else "Отметка"]
        width = len(pupil_headers) + len(result_headers)
        gc.title(ws, [f"Протокол проверки экзаменационных работ {exam}", f"Учебный предмет: {subject}",
                      f"Год проведения: {year}"], width)
        for c, h in enumerate(pupil_headers, start=1):
            ws.cell(row=5, column=c, value=h)
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
        ws.cell(row=5, column=len(pupil_headers) + 1, value="Результаты")
        ws.merge_cells(start_row=5, start_column=len(pupil_headers) + 1, end_row=5, end_column=width)
        for c, h in enumerate(result_headers, start=len(pupil_headers) + 1):
            ws.cell(row=6, column=c, value=h)
        r = 7
        for i, row in enumerate(group):
            short, ext = gc.answers(rng, int(row["primary_score"]), short_n, extended)
            last = int(row["test_score"]) if ege else int(row["mark"])
            values = [logins[row["school_id"]], row["class_id"], row["pupil_code"], f"Участник {i + 1}", 1 + i % 2,
                      short, "".join(ext), int(row["primary_score"]), last]
            for c, v in enumerate(values, start=1):
                ws.cell(row=r, column=c, value=v)
            r += 1
            if i % 37 == 5:   # an absent participant: never a «2»
                for c, v in enumerate([logins[row["school_id"]], row["class_id"], f"A{row['pupil_code']}", f"Участник {i + 1}а",
                                       None, "отсутствовал", None, None, None], start=1):
                    ws.cell(row=r, column=c, value=v)
                r += 1
        ws.cell(row=r + 1, column=1, value="Председатель предметной комиссии: ____________")
        path = os.path.join(folder, f"{exam}_{year}_{subject}.xlsx")
        book.save(path)
        deterministic(path)


# ---------------------------------------------------------------- ВПР catalogues
def catalogues(district, year, out, rng):
    folder = os.path.join(out, "catalogues")
    os.makedirs(folder)
    tasks = read(district, "tasks.csv")
    skills = read(district, "task_skills.csv") or []
    works = sorted({(r["subject"], r["grade"]) for r in tasks if r["year"] == str(year)}, key=lambda w: (w[0], int(w[1])))
    for subject, grade in works:
        book = Workbook()
        ws = book.active
        gc.plan_sheet(ws, [f"ВПР-{year}. {subject}, {grade} класс", f"Обобщённый план варианта проверочной работы ({year} г.)"],
                      gc.catalogue_rows(tasks, skills, str(year), subject, grade), rng)
        path = os.path.join(folder, f"ВПР_{subject.replace(' ', '_')}_{grade}_{year}.xlsx")
        book.save(path)
        deterministic(path)


# ---------------------------------------------------------------- collection templates
def templates(msoko, out, year, folder):
    dep = os.path.join(out, "department")
    script = (f'load "{dep}/schools.csv" as schools with types = {{school_id: "text"}}\n'
              f'load "{dep}/teachers.csv" as teachers with types = {{teacher_id: "text", school_id: "text"}}\n'
              f'load "{dep}/classes.csv" as classes with types = {{school_id: "text", class_id: "text", teacher_id: "text"}}\n'
              f'schools | template "{folder}" with year = {year}, deadline = "15.09.{year - 1}"\n')
    subprocess.run([msoko, "-c", script], check=True, stdout=subprocess.DEVNULL)


def class_rows(sheet):
    return [row for row in range(3, sheet.max_row + 1) if sheet.cell(row, 1).value]


class Fill:
    """One school's correct answer for year Y: the classes × subjects of Y with their teachers."""

    def __init__(self, path, truth_rows, teacher_names):
        self.workbook = load_workbook(path)
        self.file = os.path.basename(path)
        self.classes = self.workbook[CLASSES]
        self.teachers = self.workbook[TEACHERS]
        title = self.classes["A1"].value
        self.school = title.rsplit("(код ", 1)[1].split(")")[0]
        wanted = {(r["class_id"], r["subject"]): r for r in truth_rows if r["school_id"] == self.school}
        seen = set()
        for row in class_rows(self.classes):
            key = (str(self.classes.cell(row, 1).value), self.classes.cell(row, 3).value)
            if key in wanted and key not in seen:
                seen.add(key)
                teacher = wanted[key]["teacher_id"]
                self.classes.cell(row, 4).value = teacher_names[teacher] if teacher else None
                self.classes.cell(row, 5).value = "да"
            else:
                self.classes.cell(row, 5).value = "нет"
        offered = {str(self.classes.cell(row, 1).value) for row in class_rows(self.classes)}
        for key in sorted(wanted, key=lambda k: (int(wanted[k]["grade"]), k)):
            if key in seen:
                continue
            r = wanted[key]
            comment = None if r["class_id"] in offered else "Новый класс в этом году"
            self.add_class_row(r["class_id"], int(r["grade"]), r["subject"], teacher_names.get(r["teacher_id"]), "да", comment)
        for row in range(3, self.teachers.max_row + 1):
            if self.teachers.cell(row, 2).value:
                self.teachers.cell(row, 7).value = "да"

    def add_class_row(self, class_id, grade, subject, teacher, checked="да", comment=None):
        row = max(class_rows(self.classes) + [2]) + 1
        for column, value in enumerate([class_id, grade, subject, teacher, checked, None, comment], start=1):
            self.classes.cell(row, column).value = value
        return row

    def confirmed(self):
        return [row for row in class_rows(self.classes) if self.classes.cell(row, 5).value == "да"]

    def save(self, folder):
        path = os.path.join(folder, self.file)
        self.workbook.save(path)
        deterministic(path)


def returned(district, year, out, msoko):
    with tempfile.TemporaryDirectory() as tmp:
        written = os.path.join(tmp, "templates")
        templates(msoko, out, year, written)
        truth_rows = [r for r in read(district, "classes.csv") if int(r["year"]) == year]
        teacher_names = {r["teacher_id"]: r["teacher_name"] for r in read(district, "teachers.csv")}
        files = sorted(os.listdir(written))
        fixed = os.path.join(out, "returned-fixed")
        os.makedirs(fixed)
        for name in files:
            Fill(os.path.join(written, name), truth_rows, teacher_names).save(fixed)
        # The same fills with mistakes planted in every third school, a different kind in each.
        wrong = os.path.join(out, "returned")
        os.makedirs(wrong)
        truth = []
        kinds = ["teacher_unknown", "unconfirmed", "grade_range", "subject", "duplicate", "bad_value", "experience", "class_unknown"]
        planted = 0
        for index, name in enumerate(files):
            fill = Fill(os.path.join(written, name), truth_rows, teacher_names)
            rows = fill.confirmed()
            if index % 3 == 1 and len(rows) > 3:
                for k in (planted % len(kinds), (planted + 3) % len(kinds)):
                    kind = kinds[k]
                    row = rows[1] if k == planted % len(kinds) else rows[-2]
                    sheet, cell = CLASSES, None
                    if kind == "teacher_unknown":
                        fill.classes.cell(row, 4).value = "Иванов Иван Иванович (совместитель)"
                        cell = f"D{row}"
                    elif kind == "unconfirmed":
                        fill.classes.cell(row, 5).value = None
                        cell = f"E{row}"
                    elif kind == "bad_value":
                        fill.classes.cell(row, 5).value = "верно"
                        cell = f"E{row}"
                    elif kind == "grade_range":
                        fill.classes.cell(row, 2).value = 14
                        cell = f"B{row}"
                    elif kind == "subject":
                        fill.classes.cell(row, 3).value = "Матемaтика"        # a Latin a
                        cell = f"C{row}"
                    elif kind == "duplicate":
                        copy = [fill.classes.cell(row, c).value for c in range(1, 8)]
                        new = fill.add_class_row(copy[0], copy[1], copy[2], copy[3])
                        cell = f"A{new}"
                    elif kind == "experience":
                        sheet = TEACHERS
                        trow = next(r for r in range(3, fill.teachers.max_row + 1) if fill.teachers.cell(r, 2).value)
                        fill.teachers.cell(trow, 5).value = "много"
                        cell = f"E{trow}"
                    elif kind == "class_unknown":      # in the school's highest grade, which last year's classes moved into
                        row = max(rows, key=lambda r: (int(fill.classes.cell(r, 2).value), r))
                        grade = int(fill.classes.cell(row, 2).value)
                        new = fill.add_class_row(f"{grade}Я", grade, fill.classes.cell(row, 3).value, fill.classes.cell(row, 4).value)
                        cell = f"A{new}"
                    truth.append(dict(file=name, school_id=fill.school, sheet=sheet, cell=cell, kind=kind))
                planted += 1
            fill.save(wrong)
        write(os.path.join(out, "truth.csv"), ["file", "school_id", "sheet", "cell", "kind"], truth)


def main():
    parser = argparse.ArgumentParser(description="Render a district into the files a department receives in one year.")
    parser.add_argument("--district", default=os.path.join(ROOT, "Datasets"), help="a folder of canonical CSVs")
    parser.add_argument("--year", type=int, help="the year received (default: the district's last year)")
    parser.add_argument("--out", help="default: DISTRICT/received")
    parser.add_argument("--msoko", default=os.path.join(ROOT, ".build", "release", "msoko"))
    parser.add_argument("--seed", type=int, default=12, help="the answer strings and КЭС codes")
    args = parser.parse_args()
    district = os.path.abspath(args.district)
    year = args.year or max(int(r["year"]) for r in read(district, "vpr_results.csv"))
    out = os.path.abspath(args.out or os.path.join(district, "received"))
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    schools = read(district, "schools.csv")
    logins = {r["school_id"]: f"sch0931{index:02d}" for index, r in enumerate(schools, start=1)}
    rng = random.Random(args.seed)
    department(district, year, out, logins)
    protocols(district, year, out, logins)
    reports(district, year, out, logins)
    gia(district, year, out, logins, rng)
    catalogues(district, year, out, rng)
    returned(district, year, out, args.msoko)
    print(f"wrote the {year} inbox of {district} into {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
