import Foundation
import Dispatch

/// Pass 1 on two cores, for the common clean file: no quote character anywhere and no byte the
/// reader would complain about.
///
/// Without quotes every line feed ends a record, so the buffer splits at the first line feed
/// after its middle and each half is scanned on its own core into its own field index; the
/// second index is then appended to the first. A record either half finds irregular (a field
/// count the header does not allow) gives up the whole attempt, and the caller scans the file
/// once more sequentially: that path owns every error message and `ignore_errors`, so what a
/// person reads never depends on which path ran. Pass 2 is unchanged (it already builds
/// columns in parallel); interning stays per column, so the dictionaries are the same.
enum CSVParallelScan {
    /// Below this many bytes one core is quicker than starting a second.
    static let minimumBytes = 1 << 20

    /// The whole file's field index, or nil when the file does not qualify (the caller then
    /// scans sequentially). `position` is the first data record; `end` the end of the buffer.
    static func scan(scanner: CSVScanner, from position: Int, columnCount: Int, trailingDelimiter: Bool,
                     nullPadding: Bool, estimatedRows: Int) -> CSVFieldIndex? {
        let base = scanner.base, end = scanner.end
        guard end - position >= minimumBytes, ProcessInfo.processInfo.activeProcessorCount >= 2,
              memchr(base + position, Int32(CSVScanner.quote), end - position) == nil else { return nil }
        let middle = position + (end - position) / 2
        guard let found = memchr(base + middle, Int32(CSVScanner.lf), end - middle) else { return nil }
        let split = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        let chunks = CSVChunks([
            (CSVScanner(base: base, end: split, delimiter: scanner.delimiter), position, estimatedRows),
            (CSVScanner(base: base, end: end, delimiter: scanner.delimiter), split, estimatedRows / 2 + 16),
        ])
        DispatchQueue.concurrentPerform(iterations: 2) { chunk in
            let (chunkScanner, start, rows) = chunks.inputs[chunk]
            chunks.set(chunk, scanChunk(chunkScanner, from: start, columnCount: columnCount,
                                        trailingDelimiter: trailingDelimiter, nullPadding: nullPadding,
                                        estimatedRows: rows))
        }
        let results = chunks.results()
        guard var first = results[0], let second = results[1] else {
            for index in results { index?.deallocate() }
            return nil
        }
        first.append(contentsOf: second)
        second.deallocate()
        return first
    }

    /// Scans the records from `position` to the scanner's end; nil at the first irregular one.
    static func scanChunk(_ scanner: CSVScanner, from start: Int, columnCount: Int, trailingDelimiter: Bool,
                          nullPadding: Bool, estimatedRows: Int) -> CSVFieldIndex? {
        var fields = CSVFieldScratch(capacity: max(columnCount + 1, 64))
        defer { fields.deallocate() }
        var index = CSVFieldIndex(columnCount: columnCount, estimatedRows: estimatedRows)
        var position = scanner.skipBlankLines(from: start)
        while position < scanner.end {
            let recordStart = position
            guard case .record(let next) = scanner.scanRecord(from: recordStart, into: &fields) else {
                index.deallocate()
                return nil
            }
            position = scanner.skipBlankLines(from: next)
            let count = CSVParse.fit(&fields, recordStart: recordStart, columnCount: columnCount,
                                     trailingDelimiter: trailingDelimiter, nullPadding: nullPadding)
            guard count == columnCount else {
                index.deallocate()
                return nil
            }
            index.append(recordStart: recordStart, fields: fields)
        }
        return index
    }
}

/// The two halves' inputs and field indexes, written by index from the worker threads.
final class CSVChunks: @unchecked Sendable {
    let inputs: [(CSVScanner, Int, Int)]
    private var indexes: [CSVFieldIndex?]
    private let lock = NSLock()

    init(_ inputs: [(CSVScanner, Int, Int)]) {
        self.inputs = inputs
        indexes = Array(repeating: nil, count: inputs.count)
    }

    func set(_ chunk: Int, _ index: CSVFieldIndex?) {
        lock.lock()
        indexes[chunk] = index
        lock.unlock()
    }

    func results() -> [CSVFieldIndex?] {
        lock.lock()
        defer { lock.unlock() }
        return indexes
    }
}
