../Fixtures/multi/seed1/returned/~$school_2.xlsx is an Office lock file (a workbook of the folder is open in Excel; save and close it so the file read is the last version): not read
../Fixtures/multi/seed1/returned/: not read, not data files: notes.docx
../Fixtures/multi/seed1/returned/school_1.xlsx, ../Fixtures/multi/seed1/returned/school_3.xlsx, ../Fixtures/multi/seed1/returned/school_5.xlsx and 3 more (6 files): the header is on row 3 of sheet `Классы`; the rows above were skipped as titles (`skip = …` to choose)
../Fixtures/multi/seed1/returned/school_2.xlsx: the header is on row 3 of sheet `Школа 2`; the rows above were skipped as titles (`skip = …` to choose)
../Fixtures/multi/seed1/returned/school_4.xlsx: the header is on row 3 of sheet `Школа 4`; the rows above were skipped as titles (`skip = …` to choose)
../Fixtures/multi/seed1/returned/school_6.xlsx: the header is on row 3 of sheet `Школа 6`; the rows above were skipped as titles (`skip = …` to choose)
../Fixtures/multi/seed1/returned/school_8.xlsx: the header is on row 3 of sheet `Школа 8`; the rows above were skipped as titles (`skip = …` to choose)
../Fixtures/multi/seed1/returned/school_10.xlsx: the header is on row 3 of sheet `Школа 10`; the rows above were skipped as titles (`skip = …` to choose)
