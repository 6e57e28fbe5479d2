import Foundation
import Testing
@testable import MsokoKit

/// A file rewritten by another program while it is loaded, with content of the same or greater
/// length (no truncation, so no SIGBUS and no size drop), touched, or replaced under its path
/// fails the load with `changedWhileRead` (CSVFileIdentity). The change is made by the test hook
/// `CSVReader.beforeFinalCheck`, after the parse and before the last check.
@Suite struct CSVMemoryRewriteTests {
    /// A CSV of `rows` rows; `mark` is the digit every mark gets (so a rewrite can keep the length).
    static func content(rows: Int, mark: Int = 3) -> Data {
        var text = "pupil,school,mark\n"
        for row in 0..<rows { text += "P\(100_000 + row),school \(row % 600),\(mark)\n" }
        return Data(text.utf8)
    }

    static func write(rows: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rewrite-\(UUID().uuidString).csv").path
        try content(rows: rows).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Loads `path` with `change` run just before the final check.
    static func load(_ path: String, change: @escaping @Sendable () -> Void) -> Result<Int, MsokoError> {
        do {
            let report = try CSVReader.$beforeFinalCheck.withValue(change) {
                try CSVReader.read(path: path, options: CSVOptions())
            }
            return .success(report.table.rowCount)
        } catch let error as MsokoError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return .success(-1)
        }
    }

    static func expectChanged(_ result: Result<Int, MsokoError>, _ path: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        switch result {
        case .success(let rows):
            Issue.record("loaded \(rows) rows of a file changed while it was read", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.kind == .file(path: path, problem: .changedWhileRead), sourceLocation: sourceLocation)
            let text = Language.$scoped.withValue(.en) { error.kind.text }
            #expect(text.contains("changed while it was being read"), sourceLocation: sourceLocation)
        }
    }

    /// Writes `data` over the start of the file, in place (no truncation).
    static func overwrite(_ path: String, with data: Data, at offset: UInt64 = 0) {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            Issue.record("cannot open \(path) for writing")
            return
        }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: data)
        } catch {
            Issue.record("cannot write \(path): \(error)")
        }
    }

    // Small (one chunk) and ~1.6 MB (several 1 MB chunks on two threads).
    static let sizes = [40, 50_000]

    @Test(arguments: sizes) func aSameLengthRewriteFails(rows: Int) throws {
        let path = try Self.write(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let other = Self.content(rows: rows, mark: 5)
        #expect(other.count == (try Data(contentsOf: URL(fileURLWithPath: path))).count)
        Self.expectChanged(Self.load(path) { Self.overwrite(path, with: other) }, path)
    }

    @Test(arguments: sizes) func aLongerRewriteFails(rows: Int) throws {
        let path = try Self.write(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let longer = Self.content(rows: rows + 10, mark: 4)
        Self.expectChanged(Self.load(path) { Self.overwrite(path, with: longer) }, path)
    }

    @Test func oneByteChangedInTheMiddleFails() throws {
        let path = try Self.write(rows: 50_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        Self.expectChanged(Self.load(path) { Self.overwrite(path, with: Data("9".utf8), at: 800_000) }, path)
    }

    @Test func aTouchAloneFails() throws {
        let path = try Self.write(rows: 40)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A modification time far from the file's own (a `touch` in the same clock tick as the
        // write that made the file could leave it equal).
        Self.expectChanged(Self.load(path) {
            #expect((try? FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
                                                            ofItemAtPath: path)) != nil)
        }, path)
    }

    @Test func aFileReplacedUnderItsPathFails() throws {
        let path = try Self.write(rows: 40)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // What editors and `mv new.csv data.csv` do: a new inode under the same name.
        Self.expectChanged(Self.load(path) {
            let temporary = path + ".new"
            #expect((try? Self.content(rows: 40, mark: 2).write(to: URL(fileURLWithPath: temporary))) != nil)
            #expect(rename(temporary, path) == 0)
        }, path)
    }

    @Test func aFileDeletedWhileReadFails() throws {
        let path = try Self.write(rows: 40)
        defer { try? FileManager.default.removeItem(atPath: path) }
        Self.expectChanged(Self.load(path) { #expect(unlink(path) == 0) }, path)
    }

    @Test(arguments: sizes) func anUntouchedFileLoads(rows: Int) throws {
        let path = try Self.write(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Reading the file meanwhile changes nothing that is compared.
        let result = Self.load(path) { _ = try? Data(contentsOf: URL(fileURLWithPath: path)) }
        #expect((try? result.get()) == rows)
    }
}
