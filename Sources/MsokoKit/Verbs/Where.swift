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
        items: .expressions
    ) { stage, table, session in
        guard stage.items.count == 1, let item = stage.items.first else {
            throw MsokoError(.syntax, tr("verbs.where_takes_one_condition"), at: stage.items.dropFirst().first?.range ?? stage.verbRange,
                             hint: tr("verbs.combine_conditions"))
        }
        try VerbArguments.rejectNamed(item, verb: "where")
        let condition = try session.evaluator.evaluate(item.expr, in: Scope(table: table))
        return try filter(table, by: condition, expr: item.expr)
    }

    static func filter(_ table: Table, by condition: Operand, expr: Expr) throws -> Table {
        switch condition {
        case .scalar(.bool(let keep)):
            return keep ? table : table.prefix(0)
        case .scalar(.null):
            return table.prefix(0)
        case .column(let column):
            if case .null = column.storage { return table.prefix(0) }
            guard let values = column.bools else {
                let example = column.type == .text ? "`\(expr.sourceText) == \"…\"`" : "`\(expr.sourceText) > 0`"
                throw MsokoError(.type, tr("verbs.where_needs_true_false", ["source_text": expr.sourceText, "type": column.type.rawValue]),
                                 at: expr.range, hint: tr("verbs.compare_example", ["example": example]))
            }
            var selection: [Int32] = []
            selection.reserveCapacity(values.count / 4)
            values.withUnsafeBufferPointer { keep in
                if let validity = column.validity {
                    for row in 0..<keep.count where keep[row] && validity[row] { selection.append(Int32(row)) }
                } else {
                    for row in 0..<keep.count where keep[row] { selection.append(Int32(row)) }
                }
            }
            if selection.count == table.rowCount { return table }
            return table.gather(selection)
        case .scalar(let other):
            throw MsokoError(.type, tr("verbs.where_needs_true_false", ["source_text": expr.sourceText, "type": other.type.rawValue]), at: expr.range)
        }
    }
}
