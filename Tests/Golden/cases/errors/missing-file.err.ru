cases/errors/missing-file.msoko:1:1: ошибка файла: не удаётся открыть data/vpr.cvs: нет такого файла или папки
 1 | load "data/vpr.cvs" as vpr
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~
  = возможно, имелось в виду `data/vpr.csv`?
