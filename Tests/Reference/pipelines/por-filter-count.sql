SELECT school, address, count(*) AS n FROM read_csv('{corpus}/edu/student-por.csv')
WHERE age >= 18 AND Medu IN (3, 4) AND NOT (internet = 'no') GROUP BY school, address ORDER BY school, address
