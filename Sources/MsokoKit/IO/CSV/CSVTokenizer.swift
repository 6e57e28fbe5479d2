/// Pass 1 of the reader: splits UTF-8 bytes into records and fields (RFC 4180 with Python csv's
/// leniency), recording each field's raw byte bounds; nothing is copied or decoded here.
///
/// Quoting follows Python's `csv` module (non-strict): a field that starts with `"` runs to the
/// matching `"`, with `""` standing for one quote and delimiters and line breaks inside kept;
/// text after the closing quote is appended literally (`"ab"c` is `abc`); a quote inside an
/// unquoted field is an ordinary character. A record ends at LF, CRLF or a lone CR outside
/// quotes, or at the end of input (the final line break is optional).

/// The field bounds of one record, reused from record to record (no allocation per record).
struct CSVFieldScratch {
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var count = 0

    init(capacity: Int) {
        starts = [Int](repeating: 0, count: max(capacity, 8))
        ends = starts
    }

    @inline(__always) mutating func reset() { count = 0 }

    @inline(__always) mutating func append(_ start: Int, _ end: Int) {
        if count == starts.count {
            starts.append(contentsOf: repeatElement(0, count: starts.count))
            ends.append(contentsOf: repeatElement(0, count: ends.count))
        }
        starts[count] = start
        ends[count] = end
        count += 1
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

/// A growable buffer of `UInt32` that hands out its pointer (pass 1 appends millions of
/// offsets; this keeps the append to a store and a compare).
final class CSVOffsetBuffer: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<UInt32>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: self.capacity)
    }

    deinit { pointer.deallocate() }

    @inline(__always) func append(_ value: UInt32) {
        if count == capacity { grow() }
        pointer[count] = value
        count += 1
    }

    @inline(never) private func grow() {
        let newCapacity = capacity * 2
        let newPointer = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        newPointer.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = newPointer
        capacity = newCapacity
    }

    func removeLast(_ k: Int) { count -= k }
}
