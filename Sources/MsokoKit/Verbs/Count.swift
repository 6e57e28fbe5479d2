/// `count` / `count by k, …` — the number of rows, per group; the count column is `n`.
enum CountVerb {
    static let spec = VerbSpec(
        name: "count",
        syntax: "count [by KEY, …]",
        summary: "the number of rows (column `n`), per group when `by` is given",
        details: "`count by k` is `summarize n = count() by k`: keys first, rows ordered by the keys.",
        examples: [
            "vpr | count",
            "vpr | count by school_id, mark",
        ],
        clauses: ["by"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        let countAll = Expr(.call("count", []), arguments.verbRange)
        let item = NamedExpression(StageItem(name: "n", nameRange: nil, expr: countAll, descending: nil, range: arguments.verbRange))
        return try SummarizeVerb.summarize(table, aggregates: [item], keys: arguments.keys, session: session)
    }

    struct Arguments: StageArguments {
        /// `by` keys (none: one row, the table's count).
        let keys: [NamedExpression]
        /// Where `count` is written: the `n` column's expression points there.
        let verbRange: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            try VerbArguments.noItems(syntax.stage)
            let keys = syntax.clause("by")?.items ?? []
            if let clause = syntax.clause("by"), keys.isEmpty {
                throw MsokoError(.syntax, tr("verbs.needs_least_one_column"), at: clause.keywordRange)
            }
            self.keys = keys.map(NamedExpression.init)
            verbRange = syntax.verbRange
        }
    }
}
