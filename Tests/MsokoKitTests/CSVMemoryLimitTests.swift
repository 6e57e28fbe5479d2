import Foundation
import Testing
@testable import MsokoKit

/// Running out of memory while loading a CSV is a message naming the file, not a crash
/// (`CSVGrowable` used to call `preconditionFailure`). The limit is injected
/// (`CSVAllocation.limit`): a reservation above it fails as `realloc` returning nil would.
@Suite struct CSVMemoryLimitTests {
    typealias T = CSVTestSupport

    /// `rows` rows of an int, a text and a mostly-empty column.
    static func text(rows: Int) -> String {
        var text = "id,school,score\n"
        for row in 0..<rows { text += "\(row),S\(row % 37),\(row % 20 == 0 ? "" : String(row % 3))\n" }
        return text
    }

    @Test func aFailedReservationKeepsTheValuesAndDropsLaterAppends() {
        CSVAllocation.$limit.withValue(8192) {
            var buffer = CSVGrowable<UInt32>()
            defer { buffer.free() }
            let first = (0..<1000).map { UInt32($0) }
            first.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
            #expect(buffer.failedBytes == nil)
            // 3000 elements of 4 bytes: 12 000 bytes, over the 8192-byte limit.
            let more = [UInt32](repeating: 7, count: 2000)
            more.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
            #expect(buffer.failedBytes == 3000 * 4)
            #expect(buffer.count == 1000)
            // Still within the capacity it has (1024): single appends work, past it they are dropped.
            for value in 0..<100 { buffer.append(UInt32(5000 + value)) }
            #expect(buffer.count == 1024)
            buffer.append(repeating: 9, count: 10)
            #expect(buffer.count == 1024)
            #expect(Array(buffer.buffer.prefix(1000)) == first)
            #expect(Array(buffer.buffer.suffix(24)) == (5000..<5024).map { UInt32($0) })
            let grew = buffer.reserve(2000)
            #expect(!grew)
        }
    }

    @Test func aLoadOutOfMemoryFailsWithTheFileNamed() throws {
        let text = Self.text(rows: 5000)
        // The first reservation of a column's validity is 1024 words of 8 bytes: over 1000.
        let error = CSVAllocation.$limit.withValue(1000) {
            T.error { try CSVReader.read(bytes: Array(text.utf8), fileName: "marks.csv", options: CSVOptions()) }
        }
        let failure = try #require(error)
        guard case .file(let path, .outOfMemory(let bytes)) = failure.kind else {
            Issue.record("expected an out-of-memory file error, got \(failure.kind)")
            return
        }
        #expect(path == "marks.csv")
        #expect(bytes == 1024 * 8)
        let english = Language.$scoped.withValue(.en) { failure.kind.text }
        #expect(english.contains("not enough memory to load `marks.csv`"))
        #expect(english.contains("8.2 KB"))
        #expect(failure.hint?.isEmpty == false)
        // The same bytes without the limit load: the limit alone failed them.
        let report = try CSVReader.read(bytes: Array(text.utf8), fileName: "marks.csv", options: CSVOptions())
        #expect(report.table.rowCount == 5000)
    }

    @Test func runningOutInALaterChunkOnTwoThreadsFailsToo() throws {
        // 40 000 rows in 64-byte chunks, two at a time: the record starts (4 bytes a row) pass
        // 64 KB after about 16 000 rows, long after the first chunks merged.
        let text = Self.text(rows: 40_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for parallel in [true, false] {
            let error = CSVParse.$parallelChunks.withValue(parallel) {
                CSVParse.$chunkBytes.withValue(64) {
                    CSVAllocation.$limit.withValue(64 << 10) { T.error { try CSVReader.read(path: path, options: CSVOptions()) } }
                }
            }
            let failure = try #require(error)
            guard case .file(let named, .outOfMemory(let bytes)) = failure.kind else {
                Issue.record("expected an out-of-memory file error, got \(failure.kind)")
                continue
            }
            #expect(named == path)
            #expect(bytes > 64 << 10)
            #expect(failure.kind.text.contains(path))
        }
        let loaded = try CSVParse.$chunkBytes.withValue(64) { try CSVReader.read(path: path, options: CSVOptions()) }
        #expect(loaded.table.rowCount == 40_000)
    }

    @Test func theMessageHasBothLanguages() {
        let kind = MsokoError.Kind.file(path: "a.csv", problem: .outOfMemory(bytes: 12_300_000))
        let english = Language.$scoped.withValue(.en) { kind.text }
        #expect(english == "not enough memory to load `a.csv`: 12.3 MB needed")
        let russian = Language.$scoped.withValue(.ru) { kind.text }
        #expect(russian.hasPrefix("не хватило памяти, чтобы загрузить `a.csv`"))
        #expect(russian.contains("МБ"))
        #expect(Language.$scoped.withValue(.ru) { kind.hint }?.isEmpty == false)
    }
}
