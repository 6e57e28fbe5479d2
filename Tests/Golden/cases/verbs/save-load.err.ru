записан ../../.build-golden-out/counts.csv (3 строки)
записан ../../.build-golden-out/escaped.csv (4 строки)
