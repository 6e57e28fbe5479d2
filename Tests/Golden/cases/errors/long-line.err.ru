cases/errors/long-line.msoko:3:1345: ошибка в имени: неизвестный столбец `marks`
 3 | …+ 75, c76 = mark + 76, c77 = mark + 77, c78 = mark + 78, c79 = mark + 79, bad = marks + 1, e1 = mark + 1, e2 = mark + 2, e3 = mark + 3, e4 = mark + 4, e5 = mark + 5, e6 = mark + 6, e7 = mark + 7, e8 = mark + 8, e9 = mark + 9, e10 = mark + 1…
   |                                                                                  ^~~~~
  = возможно, имелось в виду `mark`?
