import Foundation

/// Charts for the report, drawn as inline SVG (no scripts, no external files): 100 % stacked
/// horizontal bars, a histogram with marked thresholds, grouped vertical bars.
public enum SVGCharts {
    public static let palette = ["#c0392b", "#e67e22", "#27ae60", "#2471a3", "#7f8c8d", "#8e44ad"]

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// One bar per row: the shares of `series` stacked to 100 %. Rows with n < `minimumN` are
    /// drawn empty and marked (small groups are not shown).
    public static func stackedBars(rows: [(label: String, n: Int, values: [Double])], series: [String], minimumN: Int = 10,
                                   colors: [String] = palette, suppressedLabel: String = "n < 10: не показывается") -> String {
        let labelWidth = 190.0, barWidth = 520.0, rowHeight = 22.0, top = 30.0
        let height = top + Double(rows.count) * rowHeight + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(labelWidth + barWidth + 70))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">"
        var legendX = labelWidth
        for (index, name) in series.enumerated() {
            svg += "<rect x=\"\(legendX)\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colors[index % colors.count])\"/>"
            svg += "<text x=\"\(legendX + 16)\" y=\"16\">\(escape(name))</text>"
            legendX += 20 + Double(name.count) * 7 + 12
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(row.label))</text>"
            if row.n < minimumN {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(barWidth)\" height=\"\(rowHeight - 6)\" fill=\"#eeeeee\"/>"
                svg += "<text x=\"\(labelWidth + 6)\" y=\"\(y + 14)\" fill=\"#555\">\(escape(suppressedLabel))</text>"
                continue
            }
            let total = row.values.reduce(0, +)
            var x = labelWidth
            for (seriesIndex, value) in row.values.enumerated() where total > 0 {
                let width = barWidth * value / total
                svg += "<rect x=\"\(number(x))\" y=\"\(y + 2)\" width=\"\(number(width))\" height=\"\(rowHeight - 6)\" fill=\"\(colors[seriesIndex % colors.count])\"><title>\(escape(row.label)): \(escape(series[seriesIndex])) \(number(value)) %</title></rect>"
                if width > 26 {
                    svg += "<text x=\"\(number(x + width / 2))\" y=\"\(y + 14)\" text-anchor=\"middle\" fill=\"#fff\">\(Int(value.rounded()))</text>"
                }
                x += width
            }
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 14)\" fill=\"#555\">n=\(row.n)</text>"
        }
        return svg + "</svg>"
    }

    /// Counts per score from 0 to `maxScore` (missing scores are 0) with dashed lines at the
    /// mark thresholds (`mark` starts at `score`).
    public static func histogram(counts: [Int: Int], maxScore: Int, thresholds: [(mark: String, score: Int)]) -> String {
        let left = 36.0, bottom = 24.0, top = 22.0, plotHeight = 150.0
        let slot = max(8.0, min(24.0, 600.0 / Double(maxScore + 1)))
        let width = left + slot * Double(maxScore + 1) + 10
        let peak = Double(max(1, counts.values.max() ?? 1))
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(top + plotHeight + bottom))\" font-family=\"sans-serif\" font-size=\"10\">"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(number(width - 6))\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>"
        svg += "<text x=\"2\" y=\"\(top + 4)\">\(Int(peak))</text>"
        for score in 0...max(0, maxScore) {
            let count = counts[score] ?? 0
            let height = plotHeight * Double(count) / peak
            let x = left + slot * Double(score)
            svg += "<rect x=\"\(number(x + 1))\" y=\"\(number(top + plotHeight - height))\" width=\"\(number(slot - 2))\" height=\"\(number(height))\" fill=\"#2471a3\"><title>\(score): \(count)</title></rect>"
            if maxScore <= 30 || score % 5 == 0 {
                svg += "<text x=\"\(number(x + slot / 2))\" y=\"\(number(top + plotHeight + 14))\" text-anchor=\"middle\">\(score)</text>"
            }
        }
        for threshold in thresholds {
            let x = left + slot * Double(threshold.score)
            svg += "<line x1=\"\(number(x))\" y1=\"\(top - 8)\" x2=\"\(number(x))\" y2=\"\(top + plotHeight)\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(number(x + 3))\" y=\"\(top - 10 + 8)\" fill=\"#c0392b\">«\(escape(threshold.mark))»</text>"
        }
        return svg + "</svg>"
    }

    /// Grouped vertical bars: one group per category, one bar per series (nil = no bar).
    public static func groupedBars(categories: [String], series: [(name: String, values: [Double?])], maxValue: Double = 100,
                                   colors: [String] = ["#2471a3", "#95a5a6", "#f1c40f", "#c0392b", "#8e44ad", "#16a085"]) -> String {
        let left = 34.0, top = 30.0, plotHeight = 150.0, bottom = 22.0
        let barWidth = 7.0, gap = 8.0
        let groupWidth = barWidth * Double(max(1, series.count)) + gap
        let width = left + groupWidth * Double(categories.count) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(max(width, 360)))\" height=\"\(Int(top + plotHeight + bottom))\" font-family=\"sans-serif\" font-size=\"10\">"
        var legendX = left
        for (index, item) in series.enumerated() {
            svg += "<rect x=\"\(number(legendX))\" y=\"4\" width=\"10\" height=\"10\" fill=\"\(colors[index % colors.count])\"/>"
            svg += "<text x=\"\(number(legendX + 13))\" y=\"13\">\(escape(item.name))</text>"
            legendX += 22 + Double(item.name.count) * 6.5
        }
        for tick in stride(from: 0.0, through: maxValue, by: maxValue / 4) {
            let y = top + plotHeight - plotHeight * tick / maxValue
            svg += "<line x1=\"\(left)\" y1=\"\(number(y))\" x2=\"\(number(width - 6))\" y2=\"\(number(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(number(y + 3))\" text-anchor=\"end\">\(Int(tick))</text>"
        }
        for (categoryIndex, category) in categories.enumerated() {
            let groupX = left + groupWidth * Double(categoryIndex) + gap / 2
            for (seriesIndex, item) in series.enumerated() {
                guard categoryIndex < item.values.count, let value = item.values[categoryIndex] else { continue }
                let height = plotHeight * min(value, maxValue) / maxValue
                svg += "<rect x=\"\(number(groupX + barWidth * Double(seriesIndex)))\" y=\"\(number(top + plotHeight - height))\" width=\"\(number(barWidth - 1))\" height=\"\(number(height))\" fill=\"\(colors[seriesIndex % colors.count])\"><title>\(escape(category)) — \(escape(item.name)): \(number(value))</title></rect>"
            }
            svg += "<text x=\"\(number(groupX + groupWidth / 2 - gap / 2))\" y=\"\(number(top + plotHeight + 14))\" text-anchor=\"middle\">\(escape(category))</text>"
        }
        return svg + "</svg>"
    }
}
