/// `histogram COLUMN [with bins, width]` — the distribution of a numeric column in the terminal.
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
        clauses: ["with"],
        options: [
            VerbOption("bins", .wholeNumber(1...1000), "the number of equal-width bins (default 10, or one line per value for small whole numbers)"),
            ChartOptions.widthOption,
        ],
        effects: .prints,
        arguments: Arguments.self
    ) { arguments, table, session in
        let column = try VerbArguments.columns([arguments.column], in: table)[0]
        guard column.type.isNumeric || column.type == .null else {
            throw MsokoError(.type, tr("verbs.histogram_needs_numeric_column", ["value": arguments.column.name, "type": column.type]), at: arguments.column.range)
        }
        let width = try ChartOptions.width(arguments.width, session: session)
        let bins = try arguments.bins?.wholeNumber(session)
        var values: [Double] = []
        var nulls = 0
        for row in 0..<table.rowCount {
            if let value = column.value(at: row).asDouble, value.isFinite { values.append(value) } else { nulls += 1 }
        }
        guard let low = values.min(), let high = values.max() else {
            session.sink.text(nulls > 0 ? tr("verbs.histogram.nothing_to_draw_nulls", ["nulls": nulls]) : tr("verbs.histogram.nothing_to_draw"))
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

    struct Arguments: StageArguments {
        /// The numeric column drawn.
        let column: NameReference
        /// nil: 10 bins, or one line per value for small whole numbers.
        let bins: OptionArgument?
        let width: OptionArgument?

        init(_ syntax: ArgumentSyntax) throws {
            let columns = try VerbArguments.columnNames(syntax.items, verb: "histogram")
            guard columns.count == 1 else {
                throw MsokoError(.syntax, tr("verbs.histogram_takes_one_numeric"), at: syntax.range, hint: tr("verbs.example_histogram_primary_score"))
            }
            column = columns[0]
            bins = syntax.option("bins")
            width = syntax.option("width")
        }
    }
}
