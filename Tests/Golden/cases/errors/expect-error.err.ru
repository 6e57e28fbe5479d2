cases/errors/expect-error.msoko:3:7: ошибка: no VPR results for 2030 (years in the file: 2024, 2025)
 3 | vpr | expect count(if(year == 2030, 1, null)) > 0 with error = "no VPR results for 2030 (years in the file: " + list(text(year)) + ")"
   |       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
