#!/usr/bin/env python3
"""Builds FIS OKO-shaped workbooks from the sample district, for the FIS OKO import tests.

Run from the repository root (needs openpyxl from PyPI: `pip install openpyxl`):

    python3 Tests/Fixtures/make_fisoko_workbooks.py

It reads Datasets/vpr_results.csv, vpr_task_scores.csv, tasks.csv and schools.csv and writes,
for Математика 5 and Русский язык 4 of 2025 in schools S01, S02 and S11, the two export shapes
into Tests/Fixtures/xlsx/:

- f1_math5.xlsx — «Ф1 Индивидуальные результаты»: two title rows merged across the table (the
  year, subject and grade are in them), the level row (Б/П/В) over the task headers `9.1 (1б)`,
  pupil codes as numbers, a note row under the table.
- f1_rus4.xlsx — the same shape with the pupil's columns merged down over the level row and the
  header row, codes stored as text, the subject and grade in the sheet name `Русский язык 4
  класс` and the year in the title; a second, unrelated sheet comes first in tab order.
- Протокол_ВПР_2025_Математика_5.xlsx — the protocol export (`логин школы | … | балл за N`),
  header on row 1, no mark column (marks come from mark_scales), the work named only by the file.
- protocol_rus4.xlsx — the protocol export with nothing naming the work (the load must say it).

Special values are planted where the canonical data has nulls, so the import must give back the
same canonical tables: a score left empty (no answer) is written as `X`, `x`, Cyrillic `Х`, `х`
in turn, and every seventh such cell as `не пройд.`; an absent pupil's row carries
`отсутствовал` (in `Отметка` for Ф1, in `всего баллов` for the protocol); an empty journal mark is
written as `н/а`, `нет отметки` or left empty in turn. The cell contents are deterministic (the
ZIP entries' timestamps are not).
"""

import csv
import datetime
import os
import sys
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Datasets")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "xlsx")

YEAR = "2025"
SCHOOLS = ["S01", "S02", "S11"]
WORKS = [("Математика", "5"), ("Русский язык", "4")]
MUNICIPALITY = "Приозёрский муниципальный район"
NO_ANSWER = ["X", "x", "Х", "х"]   # Latin, Latin, Cyrillic, Cyrillic
NO_JOURNAL = ["н/а", "нет отметки", None]


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load():
    schools = {row["school_id"]: row for row in read("schools.csv")}
    tasks = defaultdict(list)
    for row in read("tasks.csv"):
        if row["year"] == YEAR:
            tasks[(row["subject"], row["grade"])].append(row)
    results = defaultdict(list)
    for row in read("vpr_results.csv"):
        if row["year"] == YEAR and row["school_id"] in SCHOOLS and (row["subject"], row["grade"]) in WORKS:
            results[(row["subject"], row["grade"])].append(row)
    scores = {}
    for row in read("vpr_task_scores.csv"):
        if row["year"] == YEAR and row["school_id"] in SCHOOLS and (row["subject"], row["grade"]) in WORKS:
            scores[(row["subject"], row["grade"], row["school_id"], row["pupil_code"], row["task"])] = row["score"]
    return schools, tasks, results, scores


class Planter:
    """Hands out the special values in turn, so every spelling appears."""

    def __init__(self):
        self.no_answer = 0
        self.journal = 0

    def empty_score(self):
        self.no_answer += 1
        if self.no_answer % 7 == 0:
            return "не пройд."
        return NO_ANSWER[self.no_answer % len(NO_ANSWER)]

    def empty_journal(self):
        self.journal += 1
        return NO_JOURNAL[self.journal % len(NO_JOURNAL)]


def new_book():
    book = Workbook()
    fixed = datetime.datetime(2025, 5, 15, 12, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "ФИС ОКО (образец, синтетические данные)"
    return book


def number(text):
    return int(text) if text != "" else None


def pupil_rows(work, results, scores, task_list, planter):
    """(result row, [score cell per task]) in the file's order: school, class, pupil code."""
    subject, grade = work
    rows = sorted(results[work], key=lambda r: (r["school_id"], r["class_id"], r["pupil_code"]))
    out = []
    for row in rows:
        cells = []
        if row["status"] == "present":
            for task in task_list:
                score = scores[(subject, grade, row["school_id"], row["pupil_code"], task["task"])]
                cells.append(number(score) if score != "" else planter.empty_score())
        else:
            cells = [None] * len(task_list)
        out.append((row, cells))
    return out


def journal_value(row, planter):
    return number(row["journal_mark"]) if row["journal_mark"] != "" else planter.empty_journal()


def f1_workbook(path, work, schools, tasks, results, scores, merged_header, codes_as_text, sheet_title, titles,
                first_sheet=None):
    subject, grade = work
    task_list = tasks[work]
    planter = Planter()
    book = new_book()
    sheet = book.active
    if first_sheet:
        sheet.title = first_sheet
        sheet["A1"] = "Пояснения к выгрузке"
        sheet["A2"] = "Лист с результатами — следующий."
        sheet = book.create_sheet(sheet_title)
    else:
        sheet.title = sheet_title
    leading = ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
    trailing = ["Первичный балл", "Отметка", "Отметка по журналу"]
    headers = leading + [f"{t['task']} ({t['max_score']}б)" for t in task_list] + trailing
    width = len(headers)
    row_number = 1
    for title in titles:
        sheet.cell(row=row_number, column=1, value=title).font = Font(bold=True)
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
        row_number += 1
    row_number += 1   # an empty row under the titles
    level_row, header_row = row_number, row_number + 1
    for index, task in enumerate(task_list):
        sheet.cell(row=level_row, column=len(leading) + index + 1, value=task["level"])
    for index, name in enumerate(headers):
        column = index + 1
        is_task = len(leading) < column <= len(leading) + len(task_list)
        if merged_header and not is_task:
            # The pupil's columns span the level row and the header row.
            sheet.cell(row=level_row, column=column, value=name)
            sheet.merge_cells(start_row=level_row, start_column=column, end_row=header_row, end_column=column)
        else:
            sheet.cell(row=header_row, column=column, value=name)
        sheet.cell(row=header_row, column=column).alignment = Alignment(wrap_text=True)
    row_number = header_row + 1
    for row, cells in pupil_rows(work, results, scores, task_list, planter):
        absent = row["status"] == "absent"
        code = row["pupil_code"] if codes_as_text else int(row["pupil_code"])
        values = [row["school_id"], MUNICIPALITY, schools[row["school_id"]]["school_name"], code,
                  row["class_id"], int(row["variant"])]
        values += cells
        values += [None if absent else number(row["primary_score"]),
                   "отсутствовал" if absent else number(row["mark"]),
                   journal_value(row, planter)]
        for index, value in enumerate(values):
            if value is not None:
                sheet.cell(row=row_number, column=index + 1, value=value)
        row_number += 1
    sheet.cell(row=row_number + 1, column=1, value="Выгружено из ФИС ОКО. Конфиденциально.")
    book.save(path)


def protocol_workbook(path, work, tasks, results, scores):
    task_list = tasks[work]
    planter = Planter()
    book = new_book()
    sheet = book.active
    sheet.title = "Протокол"
    headers = ["логин школы", "регион", "номер обучающегося", "код обучающегося",
               "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов"]
    headers += [f"балл за {t['task']}" for t in task_list]
    sheet.append(headers)
    for number_in_list, (row, cells) in enumerate(pupil_rows(work, results, scores, task_list, planter), start=1):
        absent = row["status"] == "absent"
        values = [row["school_id"], 99, number_in_list, int(row["pupil_code"]), journal_value(row, planter),
                  "м" if number_in_list % 2 else "ж", row["class_id"], int(row["variant"]),
                  "отсутствовал" if absent else number(row["primary_score"])]
        sheet.append(values + cells)
    book.save(path)


def main():
    os.makedirs(OUT, exist_ok=True)
    schools, tasks, results, scores = load()
    math5, rus4 = WORKS
    f1_workbook(os.path.join(OUT, "f1_math5.xlsx"), math5, schools, tasks, results, scores,
                merged_header=False, codes_as_text=False, sheet_title="Ф1",
                titles=["Всероссийские проверочные работы 2025 г.",
                        "Ф1. Индивидуальные результаты участников. Математика, 5 класс"])
    f1_workbook(os.path.join(OUT, "f1_rus4.xlsx"), rus4, schools, tasks, results, scores,
                merged_header=True, codes_as_text=True, sheet_title="Русский язык 4 класс",
                titles=["ВПР-2025. Индивидуальные результаты"], first_sheet="Пояснения")
    protocol_workbook(os.path.join(OUT, "Протокол_ВПР_2025_Математика_5.xlsx"), math5, tasks, results, scores)
    protocol_workbook(os.path.join(OUT, "protocol_rus4.xlsx"), rus4, tasks, results, scores)
    print("wrote", ", ".join(sorted(os.listdir(OUT))), file=sys.stderr)


if __name__ == "__main__":
    main()
