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
        schema: .fromZeroRows
    ) { stage, table, session in
        try VerbArguments.noItems(stage)
        let countAll = Expr(.call("count", []), stage.verbRange)
        let item = StageItem(name: "n", nameRange: nil, expr: countAll, descending: nil, range: stage.verbRange)
        let keys = stage.clause("by")?.items ?? []
        if let clause = stage.clause("by"), keys.isEmpty {
            throw MsokoError(.syntax, tr("verbs.needs_least_one_column"), at: clause.keywordRange)
        }
        return try SummarizeVerb.summarize(table, aggregates: [item], keys: keys, session: session)
    }
}
