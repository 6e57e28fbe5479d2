import Foundation
import Testing
@testable import MsokoKit

/// The register as people open it: `register … with dialect = "excel-ru"` (bytes Russian Excel
/// opens by double-click) and `xlsx_copy = true` (a workbook beside the machine CSV whose edits
/// the next run reads).
@Suite struct RegisterExcelTests {
    @Test func theExcelRuDialectIsUTF8WithBOMSemicolonsAndDecimalCommas() throws {
        let (session, rows, folder) = try RecommendationsTests.recommend()
        let machine = folder.appendingPathComponent("machine.csv")
        let excel = folder.appendingPathComponent("excel.csv")
        try session.run(text: """
        load "\(TestPaths.repository.path)/Datasets/recommendations.csv" as last
        recs | register "\(machine.path)" with seed = "last"
        recs | register "\(excel.path)" with dialect = "excel-ru", seed = "last"
        """, name: "<test>")
        try session.commitStagedWrites()
        let bytes = try Data(contentsOf: excel)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte order mark first")
        let machineBytes = try Data(contentsOf: machine)
        #expect(Array(machineBytes.prefix(3)) != [0xEF, 0xBB, 0xBF], "the machine contract has no BOM")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        #expect(String(firstLine) == RegisterContract.columns.joined(separator: ";"))
        // Parse the excel-ru file with `;` as the separator (quotes as in RFC 4180) and compare
        // every cell with the machine file: the same text, and numbers with a comma for the point.
        let machineRows = Domain.parseCSV(String(decoding: machineBytes, as: UTF8.self)).rows
        let excelRows = Self.parse(text, separator: ";")
        #expect(excelRows.count == machineRows.count + 1)
        #expect(machineRows.count > rows.count)
        let numeric = Set(["baseline", "target"])
        var sawDecimal = false
        for (m, e) in zip(machineRows, excelRows.dropFirst()) {
            for (index, name) in RegisterContract.columns.enumerated() {
                if numeric.contains(name), m[index].contains(".") {
                    sawDecimal = true
                    #expect(e[index] == m[index].replacingOccurrences(of: ".", with: ","), "\(name): \(e[index]) vs \(m[index])")
                } else {
                    #expect(e[index] == m[index], "\(name): \(e[index]) vs \(m[index])")
                }
            }
        }
        #expect(sawDecimal, "the sample has a fractional baseline or target")
        // Either dialect is read back as the same register.
        try session.run(text: """
        load "\(machine.path)" as m
        load "\(excel.path)" as e
        """, name: "<test>")
        #expect(Domain.rows(session, "m").map(Self.plain) == Domain.rows(session, "e").map(Self.plain))
    }

    @Test func theWorkbookBesideTheRegisterCarriesTheAnalystsEditsIntoTheNextRun() throws {
        let (session, rows, folder) = try RecommendationsTests.recommend()
        let register = folder.appendingPathComponent("out/recommendations.csv")
        let workbook = folder.appendingPathComponent("out/recommendations.xlsx")
        try session.run(text: "recs | register \"\(register.path)\" with xlsx_copy = true", name: "<test>")
        try session.commitStagedWrites()
        #expect(FileManager.default.fileExists(atPath: workbook.path))
        try session.run(text: "load \"\(workbook.path)\" as copy\nload \"\(register.path)\" as csv", name: "<test>")
        // The same cells, except that the CSV neutralises formula-like text with a leading `'`.
        let fromCopy = Domain.rows(session, "copy").map(Self.plain)
        let fromCSV = Domain.rows(session, "csv").map(Self.plain)
        #expect(fromCopy.count == fromCSV.count && fromCopy.count == rows.count)
        for (a, b) in zip(fromCopy, fromCSV) {
            for name in RegisterContract.columns {
                let x = a[name] ?? "", y = b[name] ?? ""
                #expect(x == y || "'" + x == y, "\(name): \(x) vs \(y)")
            }
        }
        // The analyst marks the first recommendation done in the workbook.
        let first = try #require(rows.first?["rec_id"]?.plainText)
        try session.run(text: """
        copy | derive status = if(rec_id == "\(first)", "done", status) | save "\(workbook.path)"
        """, name: "<test>")
        try session.commitStagedWrites()
        let past = Date().addingTimeInterval(-60)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: register.path)
        let sink = session.sink as? CollectingSink
        let notesBefore = sink?.notes.count ?? 0
        try session.run(text: "recs | register \"\(register.path)\" with xlsx_copy = true", name: "<test>")
        try session.commitStagedWrites()
        let parsed = Domain.parseCSV(try String(contentsOf: register, encoding: .utf8))
        let statusIndex = try #require(RegisterContract.columns.firstIndex(of: "status"))
        #expect(parsed.rows.count == rows.count)
        #expect(parsed.rows.first { $0[0] == first }?[statusIndex] == "done")
        #expect(parsed.rows.filter { $0[statusIndex] == "done" }.count == 1)
        let notes = (sink?.notes ?? []).dropFirst(notesBefore).joined(separator: "\n")
        #expect(notes.contains("recommendations.xlsx"), "the run says where the edits came from: \(notes)")
        // Now both files agree and the CSV is not older: the next run reads the CSV.
        let sinkCount = sink?.notes.count ?? 0
        try session.run(text: "recs | register \"\(register.path)\" with xlsx_copy = true", name: "<test>")
        try session.commitStagedWrites()
        let later = (sink?.notes ?? []).dropFirst(sinkCount).joined(separator: "\n")
        #expect(!later.contains("newer"))
    }

    @Test func anUnknownDialectIsAnErrorNamingTheChoices() throws {
        let (session, _, folder) = try RecommendationsTests.recommend()
        var text = ""
        do {
            try session.run(text: "recs | register \"\(folder.path)/r.csv\" with dialect = \"excel\"", name: "<test>")
        } catch {
            text = error.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
        }
        #expect(text.contains("unknown dialect `excel`") && text.contains("excel-ru"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/r.csv"))
    }

    static func plain(_ row: [String: Value]) -> [String: String] { row.mapValues(\.plainText) }

    /// RFC 4180 quoting with another separator (the test's own reader, not msoko's).
    static func parse(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
