/// The `table` format: box-drawing borders, columns aligned by display width (Cyrillic and wide
/// characters), numbers right-aligned, doubles with a fixed number of decimals, nulls shown as
/// `NULL` (dimmed in colour), long results cut to `maxRows` with a "N more rows" line.
public struct TableStyle: Sendable {
    public var color = false
    public var decimals = 2
    /// nil: every row.
    public var maxRows: Int? = nil
    /// nil: no limit; otherwise long cells are cut with `…`.
    public var maxCellWidth: Int? = nil
    public init() {}
}

public enum TableRenderer {
    public static func render(_ table: Table, style: TableStyle = TableStyle()) -> String {
        let bold = style.color ? "\u{1B}[1m" : ""
        let dim = style.color ? "\u{1B}[2m" : ""
        let reset = style.color ? "\u{1B}[0m" : ""
        let shownRows: [Int]
        var omitted = 0
        if let maxRows = style.maxRows, table.rowCount > maxRows {
            let head = max(1, maxRows / 2)
            let tail = max(0, maxRows - head)
            shownRows = Array(0..<head) + Array((table.rowCount - tail)..<table.rowCount)
            omitted = table.rowCount - head - tail
        } else {
            shownRows = Array(0..<table.rowCount)
        }
        func cut(_ text: String) -> String {
            var text = text.replacingOccurrences(of: "\n", with: "↵").replacingOccurrences(of: "\t", with: " ")
            if let limit = style.maxCellWidth, DisplayWidth.of(text) > limit {
                var kept = ""
                for ch in text {
                    if DisplayWidth.of(kept + String(ch)) > limit - 1 { break }
                    kept.append(ch)
                }
                text = kept + "…"
            }
            return text
        }
        // Cells as text, with null flags for styling.
        var cells: [[(String, Bool)]] = []
        for row in shownRows {
            cells.append(table.columns.map { column in
                let value = column.value(at: row)
                switch value {
                case .null: return ("NULL", true)
                case .double(let d): return (NumberFormat.fixed(d, decimals: style.decimals), false)
                default: return (cut(value.plainText), false)
                }
            })
        }
        let headers = table.names.map(cut)
        var widths = headers.map { DisplayWidth.of($0) }
        for rowCells in cells {
            for (index, cell) in rowCells.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell.0)) }
        }
        let rightAligned = table.columns.map { $0.type.isNumeric }
        func pad(_ text: String, _ width: Int, right: Bool) -> String {
            let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
            return right ? padding + text : text + padding
        }
        func line(_ left: String, _ mid: String, _ right: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: mid) + right + "\n"
        }
        if table.columnCount == 0 { return tr("render.no_columns", ["count": table.rowCount]) + "\n" }
        var out = line("┌", "┬", "┐")
        out += "│" + headers.enumerated().map { " \(bold)\(pad($1, widths[$0], right: rightAligned[$0]))\(reset) " }.joined(separator: "│") + "│\n"
        out += line("├", "┼", "┤")
        for (position, rowCells) in cells.enumerated() {
            if omitted > 0, position == max(1, (style.maxRows ?? 0) / 2) {
                let text = tr("render.more_rows", ["count": omitted])
                let inner = widths.reduce(0, +) + 3 * widths.count - 1
                out += "│" + pad(" " + text, inner, right: false) + "│\n"
            }
            out += "│" + rowCells.enumerated().map { index, cell in
                let text = pad(cell.0, widths[index], right: rightAligned[index] || cell.1 && rightAligned[index])
                return " " + (cell.1 ? dim + text + reset : text) + " "
            }.joined(separator: "│") + "│\n"
        }
        out += line("└", "┴", "┘")
        if table.rowCount == 0 { out += "(0 rows)\n" }
        return out
    }
}
