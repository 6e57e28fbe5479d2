cases/errors/type-mismatch.msoko:2:13: ошибка типа: нельзя сравнить text `school_id` с int `5`
 2 | vpr | where school_id == 5 | count
   |             ^~~~~~~~~~~~~~
  = сравните с текстом: `school_id == "5"`
