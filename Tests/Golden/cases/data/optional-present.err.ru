cases/data/optional-present.msoko:5:1: ошибка: cannot open data/nothere.csv: No such file or directory
 5 | load "data/nothere.csv" as n with optional = false
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
