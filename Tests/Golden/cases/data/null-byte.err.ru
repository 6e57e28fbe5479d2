../Fixtures/corpus/csvkit/null_byte.csv:2:1: ошибка: NUL byte in field 1 (`a`) (a NUL is not text: if the file is UTF-16, use encoding="utf-16"; or ignore_errors=true to skip such rows)
 2 | ␀,2,3
   | ^
cases/data/null-byte.msoko:1:1: примечание: в этой инструкции
 1 | load "../Fixtures/corpus/csvkit/null_byte.csv" as nb
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
