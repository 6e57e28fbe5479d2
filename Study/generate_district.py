#!/usr/bin/env python3
"""Generator of ONE synthetic district for the objectivity simulation study.

Writes a folder of CSV files in the canonical shape of PRODUCT.md (the same columns as the
sample district in Datasets/, but a different layout every time), with known signs of
non-objective results planted in chosen schools and the truth written beside the data.

    python3 Study/generate_district.py --out DIR --seed S [--pupils-per-class N]
            [--plant journal:strong,peaks:medium,cohort:weak,gia:strong,levels:strong,strong]
            [--clean] [--stats]

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
`T009`, `У0009`, `ped-9` or `1009`. Two years, Y-1 and Y, with Y drawn from 2024-2031.

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
    d.years = (d.year - 1, d.year)
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

    # classes (persisting across the two years): key (school index, letter, cohort), cohort = Y - grade in Y
    d.classes = {}
    for s in d.schools:
        rng = R(f"classes-{s['index']}")
        for letter in LETTERS[:s["n_classes"]]:
            for grade_y in range(4, 10):
                if grade_y not in s["grades"] and grade_y - 1 not in s["grades"]:
                    continue
                if s["plant"]:
                    size = d.pupils_per_class
                else:
                    size = max(3, round(s["size"] + rng.gauss(0, 0.12 * s["size"])))
                before = [rng.gauss(0, 1) for _ in range(size)]
                after = [g if rng.random() > TURNOVER else rng.gauss(0, 1) for g in before]
                d.classes[(s["index"], letter, d.year - grade_y)] = dict(
                    effect=rng.gauss(0, CLASS_SD), pupils={d.year - 1: before, d.year: after})

    # works: catalogues, difficulties (calibrated to a target mean % of the region) and scales
    cat = R("works")
    d.works = {}
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
        d.oge[subject] = Work(d.year, subject, 9, tasks, thresholds, shift)

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
                for li, letter in enumerate(letters):
                    tid = staff[li % len(staff)]
                    for year in d.years:
                        for g in range(5, 10):
                            d.class_teacher[(year, s["index"], letter, g, subject)] = tid
    return d


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
    """Pupil results of every work: vpr_results rows, task rows, ОГЭ rows."""
    results, task_rows, gia_rows = [], [], []
    Y = d.year
    sq_p, sq_e = math.sqrt(PUPIL_PERSISTENT), math.sqrt(1 - PUPIL_PERSISTENT)
    cuts0, cuts1, cuts2 = JOURNAL_CUTS
    for s in d.schools:
        si, sid, sign, strength = s["index"], s["id"], s["plant"], s["strength"]
        for year in d.years:
            # pupil codes: grade digit + number within the school's grade (renumbered every year)
            for grade in range(4, 10):
                if grade not in s["grades"]:
                    continue
                if grade == 9 and (year != Y or not d.with_gia):
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
                            rng = random.Random(f"{d.seed}-oge-{si}-{letter}-{subject}")
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
                        rng = random.Random(f"{d.seed}-vpr-{si}-{letter}-{year}-{grade}-{subject}")
                        rnd, gauss = rng.random, rng.gauss
                        fast = work.fast
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
                            for _, mx, _, eb, blank, _ in fast:
                                p = 1.0 / (1.0 + ea * eb)
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
                                for k, (_, mx, _, _, _, hard) in enumerate(fast):
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
    return results, task_rows, gia_rows


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
    clean (bool: plant nothing but, in half of the districts, a strong school).
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
                if grade == 9 and (year != Y or not d.with_gia):
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
    write_csv(out_dir, "courses.csv", ["course_id", "title", "skill_codes", "hours", "provider"], course_rows)
    enrol = []
    for t in subject_teachers:
        if t[3] in by_subject and rng.random() < 0.3:
            year = rng.choice(d.years)
            status = "completed" if year == Y - 1 or rng.random() < 0.5 else "enrolled"
            enrol.append((t[0], rng.choice(by_subject[t[3]]), year, status))
    write_csv(out_dir, "course_enrolments.csv", ["teacher_id", "course_id", "year", "status"], enrol)

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
    parser.add_argument("--stats", action="store_true", help="print descriptive statistics of the district")
    args = parser.parse_args(argv)
    try:
        plant = parse_plant(args.plant)
    except ValueError as error:
        parser.error(str(error))
    start = time.perf_counter()
    try:
        truth = generate(args.out, args.seed, {"pupils_per_class": args.pupils_per_class, "plant": plant,
                                              "clean": args.clean})
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - start
    planted = ", ".join(f"{t['school_id']}={t['planted']}{':' + t['strength'] if t['strength'] else ''}"
                        for t in truth if t["planted"]) or "nothing"
    print(f"{args.out}: {len(truth)} schools, planted {planted} ({elapsed:.2f} s)")
    if args.stats:
        for key, value in district_stats(args.out).items():
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
