/// A node that `def` expansion shares in an expression: an argument of a call to a `def`,
/// standing in the body for the parameter it binds, or a whole call expanded in the bound plan.
///
/// A `def` is expanded by substitution (`def quality(m) = pct(m >= 4)` called as `quality(mark)`
/// is `pct(mark >= 4)`), so an argument is evaluated where its parameter stands — inside an
/// aggregate it is evaluated over the input rows, outside over the scope. Substituting a copy at
/// every use made nested calls exponential (`def d(x) = x + x` 24 deep took 22 s); every use
/// refers to this one object instead, and its value, once evaluated, is kept by the evaluation
/// (`Evaluation`), one per kind of scope.
///
/// The node keeps no value itself: the same tree is evaluated any number of times (the bound
/// plan of a statement, a fused `where | summarize` run again on the whole table), and each
/// evaluation must compute its own values from its own table. So it is immutable and can be
/// shared between threads.
public final class FunctionArgument: Sendable {
    /// The argument as written at the call (after the caller's own substitutions); for an
    /// expanded call, the body with its parameters replaced.
    public let expr: Expr
    /// The `def`s being expanded where the call stands: the argument is evaluated in its
    /// caller's context, so a `def` passing its own call as an argument is not taken for recursion.
    let callers: [String]
    /// Set when the node is a call of a `def` expanded in the bound plan (`DefExpansion`).
    let call: ExpandedCall?

    init(_ expr: Expr, callers: [String]) {
        self.expr = expr
        self.callers = callers
        self.call = nil
    }

    /// A call expanded before it runs: `body` is the function's body with each parameter
    /// replaced by one of `call.arguments`.
    init(expanding call: ExpandedCall, body: Expr) {
        self.expr = body
        self.callers = []
        self.call = call
    }
}

/// A `def` call expanded in the bound plan: what the evaluator needs to say what it says when it
/// expands the call itself (the function, for messages; the call as written, for places).
struct ExpandedCall: Sendable {
    let function: UserFunction
    /// The call as it stood before expansion (its arguments after its caller's substitutions):
    /// messages are placed at it, and a check of the expression as written looks at it.
    let written: Expr
    /// Its arguments, in the order of the parameters; the evaluation forgets their values once
    /// the call is evaluated, as it forgot them when it expanded the call itself.
    let arguments: [FunctionArgument]
}

/// The scopes an expression of one evaluation can be evaluated in: the scope it was given, the
/// input rows of an aggregate inside it, or no table at all (a constant, as `quantile`'s `p`).
enum ScopeKind: Int {
    case given = 0
    case aggregateRows = 1
    case constant = 2
}

/// What one evaluation of an expression keeps while it runs: the `def` calls it may still
/// expand (`Evaluator.maximumExpansions`) and the values of the `def` arguments evaluated so far.
///
/// Made by the outermost `Evaluator.evaluate` and shared by the evaluators it makes for nested
/// levels, so it lives exactly as long as one evaluation: the same expression evaluated again
/// (on another table, or the same) starts with nothing kept. It is used on one thread: unlocked.
final class Evaluation {
    var remaining: Int
    /// The expression the evaluation started from, where running out of expansions is reported.
    let expression: SourceRange
    /// By the argument's identity; the entry holds the argument, so the identity cannot be
    /// reused by another argument while the value is kept.
    private var kept: [ObjectIdentifier: Kept] = [:]

    private struct Kept {
        let argument: FunctionArgument
        var values: [Operand?]
    }

    init(_ remaining: Int, for expression: SourceRange) {
        self.remaining = remaining
        self.expression = expression
    }

    func value(of argument: FunctionArgument, in kind: ScopeKind) -> Operand? {
        kept[ObjectIdentifier(argument)]?.values[kind.rawValue]
    }

    func keep(_ value: Operand, of argument: FunctionArgument, in kind: ScopeKind) {
        let key = ObjectIdentifier(argument)
        if kept[key] == nil { kept[key] = Kept(argument: argument, values: [nil, nil, nil]) }
        kept[key]?.values[kind.rawValue] = value
    }

    /// Drops the values of a call's arguments once the call is evaluated: every use of an
    /// argument is inside its call's body, and a column kept until the whole expression is done
    /// would hold memory the call no longer needs (a hundred calls on ten million rows).
    func forget(_ arguments: [FunctionArgument]) {
        for argument in arguments { kept[ObjectIdentifier(argument)] = nil }
    }
}
