#!/usr/bin/env python3
"""Deterministic generator of msoko's sample district (the Datasets/ folder).

A fictional rural district, «Приозёрский муниципальный округ», with 23 schools,
its VPR results (grades 4-8), OGE results (grade 9), teachers, courses and
diagnostics, for the years 2023, 2024 and 2025.  Nothing here is real data: names,
schools and results are invented.  The register of recommendations
(recommendations.csv) is not written here: it is the one msoko itself writes in the
annual cycle (2023 -> monitored in 2024, 2024 -> monitored in 2025).

The district was first generated for 2024 and 2025; 2023 was added later without
changing a single 2024 or 2025 number (string-keyed random numbers; the 2023 classes
are the 2024 classes a grade lower, less the pupils who joined in 2024, plus the
pupils who left after 2023).  The two 2025 class-level plants (PLANT_K1, PLANT_K2)
are the only later change to 2025 data: the planted tasks of their pupils are drawn
again from a random generator of their own, so every other score stays as it was.

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
YEARS = (2023, 2024, 2025)
FIRST_YEARS = (2024, 2025)    # the years of the first version (their random draws are kept)

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
E_YEAR_CORR = 0.95          # a pupil's subject ability, year to year (2023 is drawn from 2024 backwards)
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
PUPIL_JOINED = 0.04             # share of a class that was not in it a year earlier (2023 only)
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
# g1. recommendation followed (monitored in 2025): teacher of 5А/5Б math at S01 weak on М2.2.1 in
#     2024, completes course K02 in 2024 (after the VPR), the cohort (6А/6Б) is fine in 2025
PLANT_G1 = dict(school="S01", subject="Математика", year=2024, grade=5, letters=("А", "Б"),
                skill="М2.2.1", shift=1.9, shift_after_course=-0.4, course="K02")
# g2. recommendation not followed (monitored in 2025): teacher of 5А/5Б Russian at S06 weak on
#     Р1.2.1 in 2024, only enrolled (not completed) in K05 in 2025, the cohort (6А/6Б) still weak
PLANT_G2 = dict(school="S06", subject="Русский язык", grade=5, letters=("А", "Б"),
                skill="Р1.2.1", shift={2024: 1.5, 2025: 2.6}, course="K05")
# g3. recommendation followed, monitored in 2024 from the TEACHER side: the Russian teacher of
#     S01 (the first of its three, who teaches grade 5 in 2023 and again in 2024) is weak on
#     Р1.2.1 in 2023 (a teacher support need), completes K05 (which covers Р1.2.1) in 2023, and
#     the new 5А/5Б of 2024 are at the district level on the skill (2024 data as first
#     generated).  The cohort side shows it too: Р1.2.1 is checked in Русский язык 6 (tasks 4,
#     5), and 6А/6Б of 2024 (the same pupils, the same teacher) are at the district level.
PLANT_G3 = dict(school="S01", subject="Русский язык", year=2023, grade=5, letters=("А", "Б"),
                skill="Р1.2.1", shift=2.3, course="K05", completed=2023)
# g4. recommendation not followed, no improvement (monitored in 2024): T138 of PLANT_G2 is weak on
#     Р1.2.1 in 2023 as well (5А/5Б of 2023); no course before the 2024 VPR (K05 only enrolled in
#     2025); the new 5А/5Б of 2024 are PLANT_G2's weak classes.  The cohort side (6А/6Б of 2024)
#     is at the district level by the data as first generated: a cohort-only reading would say
#     «улучшение»; the teacher side, where the course was meant to act, shows none.
PLANT_G4 = dict(school="S06", subject="Русский язык", year=2023, grade=5, letters=("А", "Б"),
                skill="Р1.2.1", shift=2.3)
# g5. the comparison group of g3/g4: the Russian teachers of grade 5 at S05 (town, 5А+5Б) and at four
#     rural schools (S07, S09, S10, S13; one teacher, one class) whose grade 5 of 2023 is moderately
#     weak on Р1.2.1 (shift in logits per school: 12-19 p.p. below the district; no support need),
#     who take no course on it, and whose new grade 5 of 2024 is 1-9 p.p. below the district by the
#     data as first generated: about half of the 2023 deficit was that year's luck.
PLANT_G5 = dict(year=2023, subject="Русский язык", grade=5, skill="Р1.2.1",
                shifts={"S05": 0.6, "S07": 2.0, "S09": 0.9, "S10": 0.6, "S13": 0.5})
# m. a school's share of «2» in one work rising over three years: S04 Математика 4 (primary
#    classes 4А/4Б; a different cohort and teacher each year): 0 % (2023, n 37) -> 8.1 % (2024,
#    n 37) -> 48.8 % (2025, n 41; Fisher's exact one-sided p = 6.6e-5); the district's share moves
#    7.3 -> 3.9 -> 8.4 %. Grade 4 so that no cohort sign of objectivity follows (grade 3 writes no ВПР).
PLANT_M = dict(school="S04", subject="Математика", grade=4, theta_shift={2023: 0.15, 2025: -1.5})
# k1. a primary class weak on one skill in 2025 (skill_deficit, scope class): S06 4Б, Математика 4,
#     М2.2.1 (tasks 3 and 8); the addressee is the primary teachers' association.
PLANT_K1 = dict(year=2025, school="S06", subject="Математика", grade=4, letter="Б", skill="М2.2.1",
                shift=1.9)
# k2. a class weak on one skill in 2025 in a rural school with one teacher of the subject (no school
#     association of math teachers): S08 8А, Математика 8, М4.3.1 (tasks 5 and 13).
PLANT_K2 = dict(year=2025, school="S08", subject="Математика", grade=8, letter="А", skill="М4.3.1",
                shift=2.2)
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

# Task catalogues: (task, max score, level, skill code).  The 2023 and 2025 variants list only
# their differences from 2024; everything is keyed by (year, subject, grade).
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
# 2023: how the catalogue differed from 2024's (2024 changed it back to the list above)
CATALOGUE_CHANGES_2023 = {
    # task 13 (area and perimeter) was a two-point item; 2024 made it one point (max 20 -> 19)
    ("Математика", 7): {"replace": {"13": [("13", 2, "П", "М5.1.1")]}},
    # tasks 4 and 5 checked each other's skill: morphemics was task 5, spelling task 4
    ("Русский язык", 7): {"replace": {"4": [("4", 2, "Б", "Р2.2.1")], "5": [("5", 2, "Б", "Р1.2.1")]}},
}
# per-task difficulty adjustments (logits) to make the catalogue look like VPR
TASK_ADJUST = {
    ("Математика", 6, "3"): 0.75, ("Математика", 6, "4"): 0.75, ("Математика", 6, "6"): 0.75,
    ("Русский язык", 7, "6"): -0.5, ("Русский язык", 7, "7.1"): -0.5, ("Русский язык", 7, "7.2"): -0.5,
    ("Математика", 5, "8"): -0.3, ("Математика", 5, "10"): -0.5,
    ("Русский язык", 5, "5"): -0.6, ("Русский язык", 5, "6"): -0.3,
    ("Русский язык", 6, "4"): -0.3, ("Русский язык", 6, "5"): -0.6,
}
# 2023 only: tasks 5 and 6 of Русский язык 5 (morphemics, Р1.2.1) were easier that year (region and
# district alike), so that the district stays sufficient on the skill with the planted g3, g4 and
# g5 classes below it
TASK_ADJUST_BY_YEAR = {
    (2023, "Русский язык", 5, "5"): -0.35, (2023, "Русский язык", 5, "6"): -0.35,
}

TASK_SKILLS_EXTRA = [
    (2023, "Математика", 5, "14", "М2.3.1"),
    (2023, "Русский язык", 4, "1", "Р2.2.1"),
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
# share of subject teachers diagnosed by the regional centre each year (fewer in 2023, the first
# year of the centre's programme)
DIAGNOSED_SHARE = {2023: 0.3, 2024: 0.45, 2025: 0.45}
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
COURSE_UPTAKE = 0.35   # share of subject teachers with a random course in 2024-2025
COURSE_UPTAKE_2023 = 0.2   # share of subject teachers who completed a random course in 2023


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
                                + TASK_ADJUST.get((subject, grade, t[0]), 0.0)
                                + TASK_ADJUST_BY_YEAR.get((year, subject, grade, t[0]), 0.0) for t in tasks]
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
    changes = {2023: CATALOGUE_CHANGES_2023, 2025: CATALOGUE_CHANGES_2025}.get(year, {})
    if (subject, grade) in changes:
        change = changes[(subject, grade)]
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
        # 2023 (added later): drawn backwards from 2024 with a generator of its own, so that the
        # draws above, hence 2024 and 2025, are what they were
        back = rng_for("pupil-2023", uid)
        self.specific[2023] = {s: E_YEAR_CORR * v + math.sqrt(1 - E_YEAR_CORR ** 2) * back.gauss(0, 1)
                               for s, v in first.items()}

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


def cohort_of(year, grade):
    """Cohorts are keyed by their grade in 2024: grade 5 of 2023 and grade 7 of 2025 are cohort 6."""
    return grade + 2024 - year


def build_pupils(district):
    """Cohorts are keyed by their grade in 2024 (3..10): 3 appears only in 2025 (as grade 4), 10
    only in 2023 (as grade 9).  A 2023 class is its 2024 class less the pupils who joined in 2024
    (PUPIL_JOINED), plus the pupils who left after 2023 (PUPIL_LEAVES), drawn from generators of
    their own so that 2024 and 2025 stay as they were."""
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
        for letter in letters:
            # 2023: grades 4-8 are cohorts 5-9 a year earlier
            for cohort in range(5, 10):
                rng = rng_for("cohort-2023", school_id, cohort, letter)
                later = district.classes[(2024, school_id, cohort, letter)]
                pupils = [p for p in later if rng.random() >= PUPIL_JOINED]
                leavers = sum(1 for _ in later if rng.random() < PUPIL_LEAVES)
                pupils += [Pupil(f"{school_id}-{cohort}{letter}-p{i}", rng) for i in range(leavers)]
                district.classes[(2023, school_id, cohort - 1, letter)] = pupils
            # grade 9 of 2023 (cohort 10) left school before 2024 (OGE only)
            rng = rng_for("cohort", school_id, 10, letter)
            district.class_effect[(school_id, 10, letter)] = rng.gauss(0, CLASS_SD)
            size = rng.randint(size_low, size_high)
            district.classes[(2023, school_id, 9, letter)] = [Pupil(f"{school_id}-10{letter}-{i}", rng)
                                                              for i in range(size)]


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
                # 2023: grade 4 was taught by the teacher who took grade 1 in 2024 (a 4-year cycle)
                district.assignment[(2023, school_id, 4, letter, subject)] = primary[(1, letter)]
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
            # 2023: the classes had the same teachers a grade lower; grade 9 of 2023 in a basic
            # school (cohort 10, gone by 2024) had the teacher who took the new grade 5 in 2024
            for letter in letters:
                for grade in range(5, 10):
                    cohort = cohort_of(2023, grade)
                    district.assignment[(2023, school_id, grade, letter, subject)] = \
                        owner.get((cohort, letter), owner[(5, letter)])
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
             (PLANT_G2, 2024, PLANT_G2["grade"]), (PLANT_G2, 2025, PLANT_G2["grade"] + 1),
             (PLANT_G3, 2023, PLANT_G3["grade"]), (PLANT_G3, 2024, PLANT_G3["grade"]),
             (PLANT_G3, 2024, PLANT_G3["grade"] + 1),
             (PLANT_G4, 2023, PLANT_G4["grade"]), (PLANT_G4, 2024, PLANT_G4["grade"] + 1))
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
    cohort_grade = {2024: PLANT_G1["grade"], 2025: PLANT_G1["grade"] + 1}.get(year)
    if (subject, grade, school_id, skill) == (PLANT_G1["subject"], cohort_grade, PLANT_G1["school"],
                                              PLANT_G1["skill"]) and letter in PLANT_G1["letters"]:
        shift += PLANT_G1["shift"] if year == PLANT_G1["year"] else PLANT_G1["shift_after_course"]
    cohort_grade = {2024: PLANT_G2["grade"], 2025: PLANT_G2["grade"] + 1}.get(year)
    if (subject, grade, school_id, skill) == (PLANT_G2["subject"], cohort_grade, PLANT_G2["school"],
                                              PLANT_G2["skill"]) and letter in PLANT_G2["letters"]:
        shift += PLANT_G2["shift"][year]
    for plant in (PLANT_G3, PLANT_G4):
        if (year, subject, grade, school_id, skill) == (plant["year"], plant["subject"], plant["grade"],
                                                        plant["school"], plant["skill"]) \
                and letter in plant["letters"]:
            shift += plant["shift"]
    if (year, subject, grade, skill) == (PLANT_G5["year"], PLANT_G5["subject"], PLANT_G5["grade"],
                                         PLANT_G5["skill"]):
        shift += PLANT_G5["shifts"].get(school_id, 0.0)
    return shift


def pupil_theta(district, year, school_id, grade, letter, subject, pupil, teacher_id):
    cohort = cohort_of(year, grade)
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


def plant_class_deficit(work, school_id, letter, pupil, theta, scores):
    """PLANT_K1, PLANT_K2 (2025, added after 2025 was first generated): the planted skill's tasks of
    the class's pupils are drawn again, with the shift, from a generator of their own; the pupil's
    main generator has drawn every task as before, so the other tasks keep their scores."""
    for plant in (PLANT_K1, PLANT_K2):
        if (work.key, school_id, letter) != ((plant["year"], plant["subject"], plant["grade"]), plant["school"],
                                              plant["letter"]):
            continue
        for i, (task, max_score, level, skill) in enumerate(work.tasks):
            if skill == plant["skill"]:
                rng = rng_for("class-plant", *work.key, pupil.uid, task)
                scores[i] = draw_item(rng, theta, work.difficulty(i) + plant["shift"], max_score, level)


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
                            if (school_id, actual, grade) == (PLANT_M["school"], PLANT_M["subject"], PLANT_M["grade"]):
                                theta += PLANT_M["theta_shift"].get(year, 0.0)
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
                                plant_class_deficit(work, school_id, letter, pupil, theta + boost, scores)
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
            (2025, planted["G2"]): {"предметный": 49, "методический": 54},
            (2023, planted["G3"]): {"методический": 52, "предметный": 60},
            (2023, planted["G4"]): {"предметный": 51, "методический": 53}}
    subjects = ("Математика", "Русский язык", "Начальные классы", "История", "Биология")
    for year in YEARS:
        for teacher in district.teachers:
            if teacher["subject"] not in subjects:
                continue
            rng = rng_for("diagnostics", year, teacher["teacher_id"])
            forced = (year, teacher["teacher_id"]) in lows
            if not forced and rng.random() > DIAGNOSED_SHARE[year]:
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
            (planted["G2"], PLANT_G2["course"], 2025, "enrolled"),
            (planted["G3"], PLANT_G3["course"], PLANT_G3["completed"], "completed")]
    protected = {planted["B"], planted["G1"], planted["G2"]}
    for teacher in district.teachers:
        courses = COURSES_BY_SUBJECT.get(teacher["subject"])
        if not courses or teacher["teacher_id"] in protected:
            continue
        rng = rng_for("enrolment", teacher["teacher_id"])
        if rng.random() > COURSE_UPTAKE:
            continue
        course = rng.choice(courses)
        year = rng.choice(FIRST_YEARS)
        status = "completed" if year == 2024 or rng.random() < 0.6 else "enrolled"
        rows.append((teacher["teacher_id"], course, year, status))
    # 2023 (added later, a generator of its own): courses completed in 2023; none for the planted
    # teachers and the comparison group of g3/g4 (no course on their skill)
    protected_2023 = protected | {planted["G3"], planted["G4"]} | set(planted["G5"].values())
    for teacher in district.teachers:
        courses = COURSES_BY_SUBJECT.get(teacher["subject"])
        if not courses or teacher["teacher_id"] in protected_2023:
            continue
        rng = rng_for("enrolment-2023", teacher["teacher_id"])
        if rng.random() > COURSE_UPTAKE_2023:
            continue
        rows.append((teacher["teacher_id"], rng.choice(courses), 2023, "completed"))
    # the planted teacher of (b) did a course, but not one on the failing skill
    rows.append((planted["B"], "K08", 2024, "completed"))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    write_csv(out, "course_enrolments.csv", ["teacher_id", "course_id", "year", "status"], rows)


# ==========================================================================
# Figures on the generated data (for the notes of truth.csv)
# ==========================================================================
def skill_rate(results, key, skill, keep=lambda r: True):
    """Solve rate (Σ points / Σ max, blanks 0) of a skill's tasks (main skill) and the pupils behind it."""
    points = possible = n = 0
    for r in results:
        if not r["present"] or r["work"].key != key or not keep(r):
            continue
        n += 1
        for (task, max_score, level, skill_code), score in zip(r["work"].tasks, r["scores"]):
            if skill_code == skill:
                points += score or 0
                possible += max_score
    return (100.0 * points / possible if possible else float("nan")), n


def mark2_pct(results, key, school_id):
    marks = [r["work"].mark(sum(s or 0 for s in r["scores"])) for r in results
             if r["present"] and r["work"].key == key and r["school"] == school_id]
    return 100.0 * marks.count(2) / len(marks), len(marks)


def teacher_gap(results, key, skill, teacher_id):
    rate, n = skill_rate(results, key, skill, lambda r: r["teacher"] == teacher_id)
    district, _ = skill_rate(results, key, skill)
    return rate - district, rate, district, n


def write_truth(out, planted, works, results):
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
         f"classes 5А and 5Б weak on the skill in 2024; the 2024 register's recommendation (course "
         f"{PLANT_G1['course']}) is monitored in 2025"),
        ("teacher_support", "teacher", 2024, PLANT_G2["subject"], PLANT_G2["grade"], PLANT_G2["school"], None,
         planted["G2"], None, PLANT_G2["skill"],
         f"classes 5А and 5Б weak on the skill in 2024 (as in 2023, g4); the 2024 register's recommendation "
         f"(course {PLANT_G2['course']}) is monitored in 2025"),
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
         "same pattern as 2025 (the school falsifies every year)"),
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
         f"followed, improved: the 2024 recommendation (course {PLANT_G1['course']}) followed, the course "
         f"completed in 2024; cohort 5А,5Б "
         "(2024) -> 6А,6Б (2025) solve rate on the skill rose by 20+ p.p., to the district level"),
        ("dynamics", "teacher", 2025, PLANT_G2["subject"], PLANT_G2["grade"] + 1, PLANT_G2["school"], None,
         planted["G2"], None, PLANT_G2["skill"],
         f"not followed, no improvement: the 2024 recommendation (course {PLANT_G2['course']}) not followed, "
         "the course only enrolled in 2025, not completed; cohort 5А,5Б (2024) -> 6А,6Б (2025) solve rate on "
         "the skill unchanged (~20%), the gap to the district wider"),
    ]
    for school_id in CLEAN_SCHOOLS:
        for year in FIRST_YEARS:
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
    for year in FIRST_YEARS:
        rows.append(("clean", "school", year, None, None, SMALL_CLEAN_SCHOOL, None, None, None, None,
                     "small honest rural school (one class of 6-10 pupils per grade), the control of S21 and S22: "
                     "objectivity must NOT be flagged"))
    rows += truth_2023_cycle(planted, works, results)
    write_csv(out, "truth.csv", header, rows)


def truth_2023_cycle(planted, works, results):
    """The rows added with 2023: the 2023 findings, the 2024 monitoring of the 2023 register (g3, g4 and
    their comparison group g5) and the later plants (m, k1, k2)."""
    rows = []
    skill, subject, grade = PLANT_G3["skill"], PLANT_G3["subject"], PLANT_G3["grade"]
    before, after = (2023, subject, grade), (2024, subject, grade)
    g3, g4 = planted["G3"], planted["G4"]
    skill_tasks = ", ".join(t[0] for t in works[before].tasks if t[3] == skill)
    up_tasks = ", ".join(t[0] for t in works[(2024, subject, grade + 1)].tasks if t[3] == skill)
    comparison = []
    for school_id, teacher_id in sorted(planted["G5"].items()):
        b, a = teacher_gap(results, before, skill, teacher_id)[0], teacher_gap(results, after, skill, teacher_id)[0]
        comparison.append((school_id, teacher_id, b, a))
    cmp_change = sum(a - b for *_, b, a in comparison) / len(comparison)

    def sides(plant, teacher_id):
        gb, rb, db, nb = teacher_gap(results, before, skill, teacher_id)
        ga, ra, da, na = teacher_gap(results, after, skill, teacher_id)
        keep = lambda r: r["school"] == plant["school"] and r["letter"] in plant["letters"]
        cb = skill_rate(results, before, skill, keep)[0] - skill_rate(results, before, skill)[0]
        ca = skill_rate(results, (2024, subject, grade + 1), skill, keep)[0] \
            - skill_rate(results, (2024, subject, grade + 1), skill)[0]
        return gb, rb, db, nb, ga, ra, da, na, cb, ca

    for plant, teacher_id, tail in ((PLANT_G3, g3, f"the teacher completed course {PLANT_G3['course']} (covers "
                                     f"the skill) later in 2023, after the VPR (g3)"),
                                    (PLANT_G4, g4, f"course {PLANT_G3['course']} covers the skill; not taken "
                                     "before 2024 (only enrolled in 2025) (g4)")):
        gb, rb, db, nb, *_ = sides(plant, teacher_id)
        rows.append(("teacher_support", "teacher", 2023, subject, grade, plant["school"], None, teacher_id, None,
                     skill, f"classes 5А and 5Б solve the skill's tasks ({skill_tasks}) at ~{rb:.0f}% vs district "
                     f"~{db:.0f}% (n = {nb}), other tasks near the district; {tail}"))
    gb, rb, db, nb, ga, ra, da, na, cb, ca = sides(PLANT_G3, g3)
    rows.append(("dynamics", "teacher", 2024, subject, grade, PLANT_G3["school"], None, g3, None, skill,
                 f"followed, improved: the 2023 recommendation (course {PLANT_G3['course']}) followed, the course "
                 f"completed in 2023. Teacher side: the teacher's grade 5 (5А, 5Б) gap to the district {gb:+.0f} p.p. "
                 f"(2023, ~{rb:.0f}% vs ~{db:.0f}%) -> new 5А, 5Б {ga:+.0f} p.p. (2024, ~{ra:.0f}% vs ~{da:.0f}%): "
                 f"{ga - gb:+.0f} p.p. vs {cmp_change:+.0f} p.p. in the comparison group (g5: same deficit in 2023, "
                 f"no course) - improved. Cohort side shows it too: 5А, 5Б (2023) -> 6А, 6Б (2024, the same "
                 f"teacher; Русский язык 6 tasks {up_tasks}) gap {cb:+.0f} -> {ca:+.0f} p.p."))
    gb, rb, db, nb, ga, ra, da, na, cb, ca = sides(PLANT_G4, g4)
    rows.append(("dynamics", "teacher", 2024, subject, grade, PLANT_G4["school"], None, g4, None, skill,
                 f"not followed, no improvement: the 2023 recommendation (course {PLANT_G3['course']}) not followed, "
                 f"no course before 2024 (only enrolled in 2025). Teacher side: grade 5 (5А, 5Б) gap {gb:+.0f} p.p. "
                 f"(2023) -> new 5А, 5Б {ga:+.0f} p.p. (2024, still a support need): {ga - gb:+.0f} p.p. vs "
                 f"{cmp_change:+.0f} p.p. in the comparison group (g5) - no improvement. The cohort side does NOT "
                 f"show it: 5А, 5Б (2023) -> 6А, 6Б (2024; Русский язык 6 tasks {up_tasks}) gap {cb:+.0f} -> "
                 f"{ca:+.0f} p.p., at the district level; a cohort-only reading would say «улучшение»"))
    for school_id, teacher_id, b, a in comparison:
        n = teacher_gap(results, before, skill, teacher_id)[3]
        rows.append(("clean", "teacher", 2023, subject, grade, school_id, None, teacher_id, None, skill,
                     f"comparison group of the 2024 monitoring (g5): grade 5 of 2023 {b:+.0f} p.p. to the district on "
                     f"the skill (n = {n}), no course on it; grade 5 of 2024 {a:+.0f} p.p. (the group as a whole "
                     "recovers about half of its 2023 deficit); a moderate deficit: teacher_support must NOT be flagged"))
    # objectivity and school levels in 2023 (and the 2024 findings that need 2023)
    rows += [
        ("objectivity", "school", 2023, None, None, PLANT_C["school"], None, None, None, None,
         "same pattern as 2024 and 2025 (the school falsifies every year): markers 1+2+4"),
        ("best_practice", "school", 2023, None, None, PLANT_D["school"], None, None, None, None,
         "gymnasium: high and objective in 2023 as well"),
        ("clean", "school", 2023, None, None, PLANT_D["school"], None, None, None, None,
         "objectivity must NOT be flagged: marker 1 (CI above region) only"),
    ]
    rows.append(("objectivity", "school", 2024, PLANT_E["subject"], PLANT_E["grade"], PLANT_E["school"], None, None,
                 None, None, "marker 3, cohort rise: Математика 4 (2023, 4А+4Б, honest) -> Математика 5 (2024, 5А+5Б, "
                 "inflated, ~92% of max); K far below P25 - 3·IQR (the other side of the 2025 cohort drop)"))
    rows.append(("low_results", "school", 2024, None, None, PLANT_F["school"], None, None, None, None,
                 "persistently low in 2023 and 2024 (as in 2025): mean % of max, % of «2» and quality far worse than "
                 "the district in all works"))
    for school_id in CLEAN_SCHOOLS + (PLANT_I1["school"], PLANT_I2["school"], SMALL_CLEAN_SCHOOL):
        rows.append(("clean", "school", 2023, None, None, school_id, None, None, None, None,
                     "honest in 2023: objectivity must NOT be flagged (no marker 2-4 in any work, no pooled sign)"))
    # m: a school's share of «2» rising in one work
    key = (PLANT_M["subject"], PLANT_M["grade"])
    shares = [mark2_pct(results, (year,) + key, PLANT_M["school"]) for year in YEARS]
    district = []
    for year in YEARS:
        marks = [r["work"].mark(sum(s or 0 for s in r["scores"])) for r in results
                 if r["present"] and r["work"].key == (year,) + key]
        district.append(100.0 * marks.count(2) / len(marks))
    rows.append(("dynamics", "school", 2025, PLANT_M["subject"], PLANT_M["grade"], PLANT_M["school"], None, None, None,
                 None, "indicator mark2_pct: share of «2» in " f"{key[0]} {key[1]} "
                 + " -> ".join(f"{v:.1f}% ({y}, n = {n})" for y, (v, n) in zip(YEARS, shares))
                 + f", {shares[2][0] - shares[1][0]:+.1f} p.p. in the last year (district "
                 + " / ".join(f"{v:.1f}%" for v in district) + "); the school's other works unchanged"))
    # k1, k2: class skill deficits of 2025
    for plant, teacher_key, addressee in (
            (PLANT_K1, "K1", "a primary class: the recommendation goes to the school's association of primary "
                             "teachers (ШМО учителей начальных классов)"),
            (PLANT_K2, "K2", "the school has one teacher of the subject (teachers.csv), so no school association: "
                             "the recommendation goes to the teacher and the district association (РМО)")):
        key = (plant["year"], plant["subject"], plant["grade"])
        keep = lambda r, p=plant: r["school"] == p["school"] and r["letter"] == p["letter"]
        rate, n = skill_rate(results, key, plant["skill"], keep)
        district_rate, _ = skill_rate(results, key, plant["skill"])
        tasks_ = ", ".join(t[0] for t in works[key].tasks if t[3] == plant["skill"])
        rows.append(("skill_deficit", "class", plant["year"], plant["subject"], plant["grade"], plant["school"],
                     f"{plant['grade']}{plant['letter']}", planted[teacher_key], None, plant["skill"],
                     f"class solves the skill's tasks ({tasks_}) at ~{rate:.0f}% vs district ~{district_rate:.0f}% "
                     f"(n = {n}); {addressee}"))
    return rows


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
                                          PLANT_G2["subject"])],
               "G3": planted_teacher(district, PLANT_G3, 2023),
               "G4": planted_teacher(district, PLANT_G4, 2023),
               "G5": {school_id: district.assignment[(PLANT_G5["year"], school_id, PLANT_G5["grade"], "А",
                                                      PLANT_G5["subject"])] for school_id in PLANT_G5["shifts"]},
               "K1": district.assignment[(PLANT_K1["year"], PLANT_K1["school"], PLANT_K1["grade"], PLANT_K1["letter"],
                                          PLANT_K1["subject"])],
               "K2": district.assignment[(PLANT_K2["year"], PLANT_K2["school"], PLANT_K2["grade"], PLANT_K2["letter"],
                                          PLANT_K2["subject"])]}
    # g3 and g4 teach grade 5 in 2023 and again in 2024 (the monitoring's teacher side); g4 is g2's teacher
    assert planted["G3"] == planted_teacher(district, PLANT_G3, 2024), "g3 must teach grade 5 in 2024 too"
    assert planted["G4"] == planted["G2"], "g4 is the teacher of g2"
    results = generate_results(district, works)

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
    write_truth(args.out, planted, works, results)
    print(f"written to {args.out}: planted teachers B={planted['B']} G1={planted['G1']} G2={planted['G2']} "
          f"G3={planted['G3']} G4={planted['G4']} G5={planted['G5']} K1={planted['K1']} K2={planted['K2']}")


if __name__ == "__main__":
    main()
