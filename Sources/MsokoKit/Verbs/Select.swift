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
        schema: .fromZeroRows
    ) { stage, table, session in
        guard !stage.items.isEmpty else {
            throw MsokoError(.syntax, tr("verbs.select_needs_least_one"), at: stage.verbRange,
                             hint: VerbArguments.columnList(table))
        }
        var result = Table(names: [], columns: [], rowCount: table.rowCount)
        var seen: [String: SourceRange] = [:]
        for item in stage.items {
            let name = VerbArguments.outputName(item)
            if let earlier = seen[name] {
                throw MsokoError(.name, tr("verbs.column_selected_twice", ["name": name]), at: item.range,
                                 hint: tr("verbs.first_give_one_them", ["location": earlier.location, "source_text": item.expr.sourceText]))
            }
            seen[name] = item.range
            let column = try session.evaluator.column(item.expr, in: Scope(table: table))
            result.set(name, column)
        }
        return result
    }
}
