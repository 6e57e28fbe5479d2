../Fixtures/corpus/csvkit/bad.csv: skipped 2 bad rows (ignore_errors = true): line 2, line 3
