import Foundation

/// The annual report's context: every table the script names (`tables.<name>`) and the charts
/// drawn from the chart tables (`charts.<name>`: a list of `{title, svg}`, one per `group`).
///
/// Chart tables, as the script prepares them (Scripts/lib/report.msoko):
/// - `marks`, `journal`: [group,] label, n, then one numeric column per stacked series (shares);
///   rows with n < 10 are drawn empty and marked;
/// - `histogram`: [group,] score, n, max_score; with `thresholds`: [group,] mark, score;
/// - `tasks`: [group,] task, then one numeric column per series (school, district, region, Russia).
public enum AnnualReport {
    public static let chartKinds = ["marks", "journal", "histogram", "tasks"]

    static func groups(_ table: Table) -> [(name: String, rows: [Int])] {
        guard let column = table.column("group") else { return [("", Array(0..<table.rowCount))] }
        var order: [String] = []
        var rows: [String: [Int]] = [:]
        for row in 0..<table.rowCount {
            let key = column.value(at: row).plainText
            if rows[key] == nil { order.append(key) }
            rows[key, default: []].append(row)
        }
        return order.map { ($0, rows[$0] ?? []) }
    }

    static func seriesColumns(_ table: Table, after fixed: Set<String>) -> [String] {
        zip(table.names, table.columns).filter { !fixed.contains($0.0) && $0.1.type.isNumeric || ($0.1.type == .null && !fixed.contains($0.0)) }.map(\.0)
    }

    public static func charts(kind: String, table: Table, thresholds: Table?, suppressedLabel: String) throws -> [[String: Any]] {
        func need(_ name: String) throws -> Column {
            guard let column = table.column(name) else {
                throw MsokoError(.name, "the `\(kind)` table of the report has no column `\(name)`",
                                 hint: "see the comment at the top of Reports/AnnualReport.swift or docs/recommendations.md")
            }
            return column
        }
        var charts: [[String: Any]] = []
        switch kind {
        case "marks", "journal":
            let label = try need("label"), n = try need("n")
            let series = seriesColumns(table, after: ["group", "label", "n"])
            for group in groups(table) {
                let rows = group.rows.map { row in
                    (label: label.value(at: row).plainText, n: Int(n.value(at: row).asDouble ?? 0),
                     values: series.map { table.column($0)?.value(at: row).asDouble ?? 0 })
                }
                charts.append(["title": group.name, "svg": SVGCharts.stackedBars(rows: rows, series: series, suppressedLabel: suppressedLabel)])
            }
        case "histogram":
            let score = try need("score"), n = try need("n"), maxScore = try need("max_score")
            for group in groups(table) {
                var counts: [Int: Int] = [:]
                var top = 0
                for row in group.rows {
                    if let s = score.value(at: row).asDouble { counts[Int(s), default: 0] += Int(n.value(at: row).asDouble ?? 0) }
                    top = max(top, Int(maxScore.value(at: row).asDouble ?? 0))
                }
                var marks: [(mark: String, score: Int)] = []
                if let thresholds, let mark = thresholds.column("mark"), let at = thresholds.column("score") {
                    let groupColumn = thresholds.column("group")
                    for row in 0..<thresholds.rowCount where groupColumn == nil || groupColumn?.value(at: row).plainText == group.name {
                        if let s = at.value(at: row).asDouble { marks.append((mark.value(at: row).plainText, Int(s))) }
                    }
                }
                charts.append(["title": group.name, "svg": SVGCharts.histogram(counts: counts, maxScore: top, thresholds: marks)])
            }
        case "tasks":
            let task = try need("task")
            let series = seriesColumns(table, after: ["group", "task"])
            for group in groups(table) {
                let present = series.filter { name in group.rows.contains { !(table.column(name)?.isNull($0) ?? true) } }
                let values = present.map { name in (name: name, values: group.rows.map { table.column(name)?.value(at: $0).asDouble }) }
                charts.append(["title": group.name,
                               "svg": SVGCharts.groupedBars(categories: group.rows.map { task.value(at: $0).plainText }, series: values)])
            }
        default:
            break
        }
        return charts
    }
}
