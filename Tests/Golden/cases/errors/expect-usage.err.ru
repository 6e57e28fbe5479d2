cases/errors/expect-usage.msoko:2:31: синтаксическая ошибка: неизвестный параметр `warning` для `expect`
 2 | vpr | expect count() > 0 with warning = "x"
   |                               ^~~~~~~~~~~~~
  = параметры: `error = "…"`, `note = "…"`
