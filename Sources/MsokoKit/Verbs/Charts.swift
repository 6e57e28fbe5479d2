/// `bars LABEL, VALUE` and `histogram COLUMN` — charts in the terminal, with Unicode blocks.
/// Both print the chart (through the session's sink, as text) and pass the table on unchanged, so
/// they may stand mid-pipeline (`… | bars mark, n | save "x.csv"`); a statement ending in one
/// prints only the chart.
enum BarsVerb {
    static let spec = VerbSpec(
        name: "bars",
        syntax: "bars LABEL, VALUE [with width = 40]",
        summary: "draw a horizontal bar per row (label, value) with Unicode blocks; passes the table on",
        details: "One line per row, in the table's order: the label, a bar proportional to the value (the largest fills `width` cells, in eighths of a cell), the value. Null values draw no bar. The table passes on unchanged; a statement ending in `bars` prints only the chart. Sort or `head` first for long tables.",
        examples: [
            "vpr | count by mark | bars mark, n",
            "vpr | where status == \"present\" | summarize quality = quality(mark) by school_id | bars school_id, quality with width = 30",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        let columns = try VerbArguments.columnNames(stage.items, verb: "bars", in: table)
        guard columns.count == 2, let label = table.column(columns[0].0), let value = table.column(columns[1].0) else {
            throw MsokoError(.syntax, "`bars` takes a label column and a value column", at: stage.range, hint: "for example `| count by mark | bars mark, n`")
        }
        guard value.type.isNumeric || value.type == .null else {
            throw MsokoError(.type, "`bars` needs a numeric value column; `\(columns[1].0)` is \(value.type)", at: columns[1].1)
        }
        let width = try ChartOptions.width(stage, session: session)
        let rows = (0..<table.rowCount).map { (label: label.isNull($0) ? "NULL" : label.value(at: $0).plainText, value: value.value(at: $0).asDouble) }
        session.sink.text(TerminalChart.bars(rows, width: width))
        return table
    }
}

enum HistogramVerb {
    static let spec = VerbSpec(
        name: "histogram",
        syntax: "histogram COLUMN [with bins = N, width = 40]",
        summary: "draw the distribution of a numeric column with Unicode blocks; passes the table on",
        details: "Whole-number columns with at most 60 distinct steps get one line per value from the smallest to the largest, values nobody has included (a threshold peak shows as a spike beside an empty score); otherwise `bins` equal-width bins (default 10). Nulls are counted and reported, not drawn. The table passes on unchanged; a statement ending in `histogram` prints only the chart.",
        examples: [
            "vpr | where subject == \"Математика\" | histogram primary_score",
            "vpr | histogram primary_score with bins = 5, width = 20",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        let columns = try VerbArguments.columnNames(stage.items, verb: "histogram", in: table)
        guard columns.count == 1, let column = table.column(columns[0].0) else {
            throw MsokoError(.syntax, "`histogram` takes one numeric column", at: stage.range, hint: "for example `| histogram primary_score`")
        }
        guard column.type.isNumeric || column.type == .null else {
            throw MsokoError(.type, "`histogram` needs a numeric column; `\(columns[0].0)` is \(column.type)", at: columns[0].1)
        }
        let width = try ChartOptions.width(stage, session: session)
        var bins: Int?
        for option in stage.clause("with")?.items ?? [] where option.name == "bins" {
            bins = try VerbArguments.count(option, verb: "histogram", session: session)
            if bins == 0 { throw MsokoError(.type, "`bins` must be at least 1", at: option.range) }
        }
        var values: [Double] = []
        var nulls = 0
        for row in 0..<table.rowCount {
            if let value = column.value(at: row).asDouble, value.isFinite { values.append(value) } else { nulls += 1 }
        }
        guard let low = values.min(), let high = values.max() else {
            session.sink.text("(no values to draw\(nulls > 0 ? ": \(nulls) null" : ""))")
            return table
        }
        var rows: [(label: String, value: Double?)] = []
        if bins == nil, column.type == .int, high - low <= 60 {
            var counts = [Int](repeating: 0, count: Int(high - low) + 1)
            for value in values { counts[Int(value - low)] += 1 }
            rows = counts.enumerated().map { (label: String(Int(low) + $0.offset), value: Double($0.element)) }
        } else {
            let count = bins ?? 10
            let step = high > low ? (high - low) / Double(count) : 1
            var counts = [Int](repeating: 0, count: count)
            for value in values { counts[min(count - 1, Int((value - low) / step))] += 1 }
            rows = counts.enumerated().map { index, n in
                let from = low + step * Double(index)
                return (label: "\(NumberFormat.shortestRounded(from))–\(NumberFormat.shortestRounded(from + step))", value: Double(n))
            }
        }
        var text = TerminalChart.bars(rows, width: width)
        text += "n = \(values.count)" + (nulls > 0 ? ", null: \(nulls)" : "") + "\n"
        session.sink.text(text)
        return table
    }
}

enum ChartOptions {
    static func width(_ stage: StageSyntax, session: Session) throws -> Int {
        var width = 40
        for option in stage.clause("with")?.items ?? [] {
            switch option.name {
            case "width":
                width = try VerbArguments.count(option, verb: stage.verb, session: session)
                if width < 1 || width > 200 { throw MsokoError(.type, "`width` is 1–200 cells", at: option.range) }
            case "bins" where stage.verb.lowercased() == "histogram": break
            default:
                throw MsokoError(.syntax, "unknown option `\(option.name ?? option.expr.sourceText)` for `\(stage.verb)`", at: option.range,
                                 hint: stage.verb.lowercased() == "histogram" ? "options: bins, width" : "options: width")
            }
        }
        return width
    }
}
