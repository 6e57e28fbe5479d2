cases/errors/ensure-no-default.msoko:2:18: синтаксическая ошибка: `ensure` нужно значение по умолчанию для каждого столбца
 2 | schools | ensure fisoko_login
   |                  ^~~~~~~~~~~~
  = напишите `fisoko_login = null` (или `= int(null)`, `= "text"`)
