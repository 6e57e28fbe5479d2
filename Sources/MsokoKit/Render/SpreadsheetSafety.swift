import Foundation

/// What keeps a spreadsheet from running a CSV/TSV text cell as a formula ("CSV injection":
/// `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `@SUM(…)`).
///
/// Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-` or `@` as a
/// formula (tab and CR are stripped before that check by some of them), so such text gets a
/// leading `'`, which they show as text. Two kinds of text that begin with `+` or `-` are left
/// alone because a formula made of them can only be arithmetic on constants — no function, no
/// cell reference, no link — and the `'` would only spoil the value:
/// - numbers as people write them: `-5`, `+3.2`, `-1e5`, `-1,5` (decimal comma), `-1 234` and
///   `-1 234,5` (digits grouped by threes with a space, a no-break space U+00A0, a narrow no-break
///   space U+202F or a thin space U+2009), `-12%`;
/// - phone numbers: `+` then 7 to 15 digits (E.164) separated by spaces, hyphens and one pair of
///   brackets: `+7 999 123-45-67`, `+7 (999) 123-45-67`, `+79991234567`.
/// Everything else that begins with one of the six characters is escaped, including text that
/// merely looks numeric with letters in it (`-inf`, `+7 999 CALL`).
public enum SpreadsheetSafety {
    /// Whether a spreadsheet would run `text` as a formula.
    public static func needsEscape(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        switch first {
        case "=", "@", "\t", "\r": return true
        case "+", "-": return !isNumber(text) && !isPhoneNumber(text)
        default: return false
        }
    }

    /// `text` with a leading `'` when a spreadsheet would run it as a formula.
    public static func escaped(_ text: String) -> String {
        needsEscape(text) ? "'" + text : text
    }

    /// Separators of digit groups in Russian (and French) number formatting.
    static func isGroupSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    /// An optional sign, digits (grouped by threes after the first group, or not at all), an
    /// optional decimal part after `.` or `,`, an optional exponent, an optional `%`.
    static func isNumber(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func digitsRun() -> Int {
            let start = index
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
        let leading = digitsRun()
        guard leading > 0 else { return false }
        var grouped = false
        while index + 3 < scalars.count, isGroupSeparator(scalars[index]),
              isDigit(scalars[index + 1]), isDigit(scalars[index + 2]), isDigit(scalars[index + 3]),
              index + 4 == scalars.count || !isDigit(scalars[index + 4]) {
            index += 4
            grouped = true
        }
        if grouped && leading > 3 { return false }
        if index < scalars.count, scalars[index] == "." || scalars[index] == "," {
            index += 1
            guard digitsRun() > 0 else { return false }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard digitsRun() > 0 else { return false }
        }
        if index < scalars.count, scalars[index] == "%" { index += 1 }
        return index == scalars.count
    }

    /// `+`, then 7–15 digits with spaces, hyphens and at most one pair of brackets between them;
    /// it starts and ends with a digit.
    static func isPhoneNumber(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 8, scalars[0] == "+", isDigit(scalars[1]), let last = scalars.last, isDigit(last) else {
            return false
        }
        var digits = 0, opened = false, closed = false
        for scalar in scalars.dropFirst() {
            if isDigit(scalar) {
                digits += 1
            } else if scalar == "(" {
                if opened { return false }
                opened = true
            } else if scalar == ")" {
                if !opened || closed { return false }
                closed = true
            } else if !(scalar == "-" || isGroupSeparator(scalar)) {
                return false
            }
        }
        return (7...15).contains(digits) && opened == closed
    }
}

/// When CSV and TSV printed to stdout escape formulas (`--escape-formulas`). stdout is raw for
/// people at a terminal and for programs reading a pipe; redirected into a regular file
/// (`msoko … --format csv > results.csv`) it is a file someone may open in Excel, so by default
/// it gets the same protection as `save`.
public enum StandardOutputEscaping: String, CaseIterable, Sendable {
    /// Escape when stdout is a regular file, not when it is a terminal, a pipe or a device.
    case auto
    case always
    case never

    /// Whether to escape, given what stdout is.
    public func escapes(standardOutputIsFile: Bool) -> Bool {
        switch self {
        case .auto: return standardOutputIsFile
        case .always: return true
        case .never: return false
        }
    }

    /// Whether the file descriptor is a regular file (a shell's `>` or `>>`).
    public static func isRegularFile(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return (status.st_mode & S_IFMT) == S_IFREG
    }
}
