/// Pass 1 of the reader: splits UTF-8 bytes into records and fields (RFC 4180 with Python csv's
/// leniency), recording each field's raw byte bounds; nothing is copied or decoded here.
///
/// Quoting follows Python's `csv` module (non-strict): a field that starts with `"` runs to the
/// matching `"`, with `""` standing for one quote and delimiters and line breaks inside kept;
/// text after the closing quote is appended literally (`"ab"c` is `abc`); a quote inside an
/// unquoted field is an ordinary character. A record ends at LF, CRLF or a lone CR outside
/// quotes, or at the end of input (the final line break is optional).

/// The field bounds of one record, reused from record to record (no allocation per record).
/// Raw pointers rather than arrays: this is written for every field of the file, and array
/// uniqueness and bounds checks showed in profiles. The owner calls `deallocate()`.
struct CSVFieldScratch {
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 8)
        starts = .allocate(capacity: self.capacity)
        ends = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        starts.deallocate()
        ends.deallocate()
    }

    @inline(__always) mutating func reset() { count = 0 }

    /// Drops the last field (`null_padding` trimming a record to the header's width).
    mutating func removeLast() { if count > 0 { count -= 1 } }

    @inline(__always) mutating func append(_ start: Int, _ end: Int) {
        if count == capacity { grow() }
        starts[count] = start
        ends[count] = end
        count += 1
    }

    @inline(never) private mutating func grow() {
        let newCapacity = capacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newStarts.update(from: starts, count: count)
        newEnds.update(from: ends, count: count)
        deallocate()
        starts = newStarts
        ends = newEnds
        capacity = newCapacity
    }
}

/// Scans records from a UTF-8 buffer.
struct CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    let base: UnsafePointer<UInt8>
    let end: Int
    let delimiter: UInt8

    enum Outcome {
        /// The record ended; the next one starts at `next`.
        case record(next: Int)
        /// A quoted field starting at `fieldStart` never closed before the end of input.
        case unterminated(fieldStart: Int)
    }

    /// The position after the line break at `position` (which must be CR or LF).
    @inline(__always) func afterLineBreak(_ position: Int) -> Int {
        if base[position] == Self.cr, position + 1 < end, base[position + 1] == Self.lf { return position + 2 }
        return position + 1
    }

    /// Reads the record that starts at `position` (not at a line break) into `fields`.
    @inline(__always) func scanRecord(from position: Int, into fields: inout CSVFieldScratch) -> Outcome {
        let delimiter = self.delimiter
        let base = self.base
        let end = self.end
        var p = position
        fields.reset()
        while true {
            let fieldStart = p
            if p < end && base[p] == Self.quote {
                p += 1
                while true {
                    while p < end && base[p] != Self.quote { p += 1 }
                    if p >= end { return .unterminated(fieldStart: fieldStart) }
                    p += 1
                    if p < end && base[p] == Self.quote { p += 1; continue }
                    break
                }
            }
            // An unquoted field, or what follows a closing quote: up to a delimiter or line break.
            while p < end {
                let c = base[p]
                if c == delimiter || c == Self.lf || c == Self.cr { break }
                p += 1
            }
            fields.append(fieldStart, p)
            if p >= end { return .record(next: p) }
            if base[p] == delimiter {
                p += 1
                if p >= end {
                    fields.append(p, p)
                    return .record(next: p)
                }
                continue
            }
            return .record(next: afterLineBreak(p))
        }
    }

    /// Skips blank lines (empty lines between line breaks) from `position`.
    @inline(__always) func skipBlankLines(from position: Int) -> Int {
        var p = position
        while p < end, base[p] == Self.lf || base[p] == Self.cr { p = afterLineBreak(p) }
        return p
    }

    /// The position after `count` physical lines from `position` (quotes not considered: `skip`
    /// is for preambles above the header).
    func skipLines(_ count: Int, from position: Int) -> Int {
        var p = position
        var remaining = count
        while remaining > 0 && p < end {
            while p < end && base[p] != Self.lf && base[p] != Self.cr { p += 1 }
            if p < end { p = afterLineBreak(p) }
            remaining -= 1
        }
        return p
    }

    /// A field's content: quotes removed and `""` undoubled per Python csv. Points into the
    /// buffer when no unescaping is needed, else into `scratch` (valid until its next use).
    @inline(__always)
    static func content(base: UnsafePointer<UInt8>, start: Int, end: Int,
                        scratch: CSVByteScratch) -> (pointer: UnsafePointer<UInt8>, count: Int, quoted: Bool) {
        guard start < end, base[start] == quote else { return (base + start, end - start, false) }
        if end - start >= 2, base[end - 1] == quote {
            var inner = start + 1
            while inner < end - 1 && base[inner] != quote { inner += 1 }
            if inner == end - 1 { return (base + start + 1, end - start - 2, true) }
        }
        let count = unescape(base: base, start: start, end: end, into: scratch)
        return (UnsafePointer(scratch.pointer), count, true)
    }

    /// Undoubles the quotes of a quoted field into `scratch`; returns the length.
    @inline(never)
    static func unescape(base: UnsafePointer<UInt8>, start: Int, end: Int, into scratch: CSVByteScratch) -> Int {
        scratch.reserve(end - start)
        let out = scratch.pointer
        var length = 0
        var i = start + 1
        var inQuotes = true
        while i < end {
            let c = base[i]
            if inQuotes && c == quote {
                if i + 1 < end && base[i + 1] == quote {
                    out[length] = quote
                    length += 1
                    i += 2
                    continue
                }
                inQuotes = false
                i += 1
                continue
            }
            out[length] = c
            length += 1
            i += 1
        }
        return length
    }
}

/// A reusable byte buffer for unescaped fields.
final class CSVByteScratch {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
        pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    @inline(__always) func reserve(_ needed: Int) {
        if needed > capacity {
            pointer.deallocate()
            capacity = max(needed, capacity * 2)
            pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        }
    }
}

/// Pass 1's output: each column's field starts and ends (UInt32 offsets, column-major so that
/// pass 2 reads them sequentially) and each row's record start (for error messages).
/// A struct of raw pointers, appended to for every field; the owner calls `deallocate()`.
/// Sendable: a chunk worker owns its index while it fills it; the merge reads it afterwards.
struct CSVFieldIndex: @unchecked Sendable {
    let columnCount: Int
    private(set) var rowCount = 0
    private var capacity: Int
    /// `starts[column]` and `ends[column]` point to `capacity` offsets each.
    private(set) var starts: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    private(set) var ends: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    private(set) var recordStarts: UnsafeMutablePointer<UInt32>

    init(columnCount: Int, estimatedRows: Int) {
        self.columnCount = columnCount
        capacity = max(estimatedRows, 16)
        starts = .allocate(capacity: max(columnCount, 1))
        ends = .allocate(capacity: max(columnCount, 1))
        for column in 0..<columnCount {
            starts[column] = .allocate(capacity: capacity)
            ends[column] = .allocate(capacity: capacity)
        }
        recordStarts = .allocate(capacity: capacity)
    }

    func deallocate() {
        for column in 0..<columnCount {
            starts[column].deallocate()
            ends[column].deallocate()
        }
        starts.deallocate()
        ends.deallocate()
        recordStarts.deallocate()
    }

    /// Empties the index for the next chunk, keeping its memory.
    mutating func reset() { rowCount = 0 }

    /// Appends a row: the first `columnCount` fields of `fields`.
    @inline(__always) mutating func append(recordStart: Int, fields: CSVFieldScratch) {
        if rowCount == capacity { grow() }
        let row = rowCount
        recordStarts[row] = UInt32(truncatingIfNeeded: recordStart)
        let fieldStarts = fields.starts, fieldEnds = fields.ends
        for column in 0..<columnCount {
            starts[column][row] = UInt32(truncatingIfNeeded: fieldStarts[column])
            ends[column][row] = UInt32(truncatingIfNeeded: fieldEnds[column])
        }
        rowCount = row + 1
    }

    @inline(never) private mutating func grow() {
        let newCapacity = capacity * 2
        func moved(_ old: UnsafeMutablePointer<UInt32>) -> UnsafeMutablePointer<UInt32> {
            let new = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
            new.update(from: old, count: rowCount)
            old.deallocate()
            return new
        }
        for column in 0..<columnCount {
            starts[column] = moved(starts[column])
            ends[column] = moved(ends[column])
        }
        recordStarts = moved(recordStarts)
        capacity = newCapacity
    }
}
