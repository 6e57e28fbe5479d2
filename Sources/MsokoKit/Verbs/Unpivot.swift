/// `unpivot c1, c2, … [with names = "task", values = "score"]` — wide to long; the columns may
/// also be chosen by name prefix (`with prefix = "балл за "`) or as a range (`with from = …, to = …`).
enum UnpivotVerb {
    static let spec = VerbSpec(
        name: "unpivot",
        syntax: "unpivot COLUMN, … | unpivot with prefix = \"…\" | unpivot with from = \"COLUMN\", to = \"COLUMN\" [, names = \"name\", values = \"value\"]",
        summary: "turn columns into rows (wide to long): a name column and a value column",
        details: "Each input row gives one row per listed column, in that order; the other columns are repeated. The listed columns must share a type (ints with doubles become doubles). Instead of listing them, `prefix = \"балл за \"` takes every column whose name starts with it (the name column then holds the rest of the name: `балл за 9.1` → `9.1`), and `from = \"a\", to = \"b\"` takes the columns from a to b in table order. Wide task columns of an export (`балл за 1 … балл за N`) become task rows this way; `load … with profile = \"fisoko-tasks\"` does it for FIS OKO exports directly.",
        examples: [
            "schools | unpivot settlement, school_type with names = \"field\", values = \"value\"",
            "schools | unpivot with prefix = \"school_\", names = \"field\", values = \"value\"",
            "vpr | unpivot with from = \"primary_score\", to = \"journal_mark\", names = \"measure\", values = \"value\"",
        ],
        clauses: ["with"],
        options: [
            VerbOption("names", .text, "the name of the column that gets the old column names (default `name`)"),
            VerbOption("values", .text, "the name of the column that gets their values (default `value`)"),
            VerbOption("prefix", .text, "unpivot every column whose name starts with this, the rest of the name going into `names`"),
            VerbOption("from", .column, "the first column of a range to unpivot"),
            VerbOption("to", .column, "the last column of that range"),
        ],
        arguments: Arguments.self
    ) { arguments, table, session in
        try VerbArguments.columns(arguments.columns, in: table)
        var columns = arguments.columns.map { ($0.name, $0.range) }
        let namesName = try arguments.names?.text(session) ?? "name"
        let valuesName = try arguments.values?.text(session) ?? "value"
        let prefix = try arguments.prefix?.text(session)
        let from = try arguments.from.map { (try $0.text(session), $0.expr.range) }
        let to = try arguments.to.map { (try $0.text(session), $0.expr.range) }
        var shownNames: [String]? = nil
        if let prefix {
            guard columns.isEmpty, from == nil, to == nil else {
                throw MsokoError(.syntax, tr("verbs.unpivot_takes_listed_columns"), at: arguments.range)
            }
            let matching = table.names.filter { $0.hasPrefix(prefix) && $0 != prefix }
            guard !matching.isEmpty else {
                throw MsokoError(.name, tr("verbs.column_name_starts", ["prefix": prefix]), at: arguments.range,
                                 hint: VerbArguments.columnList(table))
            }
            columns = matching.map { ($0, arguments.range) }
            shownNames = matching.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        } else if from != nil || to != nil {
            guard columns.isEmpty, let from, let to else {
                throw MsokoError(.syntax, tr("verbs.unpivot_from_needs_too"), at: arguments.range)
            }
            func position(_ bound: (String, SourceRange)) throws -> Int {
                guard let index = table.index(of: bound.0) else {
                    throw MsokoError(.name, tr("verbs.unpivot.unknown_column", ["value": bound.0]), at: bound.1,
                                     hint: Suggest.hint(for: bound.0, among: table.names) ?? VerbArguments.columnList(table))
                }
                return index
            }
            let (first, last) = (try position(from), try position(to))
            guard first <= last else {
                throw MsokoError(.syntax, tr("verbs.comes_after_table", ["value": from.0, "value2": to.0]), at: to.1, hint: tr("verbs.swap_from"))
            }
            columns = (first...last).map { (table.names[$0], arguments.range) }
        }
        guard !columns.isEmpty else {
            throw MsokoError(.syntax, tr("verbs.unpivot_needs_columns_turn"), at: arguments.verbRange,
                             hint: tr("verbs.list_them_choose_them"))
        }
        let listed = Set(columns.map(\.0))
        let keep = table.names.indices.filter { !listed.contains(table.names[$0]) }
        let rowCount = table.rowCount
        var repeated: [Int32] = []
        repeated.reserveCapacity(rowCount * columns.count)
        for row in 0..<rowCount { for _ in columns { repeated.append(Int32(row)) } }
        var result = table.project(keep).gather(repeated)
        let nameDictionary = StringDictionary(shownNames ?? columns.map(\.0))
        var nameCodes: [Int32] = []
        nameCodes.reserveCapacity(repeated.count)
        for _ in 0..<rowCount { for index in columns.indices { nameCodes.append(Int32(index)) } }
        let parts = columns.compactMap { table.column($0.0) }
        guard let stacked = Column.concatenate(parts) else {
            throw MsokoError(.type, tr("verbs.columns_unpivot_have_different", ["types": parts.map(\.type.rawValue).joined(separator: ", ")]),
                             at: arguments.range, hint: tr("verbs.load_them_types_text"))
        }
        // stacked is column-major (all of column 1, then column 2…); we want row-major.
        var order: [Int32] = []
        order.reserveCapacity(repeated.count)
        for row in 0..<rowCount { for index in columns.indices { order.append(Int32(index * rowCount + row)) } }
        result.set(namesName, Column(.text(codes: nameCodes, dictionary: nameDictionary)))
        result.set(valuesName, stacked.gather(order))
        return result
    }

    struct Arguments: StageArguments {
        /// The columns listed (none when chosen by `prefix` or `from`/`to`).
        let columns: [NameReference]
        let names: OptionArgument?
        let values: OptionArgument?
        let prefix: OptionArgument?
        let from: OptionArgument?
        let to: OptionArgument?
        let range: SourceRange
        let verbRange: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            columns = try VerbArguments.columnNames(syntax.items, verb: "unpivot")
            names = syntax.option("names")
            values = syntax.option("values")
            prefix = syntax.option("prefix")
            from = syntax.option("from")
            to = syntax.option("to")
            range = syntax.range
            verbRange = syntax.verbRange
        }
    }
}
