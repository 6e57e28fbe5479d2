cases/data/optional-bad-option.msoko:2:52: ошибка: unknown load option `delimeter`
 2 | load "data/nothere.csv" as n with optional = true, delimeter = ";"
   |                                                    ^~~~~~~~~
  = возможно, имелось в виду `delimiter`?
