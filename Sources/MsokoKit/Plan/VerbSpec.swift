/// A pipeline verb: its name, how it is written, one line of help, examples, and the function
/// that checks its arguments and runs it on a table. Every verb lives in its own file under
/// `Verbs/` and is listed once in `VerbRegistry`; help, completion and docs read that list.
public struct VerbSpec: Sendable {
    public let name: String
    /// How it is written: `summarize NAME = AGGREGATE, … [by KEY, …]`.
    public let syntax: String
    public let summary: String
    /// Longer notes for `help VERB` (semantics, null handling, ordering).
    public let details: String
    /// Statements that run against the sample datasets (`vpr`, `schools`, `tasks`); each is a test.
    public let examples: [String]
    /// A statement ending in this verb prints nothing (it writes files or draws a chart).
    public let quiet: Bool
    let run: @Sendable (StageSyntax, Table, Session) throws -> Table

    public init(name: String, syntax: String, summary: String, details: String = "", examples: [String], quiet: Bool = false,
                run: @escaping @Sendable (StageSyntax, Table, Session) throws -> Table) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.details = details
        self.examples = examples
        self.quiet = quiet
        self.run = run
    }
}

/// Helpers verbs share for checking their arguments.
enum VerbArguments {
    /// Items must be plain column references; returns (name, range) pairs.
    static func columnNames(_ items: [StageItem], verb: String, in table: Table, what: String = tr("verbarg.a_column_name")) throws -> [(String, SourceRange)] {
        try items.map { item in
            guard item.name == nil, let name = item.expr.columnName else {
                throw MsokoError(.syntax, tr("verbarg.expects_here", ["verb": verb, "what": what]), at: item.range,
                                 hint: item.name != nil ? tr("verbarg.just_the_column.hint") : nil)
            }
            guard table.index(of: name) != nil else {
                throw MsokoError(.name, tr("eval.unknown_column", ["name": name]), at: item.expr.range,
                                 hint: Suggest.hint(for: name, among: table.names) ?? columnList(table))
            }
            return (name, item.expr.range)
        }
    }

    static func columnList(_ table: Table) -> String? {
        guard table.columnCount > 0 else { return nil }
        let shown = table.names.prefix(15).map { "`\($0)`" }.joined(separator: ", ")
        return tr("eval.columns_here.hint", ["columns": shown + (table.columnCount > 15 ? ", …" : "")])
    }

    static func noClauses(_ stage: StageSyntax, except allowed: Set<String> = []) throws {
        for clause in stage.clauses where !allowed.contains(clause.keyword) {
            throw MsokoError(.syntax, tr("verbarg.clause_not_taken", ["verb": stage.verb, "clause": clause.keyword]), at: clause.keywordRange,
                             hint: allowed.isEmpty ? nil : tr("verbarg.clauses_taken.hint", ["clauses": allowed.sorted().map { "`\($0)`" }.joined(separator: ", ")]))
        }
    }

    static func noItems(_ stage: StageSyntax) throws {
        if let first = stage.items.first {
            throw MsokoError(.syntax, tr("verbarg.no_arguments", ["verb": stage.verb]), at: first.range)
        }
    }

    /// A whole number argument (`head 10`).
    static func count(_ item: StageItem, verb: String, session: Session) throws -> Int {
        let value = try session.evaluator.constant(item.expr)
        guard case .int(let n) = value, n >= 0 else {
            throw MsokoError(.type, tr("verbarg.needs_row_count", ["verb": verb, "value": value.plainText.isEmpty ? "null" : value.plainText]),
                             at: item.range, hint: tr("verbarg.needs_row_count.hint", ["verb": verb]))
        }
        return Int(n)
    }

    /// The output name of an item: its `name =`, else the column name, else the expression's text.
    static func outputName(_ item: StageItem) -> String {
        item.name ?? item.expr.columnName ?? item.expr.sourceText
    }

    /// Rejects named items where only expressions make sense (`where x = 1`).
    static func rejectNamed(_ item: StageItem, verb: String) throws {
        if let name = item.name, let range = item.nameRange {
            throw MsokoError(.syntax, tr("parse.single_equals"), at: range.to(item.expr.range),
                             hint: tr("parse.single_equals.hint_with", ["left": name, "right": item.expr.sourceText]))
        }
    }
}
