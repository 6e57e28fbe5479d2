cases/errors/unknown-verb.msoko:2:7: ошибка в имени: неизвестный глагол `summarise`
 2 | vpr | summarise n = count() by school_id
   |       ^~~~~~~~~
  = возможно, имелось в виду `summarize`?
