data/recommendations.csv is absent (optional): `last` is an empty table (0 rows; `rec_id`, `year`, `school_id`, `baseline`)
data/gia_results.csv is absent (optional): `gia` is an empty table (0 rows; `year`, `exam`); no ОГЭ/ЕГЭ results
data/task_skills.csv is absent (optional): `task_skills` is an empty table (0 rows, no columns)
