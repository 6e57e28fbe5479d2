cases/errors/too-many-errors.msoko:2:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 2 | vpr | where mark >= | head 1
   |                     ^
cases/errors/too-many-errors.msoko:3:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 3 | vpr | where mark >= | head 2
   |                     ^
cases/errors/too-many-errors.msoko:4:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 4 | vpr | where mark >= | head 3
   |                     ^
cases/errors/too-many-errors.msoko:5:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 5 | vpr | where mark >= | head 4
   |                     ^
cases/errors/too-many-errors.msoko:6:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 6 | vpr | where mark >= | head 5
   |                     ^
cases/errors/too-many-errors.msoko:7:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 7 | vpr | where mark >= | head 6
   |                     ^
cases/errors/too-many-errors.msoko:8:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 8 | vpr | where mark >= | head 7
   |                     ^
cases/errors/too-many-errors.msoko:9:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 9 | vpr | where mark >= | head 8
   |                     ^
cases/errors/too-many-errors.msoko:10:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 10 | vpr | where mark >= | head 9
    |                     ^
cases/errors/too-many-errors.msoko:11:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 11 | vpr | where mark >= | head 10
    |                     ^
cases/errors/too-many-errors.msoko:12:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 12 | vpr | where mark >= | head 11
    |                     ^
cases/errors/too-many-errors.msoko:13:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 13 | vpr | where mark >= | head 12
    |                     ^
cases/errors/too-many-errors.msoko:14:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 14 | vpr | where mark >= | head 13
    |                     ^
cases/errors/too-many-errors.msoko:15:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 15 | vpr | where mark >= | head 14
    |                     ^
cases/errors/too-many-errors.msoko:16:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 16 | vpr | where mark >= | head 15
    |                     ^
cases/errors/too-many-errors.msoko:17:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 17 | vpr | where mark >= | head 16
    |                     ^
cases/errors/too-many-errors.msoko:18:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 18 | vpr | where mark >= | head 17
    |                     ^
cases/errors/too-many-errors.msoko:19:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 19 | vpr | where mark >= | head 18
    |                     ^
cases/errors/too-many-errors.msoko:20:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 20 | vpr | where mark >= | head 19
    |                     ^
cases/errors/too-many-errors.msoko:21:21: синтаксическая ошибка: ожидается значение, найдено: `|`
 21 | vpr | where mark >= | head 20
    |                     ^
синтаксическая ошибка: … и ещё 5 ошибок
