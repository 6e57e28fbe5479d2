#!/usr/bin/env python3
"""Builds ОГЭ/ЕГЭ result protocols and ВПР task catalogues that look like the real ones, for the
import-profile tests (GIAImportTests, CatalogueImportTests).

Run from the repository root (needs openpyxl from PyPI: `pip install openpyxl`):

    python3 Tests/Fixtures/make_gia_and_catalogues.py [--seed N] [--out DIR]

The output is committed; the tests never run Python. `--seed` and `--out` make other files of
the same shapes (other answer strings, planted cells) to try the importer on data it was not
written against.

Tests/Fixtures/gia/ — rendered from Datasets/gia_results.csv (the decoded result must give back
those rows) plus a few invented absent participants:

- ОГЭ_2025_Математика.xlsx — region A: three title rows (the exam, subject and year are in them),
  a two-row header (pupil columns merged down, «Результаты» merged across over «Ответы части 1 |
  Часть 2 | Первичный балл | Отметка»), header words with Latin look-alikes (`Кoд OO`), school
  codes and pupil codes as numbers stored as text in some rows, primary scores stored as text,
  `X` and Cyrillic `Х` in the answer strings (no answer), `X(2)` in the extended part,
  `отсутствовал` rows, a pupils' names column (ignored), the header repeated under a page break,
  a note under the table. Schools S01–S06.
- gia_rus_2024.csv — region B: Windows-1251, `;`, other words and column order (`Номер участника;
  Школа; Класс; Вариант; Задания с кратким ответом; Задания с развёрнутым ответом; Сумма баллов;
  Оценка`), title lines (`ГИА-9`), `неявка` rows, empty answers for an absent participant, spaces
  inside the extended string. Русский язык 2024, schools S01–S08.
- ЕГЭ_2025_Математика.xlsx — an ЕГЭ protocol (invented participants; the expected rows are written
  to ege_expected.csv): short answers `+`/`-` and digits for the two 2-point short tasks, the
  test score «Балл по 100-балльной шкале», a stray «Итого» row, one primary score that differs
  from its answers (kept, and reported).
- f1_math5_S01.csv — a FIS OKO «Ф1» export saved as CSV (Windows-1251, `;`, the level row above
  the header), from Datasets/vpr_results.csv and vpr_task_scores.csv (Математика 5, 2025, S01):
  the FIS OKO profiles read CSV through the same row stream.
- ОГЭ_район.xlsx — a district-wide protocol of both subjects with a «Учебный предмет» column (one
  subject in upper case), the exam and year only in the sheet name «ОГЭ-2025», a cover sheet first.
  Schools S09–S12.
- broken_*.xlsx / broken_*.csv — a missing school column, a renamed mark header, a bad character in
  a short-answer string, an extended string without brackets.

Tests/Fixtures/catalogues/ — rendered from Datasets/tasks.csv and task_skills.csv:

- ВПР_Математика_5_2024.xlsx — title rows, a two-row header («Коды» merged over «КЭС | КТ»), levels
  as words (базовый/повышенный/высокий), several codes on separate lines of one cell.
- vpr_math5_2025.csv — Windows-1251, `;`, «Блоки ПООП…» and «Проверяемые умения» columns, levels
  Б/П/В, codes written `М1.1.1, М2.3.1`, the work named only in the title line.
- ВПР_Русский_язык_4_2025.xlsx — one task's skill split over two rows (its number merged down),
  a «Всего» row, a cover sheet first.
- broken_catalogue_level.xlsx (a level «средний»), broken_catalogue_nomax.csv (no maximum column).
"""

import argparse
import csv
import os
import random
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "Datasets")

# ОГЭ specifications as rendered here (short tasks worth 1, then the extended tasks' maxima).
SPEC = {
    "Математика": (19, [2, 2, 2, 2, 2, 2]),       # max 31
    "Русский язык": (11, [7, 9, 4, 2]),            # max 33
}
# ЕГЭ: 10 short tasks marked +/-, 2 short tasks worth 2 written as digits, 7 extended.
EGE_SHORT_PM = 10
EGE_SHORT_DIGIT = 2
EGE_EXTENDED = [2, 2, 2, 3, 3, 4, 4]


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def answers(rng, primary, short_n, extended, digits=0):
    """Answer strings whose points add up to `primary`: short +/- (and digit) tasks and the
    extended part. No-answer marks (X/Х) are placed on tasks that score 0."""
    caps = [1] * short_n + [2] * digits + list(extended)
    assert primary <= sum(caps), (primary, caps)
    points = [0] * len(caps)
    remaining = primary
    order = list(range(len(caps)))
    while remaining > 0:
        rng.shuffle(order)
        for i in order:
            if remaining == 0:
                break
            if points[i] < caps[i] and rng.random() < 0.6:
                points[i] += 1
                remaining -= 1
    short = []
    for i in range(short_n):
        if points[i] == 1:
            short.append("+")
        else:
            short.append(rng.choice(["-", "-", "-", "X", "Х"]))
    for i in range(short_n, short_n + digits):
        short.append(str(points[i]) if points[i] or rng.random() < 0.7 else "X")
    ext = []
    for k, cap in enumerate(extended):
        p = points[short_n + digits + k]
        mark = str(p) if p or rng.random() < 0.7 else rng.choice(["X", "Х"])
        ext.append(f"{mark}({cap})")
    return "".join(short), ext


def title(ws, rows, width):
    for r, text in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=text).font = Font(bold=r == 1)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)


def oge_math(out, rng, gia):
    rows = [r for r in gia if r["year"] == "2025" and r["exam"] == "ОГЭ" and r["subject"] == "Математика"
            and r["school_id"] in {"S01", "S02", "S03", "S04", "S05", "S06"}]
    wb = Workbook()
    ws = wb.active
    ws.title = "Протокол"
    pupil_headers = ["Кoд OO", "Класс", "Код участника", "ФИО", "Вариант"]   # Latin o, O, O
    result_headers = ["Ответы части 1", "Часть 2", "Первичный балл", "Oтметка"]   # Latin O
    width = len(pupil_headers) + len(result_headers)
    title(ws, ["Протокол проверки экзаменационных работ ОГЭ", "Учебный предмет: Математика",
               "Дата экзамена: 03.06.2025, Приозёрский муниципальный район"], width)
    top, second = 5, 6
    for c, h in enumerate(pupil_headers, start=1):
        ws.cell(row=top, column=c, value=h)
        ws.merge_cells(start_row=top, start_column=c, end_row=second, end_column=c)
    first_result = len(pupil_headers) + 1
    ws.cell(row=top, column=first_result, value="Результаты")
    ws.merge_cells(start_row=top, start_column=first_result, end_row=top, end_column=width)
    for c, h in enumerate(result_headers, start=first_result):
        ws.cell(row=second, column=c, value=h)
    r = second + 1
    short_n, extended = SPEC["Математика"]
    absent = []
    for i, row in enumerate(rows):
        s, ext = answers(rng, int(row["primary_score"]), short_n, extended)
        school = row["school_id"]
        code = int(row["pupil_code"]) if i % 3 else row["pupil_code"]   # numbers, and numbers stored as text
        primary = row["primary_score"] if i % 4 == 0 else int(row["primary_score"])
        values = [school, row["class_id"], code, f"Участник {i + 1}", 1 + i % 2, s, "".join(ext), primary, int(row["mark"])]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
        r += 1
        if i == 100:   # the header repeated under a page break, as printed protocols carry it
            for c, h in enumerate(pupil_headers + ["Результаты"] * len(result_headers), start=1):
                ws.cell(row=r, column=c, value=h)
            for c, h in enumerate(result_headers, start=first_result):
                ws.cell(row=r + 1, column=c, value=h)
            r += 2
        if i % 40 == 7:   # an absent participant of the same class
            code = str(int(row["pupil_code"]) + 500)
            absent.append((school, row["class_id"], code))
            for c, v in enumerate([school, row["class_id"], code, f"Участник {i + 1}а", 1, "отсутствовал", None, None, None], start=1):
                ws.cell(row=r, column=c, value=v)
            r += 1
    ws.cell(row=r + 1, column=1, value="Председатель предметной комиссии: ____________")
    wb.save(os.path.join(out, "ОГЭ_2025_Математика.xlsx"))
    with open(os.path.join(out, "oge_math_absent.csv"), "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["school_id", "class_id", "pupil_code"])
        w.writerows(absent)


def oge_russian_csv(out, rng, gia):
    rows = [r for r in gia if r["year"] == "2024" and r["exam"] == "ОГЭ" and r["subject"] == "Русский язык"
            and r["school_id"] in {"S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08"}]
    short_n, extended = SPEC["Русский язык"]
    lines = [["Результаты ГИА-9 (ОГЭ) 2024 года", "", "", "", "", "", "", ""],
             ["Предмет: Русский язык", "", "", "", "", "", "", ""],
             [""] * 8,
             ["Номер участника", "Школа", "Класс", "Вариант", "Задания с кратким ответом",
              "Задания с развёрнутым ответом", "Сумма баллов", "Оценка"]]
    absent = []
    for i, row in enumerate(rows):
        s, ext = answers(rng, int(row["primary_score"]), short_n, extended)
        extended_text = " ".join(ext) if i % 5 == 0 else "".join(ext)
        lines.append([row["pupil_code"], row["school_id"], row["class_id"], str(300 + i % 4), s, extended_text,
                      row["primary_score"], row["mark"]])
        if i % 50 == 11:
            code = str(int(row["pupil_code"]) + 700)
            absent.append((row["school_id"], row["class_id"], code))
            if len(absent) % 2:
                lines.append([code, row["school_id"], row["class_id"], "", "неявка", "", "", ""])
            else:
                lines.append([code, row["school_id"], row["class_id"], "", "", "", "", ""])
    with open(os.path.join(out, "gia_rus_2024.csv"), "w", encoding="cp1251", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(lines)
    with open(os.path.join(out, "oge_rus_absent.csv"), "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["school_id", "class_id", "pupil_code"])
        w.writerows(absent)


def ege_math(out, rng):
    wb = Workbook()
    ws = wb.active
    ws.title = "ЕГЭ"
    headers = ["Код школы", "Класс", "Номер участника", "Вариант", "Краткий ответ", "Развёрнутый ответ",
               "Первичный балл", "Балл по 100-балльной шкале"]
    title(ws, ["Результаты ЕГЭ по математике (профильный уровень)", "2025 год"], len(headers))
    for c, h in enumerate(headers, start=1):
        ws.cell(row=4, column=c, value=h).font = Font(bold=True)
    maximum = EGE_SHORT_PM + 2 * EGE_SHORT_DIGIT + sum(EGE_EXTENDED)
    expected = []
    tasks = []
    r = 5
    mismatch_row = None
    for i in range(36):
        school = ["S01", "S03", "S09"][i % 3]
        cls = "11А" if i % 2 else "11Б"
        code = f"0{110001 + i}"   # leading zero: kept as text
        status = "present"
        if i in (5, 23):
            status = "absent"
            values = [school, cls, code, None, "отсутствовал", None, None, None]
            expected.append([2025, "ЕГЭ", "Математика", school, cls, code, "", "", "", "", "absent"])
        else:
            primary = rng.randint(3, maximum - 2)
            s, ext = answers(rng, primary, EGE_SHORT_PM, EGE_EXTENDED, digits=EGE_SHORT_DIGIT)
            test = round(27 + (primary - 5) * 73 / (maximum - 5)) if primary > 5 else primary * 5
            variant = 101 + i % 3
            given = primary
            if i == 17:   # the protocol's primary score disagrees with its answers
                given = primary + 1
                mismatch_row = r
            values = [school, cls, code, variant, s, "".join(ext), given, test]
            expected.append([2025, "ЕГЭ", "Математика", school, cls, code, given, "", test, variant, status])
            for k, ch in enumerate(s, start=1):
                if k <= EGE_SHORT_PM:
                    tasks.append([code, k, 1, "" if ch in "XХ" else (1 if ch == "+" else 0), 1])
                else:
                    tasks.append([code, k, 1, "" if ch in "XХ" else int(ch), ""])
            for k, item in enumerate(ext, start=len(s) + 1):
                points, cap = item[:-1].split("(")
                tasks.append([code, k, 2, "" if points in ("X", "Х") else int(points), int(cap)])
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
        r += 1
    ws.cell(row=r, column=1, value="Итого")
    ws.cell(row=r, column=3, value=34)
    wb.save(os.path.join(out, "ЕГЭ_2025_Математика.xlsx"))
    with open(os.path.join(out, "ege_expected.csv"), "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["year", "exam", "subject", "school_id", "class_id", "pupil_code", "primary_score", "mark", "test_score", "variant", "status"])
        w.writerows(expected)
    with open(os.path.join(out, "ege_expected_tasks.csv"), "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["pupil_code", "task", "part", "score", "max_score"])
        w.writerows(tasks)
    return mismatch_row


def oge_all_subjects(out, rng, gia):
    """A district-wide protocol holding both subjects, one row per participant and exam, with a
    «Учебный предмет» column (upper case for one subject); the exam and year only in the sheet
    name; pupil codes as numbers; no class column's neighbours reordered."""
    schools = {"S09", "S10", "S11", "S12"}
    rows = [r for r in gia if r["year"] == "2025" and r["exam"] == "ОГЭ" and r["school_id"] in schools]
    wb = Workbook()
    wb.active.title = "Сводка"
    wb.active["A1"] = "Сводный протокол по району"
    ws = wb.create_sheet("ОГЭ-2025")
    headers = ["Учебный предмет", "Школа", "Код работы", "Класс", "Вариант", "Краткий ответ", "Развёрнутый ответ",
               "Первичный балл", "Отметка по пятибалльной шкале"]
    for c, h in enumerate(headers, start=1):
        ws.cell(row=1, column=c, value=h)
    for i, row in enumerate(rows, start=2):
        short_n, extended = SPEC[row["subject"]]
        short, ext = answers(rng, int(row["primary_score"]), short_n, extended)
        subject = row["subject"].upper() if row["subject"] == "Математика" else row["subject"]
        values = [subject, row["school_id"], int(row["pupil_code"]), row["class_id"], 7, short, "".join(ext),
                  int(row["primary_score"]), int(row["mark"])]
        for c, v in enumerate(values, start=1):
            ws.cell(row=i, column=c, value=v)
    wb.save(os.path.join(out, "ОГЭ_район.xlsx"))


def broken(out, rng, gia):
    rows = [r for r in gia if r["year"] == "2025" and r["exam"] == "ОГЭ" and r["subject"] == "Математика" and r["school_id"] == "S02"][:8]
    short_n, extended = SPEC["Математика"]

    def sheet(name, headers, make_row, titles=("ОГЭ 2025, Математика",)):
        wb = Workbook()
        ws = wb.active
        ws.title = "Лист1"
        for r, t in enumerate(titles, start=1):
            ws.cell(row=r, column=1, value=t)
        h = len(titles) + 2
        for c, text in enumerate(headers, start=1):
            ws.cell(row=h, column=c, value=text)
        for i, row in enumerate(rows):
            for c, v in enumerate(make_row(i, row), start=1):
                ws.cell(row=h + 1 + i, column=c, value=v)
        wb.save(os.path.join(out, name))

    def plain(i, row):
        s, ext = answers(rng, int(row["primary_score"]), short_n, extended)
        return [row["school_id"], row["class_id"], row["pupil_code"], s, "".join(ext), int(row["primary_score"]), int(row["mark"])]

    good = ["Код ОО", "Класс", "Код участника", "Ответы части 1", "Часть 2", "Первичный балл", "Отметка"]
    # No school column at all.
    sheet("broken_missing_school.xlsx", good[1:], lambda i, row: plain(i, row)[1:])

    # A bad character in a short-answer string: row 6 (the 4th participant), column D.
    def bad_short(i, row):
        values = plain(i, row)
        if i == 3:
            values[3] = values[3][:4] + "a" + values[3][5:]
        return values
    sheet("broken_short.xlsx", good, bad_short)

    # The mark header renamed («Итоговая отм.»), as CSV.
    lines = [["ОГЭ 2025, Математика"], [], ["Код ОО", "Класс", "Код участника", "Ответы части 1", "Часть 2", "Первичный балл", "Итоговая отм."]]
    for i, row in enumerate(rows):
        lines.append([str(v) for v in plain(i, row)])
    with open(os.path.join(out, "broken_renamed.csv"), "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)

    # An extended string with a task missing its brackets: line 6 (the 3rd participant), field 5.
    lines = [["ОГЭ 2025, Математика"], [], good]
    for i, row in enumerate(rows):
        values = [str(v) for v in plain(i, row)]
        if i == 2:
            values[4] = "1(2)0 2(2)1(2)0(2)0(2)"
        lines.append(values)
    with open(os.path.join(out, "broken_extended.csv"), "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)


LEVEL_WORDS = {"Б": "базовый", "П": "повышенный", "В": "высокий"}


def catalogue_rows(tasks, skills, year, subject, grade):
    extra = defaultdict(list)
    for row in skills:
        if (row["year"], row["subject"], row["grade"]) == (year, subject, grade):
            extra[row["task"]].append(row["skill_code"])
    out = []
    for row in tasks:
        if (row["year"], row["subject"], row["grade"]) == (year, subject, grade):
            out.append((row, [row["skill_code"]] + extra[row["task"]]))
    return out


def kes(rng, codes):
    return "; ".join(f"{rng.randint(1, 7)}.{rng.randint(1, 9)}" for _ in codes)


def plan_sheet(ws, titles, rows, rng):
    """The «Описание» sheet of an official catalogue: two title lines, a two-row header («Коды»
    over КЭС and КТ, the other headings merged down), level words, codes on separate lines.
    Also the shape of the catalogues in Datasets/generator/make_received.py's inbox."""
    ws.title = "Описание"
    title(ws, titles, 6)
    heads = ["№ задания", "Проверяемые требования (умения)", "Коды", None, "Уровень сложности", "Максимальный балл"]
    for c, h in enumerate(heads, start=1):
        if h:
            ws.cell(row=4, column=c, value=h)
    for c in (1, 2, 5, 6):
        ws.merge_cells(start_row=4, start_column=c, end_row=5, end_column=c)
    ws.merge_cells(start_row=4, start_column=3, end_row=4, end_column=4)
    ws.cell(row=5, column=3, value="КЭС")
    ws.cell(row=5, column=4, value="КТ")
    r = 6
    for row, codes in rows:
        values = [int(row["task"]) if row["task"].isdigit() else row["task"], row["skill"], kes(rng, codes),
                  "\n".join(codes), LEVEL_WORDS[row["level"]], int(row["max_score"])]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v).alignment = Alignment(wrap_text=True)
        r += 1


def catalogues(out, rng):
    tasks = read("tasks.csv")
    skills = read("task_skills.csv")

    # Математика 5, 2024: xlsx, two-row header, level words, codes on separate lines.
    wb = Workbook()
    ws = wb.active
    plan_sheet(ws, ["Всероссийская проверочная работа по МАТЕМАТИКЕ, 5 класс",
                    "Обобщённый план варианта проверочной работы (2024 г.)"],
               catalogue_rows(tasks, skills, "2024", "Математика", "5"), rng)
    wb.save(os.path.join(out, "ВПР_Математика_5_2024.xlsx"))

    # Математика 5, 2025: cp1251 CSV, «Блоки ПООП» before the skill, codes with commas.
    lines = [["Описание ВПР 2025. Математика, 5 класс", "", "", "", "", "", ""],
             ["Номер задания", "Блоки ПООП обучающийся научится / получит возможность научиться",
              "Проверяемые умения", "Код КЭС", "Коды проверяемых умений", "Уровень", "Максимальный балл"]]
    for row, codes in catalogue_rows(tasks, skills, "2025", "Математика", "5"):
        lines.append([row["task"], "Развитие представлений о числе", row["skill"], kes(rng, codes), ", ".join(codes),
                      row["level"], row["max_score"]])
    with open(os.path.join(out, "vpr_math5_2025.csv"), "w", encoding="cp1251", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(lines)

    # Русский язык 4, 2025: a cover sheet first; a task with two skills over two rows; a total.
    wb = Workbook()
    cover = wb.active
    cover.title = "Титул"
    cover["A1"] = "Методические материалы для учителя"
    ws = wb.create_sheet("Русский язык 4 класс")
    ws["A1"] = "ВПР-2025"
    heads = ["№", "Проверяемые умения", "КЭС", "КПУ", "Уровень сложности", "Макс. балл"]
    for c, h in enumerate(heads, start=1):
        ws.cell(row=3, column=c, value=h)
    r = 4
    total = 0
    for row, codes in catalogue_rows(tasks, skills, "2025", "Русский язык", "4"):
        total += int(row["max_score"])
        level = "B" if row["level"] == "В" else row["level"]   # a Latin B passing for В
        if len(codes) > 1:
            ws.cell(row=r, column=1, value=row["task"])
            ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
            for c, v in enumerate([row["skill"], kes(rng, codes[:1]), codes[0], level, int(row["max_score"])], start=2):
                ws.cell(row=r, column=c, value=v)
            ws.cell(row=r + 1, column=2, value="(второе умение задания)")
            ws.cell(row=r + 1, column=4, value="; ".join(codes[1:]))
            r += 2
        else:
            for c, v in enumerate([row["task"], row["skill"], kes(rng, codes), codes[0], level, int(row["max_score"])], start=1):
                ws.cell(row=r, column=c, value=v)
            r += 1
    ws.cell(row=r, column=1, value="Всего")
    ws.cell(row=r, column=6, value=total)
    wb.save(os.path.join(out, "ВПР_Русский_язык_4_2025.xlsx"))

    # Broken: a level that is not Б/П/В (row 6 = the 3rd task, column C), and no maximum column.
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws["A1"] = "ВПР 2025, Математика, 5 класс"
    for c, h in enumerate(["№ задания", "Проверяемые умения", "Уровень", "Коды проверяемых умений", "Максимальный балл"], start=1):
        ws.cell(row=3, column=c, value=h)
    for i, (row, codes) in enumerate(catalogue_rows(tasks, skills, "2025", "Математика", "5")):
        level = "средний" if i == 2 else row["level"]
        for c, v in enumerate([row["task"], row["skill"], level, codes[0], int(row["max_score"])], start=1):
            ws.cell(row=4 + i, column=c, value=v)
    wb.save(os.path.join(out, "broken_catalogue_level.xlsx"))
    lines = [["ВПР 2025, Математика, 5 класс"], ["№ задания", "Проверяемые умения", "Уровень", "Коды проверяемых умений", "Баллы за задание"]]
    for row, codes in catalogue_rows(tasks, skills, "2025", "Математика", "5"):
        lines.append([row["task"], row["skill"], row["level"], codes[0], row["max_score"]])
    with open(os.path.join(out, "broken_catalogue_nomax.csv"), "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(lines)


def fisoko_csv(out):
    """A «Ф1 Индивидуальные результаты» export saved as CSV (Windows-1251, `;`): the FIS OKO
    profiles read CSV through the same row stream. Математика 5, 2025, school S01."""
    tasks = [r for r in read("tasks.csv") if (r["year"], r["subject"], r["grade"]) == ("2025", "Математика", "5")]
    pupils = [r for r in read("vpr_results.csv") if (r["year"], r["subject"], r["grade"], r["school_id"]) == ("2025", "Математика", "5", "S01")]
    scores = {(r["pupil_code"], r["task"]): r["score"] for r in read("vpr_task_scores.csv")
              if (r["year"], r["subject"], r["grade"], r["school_id"]) == ("2025", "Математика", "5", "S01")}
    width = 6 + len(tasks) + 3
    lines = [["ВПР 2025. Математика, 5 класс. Ф1 Индивидуальные результаты"] + [""] * (width - 1),
             [""] * 6 + [t["level"] for t in tasks] + ["", "", ""],
             ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"]
             + [f"{t['task']} ({t['max_score']}б)" for t in tasks] + ["Первичный балл", "Отметка", "Отметка по журналу"]]
    for i, p in enumerate(pupils):
        row = ["S01", "Приозёрский муниципальный район", "МБОУ СОШ № 1", p["pupil_code"], p["class_id"], p["variant"]]
        if p["status"] == "absent":
            row += [""] * len(tasks) + ["", "отсутствовал", ""]
        else:
            row += [scores.get((p["pupil_code"], t["task"]), "") or "X" for t in tasks] + [p["primary_score"], p["mark"]]
            row.append(p["journal_mark"] or "н/а")
        if p["status"] == "absent":
            row[-1] = p["journal_mark"] or "н/а"
        lines.append(row)
    with open(os.path.join(out, "f1_math5_S01.csv"), "w", encoding="cp1251", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests", "Fixtures"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gia_out = os.path.join(args.out, "gia")
    cat_out = os.path.join(args.out, "catalogues")
    os.makedirs(gia_out, exist_ok=True)
    os.makedirs(cat_out, exist_ok=True)
    gia = read("gia_results.csv")
    oge_math(gia_out, rng, gia)
    oge_russian_csv(gia_out, rng, gia)
    ege_math(gia_out, rng)
    oge_all_subjects(gia_out, rng, gia)
    broken(gia_out, rng, gia)
    fisoko_csv(gia_out)
    catalogues(cat_out, rng)


if __name__ == "__main__":
    main()
