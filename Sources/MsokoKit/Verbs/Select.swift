/// `select a, b, new = expr` — keeps these columns, in this order (renaming or computing some).
enum SelectVerb {
    static let spec = VerbSpec(
        name: "select",
        syntax: "select COLUMN, NEW_NAME = EXPRESSION, …",
        summary: "keep only these columns, in this order",
        details: "A plain name keeps a column; `name = expression` computes or renames one. `select -col` is not supported: use `drop`.",
        examples: [
            "vpr | select school_id, class_id, mark",
            "vpr | select school = school_id, pct = primary_score / 20 * 100",
        ],
        items: .expressions,
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        guard !arguments.columns.isEmpty else {
            // Said when it runs: the hint lists the input's columns.
            throw MsokoError(.syntax, tr("verbs.select_needs_least_one"), at: arguments.verbRange,
                             hint: VerbArguments.columnList(table))
        }
        var result = Table(names: [], columns: [], rowCount: table.rowCount)
        for item in arguments.columns {
            result.set(item.name, try session.evaluator.column(item.expr, in: Scope(table: table)))
        }
        return result
    }

    struct Arguments: StageArguments {
        /// The output's columns in order, each named (no name twice).
        let columns: [NamedExpression]
        let verbRange: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            var seen: [String: SourceRange] = [:]
            columns = try syntax.items.map { item in
                let column = NamedExpression(item)
                if let earlier = seen[column.name] {
                    throw MsokoError(.name, tr("verbs.column_selected_twice", ["name": column.name]), at: item.range,
                                     hint: tr("verbs.first_give_one_them", ["location": earlier.location, "source_text": item.expr.sourceText]))
                }
                seen[column.name] = item.range
                return column
            }
            verbRange = syntax.verbRange
        }
    }
}
