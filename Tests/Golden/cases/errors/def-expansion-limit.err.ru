cases/errors/def-expansion-limit.msoko:19:18: ошибка: выражение раскрывает более 10000 вызовов функций `def`
 19 | vpr | derive y = d15(mark)
    |                  ^~~~~~~~~
   = последним был вызов `d2` в cases/errors/def-expansion-limit.msoko:6:21; `def`, вызывающая другую дважды, удваивает работу на каждом уровне: вычислите внутреннее значение один раз с помощью `derive`
