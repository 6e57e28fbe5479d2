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
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        try selection(arguments, table, session).apply(to: table)
    }

    struct Arguments: StageArguments {
        /// The one condition (several are combined with `and`/`or` in it).
        let condition: Expr

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first else {
                throw MsokoError(.syntax, tr("verbs.where_takes_one_condition"), at: syntax.items.dropFirst().first?.range ?? syntax.verbRange,
                                 hint: tr("verbs.combine_conditions"))
            }
            try VerbArguments.rejectNamed(item, verb: "where")
            condition = item.expr
        }
    }

    /// The rows the condition keeps; nothing gathered yet (`LateMaterialisation` gathers fewer columns).
    static func selection(_ arguments: Arguments, _ table: Table, _ session: Session) throws -> RowSelection {
        let condition = try session.evaluator.evaluate(arguments.condition, in: Scope(table: table))
        return try SelectionKernel.rows(kept: condition, expr: arguments.condition)
    }
}
