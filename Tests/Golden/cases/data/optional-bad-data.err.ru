data/bad-score.csv:3:3: ошибка в данных: `x` в поле 3 (`score`) — не значение типа int (types задаёт для `score` тип int; чтобы пропускать такие строки, укажите ignore_errors=true)
 3 | 2025,S02,x
   |          ^
cases/data/optional-bad-data.msoko:2:1: примечание: в этой инструкции
 2 | load "data/bad-score.csv" as b with optional = true, types = {score: "int"}
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
