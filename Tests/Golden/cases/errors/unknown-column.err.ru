cases/errors/unknown-column.msoko:2:13: ошибка в имени: неизвестный столбец `scool_id`
 2 | vpr | where scool_id == "S01" | count
   |             ^~~~~~~~
  = возможно, имелось в виду `school_id`?
