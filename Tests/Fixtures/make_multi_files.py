#!/usr/bin/env python3
"""Builds the folders of returned files for the folder/glob load tests (MultiFileLoadTests).

Run from the repository root (needs openpyxl from PyPI: `pip install openpyxl`):

    python3 Tests/Fixtures/make_multi_files.py

For each of two seeds (so the tests do not fit one shape) it invents a district's
class × subject × teacher rows — class ids like `5А`, teacher codes with leading zeros
(`0315`), pupil counts in the thousands for the totals — writes the truth as one canonical CSV,
and renders it as the files schools send back:

Tests/Fixtures/multi/seedN/
  truth.csv            every row: file, sheet, row (the sheet row or CSV line it was written
                       on), school_id, class_id, grade, subject, teacher_code, pupils, budget
  returned/            one workbook per school, `school_1.xlsx` … `school_K.xlsx` (natural
                       order differs from byte order: `school_10` after `school_9`), each with
                       a title row merged across the table and a blank row above the header;
                       the sheet name differs by school; one school's file has its columns in
                       another order and lacks `budget`; one has an extra column `comment`;
                       an Office lock file `~$school_2.xlsx` and a `.hidden.xlsx` are there too,
                       and a `notes.docx` (not data).
  csv/                 the same rows as semicolon CSV files with decimal commas and digit
                       groups split by U+0020, U+00A0 or U+202F (`12 345,5`), rows whose
                       trailing empty cells were dropped (as spreadsheets export them), and
                       text columns that look almost like grouped numbers but are not
                       (`0315`, `5 А`, `12 34`, a phone number).

The cell contents are deterministic per seed (the ZIP entries' timestamps are not).
"""

import csv
import os
import random
import shutil

import openpyxl
from openpyxl.styles import Font

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multi")
SUBJECTS = ["Математика", "Русский язык", "История", "Биология"]
LETTERS = "АБВГ"
SPACES = [" ", "\u00a0", "\u202f"]
COLUMNS = ["school_id", "class_id", "grade", "subject", "teacher_code", "pupils", "budget"]


def grouped(number, decimals):
    """A number written the Russian way: digit groups split by a space, decimal comma."""
    integer = int(abs(number))
    digits = str(integer)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    text = random.choice(SPACES).join(groups)
    if decimals:
        fraction = round(abs(number) - integer, decimals)
        text += "," + f"{fraction:.{decimals}f}"[2:]
    return ("-" if number < 0 else "") + text


def invent(seed):
    random.seed(seed)
    schools = random.randint(10, 13) if seed == 1 else random.randint(4, 6)
    rows = []
    for school in range(1, schools + 1):
        school_id = f"sch0931{school:02d}" if seed == 1 else f"Школа {school}"
        for grade in random.sample(range(4, 10), random.randint(1, 3)):
            for letter in LETTERS[: random.randint(1, 3)]:
                for subject in random.sample(SUBJECTS, random.randint(1, 2)):
                    rows.append({
                        "school": school,
                        "school_id": school_id,
                        "class_id": f"{grade}{letter}",
                        "grade": grade,
                        "subject": subject,
                        "teacher_code": f"0{random.randint(100, 999)}",
                        "pupils": random.randint(900, 250000) if random.random() < 0.5 else random.randint(1, 999),
                        "budget": round(random.uniform(1000, 2_500_000), 1),
                    })
    return schools, rows


def write_workbooks(folder, schools, rows, seed):
    returned = os.path.join(folder, "returned")
    os.makedirs(returned)
    truth = []
    for school in range(1, schools + 1):
        mine = [r for r in rows if r["school"] == school]
        columns = list(COLUMNS)
        if school == 3:
            columns = ["subject", "class_id", "school_id", "teacher_code", "grade", "pupils"]
        if school == 4:
            columns = columns + ["comment"]
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Классы" if school % 2 else f"Школа {school}"
        sheet.cell(row=1, column=1, value=f"Классы и учителя, школа {school}, {2024 + seed}").font = Font(bold=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        # Row 2 is left blank; the header is row 3.
        for index, name in enumerate(columns, start=1):
            sheet.cell(row=3, column=index, value=name)
        for offset, r in enumerate(mine):
            sheet_row = 4 + offset
            for index, name in enumerate(columns, start=1):
                if name == "comment":
                    value = "проверить" if offset % 2 == 0 else None
                else:
                    value = r[name]
                sheet.cell(row=sheet_row, column=index, value=value)
            truth.append(dict(r, file=f"school_{school}.xlsx", sheet=sheet.title, row=sheet_row,
                              budget=r["budget"] if "budget" in columns else None))
        book.save(os.path.join(returned, f"school_{school}.xlsx"))
    # Files a folder of returned templates really holds besides them.
    with open(os.path.join(returned, "~$school_2.xlsx"), "wb") as lock:
        lock.write(b"\x0bAnalyst" + b"\x00" * 40)
    shutil.copy(os.path.join(returned, "school_1.xlsx"), os.path.join(returned, ".hidden.xlsx"))
    with open(os.path.join(returned, "notes.docx"), "wb") as notes:
        notes.write(b"PK\x03\x04 not a workbook")
    return truth


def write_csvs(folder, schools, rows):
    out = os.path.join(folder, "csv")
    os.makedirs(out)
    truth = []
    header = ["school_id", "class_id", "teacher_code", "room", "phone", "pupils", "budget", "note"]
    for school in range(1, schools + 1):
        mine = [r for r in rows if r["school"] == school]
        lines = [";".join(header)]
        for r in mine:
            room = random.choice([f"{r['grade']} {r['class_id'][-1]}", f"{random.randint(10, 99)} {random.randint(10, 99)}"])
            phone = f"8 912 {random.randint(100, 999)} {random.randint(10, 99)} {random.randint(10, 99)}"
            note = random.choice(["", "", "нет учителя"])
            fields = [r["school_id"], r["class_id"], r["teacher_code"], room, phone,
                      grouped(r["pupils"], 0), grouped(r["budget"], 1), note]
            # Spreadsheets drop trailing empty cells.
            while fields and fields[-1] == "":
                fields.pop()
            lines.append(";".join(fields))
            truth.append(dict(r, file=f"school_{school}.csv", sheet="", row=len(lines), room=room, phone=phone, note=note))
        with open(os.path.join(out, f"school_{school}.csv"), "w", encoding="utf-8", newline="") as handle:
            handle.write("\r\n".join(lines) + "\r\n")
    return truth


def main():
    for seed in (1, 2):
        folder = os.path.join(ROOT, f"seed{seed}")
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        schools, rows = invent(seed)
        books = write_workbooks(folder, schools, rows, seed)
        texts = write_csvs(folder, schools, rows)
        fields = ["file", "sheet", "row", "school_id", "class_id", "grade", "subject", "teacher_code",
                  "pupils", "budget", "room", "phone", "note"]
        with open(os.path.join(folder, "truth.csv"), "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for r in books + texts:
                writer.writerow({k: ("" if r.get(k) is None else r.get(k, "")) for k in fields})


if __name__ == "__main__":
    main()
