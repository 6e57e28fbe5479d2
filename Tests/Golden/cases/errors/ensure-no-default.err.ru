cases/errors/ensure-no-default.msoko:2:18: ошибка: `ensure` needs a default for each column
 2 | schools | ensure fisoko_login
   |                  ^~~~~~~~~~~~
  = write `fisoko_login = null` (or `= int(null)`, `= "text"`)
