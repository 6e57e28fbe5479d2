/// `distinct a, b` — the distinct combinations of these columns (all columns when none given).
enum DistinctVerb {
    static let spec = VerbSpec(
        name: "distinct",
        syntax: "distinct [COLUMN, …]",
        summary: "the distinct combinations of these columns, ordered by them",
        details: "With no columns, whole rows are compared. Nulls count as equal to each other here.",
        examples: ["vpr | distinct school_id, subject"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        var projected = table
        if !arguments.columns.isEmpty {
            var result = Table(names: [], columns: [], rowCount: table.rowCount)
            for item in arguments.columns {
                result.set(item.name, try session.evaluator.column(item.expr, in: Scope(table: table)))
            }
            projected = result
        }
        let index = GroupIndex(keys: projected.columns, rowCount: projected.rowCount)
        let unique = projected.gather(index.firstRows)
        return unique.gather(SortKernel.indices(rowCount: unique.rowCount, keys: unique.columns.map { SortKernel.Key($0) }))
    }

    struct Arguments: StageArguments {
        /// The columns compared (none: whole rows).
        let columns: [NamedExpression]

        init(_ syntax: ArgumentSyntax) {
            columns = syntax.items.map(NamedExpression.init)
        }
    }
}
