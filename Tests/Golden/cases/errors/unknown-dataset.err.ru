cases/errors/unknown-dataset.msoko:2:1: ошибка в имени: неизвестный набор данных `vrp`
 2 | vrp | count
   | ^~~
  = возможно, имелось в виду `vpr`?
