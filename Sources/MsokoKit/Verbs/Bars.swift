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
        effects: .prints,
        arguments: Arguments.self
    ) { arguments, table, session in
        let columns = try VerbArguments.columns([arguments.label, arguments.value], in: table)
        let (label, value) = (columns[0], columns[1])
        guard value.type.isNumeric || value.type == .null else {
            throw MsokoError(.type, tr("verbs.bars_needs_numeric_value", ["value": arguments.value.name, "type": value.type]), at: arguments.value.range)
        }
        let width = try ChartOptions.width(arguments.width, session: session)
        let rows = (0..<table.rowCount).map { (label: label.isNull($0) ? "NULL" : label.value(at: $0).plainText, value: value.value(at: $0).asDouble) }
        session.sink.text(TerminalChart.bars(rows, width: width))
        return table
    }

    struct Arguments: StageArguments {
        /// The column that names each bar, and the numeric one that gives its length.
        let label: NameReference
        let value: NameReference
        let width: OptionArgument?

        init(_ syntax: ArgumentSyntax) throws {
            let columns = try VerbArguments.columnNames(syntax.items, verb: "bars")
            guard columns.count == 2 else {
                throw MsokoError(.syntax, tr("verbs.bars_takes_label_column"), at: syntax.range, hint: tr("verbs.example_count_mark_bars"))
            }
            label = columns[0]
            value = columns[1]
            width = syntax.option("width")
        }
    }
}

/// Options shared by `bars` and `histogram`.
enum ChartOptions {
    static let widthOption = VerbOption("width", .wholeNumber(1...200), "the longest bar, in cells (1–200; default 40)")

    /// The `width` option's value (the checker holds it to 1–200), or 40.
    static func width(_ option: OptionArgument?, session: Session) throws -> Int {
        try option?.wholeNumber(session) ?? 40
    }
}
