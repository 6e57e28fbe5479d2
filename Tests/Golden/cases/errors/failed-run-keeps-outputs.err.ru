cases/errors/failed-run-keeps-outputs.msoko:3:17: ошибка в имени: неизвестный столбец `nonexistent`
 3 | schools | where nonexistent > 1
   |                 ^~~~~~~~~~~
  = столбцы здесь: `school_id`, `school_name`, `settlement`, `school_type`, `rural`
