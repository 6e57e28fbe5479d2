/// `bars LABEL, VALUE` — a bar chart in the terminal, with Unicode blocks (see also `histogram`).
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
        clauses: ["with"],
        options: [ChartOptions.widthOption],
        effects: .prints
    ) { stage, table, session in
        let columns = try VerbArguments.columnNames(stage.items, verb: "bars", in: table)
        guard columns.count == 2, let label = table.column(columns[0].0), let value = table.column(columns[1].0) else {
            throw MsokoError(.syntax, tr("verbs.bars_takes_label_column"), at: stage.range, hint: tr("verbs.example_count_mark_bars"))
        }
        guard value.type.isNumeric || value.type == .null else {
            throw MsokoError(.type, tr("verbs.bars_needs_numeric_value", ["value": columns[1].0, "type": value.type]), at: columns[1].1)
        }
        let width = try ChartOptions.width(stage, session: session)
        let rows = (0..<table.rowCount).map { (label: label.isNull($0) ? "NULL" : label.value(at: $0).plainText, value: value.value(at: $0).asDouble) }
        session.sink.text(TerminalChart.bars(rows, width: width))
        return table
    }
}

/// Options shared by `bars` and `histogram`.
enum ChartOptions {
    static let widthOption = VerbOption("width", .wholeNumber, "the longest bar, in cells (1–200; default 40)")

    static func width(_ stage: StageSyntax, session: Session) throws -> Int {
        var width = 40
        for option in stage.clause("with")?.items ?? [] {
            switch option.name {
            case "width":
                width = try VerbArguments.count(option, verb: stage.verb, session: session)
                if width < 1 || width > 200 { throw MsokoError(.type, tr("verbs.width_cells"), at: option.range) }
            default:
                break  // `bins` (histogram); VerbOptions.check has rejected any other name.
            }
        }
        return width
    }
}
