/// An expression: a value-type tree with source ranges.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(Value)
        case column(String)
        case parameter(String)
        case unary(String, Expr)                 // "-", "not"
        case binary(String, Expr, Expr)          // + - * / % == != < <= > >= and or
        case call(String, [Expr])
        case isNull(Expr, negated: Bool)
        case inList(Expr, [Expr], negated: Bool)
        case list([Expr])
        case record([(String, Expr)])            // {task: "text"}
    }

    public var kind: Kind
    public var range: SourceRange
    /// For calls: the range of the function's name alone.
    public var nameRange: SourceRange?

    public init(_ kind: Kind, _ range: SourceRange, nameRange: SourceRange? = nil) {
        self.kind = kind
        self.range = range
        self.nameRange = nameRange
    }

    /// The text of the expression as written, used to name derived columns (`mean(mark)`).
    public var sourceText: String { range.text }

    /// The column name when the expression is a bare column reference.
    public var columnName: String? {
        if case .column(let name) = kind { return name }
        return nil
    }

    /// Visits this node and every node below it.
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .literal, .column, .parameter: break
        case .unary(_, let e): e.walk(visit)
        case .binary(_, let a, let b): a.walk(visit); b.walk(visit)
        case .call(_, let args): args.forEach { $0.walk(visit) }
        case .isNull(let e, _): e.walk(visit)
        case .inList(let e, let items, _): e.walk(visit); items.forEach { $0.walk(visit) }
        case .list(let items): items.forEach { $0.walk(visit) }
        case .record(let fields): fields.forEach { $0.1.walk(visit) }
        }
    }
}
