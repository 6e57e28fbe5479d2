/// `where CONDITION` — keeps the rows where the condition is true (null counts as not true).
enum WhereVerb {
    static let spec = VerbSpec(
        name: "where",
        syntax: "where CONDITION",
        summary: "keep the rows where the condition holds",
        details: "Rows where the condition is null (for example `mark >= 4` when mark is empty) are dropped, as in SQL. Several conditions: `and`, `or`, `not`; lists: `grade in [5, 6]`; missing values: `journal_mark is null`.",
        examples: [
            "vpr | where subject == \"Математика\" and grade == 5",
            "vpr | where mark is not null and mark < journal_mark",
            "vpr | where school_id in [\"S01\", \"S02\"] | count by school_id",
        ],
        items: .expressions,
        conditions: true,
        schema: .fromZeroRows
    ) { stage, table, session in
        try selection(stage, table, session).apply(to: table)
    }

    /// The rows the stage's condition keeps, checked as the verb checks it; nothing gathered yet.
    static func selection(_ stage: StageSyntax, _ table: Table, _ session: Session) throws -> RowSelection {
        guard stage.items.count == 1, let item = stage.items.first else {
            throw MsokoError(.syntax, tr("verbs.where_takes_one_condition"), at: stage.items.dropFirst().first?.range ?? stage.verbRange,
                             hint: tr("verbs.combine_conditions"))
        }
        try VerbArguments.rejectNamed(item, verb: "where")
        let condition = try session.evaluator.evaluate(item.expr, in: Scope(table: table))
        return try SelectionKernel.rows(kept: condition, expr: item.expr)
    }
}
