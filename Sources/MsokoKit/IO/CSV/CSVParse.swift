import Foundation
import Dispatch

/// One read of one buffer: sniffing, pass 1, pass 2, and the error messages with their places.
/// Sendable for the chunk workers, which only read through it (the line counter, the one
/// mutable part, is used on the calling thread only, for messages).
struct CSVParse: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let end: Int
    /// The first byte after a BOM (line 1 starts here).
    let start: Int
    let fileName: String
    let options: CSVOptions
    let encoding: CSVEncoding
    /// Undecodable bytes and NUL bytes, in offset order.
    let problems: [CSVBadByte]
    let lines: CSVLineCounter

    /// Told when a pass has consumed a range of bytes (a mapped file drops those pages).
    let release: (@Sendable (Range<Int>) -> Void)?

    init(base: UnsafePointer<UInt8>, end: Int, start: Int, fileName: String, options: CSVOptions,
         encoding: CSVEncoding, badBytes: [CSVBadByte], release: (@Sendable (Range<Int>) -> Void)? = nil,
         knownNULs: [Int]? = nil) {
        self.release = release
        self.base = base
        self.end = end
        self.start = start
        self.fileName = fileName
        self.options = options
        self.encoding = encoding
        self.lines = CSVLineCounter(base: base, start: start)
        // NUL bytes: one memchr sweep finds them all (usually none).
        var nuls: [CSVBadByte] = []
        var position = start
        // Found while the encoding was validated, or swept here in windows, so that a mapped
        // file's pages can be dropped behind the sweep.
        if let knownNULs {
            for offset in knownNULs where offset >= start {
                nuls.append(CSVBadByte(offset: offset, problem: tr("io.csv.nul_byte"), fix: tr("io.csv.nul_text_if_file")))
            }
            position = end
        }
        while position < end {
            let windowStart = position
            let windowEnd = min(end, position + (16 << 20))
            while position < windowEnd, let found = memchr(base + position, 0, windowEnd - position) {
                let offset = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                nuls.append(CSVBadByte(offset: offset, problem: tr("io.csv.nul_byte"),
                                       fix: tr("io.csv.nul_text_if_file")))
                position = offset + 1
            }
            position = windowEnd
            release?(windowStart..<windowEnd)
        }
        if nuls.isEmpty {
            problems = badBytes
        } else {
            problems = (badBytes + nuls).sorted { $0.offset < $1.offset }
        }
    }

    // MARK: - Driver

    mutating func run() throws(MsokoError) -> CSVReadReport {
        let afterSkip = CSVScanner(base: base, end: end, delimiter: 0).skipLines(options.skip, from: start)
        let delimiter = options.delimiter ?? CSVSniffer.delimiter(base: base, from: afterSkip, end: end)
        let scanner = CSVScanner(base: base, end: end, delimiter: delimiter)
        let sample = CSVSniffer.sample(base: base, from: afterSkip, end: end, delimiter: delimiter)
        let decimal = options.decimal ?? CSVSniffer.decimal(sample: sample, delimiter: delimiter)
        let thousands = options.thousands ?? 0
        // Without a `thousands` option, space-grouped numbers (`1 234`) count as numbers when
        // guessing the header, as they will when the columns are typed.
        let hasHeader = options.header ?? CSVSniffer.header(sample: sample, decimal: decimal,
                                                            thousands: options.thousands ?? 0x20)

        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var position = scanner.skipBlankLines(from: afterSkip)
        if position >= end {
            return CSVReadReport(table: Table(), delimiter: delimiter, encoding: encoding.name, decimal: decimal,
                                 header: hasHeader, skippedRows: 0, skippedExamples: [])
        }

        // The first record: the header, or the first data row (which fixes the field count).
        let firstStart = position
        let firstNext = try scan(scanner, from: firstStart, into: &fields)
        var problemIndex = 0
        while problemIndex < problems.count && problems[problemIndex].offset < firstStart { problemIndex += 1 }
        var names: [String]
        var columnCount = fields.count
        var trailingDelimiter = false
        let scratch = CSVByteScratch()
        if hasHeader {
            if problemIndex < problems.count && problems[problemIndex].offset < firstNext && !options.ignoreErrors {
                throw problemError(problems[problemIndex], recordStart: firstStart, fields: fields, names: [])
            }
            while problemIndex < problems.count && problems[problemIndex].offset < firstNext { problemIndex += 1 }
            var raw: [String] = []
            for index in 0..<fields.count {
                let (pointer, count, _) = CSVScanner.content(base: base, start: fields.starts[index],
                                                            end: fields.ends[index], scratch: scratch)
                let text = String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
                raw.append(Self.trimmed(text))
            }
            // `a;b;` — an empty last name is the trailing delimiter of every line, not a column.
            if raw.count > 1, raw.last?.isEmpty == true {
                raw.removeLast()
                columnCount -= 1
                trailingDelimiter = true
            }
            names = Table.uniqueNames(raw)
            position = scanner.skipBlankLines(from: firstNext)
        } else {
            names = (1...max(columnCount, 1)).map { "column\($0)" }
            position = firstStart
        }
        let headerNames = hasHeader ? names : []

        // Types named in `types` must exist.
        for name in options.types.keys.sorted() where !names.contains(name) && !options.typedColumnsMayBeAbsent {
            throw MsokoError(.unknownTypedColumn(name: name, path: fileName, columns: names),
                             hint: Suggest.hint(for: name, among: names))
        }

        // Passes 1 and 2, chunk by chunk (CSVChunks.swift): no index of the whole file exists.
        let built = Self.builtColumns(names: names, options: options)
        let layout = CSVLayout(scanner: scanner, columnCount: columnCount, trailingDelimiter: trailingDelimiter,
                               names: names, hasHeader: hasHeader, decimal: decimal, thousands: thousands,
                               bytesPerRow: max(1, firstNext - firstStart), built: built)
        var loaded = try loadChunks(layout, from: position)
        defer { loaded.recordStarts.free() }
        let rowCount = loaded.rowCount
        var skipped = loaded.skipped
        var examples = loaded.examples
        let recordStarts = loaded.recordStarts.buffer
        var columns = loaded.columns
        var outputNames = built.map { names[$0] }
        if options.provenance {
            // The physical line each record starts on (what an editor shows), counted in one
            // forward pass over the buffer.
            var lineNumbers = [Int64](repeating: 0, count: rowCount)
            let counter = CSVLineCounter(base: base, start: start)
            for row in 0..<rowCount { lineNumbers[row] = Int64(counter.line(of: Int(recordStarts[row]))) }
            columns.insert(CSVColumnAccumulator.makeColumn(.int(lineNumbers), validity: nil), at: 0)
            outputNames = Table.uniqueNames(["source_row"] + outputNames)
        }

        // Values that do not convert to their explicit type: the first is an error, or (under
        // ignore_errors) their rows go.
        var failed: [(row: Int, column: Int)] = []
        for (slot, rows) in loaded.failures.enumerated() {
            for row in rows { failed.append((row, built[slot])) }
        }
        if !failed.isEmpty {
            failed.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            func conversionError(_ failure: (row: Int, column: Int)) -> MsokoError {
                let recordStart = Int(recordStarts[failure.row])
                let (fieldStart, fieldEnd) = fieldBounds(layout, recordStart: recordStart, column: failure.column)
                let (pointer, count, _) = CSVScanner.content(base: base, start: fieldStart, end: fieldEnd, scratch: scratch)
                let value = String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
                let name = names[failure.column]
                let type = options.types[name]?.rawValue ?? "?"
                let location = self.location(recordStart: recordStart, field: failure.column + 1,
                                             columnName: headerNames.isEmpty ? name : headerNames[failure.column],
                                             fieldStart: fieldStart, fieldEnd: fieldEnd)
                return MsokoError(.dataField(value: value, column: name, field: failure.column + 1, type: type),
                                  data: location)
            }
            guard options.ignoreErrors else { throw conversionError(failed[0]) }
            var drop = Set<Int>()
            for failure in failed where drop.insert(failure.row).inserted {
                if examples.count < 2 * CSVReader.exampleLimit, let place = conversionError(failure).data { examples.append(place) }
            }
            skipped += drop.count
            let keep = (0..<rowCount).filter { !drop.contains($0) }.map { Int32($0) }
            columns = columns.map { $0.gather(keep) }
            examples.sort { $0.line < $1.line }
            examples = Array(examples.prefix(CSVReader.exampleLimit))
        }
        let finalRows = columns.first?.count ?? 0
        return CSVReadReport(table: Table(names: outputNames, columns: columns, rowCount: finalRows),
                             delimiter: delimiter, encoding: encoding.name, decimal: decimal, header: hasHeader,
                             skippedRows: skipped, skippedExamples: examples)
    }

    /// The fields that become columns: those `onlyColumns` names and those `types` names (whose
    /// values are still checked), in file order; every field when `onlyColumns` is nil or names a
    /// column the file lacks — the pipeline's own error about that name is then the one the
    /// analyst sees, with the file's full list of columns. At least one field, so the table
    /// keeps its row count.
    static func builtColumns(names: [String], options: CSVOptions) -> [Int] {
        let all = Array(names.indices)
        guard let only = options.onlyColumns, only.allSatisfy(names.contains) else { return all }
        let kept = all.filter { only.contains(names[$0]) || options.types[names[$0]] != nil }
        return kept.isEmpty ? Array(all.prefix(1)) : kept
    }

    /// Scans one record; an unterminated quote is an error in any mode (it swallows the rest of
    /// the file, so there is no row to skip).
    func scan(_ scanner: CSVScanner, from recordStart: Int, into fields: inout CSVFieldScratch) throws(MsokoError) -> Int {
        switch scanner.scanRecord(from: recordStart, into: &fields) {
        case .record(let next):
            return next
        case .unterminated(let fieldStart):
            let lineStart = lineStart(of: fieldStart)
            let place = location(recordStart: lineStart, field: fields.count + 1, columnName: nil,
                                 fieldStart: fieldStart, fieldEnd: fieldStart + 1)
            throw MsokoError(.data, tr("io.csv.unterminated_quoted_field_starting"),
                             data: DataLocation(file: place.file, line: place.line, field: fields.count + 1,
                                                columnName: nil, lineText: place.lineText,
                                                caretColumn: place.caretColumn, caretWidth: 1))
        }
    }

    // MARK: - Errors

    func problemError(_ problem: CSVBadByte, recordStart: Int, fields: CSVFieldScratch, names: [String]) -> MsokoError {
        var fieldIndex = fields.count - 1
        for index in 0..<fields.count where problem.offset < fields.ends[index] || index == fields.count - 1 {
            fieldIndex = index
            break
        }
        let name = fieldIndex < names.count ? names[fieldIndex] : nil
        let what = name.map { tr("io.csv.field_named", ["field": fieldIndex + 1, "name": $0]) } ?? tr("io.csv.field", ["field": fieldIndex + 1])
        let message = tr("io.csv.ignore_errors_true_skip", ["problem": problem.problem, "what": what, "fix": problem.fix])
        var place = location(recordStart: recordStart, field: fieldIndex + 1, columnName: name,
                             fieldStart: problem.offset, fieldEnd: problem.offset + 1)
        place.caretWidth = 1
        return MsokoError(.data, message, data: place)
    }

    func raggedError(recordStart: Int, fields: CSVFieldScratch, count: Int, expected: Int,
                     names: [String], hasHeader: Bool, nullPadding: Bool) -> MsokoError {
        let reference = hasHeader ? tr("io.csv.header_has", ["expected": expected]) : tr("io.csv.first_row_has", ["expected": expected])
        let remedy = count < expected && !nullPadding
            ? tr("io.csv.use_null_padding_true")
            : tr("io.csv.use_ignore_errors_true")
        let message = tr("io.csv.row_has_field_but", ["count": count, "reference": reference, "remedy": remedy])
        if count > expected {
            // Point at the first extra field.
            let place = location(recordStart: recordStart, field: expected + 1, columnName: nil,
                                 fieldStart: fields.starts[expected], fieldEnd: fields.ends[fields.count - 1])
            return MsokoError(.data, message, data: place)
        }
        // Too few: point at the end of the last field, where the next one is missing.
        let missingAt = count > 0 ? fields.ends[count - 1] : recordStart
        var place = location(recordStart: recordStart, field: count + 1,
                             columnName: count < names.count && hasHeader ? names[count] : nil,
                             fieldStart: missingAt, fieldEnd: missingAt + 1)
        place.caretWidth = 1
        return MsokoError(.data, message, data: place)
    }

    /// The start of the physical line holding `offset`.
    func lineStart(of offset: Int) -> Int {
        var p = offset
        while p > start && base[p - 1] != CSVScanner.lf && base[p - 1] != CSVScanner.cr { p -= 1 }
        return p
    }

    /// The place of a field: line of the record's start, the record's first physical line, and
    /// a caret under the field (when it starts on that line).
    func location(recordStart: Int, field: Int, columnName: String?, fieldStart: Int, fieldEnd: Int) -> DataLocation {
        var lineEnd = recordStart
        while lineEnd < end && base[lineEnd] != CSVScanner.lf && base[lineEnd] != CSVScanner.cr { lineEnd += 1 }
        func text(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: base + from, count: max(0, to - from)), as: UTF8.self)
        }
        // A NUL is shown as ␀ (one character either way, so the caret still fits).
        let lineText = text(recordStart, lineEnd).replacingOccurrences(of: "\u{0}", with: "\u{2400}")
        var caretColumn: Int? = nil
        var caretWidth: Int? = nil
        if fieldStart <= lineEnd {
            caretColumn = text(recordStart, fieldStart).count + 1
            caretWidth = max(1, text(fieldStart, min(fieldEnd, lineEnd)).count)
        }
        return DataLocation(file: fileName, line: lines.line(of: recordStart), field: field, columnName: columnName,
                            lineText: lineText, caretColumn: caretColumn, caretWidth: caretWidth)
    }

    // MARK: - Names

    /// Python's `str.strip()`: whitespace (line breaks, tabs, no-break spaces) off both ends.
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }


    /// `an int`, `a date` in English; Russian has no articles (`int`).
    static func withArticle(_ word: String) -> String {
        guard Language.current == .en else { return word }
        guard let first = word.first else { return "a " + word }
        return ("aeiou".contains(first) ? "an " : "a ") + word
    }
}

/// Physical line numbers from offsets, counted on demand (errors only) and remembered so that
/// later offsets continue from the last answer.
final class CSVLineCounter {
    let base: UnsafePointer<UInt8>
    let start: Int
    private var knownOffset: Int
    private var knownLine = 1

    init(base: UnsafePointer<UInt8>, start: Int) {
        self.base = base
        self.start = start
        knownOffset = start
    }

    /// The 1-based line of `offset` (LF, CRLF and a lone CR each end a line).
    func line(of offset: Int) -> Int {
        if offset < knownOffset {
            knownOffset = start
            knownLine = 1
        }
        var p = knownOffset
        var line = knownLine
        while p < offset {
            let c = base[p]
            if c == CSVScanner.lf {
                line += 1
            } else if c == CSVScanner.cr && !(p + 1 < offset && base[p + 1] == CSVScanner.lf) {
                line += 1   // a lone CR (a CRLF is counted at its LF)
            }
            p += 1
        }
        knownOffset = offset
        knownLine = line
        return line
    }
}
