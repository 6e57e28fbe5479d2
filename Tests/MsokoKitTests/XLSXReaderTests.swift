import Foundation
import Testing
@testable import MsokoKit

/// The workbook reader against workbooks nobody on this project wrote (csvkit's examples and a
/// real Russian workbook, with the expected results that came with them), hand-made packages
/// for each edge, and broken files.
@Suite struct XLSXReaderTests {
    typealias Support = XLSXTestSupport

    // MARK: csvkit

    /// csvkit's expected conversion, compared value by value: empty ↔ null, dates as ISO text,
    /// date-times as `YYYY-MM-DDTHH:MM:SS`, `True`/`False` ↔ booleans, numbers numerically.
    func expectMatches(_ table: Table, csv: URL, unnamedColumns: Set<Int> = []) throws {
        let expected = try Support.plainCSV(csv)
        #expect(table.columnCount == expected.header.count)
        for (index, name) in expected.header.enumerated() where index < table.columnCount && !unnamedColumns.contains(index) {
            #expect(table.names[index] == name)
        }
        #expect(table.rowCount == expected.rows.count)
        for (rowIndex, row) in expected.rows.enumerated() where rowIndex < table.rowCount {
            for (columnIndex, text) in row.enumerated() where columnIndex < table.columnCount {
                let value = table.columns[columnIndex].value(at: rowIndex)
                let place = "row \(rowIndex + 1), column \(table.names[columnIndex])"
                switch value {
                case .null: #expect(text.isEmpty, "\(place): expected \(text), got null")
                case .int, .double:
                    let expectedNumber = Double(text)
                    #expect(expectedNumber != nil, "\(place): expected \(text), got \(value)")
                    if let expectedNumber, let actual = value.asDouble {
                        #expect(abs(expectedNumber - actual) <= 1e-9 * max(1, abs(expectedNumber)), "\(place)")
                    }
                case .bool(let flag): #expect(text == (flag ? "True" : "False"), "\(place)")
                case .date, .text: #expect(value.plainText == text, "\(place): expected \(text), got \(value.plainText)")
                }
            }
        }
    }

    @Test func csvkitTestWorkbook1904() throws {
        // test.xlsx uses the 1904 date system.
        let corpus = try Support.corpus
        let table = try Support.read(corpus.appendingPathComponent("csvkit/test.xlsx").path)
        // csvkit names the header-less 8th column `h`; msoko, as its CSV reader, `column8`.
        try expectMatches(table, csv: corpus.appendingPathComponent("csvkit/testxlsx_converted.csv"), unnamedColumns: [7])
        #expect(table.names[7] == "column8")
        #expect(table.column("date")?.type == .date)
        #expect(table.column("integer")?.type == .int)
        #expect(table.column("boolean")?.type == .bool)
        #expect(table.column("float")?.type == .double)
        #expect(table.column("datetime")?.type == .text)   // times of day other than midnight
        #expect(table.column("empty_column")?.type == .null)
    }

    @Test func csvkitSheetByNameAndPosition() throws {
        let corpus = try Support.corpus
        let path = corpus.appendingPathComponent("csvkit/sheets.xlsx").path
        let expected = corpus.appendingPathComponent("csvkit/testxlsx_converted.csv")
        try expectMatches(try Support.read(path) { $0.sheet = .text("data") }, csv: expected, unnamedColumns: [7])
        try expectMatches(try Support.read(path) { $0.sheet = .int(2) }, csv: expected, unnamedColumns: [7])
        // The third sheet's name is `ʤ`; testxlsx_unicode_converted.csv is its expected result.
        let unicode = corpus.appendingPathComponent("csvkit/testxlsx_unicode_converted.csv")
        try expectMatches(try Support.read(path) { $0.sheet = .text("ʤ") }, csv: unicode)
        try expectMatches(try Support.read(path) { $0.sheet = .int(3) }, csv: unicode)
        // The first sheet, "not this one", is empty: no columns, no rows.
        let first = try Support.read(path)
        #expect(first.columnCount == 0 && first.rowCount == 0)
        // sheetsxlsx_converted.csv (with a `time` column) belongs to csvkit's sheets.xls, which the
        // corpus does not hold; it matches none of these sheets.
    }

    @Test func csvkitSkipLinesDetectedAndGiven() throws {
        let corpus = try Support.corpus
        let path = corpus.appendingPathComponent("csvkit/test_skip_lines.xlsx").path
        let expected = corpus.appendingPathComponent("csvkit/testxlsx_converted.csv")
        // Rows 1–3 hold only styled empty cells: detected without `skip`, and with `skip = 3`.
        try expectMatches(try Support.read(path), csv: expected, unnamedColumns: [7])
        try expectMatches(try Support.read(path) { $0.skip = 3 }, csv: expected, unnamedColumns: [7])
        let report = try XLSXReader.read(path: path, options: XLSXOptions())
        #expect(report.headerRows == [4])
    }

    @Test func unknownSheetSuggestsTheNearest() throws {
        let corpus = try Support.corpus
        let path = corpus.appendingPathComponent("csvkit/sheets.xlsx").path
        #expect {
            _ = try Support.read(path) { $0.sheet = .text("dta") }
        } throws: { error in
            let error = error as? MsokoError
            return error?.message.contains("no sheet `dta`") == true && error?.hint?.contains("did you mean `data`?") == true
        }
        #expect(throws: MsokoError.self) { _ = try Support.read(path) { $0.sheet = .int(4) } }
    }

    // MARK: a real Russian workbook

    /// MacCyrillic, as far as Данные.csv needs it: ASCII, А–Я (0x80–0x9F), а–ю (0xE0–0xFE), я (0xDF).
    static func macCyrillic(_ data: Data) throws -> String {
        var scalars = String.UnicodeScalarView()
        for byte in data {
            let code: UInt32
            switch byte {
            case 0x00..<0x80: code = UInt32(byte)
            case 0x80...0x9F: code = 0x410 + UInt32(byte - 0x80)
            case 0xE0...0xFE: code = 0x430 + UInt32(byte - 0xE0)
            case 0xDF: code = 0x44F
            default: throw CocoaError(.fileReadInapplicableStringEncoding)
            }
            scalars.append(Unicode.Scalar(code)!)
        }
        return String(scalars)
    }

    @Test func russianWorkbookMatchesItsCSV() throws {
        let corpus = try Support.corpus
        let text = try Self.macCyrillic(try Data(contentsOf: corpus.appendingPathComponent("ru/Данные.csv")))
        let lines = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        let path = corpus.appendingPathComponent("ru/Данные.xlsx").path
        let report = try XLSXReader.read(path: path, options: XLSXOptions())
        #expect(report.sheetName == "Лист1")
        #expect(report.sheetCount == 3)
        #expect(report.table.names == lines[0])
        #expect(report.table.names == ["Номер", "Количество пропусков", "Итоговый балл"])
        #expect(report.table.rowCount == 30)
        #expect(Support.textRows(report.table) == Array(lines.dropFirst()))
        #expect(report.table.columns.allSatisfy { $0.type == .int })
        // Cyrillic sheet names, by name.
        let byName = try XLSXReader.read(path: path, options: { var o = XLSXOptions(); o.sheet = .text("Лист1"); return o }())
        #expect(byName.table.rowCount == 30)
    }

    // MARK: broken and foreign files

    @Test func legacyXLSIsRefusedWithAClearMessage() throws {
        let corpus = try Support.corpus
        let folder = corpus.appendingPathComponent("ru")
        let sink = CollectingSink()
        let session = Session(sink: sink, workingDirectory: folder.path)
        do {
            try session.run(SourceFile(name: "<test>", text: "load \"Данные.xls\" as d"))
            Issue.record("loading an .xls should fail")
        } catch {
            let message = error.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(message.contains("legacy Excel 97–2003 workbook"))
            #expect(message.contains("save it as .xlsx"))
        }
        // The same bytes under an .xlsx name: recognised by content.
        let renamed = try Support.file(try Data(contentsOf: folder.appendingPathComponent("Данные.xls")), named: "Данные.xlsx")
        #expect { _ = try Support.read(renamed) } throws: { error in
            (error as? MsokoError)?.message.contains("legacy Excel 97–2003 workbook") == true
        }
    }

    @Test func encryptedWorkbookIsNamedAsSuch() throws {
        // An OLE compound file carrying the `EncryptionInfo` stream, as Excel writes a
        // password-protected .xlsx.
        var bytes = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        bytes.append(Data(repeating: 0, count: 504))
        bytes.append(Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        bytes.append(Data(repeating: 0, count: 1024))
        let path = try Support.file(bytes, named: "secret.xlsx")
        #expect { _ = try Support.read(path) } throws: { error in
            let error = error as? MsokoError
            return error?.stage == .io && error?.message.contains("encrypted (password-protected)") == true
                && error?.hint?.contains("remove the password") == true
        }
    }

    @Test func truncatedWorkbookIsDamaged() throws {
        let corpus = try Support.corpus
        let whole = try Data(contentsOf: corpus.appendingPathComponent("csvkit/test.xlsx"))
        for length in [whole.count / 2, whole.count - 30, 100] {
            let path = try Support.file(whole.prefix(length))
            #expect { _ = try Support.read(path) } throws: { error in
                let error = error as? MsokoError
                return error?.stage == .io && error?.message.contains("is damaged") == true
            }
        }
    }

    @Test func garbageAndEmptyFilesAreNotWorkbooks() throws {
        let garbage = try Support.file(Data("name,score\nА,1\n".utf8), named: "table.xlsx")
        #expect { _ = try Support.read(garbage) } throws: { error in
            (error as? MsokoError)?.message.contains("is not an Excel workbook") == true
        }
        let empty = try Support.file(Data(), named: "empty.xlsx")
        #expect { _ = try Support.read(empty) } throws: { error in
            (error as? MsokoError)?.message.contains("is empty") == true
        }
        // A ZIP whose bytes after the signature are random.
        var random = SystemRandomNumberGenerator()
        let noise = Data([0x50, 0x4B, 0x03, 0x04] + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &random) })
        let path = try Support.file(noise)
        #expect(throws: MsokoError.self) { _ = try Support.read(path) }
    }

    @Test func zipWithoutWorkbookIsRefused() throws {
        let data = try XLSXWriter.package([("content.xml", Data("<office:document-content/>".utf8))])
        let path = try Support.file(data, named: "calc.xlsx")
        #expect { _ = try Support.read(path) } throws: { error in
            let error = error as? MsokoError
            return error?.message.contains("not an Excel workbook (it has no xl/workbook.xml)") == true
                && error?.hint?.contains("OpenDocument") == true
        }
    }

    @Test func malformedSheetXMLIsDamagedNotACrash() throws {
        let data = try Support.workbook(sheets: [("Лист1", "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v>")])
        let path = try Support.file(data)
        #expect { _ = try Support.read(path) } throws: { error in
            (error as? MsokoError)?.message.contains("not well-formed XML") == true
        }
        let badIndex = try Support.workbook(sheets: [("Лист1", "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData>")], sharedStrings: ["a"])
        #expect { _ = try Support.read(try Support.file(badIndex)) } throws: { error in
            (error as? MsokoError)?.message.contains("cell A1 refers to shared string 7") == true
        }
    }

    // MARK: cells

    @Test func sharedInlineNumbersBooleansErrorsAndGaps() throws {
        let body = """
            <sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>число</t></is></c><c r="C1" t="s"><v>1</v></c><c r="E1" t="inlineStr"><is><r><t>Бо</t></r><r><t>гатый</t></r></is></c></row>
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>4.5</v></c><c r="C3" t="b"><v>1</v></c><c r="E3" t="str"><f>A3&amp;"!"</f><v>текст!</v></c></row>
            <row r="4"><c r="B4" t="e"><v>#DIV/0!</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="inlineStr"><is><t>лишнее</t></is></c></row>
            <row r="5"><c r="A5" t="inlineStr"><is><t>строка_x000D_два</t></is></c><c r="B5"><v>-2</v></c></row>
            </sheetData>
            """
        let data = try Support.workbook(sheets: [("Лист1", body)], sharedStrings: ["имя", "флаг", "Анна"])
        let table = try Support.read(try Support.file(data))
        #expect(table.names == ["имя", "число", "флаг", "column4", "Богатый"])
        #expect(table.rowCount == 3)   // row 2 does not exist; rows keep their order
        #expect(Support.textRows(table) == [
            ["Анна", "4.5", "true", "", "текст!"],
            ["", "", "false", "лишнее", ""],
            ["строка\rдва", "-2", "", "", ""],
        ])
        #expect(table.column("число")?.type == .double)   // the error cell is null
        #expect(table.column("флаг")?.type == .bool)
    }

    @Test func datesByStyleIn1900And1904Systems() throws {
        // Styles: 0 general, 1 built-in 14 (date), 2 custom dd.mm.yyyy, 3 built-in 22 (date-time),
        // 4 built-in 21 (time), 5 custom "[Red]0.00" (a number, though it has letters), 6 [h]:mm.
        let formats = [0, 14, 164, 22, 21, 165, 166]
        let custom = [164: "dd\\.mm\\.yyyy", 165: "[Red]0.00;[Magenta]-0.00", 166: "[h]:mm"]
        let body = """
            <sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c><c r="B1" t="inlineStr"><is><t>custom</t></is></c><c r="C1" t="inlineStr"><is><t>dt</t></is></c><c r="D1" t="inlineStr"><is><t>t</t></is></c><c r="E1" t="inlineStr"><is><t>n</t></is></c><c r="F1" t="inlineStr"><is><t>el</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>45717</v></c><c r="B2" s="2"><v>45717</v></c><c r="C2" s="3"><v>45717.5</v></c><c r="D2" s="4"><v>0.75</v></c><c r="E2" s="5"><v>3.25</v></c><c r="F2" s="6"><v>1.5</v></c></row>
            <row r="3"><c r="A3" s="1"><v>1</v></c><c r="B3" s="2"><v>61</v></c><c r="C3" s="3"><v>59.5</v></c><c r="D3" s="4"><v>0</v></c><c r="E3" s="5"><v>-1</v></c></row>
            </sheetData>
            """
        let table = try Support.read(try Support.file(try Support.workbook(sheets: [("S", body)], cellFormats: formats, customFormats: custom)))
        #expect(table.column("d")?.type == .date)
        #expect(table.column("custom")?.type == .date)
        #expect(table.column("n")?.type == .double)
        #expect(Support.textRows(table) == [
            ["2025-03-01", "2025-03-01", "2025-03-01T12:00:00", "18:00:00", "3.25", "12:00:00"],
            ["1900-01-01", "1900-03-01", "1900-02-28T12:00:00", "00:00:00", "-1", ""],
        ])
        // The same serials in a 1904 workbook are 1,462 days later.
        let late = try Support.read(try Support.file(try Support.workbook(sheets: [("S", body)], cellFormats: formats,
                                                                           customFormats: custom, date1904: true)))
        #expect(late.column("d")?.value(at: 0).plainText == "2029-03-02")
        #expect(late.column("d")?.value(at: 1).plainText == "1904-01-02")
    }

    @Test func numberFormatClassification() {
        typealias P = XLSXParts
        #expect(P.classify(id: 14, code: nil) == .date)
        #expect(P.classify(id: 22, code: nil) == .dateTime)
        #expect(P.classify(id: 20, code: nil) == .time)
        #expect(P.classify(id: 46, code: nil) == .time)
        #expect(P.classify(id: 2, code: nil) == .general)
        #expect(P.classify(id: 164, code: "[$-419]d mmmm yyyy") == .date)
        #expect(P.classify(id: 164, code: "mm/dd/yy\\ hh:mm\\ AM/PM") == .dateTime)
        #expect(P.classify(id: 164, code: "mm:ss") == .time)
        #expect(P.classify(id: 164, code: "# ##0\\ \"руб.\"") == .general)
        #expect(P.classify(id: 164, code: "\"TRUE\";\"TRUE\";\"FALSE\"") == .general)
        #expect(P.classify(id: 164, code: "General") == .general)
        #expect(P.classify(id: 164, code: "@") == .general)
    }

    @Test func mixedColumnsAreTypedSensibly() throws {
        func column(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in "<row r=\"\(index + 2)\"><c r=\"A\(index + 2)\" \(cell)</c></row>" }.joined()
        }
        let head = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
        func read(_ cells: [String]) throws -> Column? {
            try Support.read(try Support.file(try Support.workbook(sheets: [("S", "<sheetData>\(head)\(column(cells))</sheetData>")]))).column("x")
        }
        let n = { (v: String) in "><v>\(v)</v>" }
        let s = { (v: String) in "t=\"inlineStr\"><is><t>\(v)</t></is>" }
        // Numbers with the CSV reader's null tokens: numeric, the tokens null.
        let withTokens = try read([n("5"), s("н/а"), n("3"), s("-")])
        #expect(withTokens?.type == .int)
        #expect(withTokens?.nullCount == 2)
        // Numbers stored as text count as numbers (decimal comma too).
        let stored = try read([s("5"), s("4,5"), n("3")])
        #expect(stored?.type == .double)
        #expect(stored?.value(at: 1) == .double(4.5))
        // Any other word makes the column text, the numbers shown as written / shortest.
        let words = try read([n("5"), s("отсутствовал"), n("4.0"), s("X")])
        #expect(words?.type == .text)
        #expect(words.map { c in (0..<c.count).map { c.value(at: $0).plainText } } == ["5", "отсутствовал", "4", "X"])
        // Codes with leading zeros stay text.
        let codes = try read([s("007"), s("010")])
        #expect(codes?.type == .text)
    }

    @Test func typesOverrideAndBadCellsNameTheCell() throws {
        let body = """
            <sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>код</t></is></c><c r="B1" t="inlineStr"><is><t>балл</t></is></c></row>
            <row r="2"><c r="A2"><v>50001</v></c><c r="B2"><v>3</v></c></row>
            <row r="3"><c r="A3"><v>50002</v></c><c r="B3" t="inlineStr"><is><t>много</t></is></c></row>
            </sheetData>
            """
        let path = try Support.file(try Support.workbook(sheets: [("Лист1", body)]), named: "баллы.xlsx")
        let table = try Support.read(path) { $0.types = ["код": .text] }
        #expect(table.column("код")?.type == .text)
        #expect(table.column("код")?.value(at: 0) == .text("50001"))
        #expect {
            _ = try Support.read(path) { $0.types = ["балл": .int] }
        } throws: { error in
            guard let error = error as? MsokoError, let data = error.data else { return false }
            return error.stage == .data && error.message == "sheet `Лист1`, cell B3: \"много\" is not an int"
                && data.line == 3 && data.field == 2 && data.columnName == "балл"
        }
        let lenient = try XLSXReader.read(path: path, options: { var o = XLSXOptions(); o.types = ["балл": .int]; o.ignoreErrors = true; return o }())
        #expect(lenient.nulledCells == 1)
        #expect(lenient.table.column("балл")?.nullCount == 1)
    }

    // MARK: headers

    @Test func titleRowsAndMergedTwoRowHeader() throws {
        // Row 1: a title merged across; row 3: names merged down over rows 3–4 and a group
        // "Задания" merged across C3:D3 over the task numbers in row 4; data from row 5; a
        // school name merged down over two data rows.
        let body = """
            <sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>ВПР 2025. Математика, 5 класс</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>Школа</t></is></c><c r="B3" t="inlineStr"><is><t>Код
            участника</t></is></c><c r="C3" t="inlineStr"><is><t>Задания</t></is></c><c r="E3" t="inlineStr"><is><t>Балл</t></is></c></row>
            <row r="4"><c r="C4" t="inlineStr"><is><t>1</t></is></c><c r="D4" t="inlineStr"><is><t>2</t></is></c></row>
            <row r="5"><c r="A5" t="inlineStr"><is><t>S01</t></is></c><c r="B5"><v>50001</v></c><c r="C5"><v>1</v></c><c r="D5"><v>0</v></c><c r="E5"><v>1</v></c></row>
            <row r="6"><c r="B6"><v>50002</v></c><c r="C6"><v>1</v></c><c r="D6"><v>1</v></c><c r="E6"><v>2</v></c></row>
            </sheetData>
            <mergeCells count="6"><mergeCell ref="A1:E1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:B4"/><mergeCell ref="C3:D3"/><mergeCell ref="E3:E4"/><mergeCell ref="A5:A6"/></mergeCells>
            """
        let report = try XLSXReader.read(path: try Support.file(try Support.workbook(sheets: [("S", body)])), options: XLSXOptions())
        #expect(report.headerRows == [3, 4])
        #expect(report.table.names == ["Школа", "Код участника", "Задания 1", "Задания 2", "Балл"])
        #expect(Support.textRows(report.table) == [["S01", "50001", "1", "0", "1"], ["S01", "50002", "1", "1", "2"]])
    }

    @Test func levelRowAboveTheHeaderIsNotTheHeader() throws {
        let body = """
            <sheetData>
            <row r="1"><c r="C1" t="inlineStr"><is><t>Б</t></is></c><c r="D1" t="inlineStr"><is><t>П</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>Код</t></is></c><c r="B2" t="inlineStr"><is><t>Класс</t></is></c><c r="C2" t="inlineStr"><is><t>1 (1б)</t></is></c><c r="D2" t="inlineStr"><is><t>2 (2б)</t></is></c><c r="E2" t="inlineStr"><is><t>Отметка</t></is></c></row>
            <row r="3"><c r="A3"><v>50001</v></c><c r="B3" t="inlineStr"><is><t>5А</t></is></c><c r="C3"><v>1</v></c><c r="D3"><v>2</v></c><c r="E3"><v>5</v></c></row>
            </sheetData>
            """
        let table = try Support.read(try Support.file(try Support.workbook(sheets: [("S", body)])))
        #expect(table.names == ["Код", "Класс", "1 (1б)", "2 (2б)", "Отметка"])
        #expect(table.rowCount == 1)
        let noHeader = try Support.read(try Support.file(try Support.workbook(sheets: [("S", body)]))) { $0.header = false }
        #expect(noHeader.names == ["column1", "column2", "column3", "column4", "column5"])
        #expect(noHeader.rowCount == 3)
    }

    @Test func duplicateAndEmptyNames() throws {
        let body = """
            <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>балл</t></is></c><c r="C1" t="inlineStr"><is><t>балл</t></is></c><c r="D1" t="inlineStr"><is><t>класс</t></is></c></row>
            <row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c><c r="D2" t="inlineStr"><is><t>5А</t></is></c></row></sheetData>
            """
        let table = try Support.read(try Support.file(try Support.workbook(sheets: [("S", body)])))
        #expect(table.names == ["балл", "column2", "балл_2", "класс"])
    }

    // MARK: through `load`

    @Test func loadStatementOptionsAndNotes() throws {
        let corpus = try Support.corpus
        let (session, notes) = try Support.session("""
            load "csvkit/sheets.xlsx" as a with sheet = "data"
            load "csvkit/test_skip_lines.xlsx" as b
            load "ru/Данные.xlsx" as c with types = {Номер: "text"}
            """, in: corpus)
        #expect(session.datasets["a"]?.table.rowCount == 5)
        #expect(session.datasets["b"]?.table.rowCount == 5)
        #expect(session.datasets["c"]?.table.column("Номер")?.type == .text)
        #expect(notes.contains { $0.contains("the header is on row 4") })
        #expect(notes.contains { $0.contains("read sheet `Лист1` (1 of 3)") })
        for (statement, fragment) in [
            ("load \"csvkit/test.xlsx\" as t with delimiter = \";\"", "`delimiter` is an option for CSV files"),
            ("load \"csvkit/test.xlsx\" as t with shet = 1", "did you mean `sheet`?"),
            ("load \"csvkit/test.xlsx\" as t with year = 2025", "`year` goes with a FIS OKO profile"),
            ("load \"csvkit/test.xlsx\" as t with types = {nope: \"int\"}", "`types` names a column `nope`"),
            ("load \"csvkit/tset.xlsx\" as t", "did you mean `csvkit/test.xlsx`?"),
        ] {
            do {
                _ = try Support.session(statement, in: corpus)
                Issue.record("expected an error for: \(statement)")
            } catch let failure as MsokoFailure {
                let text = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
                #expect(text.contains(fragment), "\(statement)\n\(text)")
            }
        }
    }
}
