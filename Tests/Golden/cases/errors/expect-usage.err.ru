cases/errors/expect-usage.msoko:2:31: ошибка: `expect` needs one option: `error = "…"` (stop the run) or `note = "…"` (record a limitation)
 2 | vpr | expect count() > 0 with warning = "x"
   |                               ^~~~~~~~~~~~~
  = for example `| expect count() > 0 with error = "no results for the year"`
