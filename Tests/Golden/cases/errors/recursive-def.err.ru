cases/errors/recursive-def.msoko:4:21: ошибка: функция `half_up` вызывает саму себя через `round_half`: `def` не может быть рекурсивной
 4 | def round_half(x) = half_up(x / 2)
   |                     ^~~~~~~~~~~~~~
  = распишите шаги или вычислите их один за другим с помощью `derive`
