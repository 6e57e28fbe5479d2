data/bad-score.csv:3:3: ошибка: `x` in field 3 (`score`) is not an int (types sets `score` to int; use ignore_errors=true to skip such rows)
 3 | 2025,S02,x
   |          ^
cases/data/optional-bad-data.msoko:2:1: примечание: в этой инструкции
 2 | load "data/bad-score.csv" as b with optional = true, types = {score: "int"}
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
