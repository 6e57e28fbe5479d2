/// Bars and histograms drawn with Unicode blocks for the terminal (`bars`, `histogram`).
public enum TerminalChart {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A bar of `value / maximum × width` cells, in eighths of a cell.
    public static func bar(_ value: Double, maximum: Double, width: Int) -> String {
        guard maximum > 0, value > 0, value.isFinite else { return "" }
        let units = Int((value / maximum * Double(width) * 8).rounded())
        return String(repeating: "█", count: units / 8) + eighths[units % 8]
    }

    /// One line per row: the label padded, the bar, the value.
    public static func bars(_ rows: [(label: String, value: Double?)], width: Int = 40) -> String {
        let labelWidth = min(30, rows.map { DisplayWidth.of($0.label) }.max() ?? 0)
        let maximum = rows.compactMap(\.value).max() ?? 0
        var out = ""
        for row in rows {
            let label = String(row.label.prefix(30))
            let padding = String(repeating: " ", count: max(0, labelWidth - DisplayWidth.of(label)))
            let valueText = row.value.map(NumberFormat.shortestRounded) ?? "NULL"
            let drawn = bar(max(0, row.value ?? 0), maximum: maximum, width: width)
            out += label + padding + " │" + drawn + " " + valueText + "\n"
        }
        return out
    }
}

extension NumberFormat {
    /// Up to two decimals, no trailing zeros (chart labels).
    static func shortestRounded(_ value: Double) -> String {
        shortest((value * 100).rounded() / 100)
    }
}
