cases/errors/first-error-stops.msoko:3:17: ошибка типа: нельзя сравнить bool `rural` с text `"да"`
 3 | schools | where rural == "да" | count
   |                 ^~~~~~~~~~~~~
