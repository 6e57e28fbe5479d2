/// `head N` — the first N rows (10 when N is left out).
enum HeadVerb {
    static let spec = VerbSpec(
        name: "head",
        syntax: "head [N]",
        summary: "the first N rows (default 10)",
        examples: ["vpr | sort primary_score desc | head 5"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        table.prefix(try arguments.rows.value(verb: "head", session: session))
    }

    struct Arguments: StageArguments {
        let rows: RowCount
        init(_ syntax: ArgumentSyntax) { rows = RowCount(syntax) }
    }
}

/// `tail N` — the last N rows (10 when N is left out).
enum TailVerb {
    static let spec = VerbSpec(
        name: "tail",
        syntax: "tail [N]",
        summary: "the last N rows (default 10)",
        examples: ["vpr | sort primary_score | tail 3"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        let start = max(0, table.rowCount - (try arguments.rows.value(verb: "tail", session: session)))
        return table.gather((start..<table.rowCount).map { Int32($0) })
    }

    /// Its own type, though it holds what head's does: a reader of the plan tells the two apart
    /// by the record's type alone.
    struct Arguments: StageArguments {
        let rows: RowCount
        init(_ syntax: ArgumentSyntax) { rows = RowCount(syntax) }
    }
}

/// `head N`, `tail N`: how many rows. N stays an expression (`head $n` is known when it runs).
struct RowCount: Sendable {
    /// nil: 10 rows.
    let count: Expr?
    /// The item N is written in, where its message points.
    let range: SourceRange?

    init(_ syntax: ArgumentSyntax) {
        count = syntax.items.first?.expr
        range = syntax.items.first?.range
    }

    /// N, a whole number of rows (0 or more), or 10.
    func value(verb: String, session: Session) throws -> Int {
        guard let count, let range else { return 10 }
        return try VerbArguments.count(count, at: range, verb: verb, session: session)
    }
}
