import Foundation
import Dispatch

// Passes 1 and 2 in chunks, on two cores.
//
// The data records are cut into chunks of about `CSVParse.chunkBytes`. Each chunk is tokenized
// into its own small field index, and each of its columns is typed and built from it on its own
// (a "piece"); the pieces are appended to the columns in file order (CSVColumnAccumulator), and
// the chunk's index is reused. So the memory of a load is the columns plus two chunks, never an
// index of the whole file, and a mapped file's pages are dropped once their chunk is in.
//
// Two chunks are parsed at a time, one per core. Where the second one starts is a guess: the
// first line break after the cut. The guess is right when the first chunk (which starts at a
// known record start) ends exactly there; otherwise the cut was inside a quoted field, and the
// second chunk's result (its rows, or any error it found) is discarded and parsed again from
// where the first one really ended. Errors are turned into messages only when their chunk is
// merged, in file order, so the first error in the file is the one reported, as in one pass.

/// What every chunk needs to know about the file's records.
struct CSVLayout: @unchecked Sendable {
    var scanner: CSVScanner
    let columnCount: Int
    let trailingDelimiter: Bool
    let names: [String]
    let hasHeader: Bool
    let decimal: UInt8
    let thousands: UInt8
    /// The first record's length, to size a chunk's index.
    var bytesPerRow: Int
    /// The fields that become columns, in file order: every field, unless the load reads only
    /// the columns one pipeline needs (`CSVOptions.onlyColumns`). Every field is still split
    /// and counted, so a ragged row or a bad byte anywhere in a record is the same error.
    var built: [Int]
}

/// What happened to one record.
enum CSVRecordOutcome {
    /// A row with `columnCount` fields (after `null_padding`).
    case accept(next: Int)
    /// Undecodable or NUL bytes: `problems[index]`.
    case problem(next: Int, index: Int)
    /// The wrong number of fields.
    case ragged(next: Int, count: Int)
    /// A quoted field runs to the end of the input.
    case unterminated
}

/// One chunk, parsed: its field index, its column pieces, and what it skipped or failed on.
struct CSVChunk: @unchecked Sendable {
    /// Where the chunk's first and next records start.
    var start: Int
    var next: Int
    var index: CSVFieldIndex
    var pieces: [CSVColumnPiece] = []
    var skipped = 0
    /// Record starts of the first skipped rows (for the examples of `ignore_errors`).
    var issues: [Int] = []
    /// The record start of the error that stopped the chunk.
    var failure: Int? = nil
}

/// The columns after the last chunk.
struct CSVLoaded {
    var columns: [Column]
    var failures: [[Int]]
    var rowCount: Int
    var skipped: Int
    var examples: [DataLocation]
    /// Each row's record start (for conversion errors and `provenance`): 4 bytes a row.
    var recordStarts: CSVGrowable<UInt32>
}

/// The two chunks of a step, written from the worker threads.
private final class CSVChunkPair: @unchecked Sendable {
    var chunks: [CSVChunk?] = [nil, nil]
    let lock = NSLock()
    func set(_ index: Int, _ chunk: CSVChunk) {
        lock.lock()
        chunks[index] = chunk
        lock.unlock()
    }
}

extension CSVParse {
    /// Bytes per chunk. Small enough that two chunks in flight (their mapped pages, their
    /// indexes of 8 B a field, their pieces with 64-bit integers: about 6 MB at 1 MB a chunk,
    /// 22 MB at the former 4 MB) are a small part of even a 50 MB load's memory, large enough
    /// that the per-chunk work (thread hand-off, piece merging) is noise: at 1M and 10M rows
    /// 1 MB took the CPU time 4 MB did (decisions.md, "CSV load peak at 1.5× the file").
    /// Tests set it to a few bytes to put chunk boundaries everywhere (task-local, so tests
    /// running at the same time do not see each other's setting).
    @TaskLocal static var chunkBytes = 1 << 20
    /// Whether two chunks are parsed at once (tests compare with the one-chunk-at-a-time path).
    @TaskLocal static var parallelChunks = true

    func loadChunks(_ given: CSVLayout, from first: Int) throws(MsokoError) -> CSVLoaded {
        // Size the chunks' indexes by the first data record (the header is often longer).
        var sized = given
        if first < end {
            var fields = CSVFieldScratch(capacity: 64)
            if case .record(let next) = given.scanner.scanRecord(from: first, into: &fields) {
                sized.bytesPerRow = max(1, next - first)
            }
            fields.deallocate()
        }
        let layout = sized
        // A quarter over the estimate: capacity that is never written costs address space only.
        // At most one row per 8 bytes of file, so that a misleading first row never asks for
        // more address space per column than the file's size (a huge request could fail).
        let expectedRows = min((end - first) / layout.bytesPerRow * 5 / 4, (end - first) / 8) + 1024
        var columns = layout.built.map { column in
            CSVColumnAccumulator(explicitType: options.types[layout.names[column]],
                                 sniffSpaceThousands: options.thousands == nil, expectedRows: expectedRows)
        }
        var recordStarts = CSVGrowable<UInt32>()
        var skipped = 0
        var examples: [DataLocation] = []
        let chunkBytes = max(1, Self.chunkBytes)
        // Two indexes, reused from step to step: a chunk's index is the same size every time,
        // and allocating it afresh would fault its pages in again for every chunk.
        let estimated = min(end - first, chunkBytes) / layout.bytesPerRow * 11 / 10 + 16
        var spare = [CSVFieldIndex(columnCount: layout.columnCount, estimatedRows: estimated),
                     CSVFieldIndex(columnCount: layout.columnCount, estimatedRows: estimated)]
        defer { for index in spare { index.deallocate() } }
        var position = first
        var released = 0
        do throws(MsokoError) {
            while position < end {
                let cut = boundary(layout, after: position + chunkBytes)
                let textColumns = columns.map(\.isText)
                if Self.parallelChunks && cut < end {
                    let secondCut = boundary(layout, after: cut + chunkBytes)
                    // The second chunk's scanner ends a chunk after its own end: a guessed start
                    // inside a quoted field must not send it scanning to the end of the file.
                    let limit = min(end, secondCut + chunkBytes)
                    var speculative = layout
                    speculative.scanner = CSVScanner(base: base, end: limit, delimiter: layout.scanner.delimiter)
                    let second = speculative
                    let pair = CSVChunkPair()
                    let from = position
                    let indexes = spare
                    DispatchQueue.concurrentPerform(iterations: 2) { which in
                        pair.set(which, which == 0
                            ? parseChunk(layout, from: from, stopAt: cut, textColumns: textColumns, index: indexes[0])
                            : parseChunk(second, from: cut, stopAt: secondCut, textColumns: textColumns, index: indexes[1]))
                    }
                    guard var a = pair.chunks[0], var b = pair.chunks[1] else { break }
                    // (An index that grew was reallocated: keep the one the chunk holds.)
                    spare = [a.index, b.index]
                    try merge(&a, layout, into: &columns, recordStarts: &recordStarts, skipped: &skipped, examples: &examples)
                    // The second chunk counts if it started at a record start and never reached
                    // its scanner's early end (else its last record, or its error, may be cut
                    // short; the next step parses it again as a first chunk).
                    let secondComplete = limit == end || (b.next < limit && b.failure == nil)
                    if a.next == cut && secondComplete {
                        try merge(&b, layout, into: &columns, recordStarts: &recordStarts, skipped: &skipped, examples: &examples)
                        position = b.next
                    } else {
                        position = a.next
                    }
                } else {
                    var chunk = parseChunk(layout, from: position, stopAt: cut, textColumns: textColumns, index: spare[0])
                    spare[0] = chunk.index
                    try merge(&chunk, layout, into: &columns, recordStarts: &recordStarts, skipped: &skipped, examples: &examples)
                    position = chunk.next
                }
                release?(released..<position)
                released = position
                try checkMemory(columns, recordStarts)
            }
        } catch {
            for index in columns.indices { columns[index].free() }
            recordStarts.free()
            throw error
        }
        let rowCount = recordStarts.count
        var finished: [Column] = []
        var failures: [[Int]] = []
        let starts = recordStarts
        for (slot, column) in layout.built.enumerated() {
            failures.append(columns[slot].failures)
            let template = columnInput(layout, column: column, starts: nil, ends: nil, rowCount: 0)
            finished.append(columns[slot].finish(template: template) { template, body in
                everything(layout, column: column, recordStarts: starts, template: template, body)
            })
            // Finishing may rebuild the column (as text, or as space-grouped numbers), so it may
            // run out of memory too (`failedBytes` outlives the buffers `finish` frees).
            if let bytes = columns[slot].failedBytes {
                for index in columns.indices { columns[index].free() }
                recordStarts.free()
                throw MsokoError(.file(path: fileName, problem: .outOfMemory(bytes: bytes)))
            }
        }
        return CSVLoaded(columns: finished, failures: failures, rowCount: rowCount, skipped: skipped,
                         examples: examples, recordStarts: recordStarts)
    }

    /// Fails the load when a buffer could not grow (`CSVGrowable`): the message names the file
    /// and the size asked for, instead of the process dying.
    func checkMemory(_ columns: [CSVColumnAccumulator], _ recordStarts: CSVGrowable<UInt32>) throws(MsokoError) {
        // The columns first: a chunk is merged into them before its record starts.
        guard let bytes = columns.lazy.compactMap(\.failedBytes).first ?? recordStarts.failedBytes else { return }
        throw MsokoError(.file(path: fileName, problem: .outOfMemory(bytes: bytes)))
    }

    /// A guess at the record start after `nominal`: past the next line break and blank lines.
    func boundary(_ layout: CSVLayout, after nominal: Int) -> Int {
        guard nominal < end else { return end }
        var p = nominal
        while p < end && base[p] != CSVScanner.lf && base[p] != CSVScanner.cr { p += 1 }
        guard p < end else { return end }
        return layout.scanner.skipBlankLines(from: layout.scanner.afterLineBreak(p))
    }

    /// The input of one column of a chunk (or of a re-scan).
    func columnInput(_ layout: CSVLayout, column: Int, starts: UnsafePointer<UInt32>?, ends: UnsafePointer<UInt32>?,
                     rowCount: Int) -> CSVColumnInput {
        let none = UnsafePointer(CSVParse.noOffsets)
        return CSVColumnInput(base: base, starts: starts ?? none, ends: ends ?? none, rowCount: rowCount,
                              decimal: layout.decimal, thousands: layout.thousands,
                              explicitType: options.types[layout.names[column]],
                              sniffSpaceThousands: options.thousands == nil)
    }

    nonisolated(unsafe) static let noOffsets = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)

    // MARK: - One chunk (runs on a worker thread: reads only, builds no message)

    func parseChunk(_ layout: CSVLayout, from first: Int, stopAt: Int, textColumns: [Bool],
                    index: CSVFieldIndex) -> CSVChunk {
        var chunk = CSVChunk(start: first, next: first, index: index)
        chunk.index.reset()
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var problemIndex = firstProblem(atOrAfter: first)
        var position = first
        // The layout's scanner may end early (a speculative chunk, see `loadChunks`).
        let scanEnd = layout.scanner.end
        scan: while position < scanEnd && position < stopAt {
            let recordStart = position
            switch classify(layout, recordStart: recordStart, fields: &fields, problemIndex: &problemIndex) {
            case .accept(let next):
                chunk.index.append(recordStart: recordStart, fields: fields)
                position = layout.scanner.skipBlankLines(from: next)
            case .problem(let next, _), .ragged(let next, _):
                guard options.ignoreErrors else {
                    chunk.failure = recordStart
                    break scan
                }
                chunk.skipped += 1
                if chunk.issues.count < CSVReader.exampleLimit { chunk.issues.append(recordStart) }
                position = layout.scanner.skipBlankLines(from: next)
            case .unterminated:
                chunk.failure = recordStart
                break scan
            }
        }
        chunk.next = position
        if chunk.failure == nil {
            let index = chunk.index
            chunk.pieces = layout.built.enumerated().map { slot, column in
                CSVColumnBuilder.buildPiece(columnInput(layout, column: column, starts: index.starts[column],
                                                        ends: index.ends[column], rowCount: index.rowCount),
                                            columnIsText: textColumns[slot])
            }
        }
        return chunk
    }

    /// The first problem byte at or after `offset` (binary search).
    func firstProblem(atOrAfter offset: Int) -> Int {
        var low = 0, high = problems.count
        while low < high {
            let middle = (low + high) / 2
            if problems[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Scans the record at `recordStart` and decides whether it is a row: the rules of one
    /// record, shared by the chunks and by the messages made from their results.
    func classify(_ layout: CSVLayout, recordStart: Int, fields: inout CSVFieldScratch,
                  problemIndex: inout Int) -> CSVRecordOutcome {
        guard case .record(let next) = layout.scanner.scanRecord(from: recordStart, into: &fields) else {
            return .unterminated
        }
        let problemCount = problems.count
        if problemIndex < problemCount {
            while problemIndex < problemCount && problems[problemIndex].offset < recordStart { problemIndex += 1 }
            if problemIndex < problemCount && problems[problemIndex].offset < next {
                return .problem(next: next, index: problemIndex)
            }
        }
        let columnCount = layout.columnCount
        var count = fields.count
        if layout.trailingDelimiter && count == columnCount + 1 && fields.starts[count - 1] == fields.ends[count - 1] {
            count -= 1
        }
        if count != columnCount && options.nullPadding {
            // Spreadsheets drop trailing empty cells: the missing fields are empty (null).
            // Extra fields are dropped only when they are all empty (`a;b;;;`).
            if count < columnCount {
                let padAt = count > 0 ? fields.ends[count - 1] : recordStart
                while fields.count > count { fields.removeLast() }
                while fields.count < columnCount { fields.append(padAt, padAt) }
                count = columnCount
            } else if (columnCount..<count).allSatisfy({ fields.starts[$0] == fields.ends[$0] }) {
                count = columnCount
            }
        }
        return count == columnCount ? .accept(next: next) : .ragged(next: next, count: count)
    }

    /// The message for the record at `recordStart` that a chunk skipped or stopped at.
    func recordError(_ layout: CSVLayout, recordStart: Int) -> MsokoError {
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var problemIndex = firstProblem(atOrAfter: recordStart)
        switch classify(layout, recordStart: recordStart, fields: &fields, problemIndex: &problemIndex) {
        case .problem(_, let index):
            return problemError(problems[index], recordStart: recordStart, fields: fields, names: layout.names)
        case .ragged(_, let count):
            return raggedError(recordStart: recordStart, fields: fields, count: count, expected: layout.columnCount,
                               names: layout.names, hasHeader: layout.hasHeader, nullPadding: options.nullPadding)
        case .unterminated, .accept:
            do throws(MsokoError) {
                _ = try scan(layout.scanner, from: recordStart, into: &fields)
            } catch {
                return error
            }
            return MsokoError(.data, tr("io.csv.unterminated_quoted_field_starting"))
        }
    }

    /// Field `column` of the (accepted) record at `recordStart`.
    func fieldBounds(_ layout: CSVLayout, recordStart: Int, column: Int) -> (Int, Int) {
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var problemIndex = problems.count
        _ = classify(layout, recordStart: recordStart, fields: &fields, problemIndex: &problemIndex)
        guard column < fields.count else { return (recordStart, recordStart) }
        return (fields.starts[column], fields.ends[column])
    }

    /// The input of one column over every row loaded so far, by scanning their records again
    /// (the rare case of a column that turns text after its first chunk).
    func everything(_ layout: CSVLayout, column: Int, recordStarts: CSVGrowable<UInt32>, template: CSVColumnInput,
                    _ body: (CSVColumnInput) -> Void) {
        let rowCount = recordStarts.count
        var starts = [UInt32](repeating: 0, count: rowCount)
        var ends = [UInt32](repeating: 0, count: rowCount)
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        let records = recordStarts.buffer
        for row in 0..<rowCount {
            var problemIndex = problems.count
            let recordStart = Int(records[row])
            _ = classify(layout, recordStart: recordStart, fields: &fields, problemIndex: &problemIndex)
            if column < fields.count {
                starts[row] = UInt32(truncatingIfNeeded: fields.starts[column])
                ends[row] = UInt32(truncatingIfNeeded: fields.ends[column])
            } else {
                starts[row] = UInt32(truncatingIfNeeded: recordStart)
                ends[row] = UInt32(truncatingIfNeeded: recordStart)
            }
        }
        starts.withUnsafeBufferPointer { starts in
            ends.withUnsafeBufferPointer { ends in
                let input = CSVColumnInput(base: base, starts: starts.baseAddress ?? UnsafePointer(CSVParse.noOffsets),
                                       ends: ends.baseAddress ?? UnsafePointer(CSVParse.noOffsets), rowCount: rowCount,
                                       decimal: template.decimal, thousands: template.thousands,
                                       explicitType: template.explicitType, sniffSpaceThousands: template.sniffSpaceThousands)
                body(input)
            }
        }
    }

    // MARK: - Merging (on the calling thread, in file order)

    func merge(_ chunk: inout CSVChunk, _ layout: CSVLayout, into columns: inout [CSVColumnAccumulator],
               recordStarts: inout CSVGrowable<UInt32>, skipped: inout Int,
               examples: inout [DataLocation]) throws(MsokoError) {
        for issue in chunk.issues where examples.count < CSVReader.exampleLimit {
            if let place = recordError(layout, recordStart: issue).data { examples.append(place) }
        }
        skipped += chunk.skipped
        if let failure = chunk.failure { throw recordError(layout, recordStart: failure) }
        let index = chunk.index
        let starts = recordStarts
        for (slot, column) in layout.built.enumerated() {
            let input = columnInput(layout, column: column, starts: index.starts[column], ends: index.ends[column],
                                    rowCount: index.rowCount)
            columns[slot].append(chunk.pieces[slot], chunk: input) { template, body in
                everything(layout, column: column, recordStarts: starts, template: template, body)
            }
        }
        chunk.pieces = []
        recordStarts.append(contentsOf: UnsafeBufferPointer(start: index.recordStarts, count: index.rowCount))
    }
}
