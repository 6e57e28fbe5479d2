/// `derive name = expr, …` — adds (or replaces) computed columns; later ones see earlier ones.
enum DeriveVerb {
    static let spec = VerbSpec(
        name: "derive",
        syntax: "derive NAME = EXPRESSION, …",
        summary: "add computed columns (or replace ones with the same name)",
        details: "Each new column can use the ones defined before it in the same `derive`. An aggregate here is taken over the whole table: `derive share = n / sum(n) * 100`.",
        examples: [
            "vpr | derive pct_max = primary_score / 20 * 100 | where pct_max >= 50 | count by school_id",
            "vpr | derive below_journal = mark < journal_mark, gap = journal_mark - mark",
        ]
    ) { stage, table, session in
        try VerbArguments.noClauses(stage)
        guard !stage.items.isEmpty else {
            throw MsokoError(.syntax, "`derive` needs `name = expression`", at: stage.verbRange,
                             hint: "for example `| derive pct = primary_score / 20 * 100`")
        }
        var result = table
        for item in stage.items {
            guard let name = item.name else {
                throw MsokoError(.syntax, "`derive` needs a name for each new column", at: item.range,
                                 hint: "write `name = \(item.expr.sourceText)`")
            }
            let column = try session.evaluator.column(item.expr, in: Scope(table: result))
            result.set(name, column)
        }
        return result
    }
}
