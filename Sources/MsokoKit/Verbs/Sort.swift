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
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        let keys = try arguments.keys.map { key in
            SortKernel.Key(try session.evaluator.column(key.expr, in: Scope(table: table)), descending: key.descending)
        }
        return table.gather(SortKernel.indices(rowCount: table.rowCount, keys: keys))
    }

    struct Arguments: StageArguments {
        struct Key: Sendable {
            let expr: Expr
            let descending: Bool
            let range: SourceRange
        }
        /// The keys, the first deciding first.
        let keys: [Key]

        init(_ syntax: ArgumentSyntax) throws {
            guard !syntax.items.isEmpty else {
                throw MsokoError(.syntax, tr("verbs.sort_needs_least_one"), at: syntax.verbRange, hint: tr("verbs.example_sort_mark_desc"))
            }
            keys = try syntax.items.map { item in
                try VerbArguments.rejectNamed(item, verb: "sort")
                return Key(expr: item.expr, descending: item.descending ?? false, range: item.range)
            }
        }
    }
}
