cases/errors/bad-param.msoko:2:21: ошибка в имени: неизвестный параметр `$yaer`
 2 | vpr | where year == $yaer | count
   |                     ^~~~~
  = объявите его (`param yaer = …`) или передайте `--param yaer=…`
