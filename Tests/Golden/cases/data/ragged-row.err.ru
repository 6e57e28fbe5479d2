../Fixtures/corpus/csvkit/bad.csv:2:4: ошибка: row has 4 fields but the header has 3 (use ignore_errors=true to skip such rows)
 2 | 1,27,,"I'm too long!"
   |       ^~~~~~~~~~~~~~~
cases/data/ragged-row.msoko:3:1: примечание: в этой инструкции
 3 | load "../Fixtures/corpus/csvkit/bad.csv" as bad
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
