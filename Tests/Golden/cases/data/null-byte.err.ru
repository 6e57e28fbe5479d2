../Fixtures/corpus/csvkit/null_byte.csv:2:1: ошибка в данных: байт NUL: поле 1 (`a`) (байт NUL — не текст: если файл в UTF-16, укажите encoding="utf-16"; или ignore_errors=true, чтобы пропускать такие строки)
 2 | ␀,2,3
   | ^
cases/data/null-byte.msoko:1:1: примечание: в этой инструкции
 1 | load "../Fixtures/corpus/csvkit/null_byte.csv" as nb
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
