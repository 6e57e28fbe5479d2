cases/errors/expect-usage.msoko:2:31: ошибка: `expect` нужен один параметр: `error = "…"` (остановить выполнение) или `note = "…"` (записать ограничение)
 2 | vpr | expect count() > 0 with warning = "x"
   |                               ^~~~~~~~~~~~~
  = например, `| expect count() > 0 with error = "no results for the year"`
