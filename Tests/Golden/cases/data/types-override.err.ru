../Fixtures/corpus/csvkit/bad.csv: skipped 3 bad rows (ignore_errors = true): line 2, line 3, line 4
