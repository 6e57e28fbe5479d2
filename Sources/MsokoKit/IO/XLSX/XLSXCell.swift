import Foundation

/// What a cell holds once its type attribute, shared-string index and number format are read.
enum XLSXCellKind: UInt8, Sendable {
    case empty = 0
    /// A number in a cell with a general or numeric format.
    case number
    /// Text (shared, inline or a formula's text result).
    case text
    /// Text that reads as a number (`"5"`, `"4.5"`): numbers stored as text, common in exports.
    /// `number` holds the value, `text` the characters as written.
    case numericText
    case bool
    /// A serial number in a cell with a date-only format.
    case date
    /// A serial number in a cell whose format shows a date and a time of day.
    case dateTime
    /// A serial number in a cell whose format shows only a time of day (or elapsed time).
    case time
    /// An error value (`#N/A`, `#DIV/0!`): read as null.
    case error
}

/// One cell as delivered by the sheet stream: 0-based column, kind, and the payload.
struct XLSXCell: Sendable {
    var column: Int
    var kind: XLSXCellKind
    /// The number, the boolean as 0/1, or the date serial (days since the workbook's epoch,
    /// already shifted to the 1900 system's meaning by `XLSXDates`).
    var number: Double = 0
    var text: String = ""

    var isEmpty: Bool { kind == .empty || kind == .error || (kind == .text && text.isEmpty) }

    /// The cell as people see it in a text column: numbers shortest, dates ISO 8601, booleans
    /// `true`/`false`, date-times `YYYY-MM-DDTHH:MM:SS`, times `HH:MM:SS`.
    var displayText: String {
        switch kind {
        case .empty, .error: return ""
        case .text, .numericText: return text
        case .number: return NumberFormat.shortest(number)
        case .bool: return number != 0 ? "true" : "false"
        case .date: return DateCodec.format(XLSXDates.days(number))
        case .dateTime: return XLSXDates.isoDateTime(number)
        case .time: return XLSXDates.isoTime(number)
        }
    }
}

/// Excel date serials. Cells carry serials in the workbook's own system; the sheet stream
/// converts 1904-system serials to 1900-system ones so everything after it sees one system.
enum XLSXDates {
    /// Days between the two systems' day zero: 1904-01-01 is serial 1462 in the 1900 system.
    static let offset1904: Double = 1462
    /// 1970-01-01 as a 1900-system serial.
    static let unixEpochSerial: Double = 25569

    /// Days since 1970-01-01 for a 1900-system serial's date part. Excel counts a phantom
    /// 1900-02-29 (serial 60, read here as 1900-02-28), so serials below 60 are one day later.
    static func days(_ serial: Double) -> Int32 {
        guard serial.isFinite else { return 0 }
        var whole = serial.rounded(.down)
        // A time of 23:59:59.9995 rounds up to the next day when shown to the second.
        if serial - whole >= (86_400 - 0.5) / 86_400 { whole += 1 }
        if whole < 60 { whole += 1 }
        let days = whole - unixEpochSerial
        guard days > Double(Int32.min), days < Double(Int32.max) else { return 0 }
        return Int32(days)
    }

    /// Seconds into the day, rounded to the second (0 ..< 86400).
    static func secondOfDay(_ serial: Double) -> Int {
        guard serial.isFinite else { return 0 }
        let fraction = serial - serial.rounded(.down)
        let seconds = Int((fraction * 86_400).rounded())
        return seconds >= 86_400 ? 0 : seconds
    }

    static func isoTime(_ serial: Double) -> String {
        let seconds = secondOfDay(serial)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    static func isoDateTime(_ serial: Double) -> String {
        DateCodec.format(days(serial)) + "T" + isoTime(serial)
    }

    /// The 1900-system serial for a date (what the writer stores).
    static func serial(days: Int32) -> Double {
        var serial = Double(days) + unixEpochSerial
        if serial < 61 { serial -= 1 }
        return serial
    }
}

/// Numbers stored as text: plain decimal notation with `.` or `,` as the decimal mark and an
/// optional sign, as exports write them. Leading zeros (`007`, a code) are not numbers. Digit
/// groups split by a space, U+00A0 or U+202F (`1 234`, `12 345,5`) are numbers under the CSV
/// reader's strict rule (first group 1–3 digits, then groups of exactly 3): `12 34`, `5 А` and
/// phone numbers are text, and a column with any such text stays text.
enum XLSXNumberText {
    static func parse(_ text: String) -> Double? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 32 else { return nil }
        var bytes = Array(utf8)
        if bytes.contains(where: { $0 == 0x20 || $0 == 0xC2 || $0 == 0xE2 }) {
            return bytes.withUnsafeBufferPointer { buffer -> Double? in
                guard let p = buffer.baseAddress, CSVValueParsing.hasSpaceGroup(p, buffer.count) else { return nil }
                for decimal in [UInt8(ascii: ","), UInt8(ascii: ".")] {
                    switch CSVValueParsing.parseNumber(p, buffer.count, decimal: decimal, thousands: 0x20) {
                    case .int(let value): return Double(value)
                    case .double(let value): return value
                    case .overflow, .none: continue
                    }
                }
                return nil
            }
        }
        var start = 0
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { start = 1 }
        guard start < bytes.count else { return nil }
        var digitsBefore = 0, separators = 0
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                if separators == 0 { digitsBefore += 1 }
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                separators += 1
                bytes[index] = UInt8(ascii: ".")
            } else {
                return nil
            }
        }
        guard separators <= 1, digitsBefore >= 1, bytes.last != UInt8(ascii: ".") else { return nil }
        if digitsBefore > 1, bytes[start] == UInt8(ascii: "0") { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// The tokens that mean "no value" in a numeric column, as the CSV reader reads them:
    /// `NA`, `N/A`, `NULL`, `null`, `NaN`, `-`, `—`, `н/а`, `s`. Elsewhere they stay text.
    static let nullTokens: Set<String> = ["NA", "N/A", "NULL", "null", "NaN", "-", "—", "н/а", "s"]
}
