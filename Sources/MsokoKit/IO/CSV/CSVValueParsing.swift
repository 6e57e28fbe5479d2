/// Cell values parsed straight from UTF-8 bytes: integers, doubles, booleans, dates, and the
/// tokens that stand for "no value" in a numeric column. No `String` is made on these paths.
///
/// Rules (the type sniffer and explicit `types` both use them):
/// - int: optional `-`, digits, 64-bit. A leading `+` or a leading zero (`007`, `-01`) makes the
///   value text, since such values are codes. Digits that overflow 64 bits are text too: long
///   digit strings are identifiers, and a double would silently round them.
/// - double: optional `-`, digits with the decimal separator (`.` or `,`), an optional exponent;
///   `.5` is accepted, `5.` is not (that is how list numbering looks). Leading-zero rule as above.
/// - `thousands` may separate digit groups of the integer part (`200.000.000`); when it is a
///   space, no-break spaces (U+00A0, U+202F) are accepted as well, as Russian Excel writes them.
/// - Spaces and tabs around a number are ignored.
/// - bool: `true`/`false`, any case. date: `YYYY-MM-DD` or `DD.MM.YYYY` (DateCodec).
enum CSVValueParsing {
    enum Number {
        case int(Int64)
        case double(Double)
        /// Looks like an integer but does not fit 64 bits.
        case overflow
        case none
    }

    /// Exact powers of ten as doubles (10^0 … 10^22 are exactly representable).
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Width of a thousands separator at `i` (0 when none): the byte itself, or for a space
    /// also U+00A0 (C2 A0) and U+202F (E2 80 AF).
    @inline(__always)
    static func separatorWidth(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ thousands: UInt8) -> Int {
        let c = p[i]
        if c == thousands { return 1 }
        if thousands == 0x20 {
            if c == 0xC2, i + 1 < n, p[i + 1] == 0xA0 { return 2 }
            if c == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0xAF { return 3 }
        }
        return 0
    }

    /// Whether a space, U+00A0 or U+202F stands between two digits (a grouped number, when
    /// `parseNumber` with a space separator also accepts it).
    static func hasSpaceGroup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 1
        while i < n {
            let width = separatorWidth(p, i, n, 0x20)
            if width > 0, isDigit(p[i - 1]), i + width < n, isDigit(p[i + width]) { return true }
            i += 1
        }
        return false
    }

    /// Parses a number; `thousands` 0 means none.
    @inline(__always)
    static func parseNumber(_ start: UnsafePointer<UInt8>, _ count: Int, decimal: UInt8, thousands: UInt8) -> Number {
        var p = start
        var n = count
        // Trim spaces and tabs (only when present: the common case is a clean field).
        while n > 0, p[0] == 0x20 || p[0] == 0x09 { p += 1; n -= 1 }
        while n > 0, p[n - 1] == 0x20 || p[n - 1] == 0x09 { n -= 1 }
        guard n > 0 else { return .none }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        // Integer part, accumulated negatively so that Int64.min fits.
        var accumulator: Int64 = 0
        var overflow = false
        var integerDigits = 0
        var groupDigits = 0          // digits since the last thousands separator
        var sawSeparator = false
        let firstDigitIndex = i
        while i < n {
            let c = p[i]
            if isDigit(c) {
                if !overflow {
                    let (times10, o1) = accumulator.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(Int64(c &- 0x30))
                    if o1 || o2 { overflow = true } else { accumulator = next }
                }
                integerDigits += 1
                groupDigits += 1
                i += 1
            } else if thousands != 0, integerDigits > 0, case let width = separatorWidth(p, i, n, thousands), width > 0 {
                // Groups: the first of 1–3 digits, every later one of exactly 3.
                guard sawSeparator ? groupDigits == 3 : groupDigits <= 3 else { return .none }
                sawSeparator = true
                groupDigits = 0
                i += width
            } else {
                break
            }
        }
        if sawSeparator && groupDigits != 3 { return .none }
        if integerDigits > 1 && p[firstDigitIndex] == UInt8(ascii: "0") { return .none }
        if i == n {
            guard integerDigits > 0 else { return .none }
            if overflow { return .overflow }
            if negative { return .int(accumulator) }
            let (positive, o) = Int64(0).subtractingReportingOverflow(accumulator)
            return o ? .overflow : .int(positive)
        }
        return parseDoubleTail(p, n, from: i, integerDigits: integerDigits, negative: negative,
                               decimal: decimal, thousands: thousands)
    }

    /// The rest of a double after its integer part: fraction, exponent, then the value.
    /// Clinger's fast path (≤ 15 significant digits, |exponent| ≤ 22, one exact IEEE operation)
    /// is correctly rounded; anything else goes through the standard library's correctly rounded
    /// `Double(String)` on a normalized copy of this one field.
    @inline(never)
    static func parseDoubleTail(_ p: UnsafePointer<UInt8>, _ n: Int, from integerEnd: Int, integerDigits: Int,
                                negative: Bool, decimal: UInt8, thousands: UInt8) -> Number {
        var i = integerEnd
        var fractionDigits = 0
        let fractionStart: Int
        if p[i] == decimal {
            i += 1
            fractionStart = i
            while i < n, isDigit(p[i]) { i += 1; fractionDigits += 1 }
            if fractionDigits == 0 { return .none }
        } else {
            fractionStart = i
        }
        guard integerDigits + fractionDigits > 0 else { return .none }
        var exponent = 0
        var hasExponent = false
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            hasExponent = true
            i += 1
            var exponentNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponentDigits = 0
            while i < n, isDigit(p[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 0x30) }
                i += 1
                exponentDigits += 1
            }
            if exponentDigits == 0 { return .none }
            if exponentNegative { exponent = -exponent }
        }
        guard i == n else { return .none }
        guard fractionDigits > 0 || hasExponent else { return .none }

        // Significant digits: integer digits (skipping separators), then fraction digits.
        var mantissa: UInt64 = 0
        var significant = 0
        var decimalExponent = exponent
        var truncated = false
        @inline(__always) func take(_ digit: UInt8, inFraction: Bool) {
            if mantissa == 0 && digit == 0 {
                if inFraction { decimalExponent -= 1 }
                return
            }
            if significant < 19 {
                mantissa = mantissa * 10 + UInt64(digit)
                significant += 1
                if inFraction { decimalExponent -= 1 }
            } else {
                if digit != 0 { truncated = true }
                if !inFraction { decimalExponent += 1 }
            }
        }
        var k = negative ? 1 : 0
        while k < integerEnd {
            if isDigit(p[k]) { take(p[k] &- 0x30, inFraction: false); k += 1 } else { k += 1 }
        }
        k = fractionStart
        while k < fractionStart + fractionDigits { take(p[k] &- 0x30, inFraction: true); k += 1 }

        if mantissa == 0 { return .double(negative ? -0.0 : 0.0) }
        if !truncated && significant <= 15 && decimalExponent >= -22 && decimalExponent <= 22 {
            let m = Double(mantissa)
            let value = decimalExponent >= 0 ? m * exactPowersOfTen[decimalExponent]
                                             : m / exactPowersOfTen[-decimalExponent]
            return .double(negative ? -value : value)
        }
        // Slow path: "-digits.digitsE±exp" with separators dropped and the decimal made a point.
        var text = ""
        text.reserveCapacity(n + 2)
        if negative { text.append("-") }
        k = negative ? 1 : 0
        while k < integerEnd {
            if isDigit(p[k]) { text.unicodeScalars.append(Unicode.Scalar(p[k])) }
            k += 1
        }
        if integerDigits == 0 { text.append("0") }
        if fractionDigits > 0 {
            text.append(".")
            for j in fractionStart..<(fractionStart + fractionDigits) { text.unicodeScalars.append(Unicode.Scalar(p[j])) }
        }
        if hasExponent { text.append("e\(exponent)") }
        guard let value = Double(text) else { return .none }
        return .double(value)
    }

    /// `true`/`false` in any case.
    @inline(__always) static func parseBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4, p[0] | 0x20 == 0x74, p[1] | 0x20 == 0x72, p[2] | 0x20 == 0x75, p[3] | 0x20 == 0x65 { return true }
        if n == 5, p[0] | 0x20 == 0x66, p[1] | 0x20 == 0x61, p[2] | 0x20 == 0x6C, p[3] | 0x20 == 0x73,
           p[4] | 0x20 == 0x65 { return false }
        return nil
    }

    /// `YYYY-MM-DD` or `DD.MM.YYYY`; the shape is checked before DateCodec sees the bytes.
    @inline(__always) static func parseDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        guard n == 10 else { return nil }
        let iso = p[4] == UInt8(ascii: "-") && p[7] == UInt8(ascii: "-")
        let russian = p[2] == UInt8(ascii: ".") && p[5] == UInt8(ascii: ".")
        guard iso || russian else { return nil }
        return DateCodec.parse(UnsafeBufferPointer(start: p, count: n))
    }

    /// The tokens that mean "no value" in a numeric column (they stay text in a text column):
    /// `NA`, `N/A`, `NULL`, `null`, `NaN`, `-`, `—` (em dash), `н/а`, `s` (suppressed, as in
    /// NYC open data).
    @inline(__always) static func isNullToken(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch n {
        case 1:
            return p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "s")
        case 2:
            return p[0] == UInt8(ascii: "N") && p[1] == UInt8(ascii: "A")
        case 3:
            if p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x94 { return true }           // —
            if p[0] == UInt8(ascii: "N") && p[2] == UInt8(ascii: "N") && p[1] == UInt8(ascii: "a") { return true }
            return p[0] == UInt8(ascii: "N") && p[1] == UInt8(ascii: "/") && p[2] == UInt8(ascii: "A")
        case 4:
            let a = p[0], b = p[1], c = p[2], d = p[3]
            return (a == 0x4E && b == 0x55 && c == 0x4C && d == 0x4C) || (a == 0x6E && b == 0x75 && c == 0x6C && d == 0x6C)
        case 5:
            return p[0] == 0xD0 && p[1] == 0xBD && p[2] == 0x2F && p[3] == 0xD0 && p[4] == 0xB0   // н/а
        default:
            return false
        }
    }
}
