/// One item of a verb's argument list: `name = expr`, `expr`, or `expr desc`.
public struct StageItem: Sendable {
    public var name: String?
    public var nameRange: SourceRange?
    public var expr: Expr
    public var descending: Bool?
    public var range: SourceRange
}

/// A clause after a verb's items: `by k1, k2`, `on school_id`, `with kind = "left"`.
public struct StageClause: Sendable {
    public var keyword: String
    public var keywordRange: SourceRange
    public var items: [StageItem]
}

/// One stage of a pipeline as written: the verb, its items and its clauses.
public struct StageSyntax: Sendable {
    public var verb: String
    public var verbRange: SourceRange
    public var items: [StageItem]
    public var clauses: [StageClause]
    public var range: SourceRange

    public func clause(_ keyword: String) -> StageClause? { clauses.first { $0.keyword == keyword } }
}

/// `source | stage | stage …`
public struct Pipeline: Sendable {
    public var source: String
    public var sourceRange: SourceRange
    public var stages: [StageSyntax]
    public var range: SourceRange
}

/// A statement of the language.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        case param(name: String, value: Expr)
        case bind(name: String, pipeline: Pipeline)
        case load(path: Expr, name: String?, options: [StageItem])
        /// `attach "postgresql://…" as NAME [with schema = "…", prefix = "…"]`.
        case attach(url: Expr, name: String, options: [StageItem])
        case run(path: Expr, bindings: [StageItem])
        case define(name: String, parameters: [String], body: Expr)
        case pipeline(Pipeline)
        /// Session commands: `datasets`, `describe vpr`, `help where`, `drop_dataset x`.
        case command(name: String, arguments: [Token])
    }

    public var kind: Kind
    public var range: SourceRange
}
