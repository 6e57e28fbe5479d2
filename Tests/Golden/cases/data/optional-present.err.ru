cases/data/optional-present.msoko:5:1: ошибка файла: не удаётся открыть data/nothere.csv: нет такого файла или папки
 5 | load "data/nothere.csv" as n with optional = false
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
