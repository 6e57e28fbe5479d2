`schools` (data/schools.csv) has no columns `fisoko_login`, `exam`: added as `fisoko_login = text(null)`, `exam = "ВПР"`; logins are unknown
`schools` (data/schools.csv) has no column `n`: added as `n = int(null)`
`vpr` (data/vpr.csv) has no columns `pct`, `half`: added as `pct = primary_score * 5`, `half = pct / 2`
