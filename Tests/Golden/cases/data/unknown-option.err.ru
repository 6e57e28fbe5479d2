cases/data/unknown-option.msoko:1:54: синтаксическая ошибка: неизвестный параметр загрузки `delimeter`
 1 | load "../Fixtures/corpus/csvkit/dummy.csv" as d with delimeter = ";"
   |                                                      ^~~~~~~~~
  = возможно, имелось в виду `delimiter`?
