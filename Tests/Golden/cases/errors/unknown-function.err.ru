cases/errors/unknown-function.msoko:2:21: ошибка в имени: неизвестная функция `maen`
 2 | vpr | summarize m = maen(mark) by school_id
   |                     ^~~~
  = возможно, имелось в виду `mean`?
