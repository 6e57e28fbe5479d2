cases/errors/several-errors.msoko:5:21: ошибка в имени: неизвестная функция `meen`
 5 | vpr | summarize m = meen(mark) by school_id
   |                     ^~~~
  = возможно, имелось в виду `mean`?
cases/errors/several-errors.msoko:6:19: ошибка в имени: неизвестный глагол `frobnicate`
 6 | vpr | sort mark | frobnicate
   |                   ^~~~~~~~~~
  = список глаголов: `help`
cases/errors/several-errors.msoko:7:18: ошибка типа: `round` принимает от 1 до 2 аргументов, передано 3
 7 | vpr | derive r = round(mark, 1, 2)
   |                  ^~~~~~~~~~~~~~~~~
  = вызов: round(x, digits = 0)
cases/errors/several-errors.msoko:8:39: синтаксическая ошибка: `save`: недопустимое значение `excel` параметра `dialect`
 8 | vpr | save "out/x.csv" with dialect = "excel"
   |                                       ^~~~~~~
  = допустимо: `excel-ru`, `rfc4180`
cases/errors/several-errors.msoko:9:32: ошибка типа: ключ группировки не может быть агрегатом
 9 | vpr | summarize n = count() by k = max(mark)
   |                                ^~~~~~~~~~~~~
