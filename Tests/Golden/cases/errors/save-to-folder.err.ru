cases/errors/save-to-folder.msoko:3:16: ошибка файла: нельзя сохранить в `data`: это папка
 3 | schools | save "data"
   |                ^~~~~~
  = укажите имя файла внутри неё, например `data/result.csv`
