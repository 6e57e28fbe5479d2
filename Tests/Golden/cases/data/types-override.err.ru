../Fixtures/corpus/csvkit/bad.csv: пропущены 3 ошибочные строки (ignore_errors = true): строка 2, строка 3, строка 4
