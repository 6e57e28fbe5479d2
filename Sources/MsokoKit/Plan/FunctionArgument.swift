/// An argument of a call to a `def`, standing in the body for the parameter it binds.
///
/// A `def` is expanded by substitution (`def quality(m) = pct(m >= 4)` called as `quality(mark)`
/// is `pct(mark >= 4)`), so an argument is evaluated where its parameter stands — inside an
/// aggregate it is evaluated over the input rows, outside over the scope. Substituting a copy at
/// every use made nested calls exponential (`def d(x) = x + x` 24 deep took 22 s); every use
/// refers to this one object instead, which keeps the value it has once evaluated, one per kind
/// of scope it is evaluated in.
///
/// It lives only while one expression is evaluated, on one thread: the cache is not locked.
public final class FunctionArgument: @unchecked Sendable {
    /// The argument as written at the call (after the caller's own substitutions).
    public let expr: Expr
    /// The `def`s being expanded where the call stands: the argument is evaluated in its
    /// caller's context, so a `def` passing its own call as an argument is not taken for recursion.
    let callers: [String]
    private var values: [Operand?] = [nil, nil, nil]

    init(_ expr: Expr, callers: [String]) {
        self.expr = expr
        self.callers = callers
    }

    func value(in kind: ScopeKind) -> Operand? { values[kind.rawValue] }

    func keep(_ value: Operand, in kind: ScopeKind) { values[kind.rawValue] = value }
}

/// The scopes an expression of one evaluation can be evaluated in: the scope it was given, the
/// input rows of an aggregate inside it, or no table at all (a constant, as `quantile`'s `p`).
enum ScopeKind: Int {
    case given = 0
    case aggregateRows = 1
    case constant = 2
}

/// What is left of an evaluation's `Evaluator.maximumExpansions`, shared by the evaluators it
/// makes for nested levels.
final class ExpansionBudget {
    var remaining: Int
    /// The expression the evaluation started from, where running out is reported.
    let expression: SourceRange

    init(_ remaining: Int, for expression: SourceRange) {
        self.remaining = remaining
        self.expression = expression
    }
}
