import Foundation
import Testing
@testable import MsokoKit

/// The CSV reader at its edges, on inline input. Expected values follow RFC 4180 and Python's
/// `csv` module (the quoting cases were checked with Python 3.11's `csv.reader`), and the typing
/// rules documented in CSVColumnBuilder.swift / CSVValueParsing.swift.
@Suite struct CSVReaderTests {
    typealias T = CSVTestSupport

    @Test func emptyInputIsAnEmptyTable() throws {
        let report = try T.read("")
        #expect(report.table.columnCount == 0)
        #expect(report.table.rowCount == 0)
        #expect(try T.read("\n\n\r\n").table.columnCount == 0)
    }

    @Test func headerOnly() throws {
        let report = try T.read("a,b,c\n")
        #expect(report.table.names == ["a", "b", "c"])
        #expect(report.table.rowCount == 0)
        #expect(report.header)
    }

    @Test func missingFinalNewlineAndBlankLines() throws {
        let report = try T.read("a,b\n\n1,2\n\r\n3,4")
        #expect(T.cells(report.table) == [["1", "2"], ["3", "4"]])
        #expect(report.table.columns[0].type == .int)
    }

    @Test func quotingAsPythonCSV() throws {
        // Python: list(csv.reader(io.StringIO('a,b\n"x"y,"q"""z\n', newline=''))) → ['xy', 'q"z']
        #expect(T.cells(try T.read("a,b\n\"x\"y,\"q\"\"\"z\n").table) == [["xy", "q\"z"]])
        // A quote inside an unquoted field is literal: ['ab"c', 'de"f']
        #expect(T.cells(try T.read("a,b\nab\"c,\"d\"e\"f\n").table) == [["ab\"c", "de\"f"]])
        // CR inside quotes is kept: ['x\ry', '2']
        #expect(T.cells(try T.read("a,b\r\n\"x\ry\",2\r\n").table) == [["x\ry", "2"]])
        // Delimiters and LF inside quotes.
        #expect(T.cells(try T.read("a,b\n\"1,\n2\",3\n").table) == [["1,\n2", "3"]])
    }

    @Test func lineEndings() throws {
        let expected: [[String?]] = [["1", "2"], ["3", "4"]]
        #expect(T.cells(try T.read("a,b\n1,2\n3,4\n").table) == expected)
        #expect(T.cells(try T.read("a,b\r\n1,2\r\n3,4\r\n").table) == expected)
        #expect(T.cells(try T.read("a,b\r1,2\r3,4\r").table) == expected)
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheFieldStarts() {
        // Lines: 1 `a,b`, 2 `1,2`, 3 `3,"abc` (the field starts here), 4 `def`.
        let error = T.error { try T.read("a,b\n1,2\n3,\"abc\ndef\n") }
        #expect(error?.stage == .data)
        #expect(error?.message.contains("unterminated quoted field") == true)
        #expect(error?.data?.line == 3)
        #expect(error?.data?.field == 2)
        #expect(error?.data?.lineText == "3,\"abc")
        #expect(error?.data?.caretColumn == 3)
        // ignore_errors does not hide it: the rest of the file is inside the quote.
        #expect(T.error { try T.read("a,b\n1,\"2\n") { $0.ignoreErrors = true } }?.data?.line == 2)
    }

    @Test func quotedEmptyIsEmptyTextButNullNumber() throws {
        let table = try T.read("a,b\n\"\",1\nx,\"\"\n,2\n").table
        #expect(table.columns[0].type == .text)
        #expect(table.row(0)[0] == .text(""))
        #expect(table.row(2)[0] == .null)           // unquoted empty is null
        #expect(table.columns[1].type == .int)
        #expect(table.row(1)[1] == .null)
    }

    @Test func veryLongField() throws {
        let long = String(repeating: "абв,\"\n", count: 200_000)   // 1.4 MB with quotes, commas, newlines
        let escaped = long.replacingOccurrences(of: "\"", with: "\"\"")
        let table = try T.read("a,b\n\"\(escaped)\",1\n").table
        #expect(table.row(0)[0] == .text(long))
        #expect(table.row(0)[1] == .int(1))
    }

    @Test func integersLeadingZerosAndOverflow() throws {
        // Leading zeros and a leading + make codes: text, kept exactly as written.
        let codes = try T.read("code\n007\n12\n").table
        #expect(codes.columns[0].type == .text)
        #expect(T.cells(codes) == [["007"], ["12"]])
        #expect(try T.read("phone\n+7\n8\n").table.columns[0].type == .text)
        // 64-bit limits are exact; one past them is text (long digit strings are identifiers).
        let limits = try T.read("n\n9223372036854775807\n-9223372036854775808\n0\n-5\n").table
        #expect(limits.columns[0].type == .int)
        #expect(limits.row(0)[0] == .int(Int64.max))
        #expect(limits.row(1)[0] == .int(Int64.min))
        let overflow = try T.read("n\n9223372036854775808\n1\n").table
        #expect(overflow.columns[0].type == .text)
        #expect(T.cells(overflow)[0] == ["9223372036854775808"])
        // Under an explicit double type it is a double.
        let asDouble = try T.read("n\n99999999999999999999\n") { $0.types = ["n": .double] }.table
        #expect(asDouble.row(0)[0] == .double(1e20))
    }

    @Test func intThenDoubleIsDouble() throws {
        let table = try T.read("x\n1\n2.5\n-3\n1e3\n.5\n").table
        #expect(table.columns[0].type == .double)
        #expect(table.columns[0].doubles == [1, 2.5, -3, 1000, 0.5])
        // `5.` and `00.5` are not numbers.
        #expect(try T.read("x\n1\n5.\n").table.columns[0].type == .text)
        #expect(try T.read("x\n1\n00.5\n").table.columns[0].type == .text)
    }

    @Test func doublesAreCorrectlyRounded() throws {
        // Expected: the standard library's correctly rounded Double(String), an independent parser.
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...20, using: &generator)
            var mantissa = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<digits { mantissa += String(Int.random(in: 0...9, using: &generator)) }
            let point = Int.random(in: 1...mantissa.count, using: &generator)
            var text = point == mantissa.count ? mantissa + ".0"
                : String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -30...30, using: &generator))" }
            if Bool.random(using: &generator) { text = "-" + text }
            texts.append(text)
        }
        texts += ["0.1", "0.3", "2.2250738585072014e-308", "1.7976931348623157e308", "4.9e-324", "9007199254740993.0",
                  "0.000001", "123456789012345.6", "1.00000000000000011102230246251565404236316680908203125"]
        let table = try T.read("x\n" + texts.joined(separator: "\n") + "\n").table
        #expect(table.columns[0].type == .double)
        let parsed = try #require(table.columns[0].doubles)
        for (index, text) in texts.enumerated() where index < parsed.count {
            #expect(parsed[index] == Double(text), "\(text)")
        }
    }

    @Test func nullTokensOnlyInNumericColumns() throws {
        let numeric = try T.read("a\n1\nNA\ns\n-\nн/а\n3\n").table
        #expect(numeric.columns[0].type == .int)
        #expect(T.cells(numeric) == [["1"], [nil], [nil], [nil], [nil], ["3"]])
        let text = try T.read("a\nx\nNA\n").table
        #expect(T.cells(text) == [["x"], ["NA"]])
        // Only tokens: text.
        #expect(try T.read("a,b\n1,NA\n2,NA\n").table.columns[1].type == .text)
    }

    @Test func boolsAndDates() throws {
        let table = try T.read("ok,day,ru\ntrue,2025-03-01,01.09.2024\nFALSE,,31.05.2025\n").table
        #expect(table.columns.map(\.type) == [.bool, .date, .date])
        #expect(table.row(1)[0] == .bool(false))
        #expect(table.row(0)[1] == .date(DateCodec.days(year: 2025, month: 3, day: 1)))
        #expect(table.row(1)[2] == .date(DateCodec.days(year: 2025, month: 5, day: 31)))
        #expect(table.row(1)[1] == .null)
        // An impossible date makes the column text.
        #expect(try T.read("d\n2025-02-30\n").table.columns[0].type == .text)
    }

    @Test func headerNames() throws {
        let table = try T.read(" a ,a,,a,b\n1,2,3,4,5\n").table
        #expect(table.names == ["a", "a_2", "column3", "a_3", "b"])
        // Trailing delimiter on every line: no extra column.
        let moscow = try T.read("\"x\";\"y\";\n\"1\";\"2\";\n\"3\";\"4\";\n").table
        #expect(moscow.names == ["x", "y"])
        #expect(T.cells(moscow) == [["1", "2"], ["3", "4"]])
    }

    @Test func headerSniffing() throws {
        let none = try T.read("1,2,3\n4,5,6\n")
        #expect(!none.header)
        #expect(none.table.names == ["column1", "column2", "column3"])
        #expect(none.table.rowCount == 2)
        #expect(try T.read("name,mark\nИванов,5\n").header)
        #expect(try T.read("id,2023\n1,4.5\n").header)
        #expect(try T.read("a,b\n1,2\n") { $0.header = false }.table.rowCount == 2)
    }

    @Test func delimiterAndDecimalSniffing() throws {
        let tab = try T.read("a\tb\n1,5\t2\n")
        #expect(tab.delimiter == UInt8(ascii: "\t"))
        let pipe = try T.read("a|b|c\n1|2|3\n")
        #expect(pipe.delimiter == UInt8(ascii: "|"))
        let russian = try T.read("школа;балл;доля\nS01;3,5;12,25\nS02;4;0,5\n")
        #expect(russian.delimiter == UInt8(ascii: ";"))
        #expect(russian.decimal == UInt8(ascii: ","))
        #expect(russian.table.columns[1].doubles == [3.5, 4])
        #expect(russian.table.columns[2].doubles == [12.25, 0.5])
        // Thousands with a no-break space, as Russian Excel writes it.
        let spaced = try T.read("n\n1\u{A0}234\u{A0}567\n12 000\n") { $0.thousands = UInt8(ascii: " ") }
        #expect(spaced.table.row(0)[0] == .int(1_234_567))
        #expect(spaced.table.row(1)[0] == .int(12_000))
    }

    @Test func raggedRows() throws {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
        let error = T.error { try T.read(text) }
        #expect(error?.message == "row has 2 fields but the header has 3 (use null_padding=true to read the missing fields as empty, or ignore_errors=true to skip such rows)")
        #expect(error?.data?.line == 3)
        #expect(error?.data?.field == 3)
        #expect(error?.data?.columnName == "c")
        let report = try T.read(text) { $0.ignoreErrors = true }
        #expect(report.skippedRows == 2)
        #expect(report.skippedExamples.map(\.line) == [3, 4])
        #expect(T.cells(report.table) == [["1", "2", "3"], ["10", "11", "12"]])
    }

    @Test func nullPaddingReadsShortRowsAsEmpty() throws {
        // As DuckDB's read_csv(null_padding = true): missing trailing fields are NULL.
        let text = "a,b,c\n1,2,3\n4,5\n6\n7,8,9,\n"
        let report = try T.read(text) { $0.nullPadding = true }
        #expect(T.cells(report.table) == [["1", "2", "3"], ["4", "5", nil], ["6", nil, nil], ["7", "8", "9"]])
        #expect(report.table.columns[2].type == .int)
        // A too-long row with a value in the extra field is still an error, without the hint.
        let long = T.error { try T.read("a,b\n1,2\n3,4,5\n") { $0.nullPadding = true } }
        #expect(long?.data?.line == 3)
        #expect(long?.message == "row has 3 fields but the header has 2 (use ignore_errors=true to skip such rows)")
        // Quoted empty padding is not invented: a padded text field is null, not "".
        let texts = try T.read("a;b\nx;\"\"\ny\nw;z\n") { $0.nullPadding = true }
        #expect(texts.table.columns[1].value(at: 0) == .text(""))
        #expect(texts.table.columns[1].value(at: 1) == .null)
        #expect(texts.table.columns[1].value(at: 2) == .text("z"))
    }

    @Test func spaceGroupedNumbersAreSniffedStrictly() throws {
        let nbsp = "\u{A0}", narrow = "\u{202F}"
        let text = "n;sum;code;class;phone;pair;year\n"
            + "1 234;12 345,5;0315;5 А;8 912 345 67 89;12 34;2024\n"
            + "1\(nbsp)234\(nbsp)567;-7\(narrow)000,25;0400;11 Б;8 912 345 67 80;45 67;2025\n"
            + "15;3;1234;5 А;8 912 345 67 81;1 234;2026\n"
        let report = try T.read(text)
        #expect(report.decimal == UInt8(ascii: ","))
        let table = report.table
        #expect(table.column("n")?.int64s == [1234, 1_234_567, 15])
        #expect(table.column("sum")?.doubles == [12345.5, -7000.25, 3])
        for name in ["code", "class", "phone", "pair"] { #expect(table.column(name)?.type == .text, "\(name)") }
        #expect(table.column("code")?.value(at: 0) == .text("0315"))
        #expect(table.column("pair")?.value(at: 2) == .text("1 234"))     // one grouped value among `12 34`
        #expect(table.column("year")?.type == .int)
        // A first group of four digits, a leading zero, or a group of two is not a grouped number.
        for bad in ["1234 567", "012 345", "1 23", "1 2345", "1  234", "1 234 56"] {
            let column = try T.read("x\n\(bad)\n5\n").table.columns[0]
            #expect(column.type == .text, "\(bad)")
        }
        // A decimal point file keeps `.`: `1 234.5` is a number there.
        #expect(try T.read("x,y\n\"1 234.5\",a\n").table.columns[0].doubles == [1234.5])
        // `thousands = "space"` takes the no-break spaces too.
        #expect(try T.read("x\n1\(narrow)000\n") { $0.thousands = 0x20 }.table.columns[0].int64s == [1000])
    }

    @Test func lineNumbersCountPhysicalLines() {
        // The quoted field spans lines 2–3; the short record starts on line 4 (CRLF files too).
        let error = T.error { try T.read("a,b\r\n\"x\r\ny\",1\r\n3\r\n") }
        #expect(error?.data?.line == 4)
        // With skip, skipped lines still count: the header is line 3 here.
        let skipped = T.error { try T.read("title\nsecond\na,b\n1\n") { $0.skip = 2 } }
        #expect(skipped?.data?.line == 4)
    }

    @Test func caretUnderTheFieldInCyrillicText() {
        let error = T.error { try T.read("имя,балл\nИванов,пять\n") { $0.types = ["балл": .int] } }
        #expect(error?.data?.line == 2)
        #expect(error?.data?.field == 2)
        #expect(error?.data?.columnName == "балл")
        #expect(error?.data?.caretColumn == 8)
        #expect(error?.data?.caretWidth == 4)
        #expect(error?.message.contains("`пять` in field 2 (`балл`) is not an int") == true)
    }

    @Test func explicitTypesConvertOrFail() throws {
        let text = "id,score\n1,x\n2,3\n3,NA\n"
        let error = T.error { try T.read(text) { $0.types = ["score": .int] } }
        #expect(error?.data?.line == 2)
        #expect(error?.data?.field == 2)
        let report = try T.read(text) { $0.types = ["score": .int]; $0.ignoreErrors = true }
        #expect(report.skippedRows == 1)
        #expect(T.cells(report.table) == [["2", "3"], ["3", nil]])
        // An all-null text column still has a valid placeholder code.
        let empty = try T.read("a,b\n1,\n2,\n") { $0.types = ["b": .text] }.table
        if case .text(let codes, let dictionary) = empty.columns[1].storage {
            #expect(codes.allSatisfy { Int($0) < dictionary.count })
        }
        #expect(empty.columns[1].nullCount == 2)
        // Text override keeps codes as written.
        let codes = try T.read("task\n1\n9.1\n") { $0.types = ["task": .text] }.table
        #expect(T.cells(codes) == [["1"], ["9.1"]])
        // Unknown column in types.
        let unknown = T.error { try T.read("school_id\n1\n") { $0.types = ["scool_id": .text] } }
        #expect(unknown?.stage == .name)
        #expect(unknown?.hint?.contains("school_id") == true)
    }

    @Test func nulAndInvalidBytes() throws {
        var bytes = Array("a,b,c\n1,2,3\n4,x\u{0}y,6\n7,8,9\n".utf8)
        let error = T.error { try CSVReader.read(bytes: bytes, fileName: "n.csv", options: CSVOptions()) }
        #expect(error?.message.hasPrefix("NUL byte in field 2 (`b`)") == true)
        #expect(error?.data?.line == 3)
        #expect(error?.data?.field == 2)
        var options = CSVOptions()
        options.ignoreErrors = true
        let report = try CSVReader.read(bytes: bytes, fileName: "n.csv", options: options)
        #expect(report.skippedRows == 1)
        #expect(report.table.rowCount == 2)
        // cp1251 bytes read as UTF-8: the first bad byte's line and field, and the fix.
        bytes = Array("a,b\n1,x\n2,".utf8) + [0xEF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2] + Array("\n".utf8)
        options = CSVOptions()
        options.encoding = "utf-8"
        let invalid = T.error { try CSVReader.read(bytes: bytes, fileName: "b.csv", options: options) }
        #expect(invalid?.data?.line == 3)
        #expect(invalid?.data?.field == 2)
        #expect(invalid?.message.contains("not valid UTF-8") == true)
        #expect(invalid?.message.contains("cp1251") == true)
        // Without an explicit encoding it is detected as cp1251 and decoded.
        let detected = try CSVReader.read(bytes: bytes, fileName: "b.csv", options: CSVOptions())
        #expect(detected.encoding == "cp1251")
        #expect(T.cells(detected.table)[1] == ["2", "привет"])
    }

    @Test func encodingsByName() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xDB, 0xCB, 0xCF, 0xCC, 0xC1] + [0x0A]
        var options = CSVOptions()
        options.encoding = "KOI8-R"
        let report = try CSVReader.read(bytes: bytes, fileName: "k.csv", options: options)
        // Python: bytes([0xDB, 0xCB, 0xCF, 0xCC, 0xC1]).decode('koi8_r') == 'школа'
        #expect(T.cells(report.table) == [["школа"]])
        options.encoding = "ebcdic"
        #expect(T.error { try CSVReader.read(bytes: bytes, fileName: "k.csv", options: options) }?.stage == .name)
    }

    @Test func missingFileIsAnIOError() {
        let error = T.error { try CSVReader.read(path: "/nonexistent/x.csv", options: CSVOptions()) }
        #expect(error?.stage == .io)
        #expect(error?.message.hasPrefix("cannot open /nonexistent/x.csv:") == true)
    }

    @Test func utf16WithoutBOMIsDetected() throws {
        let text = "имя,балл\nОля,5\n"
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let report = try CSVReader.read(bytes: little, fileName: "u.csv", options: CSVOptions())
        #expect(report.encoding == "utf-16le")
        #expect(report.table.names == ["имя", "балл"])
        #expect(report.table.row(0) == [.text("Оля"), .int(5)])
    }

    @Test func randomBytesNeverCrash() {
        // Inputs built from the bytes that matter to the tokenizer, the sniffers and the
        // decoders; every read must return a table or throw a MsokoError.
        let alphabet: [UInt8] = Array("\",;\t|\n\r a1.-0e".utf8) + [0x00, 0xD0, 0xBF, 0xE2, 0x80, 0xFF, 0xFE, 0x04]
        var generator = SystemRandomNumberGenerator()
        for iteration in 0..<3000 {
            let length = Int.random(in: 0...80, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            var options = CSVOptions()
            options.ignoreErrors = iteration % 2 == 0
            if iteration % 3 == 0 { options.encoding = "utf-8" }
            if iteration % 5 == 0 { options.header = false }
            if iteration % 7 == 0 { options.types = ["column1": .int] ; options.header = false }
            do {
                let report = try CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: options)
                for column in report.table.columns { #expect(column.count == report.table.rowCount) }
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
