#!/usr/bin/env python3
"""Generator of ONE synthetic district for the objectivity simulation study.

Writes a folder of CSV files in the canonical shape of PRODUCT.md (the same columns as the
sample district in Datasets/, but a different layout every time), with known signs of
non-objective results planted in chosen schools and the truth written beside the data.

    python3 Study/generate_district.py --out DIR --seed S [--pupils-per-class N]
            [--plant journal:strong,peaks:medium,cohort:weak,gia:strong,levels:strong,strong]
            [--clean] [--years N] [--monitoring | --no-monitoring] [--stats]

    from generate_district import generate
    truth = generate(out_dir, "my-seed", {"pupils_per_class": 10,
                                          "plant": {"journal": "strong", "strong": ""}})

Standard library only; deterministic: every random stream is `random.Random(f"{seed}-{part}")`
(string seeds are hashed with SHA-512 by `random`, independent of PYTHONHASHSEED), one stream
per part of the model, so the same seed and options give byte-identical files.

The model
---------
District shape (drawn from the seed): 15-40 schools, a rural share of 50-90 %; rural schools are
small (typical class of 3-18 pupils, mostly 5-15, one class per grade), town schools larger
(14-30 pupils, 1-3 classes per grade); types СОШ / ООШ / НОШ (grade 4 only) / Гимназия / Лицей.
Id shapes are chosen per district: schools `S07`, `sch093101`, `0315`, `Школа 3`; classes `5А`,
`5 А`, `5-А` (letters А, Б, В; a class keeps its letter as it moves up: 5А of year Y-1 is 6А of
year Y); pupil codes local to a school and year (`50001` = grade 5, pupil 1); teacher ids
`T009`, `У0009`, `ped-9` or `1009`. Two years, Y-1 and Y, with Y drawn from 2024-2031 (more with
--years: "Several years" below).

Works (ВПР): grade 4 Русский язык, Математика, Окружающий мир; grade 5 Русский язык, Математика,
История, Биология; grades 6-8 Русский язык, Математика and 1-2 of История, Биология, География,
Обществознание, Физика (7-8 only), chosen per district and grade, the same in both years. Each work
has 10-16 tasks (numbers as text, sometimes a split task "9.1"/"9.2"), max 1-3 points, levels Б
(~60 %), П, В (the last tasks), a skill code per task unique to its grade and subject ("М5.3.1").
Year Y's catalogue is year Y-1's with a few changes (a maximum, a level, an added task). Mark
thresholds of «3», «4», «5» at 25-35 %, 50-60 %, 75-85 % of the maximum, drawn per work and year.

Pupils: ability in a work θ = school effect N(0, 0.35) + class effect N(0, 0.15) (kept as the class
moves up) + pupil N(0, 1), the pupil part being √0.8·g + √0.2·e with g the pupil's general ability
(kept across works and years) and e fresh per work. 5 % of a class is replaced between the years
(class sizes stay the same). Each point of a task is earned with probability
logistic(1.7·(θ − b)), b = level base (Б −0.9, П 0.3, В 1.2) + jitter N(0, 0.3) + a per-work shift
that gives the region a mean of 48-60 % of the maximum (drawn per work; year Y's target moves by
N(0, 2) points). A task scored 0 is left blank (empty score, "no answer") with probability 0.1 / 0.3 /
0.45 by level. 4–15 % of pupil × work rows (drawn per district) are absent (status "absent", empty score, mark and
primary score, no task rows). The journal mark (2-5) cuts the latent c·z(θ) + √(1 − c²)·ε
(z = θ standardised over the region, c = 0.75) at the normal quantiles of 5/30/42/23 %, slightly
above the ВПР marks; 3 % are missing. The journal always reads the pupil's honest θ.

ОГЭ (year Y, grade 9, Русский язык max 33 and Математика max 31): the pupils of the grade-9
classes, which are the grade-8 classes of year Y-1 (same school, letter, class effect and pupils
but for the 5 % turnover); the same item model, fixed thresholds (math 8/15/22, Russian
15/23/29), never shifted by a plant. 3 % of the grade have no row.

Reference figures (reference_results.csv): the exact expectations of the model without planted
signs for the region (θ ~ N(0, σ²), σ² = 0.35² + 0.15² + 1), computed on a 31-point grid of θ with
the score distribution by convolution: per task solve_rate, per work mark2_pct … mark5_pct and
mean_primary_score. Russia: the same population shifted by a per-district δ ~ U(−0.1, 0.1).

Planted signs (each in its own school, an СОШ with exactly one class per grade of the requested
size; the truth goes to truth.csv):
  journal  year Y, every work: journal latent with c = 0.0 / −0.3 / −0.6 (weak / medium / strong)
  peaks    year Y, every work: a pupil at t−1 or t−2 below a threshold t of «3», «4», «5» is lifted
           to t with probability 0.2 / 0.35 / 0.5; the points go to tasks below their maximum
  cohort   year Y−1, works of grades 4–7: θ + 0.6 / 0.9 / 1.3; year Y honest
  gia      ВПР of both years, all grades: θ + 0.5 / 0.8 / 1.2; ОГЭ honest
  levels   year Y, every work: each П/В task row raised to its maximum with probability
           0.15 / 0.3 / 0.5, each Б row loses a point (when it has one) with half that probability
  strong   a genuinely strong, objective Гимназия: school effect +0.9, everything honest
A clean district (`--clean`) plants nothing but, in half of the districts, a `strong` school.
Shifts of θ inflate results only: the journal mark follows the honest θ.

Optional parts vary by district: `reference_results.n`, `mark_scales.exam`, task_skills.csv
(absent in ~30 %), gia_results.csv (absent in ~20 % unless `gia` is planted).

Several years (--years N, default 2)
------------------------------------
The years Y-N+1 … Y, so that msoko's annual cycle (year t reads the register written for t-1 and
monitors it) can run on a generated district. With N = 2 every file is byte for byte what the
two-year generator wrote (the simulation study's results depend on it); all that follows is for
N >= 3, the "cycle mode" (the same seed gives the same district shape, schools and subjects):
  classes   persist and move up a grade keeping their letter; each year's pupils are the year
            before's with the 5 % turnover. ОГЭ in every year but the first (grade 9 = last year's
            grade 8), the same items and thresholds.
  works     the first year's catalogue shares skill codes: consecutive Б tasks of a block share a
            code with probability 0.5 (at least two skills of 2-3 tasks per work where the
            catalogue allows), and with probability 0.75 a multi-task Б skill of the grade below is
            checked again by two Б tasks under its own code (М5.2.1 in a grade-6 work). Each later
            year's catalogue is the previous one's with the same few changes as above (the codes
            stay); the region's target mean walks N(0, 2) points a year.
  teachers  subject teachers persist; where a school has two or three classes a grade, each of the
            subject's two teachers takes all the classes of some grades (5…k and k+1…9, drawn per
            school and subject), the same grades every year; a one-class school has one teacher
            per subject for all grades. Primary (grade 4) teachers are new every year. At least 3
            town schools have two classes a grade (ordinary schools with the smallest school effect
            are made so when the district has fewer), so that some teachers have the >= 25 pupils
            in a work that msoko's support-need rule asks for.
  monitoring  (on unless --no-monitoring; --monitoring with N = 2 is an error) in every year t but
            the last (Y-2 and Y-1 when N = 3), on 1-2 skills of grades 5-8 (different works and
            codes, not the codes planted the year before; a skill of >= 2 tasks in the work of t
            and of t+1, on which the district's honest rate is >= the sufficiency threshold + 10
            p.p. in t and + 5 in t+1; three times in four a skill also checked one grade up in t+1
            is tried first; a skill with >= 3 comparison teachers is preferred):
    planted     1-2 teachers (>= 28 pupils present in t and t+1, honestly within 10 p.p. of the
                district on the other tasks and 15 on the skill, in t and t+1) whose pupils' chance of each point of the skill's tasks is cut so
                that they sit ~40 p.p. below the district: a support need by msoko's rule. At
                random (both kinds in every district with >= 2 planted): improved — a course
                covering the skill completed in year t, and in t+1 the teacher's classes of the
                same grade (new pupils) and the cohort one grade up are at the district level; or
                not_improved — no course or only `enrolled` (year t) in a covering one, and in t+1
                both sides as weak. (A teacher planted on a skill checked one grade up also
                teaches the cohort there in t+1; otherwise the skill has no cohort side.)
                A course covering the skill exists (the skill is added to a course of the subject
                when none covers it).
    comparison  up to 3-6 teachers (>= 10 pupils, honestly within 12 p.p. of the district on the
                skill and on the other tasks in t and t+1, smaller ones first) of the same work ~20 p.p.
                below the district in t, ~10 in t+1 (their classes of the grade, and the cohort
                when they teach it one grade up), with no course at all.
            The plants of a skill may lower the district's rate to its sufficiency threshold + 5
            p.p. at most (this limits the comparison group). The classes they touch are then
            redrawn, each redraw its own stream, until the data show what is planted: planted
            teachers are support needs in t by msoko's rule (Scripts/lib/teachers.msoko); improved
            ones are <= 10 p.p. below the district in t+1 and not support needs; not_improved ones
            >= 25 p.p. below (the cohort >= 20); comparison teachers >= 10 p.p. below in t, not
            support needs, their gap narrower in t+1; the sides checked have >= 10 pupils. What is still unmet after 40 rounds is listed
            in study.json's monitoring_unmet (rare). The truth goes to monitoring_truth.csv: year
            (of the deficit), teacher_id, school_id, subject, grade, skill_code, course_id,
            completed, expected (improved / not_improved; comparison teachers are not_improved:
            they got no course), role (planted / comparison). Study/check_generated_cycle.py checks
            a generated district against it from the CSV files alone.
"""

import argparse
import csv
import json
import math
import os
import random
import statistics
import sys
import time

# --------------------------------------------------------------------------------------------
# Model constants
# --------------------------------------------------------------------------------------------
SIGNS = ("journal", "peaks", "cohort", "gia", "levels")
STRENGTHS = ("weak", "medium", "strong")
PLANT_EFFECT = {
    "journal": {"weak": 0.0, "medium": -0.3, "strong": -0.6},    # journal correlation c
    "peaks": {"weak": 0.2, "medium": 0.35, "strong": 0.5},       # P(lift to the threshold)
    "cohort": {"weak": 0.6, "medium": 0.9, "strong": 1.3},       # θ shift, year Y-1, grades 4-7
    "gia": {"weak": 0.5, "medium": 0.8, "strong": 1.2},          # θ shift of every ВПР
    "levels": {"weak": 0.15, "medium": 0.3, "strong": 0.5},      # P(П/В row raised to max)
}
STRONG_SCHOOL_EFFECT = 0.9

SCHOOL_SD = 0.35
CLASS_SD = 0.15
PUPIL_PERSISTENT = 0.8          # share of the pupil's variance kept across works and years
THETA_SD = math.sqrt(SCHOOL_SD ** 2 + CLASS_SD ** 2 + 1.0)
TURNOVER = 0.05                 # share of a class replaced between the two years

SLOPE = 1.7
LEVEL_B = {"Б": -0.9, "П": 0.3, "В": 1.2}
ITEM_JITTER_SD = 0.3
TARGET_MEAN_PCT = (48.0, 60.0)  # the region's mean % of max of a work (per-work shift calibrated to it)
BLANK_GIVEN_ZERO = {"Б": 0.1, "П": 0.3, "В": 0.45}

ABSENT = (0.04, 0.15)           # a district's share of absent pupil × work rows is drawn from this range
JOURNAL_C = 0.75
JOURNAL_MISSING = 0.03
JOURNAL_SHARES = (5, 30, 42, 23)
_cum = [sum(JOURNAL_SHARES[:i + 1]) / 100 for i in range(3)]
JOURNAL_CUTS = tuple(statistics.NormalDist().inv_cdf(p) for p in _cum)

OGE_MISSING = 0.03
OGE = {
    # subject: items as (max, level), thresholds of «3», «4», «5», target mean % of the region
    "Математика": ([(1, "Б")] * 19 + [(2, "П")] * 3 + [(2, "В")] * 3, (8, 15, 22), 0.50),
    "Русский язык": ([(1, "Б")] * 11 + [(6, "Б"), (7, "П"), (9, "П")], (15, 23, 29), 0.66),
}

# Several years (--years N >= 3, the "cycle mode") and the monitoring plants (docstring, "Several years")
CYCLE_TOWN_SCHOOLS = 3          # at least this many town schools with >= 2 classes a grade in cycle mode
MON_PLANTED_GAP = 40.0          # planted teacher: target p.p. below the district on the skill
MON_COMPARISON_GAP = (20.0, 10.0)   # comparison teacher: p.p. below the district, deficit year / next year
MON_MIN_N = 28                  # a planted teacher's pupils present in the work (the rule needs >= 25)
MON_COMP_MIN_N = 10             # a comparison teacher's pupils present in the work
MON_ROUNDS = 40                 # redraws of the affected classes until the data show what was planted
MON_MARGIN = (10.0, 5.0)        # the district's honest rate on a planted skill: >= sufficiency + this, year / next year
MON_KEEP = 5.0                  # ... and with the deficits >= sufficiency + this (limits the plants of a skill)

REGION_N = (12000, 26000)
RUSSIA_N = (1100000, 1500000)
RUSSIA_DELTA = 0.1

GRID = [-4.5 + 0.3 * i for i in range(31)]          # θ in units of the population's SD
_w = [math.exp(-x * x / 2) for x in GRID]
GRID_W = [w / sum(_w) for w in _w]

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------
SUBJECT_CODE = {"Русский язык": "Р", "Математика": "М", "Окружающий мир": "О", "История": "И",
                "Биология": "Б", "География": "Г", "Обществознание": "Об", "Физика": "Ф"}
SKILL_TEXTS = {
    "Русский язык": ["Соблюдать орфографические нормы", "Соблюдать пунктуационные нормы",
                     "Проводить морфемный и словообразовательный анализ слов",
                     "Проводить морфологический анализ слова", "Проводить синтаксический анализ предложения",
                     "Определять основную мысль текста", "Распознавать значение слова в контексте",
                     "Соблюдать орфоэпические нормы", "Составлять план текста"],
    "Математика": ["Выполнять арифметические действия с натуральными числами",
                   "Выполнять действия с обыкновенными и десятичными дробями",
                   "Решать текстовые задачи на движение, работу и покупки",
                   "Решать задачи на нахождение части числа и числа по его части",
                   "Читать информацию, представленную в таблицах и на диаграммах",
                   "Решать простые и сложные задачи разных типов", "Оперировать понятиями геометрии",
                   "Решать линейные уравнения", "Выполнять преобразования буквенных выражений"],
    "Окружающий мир": ["Использовать знаковые модели для решения задач", "Различать объекты живой и неживой природы",
                       "Описывать свойства веществ и тел", "Знать правила безопасного поведения",
                       "Работать с картой"],
    "История": ["Работать с исторической картой", "Знать исторические даты и события",
                "Анализировать исторический источник", "Знать выдающихся деятелей истории",
                "Объяснять причины и следствия исторических событий"],
    "Биология": ["Различать органы и системы органов", "Объяснять процессы жизнедеятельности",
                 "Работать с изображениями биологических объектов", "Проводить биологический эксперимент",
                 "Знать систематику организмов"],
    "География": ["Работать с географической картой", "Определять географические координаты",
                  "Объяснять природные явления", "Читать климатограммы"],
    "Обществознание": ["Анализировать социальные ситуации", "Знать права и обязанности гражданина",
                       "Работать с социальной информацией", "Объяснять экономические понятия"],
    "Физика": ["Решать расчётные задачи", "Объяснять физические явления", "Работать с графиками и таблицами",
               "Проводить измерения"],
}
SURNAMES = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова", "Соколова", "Михайлова",
            "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова",
            "Павлова", "Козлова", "Степанова", "Николаева", "Орлова", "Андреева", "Макарова", "Никитина",
            "Захарова", "Зайцева", "Соловьёва", "Борисова", "Яковлева", "Григорьева", "Романова", "Воробьёва"]
FIRST_F = ["Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина", "Юлия", "Людмила",
           "Галина", "Надежда", "Екатерина", "Оксана", "Валентина"]
FIRST_M = ["Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Николай", "Михаил", "Игорь", "Владимир"]
PATRONYMIC = ["Александровн", "Сергеевн", "Николаевн", "Викторовн", "Владимировн", "Ивановн", "Петровн",
              "Анатольевн", "Михайловн", "Юрьевн"]
VILLAGES = ["Берёзовка", "Сосновка", "Михайловка", "Покровское", "Заречный", "Красное", "Ильинское",
            "Троицкое", "Васильевка", "Лесной", "Октябрьский", "Малиновка", "Ключи", "Горки", "Озёрки",
            "Никольское", "Рябиновка", "Садовый", "Каменка", "Высокое", "Дубрава", "Луговой", "Раздолье",
            "Вишнёвка", "Родники", "Ясная Поляна", "Кедровый", "Светлое", "Полянка", "Петровское",
            "Знаменка", "Черёмушки", "Ольховка", "Ручьи", "Боровое", "Медведево", "Борки", "Липовка",
            "Зелёный Бор", "Степное"]
TOWNS = [("г. Северогорск", "Северогорска"), ("г. Краснобор", "Краснобора"), ("г. Ольховск", "Ольховска"),
         ("г. Светлоярск", "Светлоярска"), ("г. Кедровогорск", "Кедровогорска")]
CATEGORIES = (("высшая", 30), ("первая", 35), ("соответствие", 20), ("без категории", 15))
BLOCKS = ("нормативный", "предметный", "методический", "психолого-педагогический")
PROVIDERS = ("ГАУ ДПО «Областной институт развития образования»", "ЦНППМ «Учитель будущего»",
             "ФГАОУ ДПО «Академия Минпросвещения России»")

SCHOOL_ID_SHAPES = ("S{n:02d}", "sch{region}{n:02d}", "0{d}{n:02d}", "Школа {n}")
CLASS_ID_SHAPES = ("{g}{L}", "{g} {L}", "{g}-{L}")
TEACHER_ID_SHAPES = ("T{n:03d}", "У{n:04d}", "ped-{n}", "1{n:03d}")
LETTERS = "АБВ"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def write_csv(out_dir, name, header, rows):
    """UTF-8, comma, `\\n`, RFC 4180 quoting only where needed; None is an empty field."""
    with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def parse_plant(text):
    """'journal:strong,peaks:medium,strong' → {'journal': 'strong', 'peaks': 'medium', 'strong': ''}."""
    plant = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        sign, _, strength = item.partition(":")
        if sign == "strong":
            plant["strong"] = ""
            continue
        if sign not in SIGNS:
            raise ValueError(f"unknown sign {sign!r} (one of {', '.join(SIGNS)}, strong)")
        strength = strength or "strong"
        if strength not in STRENGTHS:
            raise ValueError(f"unknown strength {strength!r} for {sign} (one of {', '.join(STRENGTHS)})")
        plant[sign] = strength
    return plant


class Work:
    """A task catalogue of one work and year: tasks, mark thresholds, difficulties."""

    def __init__(self, year, subject, grade, tasks, thresholds, shift):
        self.year, self.subject, self.grade = year, subject, grade
        self.tasks = tasks                      # list of dicts: task, max, level, b, skill_code, skill
        self.max_total = sum(t["max"] for t in tasks)
        self.thresholds = thresholds            # min score of «3», «4», «5»
        self.shift = shift
        t3, t4, t5 = thresholds
        self.mark_of = [2 if s < t3 else 3 if s < t4 else 4 if s < t5 else 5 for s in range(self.max_total + 1)]
        # the threshold a score sits one or two points below (the windows are disjoint)
        self.lift_to = {}
        for t in thresholds:
            for s in (t - 1, t - 2):
                if s >= 0:
                    self.lift_to[s] = t
        # per task: (task number, max, level, exp(SLOPE·b), P(blank | 0), is П/В)
        self.fast = [(t["task"], t["max"], t["level"], math.exp(SLOPE * t["b"]), BLANK_GIVEN_ZERO[t["level"]],
                      t["level"] != "Б") for t in tasks]


def make_thresholds(rng, max_total):
    t3 = round(max_total * rng.uniform(0.25, 0.35))
    t4 = round(max_total * rng.uniform(0.50, 0.60))
    t5 = round(max_total * rng.uniform(0.75, 0.85))
    t3 = max(t3, 2)
    t4 = max(t4, t3 + 2)
    t5 = min(max(t5, t4 + 2), max_total)
    return (t3, t4, t5)


def make_catalogue(rng, subject, grade):
    """Tasks of a work in year Y-1: levels Б, then П, the hardest (В) last."""
    n = rng.randint(10, 16)
    n_v = rng.choice((1, 2, 2, 3))
    n_b = round(n * rng.uniform(0.55, 0.65))
    n_p = max(1, n - n_b - n_v)
    n_b = n - n_p - n_v
    levels = ["Б"] * n_b + ["П"] * n_p + ["В"] * n_v
    if rng.random() < 0.5:                           # one П among the easy tasks
        i, j = rng.randrange(n_b // 2, n_b), n_b + rng.randrange(n_p)
        levels[i], levels[j] = levels[j], levels[i]
    split = rng.randrange(n // 2, n - 1) if rng.random() < 0.35 else None   # "k.1", "k.2"
    numbers, k = [], 0
    i = 0
    while i < n:
        k += 1
        if split is not None and i == split:
            numbers += [f"{k}.1", f"{k}.2"]
            i += 2
        else:
            numbers.append(str(k))
            i += 1
    code = SUBJECT_CODE[subject]
    texts = SKILL_TEXTS[subject]
    tasks, block, within = [], 1, 0
    for i, (number, level) in enumerate(zip(numbers, levels)):
        if within >= rng.randint(2, 4):
            block, within = block + 1, 0
        within += 1
        if level == "Б":
            mx = 1 if rng.random() < 0.7 else 2
        elif level == "П":
            mx = 1 if rng.random() < 0.35 else 2
        else:
            mx = 2 if rng.random() < 0.5 else 3
        tasks.append(dict(task=number, max=mx, level=level,
                          b=LEVEL_B[level] + rng.gauss(0, ITEM_JITTER_SD),
                          skill_code=f"{code}{grade}.{block}.{within}",
                          skill=texts[(block * 3 + within) % len(texts)]))
    return tasks


def revise_catalogue(rng, tasks, subject, grade):
    """Year Y's catalogue: year Y-1's with a few changes (before the per-work shift)."""
    drift = 0.0
    new = [dict(t) for t in tasks]
    if rng.random() < 0.3:                           # a maximum changes
        t = rng.choice(new)
        t["max"] = t["max"] + 1 if t["max"] < 3 and (t["max"] == 1 or rng.random() < 0.5) else t["max"] - 1
    if rng.random() < 0.2:                           # a level changes (П ↔ Б in the middle)
        i = rng.randrange(len(new) // 3, len(new) - 1)
        old = new[i]["level"]
        if old != "В":
            level = "П" if old == "Б" else "Б"
            new[i]["level"] = level
            new[i]["b"] += LEVEL_B[level] - LEVEL_B[old]
    if rng.random() < 0.2 and "." not in new[-1]["task"] and len(new) < 16:   # a task is added
        last = new[-1]
        number = str(int(last["task"]) + 1)
        parts = last["skill_code"].split(".")
        new.append(dict(task=number, max=2, level="В", b=LEVEL_B["В"] + rng.gauss(0, ITEM_JITTER_SD) + drift,
                        skill_code=f"{parts[0]}.{parts[1]}.{int(parts[2]) + 1}", skill=SKILL_TEXTS[subject][0]))
    return new


def group_skills(rng, tasks, lower):
    """Cycle mode: tasks share skill codes, as in real codifiers (in place, first year's catalogue).

    Consecutive Б tasks of a block share the first one's code with probability 0.5 (a skill of
    2-3 tasks; at least two such skills where the catalogue allows); with probability 0.75 a
    multi-task Б skill of the grade below (`lower`, the same subject) is checked again here by
    two consecutive Б tasks, under its own code and text (М5.2.1 in grade 6)."""
    block = [t["skill_code"].split(".")[1] for t in tasks]
    pairs = [i for i in range(1, len(tasks))
             if tasks[i]["level"] == "Б" and tasks[i - 1]["level"] == "Б" and block[i] == block[i - 1]]
    merged = [i for i in pairs if rng.random() < 0.5]
    for i in pairs:
        if len(merged) >= 2:
            break
        if i not in merged and i - 1 not in merged and i + 1 not in merged:
            merged.append(i)
    for i in sorted(merged):
        tasks[i]["skill_code"], tasks[i]["skill"] = tasks[i - 1]["skill_code"], tasks[i - 1]["skill"]
    if lower and rng.random() < 0.75:
        counts = {}
        for t in lower:
            if t["level"] == "Б":
                counts[t["skill_code"]] = counts.get(t["skill_code"], 0) + 1
        shared = sorted(code for code, k in counts.items() if k >= 2)
        spots = [i for i in range(1, len(tasks)) if tasks[i]["level"] == "Б" and tasks[i - 1]["level"] == "Б"]
        if shared and spots:
            code = rng.choice(shared)
            text = next(t["skill"] for t in lower if t["skill_code"] == code)
            i = rng.choice(spots)
            for t in (tasks[i - 1], tasks[i]):
                t["skill_code"], t["skill"] = code, text
    return tasks


def population_pmf(items, mean_shift, sd=THETA_SD):
    """Score distribution and expected points per item for θ ~ N(mean_shift, sd²).

    items: list of (max points, b). Returns (pmf over the total score, expected points per item)."""
    total_max = sum(m for m, _ in items)
    pmf = [0.0] * (total_max + 1)
    expected = [0.0] * len(items)
    for x, w in zip(GRID, GRID_W):
        theta = mean_shift + sd * x
        dist = [1.0]
        for k, (m, b) in enumerate(items):
            p = logistic(SLOPE * (theta - b))
            q = 1.0 - p
            expected[k] += w * m * p
            for _ in range(m):
                dist = [a * q + c * p for a, c in zip(dist + [0.0], [0.0] + dist)]
        for s, v in enumerate(dist):
            pmf[s] += w * v
    return pmf, expected


# --------------------------------------------------------------------------------------------
# The district
# --------------------------------------------------------------------------------------------
class District:
    pass


def build_district(seed, options):
    R = lambda part: random.Random(f"{seed}-{part}")
    d = District()
    d.seed = seed
    shape = R("shape")
    d.year = shape.randint(2024, 2031)
    d.n_years = int(options.get("years") or 2)
    if d.n_years < 2:
        raise ValueError("--years must be at least 2")
    d.years = tuple(range(d.year - d.n_years + 1, d.year + 1))
    d.cycle = d.n_years >= 3            # several years: the structure of the docstring's "Several years"
    monitoring = options.get("monitoring")
    d.monitoring = d.cycle if monitoring is None else bool(monitoring)
    if d.monitoring and not d.cycle:
        raise ValueError("the monitoring plants need --years 3 or more")
    d.deficit = {}                      # (year, school index, letter, grade, subject) -> {task: factor}
    d.monitoring_rows, d.monitoring_unmet = [], []
    d.n_schools = shape.randint(15, 40)
    d.school_shape = shape.choice(SCHOOL_ID_SHAPES)
    d.class_shape = shape.choice(CLASS_ID_SHAPES)
    d.teacher_shape = shape.choice(TEACHER_ID_SHAPES)
    d.region_code = f"0{shape.randint(100, 999)}"
    d.digit = shape.randint(1, 9)
    d.rural_share = shape.uniform(0.5, 0.9)
    d.with_n = shape.random() < 0.5
    d.with_exam = shape.random() < 0.5
    d.with_task_skills = shape.random() < 0.7
    gia_drawn = shape.random() < 0.8
    d.russia_delta = shape.uniform(-RUSSIA_DELTA, RUSSIA_DELTA)
    d.town, d.town_gen = shape.choice(TOWNS)

    plant = dict(options.get("plant") or {})
    if options.get("clean"):
        plant = {"strong": ""} if R("clean-strong").random() < 0.5 else {}
    d.plant = plant
    d.absent = R("absent-rate").uniform(*ABSENT)
    d.pupils_per_class = int(options.get("pupils_per_class") or 10)
    d.with_gia = gia_drawn or "gia" in plant

    # subjects per grade, fixed for the district
    subj = R("subjects")
    d.subjects = {4: ["Русский язык", "Математика", "Окружающий мир"],
                  5: ["Русский язык", "Математика", "История", "Биология"]}
    for g in (6, 7, 8):
        pool = ["История", "Биология", "География", "Обществознание"] + (["Физика"] if g >= 7 else [])
        d.subjects[g] = ["Русский язык", "Математика"] + subj.sample(pool, subj.choice((1, 2)))

    # schools
    lay = R("schools")
    numbers = sorted(lay.sample(range(1, 61), d.n_schools))
    planted = [s for s in SIGNS if s in plant] + (["strong"] if "strong" in plant else [])
    if len(planted) > d.n_schools:
        raise ValueError("more planted signs than schools")
    planted_at = dict(zip(lay.sample(range(d.n_schools), len(planted)), planted))
    villages = lay.sample(VILLAGES, d.n_schools)
    d.schools = []
    for i in range(d.n_schools):
        n = numbers[i]
        sid = d.school_shape.format(n=n, region=d.region_code[1:], d=d.digit)
        s = dict(index=i, id=sid, plant="", strength="", number=n)
        rural = lay.random() < d.rural_share
        if rural:
            school_type = lay.choices(("СОШ", "ООШ", "НОШ"), (60, 32, 8))[0]
            size = max(3, min(18, round(lay.triangular(3, 18, 10))))
            n_classes = 2 if size >= 15 and lay.random() < 0.2 else 1
        else:
            school_type = lay.choices(("СОШ", "Гимназия", "Лицей"), (80, 12, 8))[0]
            size = lay.randint(14, 30)
            n_classes = 1 if size < 18 else lay.choices((1, 2, 3), (25, 50, 25))[0]
        effect = lay.gauss(0, SCHOOL_SD) + (0.3 if school_type in ("Гимназия", "Лицей") else 0.0)
        sign = planted_at.get(i)
        if sign:
            s["plant"] = sign
            s["strength"] = plant.get(sign, "")
            size, n_classes = d.pupils_per_class, 1
            school_type = "Гимназия" if sign == "strong" else "СОШ"
            if sign == "strong":
                effect = STRONG_SCHOOL_EFFECT
                rural = False
        if rural:
            prefix = lay.choice(("с.", "п.", "д.")) if school_type != "СОШ" else lay.choice(("с.", "п."))
            settlement = f"{prefix} {villages[i]}"
            org = lay.choice(("МБОУ", "МКОУ"))
            name = f"{org} {school_type} {settlement}"
            if lay.random() < 0.15:
                name = f'{org} "{villages[i]}ская {school_type}"'    # quotes: RFC 4180 quoting
        else:
            settlement = d.town
            name = f"МБОУ {school_type} №{n} г. {d.town_gen}"
            if lay.random() < 0.15:
                name = f"МАОУ {school_type} №{n}, г. {d.town_gen}"   # a comma: quoted
        top = 4 if school_type == "НОШ" else 9
        s.update(name=name, settlement=settlement, type=school_type, rural=rural, size=size,
                 n_classes=n_classes, effect=effect, grades=list(range(4, top + 1)))
        d.schools.append(s)
    if d.cycle:
        town_schools(d, R("cycle-schools"))

    # classes (persisting across the years): key (school index, letter, cohort), cohort = Y - grade in Y;
    # the pupils of the first year, then each year's with the turnover
    d.classes = {}
    for s in d.schools:
        rng = R(f"classes-{s['index']}")
        for letter in LETTERS[:s["n_classes"]]:
            for grade_y in range(4, 9 + d.n_years - 1):
                if not any(grade_y - k in s["grades"] for k in range(d.n_years)):
                    continue
                if s["plant"]:
                    size = d.pupils_per_class
                else:
                    size = max(3, round(s["size"] + rng.gauss(0, 0.12 * s["size"])))
                pupils = {d.years[0]: [rng.gauss(0, 1) for _ in range(size)]}
                for year in d.years[1:]:
                    pupils[year] = [g if rng.random() > TURNOVER else rng.gauss(0, 1) for g in pupils[year - 1]]
                d.classes[(s["index"], letter, d.year - grade_y)] = dict(effect=rng.gauss(0, CLASS_SD), pupils=pupils)

    # works: catalogues, difficulties (calibrated to a target mean % of the region) and scales
    cat = R("works")
    d.works = {}
    if d.cycle:
        cycle_works(d, cat)
    else:
        for g in range(4, 9):
            for subject in d.subjects[g]:
                tasks = make_catalogue(cat, subject, g)
                tasks_y = revise_catalogue(cat, tasks, subject, g)
                target = cat.uniform(*TARGET_MEAN_PCT)
                for year, tl in ((d.year - 1, tasks), (d.year, tasks_y)):
                    shift = calibrate_shift([(t["max"], t["b"]) for t in tl], target + (year - d.year + 1) * cat.gauss(0, 2))
                    for t in tl:
                        t["b"] += shift
                    total = sum(t["max"] for t in tl)
                    d.works[(year, subject, g)] = Work(year, subject, g, tl, make_thresholds(cat, total), shift)

    # ОГЭ items: fixed structure, jittered difficulties, calibrated to the target mean
    oge_rng = R("oge")
    d.oge = {}
    for subject, (items, thresholds, target) in OGE.items():
        base = [LEVEL_B[level] + oge_rng.gauss(0, ITEM_JITTER_SD) for _, level in items]
        shift = calibrate_shift([(m, b) for (m, _), b in zip(items, base)], 100 * target)
        tasks = [dict(task=str(i + 1), max=m, level=level, b=b + shift, skill_code="", skill="")
                 for i, ((m, level), b) in enumerate(zip(items, base))]
        d.oge[subject] = Work(d.year, subject, 9, tasks, thresholds, shift)     # the same every year

    # teachers: primary teachers per (school, letter, cohort of grade 4); subject teachers per school
    d.teachers = []
    d.class_teacher = {}
    trng = R("teachers")
    used_names = set()
    counter = [0]

    def new_teacher(s, subject):
        counter[0] += 1
        tid = d.teacher_shape.format(n=counter[0])
        female = trng.random() < (0.92 if subject in ("Начальные классы", "Русский язык") else 0.75)
        while True:
            surname = trng.choice(SURNAMES)
            if female:
                name = f"{surname} {trng.choice(FIRST_F)} {trng.choice(PATRONYMIC)}а"
            else:
                name = f"{surname[:-1]} {trng.choice(FIRST_M)} {trng.choice(PATRONYMIC)[:-2]}ич"
            if name not in used_names:
                used_names.add(name)
                break
        category = trng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
        experience = trng.randint(0, 4) if category == "без категории" else trng.randint(3, 38)
        d.teachers.append((tid, name, s["id"], subject, category, experience))
        return tid

    for s in d.schools:
        letters = LETTERS[:s["n_classes"]]
        for letter in letters:
            for year in d.years:
                tid = new_teacher(s, "Начальные классы")
                for subject in d.subjects[4]:
                    d.class_teacher[(year, s["index"], letter, 4, subject)] = tid
        if s["grades"][-1] >= 5:
            subjects = sorted({x for g in range(5, 9) for x in d.subjects[g]})
            for subject in subjects:
                staff = [new_teacher(s, subject) for _ in range(1 if s["n_classes"] == 1 else 2)]
                grades = [g for g in range(5, 10) if (subject in OGE if g == 9 else subject in d.subjects[g])]
                if d.cycle and len(staff) == 2 and len(grades) >= 2:
                    # several classes a grade: each teacher takes all the classes of some grades
                    # (a parallel), the same grades every year
                    m = trng.randint(1, len(grades) - 1)
                    band = {g: staff[0] if k < m else staff[1] for k, g in enumerate(grades)}
                    for letter in letters:
                        for year in d.years:
                            for g in range(5, 10):
                                d.class_teacher[(year, s["index"], letter, g, subject)] = band.get(g, staff[0])
                    continue
                for li, letter in enumerate(letters):
                    tid = staff[li % len(staff)]
                    for year in d.years:
                        for g in range(5, 10):
                            d.class_teacher[(year, s["index"], letter, g, subject)] = tid
    return d


def town_schools(d, rng):
    """Cycle mode: at least CYCLE_TOWN_SCHOOLS town schools with two classes a grade (the teachers
    of a parallel have the >= 25 pupils a support need asks for); ordinary schools with the smallest
    school effects become such schools when the district has too few."""
    def big(s):
        return not s["plant"] and not s["rural"] and s["n_classes"] >= 2 and s["size"] >= 16 and s["type"] != "НОШ"
    missing = CYCLE_TOWN_SCHOOLS - sum(1 for s in d.schools if big(s))
    pool = sorted((s for s in d.schools if not s["plant"] and not big(s) and s["type"] != "НОШ"),
                  key=lambda s: (abs(s["effect"]), s["index"]))
    for s in pool[:max(0, missing)]:
        s.update(rural=False, settlement=d.town, n_classes=2, size=rng.randint(18, 26),
                 name=f"МБОУ {s['type']} №{s['number']} г. {d.town_gen}")


def cycle_works(d, cat):
    """Cycle mode: the catalogues of all the years (the first year's with shared skill codes, then
    each year the previous one's with a few changes); the region's target mean walks N(0, 2) a year."""
    first = {}
    for g in range(4, 9):
        for subject in d.subjects[g]:
            tasks = group_skills(cat, make_catalogue(cat, subject, g), first.get((subject, g - 1)) if g >= 6 else None)
            first[(subject, g)] = tasks
            chain = [tasks]
            for _ in d.years[1:]:
                chain.append(revise_catalogue(cat, chain[-1], subject, g))
            target = cat.uniform(*TARGET_MEAN_PCT)
            for k, year in enumerate(d.years):
                if k:
                    target += cat.gauss(0, 2)
                tl = [dict(t) for t in chain[k]]
                shift = calibrate_shift([(t["max"], t["b"]) for t in tl], target)
                for t in tl:
                    t["b"] += shift
                d.works[(year, subject, g)] = Work(year, subject, g, tl, make_thresholds(cat, sum(t["max"] for t in tl)), shift)


def calibrate_shift(items, target_pct):
    """The per-work shift of every b that gives the region the target mean % of max (Newton's method
    on the expected total over the θ grid; the expectation is monotone in the shift)."""
    max_total = sum(m for m, _ in items)
    target = max_total * target_pct / 100
    shift = 0.0
    for _ in range(8):
        total = slope = 0.0
        for x, w in zip(GRID, GRID_W):
            theta = THETA_SD * x - shift
            for m, b in items:
                p = 1.0 / (1.0 + math.exp(-SLOPE * (theta - b)))
                total += w * m * p
                slope += w * m * SLOPE * p * (1 - p)
        step = (total - target) / slope
        shift += max(-1.0, min(1.0, step))
        if abs(step) < 1e-5:
            break
    return shift


def class_id(d, grade, letter):
    return d.class_shape.format(g=grade, L=letter)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
def simulate(d, out_dir):
    """Pupil results of every work: vpr_results rows, task rows, ОГЭ rows.

    The rows of each class × work come from its own random stream (`simulate_work`); with the
    monitoring plants, `fit_monitoring` then redraws the classes the plants touch."""
    chunks, gia_rows = {}, []           # chunks: (year, school index, letter, grade, subject) -> (results, task rows)
    Y = d.year
    sq_p, sq_e = math.sqrt(PUPIL_PERSISTENT), math.sqrt(1 - PUPIL_PERSISTENT)
    d.chunk_context = {}
    for s in d.schools:
        si, sid = s["index"], s["id"]
        for year in d.years:
            # pupil codes: grade digit + number within the school's grade (renumbered every year)
            for grade in range(4, 10):
                if grade not in s["grades"]:
                    continue
                if grade == 9 and (year == d.years[0] or not d.with_gia):
                    continue
                number = 0
                for letter in LETTERS[:s["n_classes"]]:
                    klass = d.classes[(si, letter, Y - (grade + (Y - year)))]
                    gs = klass["pupils"][year]
                    codes = [f"{grade}{number + k + 1:04d}" for k in range(len(gs))]
                    number += len(gs)
                    cid = class_id(d, grade, letter)
                    base = s["effect"] + klass["effect"]
                    if grade == 9:
                        for subject, work in d.oge.items():
                            stream = f"{d.seed}-oge-{si}-{letter}-{subject}" + ("" if year == Y else f"-{year}")
                            rng = random.Random(stream)
                            for code, g in zip(codes, gs):
                                if rng.random() < OGE_MISSING:
                                    continue
                                theta = base + sq_p * g + sq_e * rng.gauss(0, 1)
                                ea = math.exp(-SLOPE * theta)
                                total = 0
                                rnd = rng.random
                                for _, mx, _, eb, _, _ in work.fast:
                                    p = 1.0 / (1.0 + ea * eb)
                                    for _ in range(mx):
                                        if rnd() < p:
                                            total += 1
                                gia_rows.append((year, "ОГЭ", subject, sid, cid, code, total,
                                                 work.mark_of[total], None))
                        continue
                    for subject in d.subjects[grade]:
                        key = (year, si, letter, grade, subject)
                        d.chunk_context[key] = (s, base, codes, gs, cid)
                        chunks[key] = simulate_work(d, key)
    if d.monitoring:
        fit_monitoring(d, chunks)
    results = [row for chunk in chunks.values() for row in chunk[0]]
    task_rows = [row for chunk in chunks.values() for row in chunk[1]]
    return results, task_rows, gia_rows


def simulate_work(d, key, attempt=0):
    """The rows of one class in one work: (vpr_results rows, task rows). A monitoring plant's
    factors (d.deficit) multiply the probability of each point of the skill's tasks; `attempt` > 0
    is a redraw (its own stream)."""
    year, si, letter, grade, subject = key
    s, base, codes, gs, cid = d.chunk_context[key]
    sid, sign, strength = s["id"], s["plant"], s["strength"]
    Y = d.year
    sq_p, sq_e = math.sqrt(PUPIL_PERSISTENT), math.sqrt(1 - PUPIL_PERSISTENT)
    cuts0, cuts1, cuts2 = JOURNAL_CUTS
    results, task_rows = [], []
    work = d.works[(year, subject, grade)]
    shift = 0.0
    c = JOURNAL_C
    lift_p = raise_p = 0.0
    if sign == "cohort" and year == Y - 1 and grade <= 7:
        shift = PLANT_EFFECT["cohort"][strength]
    elif sign == "gia":
        shift = PLANT_EFFECT["gia"][strength]
    elif sign == "journal" and year == Y:
        c = PLANT_EFFECT["journal"][strength]
    elif sign == "peaks" and year == Y:
        lift_p = PLANT_EFFECT["peaks"][strength]
    elif sign == "levels" and year == Y:
        raise_p = PLANT_EFFECT["levels"][strength]
    sc = math.sqrt(1 - c * c)
    rng = random.Random(f"{d.seed}-vpr-{si}-{letter}-{year}-{grade}-{subject}" + (f"-m{attempt}" if attempt else ""))
    rnd, gauss = rng.random, rng.gauss
    fast = work.fast
    if key in d.deficit:
        factors = d.deficit[key]
        fast = [(t[0], t[1], t[2], t[3], t[4], t[5], factors.get(t[0], 1.0)) for t in fast]
    else:
        fast = [t + (1.0,) for t in fast]
    mark_of = work.mark_of
    for code, g in zip(codes, gs):
        theta = base + sq_p * g + sq_e * gauss(0, 1)
        # journal: honest θ, standardised over the region
        if rnd() < JOURNAL_MISSING:
            journal = None
        else:
            latent = c * theta / THETA_SD + sc * gauss(0, 1)
            journal = 2 if latent < cuts0 else 3 if latent < cuts1 else 4 if latent < cuts2 else 5
        variant = 1 if rnd() < 0.5 else 2
        if rnd() < d.absent:
            results.append((year, subject, grade, sid, cid, code, variant, "absent",
                            None, None, journal))
            continue
        ea = math.exp(-SLOPE * (theta + shift))
        scores = []
        total = 0
        for _, mx, _, eb, blank, _, f in fast:
            p = f / (1.0 + ea * eb)
            pts = 0
            for _ in range(mx):
                if rnd() < p:
                    pts += 1
            if pts == 0 and rnd() < blank:
                scores.append(None)
            else:
                scores.append(pts)
                total += pts
        if raise_p:
            half = raise_p / 2
            total = 0
            for k, (_, mx, _, _, _, hard, _) in enumerate(fast):
                v = scores[k]
                if hard:
                    if rnd() < raise_p:
                        v = scores[k] = mx
                elif v and rnd() < half:
                    v = scores[k] = v - 1
                if v:
                    total += v
        if lift_p and total in work.lift_to and rnd() < lift_p:
            target = work.lift_to[total]
            open_tasks = [k for k, t in enumerate(fast) if (scores[k] or 0) < t[1]]
            rng.shuffle(open_tasks)
            while total < target:
                for k in open_tasks:
                    if total < target and (scores[k] or 0) < fast[k][1]:
                        scores[k] = (scores[k] or 0) + 1
                        total += 1
        results.append((year, subject, grade, sid, cid, code, variant, "present",
                        total, mark_of[total], journal))
        for k, t in enumerate(fast):
            task_rows.append((year, subject, grade, sid, cid, code, t[0], scores[k]))
    return results, task_rows


def fit_monitoring(d, chunks):
    """The monitoring plants (docstring, "Several years"): chosen on the honest results, then the
    classes they touch are simulated with their deficits and redrawn (each redraw its own stream)
    until the data show what was planted, by msoko's rule `support_needs` (Scripts/lib/teachers.msoko),
    at most MON_ROUNDS times; what is still not met is listed in study.json's monitoring_unmet."""
    rng = random.Random(f"{d.seed}-monitoring")
    summary = {}                        # key -> (pupils present, {task: points})

    def summarize(key):
        results, rows = chunks[key]
        pts = {}
        for r in rows:
            if r[7]:
                pts[r[6]] = pts.get(r[6], 0) + r[7]
        summary[key] = (sum(1 for r in results if r[7] == "present"), pts)

    for key in chunks:
        summarize(key)
    work_keys, teacher_keys, work_teachers = {}, {}, {}
    for key in chunks:
        year, si, letter, grade, subject = key
        tid = d.class_teacher[key]
        work_keys.setdefault((year, subject, grade), []).append(key)
        if (year, subject, grade, tid) not in teacher_keys:
            work_teachers.setdefault((year, subject, grade), []).append(tid)
        teacher_keys.setdefault((year, subject, grade, tid), []).append(key)

    def skill_tasks(work, code):
        return [t for t in work.tasks if t["skill_code"] == code]

    def thresholds(work, code):
        """(tasks, insufficient below, sufficient from): FIOKO's thresholds weighted by max score."""
        tasks = skill_tasks(work, code)
        mx = sum(t["max"] for t in tasks)
        low = sum(t["max"] * (57 if t["level"] == "Б" else 28.5) for t in tasks) / mx
        high = sum(t["max"] * (60 if t["level"] == "Б" else 30) for t in tasks) / mx
        return len(tasks), low, high

    def rates(keys, work, code):
        """(pupils, solve rate on the skill, on the work's other tasks) of these classes' pupils."""
        n = sum(summary[k][0] for k in keys)
        if not n:
            return 0, None, None
        tasks = skill_tasks(work, code)
        mx = sum(t["max"] for t in tasks)
        pts = sum(summary[k][1].get(t["task"], 0) for k in keys for t in tasks)
        pts_all = sum(v for k in keys for v in summary[k][1].values())
        return n, 100 * pts / (n * mx), 100 * (pts_all - pts) / (n * (work.max_total - mx))

    def gaps(keys, year, subject, grade, code):
        """(pupils, rate, district rate, gap on the skill, gap on the other tasks); gap = district − rate."""
        work = d.works[(year, subject, grade)]
        n, rate, other = rates(keys, work, code)
        _, district, district_other = rates(work_keys[(year, subject, grade)], work, code)
        if rate is None:
            return 0, None, district, None, None
        return n, rate, district, district - rate, district_other - other

    def support_need(keys, year, subject, grade, code):
        n_tasks, low, high = thresholds(d.works[(year, subject, grade)], code)
        n, rate, district, gap, other_gap = gaps(keys, year, subject, grade, code)
        return (n_tasks >= 2 and n >= 25 and rate < low and district >= high
                and gap >= 25 and gap - other_gap >= 15)

    def counts(work):
        c = {}
        for t in work.tasks:
            c[t["skill_code"]] = c.get(t["skill_code"], 0) + 1
        return c

    # ---- choose the skills and the teachers, on the honest results ----
    used, plants, codes_before = set(), [], set()
    for year in d.years[:-1]:
        nxt = year + 1
        candidates = []
        for g in range(5, 9):
            for subject in d.subjects[g]:
                work, work_next = d.works[(year, subject, g)], d.works[(nxt, subject, g)]
                now, then = counts(work), counts(work_next)
                up = counts(d.works[(nxt, subject, g + 1)]) if g < 8 and subject in d.subjects[g + 1] else {}
                for code in sorted(now):
                    if now[code] < 2 or then.get(code, 0) < 2 or code in codes_before:
                        continue
                    high = thresholds(work, code)[2]
                    district = rates(work_keys[(year, subject, g)], work, code)[1]
                    high_next = thresholds(work_next, code)[2]
                    district_next = rates(work_keys[(nxt, subject, g)], work_next, code)[1]
                    if district >= high + MON_MARGIN[0] and district_next >= high_next + MON_MARGIN[1]:
                        candidates.append((subject, g, code, code in up))
        rng.shuffle(candidates)
        if rng.random() < 0.75:
            candidates.sort(key=lambda c: not c[3])     # a skill checked one grade up (the cohort side) first
        def propose(subject, g, code, cross):
            """(planted, comparison) for a skill, or None: the teachers that fit its budget."""
            pool, comparison = [], []
            for tid in work_teachers[(year, subject, g)]:
                keys = teacher_keys[(year, subject, g, tid)]
                keys_next = teacher_keys.get((nxt, subject, g, tid))
                if tid in used or not keys_next or any(d.chunk_context[k][0]["plant"] for k in keys):
                    continue
                n, rate, district, gap, other_gap = gaps(keys, year, subject, g, code)
                n_next, _, _, gap_next, other_next = gaps(keys_next, nxt, subject, g, code)
                if n_next == 0:
                    continue
                cohort = [(nxt, k[1], k[2], g + 1, subject) for k in keys]
                capable = cross and all(k in chunks and d.class_teacher[k] == tid for k in cohort)
                entry = dict(tid=tid, keys=keys, keys_next=keys_next, cohort=cohort if capable else None,
                             school_id=d.chunk_context[keys[0]][0]["id"], n=n)
                near = max(abs(other_gap), abs(other_next)), max(abs(gap), abs(gap_next))
                if n >= MON_MIN_N and n_next >= MON_MIN_N and near[0] <= 10 and near[1] <= 15 and (capable or not cross):
                    pool.append(entry)
                if n >= MON_COMP_MIN_N and n_next >= MON_COMP_MIN_N and near[0] <= 12 and near[1] <= 12:
                    comparison.append(entry)
            if not pool:
                return None
            # the deficits may lower the district's rate to sufficiency + MON_KEEP: as the gaps are aimed
            # at the lowered rate, it drops by Σ n·gap / (N − Σ n) over the plants' pupils n
            work = d.works[(year, subject, g)]
            n_all, district, _ = rates(work_keys[(year, subject, g)], work, code)
            _, low, high = thresholds(work, code)
            room = district - high - MON_KEEP
            load = [0.0, 0]                 # Σ n·gap, Σ n

            def fits(e, gap):
                total, n = load[0] + e["n"] * gap, load[1] + e["n"]
                if n_all - n <= 0 or total / (n_all - n) > room:
                    return False
                load[:] = [total, n]
                return True

            deep = max(MON_PLANTED_GAP, district - (low - 8))
            rng.shuffle(pool)
            chosen = [e for e in pool[:rng.randint(1, 2)] if fits(e, deep)]
            if not chosen:
                return None
            rest = [e for e in comparison if e not in chosen]
            rng.shuffle(rest)
            rest.sort(key=lambda e: e["n"] >= 25)       # small ones first: they cannot be support needs
            others, wanted = [], rng.randint(3, 6)
            for e in rest:
                if len(others) < wanted and fits(e, MON_COMPARISON_GAP[0]):
                    others.append(e)
            return chosen, others

        codes_now = set()
        for _ in range(rng.choice((1, 2))):         # skills planted this year
            best = None
            for subject, g, code, cross in candidates:
                if code in codes_now or any(m["year"] == year and (m["subject"], m["grade"]) == (subject, g) for m in plants):
                    continue
                proposal = propose(subject, g, code, cross)
                if proposal and (best is None or len(proposal[1]) > len(best[1][1])):
                    best = ((subject, g, code), proposal)
                if best and len(best[1][1]) >= 3:   # the first skill with >= 3 comparison teachers
                    break
            if best is None:
                break
            (subject, g, code), (chosen, others) = best
            codes_now.add(code)
            for role, group in (("planted", chosen), ("comparison", others)):
                for e in group:
                    used.add(e["tid"])
                    plants.append(dict(e, year=year, subject=subject, grade=g, skill_code=code, role=role))
        codes_before = codes_now

    planted = [m for m in plants if m["role"] == "planted"]
    for m in plants:
        m["improved"] = m["role"] == "planted" and rng.random() < 0.5
        m["enrolled"] = m["role"] == "planted" and not m["improved"] and rng.random() < 0.5
    if len(planted) >= 2 and len({m["improved"] for m in planted}) == 1:
        planted[-1]["improved"] = not planted[-1]["improved"]       # both outcomes in every district
        planted[-1]["enrolled"] = False

    # ---- the deficits: a factor on the probability of each point of the skill's tasks ----
    effects = {}                        # (year, subject, grade, code) -> [(keys, target gap)]

    def set_deficit(keys, year, subject, grade, code, target_gap):
        effects.setdefault((year, subject, grade, code), []).append((keys, target_gap))

    checks = []                         # (keys to redraw, kind, year, subject, grade, code, plant)
    for m in plants:
        year, subject, g, code = m["year"], m["subject"], m["grade"], m["skill_code"]
        if m["role"] == "planted":
            set_deficit(m["keys"], year, subject, g, code, MON_PLANTED_GAP)
            checks.append((m["keys"], "need", year, subject, g, code, m))
            if not m["improved"]:
                set_deficit(m["keys_next"], year + 1, subject, g, code, MON_PLANTED_GAP)
                checks.append((m["keys_next"], "still", year + 1, subject, g, code, m))
                if m["cohort"]:
                    set_deficit(m["cohort"], year + 1, subject, g + 1, code, MON_PLANTED_GAP)
                    checks.append((m["cohort"], "weak", year + 1, subject, g + 1, code, m))
            else:
                checks.append((m["keys_next"], "level", year + 1, subject, g, code, m))
                if m["cohort"]:
                    checks.append((m["cohort"], "level", year + 1, subject, g + 1, code, m))
        else:
            set_deficit(m["keys"], year, subject, g, code, MON_COMPARISON_GAP[0])
            set_deficit(m["keys_next"], year + 1, subject, g, code, MON_COMPARISON_GAP[1])
            if m["cohort"]:
                set_deficit(m["cohort"], year + 1, subject, g + 1, code, MON_COMPARISON_GAP[1])
            checks.append((m["keys"], "moderate", year, subject, g, code, m))
            checks.append((m["keys_next"], "partial", year + 1, subject, g, code, m))

    # the gaps are aimed at the district's rate with the deficits (the plants lower it a little)
    for (year, subject, grade, code), group in effects.items():
        work = d.works[(year, subject, grade)]
        low = thresholds(work, code)[1]
        n_all, honest, _ = rates(work_keys[(year, subject, grade)], work, code)
        natural = [rates(keys, work, code)[:2] for keys, _ in group]
        district = honest
        for _ in range(8):
            factors = []
            for (keys, target_gap), (n, rate) in zip(group, natural):
                target = district - target_gap
                if target_gap >= MON_PLANTED_GAP:
                    target = min(target, low - 8)
                factors.append(max(0.03, min(1.0, target / rate)) if rate else 1.0)
            district = honest - sum(n * rate * (1 - f) for (n, rate), f in zip(natural, factors) if rate) / n_all
        for (keys, _), f in zip(group, factors):
            for k in keys:
                d.deficit.setdefault(k, {}).update({t["task"]: f for t in skill_tasks(work, code)})

    def holds(check):
        keys, kind, year, subject, grade, code, m = check
        need = support_need(keys, year, subject, grade, code)
        n, _, _, gap, _ = gaps(keys, year, subject, grade, code)
        if kind == "need":                  # a support need by msoko's rule
            return need
        if n < MON_COMP_MIN_N:              # every side measured on >= 10 pupils (msoko's monitoring)
            return False
        if kind == "still":                 # the teacher's new classes as far below the district
            return gap >= 25
        if kind == "weak":                  # the cohort one grade up still well below the district
            return gap >= 20
        if kind == "level":                 # at the district level
            return not need and gap <= 10
        if kind == "moderate":              # >= 10 p.p. below the district, not a support need
            return not need and gap >= 10
        before = gaps(m["keys"], m["year"], subject, m["grade"], code)[3]
        return not need and gap < before    # "partial": the gap narrowed, not a support need

    for key in d.deficit:
        chunks[key] = simulate_work(d, key)
        summarize(key)
    attempts = {}
    for _ in range(MON_ROUNDS):
        failing = [c for c in checks if not holds(c)]
        if not failing:
            break
        for c in failing:
            for key in c[0]:
                attempts[key] = attempts.get(key, 0) + 1
                chunks[key] = simulate_work(d, key, attempts[key])
                summarize(key)
    def describe(check):
        keys, kind, year, subject, grade, code, m = check
        n, rate, district, gap, other_gap = gaps(keys, year, subject, grade, code)
        _, low, high = thresholds(d.works[(year, subject, grade)], code)
        return (f"{kind}: {m['tid']} {year} {subject} {grade} {code}: n {n}, rate {rate:.1f} (below {low:.1f}?), "
                f"district {district:.1f} (from {high:.1f}?), gap {gap:.1f}, other tasks' gap {other_gap:.1f}")
    d.monitoring_unmet = [describe(c) for c in checks if not holds(c)]

    d.monitoring_rows = [dict(year=m["year"], teacher_id=m["tid"], school_id=m["school_id"], subject=m["subject"],
                              grade=m["grade"], skill_code=m["skill_code"], course_id="",
                              status="completed" if m["improved"] else "enrolled" if m["enrolled"] else "",
                              expected="improved" if m["improved"] else "not_improved", role=m["role"])
                         for m in plants]


def monitoring_courses(d, course_rows, by_subject):
    """A course covering the skill for each planted teacher who completes one or is only enrolled
    (a skill no course of the subject covers is added to one of them)."""
    rng = random.Random(f"{d.seed}-monitoring-courses")
    index = {row[0]: i for i, row in enumerate(course_rows)}
    for m in d.monitoring_rows:
        if not m["status"]:
            continue
        ids = by_subject[m["subject"]]
        covering = [c for c in ids if m["skill_code"] in course_rows[index[c]][2].split(";")]
        if not covering:
            c = rng.choice(ids)
            row = course_rows[index[c]]
            course_rows[index[c]] = (row[0], row[1], ";".join(sorted(set(row[2].split(";")) | {m["skill_code"]})),
                                     row[3], row[4])
            covering = [c]
        m["course_id"] = rng.choice(covering)


def reference_rows(d):
    rows = []
    rng = random.Random(f"{d.seed}-reference-n")
    for (year, subject, grade), work in sorted(d.works.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])):
        items = [(t["max"], t["b"]) for t in work.tasks]
        n_region, n_russia = rng.randint(*REGION_N), rng.randint(*RUSSIA_N)
        for scope, delta, n in (("region", 0.0, n_region), ("russia", d.russia_delta, n_russia)):
            pmf, expected = population_pmf(items, delta)
            for t, e in zip(work.tasks, expected):
                rows.append((year, subject, grade, scope, "solve_rate", t["task"], round(100 * e / t["max"], 1), n))
            shares = [0.0] * 4
            for score, p in enumerate(pmf):
                shares[work.mark_of[score] - 2] += p
            for mark, share in zip((2, 3, 4, 5), shares):
                rows.append((year, subject, grade, scope, f"mark{mark}_pct", None, round(100 * share, 1), n))
            mean = sum(score * p for score, p in enumerate(pmf))
            rows.append((year, subject, grade, scope, "mean_primary_score", None, round(mean, 2), n))
    if not d.with_n:
        rows = [r[:-1] for r in rows]
    return rows


def generate(out_dir, seed, options=None):
    """Write one district into out_dir; return the truth rows (one dict per school).

    options: pupils_per_class (int, the planted schools' class size, default 10);
    plant ({sign: strength}, signs journal/peaks/cohort/gia/levels, plus "strong": "");
    clean (bool: plant nothing but, in half of the districts, a strong school);
    years (int, default 2: the years Y-N+1 … Y; 3 or more is the cycle mode of the docstring);
    monitoring (bool or None: the monitoring plants, default on exactly when years >= 3).
    Without plant and clean: all five signs strong plus a strong school."""
    options = dict(options or {})
    if not options.get("plant") and not options.get("clean"):
        options["plant"] = dict({s: "strong" for s in SIGNS}, strong="")
    seed = str(seed)
    sample = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Datasets")
    if os.path.realpath(out_dir) == os.path.realpath(sample):
        raise ValueError("refusing to overwrite the sample district in Datasets/")
    os.makedirs(out_dir, exist_ok=True)
    d = build_district(seed, options)
    results, task_rows, gia_rows = simulate(d, out_dir)
    Y = d.year

    write_csv(out_dir, "schools.csv", ["school_id", "school_name", "settlement", "school_type", "rural"],
              [(s["id"], s["name"], s["settlement"], s["type"], "true" if s["rural"] else "false") for s in d.schools])
    write_csv(out_dir, "teachers.csv", ["teacher_id", "teacher_name", "school_id", "subject", "category",
                                        "experience_years"], d.teachers)
    class_rows = []
    for year in d.years:
        for s in d.schools:
            for grade in s["grades"]:
                if grade == 9 and (year == d.years[0] or not d.with_gia):
                    continue
                subjects = list(OGE) if grade == 9 else d.subjects[grade]
                for letter in LETTERS[:s["n_classes"]]:
                    for subject in subjects:
                        class_rows.append((year, s["id"], class_id(d, grade, letter), grade, subject,
                                           d.class_teacher[(year, s["index"], letter, grade, subject)]))
    write_csv(out_dir, "classes.csv", ["year", "school_id", "class_id", "grade", "subject", "teacher_id"], class_rows)

    works = sorted(d.works.values(), key=lambda w: (w.year, w.grade, w.subject))
    write_csv(out_dir, "tasks.csv", ["year", "subject", "grade", "task", "max_score", "level", "skill_code", "skill"],
              [(w.year, w.subject, w.grade, t["task"], t["max"], t["level"], t["skill_code"], t["skill"])
               for w in works for t in w.tasks])
    scale_rows = []
    for w in works:
        t3, t4, t5 = w.thresholds
        for mark, lo, hi in ((2, 0, t3 - 1), (3, t3, t4 - 1), (4, t4, t5 - 1), (5, t5, w.max_total)):
            scale_rows.append((w.year, w.subject, w.grade, mark, lo, hi) + (("ВПР",) if d.with_exam else ()))
    write_csv(out_dir, "mark_scales.csv", ["year", "subject", "grade", "mark", "min_score", "max_score"]
              + (["exam"] if d.with_exam else []), scale_rows)
    write_csv(out_dir, "vpr_results.csv", ["year", "subject", "grade", "school_id", "class_id", "pupil_code",
                                           "variant", "status", "primary_score", "mark", "journal_mark"], results)
    write_csv(out_dir, "vpr_task_scores.csv", ["year", "subject", "grade", "school_id", "class_id", "pupil_code",
                                               "task", "score"], task_rows)
    write_csv(out_dir, "reference_results.csv", ["year", "subject", "grade", "scope", "indicator", "task", "value"]
              + (["n"] if d.with_n else []), reference_rows(d))
    for name, present in (("gia_results.csv", d.with_gia), ("task_skills.csv", d.with_task_skills)):
        if not present and os.path.exists(os.path.join(out_dir, name)):
            os.remove(os.path.join(out_dir, name))      # an optional file left by an earlier run
    if d.with_gia:
        write_csv(out_dir, "gia_results.csv", ["year", "exam", "subject", "school_id", "class_id", "pupil_code",
                                               "primary_score", "mark", "test_score"], gia_rows)
    if d.with_task_skills:
        rng = random.Random(f"{seed}-task-skills")
        rows = []
        for w in works:
            codes = [t["skill_code"] for t in w.tasks]
            for t in w.tasks:
                if rng.random() < 0.1:
                    other = rng.choice(codes)
                    if other != t["skill_code"]:
                        rows.append((w.year, w.subject, w.grade, t["task"], other))
        write_csv(out_dir, "task_skills.csv", ["year", "subject", "grade", "task", "skill_code"], rows)

    # teachers' diagnostics, courses, enrolments (small but consistent with teachers.csv)
    rng = random.Random(f"{seed}-teachers-extra")
    diag = []
    subject_teachers = [t for t in d.teachers if t[3] != "Начальные классы"]
    for year in d.years:
        for t in subject_teachers:
            if rng.random() < 0.5:
                for block in BLOCKS:
                    diag.append((year, t[0], block, max(10, min(100, round(rng.gauss(62, 14)))), 100))
    write_csv(out_dir, "teacher_diagnostics.csv", ["year", "teacher_id", "block", "score", "max_score"], diag)
    course_rows, by_subject = [], {}
    number = 0
    for subject in sorted({x for g in d.subjects for x in d.subjects[g]}):
        codes = sorted({t["skill_code"] for w in works if w.subject == subject for t in w.tasks})
        for _ in range(rng.randint(1, 2)):
            number += 1
            cid = f"K{number:02d}"
            picked = sorted(rng.sample(codes, min(len(codes), rng.randint(2, 4))))
            text = SKILL_TEXTS[subject][rng.randrange(len(SKILL_TEXTS[subject]))]
            course_rows.append((cid, f"{subject}: {text[0].lower() + text[1:]} (методика обучения)",
                                ";".join(picked), rng.choice((16, 24, 36, 72)), rng.choice(PROVIDERS)))
            by_subject.setdefault(subject, []).append(cid)
    monitored = {m["teacher_id"] for m in d.monitoring_rows}
    if d.monitoring:
        monitoring_courses(d, course_rows, by_subject)
    write_csv(out_dir, "courses.csv", ["course_id", "title", "skill_codes", "hours", "provider"], course_rows)
    enrol = []
    for t in subject_teachers:
        if t[0] in monitored:
            continue                    # the monitoring plants' courses are their own (below)
        if t[3] in by_subject and rng.random() < 0.3:
            year = rng.choice(d.years)
            status = "completed" if year == Y - 1 or rng.random() < 0.5 else "enrolled"
            enrol.append((t[0], rng.choice(by_subject[t[3]]), year, status))
    enrol += [(m["teacher_id"], m["course_id"], m["year"], m["status"]) for m in d.monitoring_rows if m["status"]]
    write_csv(out_dir, "course_enrolments.csv", ["teacher_id", "course_id", "year", "status"], enrol)
    name = "monitoring_truth.csv"
    if d.monitoring:
        write_csv(out_dir, name, ["year", "teacher_id", "school_id", "subject", "grade", "skill_code", "course_id",
                                  "completed", "expected", "role"],
                  [(m["year"], m["teacher_id"], m["school_id"], m["subject"], m["grade"], m["skill_code"],
                    m["course_id"] or None, "true" if m["status"] == "completed" else "false", m["expected"], m["role"])
                   for m in d.monitoring_rows])
    elif os.path.exists(os.path.join(out_dir, name)):
        os.remove(os.path.join(out_dir, name))          # left by an earlier run

    truth = [dict(school_id=s["id"], planted=s["plant"], strength=s["strength"], pupils_per_class=s["size"])
             for s in d.schools]
    write_csv(out_dir, "truth.csv", ["school_id", "planted", "strength", "pupils_per_class"],
              [(t["school_id"], t["planted"], t["strength"], t["pupils_per_class"]) for t in truth])
    info = {"seed": seed, "year": Y, "years": list(d.years), "pupils_per_class_planted": d.pupils_per_class,
            "schools": d.n_schools, "plant": d.plant, "clean": bool(options.get("clean")),
            "school_id_shape": d.school_shape, "class_id_shape": d.class_shape, "teacher_id_shape": d.teacher_shape,
            "gia_results": d.with_gia, "task_skills": d.with_task_skills, "reference_n": d.with_n,
            "mark_scales_exam": d.with_exam, "russia_delta": round(d.russia_delta, 4),
            "subjects": {str(g): d.subjects[g] for g in sorted(d.subjects)}}
    if d.cycle:                         # only with --years >= 3: the two-year file stays as it was
        info["monitoring"] = d.monitoring
        if d.monitoring:
            info["monitoring_plants"] = {role: sum(1 for m in d.monitoring_rows if m["role"] == role)
                                         for role in ("planted", "comparison")}
            info["monitoring_unmet"] = d.monitoring_unmet
    with open(os.path.join(out_dir, "study.json"), "w", encoding="utf-8") as handle:
        json.dump(info, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return truth


# --------------------------------------------------------------------------------------------
# Descriptive statistics of a generated district (for checking the model by eye)
# --------------------------------------------------------------------------------------------
def _ranks(values):
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x, y):
    if len(x) < 3:
        return None
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def district_stats(out_dir):
    """Summary of a generated folder: sizes, mark shares, journal agreement by kind of school."""
    def read(name):
        with open(os.path.join(out_dir, name), encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    info = json.load(open(os.path.join(out_dir, "study.json"), encoding="utf-8"))
    truth = {r["school_id"]: r["planted"] for r in read("truth.csv")}
    vpr = read("vpr_results.csv")
    Y = info["year"]
    present = [r for r in vpr if r["status"] == "present"]
    marks = [int(r["mark"]) for r in present]
    journals = [int(r["journal_mark"]) for r in vpr if r["journal_mark"]]
    groups = {}
    for r in present:
        groups.setdefault((r["year"], r["subject"], r["grade"], r["school_id"]), []).append(r)
    works = {}
    for r in present:
        works.setdefault((r["year"], r["subject"], r["grade"]), 0)
        works[(r["year"], r["subject"], r["grade"])] += 1
    rho = {}
    for (year, _, _, sid), rows in groups.items():
        pairs = [(int(r["journal_mark"]), int(r["primary_score"])) for r in rows if r["journal_mark"]]
        if int(year) != Y or len(pairs) < 5:
            continue
        value = spearman([p[0] for p in pairs], [p[1] for p in pairs])
        if value is not None:
            rho.setdefault(truth[sid] or "ordinary", []).append(value)
    sizes = sorted(len(v) for v in groups.values())
    share = lambda xs, m: 100 * sum(1 for x in xs if x == m) / len(xs)
    return {
        "year": Y, "schools": len(truth), "pupils_rows": len(vpr), "present": len(present),
        "absent_pct": round(100 * (1 - len(present) / len(vpr)), 1),
        "works": len(works), "pupils_per_work_mean": round(sum(works.values()) / len(works), 1),
        "pupils_per_school_work_median": sizes[len(sizes) // 2],
        "vpr_marks_pct": [round(share(marks, m), 1) for m in (2, 3, 4, 5)],
        "journal_marks_pct": [round(share(journals, m), 1) for m in (2, 3, 4, 5)],
        "mean_spearman_journal_score_year_Y": {k: (round(sum(v) / len(v), 3), len(v)) for k, v in sorted(rho.items())},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder to write the district into")
    parser.add_argument("--seed", required=True, help="any string; the same seed gives the same files")
    parser.add_argument("--pupils-per-class", type=int, default=10, help="class size of the planted schools")
    parser.add_argument("--plant", default="", help="e.g. journal:strong,peaks:medium,strong (default: all five "
                        "signs strong plus a strong school)")
    parser.add_argument("--clean", action="store_true", help="plant nothing (a strong school in half the districts)")
    parser.add_argument("--years", type=int, default=2, metavar="N",
                        help="generate N consecutive years Y-N+1 … Y (default 2; 3 or more: the annual cycle, "
                        "with the monitoring plants unless --no-monitoring)")
    parser.add_argument("--monitoring", action=argparse.BooleanOptionalAction, default=None,
                        help="plant teachers weak on a skill, with and without a course, and a comparison group; "
                        "writes monitoring_truth.csv (default: on with --years 3 or more; needs them)")
    parser.add_argument("--stats", action="store_true", help="print descriptive statistics of the district")
    args = parser.parse_args(argv)
    if args.years < 2:
        parser.error("--years must be at least 2")
    if args.monitoring and args.years < 3:
        parser.error("--monitoring needs --years 3 or more")
    try:
        plant = parse_plant(args.plant)
    except ValueError as error:
        parser.error(str(error))
    start = time.perf_counter()
    try:
        options = {"pupils_per_class": args.pupils_per_class, "plant": plant, "clean": args.clean}
        if args.years != 2:
            options["years"] = args.years
        if args.monitoring is not None:
            options["monitoring"] = args.monitoring
        truth = generate(args.out, args.seed, options)
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - start
    planted = ", ".join(f"{t['school_id']}={t['planted']}{':' + t['strength'] if t['strength'] else ''}"
                        for t in truth if t["planted"]) or "nothing"
    print(f"{args.out}: {len(truth)} schools, planted {planted} ({elapsed:.2f} s)")
    monitoring = os.path.join(args.out, "monitoring_truth.csv")
    if os.path.exists(monitoring):
        with open(monitoring, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        info = json.load(open(os.path.join(args.out, "study.json"), encoding="utf-8"))
        print(f"  monitoring: {sum(r['role'] == 'planted' for r in rows)} planted teachers "
              f"({sum(r['expected'] == 'improved' and r['role'] == 'planted' for r in rows)} improved), "
              f"{sum(r['role'] == 'comparison' for r in rows)} comparison; unmet checks: "
              f"{len(info.get('monitoring_unmet', []))}")
    if args.stats:
        for key, value in district_stats(args.out).items():
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
