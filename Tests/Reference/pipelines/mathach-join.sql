SELECT s.Sector, p.Minority, count(*) AS n, avg(p.MathAch) AS mean_ach, stddev_samp(p.MathAch) AS sd, corr(p.SES, p.MathAch) AS r,
       count(DISTINCT p.School) AS schools
FROM read_csv('{corpus}/edu/nlme__MathAchieve.csv', types={'Minority': 'VARCHAR'}) p JOIN read_csv('{corpus}/edu/nlme__MathAchSchool.csv') s ON p.School = s.School
GROUP BY s.Sector, p.Minority ORDER BY s.Sector, p.Minority
