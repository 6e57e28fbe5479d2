cases/data/optional-bad-option.msoko:2:52: синтаксическая ошибка: неизвестный параметр загрузки `delimeter`
 2 | load "data/nothere.csv" as n with optional = true, delimeter = ";"
   |                                                    ^~~~~~~~~
  = возможно, имелось в виду `delimiter`?
