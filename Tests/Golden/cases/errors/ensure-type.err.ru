cases/errors/ensure-type.msoko:3:18: ошибка типа: `rural` здесь имеет тип bool, а его значение по умолчанию `0` — тип int
 3 | schools | ensure rural = 0
   |                  ^~~~~~~~~
  = задайте значение по умолчанию того же типа, что и столбец (`rural = bool(null)`), или сначала приведите столбец: `derive rural = int(rural)`
