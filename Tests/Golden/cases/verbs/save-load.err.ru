записан файл ../../.build-golden-out/counts.csv (3 строки)
записан файл ../../.build-golden-out/escaped.csv (4 строки)
