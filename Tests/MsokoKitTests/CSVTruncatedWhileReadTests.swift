import Foundation
import Testing
@testable import MsokoKit

/// A CSV file shortened by another program while msoko reads it (`cp new.csv data.csv`
/// truncates first) must fail the load with a message, not kill the process with SIGBUS
/// (CSVMappingGuard.swift). The file is mapped through the reader's own type, truncated on disk,
/// then parsed (`CSVReader.read(mapped:)`), so the truncation falls deterministically between
/// mapping and parsing.
@Suite(.serialized) struct CSVTruncatedWhileReadTests {
    /// A CSV of `rows` rows, about 36 bytes each.
    static func write(rows: Int) throws -> String {
        var text = "pupil,school,mark,score\n"
        text.reserveCapacity(rows * 40)
        for row in 0..<rows { text += "P\(100_000 + row),school \(row % 600),\(row % 5 + 1),\(Double(row % 1000) / 10)\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Maps `path`, cuts it to `length` bytes, parses what is mapped.
    static func loadTruncated(_ path: String, to length: Int, faults: Bool = true) throws -> Result<Int, MsokoError> {
        guard let file = try CSVMappedFile(path) else {
            Issue.record("the file could not be mapped")
            return .success(-1)
        }
        #expect(truncate(path, off_t(length)) == 0)
        defer { #expect(file.faulted == faults) }
        do {
            return .success(try CSVReader.read(mapped: file, fileName: path, options: CSVOptions()).table.rowCount)
        } catch {
            return .failure(error)
        }
    }

    static func expectChanged(_ result: Result<Int, MsokoError>, _ path: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        switch result {
        case .success(let rows):
            Issue.record("loaded \(rows) rows of a truncated file", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.kind == .file(path: path, problem: .changedWhileRead), sourceLocation: sourceLocation)
            #expect(error.kind.text.contains("changed while it was being read"), sourceLocation: sourceLocation)
        }
    }

    @Test func aLargeFileCutWhileMappedFailsWithAMessage() throws {
        // ~8 MB: several 1 MB chunks, so the chunked, two-thread parse runs.
        let rows = 230_000
        for cut in [0, 1 << 20, 5 << 20] {
            let path = try Self.write(rows: rows)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size > 4 << 20)
            Self.expectChanged(try Self.loadTruncated(path, to: cut), path)
        }
        // The same file untouched loads whole, through the mapping and through `read(path:)`.
        let path = try Self.write(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try #require(try CSVMappedFile(path))
        #expect(try CSVReader.read(mapped: file, fileName: path, options: CSVOptions()).table.rowCount == rows)
        #expect(try CSVReader.read(path: path, options: CSVOptions()).table.rowCount == rows)
    }

    @Test func aSmallFileCutWhileMappedFailsWithAMessage() throws {
        // 20 KB: pages past the new end fault; 100 bytes: inside the first page, which reads as
        // zeros without a fault (found by the size check); 0: the first page faults.
        for (rows, cut, faults) in [(600, 100, true), (600, 5000, true), (600, 0, true), (20, 30, false), (20, 0, true)] {
            let path = try Self.write(rows: rows)
            defer { try? FileManager.default.removeItem(atPath: path) }
            Self.expectChanged(try Self.loadTruncated(path, to: cut, faults: faults), path)
        }
        let path = try Self.write(rows: 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try CSVReader.read(path: path, options: CSVOptions()).table.rowCount == 20)
    }

    @Test func slotsAreFreedWhenTheMappingGoes() throws {
        // More loads than slots, one after another: each mapping gives its slot back.
        let path = try Self.write(rows: 50)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for _ in 0..<(CSVMappingGuard.slotCount * 2) {
            let file = try #require(try CSVMappedFile(path))
            #expect(try CSVReader.read(mapped: file, fileName: path, options: CSVOptions()).table.rowCount == 50)
        }
    }

    @Test func theMessageHasBothLanguages() {
        let message = Messages.byKey["io.csv.changed_while_read"]
        #expect(message?.en.contains("{path}") == true)
        #expect(message?.ru.contains("{path}") == true)
    }
}
