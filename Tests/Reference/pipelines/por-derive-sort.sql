SELECT school, sex, age, avg, gap FROM (
  SELECT *, (G1 + G2 + G3) / 3 AS avg, G3 - G1 AS gap, row_number() OVER () AS rn FROM read_csv('{corpus}/edu/student-por.csv'))
ORDER BY avg DESC, gap, rn LIMIT 15
