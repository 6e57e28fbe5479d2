/// `sort a, b desc` — orders rows; stable; nulls last.
enum SortVerb {
    static let spec = VerbSpec(
        name: "sort",
        syntax: "sort KEY [desc], …",
        summary: "order the rows (ascending unless `desc`; nulls last; stable)",
        details: "Text is ordered by Unicode code point (Ё comes before А; upper case before lower case). Keys may be expressions: `sort abs(mark - journal_mark) desc`.",
        examples: [
            "vpr | summarize quality = pct(mark >= 4) by school_id | sort quality desc",
            "schools | sort rural, school_name",
        ],
        items: .expressions,
        schema: .fromZeroRows
    ) { stage, table, session in
        guard !stage.items.isEmpty else {
            throw MsokoError(.syntax, tr("verbs.sort_needs_least_one"), at: stage.verbRange, hint: tr("verbs.example_sort_mark_desc"))
        }
        var keys: [SortKernel.Key] = []
        for item in stage.items {
            try VerbArguments.rejectNamed(item, verb: "sort")
            keys.append(SortKernel.Key(try session.evaluator.column(item.expr, in: Scope(table: table)),
                                       descending: item.descending ?? false))
        }
        return table.gather(SortKernel.indices(rowCount: table.rowCount, keys: keys))
    }
}
