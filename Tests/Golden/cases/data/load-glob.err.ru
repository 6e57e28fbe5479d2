../Fixtures/multi/seed1/returned/: прочитано 11 файлов; пропущено 2: 1 файл блокировки Office, 1 — не файл данных
../Fixtures/multi/seed1/returned/~$school_2.xlsx — файл блокировки Office (книга из этой папки открыта в Excel; сохраните и закройте её, чтобы прочитать последнюю версию): не прочитан
../Fixtures/multi/seed1/returned/: не прочитаны, это не файлы данных: notes.docx
../Fixtures/multi/seed1/returned/school_1.xlsx, ../Fixtures/multi/seed1/returned/school_3.xlsx, ../Fixtures/multi/seed1/returned/school_5.xlsx и ещё 3 (6 файлов): заголовок — в строке 3 листа `Классы`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
../Fixtures/multi/seed1/returned/school_2.xlsx: заголовок — в строке 3 листа `Школа 2`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
../Fixtures/multi/seed1/returned/school_4.xlsx: заголовок — в строке 3 листа `Школа 4`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
../Fixtures/multi/seed1/returned/school_6.xlsx: заголовок — в строке 3 листа `Школа 6`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
../Fixtures/multi/seed1/returned/school_8.xlsx: заголовок — в строке 3 листа `Школа 8`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
../Fixtures/multi/seed1/returned/school_10.xlsx: заголовок — в строке 3 листа `Школа 10`; строки выше пропущены как заголовочные (выбрать: `skip = …`)
