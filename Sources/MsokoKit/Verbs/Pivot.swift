/// `pivot names_column, values_column` — long to wide.
enum PivotVerb {
    static let spec = VerbSpec(
        name: "pivot",
        syntax: "pivot NAMES_COLUMN, VALUES_COLUMN",
        summary: "turn the values of one column into columns (long to wide)",
        details: "The other columns identify the rows (one row per distinct combination, ordered by them). New columns are ordered by their names' values. Two values for the same cell are an error: summarize first.",
        examples: [
            "vpr | summarize mean_mark = mean(mark) by school_id, subject | pivot subject, mean_mark",
        ],
        arguments: Arguments.self
    ) { arguments, table, session in
        let columns = try VerbArguments.columns([arguments.names, arguments.values], in: table)
        let (namesColumn, valuesColumn) = (columns[0], columns[1])
        let (namesColumnName, namesRange) = (arguments.names.name, arguments.names.range)
        let valuesColumnName = arguments.values.name
        let idPositions = table.names.indices.filter { table.names[$0] != namesColumnName && table.names[$0] != valuesColumnName }
        let idTable = table.project(idPositions)
        let rowIndex = GroupIndex(keys: idTable.columns, rowCount: table.rowCount)
        let nameIndex = GroupIndex(keys: [namesColumn], rowCount: table.rowCount)
        // Output rows ordered by the id columns, new columns by the names' values.
        let rowHeads = idTable.gather(rowIndex.firstRows)
        let rowOrder = SortKernel.indices(rowCount: rowHeads.rowCount, keys: rowHeads.columns.map { SortKernel.Key($0) })
        var rowPosition = [Int](repeating: 0, count: rowIndex.groupCount)
        for (position, group) in rowOrder.enumerated() { rowPosition[Int(group)] = position }
        let nameHeads = namesColumn.gather(nameIndex.firstRows)
        let nameOrder = SortKernel.indices(rowCount: nameHeads.count, keys: [SortKernel.Key(nameHeads)])
        var namePosition = [Int](repeating: 0, count: nameIndex.groupCount)
        for (position, group) in nameOrder.enumerated() { namePosition[Int(group)] = position }
        // cells[column][row] = source row, or -1.
        var cells = [[Int32]](repeating: [Int32](repeating: -1, count: rowIndex.groupCount), count: nameIndex.groupCount)
        for row in 0..<table.rowCount {
            let r = rowPosition[Int(rowIndex.groups[row])]
            let c = namePosition[Int(nameIndex.groups[row])]
            if cells[c][r] >= 0 {
                throw MsokoError(.runtime, tr("verbs.pivot_found_two_values", ["values_column_name": valuesColumnName, "names_column_name": namesColumnName, "value": namesColumn.value(at: row).plainText]),
                                 at: namesRange, hint: tr("verbs.pivot.summarize_first", ["values_column_name": valuesColumnName, "names_column_name": namesColumnName]))
            }
            cells[c][r] = Int32(row)
        }
        var result = rowHeads.gather(rowOrder)
        for (position, group) in nameOrder.enumerated() {
            let value = nameHeads.value(at: Int(group))
            var name = value.isNull ? "null" : value.plainText
            if result.index(of: name) != nil { name = "\(namesColumnName)_\(name)" }
            result.set(name, valuesColumn.gather(cells[position]))
        }
        return result
    }

    struct Arguments: StageArguments {
        /// The column whose values become columns, and the one that fills them.
        let names: NameReference
        let values: NameReference

        init(_ syntax: ArgumentSyntax) throws {
            let columns = try VerbArguments.columnNames(syntax.items, verb: "pivot")
            guard columns.count == 2 else {
                throw MsokoError(.syntax, tr("verbs.pivot_takes_two_columns"),
                                 at: syntax.range, hint: tr("verbs.example_pivot_subject_mean"))
            }
            names = columns[0]
            values = columns[1]
        }
    }
}
