../Fixtures/corpus/csvkit/bad.csv:2:4: ошибка в данных: в строке 4 поля, а в заголовке 3 (ignore_errors=true пропустит такие строки)
 2 | 1,27,,"I'm too long!"
   |       ^~~~~~~~~~~~~~~
cases/data/ragged-row.msoko:3:1: примечание: в этой инструкции
 3 | load "../Fixtures/corpus/csvkit/bad.csv" as bad
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
