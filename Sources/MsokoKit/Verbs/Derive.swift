/// `derive name = expr, …` — adds (or replaces) computed columns; later ones see earlier ones.
enum DeriveVerb {
    static let spec = VerbSpec(
        name: "derive",
        syntax: "derive NAME = EXPRESSION, … [by KEY, …]",
        summary: "add computed columns (or replace ones with the same name)",
        details: "Each new column can use the ones defined before it in the same `derive`. An aggregate here is taken over the whole table (`derive share = n / sum(n) * 100`), or, with `by`, over each group and given to every row of it (`derive school_mean = mean(primary_score) by school_id`). Row order is kept.",
        examples: [
            "vpr | derive pct_max = primary_score / 20 * 100 | where pct_max >= 50 | count by school_id",
            "vpr | derive below_journal = mark < journal_mark, gap = journal_mark - mark",
            "vpr | count by school_id, mark | derive share = n / sum(n) * 100 by school_id",
        ],
        items: .aggregates,
        clauses: ["by"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        var window: (groups: [Int32], groupCount: Int)? = nil
        if let keys = arguments.keys {
            let columns = try keys.map { try session.evaluator.column($0, in: Scope(table: table)) }
            let index = GroupIndex(keys: columns, rowCount: table.rowCount)
            window = (index.groups, index.groupCount)
        }
        var result = table
        for item in arguments.columns {
            result.set(item.name, try session.evaluator.column(item.expr, in: Scope(table: result, window: window)))
        }
        return result
    }

    struct Arguments: StageArguments {
        /// The new columns in order; each sees the ones before it.
        let columns: [NamedExpression]
        /// `by` keys: aggregates are taken over each group of them (nil: over the whole table).
        let keys: [Expr]?

        init(_ syntax: ArgumentSyntax) throws {
            columns = try syntax.namedItemsRequired(tr("verbs.derive.needs_name_expression"),
                                                    hint: tr("verbs.example_derive_pct_primary")) { item in
                (tr("verbs.derive_needs_name_each"), tr("verbs.write", ["example": "name = \(item.expr.sourceText)"]))
            }
            keys = syntax.clause("by")?.items.map(\.expr)
        }
    }
}
