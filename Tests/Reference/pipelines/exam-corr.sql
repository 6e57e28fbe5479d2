SELECT * FROM (SELECT school, count(*) AS n, corr(normexam, standLRT) AS r, avg(normexam) AS m, quantile_cont(normexam, 0.25) AS q25
FROM read_csv('{corpus}/edu/mlmRev__Exam.csv') GROUP BY school) WHERE n >= 100 ORDER BY school
