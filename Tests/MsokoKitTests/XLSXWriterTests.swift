import Foundation
import Testing
@testable import MsokoKit

/// `save "….xlsx"` and `load` back give the same table; text is never a formula.
@Suite struct XLSXWriterTests {
    typealias Support = XLSXTestSupport

    static func sample() -> Table {
        var table = Table()
        table.set("школа", Column.from([.text("S01"), .text("=1+2"), .text("+7 (999)"), .null, .text("  пробелы  ")]))
        table.set("n", Column.from([.int(1), .int(-2), .null, .int(4_000_000_000), .int(0)]))
        table.set("доля", Column.from([.double(0.1), .double(2.5e-7), .double(1e22), .null, .double(-3.75)]))
        table.set("ok", Column.from([.bool(true), .bool(false), .null, .bool(true), .bool(false)]))
        table.set("дата", Column.from([.date(DateCodec.parse("2025-03-01")!), .date(DateCodec.parse("1900-01-01")!), .null,
                                       .date(DateCodec.parse("1999-12-31")!), .date(DateCodec.parse("2024-02-29")!)]))
        table.set("текст", Column.from([.text("строка\nвторая"), .text("a & b < c > \"d\""), .text("_x0041_ буквально"),
                                        .text("@SUM(A1)"), .text("таб\tи\u{1}управляющий")]))
        table.set("пусто", Column(.null(count: 5)))
        return table
    }

    func expectSame(_ read: Table, _ written: Table) {
        #expect(read.names == written.names)
        #expect(read.rowCount == written.rowCount)
        for (index, column) in written.columns.enumerated() where index < read.columnCount {
            let back = read.columns[index]
            let name = written.names[index]
            #expect(back.type == column.type, "\(name): \(back.type) ≠ \(column.type)")
            for row in 0..<written.rowCount {
                var expected = column.value(at: row)
                // The control character U+0001 travels as _x0001_ and comes back.
                if case .text(let text) = expected { expected = .text(text) }
                #expect(back.value(at: row) == expected, "\(name) row \(row + 1)")
            }
        }
    }

    @Test func roundTripKeepsTypesNullsCyrillicAndDates() throws {
        let table = Self.sample()
        let data = try XLSXWriter.data(for: table, sheetName: "Итоги")
        let path = try Support.file(data, named: "итоги.xlsx")
        let report = try XLSXReader.read(path: path, options: XLSXOptions())
        #expect(report.sheetName == "Итоги")
        expectSame(report.table, table)
    }

    @Test func textIsNeverAFormula() throws {
        let path = try Support.file(try XLSXWriter.data(for: Self.sample()))
        let archive = try XLSXPackage.open(path: path, shownPath: path).archive
        let text = String(decoding: try XLSXPackage.entryData(archive, "xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(!text.contains("<f>") && !text.contains("<f "))
        #expect(text.contains("<c r=\"A3\" t=\"inlineStr\"><is><t>=1+2</t></is></c>"))
        #expect(text.contains("_x005F_x0041_"))
        // Every part a minimal package needs.
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/worksheets/sheet1.xml", "xl/styles.xml"] {
            #expect(archive[part] != nil, "\(part)")
        }
    }

    @Test func saveThroughTheLanguageIsAtomicAndReadsBack() throws {
        let folder = try Support.temporaryFolder()
        let csv = "школа,n,дата\nS01,5,2025-03-01\n=1+2,,\n"
        try csv.write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let (session, notes) = try Support.session("""
            load "in.csv" as t
            t | derive d = date(дата) | save "out/итог.xlsx"
            load "out/итог.xlsx" as back
            """, in: folder)
        #expect(notes.contains { $0.contains("wrote out/итог.xlsx (2 rows)") })
        let back = try #require(session.datasets["back"]?.table)
        #expect(back.names == ["школа", "n", "дата", "d"])
        #expect(back.column("школа")?.value(at: 1) == .text("=1+2"))
        #expect(back.column("d")?.type == .date)
        #expect(back.column("d")?.value(at: 0).plainText == "2025-03-01")
        // No temporary files are left beside the output.
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(entries == ["итог.xlsx"])
    }

    @Test func emptyTableAndNonFiniteNumbers() throws {
        var table = Table()
        table.set("x", Column.from([.double(.nan), .double(.infinity), .double(1)]))
        let back = try XLSXReader.read(path: try Support.file(try XLSXWriter.data(for: table)), options: XLSXOptions()).table
        #expect(back.column("x")?.type == .text)   // NaN and ∞ cannot be numbers in a cell
        #expect(Support.textRows(back) == [["NaN"], ["Infinity"], ["1"]])
        let empty = Table(names: ["a", "b"], columns: [Column(.null(count: 0)), Column(.null(count: 0))], rowCount: 0)
        let emptyBack = try XLSXReader.read(path: try Support.file(try XLSXWriter.data(for: empty)), options: XLSXOptions()).table
        #expect(emptyBack.names == ["a", "b"])
        #expect(emptyBack.rowCount == 0)
    }

    @Test func sheetNamesFollowExcelRules() {
        #expect(XLSXWriter.sanitizedSheetName("a/b:c") == "a_b_c")
        #expect(XLSXWriter.sanitizedSheetName("") == "Лист1")
        #expect(XLSXWriter.sanitizedSheetName(String(repeating: "я", count: 40)).count == 31)
    }

    /// A larger workbook streams through: 60,000 rows written by msoko and read back.
    @Test func largeWorkbookRoundTrip() throws {
        let rows = 60_000
        var table = Table()
        table.set("id", Column(.int((0..<rows).map { Int64($0) })))
        table.set("school", Column(.text(codes: (0..<rows).map { Int32($0 % 20) },
                                         dictionary: StringDictionary((1...20).map { "Школа №\($0)" }))))
        table.set("score", Column(.double((0..<rows).map { Double($0 % 97) / 4 })))
        let path = try Support.file(try XLSXWriter.data(for: table), named: "large.xlsx")
        let back = try XLSXReader.read(path: path, options: XLSXOptions()).table
        #expect(back.rowCount == rows)
        #expect(back.column("id")?.value(at: rows - 1) == .int(Int64(rows - 1)))
        #expect(back.column("school")?.value(at: 12_345) == .text("Школа №6"))
        #expect(back.column("score")?.value(at: 96) == .double(24))
    }
}
