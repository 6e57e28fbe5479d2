import Foundation
import Testing
@testable import MsokoKit

/// The CSV reader on real third-party files vendored in `Tests/Fixtures/corpus` (see its README for origins and licences). Expected
/// values come from the files themselves: csv-spectrum's JSON, csvkit's `*_converted.csv`, and
/// values read off with Python 3.11's `csv` module and codecs (quoted in the comments).
@Suite struct CSVCorpusTests {
    typealias T = CSVTestSupport

    // MARK: csv-spectrum

    @Test(arguments: ["comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
                      "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8"])
    func csvSpectrum(name: String) throws {
        guard let csv = T.path("csv-spectrum/csvs/\(name).csv"), let json = T.path("csv-spectrum/json/\(name).json") else { return }
        let report = try T.readAllText(path: csv)
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
        #expect(report.table.rowCount == expected.count)
        for (row, object) in expected.enumerated() where row < report.table.rowCount {
            #expect(Set(report.table.names) == Set(object.keys))
            for (name, value) in object {
                let cell = report.table.column(name)?.value(at: row)
                // An unquoted empty field is null; the JSON writes it as "".
                #expect((cell?.plainText ?? "<missing>") == value, "\(name) row \(row)")
            }
        }
        #expect(report.table.columns.allSatisfy { $0.type == .text || $0.type == .null })
    }

    @Test func csvSpectrumLocationCoordinates() throws {
        // The corpus copy is in fact valid UTF-8 with U+FFFD where upstream had a 0xB0 degree
        // sign, and its JSON disagrees with it (README). Expected, from Python:
        // list(csv.reader(open(path, encoding='utf-8', newline='')))[1]
        guard let csv = T.path("csv-spectrum/csvs/location_coordinates.csv") else { return }
        let report = try T.readAllText(path: csv)
        #expect(report.encoding == "utf-8")
        #expect(report.table.names == ["Contact Phone Number", "Location Coordinates", "Cities", "Counties"])
        #expect(T.cells(report.table) == [["2095257564", "37\u{FFFD}36'37.8\"N 121\u{FFFD}2'17.9\"W", "Modesto", "Stanislaus"]])
        // The same bytes with the original 0xB0 are not UTF-8: detected as Latin-1 (°).
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: csv)))
        bytes = replace(bytes, [0xEF, 0xBF, 0xBD], with: [0xB0])
        let latin = try CSVReader.read(bytes: bytes, fileName: "location_coordinates.csv", options: CSVOptions())
        #expect(latin.encoding == "latin1")
        #expect(T.cells(latin.table)[0][1] == "37°36'37.8\"N 121°2'17.9\"W")
    }

    private func replace(_ bytes: [UInt8], _ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + pattern.count <= bytes.count && Array(bytes[index..<(index + pattern.count)]) == pattern {
                out += replacement
                index += pattern.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    // MARK: edu

    @Test func studentPorCommaAndSemicolonDialectsGiveTheSameTable() throws {
        guard let comma = T.path("edu/student-por.csv"),
              let semicolon = T.path("edu/student-por.uci-original-semicolon.csv") else { return }
        let a = try T.read(path: comma)
        let b = try T.read(path: semicolon)
        #expect(a.delimiter == UInt8(ascii: ","))
        #expect(b.delimiter == UInt8(ascii: ";"))
        #expect(a.table.names == b.table.names)
        #expect(a.table.columns.map(\.type) == b.table.columns.map(\.type))
        #expect(a.table.rowCount == 649)
        #expect(b.table.rowCount == 649)
        for row in 0..<min(a.table.rowCount, b.table.rowCount) {
            #expect(a.table.row(row) == b.table.row(row), "row \(row)")
        }
        #expect(a.table.column("G3")?.type == .int)
        #expect(a.table.column("school")?.type == .text)
    }

    @Test func nycSatSuppressedValuesAreNulls() throws {
        guard let path = T.path("edu/nyc-sat-2012.csv") else { return }
        let report = try T.read(path: path)
        #expect(report.encoding == "utf-8-sig")
        #expect(report.table.names.first == "DBN")
        #expect(report.table.rowCount == 478)
        let math = try #require(report.table.column("SAT Math Avg. Score"))
        #expect(math.type == .int)
        #expect(math.nullCount > 0)   // `s` = suppressed
    }

    // MARK: csvkit

    @Test func csvkitUnicodeEncodingsGiveTheSameValues() throws {
        guard let utf8 = T.path("csvkit/test_utf8.csv"), let bom = T.path("csvkit/test_utf8_bom.csv"),
              let big = T.path("csvkit/test_utf16_big.csv"), let little = T.path("csvkit/test_utf16_little.csv") else { return }
        let reports = try [utf8, bom, big, little].map { try T.read(path: $0) }
        #expect(reports.map(\.encoding) == ["utf-8", "utf-8-sig", "utf-16be", "utf-16le"])
        // Python: the last row of each is ['4', '5', 'ʤ'].
        for report in reports {
            #expect(T.cells(report.table) == [["1", "2", "3"], ["4", "5", "ʤ"]])
        }
        #expect(reports[0].table.names == ["foo", "bar", "baz"])
        #expect(reports[1].table.names == ["foo", "bar", "baz"])
        #expect(reports[2].table.names == ["a", "b", "c"])     // the UTF-16 files name them so
        #expect(reports[3].table.names == ["a", "b", "c"])
    }

    @Test func csvkitLatin1() throws {
        guard let path = T.path("csvkit/test_latin1.csv") else { return }
        let report = try T.read(path: path) { $0.encoding = "latin1" }
        // Python: list(csv.reader(open(path, encoding='latin1')))[2] == ['4', '5', '©']
        #expect(T.cells(report.table) == [["1", "2", "3"], ["4", "5", "©"]])
        #expect(report.encoding == "latin1")
    }

    @Test func csvkitMacNewlines() throws {
        guard let path = T.path("csvkit/mac_newlines.csv") else { return }
        let report = try T.readAllText(path: path)
        // Python: [['a','b','c'], ['1','2','3'], ['Once upon\ra time','5','6']]
        #expect(report.table.names == ["a", "b", "c"])
        #expect(T.cells(report.table) == [["1", "2", "3"], ["Once upon\ra time", "5", "6"]])
    }

    @Test func csvkitLocale() throws {
        guard let path = T.path("csvkit/test_locale.csv"), let converted = T.path("csvkit/test_locale_converted.csv") else { return }
        let report = try T.read(path: path) { $0.decimal = UInt8(ascii: ","); $0.thousands = UInt8(ascii: ".") }
        let expected = try T.read(path: converted)
        #expect(report.table.names == expected.table.names)
        #expect(report.table.columns.map(\.type) == expected.table.columns.map(\.type))
        #expect(report.table.row(0) == expected.table.row(0))
        #expect(report.table.row(0) == [.double(1.7), .int(200_000_000), .null])
    }

    @Test func csvkitBadRows() throws {
        guard let path = T.path("csvkit/bad.csv") else { return }
        let error = T.error { try T.read(path: path) }
        #expect(error?.message == "row has 4 fields but the header has 3 (use ignore_errors=true to skip such rows)")
        #expect(error?.data?.file == path)
        #expect(error?.data?.line == 2)
        #expect(error?.data?.field == 4)
        #expect(error?.data?.lineText == "1,27,,\"I'm too long!\"")
        let report = try T.read(path: path) { $0.ignoreErrors = true }
        #expect(report.skippedRows == 2)
        #expect(report.skippedExamples.map(\.line) == [2, 3])
        #expect(T.cells(report.table) == [["0", "mixed types.... uh oh", "17"]])
    }

    @Test func csvkitEmptyColumnsRaggedRows() throws {
        guard let long = T.path("csvkit/test_empty_columns_long_row.csv"),
              let short = T.path("csvkit/test_empty_columns_short_row.csv"),
              let plain = T.path("csvkit/test_empty_columns.csv") else { return }
        let longError = T.error { try T.read(path: long) }
        #expect(longError?.data?.line == 2)
        #expect(longError?.data?.field == 4)
        #expect(longError?.message.hasPrefix("row has 4 fields but the header has 3") == true)
        let shortError = T.error { try T.read(path: short) }
        #expect(shortError?.data?.line == 2)
        #expect(shortError?.data?.field == 3)
        #expect(shortError?.data?.columnName == "c")
        #expect(shortError?.message.hasPrefix("row has 2 fields but the header has 3") == true)
        #expect(try T.read(path: long) { $0.ignoreErrors = true }.skippedRows == 1)
        #expect(try T.read(path: short) { $0.ignoreErrors = true }.skippedRows == 1)
        // `a,b,c,,`: the last empty name is a trailing delimiter; the other becomes column4.
        let table = try T.readAllText(path: plain).table
        #expect(table.names == ["a", "b", "c", "column4"])
        #expect(T.cells(table) == [["a", nil, nil, nil], [nil, nil, "c", nil], [nil, nil, nil, nil]])
    }

    @Test func csvkitNullByte() throws {
        guard let path = T.path("csvkit/null_byte.csv") else { return }
        let error = T.error { try T.read(path: path) }
        #expect(error?.data?.line == 2)
        #expect(error?.data?.field == 1)
        #expect(error?.data?.columnName == "a")
        #expect(error?.message.hasPrefix("NUL byte in field 1 (`a`)") == true)
        #expect(error?.data?.lineText == "\u{2400},2,3")   // the NUL shown as ␀
        #expect(try T.read(path: path) { $0.ignoreErrors = true }.skippedRows == 1)
    }

    @Test func csvkitSkipLinesAndHeaders() throws {
        guard let skip = T.path("csvkit/test_skip_lines.csv"), let noHeader = T.path("csvkit/no_header_row.csv"),
              let optional = T.path("csvkit/optional_quote_characters.csv"), let dummy = T.path("csvkit/dummy.csv"),
              let newline = T.path("csvkit/test_header_newline.csv") else { return }
        let skipped = try T.read(path: skip) { $0.skip = 3 }
        #expect(skipped.table.names == ["a", "b", "c"])
        #expect(skipped.table.row(0) == [.int(1), .int(2), .int(3)])
        let none = try T.read(path: noHeader)
        #expect(!none.header)
        #expect(none.table.names == ["column1", "column2", "column3"])
        #expect(none.table.row(0) == [.int(1), .int(2), .int(3)])
        // `"1","2","3"` is the same table as `1,2,3`.
        let quoted = try T.read(path: optional)
        let plain = try T.read(path: dummy)
        #expect(quoted.table.names == plain.table.names)
        #expect(quoted.table.row(0) == plain.table.row(0))
        // Python: [h.strip() for h in next(csv.reader(f))] == ['start \t\n\x0b\x0c\r end', 'b', 'c']
        let header = try T.read(path: newline)
        #expect(header.table.names == ["start \t\n\u{0B}\u{0C}\r end", "b", "c"])
        #expect(T.cells(header.table) == [["d", "e", "f"]])
    }

    @Test func csvkitBlanks() throws {
        // csvkit (agate) turns NA, N/A, NONE, NULL and `.` into nulls everywhere; msoko does so
        // only in numeric columns, so the two tables agree on the empty column and on the
        // shape, and these text columns keep what the file says.
        guard let blanks = T.path("csvkit/blanks.csv"), let converted = T.path("csvkit/blanks_converted.csv") else { return }
        let ours = try T.read(path: blanks).table
        let theirs = try T.read(path: converted).table
        #expect(ours.names == theirs.names)
        #expect(ours.rowCount == theirs.rowCount)
        #expect(ours.columns[0].type == .null)
        #expect(theirs.columns.allSatisfy { $0.type == .null })
        #expect(T.cells(ours) == [[nil, "NA", "N/A", "NONE", "NULL", "."]])
    }

    // MARK: ru

    @Test func ruCp1251() throws {
        guard let path = T.path("ru/dz02.csv") else { return }
        let report = try T.read(path: path)
        // Python: next(csv.reader(open(path, encoding='cp1251')))
        #expect(report.encoding == "cp1251")
        #expect(report.table.names == ["Ученик", "Алгебра", "Английский", "Биология", "География", "Геометрия"])
        #expect(report.table.rowCount == 10)
        #expect(report.table.row(0) == [.text("Башкирова"), .int(4), .int(4), .int(4), .int(4), .int(5)])
        #expect(report.table.row(9)[0] == .text("Королькова"))
    }

    @Test func ruMacCyrillicWithCROnlyLines() throws {
        guard let path = T.path("ru/Данные.csv") else { return }
        let report = try T.read(path: path)
        // Python: csv.reader(open(path, encoding='mac_cyrillic', newline=''), delimiter=';'):
        // header ['Номер', 'Количество пропусков', 'Итоговый балл'], first row ['1','8','70'],
        // last ['30','30','2'], 30 rows.
        #expect(report.encoding == "maccyrillic")
        #expect(report.delimiter == UInt8(ascii: ";"))
        #expect(report.table.names == ["Номер", "Количество пропусков", "Итоговый балл"])
        #expect(report.table.rowCount == 30)
        #expect(report.table.row(0) == [.int(1), .int(8), .int(70)])
        #expect(report.table.row(29) == [.int(30), .int(30), .int(2)])
    }

    @Test func ruMoscowEGEAllQuotedTrailingSemicolon() throws {
        guard let path = T.path("ru/data-9722-2016-10-31.csv") else { return }
        let report = try T.read(path: path)
        // Python: 627 records of 14 fields, the 14th always '' (trailing ';').
        #expect(report.delimiter == UInt8(ascii: ";"))
        #expect(report.table.names == ["signature_date", "system_object_id", "global_id", "ID", "AdmArea", "District",
                                       "EDU_NAME", "OGRN", "PASSED_NUMBER_FULL", "PASSES_OVER_220", "PASSER_UNDER_160",
                                       "YEAR", "LINK"])
        #expect(report.table.rowCount == 626)
        #expect(report.table.row(0)[0] == .text("31.10.2016 09:29:23"))
        #expect(report.table.row(0)[2] == .int(4_697_910))
        #expect(report.table.row(625)[3] == .int(6602))
        #expect(report.table.column("YEAR")?.type == .text)
    }

    @Test func ruMoscowRegistryBOMDoubledQuotesDecimalComma() throws {
        guard let path = T.path("ru/data-20130909T0800.csv") else { return }
        let report = try T.read(path: path)
        // Python (utf-8-sig, delimiter ';'): 1231 records of 16 fields (the last empty);
        // row 1: name '…школа "Гармония"', X '37,205531', Y '55,997156'; last row X '37,503847'.
        #expect(report.encoding == "utf-8-sig")
        #expect(report.decimal == UInt8(ascii: ","))
        #expect(report.table.columnCount == 15)
        #expect(report.table.names.first == "ROWNUM")
        #expect(report.table.rowCount == 1230)
        #expect(report.table.row(0)[1] == .text("Негосударственное образовательное учреждение средняя общеобразовательная школа \"Гармония\""))
        #expect(report.table.column("X")?.type == .double)
        #expect(report.table.column("X")?.value(at: 0) == .double(37.205531))
        #expect(report.table.column("Y")?.value(at: 0) == .double(55.997156))
        #expect(report.table.column("X")?.value(at: 1229) == .double(37.503847))
        #expect(report.table.column("Y")?.value(at: 1229) == .double(55.703281))
    }

    @Test func ruTask14FileNameWithSpace() throws {
        guard let path = T.path("ru/task 14.csv") else { return }
        let report = try T.read(path: path)
        // Python: header ['округ', 'фамилия', 'предмет', 'балл'], 1000 rows,
        // first ['С', 'Ученик 1', 'обществознание', '246'], last ['ЮЗ', 'Ученик 1000', 'биология', '731'].
        #expect(report.table.names == ["округ", "фамилия", "предмет", "балл"])
        #expect(report.table.rowCount == 1000)
        #expect(report.table.row(0) == [.text("С"), .text("Ученик 1"), .text("обществознание"), .int(246)])
        #expect(report.table.row(999) == [.text("ЮЗ"), .text("Ученик 1000"), .text("биология"), .int(731)])
    }

    @Test func workbooksAreRefusedWithAClearMessage() {
        guard let xlsx = T.path("ru/Данные.xlsx"), let xls = T.path("ru/Данные.xls") else { return }
        #expect(T.error { try T.read(path: xlsx) }?.message.contains("ZIP archive (an .xlsx workbook?)") == true)
        #expect(T.error { try T.read(path: xls) }?.message.contains("legacy Excel .xls") == true)
    }
}
