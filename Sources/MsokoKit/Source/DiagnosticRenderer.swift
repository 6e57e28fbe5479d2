/// Turns an error into the text people read:
///
///     script.msoko:3:13: name error: unknown column `scool_id`
///         3 | vpr | where scool_id == "S03"
///           |             ^~~~~~~~
///           = did you mean `school_id`?
///
/// Errors in data name the data file's line and field first, show that line with a caret, and
/// then the `load` statement's own place in the script.
///
/// What one error prints is bounded whatever the input: a line longer than `excerptLength`
/// characters is shown as a window around the caret (`…` marking what is cut), and a message
/// or hint longer than `textLength` is elided in the middle. A generated script with one
/// ten-kilobyte line otherwise echoed the whole line with every error.
public enum DiagnosticRenderer {
    /// Characters of a source line shown at most, and how many of them precede the caret.
    static let excerptLength = 240
    static let contextBeforeCaret = 80
    /// Characters of a message or a hint shown at most.
    static let textLength = 400

    public static func render(_ error: MsokoError, color: Bool) -> String {
        let red = color ? "\u{1B}[1;31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = ""
        let label = error.stage.label
        let message = bounded(error.message)
        if let data = error.data {
            var place = "\(data.file):\(data.line)"
            if let field = data.field { place += ":\(field)" }
            out += "\(bold)\(place):\(reset) \(red)\(label):\(reset) \(bold)\(message)\(reset)\n"
            if let text = data.lineText {
                out += excerpt(lineNumber: data.line, text: text, caretColumn: data.caretColumn,
                               caretWidth: data.caretWidth ?? 1, cyan: cyan, red: red, reset: reset)
            }
            if let range = error.range {
                out += "\(bold)\(range.location):\(reset) \(tr("diag.in_statement"))\n"
                out += excerpt(range, cyan: cyan, red: red, reset: reset)
            }
        } else if let range = error.range {
            out += "\(bold)\(range.location):\(reset) \(red)\(label):\(reset) \(bold)\(message)\(reset)\n"
            out += excerpt(range, cyan: cyan, red: red, reset: reset)
        } else {
            out += "\(red)\(label):\(reset) \(bold)\(message)\(reset)\n"
        }
        if let hint = error.hint {
            let gutter = error.range.map { String(repeating: " ", count: String($0.line).count + 1) } ?? ""
            out += "\(gutter)\(cyan)=\(reset) \(bounded(hint))\n"
        }
        return out
    }

    /// `text`, or its start and end around ` … ` when it is longer than `textLength`.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > textLength, text.count > textLength else { return text }
        return String(text.prefix(textLength - 80)) + " … " + String(text.suffix(60))
    }

    static func excerpt(_ range: SourceRange, cyan: String, red: String, reset: String) -> String {
        let line = range.line
        let text = range.file.lineText(line)
        let startColumn = range.column
        let endLine = range.file.line(of: max(range.start, range.end - 1))
        let width: Int
        if endLine == line {
            width = max(1, range.file.column(of: range.end) - startColumn)
        } else {
            width = max(1, text.count - startColumn + 1)
        }
        return excerpt(lineNumber: line, text: text, caretColumn: startColumn, caretWidth: width,
                       cyan: cyan, red: red, reset: reset)
    }

    static func excerpt(lineNumber: Int, text: String, caretColumn: Int?, caretWidth: Int,
                        cyan: String, red: String, reset: String) -> String {
        let number = String(lineNumber)
        let pad = String(repeating: " ", count: number.count)
        var characters = Array(text.map { $0 == "\t" ? " " : $0 })
        var caretStart = max(0, (caretColumn ?? 1) - 1)
        var lead = ""
        var trail = ""
        if characters.count > excerptLength {
            let windowStart = max(0, min(caretStart - contextBeforeCaret, characters.count - excerptLength))
            let windowEnd = windowStart + excerptLength
            if windowStart > 0 { lead = "…" }
            if windowEnd < characters.count { trail = "…" }
            characters = Array(characters[windowStart..<windowEnd])
            caretStart -= windowStart
        }
        var out = " \(cyan)\(number) |\(reset) \(lead)\(String(characters))\(trail)\n"
        if caretColumn != nil {
            let before = String(characters.prefix(caretStart))
            let indent = String(repeating: " ", count: DisplayWidth.of(lead + before))
            let covered = String(characters.dropFirst(caretStart).prefix(max(0, caretWidth)))
            let underline = max(1, DisplayWidth.of(covered))
            out += " \(pad) \(cyan)|\(reset) \(indent)\(red)^\(String(repeating: "~", count: underline - 1))\(reset)\n"
        }
        return out
    }
}

extension MsokoError.Stage {
    /// What the renderer calls an error of this stage (`syntax error`, `name error`…), in the
    /// current language: the reader knows at once whether the script, a name, a type, the data
    /// or a file is at fault.
    public var label: String {
        switch self {
        case .syntax: return tr("diag.stage.syntax")
        case .name: return tr("diag.stage.name")
        case .type: return tr("diag.stage.type")
        case .data: return tr("diag.stage.data")
        case .io: return tr("diag.stage.io")
        case .database: return tr("diag.stage.database")
        case .runtime: return tr("diag.error")
        case .interrupted: return tr("diag.interrupted")
        }
    }
}
