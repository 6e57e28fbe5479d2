/// An expression: a value-type tree with source ranges.
///
/// The tree is never deeper than `NestingLimit.levels` (the parser refuses deeper input), and a
/// run of left-associative operators of one precedence (`a + b - c`, `x and y and z`) is one flat
/// `chain` node rather than a left-leaning spine: a generated 100,000-term sum is parsed,
/// evaluated and freed without recursion proportional to its length.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(Value)
        case column(String)
        case parameter(String)
        case unary(UnaryOp, Expr)
        /// `==` `!=` `<` `<=` `>` `>=` (they do not chain).
        case binary(BinaryOp, Expr, Expr)
        /// `first op operand op operand …`, evaluated left to right: + - (one chain), * / %
        /// (another), `and`, `or`. Always at least one link.
        case chain(Expr, [Link])
        case call(String, [Expr])
        case isNull(Expr, negated: Bool)
        case inList(Expr, [Expr], negated: Bool)
        case list([Expr])
        case record([(String, Expr)])            // {task: "text"}
        /// A `def`'s argument in place of its parameter, shared by every use of the parameter so
        /// the argument is evaluated once, or a `def` call expanded in the bound plan (made by
        /// `def` expansion, the evaluator's or the binder's, never by the parser).
        case argument(FunctionArgument)
    }

    /// One step of a chain: the operator and the operand on its right.
    public struct Link: Sendable {
        public var op: BinaryOp
        public var operand: Expr

        public init(_ op: BinaryOp, _ operand: Expr) {
            self.op = op
            self.operand = operand
        }
    }

    public var kind: Kind {
        didSet { height = Expr.height(of: kind) }
    }
    public var range: SourceRange
    /// For calls: the range of the function's name alone. For a `def`'s argument put in place of
    /// a parameter: where the body named the parameter.
    public var nameRange: SourceRange?
    /// Levels of nesting: 1 for a leaf, one more than the deepest operand otherwise.
    public private(set) var height: Int

    public init(_ kind: Kind, _ range: SourceRange, nameRange: SourceRange? = nil) {
        self.kind = kind
        self.range = range
        self.nameRange = nameRange
        self.height = Expr.height(of: kind)
    }

    /// The height of a node from its operands' (stored) heights: no recursion.
    static func height(of kind: Kind) -> Int {
        var deepest = 0
        switch kind {
        case .literal, .column, .parameter: return 1
        case .unary(_, let e), .isNull(let e, _): deepest = e.height
        case .binary(_, let a, let b): deepest = max(a.height, b.height)
        case .chain(let first, let links): deepest = links.reduce(first.height) { max($0, $1.operand.height) }
        case .call(_, let items), .list(let items): deepest = items.reduce(0) { max($0, $1.height) }
        case .inList(let e, let items, _): deepest = items.reduce(e.height) { max($0, $1.height) }
        case .record(let fields): deepest = fields.reduce(0) { max($0, $1.1.height) }
        case .argument(let argument): deepest = argument.expr.height
        }
        return deepest + 1
    }

    /// The text of the expression as written, used to name derived columns (`mean(mark)`).
    public var sourceText: String { range.text }

    /// The text as written, shortened for a message: a generated expression of a megabyte must
    /// not be copied whole into every error about it.
    public var excerpt: String { range.excerpt }

    /// The column name when the expression is a bare column reference.
    public var columnName: String? {
        if case .column(let name) = kind { return name }
        return nil
    }

    /// Visits this node and every node below it. A shared `def` argument is visited once however
    /// many times its parameter is used (nested `def`s share arguments many times over).
    public func walk(_ visit: (Expr) -> Void) {
        var seen: Set<ObjectIdentifier> = []
        walk(visit, seen: &seen)
    }

    private func walk(_ visit: (Expr) -> Void, seen: inout Set<ObjectIdentifier>) {
        visit(self)
        switch kind {
        case .literal, .column, .parameter: break
        case .unary(_, let e): e.walk(visit, seen: &seen)
        case .binary(_, let a, let b): a.walk(visit, seen: &seen); b.walk(visit, seen: &seen)
        case .chain(let first, let links):
            first.walk(visit, seen: &seen)
            for link in links { link.operand.walk(visit, seen: &seen) }
        case .call(_, let args): for arg in args { arg.walk(visit, seen: &seen) }
        case .isNull(let e, _): e.walk(visit, seen: &seen)
        case .inList(let e, let items, _):
            e.walk(visit, seen: &seen)
            for item in items { item.walk(visit, seen: &seen) }
        case .list(let items): for item in items { item.walk(visit, seen: &seen) }
        case .record(let fields): for field in fields { field.1.walk(visit, seen: &seen) }
        case .argument(let argument):
            if seen.insert(ObjectIdentifier(argument)).inserted { argument.expr.walk(visit, seen: &seen) }
        }
    }
}

extension SourceRange {
    /// The covered text for a message: up to about 60 characters, the middle elided.
    public var excerpt: String {
        let limit = 60
        guard end - start > limit else { return text }
        let whole = text
        guard whole.count > limit else { return whole }
        return String(whole.prefix(40)) + " … " + String(whole.suffix(15))
    }
}
