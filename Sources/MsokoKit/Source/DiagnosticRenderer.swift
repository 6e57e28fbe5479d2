/// Turns an error into the text people read:
///
///     script.msoko:3:13: error: unknown column `scool_id`
///         3 | vpr | where scool_id == "S03"
///           |             ^~~~~~~~
///           = did you mean `school_id`?
///
/// Errors in data name the data file's line and field first, show that line with a caret, and
/// then the `load` statement's own place in the script.
public enum DiagnosticRenderer {
    public static func render(_ error: MsokoError, color: Bool) -> String {
        let red = color ? "\u{1B}[1;31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = ""
        let label = error.stage == .interrupted ? "interrupted" : "error"
        if let data = error.data {
            var place = "\(data.file):\(data.line)"
            if let field = data.field { place += ":\(field)" }
            out += "\(bold)\(place):\(reset) \(red)\(label):\(reset) \(bold)\(error.message)\(reset)\n"
            if let text = data.lineText {
                out += excerpt(lineNumber: data.line, text: text, caretColumn: data.caretColumn,
                               caretWidth: data.caretWidth ?? 1, cyan: cyan, red: red, reset: reset)
            }
            if let range = error.range {
                out += "\(bold)\(range.location):\(reset) note: in this statement\n"
                out += excerpt(range, cyan: cyan, red: red, reset: reset)
            }
        } else if let range = error.range {
            out += "\(bold)\(range.location):\(reset) \(red)\(label):\(reset) \(bold)\(error.message)\(reset)\n"
            out += excerpt(range, cyan: cyan, red: red, reset: reset)
        } else {
            out += "\(red)\(label):\(reset) \(bold)\(error.message)\(reset)\n"
        }
        if let hint = error.hint {
            let gutter = error.range.map { String(repeating: " ", count: String($0.line).count + 1) } ?? ""
            out += "\(gutter)\(cyan)=\(reset) \(hint)\n"
        }
        return out
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
        let shown = String(text.map { $0 == "\t" ? " " : $0 })
        var out = " \(cyan)\(number) |\(reset) \(shown)\n"
        if let caretColumn {
            let prefix = shown.prefix(max(0, caretColumn - 1))
            let indent = String(repeating: " ", count: DisplayWidth.of(String(prefix)))
            let covered = shown.dropFirst(max(0, caretColumn - 1)).prefix(caretWidth)
            let underline = max(1, DisplayWidth.of(String(covered)))
            out += " \(pad) \(cyan)|\(reset) \(indent)\(red)^\(String(repeating: "~", count: underline - 1))\(reset)\n"
        }
        return out
    }
}
