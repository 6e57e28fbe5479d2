/// `unpivot c1, c2, … [with names = "task", values = "score"]` — wide to long.
enum UnpivotVerb {
    static let spec = VerbSpec(
        name: "unpivot",
        syntax: "unpivot COLUMN, … [with names = \"name\", values = \"value\"]",
        summary: "turn columns into rows (wide to long): a name column and a value column",
        details: "Each input row gives one row per listed column, in that order; the other columns are repeated. The listed columns must share a type (ints with doubles become doubles).",
        examples: [
            "schools | unpivot settlement, school_type with names = \"field\", values = \"value\"",
        ]
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        let columns = try VerbArguments.columnNames(stage.items, verb: "unpivot", in: table)
        guard !columns.isEmpty else {
            throw MsokoError(.syntax, "`unpivot` needs the columns to turn into rows", at: stage.verbRange)
        }
        var namesName = "name"
        var valuesName = "value"
        for option in stage.clause("with")?.items ?? [] {
            let value = try session.evaluator.constant(option.expr).plainText
            switch option.name {
            case "names": namesName = value
            case "values": valuesName = value
            default:
                throw MsokoError(.syntax, "unknown option `\(option.name ?? option.expr.sourceText)` for `unpivot`", at: option.range,
                                 hint: "options: `names = \"…\"`, `values = \"…\"`")
            }
        }
        let listed = Set(columns.map(\.0))
        let keep = table.names.indices.filter { !listed.contains(table.names[$0]) }
        let rowCount = table.rowCount
        var repeated: [Int32] = []
        repeated.reserveCapacity(rowCount * columns.count)
        for row in 0..<rowCount { for _ in columns { repeated.append(Int32(row)) } }
        var result = table.project(keep).gather(repeated)
        let nameDictionary = StringDictionary(columns.map(\.0))
        var nameCodes: [Int32] = []
        nameCodes.reserveCapacity(repeated.count)
        for _ in 0..<rowCount { for index in columns.indices { nameCodes.append(Int32(index)) } }
        let parts = columns.compactMap { table.column($0.0) }
        guard let stacked = Column.concatenate(parts) else {
            throw MsokoError(.type, "the columns to unpivot have different types: " + parts.map(\.type.rawValue).joined(separator: ", "),
                             at: stage.range, hint: "load them with `types = {…}` as text, or convert with `derive`")
        }
        // stacked is column-major (all of column 1, then column 2…); we want row-major.
        var order: [Int32] = []
        order.reserveCapacity(repeated.count)
        for row in 0..<rowCount { for index in columns.indices { order.append(Int32(index * rowCount + row)) } }
        result.set(namesName, Column(.text(codes: nameCodes, dictionary: nameDictionary)))
        result.set(valuesName, stacked.gather(order))
        return result
    }
}
