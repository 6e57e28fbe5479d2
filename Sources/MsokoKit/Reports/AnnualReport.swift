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

    /// The charts of one chart table: for each `group`, the chart as data (what the DOCX's
    /// native chart is drawn from) and as inline SVG (the HTML's). Series and axis names go
    /// through the labels (`column_NAME`, `chart_*`).
    public static func charts(kind: String, table: Table, thresholds: Table?, text: ReportText) throws -> [(chart: ReportChart, svg: String)] {
        func need(_ name: String) throws -> Column {
            guard let column = table.column(name) else {
                throw MsokoError(.name, tr("report.chart_column", ["kind": kind, "name": name]), hint: tr("report.chart_column.hint"))
            }
            return column
        }
        let suppressedLabel = text.label("suppressed", "n < 10")
        var charts: [(chart: ReportChart, svg: String)] = []
        switch kind {
        case "marks", "journal":
            let label = try need("label"), n = try need("n")
            let series = seriesColumns(table, after: ["group", "label", "n"])
            let names = series.map(text.header)
            for group in groups(table) {
                let rows = group.rows.map { row in
                    (label: text.cell(label.value(at: row)), n: Int(n.value(at: row).asDouble ?? 0),
                     values: series.map { table.column($0)?.value(at: row).asDouble ?? 0 })
                }
                let shown = rows.map { $0.n >= 10 }
                let categories = rows.map { row in row.n >= 10 ? "\(row.label) (n = \(text.integer(Int64(row.n))))" : "\(row.label): \(suppressedLabel)" }
                let values = names.indices.map { index in (name: names[index], values: rows.indices.map { shown[$0] ? Optional(rows[$0].values[index]) : nil }) }
                let title = group.name.isEmpty ? text.label("chart_\(kind)_title", "") : group.name
                let chart = ReportChart(kind: .stackedBars, title: title, categories: categories, series: values,
                                        categoryAxis: "", valueAxis: text.label("chart_share_axis", "share of pupils, %"))
                charts.append((chart, SVGCharts.stackedBars(rows: rows, series: names, suppressedLabel: suppressedLabel)))
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
                let scores = Array(0...max(0, top))
                // One series per mark band (a bar's colour says its mark), or one series without thresholds.
                var series: [(name: String, values: [Double?])] = []
                let bands = marks.sorted { $0.score < $1.score }
                if bands.isEmpty {
                    series = [(text.label("chart_pupils_axis", "pupils"), scores.map { Double(counts[$0] ?? 0) })]
                } else {
                    let below = Int(bands[0].mark).map { String($0 - 1) } ?? "—"
                    let starts = [(mark: below, score: Int.min)] + bands
                    for (index, band) in starts.enumerated() {
                        let end = index + 1 < starts.count ? starts[index + 1].score : Int.max
                        series.append(("«\(band.mark)»", scores.map { $0 >= band.score && $0 < end ? Double(counts[$0] ?? 0) : nil }))
                    }
                }
                let chart = ReportChart(kind: .histogram, title: group.name, categories: scores.map(String.init), series: series,
                                        categoryAxis: text.label("chart_score_axis", "primary score"), valueAxis: text.label("chart_pupils_axis", "pupils"))
                charts.append((chart, SVGCharts.histogram(counts: counts, maxScore: top, thresholds: marks)))
            }
        case "tasks":
            let task = try need("task")
            let series = seriesColumns(table, after: ["group", "task"])
            for group in groups(table) {
                let present = series.filter { name in group.rows.contains { !(table.column(name)?.isNull($0) ?? true) } }
                let values = present.map { name in (name: text.header(name), values: group.rows.map { table.column(name)?.value(at: $0).asDouble }) }
                let categories = group.rows.map { task.value(at: $0).plainText }
                let chart = ReportChart(kind: .groupedBars, title: group.name, categories: categories, series: values,
                                        categoryAxis: text.label("chart_task_axis", "task"), valueAxis: text.label("chart_solve_rate_axis", "solve rate, %"))
                charts.append((chart, SVGCharts.groupedBars(categories: categories, series: values)))
            }
        default:
            break
        }
        return charts
    }
}
