import Foundation
import Testing
@testable import MsokoKit

/// The chunked, two-core load (CSVChunks.swift) against the one-chunk load: with chunks of a
/// few bytes every chunk boundary lands inside quoted fields, between CR and LF, inside huge
/// fields, and columns change type from chunk to chunk. Every result — table, types, skipped
/// rows and their examples, or the error with its line, field and caret — must be the same.
@Suite struct CSVChunkedParseTests {
    typealias T = CSVTestSupport

    /// Everything a read says, as one comparable text.
    static func outcome(_ bytes: [UInt8], chunk: Int, parallel: Bool,
                        _ configure: (inout CSVOptions) -> Void = { _ in }) -> String {
        var options = CSVOptions()
        configure(&options)
        return CSVParse.$chunkBytes.withValue(chunk) {
            CSVParse.$parallelChunks.withValue(parallel) {
                describe { try CSVReader.read(bytes: bytes, fileName: "c.csv", options: options) }
            }
        }
    }

    static func describe(_ body: () throws -> CSVReadReport) -> String {
        do {
            let report = try body()
            let table = report.table
            let types = table.columns.map { $0.type.rawValue }
            let examples = report.skippedExamples.map { "\($0.line):\($0.field ?? 0)" }
            return "names=\(table.names) types=\(types) rows=\(table.rowCount) skipped=\(report.skippedRows) "
                + "examples=\(examples) encoding=\(report.encoding)\n\(T.cells(table))"
        } catch let error as MsokoError {
            let place = error.data.map { "line=\($0.line) field=\($0.field ?? 0) column=\($0.columnName ?? "-") "
                + "text=\($0.lineText ?? "-") caret=\($0.caretColumn ?? 0)/\($0.caretWidth ?? 0)" } ?? "-"
            return "error \(error.stage) \(error.message) \(place)"
        } catch {
            return "error \(error)"
        }
    }

    /// Reads `bytes` in one chunk and in chunks of many small sizes, serially and on two
    /// threads, and expects the same outcome each time.
    static func expectSame(_ bytes: [UInt8], sizes: [Int] = [1, 2, 3, 5, 7, 11, 16, 29, 64, 200],
                           _ configure: (inout CSVOptions) -> Void = { _ in },
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = outcome(bytes, chunk: 1 << 30, parallel: false, configure)
        for size in sizes {
            for parallel in [false, true] {
                let got = outcome(bytes, chunk: size, parallel: parallel, configure)
                #expect(got == reference, "chunk \(size), parallel \(parallel)", sourceLocation: sourceLocation)
                if got != reference { return }
            }
        }
    }

    static func expectSame(_ text: String, sizes: [Int] = [1, 2, 3, 5, 7, 11, 16, 29, 64, 200],
                           _ configure: (inout CSVOptions) -> Void = { _ in },
                           sourceLocation: SourceLocation = #_sourceLocation) {
        expectSame(Array(text.utf8), sizes: sizes, configure, sourceLocation: sourceLocation)
    }

    @Test func quotedNewlinesAndDelimitersAcrossChunks() {
        var text = "id,note,n\n"
        for row in 0..<60 {
            switch row % 4 {
            case 0: text += "\(row),\"line one\nline two, with a comma\",\(row * 3)\n"
            case 1: text += "\(row),\"he said \"\"hi\"\"\r\nand left\",\(row)\n"
            case 2: text += "\(row),plain,\(row)\n"
            default: text += "\(row),\"\n\n\",\(row)\n"
            }
        }
        Self.expectSame(text)
        // The reference itself is right: the quoted line breaks are kept.
        let report = Self.outcome(Array(text.utf8), chunk: 5, parallel: true)
        #expect(report.contains("line one\\nline two, with a comma"))
    }

    @Test func crlfSplitBetweenChunks() {
        var text = "a,b,c\r\n"
        for row in 0..<80 { text += "\(row),x\(row % 7),\(Double(row) / 4)\r\n" }
        Self.expectSame(text)
        Self.expectSame(text.replacingOccurrences(of: "\r\n", with: "\r"))
        // Blank lines between records.
        Self.expectSame(text.replacingOccurrences(of: "\r\n", with: "\r\n\r\n\n"))
    }

    @Test func typesThatChangeInALaterChunk() {
        func column(_ first: String, _ later: String, rows: Int = 40) -> String {
            var text = "k,v\n"
            for row in 0..<rows { text += "\(row),\(row < rows - 3 ? first : later)\n" }
            return text
        }
        let cases: [(String, String, DataType)] = [
            ("12", "1.5", .double), ("12", "abc", .text), ("2024-01-05", "soon", .text),
            ("true", "maybe", .text), ("12", "007", .text), ("1.5", "2", .double),
            ("", "x", .text), ("\"\"", "x", .text), ("NA", "3", .int), ("NA", "2024-01-05", .text),
            ("12", "NA", .int), ("2024-01-05", "NA", .text), ("true", "", .bool),
            ("12", "99999999999999999999", .text), ("1 234", "5", .int), ("5", "1 234", .int),
            ("12", "1 234", .int), ("abc", "1 234", .text), ("NA", "NA", .text), ("", "", .null),
            ("", "12", .int), ("", "true", .bool), ("12", "true", .text),
        ]
        for (first, later, type) in cases {
            let text = column(first, later)
            Self.expectSame(text, sizes: [1, 4, 9, 30, 100])
            let report = try? T.read(text)
            #expect(report?.table.columns[1].type == type, "\(first) then \(later)")
            let chunked = CSVParse.$chunkBytes.withValue(6) { try? T.read(text) }
            #expect(chunked?.table.columns[1].type == type, "\(first) then \(later), in chunks")
        }
        // Two columns changing in different chunks, and `types` overriding one.
        var text = "a,b,c\n"
        for row in 0..<50 { text += "\(row),\(row < 25 ? "1" : "1.25"),\(row < 45 ? "2024-02-01" : "x")\n" }
        Self.expectSame(text)
        Self.expectSame(text) { $0.types = ["b": .text] }
    }

    @Test func errorsInALaterChunkAreTheSerialOnes() {
        var text = "a,b,c\n"
        for row in 0..<50 { text += "\(row),\(row),x\n" }
        // A ragged row late in the file.
        Self.expectSame(text + "1,2\n" + "3,4,5\n")
        Self.expectSame(text + "1,2,3,4\n" + "3,4,5\n")
        Self.expectSame(text + "1,2\n" + "3,4,5\n" + "6\n") { $0.ignoreErrors = true }
        Self.expectSame(text + "1,2\n") { $0.nullPadding = true }
        // An unterminated quote late in the file.
        Self.expectSame(text + "1,\"2\n3,4,5\n")
        // A NUL byte late in the file, as an error and skipped.
        Self.expectSame(text + "1,2\u{0},3\n4,5,6\n")
        Self.expectSame(text + "1,2\u{0},3\n4,5,6\n") { $0.ignoreErrors = true }
        // A value that is not of its `types` type, in the second half.
        Self.expectSame(text + "x,2,3\n") { $0.types = ["a": .int] }
        Self.expectSame(text + "x,2,3\n" + "y,3,4\n") { $0.types = ["a": .int]; $0.ignoreErrors = true }
        // Many skipped rows in many chunks: the count and the first examples.
        var ragged = "a,b\n"
        for row in 0..<60 { ragged += row % 5 == 0 ? "\(row)\n" : "\(row),\(row)\n" }
        Self.expectSame(ragged) { $0.ignoreErrors = true }
        let error = CSVParse.$chunkBytes.withValue(3) { T.error { try T.read(text + "1,2\n") } }
        #expect(error?.data?.line == 52)
        #expect(error?.data?.field == 3)
    }

    @Test func cp1251InputInChunks() {
        var text = "город;балл\n"
        for row in 0..<40 { text += "Мытищи \(row % 3);\(row),5\n" }
        let bytes: [UInt8] = text.unicodeScalars.map { scalar in
            let value = scalar.value
            switch value {
            case 0x410...0x44F: return UInt8(value - 0x410 + 0xC0)
            case 0x401: return 0xA8
            case 0x451: return 0xB8
            default: return UInt8(truncatingIfNeeded: value)
            }
        }
        Self.expectSame(bytes)
        Self.expectSame(bytes) { $0.encoding = "cp1251" }
        let report = Self.outcome(bytes, chunk: 7, parallel: true)
        #expect(report.contains("encoding=cp1251"))
        #expect(report.contains("Мытищи 2"))
    }

    @Test func lastLinesAndHugeFields() {
        var text = "a,b\n"
        for row in 0..<30 { text += "\(row),v\(row)\n" }
        Self.expectSame(text + "\n\n")
        Self.expectSame(text + "30,v30")
        Self.expectSame(text + "30,")
        Self.expectSame(text + "30,\"\"")
        // One field far larger than a chunk, quoted and not, in the middle of the file.
        let huge = String(repeating: "0123456789,\n\"", count: 40).replacingOccurrences(of: "\"", with: "\"\"")
        Self.expectSame(text + "31,\"\(huge)\"\n32,w\n", sizes: [1, 3, 16, 100])
        Self.expectSame(text + "31,\(String(repeating: "z", count: 900))\n32,w\n", sizes: [1, 3, 16, 100])
        // BOM, header only, nothing at all.
        Self.expectSame([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        Self.expectSame("a,b\n")
        Self.expectSame("")
    }

    @Test func optionsThatShapeRecords() {
        var text = "a;b;\n"
        for row in 0..<30 { text += "\(row);\(row),5;\n" }
        Self.expectSame(text)
        Self.expectSame(text) { $0.provenance = true }
        var grouped = "n\n"
        for row in 0..<30 { grouped += "\"\(row) 00\(row % 10).5\"\n" }
        Self.expectSame(grouped)
        Self.expectSame(grouped) { $0.thousands = 0x20; $0.decimal = UInt8(ascii: ".") }
        Self.expectSame("x\n" + String(repeating: "1\n", count: 30), { $0.header = false; $0.skip = 1 })
    }

    @Test func randomFilesCellByCell() {
        var generator = SplitMix64(seed: 20261202)
        let pieces = ["1", "-7", "3.25", "1e3", "", "\"\"", "NA", "true", "2024-03-01", "abc", "\"a,b\"",
                      "\"x\ny\"", "\"q\"\"q\"", "007", "1 234", "Ёлка", "\"\r\n\""]
        for round in 0..<40 {
            let columns = Int.random(in: 1...5, using: &generator)
            let rows = Int.random(in: 0...60, using: &generator)
            let newline = ["\n", "\r\n", "\r"][Int.random(in: 0...2, using: &generator)]
            var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + newline
            for _ in 0..<rows {
                // Each column mostly keeps one kind, now and then another.
                let cells = (0..<columns).map { column -> String in
                    Int.random(in: 0..<8, using: &generator) == 0
                        ? pieces[Int.random(in: 0..<pieces.count, using: &generator)]
                        : pieces[(column * 3 + round) % pieces.count]
                }
                text += cells.joined(separator: ",") + newline
            }
            if Bool.random(using: &generator) { text.removeLast(newline.count) }
            Self.expectSame(text, sizes: [1, 2, 5, 13, 40])
            Self.expectSame(text, sizes: [3, 17]) { $0.ignoreErrors = true; $0.nullPadding = true }
        }
    }

    @Test func aMappedFileReadsAsItsBytes() throws {
        var text = "a,b,c\n"
        for row in 0..<200 { text += "\(row),\"r\(row % 9)\n\",\(row % 3 == 0 ? "" : "1.5")\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chunked-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromBytes = Self.outcome(Array(text.utf8), chunk: 1 << 30, parallel: false)
        for size in [1, 64, 1 << 30] {
            let fromFile = CSVParse.$chunkBytes.withValue(size) {
                Self.describe { try CSVReader.read(path: path, options: CSVOptions()) }
            }
            #expect(fromFile == fromBytes)
        }
        // NUL bytes in a mapped file are found while its encoding is validated: the same
        // error and the same skipped row as from the bytes.
        let withNUL = text + "7,a\u{0}b,1\n8,c,2\n"
        try Data(withNUL.utf8).write(to: URL(fileURLWithPath: path))
        for ignore in [false, true] {
            let expected = Self.outcome(Array(withNUL.utf8), chunk: 1 << 30, parallel: false) { $0.ignoreErrors = ignore }
            let fromFile = CSVParse.$chunkBytes.withValue(50) {
                Self.describe {
                    var options = CSVOptions()
                    options.ignoreErrors = ignore
                    return try CSVReader.read(path: path, options: options)
                }
            }
            #expect(fromFile == expected)
            #expect(expected.contains(ignore ? "skipped=1" : "NUL"))
        }
        let empty = path + ".empty"
        try Data().write(to: URL(fileURLWithPath: empty))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(try CSVReader.read(path: empty, options: CSVOptions()).table.columnCount == 0)
    }
}

extension CSVChunkedParseTests {
    /// A mapped file of 8 MB and more is validated in two halves on two threads: a NUL byte or
    /// a byte that is not UTF-8 in the second half gives what reading the bytes gives.
    @Test func aLargeMappedFileIsValidatedInHalves() throws {
        let filler = String(repeating: "x", count: 1000)
        var rows: [String] = ["a,b,c"]
        for row in 0..<9_000 { rows.append("\(row),\(filler),\(row % 7)") }
        let plain = Array((rows.joined(separator: "\n") + "\n").utf8)
        var withNUL = plain
        withNUL[plain.count - 3_000] = 0
        var latin = plain
        latin[plain.count - 3_000] = 0xE9
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("halves-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for bytes in [plain, withNUL, latin] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for ignore in [false, true] {
                let fromBytes = Self.describe {
                    var options = CSVOptions()
                    options.ignoreErrors = ignore
                    return try CSVReader.read(bytes: bytes, fileName: path, options: options)
                }
                let fromFile = Self.describe {
                    var options = CSVOptions()
                    options.ignoreErrors = ignore
                    return try CSVReader.read(path: path, options: options)
                }
                #expect(fromFile == fromBytes)
            }
        }
        let latinReport = try CSVReader.read(path: path, options: CSVOptions())
        #expect(latinReport.encoding == "latin1" || latinReport.encoding == "cp1251")
    }
}

