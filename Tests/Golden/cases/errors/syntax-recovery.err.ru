cases/errors/syntax-recovery.msoko:2:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 2 | vpr | where mark >= | count
   |                     ^
cases/errors/syntax-recovery.msoko:3:31: синтаксическая ошибка: ожидается `)` в конце вызова `count`, найдено: `school_id`
 3 | vpr | summarize n = count( by school_id
   |                               ^~~~~~~~~
cases/errors/syntax-recovery.msoko:5:3: синтаксическая ошибка: ожидается значение, найдено: `|`
 5 |   | head 2
   |   ^
cases/errors/syntax-recovery.msoko:6:13: синтаксическая ошибка: `=` — не сравнение
 6 | vpr | where mark = 5
   |             ^~~~~~~~
  = для сравнения напишите `mark == 5`
