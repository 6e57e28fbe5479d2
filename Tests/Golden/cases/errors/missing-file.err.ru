cases/errors/missing-file.msoko:1:1: ошибка: cannot open data/vpr.cvs: No such file or directory
 1 | load "data/vpr.cvs" as vpr
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~
  = возможно, имелось в виду `data/vpr.csv`?
