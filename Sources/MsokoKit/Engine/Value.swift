import Foundation

/// One value outside a column: a literal, a parameter, a cell shown to people.
/// Hot paths work on whole columns instead.
public enum Value: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    case date(Int32)

    public var type: DataType {
        switch self {
        case .null: return .null
        case .int: return .int
        case .double: return .double
        case .text: return .text
        case .bool: return .bool
        case .date: return .date
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var asDouble: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    /// The value as an analyst would type it back: strings unquoted, doubles shortest.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .int(let v): return String(v)
        case .double(let v): return NumberFormat.shortest(v)
        case .text(let v): return v
        case .bool(let v): return v ? "true" : "false"
        case .date(let v): return DateCodec.format(v)
        }
    }
}

/// Number formatting shared by all writers.
public enum NumberFormat {
    /// The shortest text that reads back as the same double. Integral values print without
    /// `.0` (`3`, not `3.0`); exponent notation only outside 1e-6 ..< 1e21 (as JavaScript does).
    public static func shortest(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if value == value.rounded(), magnitude < 1e21 {
            if magnitude < 9.007_199_254_740_992e15 { return String(Int64(value)) }
        }
        // Swift prints the shortest round-trip digits. The text is ASCII, so it is searched as
        // bytes: searching it as Characters cost more than the printing (CSV output of a summary).
        var text = value.description
        let bytes = text.utf8
        if magnitude >= 1e-6 && magnitude < 1e21,
           let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            // Expand Swift's exponent form (e.g. 1e-05, 1.5e+16) to plain decimal digits.
            let mantissa = String(decoding: bytes[..<e], as: UTF8.self)
            let exponent = Int(String(decoding: bytes[bytes.index(after: e)...], as: UTF8.self)) ?? 0
            text = expand(mantissa: mantissa, exponent: exponent)
        }
        let ascii = Array(text.utf8)
        if ascii.count >= 2, ascii[ascii.count - 1] == UInt8(ascii: "0"), ascii[ascii.count - 2] == UInt8(ascii: ".") {
            return String(decoding: ascii[..<(ascii.count - 2)], as: UTF8.self)
        }
        return text
    }

    static func expand(mantissa: String, exponent: Int) -> String {
        var negative = false
        var digits = mantissa
        if digits.hasPrefix("-") { negative = true; digits.removeFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        let allDigits = intPart + fracPart
        let pointPosition = intPart.count + exponent
        var result: String
        if pointPosition <= 0 {
            result = "0." + String(repeating: "0", count: -pointPosition) + allDigits
        } else if pointPosition >= allDigits.count {
            result = allDigits + String(repeating: "0", count: pointPosition - allDigits.count)
        } else {
            let index = allDigits.index(allDigits.startIndex, offsetBy: pointPosition)
            result = String(allDigits[..<index]) + "." + String(allDigits[index...])
        }
        while result.contains("."), result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return (negative ? "-" : "") + result
    }

    /// Fixed decimals for the table view (`3.50`).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0.00" || text == "-0.0" || text == "-0" ? String(text.dropFirst()) : text
    }
}

/// Dates as days since 1970-01-01 (proleptic Gregorian), parsed from and shown as ISO 8601.
public enum DateCodec {
    /// Days from civil date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func format(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD` (ISO) and `DD.MM.YYYY` (Russian exports) from raw bytes.
    public static func parse<C: Collection>(_ bytes: C) -> Int32? where C.Element == UInt8 {
        let b = Array(bytes)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        var year = 0, month = 0, day = 0
        if b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
           let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) {
            (year, month, day) = (y, m, d)
        } else if b.count == 10, b[2] == UInt8(ascii: "."), b[5] == UInt8(ascii: "."),
                  let d = digits(0, 2), let m = digits(3, 2), let y = digits(6, 4) {
            (year, month, day) = (y, m, d)
        } else {
            return nil
        }
        guard month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return days(year: year, month: month, day: day)
    }

    public static func parse(_ text: String) -> Int32? { parse(Array(text.utf8)) }
}
