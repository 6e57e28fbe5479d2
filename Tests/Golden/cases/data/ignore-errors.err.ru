../Fixtures/corpus/csvkit/bad.csv: пропущены 2 ошибочные строки (ignore_errors = true): строка 2, строка 3
