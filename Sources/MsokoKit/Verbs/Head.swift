/// `head N` — the first N rows (10 when N is left out).
enum HeadVerb {
    static let spec = VerbSpec(
        name: "head",
        syntax: "head [N]",
        summary: "the first N rows (default 10)",
        examples: ["vpr | sort primary_score desc | head 5"],
        schema: .fromZeroRows
    ) { stage, table, session in
        let n = try stage.items.first.map { try VerbArguments.count($0, verb: "head", session: session) } ?? 10
        return table.prefix(n)
    }
}

/// `tail N` — the last N rows (10 when N is left out).
enum TailVerb {
    static let spec = VerbSpec(
        name: "tail",
        syntax: "tail [N]",
        summary: "the last N rows (default 10)",
        examples: ["vpr | sort primary_score | tail 3"],
        schema: .fromZeroRows
    ) { stage, table, session in
        let n = try stage.items.first.map { try VerbArguments.count($0, verb: "tail", session: session) } ?? 10
        let start = max(0, table.rowCount - n)
        return table.gather((start..<table.rowCount).map { Int32($0) })
    }
}
