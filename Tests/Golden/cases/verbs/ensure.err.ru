`schools` (data/schools.csv): нет столбцов `fisoko_login`, `exam`, добавлены как `fisoko_login = text(null)`, `exam = "ВПР"`; logins are unknown
`schools` (data/schools.csv): нет столбца `n`, добавлен как `n = int(null)`
`vpr` (data/vpr.csv): нет столбцов `pct`, `half`, добавлены как `pct = primary_score * 5`, `half = pct / 2`
