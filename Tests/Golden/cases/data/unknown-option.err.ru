cases/data/unknown-option.msoko:1:54: ошибка: unknown load option `delimeter`
 1 | load "../Fixtures/corpus/csvkit/dummy.csv" as d with delimeter = ";"
   |                                                      ^~~~~~~~~
  = возможно, имелось в виду `delimiter`?
