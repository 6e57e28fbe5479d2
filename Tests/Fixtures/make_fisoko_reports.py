#!/usr/bin/env python3
"""Builds FIS OKO aggregate reports and a protocol with school logins, for the FIS OKO tests.

Run from the repository root (needs openpyxl from PyPI: `pip install openpyxl`; made with 3.1.5):

    python3 Tests/Fixtures/make_fisoko_reports.py

The reports are rendered from canonical CSVs: Russia's and the region's rows from
reference_results.csv, the municipality's and each school's rows computed here from
vpr_results.csv (shares of marks among present pupils) and vpr_task_scores.csv (solve rate =
Σ points / (present pupils × max) × 100, an empty score counting 0), so a test can check both the
round trip (russia/region = reference_results.csv) and the municipality against what msoko
computes from the pupils. Writes into Tests/Fixtures/xlsx/ and Tests/Fixtures/fisoko/:

- Статистика_по_отметкам_ВПР_2025.xlsx — «Статистика по отметкам», every 2025 work of the sample
  as a block on one sheet: title rows above the first block, a title row per block («Математика,
  5 класс»: the year only in the file name and the top title), a two-row merged header
  («Распределение групп баллов в %» over «2 3 4 5»), rows Вся выборка / the region / the
  municipality / schools by login (one as ` SCH093105 `), values as numbers, as text with a decimal
  comma (`41,4`), with a percent sign (`41,4 %`), participants as `1 404 760` with no-break
  spaces, a Latin `p` in one «Вся выбоpка», and a stray «Итого» row under the last block.
- marks_by_sheet.xlsx — the same report one sheet per work (Математика 5, Русский язык 4,
  Биология 5) after a cover sheet; one header row (`«2»` … `«5»`), «РФ», schools by full name,
  values as fractions (0.155, as a cell formatted as percent holds them).
- Выполнение_заданий_ВПР_2025.xlsx — «Выполнение заданий», every 2025 work as a block; task headers
  `1 (1)`, `9.1 (2б)` under a merged group cell; values as text with a decimal comma.
- completion_by_sheet.xlsx — one sheet per work (Математика 5, Русский язык 4); headers `№1`,
  a «Макс. балл» row under them, no «Кол-во ОО» column, fractions stored as text (`0,947`).
- c3_marks_2029.xlsx, c3_completion_2029.xlsx — another district: Study/generate_district.py
  --seed c3 (school ids `0902`, year 2029, schools by full name, some quoted), with its
  schools.csv and its 2029 reference_results.csv (russia/region rows of the marks and solve
  rates) copied into Tests/Fixtures/fisoko/c3/ as the expectation.
- protocol_logins_math5.xlsx — the protocol export of Математика 5 (schools S01, S02, S11) with
  logins instead of ids and absent pupils marked four ways in turn: `отсутствовал` in «всего
  баллов»; the task cells and the total all empty; `не явился` in the variant cell; `неявка` in
  the «пол» cell. Tests/Fixtures/fisoko/schools_logins.csv is Datasets/schools.csv with a
  fisoko_login column (`sch0931NN`).
- broken_marks.xlsx — one sheet per fault: «нет 5» (no «5» column), «переименован»
  («Участники» instead of «Кол-во участников»), «регион» (an unknown row where the region
  should be), «текст» (a share `сорок`).
"""

import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Datasets")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "xlsx")
SIDE = os.path.join(ROOT, "Tests", "Fixtures", "fisoko")
NBSP = "\u00a0"


def read(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def new_book():
    book = Workbook()
    fixed = datetime.datetime(2025, 6, 16, 12, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "ФИС ОКО (образец, синтетические данные)"
    return book


def login(school_id):
    return "sch0931" + school_id[1:].zfill(2)


class District:
    """The canonical tables of one district and the figures a report shows for it."""

    def __init__(self, folder, year):
        self.year = year
        self.schools = read(folder, "schools.csv")
        self.names = {row["school_id"]: row["school_name"] for row in self.schools}
        self.reference = [r for r in read(folder, "reference_results.csv") if r["year"] == year]
        self.tasks = defaultdict(list)
        for row in read(folder, "tasks.csv"):
            if row["year"] == year:
                self.tasks[(row["subject"], row["grade"])].append(row)
        self.results = defaultdict(list)
        for row in read(folder, "vpr_results.csv"):
            if row["year"] == year:
                self.results[(row["subject"], row["grade"])].append(row)
        self.points = defaultdict(float)   # (subject, grade, school, task) -> Σ points
        for row in read(folder, "vpr_task_scores.csv"):
            if row["year"] == year and row["score"] != "":
                self.points[(row["subject"], row["grade"], row["school_id"], row["task"])] += float(row["score"])
        self.works = sorted(self.results, key=lambda w: (w[0], int(w[1])))

    def ref(self, work, scope, indicator, task=""):
        for r in self.reference:
            if (r["subject"], r["grade"], r["scope"], r["indicator"], r["task"]) == (*work, scope, indicator, task):
                return float(r["value"]), (int(r["n"]) if r.get("n") else None)
        return None, None

    def reference_n(self, work, scope):
        _, n = self.ref(work, scope, "mark2_pct")
        return n if n else (1404760 if scope == "russia" else 21438)

    def present(self, work, school=None):
        return [r for r in self.results[work] if r["status"] == "present" and (school is None or r["school_id"] == school)]

    def mark_shares(self, work, school=None):
        pupils = self.present(work, school)
        return len(pupils), [100 * sum(1 for r in pupils if r["mark"] == str(m)) / len(pupils) for m in (2, 3, 4, 5)]

    def solve_rates(self, work, school=None):
        pupils = self.present(work, school)
        schools = [school] if school else sorted({r["school_id"] for r in self.results[work]})
        rates = []
        for task in self.tasks[work]:
            total = sum(self.points[(*work, s, task["task"])] for s in schools)
            rates.append(100 * total / (len(pupils) * float(task["max_score"])))
        return len(pupils), rates

    def schools_of(self, work):
        return sorted({r["school_id"] for r in self.present(work)})


def comma(value, digits):
    return f"{value:.{digits}f}".replace(".", ",")


def spaced(n):
    return f"{n:,}".replace(",", NBSP)


def merged_title(sheet, row, text, width, bold=True):
    sheet.cell(row=row, column=1, value=text).font = Font(bold=bold)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def group_rows(district, work, kind, region, municipality, school_label):
    """(label, schools count, participants, [values]) for russia, region, municipality, schools."""
    subject, grade = work
    if kind == "marks":
        indicators = [(f"mark{m}_pct", "") for m in (2, 3, 4, 5)]
    else:
        indicators = [("solve_rate", t["task"]) for t in district.tasks[work]]
    rows = []
    for scope, label, count in (("russia", "Вся выборка", 41234), ("region", region, 512)):
        values = [district.ref(work, scope, ind, task)[0] for ind, task in indicators]
        rows.append((label, count, district.reference_n(work, scope), values))
    schools = district.schools_of(work)
    n, values = district.mark_shares(work) if kind == "marks" else district.solve_rates(work)
    rows.append((municipality, len(schools), n, values))
    for school in schools:
        n, values = district.mark_shares(work, school) if kind == "marks" else district.solve_rates(work, school)
        rows.append((school_label(school), 1, n, values))
    return rows


def blocks_sheet(path, district, kind, region, municipality, school_label, top_titles, value_style):
    """Every work as a block on one sheet, two-row merged headers (layout A)."""
    book = new_book()
    sheet = book.active
    sheet.title = "Статистика по отметкам" if kind == "marks" else "Выполнение заданий"
    row = 1
    widest = 3 + max(4 if kind == "marks" else len(district.tasks[w]) for w in district.works)
    for title in top_titles:
        merged_title(sheet, row, title, widest)
        row += 1
    row += 1
    for index, work in enumerate(district.works):
        subject, grade = work
        columns = ["2", "3", "4", "5"] if kind == "marks" else [f"{t['task']} ({t['max_score']}{'б' if index % 2 else ''})" for t in district.tasks[work]]
        width = 3 + len(columns)
        merged_title(sheet, row, f"{subject}, {grade} класс", width)
        row += 1
        top, bottom = row, row + 1
        participants = "Кол-вo участников" if index == 1 else "Кол-во участников"   # a Latin o in one block
        for column, name in enumerate(["Группы участников", "Кол-во ОО", participants], start=1):
            sheet.cell(row=top, column=column, value=name).alignment = Alignment(wrap_text=True, vertical="center")
            sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
        group = "Распределение групп баллов в %" if kind == "marks" else "Выполнение заданий (в % от числа участников)"
        sheet.cell(row=top, column=4, value=group)
        sheet.merge_cells(start_row=top, start_column=4, end_row=top, end_column=width)
        for offset, name in enumerate(columns):
            sheet.cell(row=bottom, column=4 + offset, value=name)
        row = bottom + 1
        for position, (label, count, n, values) in enumerate(group_rows(district, work, kind, region, municipality, school_label)):
            if position == 0 and index == 2:
                label = "Вся выбоpка"   # a Latin p
            sheet.cell(row=row, column=1, value=label)
            sheet.cell(row=row, column=2, value=count)
            sheet.cell(row=row, column=3, value=spaced(n) if position == 0 else n)
            for offset, value in enumerate(values):
                sheet.cell(row=row, column=4 + offset, value=value_style(position, offset, value))
            row += 1
        row += 1
    sheet.cell(row=row - 1, column=1, value="Итого")
    sheet.cell(row=row - 1, column=3, value=99999)
    sheet.cell(row=row + 1, column=1, value="Отчёт сформирован в ФИС ОКО")
    book.save(path)


def layout_a_values(position, offset, value):
    """Russia: numbers; the region: `41,4`; the municipality: `41,4 %`/`41,4%`; schools: numbers."""
    if position == 0:
        return value
    if position == 1:
        return comma(value, 1)
    if position == 2:
        return comma(value, 2) + (f"{NBSP}%" if offset % 2 else "%")
    return round(value, 2)


def sheets_book(path, district, kind, works, region, municipality, school_label, russia="РФ"):
    """One sheet per work after a cover sheet, one header row (layout B); fractions."""
    book = new_book()
    cover = book.active
    cover.title = "Сведения"
    cover["A1"] = "Отчёт ФИС ОКО. Листы: по одному на работу."
    for work in works:
        subject, grade = work
        sheet = book.create_sheet(f"{subject} {grade} кл")
        title = "Статистика по отметкам ВПР 2025" if kind == "marks" else "Выполнение заданий ВПР 2025"
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True)
        if kind == "marks":
            header = ["Наименование", "Кол-во ОО", "Кол-во участников", "«2»", "«3»", "«4»", "«5»"]
        else:
            header = ["ОО", "Кол-во участников"] + [f"№{t['task']}" for t in district.tasks[work]]
        sheet.append([])
        sheet.append(header)
        if kind != "marks":
            sheet.append(["Макс. балл", None] + [int(t["max_score"]) for t in district.tasks[work]])
        for position, (label, count, n, values) in enumerate(group_rows(district, work, kind, region, municipality, school_label)):
            if position == 0:
                label = russia
            if kind == "marks":
                sheet.append([label, count, n] + [round(v / 100, 6) for v in values])
            else:
                sheet.append([label, n] + [comma(v / 100, 6) for v in values])
    book.save(path)


def protocol_with_logins(path, district):
    work = ("Математика", "5")
    schools = ["S01", "S02", "S11"]
    tasks = district.tasks[work]
    scores = {}
    for row in read(DATA, "vpr_task_scores.csv"):
        if row["year"] == "2025" and (row["subject"], row["grade"]) == work and row["school_id"] in schools:
            scores[(row["school_id"], row["pupil_code"], row["task"])] = row["score"]
    book = new_book()
    sheet = book.active
    sheet.title = "Протокол"
    sheet.append(["Протокол проверки ВПР 2025, Математика, 5 класс"])
    sheet.append(["логин школы", "регион", "номер обучающегося", "код обучающегося",
                  "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов"]
                 + [f"балл за {t['task']}" for t in tasks])
    rows = sorted((r for r in district.results[work] if r["school_id"] in schools),
                  key=lambda r: (r["school_id"], r["class_id"], r["pupil_code"]))
    absent_count = 0
    for number, row in enumerate(rows, start=1):
        code = row["school_id"]
        shown_login = login(code).upper() + " " if code == "S11" else login(code)   # case and a trailing space
        journal = int(row["journal_mark"]) if row["journal_mark"] else "н/а"
        sex = "м" if number % 2 else "ж"
        variant = int(row["variant"])
        if row["status"] == "present":
            cells = [int(scores[(code, row["pupil_code"], t["task"])]) if scores[(code, row["pupil_code"], t["task"])] != "" else "X"
                     for t in tasks]
            total = int(row["primary_score"])
        else:
            way = absent_count % 4
            absent_count += 1
            cells = [None] * len(tasks)
            total = "отсутствовал" if way == 0 else None
            if way == 2:
                variant = "не явился"
            if way == 3:
                sex = "неявка"
        sheet.append([shown_login, 99, number, int(row["pupil_code"]), journal, sex, row["class_id"], variant, total] + cells)
    book.save(path)
    with open(os.path.join(SIDE, "schools_logins.csv"), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        source = read(DATA, "schools.csv")
        writer.writerow(list(source[0].keys()) + ["fisoko_login"])
        for row in source:
            writer.writerow(list(row.values()) + [login(row["school_id"])])


def broken(path, district):
    work = ("Математика", "5")
    book = new_book()
    faults = ["нет 5", "переименован", "регион", "текст"]
    for index, fault in enumerate(faults):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = fault
        sheet.append(["Статистика по отметкам ВПР 2025, Математика 5"])
        header = ["Группы участников", "Кол-во ОО", "Кол-во участников", "2", "3", "4", "5"]
        if fault == "нет 5":
            header = header[:6]
        if fault == "переименован":
            header[2] = "Участники"
        sheet.append(header)
        for position, (label, count, n, values) in enumerate(
                group_rows(district, work, "marks", "Озёрная обл.", "Приозёрский муниципальный район", login)):
            if fault == "регион" and position == 1:
                label = "Озёрье"
            values = [round(v, 1) for v in values]
            if fault == "текст" and position == 3:
                values[1] = "сорок"
            sheet.append([label, count, n] + values[: len(header) - 3])
    book.save(path)


def other_district():
    """Study/generate_district.py --seed c3: ids `0902`, year 2029."""
    folder = tempfile.mkdtemp()
    try:
        subprocess.run([sys.executable, os.path.join(ROOT, "Study", "generate_district.py"), "--seed", "c3", "--out", folder],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        district = District(folder, "2029")
        side = os.path.join(SIDE, "c3")
        os.makedirs(side, exist_ok=True)
        shutil.copy(os.path.join(folder, "schools.csv"), os.path.join(side, "schools.csv"))
        with open(os.path.join(side, "reference_results_2029.csv"), "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["year", "subject", "grade", "scope", "indicator", "task", "value"])
            for r in district.reference:
                if r["indicator"] != "mean_primary_score":
                    writer.writerow([r["year"], r["subject"], r["grade"], r["scope"], r["indicator"], r["task"], r["value"]])
        by_name = lambda school: district.names[school]
        for kind, name in (("marks", "c3_marks_2029.xlsx"), ("completion", "c3_completion_2029.xlsx")):
            blocks_sheet(os.path.join(OUT, name), district, kind, "Республика Кедровая", "Кедровогорский городской округ", by_name,
                         ["Статистика по отметкам" if kind == "marks" else "Выполнение заданий", "ВПР 2029"],
                         lambda position, offset, value: round(value, 2))
    finally:
        shutil.rmtree(folder)


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(SIDE, exist_ok=True)
    district = District(DATA, "2025")
    region, municipality = "Озёрная обл.", "Приозёрский муниципальный район"
    odd_login = lambda school: f" {login(school).upper()} " if school == "S05" else login(school)
    blocks_sheet(os.path.join(OUT, "Статистика_по_отметкам_ВПР_2025.xlsx"), district, "marks", region, municipality, odd_login,
                 ["Статистика по отметкам", "Дата формирования: 16.06.2025", f"Фильтры: {region}, {municipality}"], layout_a_values)
    blocks_sheet(os.path.join(OUT, "Выполнение_заданий_ВПР_2025.xlsx"), district, "completion", region, municipality, login,
                 ["Выполнение заданий", "Всероссийские проверочные работы 2025"],
                 lambda position, offset, value: comma(value, 1 if position < 2 else 2))
    works = [("Математика", "5"), ("Русский язык", "4"), ("Биология", "5")]
    sheets_book(os.path.join(OUT, "marks_by_sheet.xlsx"), district, "marks", works, "Озёрная область", municipality,
                lambda school: district.names[school])
    sheets_book(os.path.join(OUT, "completion_by_sheet.xlsx"), district, "completion", works[:2], region, municipality, login,
                russia="Россия")
    protocol_with_logins(os.path.join(OUT, "protocol_logins_math5.xlsx"), district)
    broken(os.path.join(OUT, "broken_marks.xlsx"), district)
    other_district()
    print("wrote reports into", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
