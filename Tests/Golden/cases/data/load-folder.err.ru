cases/data/load-folder.msoko:2:1: ошибка: `data` is a folder, not a file
 2 | load "data" as d
   | ^~~~~~~~~~~~~~~~
  = give the path of a data file inside the folder; `load "data/"` (with a slash) reads every data file in it
