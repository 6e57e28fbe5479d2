/// Guesses what the options leave open — delimiter, decimal separator, header — from a sample of
/// the first records (after `skip` lines).
enum CSVSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    static let sampleBytes = 1 << 20
    static let delimiterRecords = 50
    static let sampleRecords = 100

    /// One sampled field: its content bytes and whether it was quoted.
    struct Field {
        var bytes: [UInt8]
        var quoted: Bool
    }

    /// Delimiter: the candidate whose field count is most consistent over the first 50 records
    /// (quotes respected), among those giving more than one field — a record shorter than the
    /// first one (the header) counts as consistent, since spreadsheets drop trailing empty
    /// cells —; ties go to the larger field count, then to the order `,` `;` tab `|`. A file
    /// with one column gets `,`.
    static func delimiter(base: UnsafePointer<UInt8>, from start: Int, end: Int) -> UInt8 {
        let windowEnd = min(end, start + sampleBytes)
        var best: (delimiter: UInt8, consistency: Double, fields: Int)? = nil
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        for candidate in candidates {
            let scanner = CSVScanner(base: base, end: windowEnd, delimiter: candidate)
            var counts: [Int] = []
            var p = scanner.skipBlankLines(from: start)
            while p < windowEnd && counts.count < delimiterRecords {
                guard case .record(let next) = scanner.scanRecord(from: p, into: &fields) else { break }
                // A record cut by the window's end is not evidence.
                if next >= windowEnd && windowEnd < end { break }
                counts.append(fields.count)
                p = scanner.skipBlankLines(from: next)
            }
            guard !counts.isEmpty else { continue }
            var frequency: [Int: Int] = [:]
            for count in counts { frequency[count, default: 0] += 1 }
            guard let (mode, times) = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), mode > 1 else { continue }
            var consistency = Double(times) / Double(counts.count)
            var width = mode
            // Spreadsheets drop trailing empty cells, so rows may be shorter than the header:
            // records with 2 … header-count fields all fit. Without this, `;` files with decimal
            // commas and short rows looked more consistent split at the commas.
            if let header = counts.first, header > 1 {
                let fitting = counts.filter { $0 > 1 && $0 <= header }.count
                let padded = Double(fitting) / Double(counts.count)
                if padded > consistency { consistency = padded; width = header }
            }
            if let current = best {
                if consistency > current.consistency || (consistency == current.consistency && width > current.fields) {
                    best = (candidate, consistency, width)
                }
            } else {
                best = (candidate, consistency, width)
            }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }

    /// The first records, split and unquoted (small: for the decimal and header guesses).
    static func sample(base: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8) -> [[Field]] {
        let windowEnd = min(end, start + sampleBytes)
        let scanner = CSVScanner(base: base, end: windowEnd, delimiter: delimiter)
        let scratch = CSVByteScratch()
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var records: [[Field]] = []
        var p = scanner.skipBlankLines(from: start)
        while p < windowEnd && records.count < sampleRecords {
            guard case .record(let next) = scanner.scanRecord(from: p, into: &fields) else { break }
            if next >= windowEnd && windowEnd < end { break }
            var record: [Field] = []
            for index in 0..<fields.count {
                let (pointer, count, quoted) = CSVScanner.content(base: base, start: fields.starts[index],
                                                                  end: fields.ends[index], scratch: scratch)
                record.append(Field(bytes: Array(UnsafeBufferPointer(start: pointer, count: count)), quoted: quoted))
            }
            records.append(record)
            p = scanner.skipBlankLines(from: next)
        }
        return records
    }

    /// Decimal comma: only when the delimiter is not `,`, some sampled field looks like
    /// `-12,5` (digits, one comma, digits), none looks like a number with both `.` and `,`
    /// (`1,234.5`: comma as a thousands separator), and such fields are at least as many as
    /// those that look like `12.5`. Otherwise `.`.
    static func decimal(sample: [[Field]], delimiter: UInt8) -> UInt8 {
        guard delimiter != UInt8(ascii: ",") else { return UInt8(ascii: ".") }
        var commaNumbers = 0, pointNumbers = 0, both = 0
        for record in sample {
            for field in record {
                switch shape(field.bytes) {
                case .comma: commaNumbers += 1
                case .point: pointNumbers += 1
                case .both: both += 1
                case .other: break
                }
            }
        }
        return commaNumbers > 0 && both == 0 && commaNumbers >= pointNumbers ? UInt8(ascii: ",") : UInt8(ascii: ".")
    }

    private enum Shape { case comma, point, both, other }

    /// `-?digits(sep digits)+` shapes: one comma, one point, or both kinds of separator (digit
    /// groups split by spaces, `12 345,5`, count as digits).
    private static func shape(_ bytes: [UInt8]) -> Shape {
        var i = 0
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        var commas = 0, points = 0, digits = 0
        var previousWasDigit = false
        while i < bytes.count {
            let c = bytes[i]
            if CSVValueParsing.isDigit(c) {
                digits += 1
                previousWasDigit = true
            } else if previousWasDigit, case let width = spaceWidth(bytes, i), width > 0, i + width < bytes.count, CSVValueParsing.isDigit(bytes[i + width]) {
                // A space group separator (`12 345,5`): neither a decimal nor a thousands mark.
                previousWasDigit = false
                i += width
                continue
            } else if (c == UInt8(ascii: ",") || c == UInt8(ascii: ".")) && previousWasDigit
                        && i + 1 < bytes.count && CSVValueParsing.isDigit(bytes[i + 1]) {
                if c == UInt8(ascii: ",") { commas += 1 } else { points += 1 }
                previousWasDigit = false
            } else {
                return .other
            }
            i += 1
        }
        guard digits > 0 else { return .other }
        if commas > 0 && points > 0 { return .both }
        if commas == 1 && points == 0 { return .comma }
        if points == 1 && commas == 0 { return .point }
        return .other
    }

    /// Width of a space, U+00A0 or U+202F at `i` (0 when none).
    private static func spaceWidth(_ bytes: [UInt8], _ i: Int) -> Int {
        if bytes[i] == 0x20 { return 1 }
        if bytes[i] == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { return 2 }
        if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xAF { return 3 }
        return 0
    }

    /// What a sampled field looks like, for the header guess.
    private enum Look { case empty, number, text, other }

    private static func look(_ field: Field, decimal: UInt8, thousands: UInt8) -> Look {
        let count = field.bytes.count
        if count == 0 { return .empty }
        return field.bytes.withUnsafeBufferPointer { buffer -> Look in
            guard let p = buffer.baseAddress else { return .empty }
            switch CSVValueParsing.parseNumber(p, count, decimal: decimal, thousands: thousands) {
            case .int, .double: return .number
            case .overflow, .none: break
            }
            if CSVValueParsing.isNullToken(p, count) { return .empty }
            if CSVValueParsing.parseBool(p, count) != nil || CSVValueParsing.parseDate(p, count) != nil { return .other }
            return .text
        }
    }

    /// Header: the first record is a header unless it holds data-looking values.
    /// - If any first-record field is a number, a bool or a date, it is a header only when some
    ///   column has text in the first record and numbers (and nothing but numbers, nulls and
    ///   null tokens) below it — `id,2023` over `1,4.5`.
    /// - Otherwise (all text or empty) it is a header — most files have one — unless its
    ///   non-empty values repeat and every column below is text too (then nothing tells names
    ///   from data, and repeated names are unlikely).
    /// A sample of one record (a header-only file, or one data row) follows the same rules.
    static func header(sample: [[Field]], decimal: UInt8, thousands: UInt8) -> Bool {
        guard let first = sample.first else { return true }
        let rest = sample.dropFirst()
        let firstLooks = first.map { look($0, decimal: decimal, thousands: thousands) }
        let columnCount = first.count
        // Per column below the first record: saw a number, saw anything not numeric.
        var numeric = [Bool](repeating: false, count: columnCount)
        var nonNumeric = [Bool](repeating: false, count: columnCount)
        for record in rest {
            for (index, field) in record.enumerated() where index < columnCount {
                switch look(field, decimal: decimal, thousands: thousands) {
                case .number: numeric[index] = true
                case .empty: break
                case .text, .other: nonNumeric[index] = true
                }
            }
        }
        let firstHasData = firstLooks.contains { $0 == .number || $0 == .other }
        if firstHasData {
            for index in 0..<columnCount where firstLooks[index] == .text && numeric[index] && !nonNumeric[index] {
                return true
            }
            return false
        }
        let names = first.filter { !$0.bytes.isEmpty }.map(\.bytes)
        let repeated = Set(names).count != names.count
        let anyNumericBelow = (0..<columnCount).contains { numeric[$0] && !nonNumeric[$0] }
        return !(repeated && !anyNumericBelow)
    }
}
