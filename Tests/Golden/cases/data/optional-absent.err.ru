data/recommendations.csv нет (optional): `last` — пустая таблица (0 строк; `rec_id`, `year`, `school_id`, `baseline`)
last: 0 строк, 4 столбца, в памяти 4 Б
data/gia_results.csv нет (optional): `gia` — пустая таблица (0 строк; `year`, `exam`); no ОГЭ/ЕГЭ results
data/task_skills.csv нет (optional): `task_skills` — пустая таблица (0 строк, без столбцов)
