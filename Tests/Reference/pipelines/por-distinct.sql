SELECT DISTINCT Mjob, Fjob FROM read_csv('{corpus}/edu/student-por.csv') ORDER BY Mjob, Fjob
