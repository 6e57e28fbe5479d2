SELECT school, sex, count(*) AS n, avg(G3) AS mean_g3, stddev_samp(G3) AS sd, var_samp(G3) AS v, median(G3) AS med,
       quantile_cont(G3, 0.1) AS q10, quantile_cont(G3, 0.9) AS q90, 100.0 * count(*) FILTER (WHERE G3 >= 10) / count(G3) AS pass,
       min(G1) AS lo, max(G2) AS hi, sum(absences) AS total
FROM read_csv('{corpus}/edu/student-por.csv') GROUP BY school, sex ORDER BY school, sex
