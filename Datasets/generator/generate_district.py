#!/usr/bin/env python3
"""Deterministic generator of msoko's sample district (the Datasets/ folder).

A fictional rural district, «Приозёрский муниципальный округ», with 23 schools,
its VPR results (grades 4-8), OGE results (grade 9), teachers, courses and last
year's register of recommendations, for the years 2024 and 2025.  Nothing here is
real data: names, schools and results are invented.

Standard library only.  Every random number comes from a `random.Random` seeded
with a string key (SHA-512 based, independent of PYTHONHASHSEED), so two runs give
byte-identical files, and changing one part of the model does not reshuffle the
random numbers of every other part.

The model, in one paragraph: a pupil's ability in a subject is
    school effect + school×subject effect + class effect + teacher effect
    + G_LOAD·general ability + E_LOAD·subject-specific ability,
all normal; each task point is earned with probability
logistic(SLOPE·(ability − difficulty − STEP·k)) (k = points already earned),
difficulty = level base (Б < П < В) + a per-task jitter + a per-work shift.  The
per-work shift is calibrated so that the *region* (same model, no planted signals)
has the mean percent of max of DOMAIN.md's calibration table; the region and
Russia reference figures are the model's exact expectations for those populations.
Planted signals are the constants named PLANT_* below; Datasets/truth.csv records
them in findings.csv's key columns.

Usage: python3 Datasets/generator/generate_district.py [--out Datasets]
"""

import argparse
import csv
import math
import os
import random

SEED = "msoko-district-2025-v1"
YEARS = (2024, 2025)

# --------------------------------------------------------------------------
# Population model (logit scale)
# --------------------------------------------------------------------------
# School effects (shared by all subjects) are fixed by hand so that ordinary schools
# stay ordinary (no accidental extremes, district mean ≈ region mean); the planted
# schools get their effects from PLANT_D and PLANT_F.
SCHOOL_EFFECTS = {
    "S01": 0.08, "S03": 0.02, "S04": -0.04, "S05": -0.14, "S06": 0.1, "S07": -0.22,
    "S08": 0.12, "S09": -0.2, "S10": 0.06, "S12": -0.1, "S13": 0.16, "S14": -0.12,
    "S15": 0.18, "S16": -0.06, "S17": -0.16, "S18": 0.12, "S19": 0.0, "S20": -0.24,
    "S21": -0.08, "S22": 0.04, "S23": -0.02,
}
# Ordinary schools sit a little below the region (a rural district); the gymnasium and
# S03's inflated marks bring the district's mean back near the region's.
DISTRICT_OFFSET = -0.12
REGION_SCHOOL_SD = 0.30     # the region's school SD (used for the reference population)
SCHOOL_SUBJECT_SD = 0.10    # school × subject
CLASS_SD = 0.18             # class (persists as the class moves up)
CLASS_YEAR_SD = 0.10        # class × subject × year (this year's luck, teacher's focus)
TEACHER_SD = 0.10           # teacher
G_LOAD = 0.6                # general ability: correlates a pupil's subjects
E_LOAD = 0.47               # subject-specific ability
E_YEAR_CORR = 0.95          # a pupil's subject ability, 2024 vs 2025
THETA_SD = math.sqrt(REGION_SCHOOL_SD ** 2 + SCHOOL_SUBJECT_SD ** 2 + CLASS_SD ** 2 + CLASS_YEAR_SD ** 2
                     + TEACHER_SD ** 2 + G_LOAD ** 2 + E_LOAD ** 2)
RUSSIA_OFFSET = 0.06        # Russia's population is slightly stronger than the region's

# --------------------------------------------------------------------------
# Item model
# --------------------------------------------------------------------------
SLOPE = 1.3
STEP = 0.55                 # each further point of a multi-point task is harder by this
LEVEL_DIFFICULTY = {"Б": -1.25, "П": 0.6, "В": 1.9}
ITEM_JITTER_SD = 0.36
NO_ANSWER_GIVEN_ZERO = {"Б": 0.2, "П": 0.38, "В": 0.55}   # P(empty | 0 points)
NO_ANSWER_WEAK_EXTRA = 0.12                                 # more blanks from weak pupils

# --------------------------------------------------------------------------
# Participation and the school journal
# --------------------------------------------------------------------------
ABSENT_RATE = 0.09
PUPIL_LEAVES = 0.04             # share of a class gone by next year
JOURNAL_INFLATION = 0.45        # journal marks sit this much (logits) above the VPR level
JOURNAL_NOISE = 0.30
JOURNAL_TWO_KEPT = 0.35         # teachers rarely put «2» in the journal
JOURNAL_MISSING = 0.02          # «нет отметки»

# --------------------------------------------------------------------------
# Calibration targets (DOMAIN.md's table; the rest chosen to look like VPR)
# --------------------------------------------------------------------------
TARGET_MEAN_PCT = {
    ("Математика", 4): 62.0, ("Математика", 5): 48.0, ("Математика", 6): 47.0,
    ("Математика", 7): 45.0, ("Математика", 8): 44.1,
    ("Русский язык", 4): 62.7, ("Русский язык", 5): 55.0, ("Русский язык", 6): 53.0,
    ("Русский язык", 7): 51.0, ("Русский язык", 8): 52.0,
    ("Окружающий мир", 4): 60.0,
    ("История", 5): 55.0, ("История", 6): 54.0, ("История", 7): 52.0, ("История", 8): 51.0,
    ("Биология", 5): 53.0, ("Биология", 6): 52.0, ("Биология", 7): 50.0, ("Биология", 8): 49.0,
}
# shares of marks 2/3/4/5 used to place the thresholds of works without a fixed scale
TARGET_SHARES = {
    ("Математика", 5): (14.8, 41.1, 32.2, 11.9), ("Русский язык", 4): (7.6, 31.6, 45.0, 15.8),
    ("Математика", 8): (13.6, 59.9, 23.6, 2.8),
    ("Математика", 4): (4, 24, 44, 28), ("Математика", 6): (13, 47, 31, 9),
    ("Математика", 7): (12, 53, 29, 6),
    ("Русский язык", 5): (14, 38, 36, 12), ("Русский язык", 6): (15, 39, 35, 11),
    ("Русский язык", 7): (15, 40, 35, 10), ("Русский язык", 8): (13, 42, 35, 10),
    ("Окружающий мир", 4): (2, 27, 57, 14),
    ("История", 5): (6, 42, 40, 12), ("История", 6): (6, 42, 40, 12),
    ("История", 7): (7, 44, 38, 11), ("История", 8): (7, 44, 38, 11),
    ("Биология", 5): (8, 48, 36, 8), ("Биология", 6): (8, 48, 36, 8),
    ("Биология", 7): (9, 49, 35, 7), ("Биология", 8): (9, 49, 35, 7),
}
# fixed scales (min score of marks 3, 4, 5), as published; these works are calibrated
# on the shares above rather than on the mean
FIXED_SCALES = {
    ("Математика", 5): (7, 11, 15),      # max 20
    ("Русский язык", 4): (10, 16, 21),   # max 24
    ("Математика", 8): (8, 15, 21),      # max 25
}
OGE = {
    # subject: (items as (max, level), scale min3/min4/min5, target mean %)
    "Математика": ([(1, "Б")] * 19 + [(2, "П")] * 3 + [(2, "В")] * 3, (8, 15, 22), 46.0),
    "Русский язык": ([(1, "Б")] * 11 + [(6, "Б"), (7, "П"), (9, "П")], (15, 23, 29), 68.0),
}

# --------------------------------------------------------------------------
# Planted signals (all checked by check_truth.py; recorded in truth.csv)
# --------------------------------------------------------------------------
# a. a skill weak across the district: Математика 6 (2025), tasks 3, 4, 6 share М2.1.1
PLANT_A = dict(year=2025, subject="Математика", grade=6, skill="М2.1.1", shift=1.25)
# b. a teacher whose classes fail one skill (2025): Russian, 7А and 7Б of S04
PLANT_B = dict(year=2025, subject="Русский язык", grade=7, school="S04", letters=("А", "Б"),
               skill="Р2.3.2", shift=2.3, course="K07")
# c. non-objective school: both years; negative Spearman in two works, threshold peaks
#    (pushed to the minimum of marks 3 and 4) and a general boost in the others
PLANT_C = dict(school="S03", negative_works=(("Математика", 5), ("Русский язык", 6)),
               boost_prob=0.1, push_window=4, high_share=(0.62, 0.85))
# d. strong and objective school: the gymnasium
PLANT_D = dict(school="S02", effect=0.75, journal_inflation=0.12, journal_noise=0.2)
# e. cohort jump: S05 Математика 5 (2024) inflated, the same cohort in grade 6 (2025) honest
PLANT_E = dict(school="S05", year=2024, subject="Математика", grade=5, theta_boost=3.6)
# f. persistently low results: S11 (rural)
PLANT_F = dict(school="S11", effect=-0.85)
# g1. recommendation followed: teacher of 5А/5Б math at S01 weak on М2.2.1 in 2024,
#     completes course K02 in 2024, the cohort (6А/6Б) is fine in 2025
PLANT_G1 = dict(school="S01", subject="Математика", year=2024, grade=5, letters=("А", "Б"),
                skill="М2.2.1", shift=1.9, shift_after_course=-0.4, course="K02", rec_id="R2024-02")
# g2. recommendation not followed: teacher of 5А/5Б Russian at S06 weak on Р1.2.1 in 2024,
#     only enrolled (not completed) in K05, the cohort (6А/6Б) still weak in 2025
PLANT_G2 = dict(school="S06", subject="Русский язык", grade=5, letters=("А", "Б"),
                skill="Р1.2.1", shift={2024: 1.5, 2025: 2.6}, course="K05", rec_id="R2024-03")
# h. ordinary schools that must not be flagged for objectivity
CLEAN_SCHOOLS = ("S01", "S04")
# i. small rural schools (one class of 6-10 pupils per grade) with a sign planted in every work
#    of 2025 only, as the simulation study (Study/) plants its "strong" signs; 2024 is honest.
#    i1: the journal marks rank the pupils against their ability: the journal's latent is
#        c·z(θ) + √(1 − c²)·ε, z = θ standardised over the region, c = −0.6 (the study's
#        "strong" journal sign), instead of θ + inflation + noise;
#    i2: half of the pupils at t − 1 or t − 2 below a threshold t of «3», «4» or «5» are lifted to
#        t (the points go to tasks below their maximum);
#    i3: a small honest school of the same size, the control.
PLANT_I1 = dict(school="S21", year=2025, journal_c=-0.6)
PLANT_I2 = dict(school="S22", year=2025, lift_p=0.5)
SMALL_CLEAN_SCHOOL = "S23"
# The school × subject effects are centred over these schools, the district as first generated,
# so that schools added later leave every other school's numbers as they were.
CENTRED_SCHOOLS = tuple(f"S{i:02d}" for i in range(1, 21))

# --------------------------------------------------------------------------
# The district
# --------------------------------------------------------------------------
TOWN = "г. Приозёрск"
# id, name, settlement, type, rural, class letters, class size range, teachers on staff
SCHOOLS = [
    ("S01", "МБОУ СОШ №1 г. Приозёрска", TOWN, "СОШ", False, "АБ", (20, 23), 26),
    ("S02", "МБОУ Гимназия №2 г. Приозёрска", TOWN, "Гимназия", False, "АБ", (21, 25), 26),
    ("S03", "МБОУ СОШ №3 г. Приозёрска", TOWN, "СОШ", False, "АБ", (19, 23), 25),
    ("S04", "МБОУ СОШ №4 г. Приозёрска", TOWN, "СОШ", False, "АБ", (18, 22), 25),
    ("S05", "МБОУ СОШ №5 г. Приозёрска", TOWN, "СОШ", False, "АБ", (18, 22), 24),
    ("S06", "МБОУ СОШ №6 г. Приозёрска", TOWN, "СОШ", False, "АБ", (18, 22), 24),
    ("S07", "МБОУ СОШ п. Лесной", "п. Лесной", "СОШ", True, "А", (14, 18), 14),
    ("S08", "МБОУ СОШ с. Красное", "с. Красное", "СОШ", True, "А", (13, 17), 14),
    ("S09", "МБОУ СОШ п. Заречный", "п. Заречный", "СОШ", True, "А", (12, 16), 13),
    ("S10", "МБОУ СОШ с. Покровское", "с. Покровское", "СОШ", True, "А", (11, 15), 13),
    ("S11", "МБОУ СОШ с. Михайловка", "с. Михайловка", "СОШ", True, "А", (15, 18), 13),
    ("S12", "МБОУ СОШ п. Октябрьский", "п. Октябрьский", "СОШ", True, "А", (12, 16), 13),
    ("S13", "МБОУ СОШ с. Васильевка", "с. Васильевка", "СОШ", True, "А", (9, 13), 12),
    ("S14", "МБОУ СОШ с. Троицкое", "с. Троицкое", "СОШ", True, "А", (10, 14), 12),
    ("S15", "МБОУ СОШ п. Сосновый Бор", "п. Сосновый Бор", "СОШ", True, "А", (12, 16), 13),
    ("S16", "МБОУ СОШ с. Ильинское", "с. Ильинское", "СОШ", True, "А", (8, 12), 12),
    ("S17", "МБОУ ООШ д. Берёзовка", "д. Берёзовка", "ООШ", True, "А", (4, 9), 9),
    ("S18", "МБОУ ООШ д. Сосновка", "д. Сосновка", "ООШ", True, "А", (5, 9), 9),
    ("S19", "МБОУ ООШ с. Малиновка", "с. Малиновка", "ООШ", True, "А", (6, 10), 9),
    ("S20", "МБОУ ООШ д. Ключи", "д. Ключи", "ООШ", True, "А", (3, 8), 8),
    ("S21", "МБОУ ООШ д. Озерки", "д. Озерки", "ООШ", True, "А", (6, 10), 8),
    ("S22", "МБОУ ООШ с. Горки", "с. Горки", "ООШ", True, "А", (6, 10), 8),
    ("S23", "МБОУ ООШ д. Ручьи", "д. Ручьи", "ООШ", True, "А", (6, 10), 8),
]

VPR_SUBJECTS_BY_GRADE = {
    4: ("Русский язык", "Математика", "Окружающий мир"),
    5: ("Русский язык", "Математика"), 6: ("Русский язык", "Математика"),
    7: ("Русский язык", "Математика"), 8: ("Русский язык", "Математика"),
}
# grades 5-8: each class also writes one of these, drawn per class and year
VPR_OTHER_SUBJECTS = ("История", "Биология")
SUBJECT_LETTER = {"Математика": "М", "Русский язык": "Р", "Окружающий мир": "О",
                  "История": "И", "Биология": "Б"}

# --------------------------------------------------------------------------
# Skills (codifier-like codes shared across grades so cohorts can be followed)
# --------------------------------------------------------------------------
SKILLS = {
    "М1.1.1": "Выполнять арифметические действия с натуральными числами",
    "М1.2.1": "Выполнять действия с обыкновенными дробями",
    "М1.2.2": "Выполнять действия с десятичными дробями",
    "М1.3.1": "Выполнять действия с положительными и отрицательными числами",
    "М1.4.1": "Сравнивать и упорядочивать числа, отмечать числа на координатной прямой",
    "М1.5.1": "Находить значение числового выражения, соблюдая порядок действий",
    "М2.1.1": "Решать задачи на нахождение части числа и числа по его части",
    "М2.1.2": "Решать задачи на проценты",
    "М2.2.1": "Решать текстовые задачи на движение, работу и покупки",
    "М2.3.1": "Решать логические задачи и задачи на перебор вариантов",
    "М2.4.1": "Решать практические задачи с единицами измерения величин",
    "М2.5.1": "Решать задачи повышенной сложности, требующие нескольких шагов рассуждения",
    "М3.1.1": "Извлекать и интерпретировать информацию из таблиц и диаграмм",
    "М4.1.1": "Выполнять преобразования буквенных выражений",
    "М4.2.1": "Решать линейные уравнения",
    "М4.3.1": "Строить и читать графики линейной функции",
    "М4.4.1": "Выполнять действия со степенями с натуральным показателем",
    "М4.5.1": "Применять формулы сокращённого умножения, раскладывать многочлены на множители",
    "М5.1.1": "Вычислять периметр и площадь фигур",
    "М5.2.1": "Применять свойства углов и треугольников при решении задач",
    "М5.3.1": "Изображать геометрические фигуры и выполнять построения на клетчатой бумаге",
    "М6.1.1": "Оценивать вероятность события, находить статистические характеристики",
    "Р1.1.1": "Писать текст под диктовку, соблюдая орфографические и пунктуационные нормы",
    "Р1.2.1": "Проводить морфемный и словообразовательный анализ слов",
    "Р1.3.1": "Проводить морфологический анализ слова",
    "Р1.4.1": "Проводить синтаксический анализ предложения",
    "Р1.5.1": "Распознавать части речи и их грамматические признаки",
    "Р1.6.1": "Распознавать стилистическую окраску слов и типы речи",
    "Р2.1.1": "Соблюдать орфоэпические нормы (ставить ударение в словах)",
    "Р2.2.1": "Соблюдать орфографические нормы (правописание корней, приставок, суффиксов)",
    "Р2.3.1": "Ставить знаки препинания в предложениях с однородными членами и в сложных предложениях",
    "Р2.3.2": "Ставить знаки препинания в предложениях с причастным и деепричастным оборотами",
    "Р2.3.3": "Ставить знаки препинания при обращении и прямой речи",
    "Р3.1.1": "Определять основную мысль текста, составлять план текста",
    "Р3.2.1": "Понимать смысл прочитанного текста, отвечать на вопросы по тексту",
    "Р3.3.1": "Определять лексическое значение слова, подбирать синонимы и антонимы",
    "Р3.4.1": "Объяснять значение пословицы или фразеологизма в заданной речевой ситуации",
    "О1.1.1": "Узнавать изученные объекты и явления живой и неживой природы",
    "О1.2.1": "Использовать модели и схемы для решения учебных задач",
    "О1.3.1": "Проводить несложные наблюдения и опыты, делать выводы",
    "О2.1.1": "Описывать изученные объекты природы по плану",
    "О2.2.1": "Понимать строение организма человека, соблюдать правила здорового образа жизни",
    "О3.1.1": "Находить на карте материки, океаны и природные зоны",
    "О3.2.1": "Различать государственную символику России и своего региона",
    "О3.3.1": "Соотносить исторические события с датами, понимать значение праздников",
    "О4.1.1": "Использовать сведения о правилах безопасного поведения",
    "О4.2.1": "Различать профессии людей и понимать их значение для общества",
    "И1.1.1": "Работать с исторической картой",
    "И1.2.1": "Соотносить события и даты, устанавливать последовательность событий",
    "И1.3.1": "Работать с иллюстративным материалом (памятники культуры)",
    "И2.1.1": "Работать с текстом исторического источника",
    "И2.2.1": "Объяснять причины и следствия исторических событий",
    "И2.3.1": "Использовать историческую терминологию",
    "И3.1.1": "Характеризовать исторических деятелей и их роль в событиях",
    "И3.2.1": "Знать историю родного края",
    "И3.3.1": "Рассказывать об исторических событиях в связном тексте",
    "И4.1.1": "Понимать значение памяти о Великой Отечественной войне",
    "Б1.1.1": "Описывать признаки живых организмов",
    "Б1.2.1": "Работать с увеличительными приборами, проводить биологический опыт",
    "Б1.3.1": "Устанавливать взаимосвязь строения и функций органов",
    "Б2.1.1": "Классифицировать организмы, определять их систематическое положение",
    "Б2.2.1": "Анализировать схемы, рисунки и таблицы с биологической информацией",
    "Б2.3.1": "Устанавливать связи в экосистемах, составлять цепи питания",
    "Б3.1.1": "Описывать строение и процессы жизнедеятельности животных",
    "Б3.2.1": "Применять знания о здоровье человека в практических ситуациях",
    "Б3.3.1": "Работать с текстом биологического содержания",
    "Б4.1.1": "Описывать строение органов и систем органов человека",
}

# Task catalogues: (task, max score, level, skill code).  2025 variants list only
# the changes; everything is keyed by (year, subject, grade).
CATALOGUES_2024 = {
    ("Математика", 4): [
        ("1", 1, "Б", "М1.1.1"), ("2", 1, "Б", "М1.5.1"), ("3", 2, "Б", "М2.2.1"),
        ("4", 1, "Б", "М2.4.1"), ("5.1", 1, "Б", "М5.1.1"), ("5.2", 1, "П", "М5.3.1"),
        ("6.1", 1, "Б", "М3.1.1"), ("6.2", 1, "П", "М3.1.1"), ("7", 1, "Б", "М1.1.1"),
        ("8", 2, "П", "М2.2.1"), ("9.1", 1, "П", "М2.3.1"), ("9.2", 1, "П", "М2.3.1"),
        ("10", 2, "П", "М5.3.1"), ("11", 2, "В", "М5.2.1"), ("12", 2, "В", "М2.5.1"),
    ],
    ("Математика", 5): [
        ("1", 1, "Б", "М1.1.1"), ("2", 1, "Б", "М1.2.1"), ("3", 1, "Б", "М1.2.2"),
        ("4", 1, "Б", "М2.1.1"), ("5", 1, "Б", "М1.4.1"), ("6", 1, "Б", "М2.4.1"),
        ("7", 1, "Б", "М3.1.1"), ("8", 1, "Б", "М2.2.1"), ("9", 2, "Б", "М1.5.1"),
        ("10", 2, "П", "М2.2.1"), ("11", 2, "П", "М5.1.1"), ("12", 2, "П", "М5.3.1"),
        ("13", 2, "В", "М2.3.1"), ("14", 2, "В", "М2.5.1"),
    ],
    ("Математика", 6): [
        ("1", 1, "Б", "М1.3.1"), ("2", 1, "Б", "М1.2.1"), ("3", 1, "Б", "М2.1.1"),
        ("4", 1, "Б", "М1.2.2"), ("5", 1, "Б", "М1.4.1"), ("6", 1, "Б", "М2.1.1"),
        ("7", 1, "Б", "М3.1.1"), ("8", 1, "Б", "М4.1.1"), ("9", 2, "Б", "М1.5.1"),
        ("10", 2, "П", "М2.2.1"), ("11", 2, "П", "М2.1.2"), ("12", 2, "П", "М5.3.1"),
        ("13", 1, "Б", "М2.2.1"), ("14", 1, "В", "М2.3.1"), ("15", 2, "В", "М2.5.1"),
    ],
    ("Математика", 7): [
        ("1", 1, "Б", "М1.2.1"), ("2", 1, "Б", "М1.3.1"), ("3", 1, "Б", "М3.1.1"),
        ("4", 1, "Б", "М4.1.1"), ("5", 1, "Б", "М4.2.1"), ("6", 1, "Б", "М4.3.1"),
        ("7", 1, "Б", "М1.2.2"), ("8", 1, "Б", "М2.1.2"), ("9", 2, "П", "М4.2.1"),
        ("10", 1, "П", "М6.1.1"), ("11", 2, "П", "М4.1.1"), ("12", 2, "П", "М5.2.1"),
        ("13", 1, "П", "М5.1.1"), ("14", 2, "В", "М2.2.1"), ("15", 1, "В", "М2.3.1"),
    ],
    ("Математика", 8): [
        ("1", 1, "Б", "М1.3.1"), ("2", 1, "Б", "М4.4.1"), ("3", 1, "Б", "М4.2.1"),
        ("4", 1, "Б", "М3.1.1"), ("5", 1, "Б", "М4.3.1"), ("6", 1, "Б", "М6.1.1"),
        ("7", 1, "Б", "М2.1.2"), ("8", 1, "Б", "М5.2.1"), ("9", 2, "П", "М4.1.1"),
        ("10", 2, "П", "М4.5.1"), ("11", 2, "П", "М2.2.1"), ("12", 2, "П", "М5.1.1"),
        ("13", 2, "П", "М4.3.1"), ("14", 1, "П", "М1.4.1"), ("15", 2, "В", "М5.2.1"),
        ("16", 2, "В", "М2.5.1"), ("17", 2, "В", "М4.5.1"),
    ],
    ("Русский язык", 4): [
        ("1", 4, "Б", "Р1.1.1"), ("2", 2, "Б", "Р1.4.1"), ("3.1", 1, "Б", "Р1.5.1"),
        ("3.2", 2, "П", "Р1.5.1"), ("4", 1, "Б", "Р2.1.1"), ("5", 1, "Б", "Р2.2.1"),
        ("6", 2, "Б", "Р3.1.1"), ("7", 2, "П", "Р3.2.1"), ("8", 2, "П", "Р3.1.1"),
        ("9", 1, "Б", "Р3.3.1"), ("10", 2, "П", "Р3.3.1"), ("11", 2, "П", "Р1.2.1"),
        ("12", 2, "В", "Р3.4.1"),
    ],
    ("Русский язык", 5): [
        ("1", 5, "Б", "Р1.1.1"), ("2", 3, "Б", "Р1.3.1"), ("3", 1, "Б", "Р2.1.1"),
        ("4", 2, "Б", "Р1.5.1"), ("5", 2, "П", "Р1.2.1"), ("6", 2, "Б", "Р1.2.1"),
        ("7", 2, "Б", "Р2.3.1"), ("8", 2, "П", "Р2.3.3"), ("9", 2, "Б", "Р3.1.1"),
        ("10", 1, "Б", "Р3.2.1"), ("11", 2, "П", "Р3.3.1"), ("12", 2, "П", "Р1.6.1"),
        ("13", 2, "В", "Р3.4.1"), ("14", 2, "В", "Р3.2.1"),
    ],
    ("Русский язык", 6): [
        ("1", 5, "Б", "Р1.1.1"), ("2", 3, "Б", "Р1.3.1"), ("3", 1, "Б", "Р2.1.1"),
        ("4", 2, "Б", "Р1.2.1"), ("5", 2, "П", "Р1.2.1"), ("6", 2, "Б", "Р2.2.1"),
        ("7", 2, "Б", "Р2.3.1"), ("8", 2, "П", "Р2.3.3"), ("9", 2, "Б", "Р3.1.1"),
        ("10", 1, "Б", "Р3.2.1"), ("11", 2, "П", "Р3.3.1"), ("12", 2, "П", "Р1.6.1"),
        ("13", 2, "В", "Р3.4.1"), ("14", 2, "В", "Р1.4.1"),
    ],
    ("Русский язык", 7): [
        ("1", 5, "Б", "Р1.1.1"), ("2", 3, "Б", "Р1.3.1"), ("3", 1, "Б", "Р2.1.1"),
        ("4", 2, "Б", "Р1.2.1"), ("5", 2, "Б", "Р2.2.1"), ("6", 2, "Б", "Р2.3.2"),
        ("7.1", 1, "Б", "Р2.3.2"), ("7.2", 1, "Б", "Р2.3.2"), ("8", 2, "П", "Р2.3.1"),
        ("9", 2, "Б", "Р3.1.1"), ("10", 1, "Б", "Р3.2.1"), ("11", 2, "П", "Р3.3.1"),
        ("12", 2, "П", "Р1.6.1"), ("13", 2, "В", "Р3.4.1"), ("14", 2, "В", "Р1.4.1"),
    ],
    ("Русский язык", 8): [
        ("1", 5, "Б", "Р1.1.1"), ("2", 3, "Б", "Р1.3.1"), ("3", 1, "Б", "Р2.1.1"),
        ("4", 2, "Б", "Р1.4.1"), ("5", 2, "Б", "Р2.2.1"), ("6", 2, "Б", "Р2.3.2"),
        ("7", 2, "П", "Р2.3.1"), ("8", 2, "П", "Р2.3.3"), ("9", 2, "Б", "Р3.1.1"),
        ("10", 1, "Б", "Р3.2.1"), ("11", 2, "П", "Р3.3.1"), ("12", 2, "П", "Р1.6.1"),
        ("13", 2, "В", "Р3.4.1"), ("14", 2, "В", "Р1.4.1"),
    ],
    ("Окружающий мир", 4): [
        ("1", 2, "Б", "О1.1.1"), ("2", 2, "Б", "О1.2.1"), ("3.1", 1, "Б", "О3.1.1"),
        ("3.2", 1, "П", "О3.1.1"), ("4", 2, "Б", "О2.1.1"), ("5", 1, "Б", "О2.2.1"),
        ("6", 2, "П", "О1.3.1"), ("7", 2, "Б", "О4.1.1"), ("8", 2, "П", "О4.2.1"),
        ("9", 2, "П", "О3.2.1"), ("10.1", 1, "Б", "О3.3.1"), ("10.2", 2, "В", "О3.3.1"),
    ],
}
_HISTORY = [
    ("1", 2, "Б", "И1.3.1"), ("2", 1, "Б", "И2.3.1"), ("3", 2, "Б", "И1.2.1"),
    ("4", 1, "Б", "И1.1.1"), ("5", 2, "П", "И1.1.1"), ("6", 2, "П", "И2.1.1"),
    ("7", 1, "Б", "И3.2.1"), ("8", 2, "П", "И2.2.1"), ("9", 2, "В", "И3.3.1"),
    ("10", 2, "В", "И4.1.1"),
]
_BIOLOGY = [
    ("1", 2, "Б", "Б1.1.1"), ("2", 1, "Б", "Б1.2.1"), ("3", 2, "Б", "Б2.2.1"),
    ("4", 1, "Б", "Б2.1.1"), ("5", 2, "П", "Б1.3.1"), ("6", 2, "П", "Б2.3.1"),
    ("7", 2, "Б", "Б3.3.1"), ("8", 2, "П", "Б3.1.1"), ("9", 2, "В", "Б3.2.1"),
    ("10", 2, "В", "Б2.3.1"),
]
for _grade in (5, 6, 7, 8):
    CATALOGUES_2024[("История", _grade)] = list(_HISTORY)
    CATALOGUES_2024[("Биология", _grade)] = list(_BIOLOGY)
CATALOGUES_2024[("История", 7)][6] = ("7", 1, "Б", "И3.1.1")
CATALOGUES_2024[("История", 8)][6] = ("7", 1, "Б", "И3.1.1")
CATALOGUES_2024[("Биология", 8)][7] = ("8", 2, "П", "Б4.1.1")
CATALOGUES_2024[("Биология", 7)][1] = ("2", 1, "Б", "Б3.1.1")

# 2025: what changed against 2024 (the rest is the same catalogue)
CATALOGUE_CHANGES_2025 = {
    # task 12 split into two one-point items; max stays 20
    ("Математика", 5): {"replace": {"12": [("12.1", 1, "П", "М5.3.1"), ("12.2", 1, "В", "М5.3.1")]}},
    # task 4 now also checks «часть числа» (the weak skill of 2025)
    ("Математика", 6): {"replace": {"4": [("4", 1, "Б", "М2.1.1")]}},
    # task 10 moved from statistics to a basic-level probability item
    ("Математика", 7): {"replace": {"10": [("10", 1, "Б", "М6.1.1")]}},
    # one more orthoepy item at the end
    ("Русский язык", 6): {"append": [("15", 1, "П", "Р2.1.1")]},
    # history 6: task 9 (essay) worth 3 points
    ("История", 6): {"replace": {"9": [("9", 3, "В", "И3.3.1")]}},
}
# per-task difficulty adjustments (logits) to make the catalogue look like VPR
TASK_ADJUST = {
    ("Математика", 6, "3"): 0.75, ("Математика", 6, "4"): 0.75, ("Математика", 6, "6"): 0.75,
    ("Русский язык", 7, "6"): -0.5, ("Русский язык", 7, "7.1"): -0.5, ("Русский язык", 7, "7.2"): -0.5,
    ("Математика", 5, "8"): -0.3, ("Математика", 5, "10"): -0.5,
    ("Русский язык", 5, "5"): -0.6, ("Русский язык", 5, "6"): -0.3,
    ("Русский язык", 6, "4"): -0.3, ("Русский язык", 6, "5"): -0.6,
}

TASK_SKILLS_EXTRA = [
    (2024, "Математика", 5, "14", "М2.3.1"),
    (2025, "Математика", 5, "14", "М2.3.1"),
    (2025, "Математика", 6, "11", "М2.1.1"),
    (2024, "Русский язык", 4, "1", "Р2.2.1"),
    (2025, "Русский язык", 4, "1", "Р2.2.1"),
    (2025, "Русский язык", 7, "6", "Р1.4.1"),
    (2025, "История", 6, "9", "И2.2.1"),
]

# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------
SURNAMES_F = (
    "Иванова Петрова Смирнова Кузнецова Попова Васильева Соколова Михайлова Новикова "
    "Фёдорова Морозова Волкова Алексеева Лебедева Семёнова Егорова Павлова Козлова "
    "Степанова Николаева Орлова Андреева Макарова Никитина Захарова Зайцева Соловьёва "
    "Борисова Яковлева Григорьева Романова Воробьёва Сергеева Кузьмина Фролова "
    "Александрова Дмитриева Королёва Гусева Киселёва Ильина Максимова Полякова Сорокина "
    "Виноградова Ковалёва Белова Медведева Антонова Тарасова Жукова Баранова Филиппова "
    "Комарова Давыдова Беляева Герасимова Богданова Осипова Сидорова Матвеева Титова "
    "Маркова Миронова Крылова Куликова Карпова Власова Мельникова Денисова Гаврилова "
    "Тихонова Казакова Афанасьева Данилова Савельева Тимофеева Фомина Чернова Абрамова "
    "Мартынова Ефимова Федотова Щербакова Назарова Калинина Исаева Чернышёва Быкова "
    "Маслова Родионова Коновалова Лазарева Воронина Климова Филатова Пономарёва Голубева"
).split()
FIRST_F = ("Мария Елена Ольга Наталья Татьяна Ирина Светлана Анна Екатерина Юлия Галина "
           "Людмила Надежда Марина Оксана Валентина Любовь Вера Лариса Евгения Дарья "
           "Ксения Анастасия Виктория Алёна Полина").split()
FIRST_M = "Александр Сергей Андрей Дмитрий Алексей Владимир Николай Михаил Игорь Евгений Павел Виктор".split()
PATRONYMIC_F = ("Петровна Ивановна Александровна Сергеевна Николаевна Владимировна Викторовна "
                "Михайловна Алексеевна Андреевна Юрьевна Анатольевна Васильевна Геннадьевна "
                "Борисовна Дмитриевна Евгеньевна Олеговна Павловна Игоревна").split()

FILLER_SUBJECTS = ("Английский язык", "Физическая культура", "Физика", "География", "Химия",
                   "Информатика", "Обществознание", "Музыка", "Изобразительное искусство",
                   "Труд (технология)", "ОБЗР", "Английский язык", "Физическая культура",
                   "Литература", "Немецкий язык", "Педагог-психолог")
CATEGORIES = (("высшая", 0.30), ("первая", 0.36), ("соответствие", 0.19), ("без категории", 0.15))
DIAGNOSTIC_BLOCKS = ("нормативный", "предметный", "методический", "психолого-педагогический")

PROVIDER_REGION = "ГАУ ДПО «Озёрский областной институт развития образования»"
PROVIDER_CENTRE = "ЦНППМ «Учитель будущего» Озёрской области"
PROVIDER_PRIVATE = "АНО ДПО «Учебный центр „Перспектива“»"
COURSES = [
    # id, title, skill codes, hours, provider
    ("K01", "Формирование вычислительных навыков обучающихся 5–6 классов",
     "М1.1.1;М1.2.1;М1.2.2;М1.5.1", 36, PROVIDER_REGION),
    ("K02", "Методика обучения решению текстовых задач в 5–6 классах",
     "М2.1.1;М2.1.2;М2.2.1", 36, PROVIDER_REGION),
    ("K03", "Функциональная математическая грамотность: задачи практического содержания",
     "М2.4.1;М3.1.1;М6.1.1", 24, PROVIDER_CENTRE),
    ("K04", "Методика преподавания геометрии в основной школе",
     "М5.1.1;М5.2.1;М5.3.1", 48, PROVIDER_REGION),
    ("K05", "Морфемика и словообразование: трудные вопросы преподавания",
     "Р1.2.1;Р1.3.1", 24, PROVIDER_CENTRE),
    ("K06", "Работа с текстом на уроках русского языка: смысловое чтение",
     "Р3.1.1;Р3.2.1;Р3.3.1", 36, PROVIDER_REGION),
    ("K07", "Формирование пунктуационной грамотности: обособленные члены предложения",
     "Р2.3.1;Р2.3.2;Р2.3.3", 36, PROVIDER_REGION),
    ("K08", "Орфография и орфоэпия: подготовка обучающихся к ВПР и ОГЭ",
     "Р1.1.1;Р2.1.1;Р2.2.1", 24, PROVIDER_PRIVATE),
    ("K09", "Объективность оценивания образовательных результатов: ВПР и ГИА",
     "", 16, PROVIDER_REGION),
    ("K10", "Достижение планируемых результатов в начальной школе по обновлённым ФГОС НОО",
     "Р1.5.1;М1.1.1;М2.2.1;О1.1.1;О1.3.1", 72, PROVIDER_CENTRE),
    ("K11", "Работа с историческим источником и картой на уроках истории",
     "И1.1.1;И2.1.1;И2.2.1", 36, PROVIDER_REGION),
    ("K12", "Лабораторный практикум и анализ данных на уроках биологии",
     "Б1.2.1;Б2.2.1;Б3.3.1", 36, PROVIDER_CENTRE),
    ("K13", "Профессиональная переподготовка «Математика: теория и методика преподавания "
     "в образовательной организации»", "М1.1.1;М2.2.1;М4.1.1;М5.2.1", 270, PROVIDER_PRIVATE),
    ("K14", "Профессиональная переподготовка «Русский язык и литература: теория и методика "
     "преподавания»", "Р1.3.1;Р2.2.1;Р2.3.1;Р3.1.1", 300, PROVIDER_PRIVATE),
    ("K15", "Наставничество в образовательной организации", "", 24, PROVIDER_CENTRE),
]
COURSES_BY_SUBJECT = {
    "Математика": ("K01", "K02", "K03", "K04", "K09", "K13", "K15"),
    "Русский язык": ("K05", "K06", "K07", "K08", "K09", "K14", "K15"),
    "Начальные классы": ("K10", "K09", "K15"),
    "История": ("K11", "K09"),
    "Биология": ("K12", "K09"),
}
COURSE_UPTAKE = 0.35   # share of subject teachers with a random course in the two years


# ==========================================================================
# Helpers
# ==========================================================================
def rng_for(*key):
    """A random generator of its own for each part of the model (stable under edits)."""
    return random.Random(SEED + "|" + "|".join(str(k) for k in key))


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def clip(x, low, high):
    return max(low, min(high, x))


def fmt(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return str(value)


def write_csv(out_dir, name, header, rows):
    path = os.path.join(out_dir, name)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([fmt(v) for v in row])
    return path


def task_sort_key(task):
    return tuple(int(part) for part in task.split("."))


# ==========================================================================
# Task catalogues, difficulties and calibration
# ==========================================================================
class Work:
    """One VPR work: (year, subject, grade) with its tasks and mark scale."""

    def __init__(self, year, subject, grade, tasks):
        self.year, self.subject, self.grade = year, subject, grade
        self.tasks = tasks                              # [(task, max, level, skill)]
        self.max_score = sum(t[1] for t in tasks)
        jitter = {t[0]: rng_for("jitter", subject, grade, t[0]).gauss(0, ITEM_JITTER_SD) for t in tasks}
        self.base_difficulty = [LEVEL_DIFFICULTY[t[2]] + jitter[t[0]]
                                + TASK_ADJUST.get((subject, grade, t[0]), 0.0) for t in tasks]
        self.shift = 0.0
        self.scale = None                               # (min3, min4, min5)

    @property
    def key(self):
        return (self.year, self.subject, self.grade)

    def difficulty(self, index):
        return self.base_difficulty[index] + self.shift

    def mark(self, score):
        min3, min4, min5 = self.scale
        if score >= min5:
            return 5
        if score >= min4:
            return 4
        if score >= min3:
            return 3
        return 2


def catalogue(year, subject, grade):
    tasks = list(CATALOGUES_2024[(subject, grade)])
    if year == 2025 and (subject, grade) in CATALOGUE_CHANGES_2025:
        change = CATALOGUE_CHANGES_2025[(subject, grade)]
        for old, new in change.get("replace", {}).items():
            position = [t[0] for t in tasks].index(old)
            tasks[position:position + 1] = new
        tasks += change.get("append", [])
    return tasks


def step_probabilities(theta, difficulty, max_score):
    return [logistic(SLOPE * (theta - difficulty - STEP * k)) for k in range(max_score)]


def item_pmf(theta, difficulty, max_score):
    probs = step_probabilities(theta, difficulty, max_score)
    pmf, reach = [], 1.0
    for p in probs:
        pmf.append(reach * (1.0 - p))
        reach *= p
    pmf.append(reach)
    return pmf


def expected_item(theta, difficulty, max_score):
    total, reach = 0.0, 1.0
    for p in step_probabilities(theta, difficulty, max_score):
        reach *= p
        total += reach
    return total


def theta_grid(mean, sd, half_width=5.0, points=81):
    grid = []
    for i in range(points):
        z = -half_width + 2 * half_width * i / (points - 1)
        grid.append((mean + sd * z, math.exp(-0.5 * z * z)))
    total = sum(w for _, w in grid)
    return [(x, w / total) for x, w in grid]


def population_expectations(items, shift, grid):
    """Exact expected solve rate per item and the total-score distribution."""
    solve = [0.0] * len(items)
    dist = [0.0] * (sum(m for m, _ in items) + 1)
    for theta, weight in grid:
        total_pmf = [1.0]
        for index, (max_score, difficulty) in enumerate(items):
            pmf = item_pmf(theta, difficulty + shift, max_score)
            solve[index] += weight * sum(k * p for k, p in enumerate(pmf)) / max_score
            new = [0.0] * (len(total_pmf) + max_score)
            for s, ps in enumerate(total_pmf):
                for k, pk in enumerate(pmf):
                    new[s + k] += ps * pk
            total_pmf = new
        for s, p in enumerate(total_pmf):
            dist[s] += weight * p
    return solve, dist


def calibrate_shift(items, target_pct, grid):
    max_total = sum(m for m, _ in items)

    def mean_pct(shift):
        return 100.0 * sum(w * sum(expected_item(t, d + shift, m) for m, d in items)
                           for t, w in grid) / max_total

    low, high = -4.0, 4.0
    for _ in range(40):
        mid = (low + high) / 2
        if mean_pct(mid) > target_pct:
            low = mid
        else:
            high = mid
    return round((low + high) / 2, 4)


def calibrate_shift_to_shares(items, scale, shares, grid):
    """Shift whose mark shares (with a fixed scale) come closest to the targets."""
    def error(shift):
        _, dist = population_expectations(items, shift, grid)
        got = [0.0] * 4
        for s, p in enumerate(dist):
            got[(s >= scale[0]) + (s >= scale[1]) + (s >= scale[2])] += 100 * p
        return sum((a - b) ** 2 for a, b in zip(got, shares))

    best = min((k * 0.2 for k in range(-15, 16)), key=error)
    return round(min((best + k * 0.02 for k in range(-10, 11)), key=error), 4)


def scale_from_shares(dist, shares):
    """Thresholds (min3, min4, min5) whose cumulative shares come closest to the targets."""
    cumulative, running = [], 0.0
    for p in dist:
        cumulative.append(running)       # P(score < s)
        running += p
    targets = [sum(shares[:k]) / 100.0 for k in (1, 2, 3)]
    thresholds, previous = [], 0
    for target in targets:
        best = min(range(previous + 1, len(dist)), key=lambda s: abs(cumulative[s] - target))
        thresholds.append(best)
        previous = best
    return tuple(thresholds)


def build_works():
    region_grid = theta_grid(0.0, THETA_SD)
    works = {}
    for year in YEARS:
        for (subject, grade) in CATALOGUES_2024:
            work = Work(year, subject, grade, catalogue(year, subject, grade))
            items = [(t[1], d) for t, d in zip(work.tasks, work.base_difficulty)]
            if (subject, grade) in FIXED_SCALES:
                work.scale = FIXED_SCALES[(subject, grade)]
                work.shift = calibrate_shift_to_shares(items, work.scale, TARGET_SHARES[(subject, grade)],
                                                       theta_grid(0.0, THETA_SD, points=41))
            else:
                work.shift = calibrate_shift(items, TARGET_MEAN_PCT[(subject, grade)], region_grid)
                _, dist = population_expectations(items, work.shift, region_grid)
                work.scale = scale_from_shares(dist, TARGET_SHARES[(subject, grade)])
            works[work.key] = work
    return works


class OgeExam:
    def __init__(self, year, subject):
        items, scale, target = OGE[subject]
        self.year, self.subject, self.scale = year, subject, scale
        self.items = items
        self.max_score = sum(m for m, _ in items)
        self.base_difficulty = [LEVEL_DIFFICULTY[level]
                                + rng_for("oge-jitter", subject, i).gauss(0, ITEM_JITTER_SD)
                                for i, (_, level) in enumerate(items)]
        self.shift = calibrate_shift([(m, d) for (m, _), d in zip(items, self.base_difficulty)],
                                     target, theta_grid(0.0, THETA_SD))

    def mark(self, score):
        min3, min4, min5 = self.scale
        return 5 if score >= min5 else 4 if score >= min4 else 3 if score >= min3 else 2


# ==========================================================================
# Schools, pupils, teachers
# ==========================================================================
class Pupil:
    __slots__ = ("uid", "general", "specific", "absence", "years")

    def __init__(self, uid, rng):
        self.uid = uid
        self.general = rng.gauss(0, 1)
        first = {s: rng.gauss(0, 1) for s in "МРОИБ"}
        second = {s: E_YEAR_CORR * v + math.sqrt(1 - E_YEAR_CORR ** 2) * rng.gauss(0, 1)
                  for s, v in first.items()}
        self.specific = {2024: first, 2025: second}
        self.absence = min(0.6, ABSENT_RATE * rng.expovariate(1.0))
        self.years = set()

    def ability(self, year, subject_letter):
        return G_LOAD * self.general + E_LOAD * self.specific[year][subject_letter]


class District:
    def __init__(self):
        self.school_effect = {}
        self.school_subject_effect = {}
        self.class_effect = {}      # (school, cohort, letter) -> effect
        self.teacher_effect = {}
        self.classes = {}           # (year, school, grade, letter) -> [Pupil]
        self.teachers = []          # dicts
        self.assignment = {}        # (year, school, grade, letter, subject) -> teacher_id
        self.other_subject = {}     # (year, school, grade, letter) -> История/Биология


def school_effect(school_id):
    if school_id == PLANT_D["school"]:
        return PLANT_D["effect"]
    if school_id == PLANT_F["school"]:
        return PLANT_F["effect"]
    return SCHOOL_EFFECTS[school_id] + DISTRICT_OFFSET


def center_school_subject_effects(district):
    """No subject is better or worse district-wide by chance: centre school × subject effects
    (the mean over CENTRED_SCHOOLS is taken off every school's effect)."""
    for letter_code in SUBJECT_LETTER.values():
        keys = [k for k in district.school_subject_effect if k[1] == letter_code]
        centred = [k for k in keys if k[0] in CENTRED_SCHOOLS]
        mean = sum(district.school_subject_effect[k] for k in centred) / len(centred)
        for k in keys:
            district.school_subject_effect[k] -= mean


def build_pupils(district):
    """Cohorts are keyed by their grade in 2024 (3..9): 3 appears only in 2025 (as grade 4)."""
    for school_id, _, _, _, _, letters, (size_low, size_high), _ in SCHOOLS:
        district.school_effect[school_id] = school_effect(school_id)
        for subject, letter_code in SUBJECT_LETTER.items():
            district.school_subject_effect[(school_id, letter_code)] = \
                rng_for("school-subject", school_id, subject).gauss(0, SCHOOL_SUBJECT_SD)
        for cohort in range(3, 10):
            for letter in letters:
                rng = rng_for("cohort", school_id, cohort, letter)
                district.class_effect[(school_id, cohort, letter)] = rng.gauss(0, CLASS_SD)
                size = rng.randint(size_low, size_high)
                pupils = [Pupil(f"{school_id}-{cohort}{letter}-{i}", rng) for i in range(size)]
                stayers = [p for p in pupils if rng.random() >= PUPIL_LEAVES]
                newcomers = [Pupil(f"{school_id}-{cohort}{letter}-n{i}", rng)
                             for i in range(rng.choice((0, 0, 1, 1, 2)))]
                if cohort >= 4:
                    district.classes[(2024, school_id, cohort, letter)] = pupils
                if cohort + 1 <= 9:
                    district.classes[(2025, school_id, cohort + 1, letter)] = stayers + newcomers


def make_name(rng, used, female=True):
    while True:
        surname = rng.choice(SURNAMES_F)
        patronymic = rng.choice(PATRONYMIC_F)
        if female:
            name = f"{surname} {rng.choice(FIRST_F)} {patronymic}"
        else:
            male_patronymic = patronymic.replace("ьевна", "ьевич").replace("овна", "ович") \
                .replace("евна", "евич")
            name = f"{surname[:-1]} {rng.choice(FIRST_M)} {male_patronymic}"
        if name not in used:
            used.add(name)
            return name


def build_teachers(district):
    """Who teaches which class: subject teachers keep their classes as they move up."""
    used_names = set()
    number = 0

    def new_teacher(school_id, subject, rng):
        nonlocal number
        number += 1
        teacher_id = f"T{number:03d}"
        female = rng.random() < (0.93 if subject in ("Начальные классы", "Русский язык") else 0.78)
        category = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
        if category == "без категории":
            experience = rng.randint(0, 4)
        elif category == "высшая":
            experience = rng.randint(12, 40)
        else:
            experience = rng.randint(3, 35)
        district.teachers.append(dict(teacher_id=teacher_id, teacher_name=make_name(rng, used_names, female),
                                      school_id=school_id, subject=subject, category=category,
                                      experience_years=experience))
        district.teacher_effect[teacher_id] = rng.gauss(0, TEACHER_SD)
        return teacher_id

    for school_id, _, _, school_type, _, letters, _, staff in SCHOOLS:
        rng = rng_for("teachers", school_id)
        top_grade = 9 if school_type == "ООШ" else 11
        start = number
        # primary: one teacher per class of grades 1-4 (cohorts 1..4 of 2024)
        primary = {(c, l): new_teacher(school_id, "Начальные классы", rng)
                   for c in (4, 3, 2, 1) for l in letters}
        for letter in letters:
            for subject in ("Русский язык", "Математика", "Окружающий мир"):
                district.assignment[(2024, school_id, 4, letter, subject)] = primary[(4, letter)]
                district.assignment[(2025, school_id, 4, letter, subject)] = primary[(3, letter)]
        # subject teachers: classes of grades 5..top, consecutive chunks per teacher
        for subject, per_teacher in (("Математика", 5), ("Русский язык", 5), ("История", 10),
                                     ("Биология", 12)):
            cohorts = [(c, l) for c in range(5, top_grade + 1) for l in letters]
            count = max(1, round(len(cohorts) / per_teacher))
            chunk = math.ceil(len(cohorts) / count)
            staff_ids = [new_teacher(school_id, subject, rng) for _ in range(count)]
            owner = {cl: staff_ids[i // chunk] for i, cl in enumerate(cohorts)}
            for (cohort, letter), teacher_id in owner.items():
                if cohort <= 9:
                    district.assignment[(2024, school_id, cohort, letter, subject)] = teacher_id
                # 2025: the class keeps its teacher; the new grade 5 gets the teacher
                # whose top-grade class has left school
                if cohort + 1 <= 9:
                    district.assignment[(2025, school_id, cohort + 1, letter, subject)] = teacher_id
            for letter in letters:
                district.assignment[(2025, school_id, 5, letter, subject)] = owner[(top_grade, letter)]
        # the rest of the staff
        filler = 0
        while number - start < staff:
            new_teacher(school_id, FILLER_SUBJECTS[filler % len(FILLER_SUBJECTS)], rng)
            filler += 1
        for year in YEARS:
            for grade in (5, 6, 7, 8):
                for letter in letters:
                    district.other_subject[(year, school_id, grade, letter)] = \
                        rng_for("other-subject", year, school_id, grade, letter).choice(VPR_OTHER_SUBJECTS)


def planted_teacher(district, plant, year):
    return district.assignment[(year, plant["school"], plant["grade"], plant["letters"][0],
                                plant["subject"])]


def enforce_planted_assignments(district):
    """The planted teachers teach both parallel classes of their cohort."""
    cases = ((PLANT_B, 2025, PLANT_B["grade"]),
             (PLANT_G1, 2024, PLANT_G1["grade"]), (PLANT_G1, 2025, PLANT_G1["grade"] + 1),
             (PLANT_G2, 2024, PLANT_G2["grade"]), (PLANT_G2, 2025, PLANT_G2["grade"] + 1))
    for plant, year, grade in cases:
        first = district.assignment[(year, plant["school"], grade, plant["letters"][0], plant["subject"])]
        for letter in plant["letters"][1:]:
            district.assignment[(year, plant["school"], grade, letter, plant["subject"])] = first


# ==========================================================================
# Scoring
# ==========================================================================
def draw_item(rng, theta, difficulty, max_score, level):
    score = 0
    for k in range(max_score):
        if rng.random() < logistic(SLOPE * (theta - difficulty - STEP * k)):
            score += 1
        else:
            break
    if score == 0:
        blank = NO_ANSWER_GIVEN_ZERO[level] + (NO_ANSWER_WEAK_EXTRA if theta < -0.8 else 0.0)
        if rng.random() < blank:
            return None
    return score


def expected_score(work_like, theta):
    if isinstance(work_like, Work):
        items = [(t[1], work_like.difficulty(i)) for i, t in enumerate(work_like.tasks)]
    else:
        items = [(m, d + work_like.shift) for (m, _), d in zip(work_like.items, work_like.base_difficulty)]
    return sum(expected_item(theta, d, m) for m, d in items)


def journal_mark(rng, work, theta, school_id):
    inflation, noise = JOURNAL_INFLATION, JOURNAL_NOISE
    if school_id == PLANT_D["school"]:
        inflation, noise = PLANT_D["journal_inflation"], PLANT_D["journal_noise"]
    if (school_id, work.year) == (PLANT_I1["school"], PLANT_I1["year"]):
        c = PLANT_I1["journal_c"]
        latent = (c * theta / THETA_SD + math.sqrt(1 - c * c) * rng.gauss(0, 1)) * THETA_SD + inflation
    else:
        latent = theta + inflation + rng.gauss(0, noise)
    mark = work.mark(int(round(expected_score(work, latent))))
    if mark == 2 and rng.random() > JOURNAL_TWO_KEPT:
        mark = 3
    if rng.random() < JOURNAL_MISSING:
        return None
    return mark


def task_shift(year, work, task_index, school_id, grade, letter, teacher_id, district):
    """Planted per-task difficulty shifts (logits)."""
    _, _, _, skill = work.tasks[task_index]
    subject = work.subject
    shift = 0.0
    if (year, subject, grade, skill) == (PLANT_A["year"], PLANT_A["subject"], PLANT_A["grade"], PLANT_A["skill"]):
        shift += PLANT_A["shift"]
    if (year, subject, grade, school_id, skill) == (PLANT_B["year"], PLANT_B["subject"], PLANT_B["grade"],
                                                    PLANT_B["school"], PLANT_B["skill"]) \
            and letter in PLANT_B["letters"]:
        shift += PLANT_B["shift"]
    cohort_grade = {2024: PLANT_G1["grade"], 2025: PLANT_G1["grade"] + 1}[year]
    if (subject, grade, school_id, skill) == (PLANT_G1["subject"], cohort_grade, PLANT_G1["school"],
                                              PLANT_G1["skill"]) and letter in PLANT_G1["letters"]:
        shift += PLANT_G1["shift"] if year == PLANT_G1["year"] else PLANT_G1["shift_after_course"]
    cohort_grade = {2024: PLANT_G2["grade"], 2025: PLANT_G2["grade"] + 1}[year]
    if (subject, grade, school_id, skill) == (PLANT_G2["subject"], cohort_grade, PLANT_G2["school"],
                                              PLANT_G2["skill"]) and letter in PLANT_G2["letters"]:
        shift += PLANT_G2["shift"][year]
    return shift


def pupil_theta(district, year, school_id, grade, letter, subject, pupil, teacher_id):
    cohort = grade if year == 2024 else grade - 1
    code = SUBJECT_LETTER[subject]
    return (district.school_effect[school_id]
            + district.school_subject_effect[(school_id, code)]
            + district.class_effect[(school_id, cohort, letter)]
            + district.teacher_effect[teacher_id]
            + rng_for("class-year", year, school_id, grade, letter, subject).gauss(0, CLASS_YEAR_SD)
            + pupil.ability(year, code))


def set_total(scores, tasks, target, rng):
    """Change task scores (adding to answered or blank items, or removing) until the sum is target."""
    total = sum(s or 0 for s in scores)
    order = list(range(len(tasks)))
    while total < target:
        candidates = [i for i in order if (scores[i] or 0) < tasks[i][1]]
        i = rng.choice(candidates)
        scores[i] = (scores[i] or 0) + 1
        total += 1
    while total > target:
        candidates = [i for i in order if (scores[i] or 0) > 0]
        i = rng.choice(candidates)
        scores[i] -= 1
        total -= 1
    return scores


def falsify_school_c(work, rows, rng):
    """S03: negative Spearman (weak pupils got high scores) or boost + threshold pushing."""
    if (work.subject, work.grade) in PLANT_C["negative_works"]:
        low, high = PLANT_C["high_share"]
        for row in rows:
            if row["journal"] is not None and row["journal"] <= 3:
                target = rng.randint(round(low * work.max_score), round(high * work.max_score))
                set_total(row["scores"], work.tasks, target, rng)
        return
    min3, min4, _ = work.scale
    for row in rows:
        for i, task in enumerate(work.tasks):
            if (row["scores"][i] or 0) < task[1] and rng.random() < PLANT_C["boost_prob"]:
                row["scores"][i] = (row["scores"][i] or 0) + 1
        total = sum(s or 0 for s in row["scores"])
        for threshold in (min3, min4):
            if threshold - PLANT_C["push_window"] <= total < threshold:
                set_total(row["scores"], work.tasks, threshold, rng)
                break


def lift_to_thresholds(work, row, rng):
    """S22 (2025): a pupil at t − 1 or t − 2 below a threshold t is lifted to t with probability
    PLANT_I2["lift_p"]."""
    total = sum(s or 0 for s in row["scores"])
    for threshold in work.scale:
        if threshold - 2 <= total < threshold:
            if rng.random() < PLANT_I2["lift_p"]:
                set_total(row["scores"], work.tasks, threshold, rng)
            return


def generate_results(district, works):
    """All VPR rows: [(work, school, grade, letter, teacher, pupil, code, present, scores, journal)]."""
    results = []
    for year in YEARS:
        for school_id, *_ in SCHOOLS:
            letters = [s for s in SCHOOLS if s[0] == school_id][0][5]
            for grade in (4, 5, 6, 7, 8):
                # pupil codes: grade·10000 + running number over the parallel classes
                code_of, running = {}, 0
                for letter in letters:
                    for pupil in district.classes[(year, school_id, grade, letter)]:
                        running += 1
                        code_of[pupil.uid] = f"{grade}{running:04d}"
                subjects = list(VPR_SUBJECTS_BY_GRADE[grade])
                for subject in subjects + ([] if grade == 4 else ["(other)"]):
                    per_work_rows = []
                    for letter in letters:
                        actual = subject if subject != "(other)" else \
                            district.other_subject[(year, school_id, grade, letter)]
                        work = works[(year, actual, grade)]
                        teacher_id = district.assignment[(year, school_id, grade, letter, actual)]
                        for pupil in district.classes[(year, school_id, grade, letter)]:
                            rng = rng_for("vpr", year, actual, grade, pupil.uid)
                            theta = pupil_theta(district, year, school_id, grade, letter, actual,
                                                pupil, teacher_id)
                            journal = journal_mark(rng, work, theta, school_id)
                            present = rng.random() >= pupil.absence
                            scores = None
                            if present:
                                boost = PLANT_E["theta_boost"] if (year, actual, grade, school_id) == (
                                    PLANT_E["year"], PLANT_E["subject"], PLANT_E["grade"], PLANT_E["school"]) else 0.0
                                scores = []
                                for i, (task, max_score, level, skill) in enumerate(work.tasks):
                                    difficulty = work.difficulty(i) + task_shift(
                                        year, work, i, school_id, grade, letter, teacher_id, district)
                                    scores.append(draw_item(rng, theta + boost, difficulty, max_score, level))
                            per_work_rows.append(dict(work=work, school=school_id, grade=grade,
                                                      letter=letter, teacher=teacher_id, pupil=pupil,
                                                      code=code_of[pupil.uid], present=present,
                                                      scores=scores, journal=journal,
                                                      variant=1 + int(code_of[pupil.uid][-1]) % 2))
                    if (school_id, year) == (PLANT_I2["school"], PLANT_I2["year"]):
                        for row in per_work_rows:
                            if row["present"]:
                                lift_to_thresholds(row["work"], row, rng_for("lift", *row["work"].key, row["pupil"].uid))
                    if school_id == PLANT_C["school"]:
                        by_work = {}
                        for row in per_work_rows:
                            if row["present"]:
                                by_work.setdefault(row["work"].key, []).append(row)
                        for key, rows in sorted(by_work.items()):
                            falsify_school_c(works[key], rows, rng_for("falsify", *key))
                    results.extend(per_work_rows)
    return results


# ==========================================================================
# Files
# ==========================================================================
def write_schools(out):
    rows = [(s[0], s[1], s[2], s[3], s[4]) for s in SCHOOLS]
    write_csv(out, "schools.csv", ["school_id", "school_name", "settlement", "school_type", "rural"], rows)


def write_teachers(out, district):
    rows = [(t["teacher_id"], t["teacher_name"], t["school_id"], t["subject"], t["category"],
             t["experience_years"]) for t in district.teachers]
    write_csv(out, "teachers.csv", ["teacher_id", "teacher_name", "school_id", "subject", "category",
                                    "experience_years"], rows)


def write_classes(out, district):
    rows = []
    for year in YEARS:
        for school_id, *_rest in SCHOOLS:
            letters = _rest[4]
            for grade in range(4, 10):
                subjects = ("Русский язык", "Математика", "Окружающий мир") if grade == 4 else \
                    ("Русский язык", "Математика", "История", "Биология")
                for letter in letters:
                    n = len(district.classes[(year, school_id, grade, letter)])
                    for subject in subjects:
                        rows.append((year, school_id, f"{grade}{letter}", grade, subject,
                                     district.assignment[(year, school_id, grade, letter, subject)], n))
    write_csv(out, "classes.csv", ["year", "school_id", "class_id", "grade", "subject", "teacher_id",
                                   "pupils"], rows)


def write_tasks(out, works):
    rows = []
    for key in sorted(works, key=lambda k: (k[0], list(SUBJECT_LETTER).index(k[1]), k[2])):
        work = works[key]
        for task, max_score, level, skill in work.tasks:
            rows.append((work.year, work.subject, work.grade, task, max_score, level, skill, SKILLS[skill]))
    write_csv(out, "tasks.csv", ["year", "subject", "grade", "task", "max_score", "level", "skill_code",
                                 "skill"], rows)


def write_task_skills(out):
    write_csv(out, "task_skills.csv", ["year", "subject", "grade", "task", "skill_code"], TASK_SKILLS_EXTRA)


def write_mark_scales(out, works, oge):
    rows = []
    for key in sorted(works, key=lambda k: (k[0], list(SUBJECT_LETTER).index(k[1]), k[2])):
        work = works[key]
        bounds = (0,) + work.scale + (work.max_score + 1,)
        for mark in (2, 3, 4, 5):
            rows.append((work.year, work.subject, work.grade, mark, bounds[mark - 2], bounds[mark - 1] - 1, "ВПР"))
    for exam in oge:
        bounds = (0,) + exam.scale + (exam.max_score + 1,)
        for mark in (2, 3, 4, 5):
            rows.append((exam.year, exam.subject, 9, mark, bounds[mark - 2], bounds[mark - 1] - 1, "ОГЭ"))
    write_csv(out, "mark_scales.csv", ["year", "subject", "grade", "mark", "min_score", "max_score", "exam"], rows)


def sorted_results(results):
    order = {s: i for i, s in enumerate(SUBJECT_LETTER)}
    return sorted(results, key=lambda r: (r["work"].year, order[r["work"].subject], r["grade"],
                                          r["school"], r["letter"], r["code"]))


def write_vpr_results(out, results):
    rows = []
    for r in sorted_results(results):
        work = r["work"]
        if r["present"]:
            total = sum(s or 0 for s in r["scores"])
            rows.append((work.year, work.subject, r["grade"], r["school"], f"{r['grade']}{r['letter']}",
                         r["code"], r["variant"], "present", total, work.mark(total), r["journal"]))
        else:
            rows.append((work.year, work.subject, r["grade"], r["school"], f"{r['grade']}{r['letter']}",
                         r["code"], r["variant"], "absent", None, None, r["journal"]))
    write_csv(out, "vpr_results.csv", ["year", "subject", "grade", "school_id", "class_id", "pupil_code",
                                       "variant", "status", "primary_score", "mark", "journal_mark"], rows)


def write_vpr_task_scores(out, results):
    rows = []
    for r in sorted_results(results):
        if not r["present"]:
            continue
        work = r["work"]
        for (task, *_), score in zip(work.tasks, r["scores"]):
            rows.append((work.year, work.subject, r["grade"], r["school"], f"{r['grade']}{r['letter']}",
                         r["code"], task, score))
    write_csv(out, "vpr_task_scores.csv", ["year", "subject", "grade", "school_id", "class_id", "pupil_code",
                                           "task", "score"], rows)


REFERENCE_N = {"region": 21500, "russia": 1380000}


def write_reference_results(out, works):
    rows = []
    for key in sorted(works, key=lambda k: (k[0], list(SUBJECT_LETTER).index(k[1]), k[2])):
        work = works[key]
        items = [(t[1], d) for t, d in zip(work.tasks, work.base_difficulty)]
        for scope, mean in (("region", 0.0), ("russia", RUSSIA_OFFSET)):
            solve, dist = population_expectations(items, work.shift, theta_grid(mean, THETA_SD))
            n = REFERENCE_N[scope] + rng_for("ref-n", key, scope).randint(-900, 900) * (1 if scope == "region" else 40)
            for (task, *_), rate in zip(work.tasks, solve):
                rows.append((work.year, work.subject, work.grade, scope, "solve_rate", task,
                             round(100 * rate, 1), n))
            shares = [0.0] * 4
            for s, p in enumerate(dist):
                shares[work.mark(s) - 2] += p
            for mark, share in zip((2, 3, 4, 5), shares):
                rows.append((work.year, work.subject, work.grade, scope, f"mark{mark}_pct", None,
                             round(100 * share, 1), n))
            mean_score = sum(s * p for s, p in enumerate(dist))
            rows.append((work.year, work.subject, work.grade, scope, "mean_primary_score", None,
                         round(mean_score, 2), n))
    write_csv(out, "reference_results.csv", ["year", "subject", "grade", "scope", "indicator", "task", "value", "n"],
              rows)


def write_gia_results(out, district, oge):
    rows = []
    for exam in oge:
        for school_id, *_rest in SCHOOLS:
            letters = _rest[4]
            running = 0
            for letter in letters:
                teacher_id = district.assignment[(exam.year, school_id, 9, letter, exam.subject)]
                for pupil in district.classes[(exam.year, school_id, 9, letter)]:
                    running += 1
                    rng = rng_for("oge", exam.year, exam.subject, pupil.uid)
                    theta = pupil_theta(district, exam.year, school_id, 9, letter, exam.subject, pupil, teacher_id)
                    total = 0
                    for (max_score, level), difficulty in zip(exam.items, exam.base_difficulty):
                        total += draw_item(rng, theta, difficulty + exam.shift, max_score, level) or 0
                    rows.append((exam.year, "ОГЭ", exam.subject, school_id, f"9{letter}", f"9{running:04d}",
                                 total, exam.mark(total), None))
    rows.sort(key=lambda r: (r[0], r[2] != "Математика", r[3], r[4], r[5]))
    write_csv(out, "gia_results.csv", ["year", "exam", "subject", "school_id", "class_id", "pupil_code",
                                       "primary_score", "mark", "test_score"], rows)


def write_teacher_diagnostics(out, district, planted):
    rows = []
    lows = {(2025, planted["B"]): {"предметный": 46, "методический": 51},
            (2024, planted["G1"]): {"методический": 49, "предметный": 58},
            (2024, planted["G2"]): {"предметный": 50, "методический": 55},
            (2025, planted["G2"]): {"предметный": 49, "методический": 54}}
    subjects = ("Математика", "Русский язык", "Начальные классы", "История", "Биология")
    for year in YEARS:
        for teacher in district.teachers:
            if teacher["subject"] not in subjects:
                continue
            rng = rng_for("diagnostics", year, teacher["teacher_id"])
            forced = (year, teacher["teacher_id"]) in lows
            if not forced and rng.random() > 0.45:
                continue
            base = rng.gauss(70, 8)
            for block in DIAGNOSTIC_BLOCKS:
                score = lows.get((year, teacher["teacher_id"]), {}).get(block)
                if score is None:
                    score = int(round(clip(base + rng.gauss(0, 8), 35, 98)))
                rows.append((year, teacher["teacher_id"], block, score, 100))
    write_csv(out, "teacher_diagnostics.csv", ["year", "teacher_id", "block", "score", "max_score"], rows)


def write_courses(out):
    write_csv(out, "courses.csv", ["course_id", "title", "skill_codes", "hours", "provider"], COURSES)


def write_course_enrolments(out, district, planted):
    rows = [(planted["G1"], PLANT_G1["course"], 2024, "completed"),
            (planted["G2"], PLANT_G2["course"], 2025, "enrolled")]
    protected = {planted["B"], planted["G1"], planted["G2"]}
    for teacher in district.teachers:
        courses = COURSES_BY_SUBJECT.get(teacher["subject"])
        if not courses or teacher["teacher_id"] in protected:
            continue
        rng = rng_for("enrolment", teacher["teacher_id"])
        if rng.random() > COURSE_UPTAKE:
            continue
        course = rng.choice(courses)
        year = rng.choice(YEARS)
        status = "completed" if year == 2024 or rng.random() < 0.6 else "enrolled"
        rows.append((teacher["teacher_id"], course, year, status))
    # the planted teacher of (b) did a course, but not one on the failing skill
    rows.append((planted["B"], "K08", 2024, "completed"))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    write_csv(out, "course_enrolments.csv", ["teacher_id", "course_id", "year", "status"], rows)


def teacher_name(district, teacher_id):
    return [t for t in district.teachers if t["teacher_id"] == teacher_id][0]["teacher_name"]


def school_name(school_id):
    return [s for s in SCHOOLS if s[0] == school_id][0][1]


def initials(full_name):
    surname, first, patronymic = full_name.split()
    return f"{surname} {first[0]}.{patronymic[0]}."


def write_recommendations(out, district, planted, facts):
    """Last year's register: recommendations issued in 2024 on the 2024 data."""
    g1, g2 = planted["G1"], planted["G2"]
    header = ["rec_id", "year", "addressee_level", "addressee_id", "finding_id", "evidence", "causes", "problem",
              "action", "action_type", "course_id", "teacher_id", "skill_code", "responsible", "due", "indicator",
              "baseline", "target", "status"]
    rows = [
        ("R2024-01", 2024, "school", PLANT_C["school"], "F2024-objectivity-S03",
         f"Математика 5: ρ Спирмена (журнал, балл) = {facts['c_rho']:.2f}, n = {facts['c_n']}; пики на границах "
         "отметок «3» и «4» в нескольких работах; средний балл выше регионального",
         "Необъективная проверка работ, «дотягивание» до порога отметки (требует проверки)",
         "Признаки необъективности результатов ВПР (методика ФИОКО: маркеры 1, 2, 4)",
         "Провести анализ случаев расхождения отметок ВПР и журнала на 2 и более балла; провести семинар по "
         "объективности оценивания; при необходимости — перекрёстная проверка работ.",
         "objectivity_review", "K09", None, None, "Администрация ОО; УО", "2025-03-01",
         "spearman_journal_score", round(facts["c_rho"], 2), 0.3, "done"),
        (PLANT_G1["rec_id"], 2024, "teacher", g1, f"F2024-teacher_support-{g1}-{PLANT_G1['skill']}",
         f"Решаемость заданий умения {PLANT_G1['skill']} (Математика 5, задания 8, 10) в 5А, 5Б: "
         f"{facts['g1_base']:.1f} % при {facts['g1_district']:.1f} % по округу, n = {facts['g1_n']}",
         "Недостаточная отработка решения текстовых задач; методические дефициты педагога (требует проверки)",
         f"Дефицит умения «{SKILLS[PLANT_G1['skill']]}» в классах учителя",
         f"Рекомендовать руководителю ОО направить учителя {initials(teacher_name(district, g1))} на КПК "
         f"«{COURSES[1][1]}»; скорректировать индивидуальный образовательный маршрут педагога.",
         "course", PLANT_G1["course"], g1, PLANT_G1["skill"], f"Директор {school_name(PLANT_G1['school'])}",
         "2024-12-20", "solve_rate", round(facts["g1_base"], 1), 60.0, "done"),
        (PLANT_G2["rec_id"], 2024, "teacher", g2, f"F2024-teacher_support-{g2}-{PLANT_G2['skill']}",
         f"Решаемость заданий умения {PLANT_G2['skill']} (Русский язык 5, задания 5, 6) в 5А, 5Б: "
         f"{facts['g2_base']:.1f} % при {facts['g2_district']:.1f} % по округу, n = {facts['g2_n']}",
         "Тема изучается обзорно, мало практических заданий на морфемный разбор (требует проверки)",
         f"Дефицит умения «{SKILLS[PLANT_G2['skill']]}» в классах учителя",
         f"Рекомендовать руководителю ОО направить учителя {initials(teacher_name(district, g2))} на КПК "
         f"«{COURSES[4][1]}»; провести заседание ШМО с анализом заданий 5 и 6.",
         "course", PLANT_G2["course"], g2, PLANT_G2["skill"], f"Директор {school_name(PLANT_G2['school'])}",
         "2024-12-20", "solve_rate", round(facts["g2_base"], 1), 60.0, "in_progress"),
        ("R2024-04", 2024, "rmo", "РМО учителей математики", "F2024-problem_task-Математика-8-16",
         f"Задание 16 (Математика 8, уровень В): решаемость {facts['m8_16']:.1f} % по округу, "
         f"{facts['m8_16_region']:.1f} % по региону",
         "Недостаточное внимание к многошаговым задачам (требует проверки)",
         f"Низкая решаемость заданий высокого уровня: «{SKILLS['М2.5.1']}»",
         "Включить в план работы РМО учителей математики разбор заданий №16 (умение: решать задачи "
         "повышенной сложности); провести практикум по решению задач данного типа.",
         "rmo_agenda", None, None, "М2.5.1", "Руководитель РМО учителей математики", "2025-01-31",
         "solve_rate", round(facts["m8_16"], 1), round(facts["m8_16"] + 5, 1), "done"),
        ("R2024-05", 2024, "school", PLANT_F["school"], "F2024-low_results-S11",
         f"Доля отметок «2» по математике 5–8: {facts['f_two']:.1f} % (округ {facts['district_two']:.1f} %), "
         f"n = {facts['f_n']}",
         "Малокомплектная сельская школа, дефицит кадров (требует проверки)",
         "Низкие результаты ВПР по математике и русскому языку",
         "Включить задания формата ВПР в текущий контроль; скорректировать рабочую программу по темам с низкой "
         "решаемостью; закрепить за ОО наставника из МБОУ Гимназия №2.",
         "program_adjustment", None, None, None, f"Директор {school_name(PLANT_F['school'])}; УО",
         "2025-05-31", "mark2_pct", round(facts["f_two"], 1), round(facts["f_two"] - 10, 1), "in_progress"),
        ("R2024-06", 2024, "rmo", "РМО учителей русского языка", "F2024-best_practice-S02",
         f"Русский язык 5–8: качество {facts['d_quality']:.1f} % при {facts['district_quality']:.1f} % по округу; "
         "отметки ВПР согласуются с журналом",
         "", "Результаты высокие и объективные", "Провести на базе МБОУ Гимназия №2 семинар-практикум для учителей "
         "русского языка по обобщению опыта подготовки к ВПР.",
         "rmo_workshop", None, None, None, "Руководитель РМО учителей русского языка", "2025-02-28",
         None, None, None, "done"),
        ("R2024-07", 2024, "shmo", f"{PLANT_F['school']}: ШМО учителей начальных классов", "F2024-low_results-S11",
         f"Русский язык 4: доля «2» {facts['f_rus4_two']:.1f} %, n = {facts['f_rus4_n']}",
         "Слабая отработка орфографических навыков (требует проверки)",
         "Низкие результаты ВПР по русскому языку в 4 классе",
         "Провести заседание ШМО с анализом проблемных заданий; организовать взаимопосещение уроков.",
         "shmo_meeting", None, None, "Р1.1.1", "Руководитель ШМО", "2024-11-30", "mark2_pct",
         round(facts["f_rus4_two"], 1), round(max(0.0, facts["f_rus4_two"] - 10), 1), "done"),
    ]
    write_csv(out, "recommendations.csv", header, rows)


# ==========================================================================
# Facts computed on the generated data (for the register and the truth)
# ==========================================================================
def solve_rate(rows, work_filter, task_filter):
    points = possible = 0
    for r in rows:
        if not r["present"] or not work_filter(r):
            continue
        for (task, max_score, level, skill), score in zip(r["work"].tasks, r["scores"]):
            if task_filter(task, skill):
                points += score or 0
                possible += max_score
    return 100.0 * points / possible if possible else float("nan")


def compute_facts(results, planted):
    f = {}
    c_rows = [r for r in results if r["present"] and r["school"] == PLANT_C["school"]
              and r["work"].key == (2024, "Математика", 5) and r["journal"] is not None]
    f["c_rho"] = spearman([r["journal"] for r in c_rows], [sum(s or 0 for s in r["scores"]) for r in c_rows])
    f["c_n"] = len(c_rows)
    g1 = lambda r: (r["work"].key == (2024, "Математика", 5))
    f["g1_base"] = solve_rate(results, lambda r: g1(r) and r["teacher"] == planted["G1"],
                              lambda t, s: s == PLANT_G1["skill"])
    f["g1_district"] = solve_rate(results, g1, lambda t, s: s == PLANT_G1["skill"])
    f["g1_n"] = sum(1 for r in results if g1(r) and r["present"] and r["teacher"] == planted["G1"])
    g2 = lambda r: (r["work"].key == (2024, "Русский язык", 5))
    f["g2_base"] = solve_rate(results, lambda r: g2(r) and r["teacher"] == planted["G2"],
                              lambda t, s: s == PLANT_G2["skill"])
    f["g2_district"] = solve_rate(results, g2, lambda t, s: s == PLANT_G2["skill"])
    f["g2_n"] = sum(1 for r in results if g2(r) and r["present"] and r["teacher"] == planted["G2"])
    m8 = lambda r: r["work"].key == (2024, "Математика", 8)
    f["m8_16"] = solve_rate(results, m8, lambda t, s: t == "16")
    f["m8_16_region"] = planted["m8_16_region"]

    def marks(filter_):
        ms = [r["work"].mark(sum(s or 0 for s in r["scores"])) for r in results if r["present"] and filter_(r)]
        return ms

    math58 = lambda r: r["work"].year == 2024 and r["work"].subject == "Математика" and r["grade"] >= 5
    m_f = marks(lambda r: math58(r) and r["school"] == PLANT_F["school"])
    m_d = marks(math58)
    f["f_two"] = 100.0 * m_f.count(2) / len(m_f)
    f["f_n"] = len(m_f)
    f["district_two"] = 100.0 * m_d.count(2) / len(m_d)
    rus4 = marks(lambda r: r["work"].key == (2024, "Русский язык", 4) and r["school"] == PLANT_F["school"])
    f["f_rus4_two"] = 100.0 * rus4.count(2) / len(rus4)
    f["f_rus4_n"] = len(rus4)
    rus58 = lambda r: r["work"].year == 2024 and r["work"].subject == "Русский язык" and r["grade"] >= 5
    q_d = marks(lambda r: rus58(r) and r["school"] == PLANT_D["school"])
    q_all = marks(rus58)
    f["d_quality"] = 100.0 * sum(1 for m in q_d if m >= 4) / len(q_d)
    f["district_quality"] = 100.0 * sum(1 for m in q_all if m >= 4) / len(q_all)
    return f


def spearman(x, y):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result

    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy)


def write_truth(out, planted, works):
    header = ["kind", "scope", "year", "subject", "grade", "school_id", "class_id", "teacher_id", "task",
              "skill_code", "note"]
    a_tasks = [t[0] for t in works[(PLANT_A["year"], PLANT_A["subject"], PLANT_A["grade"])].tasks
               if t[3] == PLANT_A["skill"]]
    rows = [
        ("skill_deficit", "district", 2025, "Математика", 6, None, None, None, None, PLANT_A["skill"],
         f"district solve rate of the skill's tasks ({', '.join(a_tasks)}; level Б) ~43% vs region ~72%"),
    ]
    for task in a_tasks:
        rows.append(("problem_task", "district", 2025, "Математика", 6, None, None, None, task, PLANT_A["skill"],
                     "level Б task below 57% in the district (~40-45%), ~28 p.p. below the region"))
    rows += [
        ("teacher_support", "teacher", 2025, PLANT_B["subject"], PLANT_B["grade"], PLANT_B["school"], None,
         planted["B"], None, PLANT_B["skill"],
         f"classes 7А and 7Б solve the skill's tasks ~34% vs district ~79%; course {PLANT_B['course']} covers "
         "the skill and was not completed by the teacher"),
        ("teacher_support", "teacher", 2024, PLANT_G1["subject"], PLANT_G1["grade"], PLANT_G1["school"], None,
         planted["G1"], None, PLANT_G1["skill"],
         f"classes 5А and 5Б weak on the skill in 2024; basis of {PLANT_G1['rec_id']}"),
        ("teacher_support", "teacher", 2024, PLANT_G2["subject"], PLANT_G2["grade"], PLANT_G2["school"], None,
         planted["G2"], None, PLANT_G2["skill"],
         f"classes 5А and 5Б weak on the skill in 2024; basis of {PLANT_G2['rec_id']}"),
        ("teacher_support", "teacher", 2025, PLANT_G2["subject"], PLANT_G2["grade"] + 1, PLANT_G2["school"], None,
         planted["G2"], None, PLANT_G2["skill"],
         f"the same cohort (6А and 6Б) still weak in 2025; course {PLANT_G2['course']} only enrolled"),
        ("clean", "teacher", 2025, PLANT_G1["subject"], PLANT_G1["grade"] + 1, PLANT_G1["school"], None,
         planted["G1"], None, PLANT_G1["skill"],
         "teacher_support must NOT be flagged: after course the cohort (6А, 6Б) is at the district level"),
        ("objectivity", "school", 2025, None, None, PLANT_C["school"], None, None, None, None,
         "markers 1+2+4: mean far above region; negative Spearman journal vs score in Математика 5 and "
         "Русский язык 6; threshold peaks at the minimum of marks 3 and 4 in the other works"),
        ("objectivity", "school", 2024, None, None, PLANT_C["school"], None, None, None, None,
         "same pattern as 2025 (the school falsifies every year); basis of R2024-01"),
        ("best_practice", "school", 2025, None, None, PLANT_D["school"], None, None, None, None,
         "gymnasium: high means in every work, journal marks agree (positive Spearman), no threshold peaks"),
        ("best_practice", "school", 2024, None, None, PLANT_D["school"], None, None, None, None,
         "gymnasium: high and objective in 2024 as well"),
        ("clean", "school", 2025, None, None, PLANT_D["school"], None, None, None, None,
         "objectivity must NOT be flagged: marker 1 (CI above region) only"),
        ("clean", "school", 2024, None, None, PLANT_D["school"], None, None, None, None,
         "objectivity must NOT be flagged: marker 1 (CI above region) only"),
        ("objectivity", "school", 2025, PLANT_E["subject"], PLANT_E["grade"] + 1, PLANT_E["school"], None, None,
         None, None, "marker 3, cohort drop: Математика 5 (2024, 5А+5Б) ~92% of max -> Математика 6 (2025, 6А+6Б) "
         "~37%; K ≈ 2.5, above P75 + 3·IQR ≈ 2.0 (other schools 1.0-1.4)"),
        ("low_results", "school", 2025, None, None, PLANT_F["school"], None, None, None, None,
         "persistently low in 2024 and 2025: mean % of max, % of «2» and quality far worse than the district in "
         "all works; small rural school, ≥10 pupils per work"),
        ("dynamics", "teacher", 2025, PLANT_G1["subject"], PLANT_G1["grade"] + 1, PLANT_G1["school"], None,
         planted["G1"], None, PLANT_G1["skill"],
         f"followed, improved: {PLANT_G1['rec_id']} (course {PLANT_G1['course']} completed 2024); cohort 5А,5Б "
         "(2024) -> 6А,6Б (2025) solve rate on the skill rose by 20+ p.p., to the district level"),
        ("dynamics", "teacher", 2025, PLANT_G2["subject"], PLANT_G2["grade"] + 1, PLANT_G2["school"], None,
         planted["G2"], None, PLANT_G2["skill"],
         f"not followed, no improvement: {PLANT_G2['rec_id']} (course {PLANT_G2['course']} enrolled, not "
         "completed); cohort 5А,5Б (2024) -> 6А,6Б (2025) solve rate on the skill unchanged (~20%), "
         "the gap to the district wider"),
    ]
    for school_id in CLEAN_SCHOOLS:
        for year in YEARS:
            rows.append(("clean", "school", year, None, None, school_id, None, None, None, None,
                         "ordinary school: objectivity must NOT be flagged (no marker 2-4 in any work)"))
    rows += [
        ("objectivity", "school", PLANT_I1["year"], None, None, PLANT_I1["school"], None, None, None, None,
         "small rural school (one class of 6-10 pupils per grade): in every work of 2025 the journal marks rank "
         f"the pupils against their ability (journal latent correlation {PLANT_I1['journal_c']}); no work has 20 "
         "pupils, so only the journal sign pooled over the school's works can see it"),
        ("objectivity", "school", PLANT_I2["year"], None, None, PLANT_I2["school"], None, None, None, None,
         f"small rural school (one class of 6-10 pupils per grade): in every work of 2025 a pupil 1 or 2 points "
         f"below a threshold of «3», «4» or «5» was lifted to it with probability {PLANT_I2['lift_p']}; "
         "no work has 20 pupils, so only the threshold sign pooled over the school's works can see it"),
        ("clean", "school", 2024, None, None, PLANT_I1["school"], None, None, None, None,
         "small school, honest in 2024 (the journal is reversed in 2025 only): objectivity must NOT be flagged"),
        ("clean", "school", 2024, None, None, PLANT_I2["school"], None, None, None, None,
         "small school, honest in 2024 (pupils lifted to the thresholds in 2025 only): objectivity must NOT be flagged"),
    ]
    for year in YEARS:
        rows.append(("clean", "school", year, None, None, SMALL_CLEAN_SCHOOL, None, None, None, None,
                     "small honest rural school (one class of 6-10 pupils per grade), the control of S21 and S22: "
                     "objectivity must NOT be flagged"))
    write_csv(out, "truth.csv", header, rows)


# ==========================================================================
def main():
    default_out = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=default_out, help="output folder (default: %(default)s)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    works = build_works()
    oge = [OgeExam(year, subject) for year in YEARS for subject in OGE]
    district = District()
    build_pupils(district)
    center_school_subject_effects(district)
    build_teachers(district)
    enforce_planted_assignments(district)
    planted = {"B": planted_teacher(district, PLANT_B, 2025),
               "G1": planted_teacher(district, PLANT_G1, 2024),
               "G2": district.assignment[(2024, PLANT_G2["school"], PLANT_G2["grade"], PLANT_G2["letters"][0],
                                          PLANT_G2["subject"])]}
    results = generate_results(district, works)

    m8 = works[(2024, "Математика", 8)]
    region_solve, _ = population_expectations([(t[1], d) for t, d in zip(m8.tasks, m8.base_difficulty)],
                                              m8.shift, theta_grid(0.0, THETA_SD))
    planted["m8_16_region"] = 100 * region_solve[[t[0] for t in m8.tasks].index("16")]
    facts = compute_facts(results, planted)

    write_schools(args.out)
    write_teachers(args.out, district)
    write_classes(args.out, district)
    write_tasks(args.out, works)
    write_task_skills(args.out)
    write_mark_scales(args.out, works, oge)
    write_vpr_results(args.out, results)
    write_vpr_task_scores(args.out, results)
    write_reference_results(args.out, works)
    write_gia_results(args.out, district, oge)
    write_teacher_diagnostics(args.out, district, planted)
    write_courses(args.out)
    write_course_enrolments(args.out, district, planted)
    write_recommendations(args.out, district, planted, facts)
    write_truth(args.out, planted, works)
    print(f"written to {args.out}: planted teachers B={planted['B']} G1={planted['G1']} G2={planted['G2']}")


if __name__ == "__main__":
    main()
