import Foundation

/// Pass 2 of the reader: turns one column's field bounds into a typed `Column`.
///
/// Columns are independent, so they are built in parallel. Without an explicit type a column is
/// typed while it is built: the first value picks int, double, bool, date or text; an int column
/// that meets a double becomes double (the ints so far are widened, exactly as parsing them as
/// doubles would); any other mismatch makes the column text, which is then built from the bytes
/// again (so text keeps exactly what the file says, `007` and `1e3` included).
///
/// A column is numeric only if every non-empty value parses as a number, except the null tokens
/// (`CSVValueParsing.isNullToken`: NA, N/A, NULL, null, NaN, -, —, н/а, s), which are nulls in a
/// numeric column and text in any other. An empty field is null. A quoted empty field (`""`) is
/// the empty string in a text column and null in any other. A column with no value at all is of
/// type null (unless `types` names its type).
struct CSVColumnInput: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let starts: UnsafePointer<UInt32>
    let ends: UnsafePointer<UInt32>
    let rowCount: Int
    let decimal: UInt8
    /// 0 when there is none.
    var thousands: UInt8
    let explicitType: DataType?
    /// No `thousands` option was given: a column that would be text is read as numbers when
    /// every value is a number grouped by spaces (`1 234`, `12 345,5`) or a plain number.
    var sniffSpaceThousands = false
}

/// A built column (or a chunk's piece of one) before it becomes a `Column`: the loaded values
/// reach `Column` only through `CSVColumnAccumulator.makeColumn`, so a change of the engine's
/// storage (narrow integers) changes that one function.
struct CSVValues: @unchecked Sendable {
    enum Storage {
        case int([Int64])
        case double([Double])
        /// Codes into `values`, which are in code-point order.
        case text(codes: [Int32], values: [String])
        case bool([Bool])
        case date([Int32])
        case null(count: Int)
    }
    var storage: Storage
    var validity: Bitmap? = nil

    var count: Int {
        switch storage {
        case .int(let values): return values.count
        case .double(let values): return values.count
        case .text(let codes, _): return codes.count
        case .bool(let values): return values.count
        case .date(let values): return values.count
        case .null(let count): return count
        }
    }
}

struct CSVColumnResult: Sendable {
    var column: CSVValues
    /// Rows whose value does not convert to the explicit type (each is null in `column`).
    var failures: [Int]
}

enum CSVColumnBuilder {
    /// A valid pointer for zero-length slices.
    nonisolated(unsafe) static let emptyBytes = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))

    /// One chunk's piece of a column (see `CSVColumnAccumulator`): typed by the chunk's values
    /// alone, or text at once when earlier chunks already made the column text.
    static func buildPiece(_ input: CSVColumnInput, columnIsText: Bool) -> CSVColumnPiece {
        if let type = input.explicitType, type != .null {
            let result = buildExplicit(input, type: type)
            return CSVColumnPiece(column: result.column, failures: result.failures, tokensOnly: false, grouping: .plain)
        }
        let column = columnIsText ? buildText(input) : buildSniffed(input)
        var tokensOnly = false
        var grouping = CSVSpaceGrouping.plain
        switch column.storage {
        case .text:
            tokensOnly = allEmptyOrTokens(input)
            if input.sniffSpaceThousands && input.thousands == 0 && !tokensOnly { grouping = spaceGrouping(input) }
        case .bool, .date:
            grouping = .fails
        case .int, .double, .null:
            grouping = .plain
        }
        return CSVColumnPiece(column: column, failures: [], tokensOnly: tokensOnly, grouping: grouping)
    }

    /// Whether every value is empty or a null token (usually answered by the first value).
    static func allEmptyOrTokens(_ input: CSVColumnInput) -> Bool {
        let scratch = CSVByteScratch()
        for row in 0..<input.rowCount {
            let (p, n, _) = field(input, row, scratch)
            if n == 0 || CSVValueParsing.isNullToken(p, n) { continue }
            return false
        }
        return true
    }

    /// `allSpaceGrouped` of one chunk, in a form that combines across chunks.
    static func spaceGrouping(_ input: CSVColumnInput) -> CSVSpaceGrouping {
        let scratch = CSVByteScratch()
        var sawGrouped = false
        for row in 0..<input.rowCount {
            let (p, n, _) = field(input, row, scratch)
            if n == 0 || CSVValueParsing.isNullToken(p, n) { continue }
            switch CSVValueParsing.parseNumber(p, n, decimal: input.decimal, thousands: 0) {
            case .int, .double: continue
            case .overflow: return .fails
            case .none: break
            }
            guard CSVValueParsing.hasSpaceGroup(p, n) else { return .fails }
            switch CSVValueParsing.parseNumber(p, n, decimal: input.decimal, thousands: 0x20) {
            case .int, .double: sawGrouped = true
            case .overflow, .none: return .fails
            }
        }
        return sawGrouped ? .grouped : .plain
    }

    /// Whether every non-empty value of the column is a null token, a plain number, or a number
    /// whose integer part is grouped by a space, a no-break space (U+00A0) or a narrow no-break
    /// space (U+202F) — `1 234`, `-12 345,5`, `1 234 567` — and at least one is grouped. Strict
    /// on purpose, so codes stay text: the first group has 1–3 digits and no leading zero, every
    /// later one exactly 3 (`12 34`, a phone `8 912 345 67 89`, a class `5 А`, `0315` fail).
    /// Only text columns get here, and most fail on their first value.
    static func allSpaceGrouped(_ input: CSVColumnInput) -> Bool {
        spaceGrouping(input) == .grouped
    }

    /// The content of row `row`'s field.
    @inline(__always)
    static func field(_ input: CSVColumnInput, _ row: Int, _ scratch: CSVByteScratch)
        -> (pointer: UnsafePointer<UInt8>, count: Int, quoted: Bool) {
        CSVScanner.content(base: input.base, start: Int(input.starts[row]), end: Int(input.ends[row]), scratch: scratch)
    }

    private enum Kind { case int, double, bool, date }

    /// A zero-filled buffer of `count` values that becomes an array at the end (raw memory so
    /// that the per-cell store is a plain store).
    private struct Values<Element> {
        let pointer: UnsafeMutablePointer<Element>
        let count: Int
        init(count: Int, zero: Element) {
            self.count = count
            pointer = .allocate(capacity: max(count, 1))
            pointer.initialize(repeating: zero, count: count)
        }
        func array() -> [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
        func deallocate() { pointer.deallocate() }
    }

    static func buildSniffed(_ input: CSVColumnInput) -> CSVValues {
        let rowCount = input.rowCount
        let decimal = input.decimal, thousands = input.thousands
        let scratch = CSVByteScratch()
        var validity = Bitmap(count: rowCount, value: true)
        var sawToken = false
        // The first value picks the kind.
        var row = 0
        var kind: Kind? = nil
        findFirst: while row < rowCount {
            let (p, n, _) = field(input, row, scratch)
            if n == 0 { validity.clear(row); row += 1; continue }
            switch CSVValueParsing.parseNumber(p, n, decimal: decimal, thousands: thousands) {
            case .int: kind = .int
            case .double: kind = .double
            case .overflow: return buildText(input)
            case .none:
                if CSVValueParsing.isNullToken(p, n) {
                    sawToken = true
                    validity.clear(row)
                    row += 1
                    continue findFirst
                }
                if CSVValueParsing.parseBool(p, n) != nil { kind = .bool }
                else if CSVValueParsing.parseDate(p, n) != nil { kind = .date }
                else { return buildText(input) }
            }
            break
        }
        guard let kind else {
            return sawToken ? buildText(input) : CSVValues(storage: .null(count: rowCount))
        }
        switch kind {
        case .int, .double:
            var promotedAt = 0
            if kind == .int {
                let ints = Values<Int64>(count: rowCount, zero: 0)
                defer { ints.deallocate() }
                var promote = false
                intLoop: while row < rowCount {
                    let (p, n, _) = field(input, row, scratch)
                    if n == 0 { validity.clear(row); row += 1; continue }
                    switch CSVValueParsing.parseNumber(p, n, decimal: decimal, thousands: thousands) {
                    case .int(let value): ints.pointer[row] = value
                    case .double: promote = true; break intLoop
                    case .overflow: return buildText(input)
                    case .none:
                        guard CSVValueParsing.isNullToken(p, n) else { return buildText(input) }
                        validity.clear(row)
                    }
                    row += 1
                }
                if !promote { return CSVValues(storage: .int(ints.array()), validity: validity) }
                promotedAt = row
                // Widen the ints so far (exactly what parsing their text as doubles gives).
                let doubles = Values<Double>(count: rowCount, zero: 0)
                defer { doubles.deallocate() }
                for index in 0..<promotedAt { doubles.pointer[index] = Double(ints.pointer[index]) }
                return finishDoubles(input, from: row, into: doubles, validity: &validity) ?? buildText(input)
            }
            let doubles = Values<Double>(count: rowCount, zero: 0)
            defer { doubles.deallocate() }
            return finishDoubles(input, from: row, into: doubles, validity: &validity) ?? buildText(input)
        case .bool:
            if sawToken { return buildText(input) }
            let bools = Values<Bool>(count: rowCount, zero: false)
            defer { bools.deallocate() }
            while row < rowCount {
                let (p, n, _) = field(input, row, scratch)
                if n == 0 { validity.clear(row); row += 1; continue }
                guard let value = CSVValueParsing.parseBool(p, n) else { return buildText(input) }
                bools.pointer[row] = value
                row += 1
            }
            return CSVValues(storage: .bool(bools.array()), validity: validity)
        case .date:
            if sawToken { return buildText(input) }
            let dates = Values<Int32>(count: rowCount, zero: 0)
            defer { dates.deallocate() }
            while row < rowCount {
                let (p, n, _) = field(input, row, scratch)
                if n == 0 { validity.clear(row); row += 1; continue }
                guard let value = CSVValueParsing.parseDate(p, n) else { return buildText(input) }
                dates.pointer[row] = value
                row += 1
            }
            return CSVValues(storage: .date(dates.array()), validity: validity)
        }
    }

    /// The double loop from `row` on; nil when a value is not a number (the column is text).
    private static func finishDoubles(_ input: CSVColumnInput, from start: Int, into doubles: Values<Double>,
                                      validity: inout Bitmap) -> CSVValues? {
        let scratch = CSVByteScratch()
        var row = start
        while row < input.rowCount {
            let (p, n, _) = field(input, row, scratch)
            if n == 0 { validity.clear(row); row += 1; continue }
            switch CSVValueParsing.parseNumber(p, n, decimal: input.decimal, thousands: input.thousands) {
            case .int(let value): doubles.pointer[row] = Double(value)
            case .double(let value): doubles.pointer[row] = value
            case .overflow: return nil
            case .none:
                guard CSVValueParsing.isNullToken(p, n) else { return nil }
                validity.clear(row)
            }
            row += 1
        }
        return CSVValues(storage: .double(doubles.array()), validity: validity)
    }

    /// Dictionary-encoded text: unquoted empty is null, quoted empty is "".
    static func buildText(_ input: CSVColumnInput) -> CSVValues {
        let rowCount = input.rowCount
        let scratch = CSVByteScratch()
        var validity = Bitmap(count: rowCount, value: true)
        var interner = CSVByteInterner()
        let codes = Values<Int32>(count: rowCount, zero: 0)
        defer { codes.deallocate() }
        for row in 0..<rowCount {
            let (p, n, quoted) = field(input, row, scratch)
            if n == 0 && !quoted { validity.clear(row); continue }
            codes.pointer[row] = interner.intern(p, n)
        }
        // Null rows hold code 0: keep it a valid code even when every row is null.
        if interner.count == 0 && rowCount > 0 { _ = interner.intern(CSVColumnBuilder.emptyBytes, 0) }
        let values = interner.sortedValues(remapping: codes.pointer, count: rowCount)
        return CSVValues(storage: .text(codes: codes.array(), values: values), validity: validity)
    }

    /// A column whose type `types` gives: a value that does not convert is a failure (the
    /// caller reports it, or drops the row under `ignore_errors`). The null tokens are null
    /// here too, for every type but text.
    static func buildExplicit(_ input: CSVColumnInput, type: DataType) -> CSVColumnResult {
        if type == .text { return CSVColumnResult(column: buildText(input), failures: []) }
        let rowCount = input.rowCount
        let scratch = CSVByteScratch()
        var validity = Bitmap(count: rowCount, value: true)
        var failures: [Int] = []
        @inline(__always) func each(_ body: (Int, UnsafePointer<UInt8>, Int) -> Bool) {
            for row in 0..<rowCount {
                let (p, n, _) = field(input, row, scratch)
                if n == 0 || CSVValueParsing.isNullToken(p, n) { validity.clear(row); continue }
                if !body(row, p, n) {
                    failures.append(row)
                    validity.clear(row)
                }
            }
        }
        let column: CSVValues.Storage
        switch type {
        case .int:
            var values = [Int64](repeating: 0, count: rowCount)
            each { row, p, n in
                guard case .int(let value) = CSVValueParsing.parseNumber(p, n, decimal: input.decimal, thousands: input.thousands) else { return false }
                values[row] = value
                return true
            }
            column = .int(values)
        case .double:
            var values = [Double](repeating: 0, count: rowCount)
            each { row, p, n in
                switch CSVValueParsing.parseNumber(p, n, decimal: input.decimal, thousands: input.thousands) {
                case .int(let value): values[row] = Double(value)
                case .double(let value): values[row] = value
                case .overflow:
                    let digits = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                        .filter { $0.isASCII && ($0.isNumber || $0 == "-") }
                    guard let value = Double(digits) else { return false }
                    values[row] = value
                case .none: return false
                }
                return true
            }
            column = .double(values)
        case .bool:
            var values = [Bool](repeating: false, count: rowCount)
            each { row, p, n in
                guard let value = CSVValueParsing.parseBool(p, n) else { return false }
                values[row] = value
                return true
            }
            column = .bool(values)
        case .date:
            var values = [Int32](repeating: 0, count: rowCount)
            each { row, p, n in
                guard let value = CSVValueParsing.parseDate(p, n) else { return false }
                values[row] = value
                return true
            }
            column = .date(values)
        case .text, .null:
            return CSVColumnResult(column: buildText(input), failures: [])
        }
        return CSVColumnResult(column: CSVValues(storage: column, validity: validity), failures: failures)
    }
}
