/// `summarize name = aggregate, … by key, …` — one row per group.
enum SummarizeVerb {
    static let spec = VerbSpec(
        name: "summarize",
        syntax: "summarize NAME = AGGREGATE, … [by KEY, …]",
        summary: "one row per group: the keys first, then the aggregates in the order written",
        details: "Rows are ordered by the keys (nulls last, text by code point). Aggregates skip nulls. Without `by` the result is one row. Expressions can combine aggregates: `round(sum(score) / count() , 2)`; keys can be computed: `by band = floor(primary_score / 5)`.",
        examples: [
            "vpr | summarize n = count(), mean_mark = mean(mark), quality = pct(mark >= 4) by school_id",
            "vpr | summarize p90 = quantile(primary_score, 0.9), sd = stddev(primary_score) by subject, grade",
            "vpr | summarize r = corr(primary_score, journal_mark)",
        ],
        items: .aggregates,
        clauses: ["by"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        try summarize(table, aggregates: arguments.aggregates, keys: arguments.keys, session: session)
    }

    struct Arguments: StageArguments {
        /// The result's columns after the keys, in order; each names itself when not named.
        let aggregates: [NamedExpression]
        /// `by` keys (none: one row for the whole table).
        let keys: [NamedExpression]

        init(_ syntax: ArgumentSyntax) throws {
            aggregates = try syntax.itemsRequired(tr("verbs.summarize_needs_least_one"),
                                                  hint: tr("verbs.example_summarize_n_count")).map(NamedExpression.init)
            keys = (syntax.clause("by")?.items ?? []).map(NamedExpression.init)
        }
    }

    /// A group key that calls an aggregate (`by mean(x)`); the binder reports the same.
    static func aggregateInKey(_ key: StageItem) -> MsokoError {
        MsokoError(.type, tr("verbs.group_key_cannot_aggregate"), at: key.range)
    }

    /// Keys and aggregates named twice and aggregates in a key are found here, as the keys are
    /// computed (a `def` key is an aggregate or not by its body: the session's `def`s decide).
    static func summarize(_ table: Table, aggregates: [NamedExpression], keys: [NamedExpression], session: Session) throws -> Table {
        let evaluator = session.evaluator
        let rowScope = Scope(table: table)
        var keyNames: [String] = []
        var keyColumns: [Column] = []
        for key in keys {
            let name = key.name
            if keyNames.contains(name) {
                throw MsokoError(.name, tr("verbs.appears_twice_after", ["name": name]), at: key.range)
            }
            if key.expr.containsAggregate(evaluator.functions) { throw aggregateInKey(key.item) }
            keyNames.append(name)
            keyColumns.append(try evaluator.column(key.expr, in: rowScope))
        }
        let index = GroupIndex(keys: keyColumns, rowCount: table.rowCount)
        var groupCount = index.groupCount
        var groups = index.groups
        var firstRows = index.firstRows
        if keys.isEmpty {
            // One row even for an empty table (count() = 0), as SQL does.
            groupCount = 1
            firstRows = [0]
        }
        // Key table in group-id order, then reorder groups by the keys.
        var keyTable = Table(names: [], columns: [], rowCount: groupCount)
        for (name, column) in zip(keyNames, keyColumns) { keyTable.set(name, column.gather(firstRows)) }
        if !keys.isEmpty {
            let order = SortKernel.indices(rowCount: groupCount, keys: keyTable.columns.map { SortKernel.Key($0) })
            var newID = [Int32](repeating: 0, count: groupCount)
            for (position, old) in order.enumerated() { newID[Int(old)] = Int32(position) }
            for row in groups.indices { groups[row] = newID[Int(groups[row])] }
            keyTable = keyTable.gather(order)
        }
        let grouping = Grouping(input: table, groups: groups, groupCount: groupCount)
        let precomputed = ParallelAggregates.compute(aggregates.map(\.item), table: table, groups: groups, groupCount: groupCount,
                                                     functions: evaluator.functions)
        var result = keyTable
        for (position, item) in aggregates.enumerated() {
            let name = item.name
            if result.index(of: name) != nil {
                throw MsokoError(.name, tr("verbs.column_defined_twice", ["name": name]), at: item.range,
                                 hint: tr("verbs.give_another_name_other", ["source_text": item.expr.sourceText]))
            }
            if let column = precomputed[position] {
                result.set(name, column)
                continue
            }
            let scope = Scope(table: keyTable, grouping: grouping)
            result.set(name, try evaluator.column(item.expr, in: scope))
        }
        return result
    }
}
