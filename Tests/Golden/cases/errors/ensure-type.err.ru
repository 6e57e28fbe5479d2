cases/errors/ensure-type.msoko:3:18: ошибка: `rural` is bool here, but its default `0` is int
 3 | schools | ensure rural = 0
   |                  ^~~~~~~~~
  = give a default of the column's type (`rural = bool(null)`), or convert the column first: `derive rural = int(rural)`
