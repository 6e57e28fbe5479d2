/// Evaluates expressions over a table, a whole column at a time.
///
/// A scope is the table whose columns names refer to. Inside `summarize` the scope is the table
/// of group keys and `grouping` says how input rows map to groups: aggregate calls evaluate their
/// arguments over the input rows and give one value per group. Outside `summarize` an aggregate
/// is taken over the whole table and stands for every row (`derive share = n / sum(n)`).
public struct Scope {
    public var table: Table
    public var grouping: Grouping?
    /// For `derive … by k`: row-level scope whose aggregates are taken per group and given back
    /// to every row of the group (a window over the group).
    public var window: (groups: [Int32], groupCount: Int)?

    public init(table: Table, grouping: Grouping? = nil, window: (groups: [Int32], groupCount: Int)? = nil) {
        self.table = table
        self.grouping = grouping
        self.window = window
    }
}

/// Input rows → groups, for aggregates.
public struct Grouping {
    public var input: Table
    public var groups: [Int32]
    public var groupCount: Int
}

/// A function defined in the language: `def quality(m) = pct(m >= 4)`.
public struct UserFunction: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Expr
    public var range: SourceRange
    /// Where it was defined: "prelude" or a file name; shown in help.
    public var origin: String
}

/// Evaluates expressions; how deep it may go is `NestingLimit.levels`, counting the levels of the
/// expression and of every `def` body and argument it expands.
public struct Evaluator {
    public var parameters: [String: Value]
    public var functions: [String: UserFunction]
    /// Levels of nesting entered so far in this evaluation.
    var depth = 0
    /// The `def`s being expanded, outermost first: calling one of them again is recursion.
    var expanding: [String] = []
    /// Where the expression now evaluated stands, for the values kept of a `FunctionArgument`.
    var scopeKind: ScopeKind = .given
    /// The `def` calls this evaluation may still expand and the argument values it keeps; made
    /// by the outermost `evaluate`, so two evaluations of one tree share nothing.
    var evaluation: Evaluation?

    /// `def` calls one evaluation may expand. Arguments are evaluated once, but a body that
    /// calls another `def` twice doubles the work at each level (24 such `def`s are 16 million
    /// calls): past this, the evaluation stops with an error instead of running for minutes.
    public static let maximumExpansions = 10_000

    public init(parameters: [String: Value], functions: [String: UserFunction]) {
        self.parameters = parameters
        self.functions = functions
    }

    /// Evaluates an expression that must not refer to columns (options, parameters, paths).
    public func constant(_ expr: Expr) throws -> Value {
        let empty = Table(names: [], columns: [], rowCount: 1)
        var inner = self
        inner.scopeKind = .constant
        switch try inner.evaluate(expr, in: Scope(table: empty)) {
        case .scalar(let value): return value
        case .column(let column): return column.value(at: 0)
        }
    }

    /// Evaluates to a full column of the scope's length.
    public func column(_ expr: Expr, in scope: Scope) throws -> Column {
        try evaluate(expr, in: scope).materialize(count: scope.table.rowCount)
    }

    /// Each case is a function of its own, and messages are built in functions of their own: the
    /// recursion passes through here and the case's function once per level, and small frames
    /// keep `NestingLimit.levels` levels far from the end of the stack (a debug build keeps a
    /// slot for every temporary of a function, so one message built inline doubles its frame).
    public func evaluate(_ expr: Expr, in scope: Scope) throws -> Operand {
        if case .literal(let value) = expr.kind { return .scalar(value) }
        guard depth < NestingLimit.levels else {
            throw NestingLimit.exceeded(at: expr.range, stage: .runtime)
        }
        var inner = self
        inner.depth += 1
        if inner.evaluation == nil { inner.evaluation = Evaluation(Evaluator.maximumExpansions, for: expr.range) }
        // Only the case is read here; each function takes its operands out of `expr` itself.
        switch expr.kind {
        case .literal, .parameter, .column, .list, .record: return try inner.leaf(expr, in: scope)
        case .unary: return try inner.unary(expr, in: scope)
        case .binary: return try inner.binary(expr, in: scope)
        case .chain: return try inner.chain(expr, in: scope)
        case .isNull, .inList: return try inner.membership(expr, in: scope)
        case .call: return try inner.call(expr, in: scope)
        case .argument: return try inner.argument(expr, in: scope)
        }
    }

    func leaf(_ expr: Expr, in scope: Scope) throws -> Operand {
        switch expr.kind {
        case .literal(let value):
            return .scalar(value)
        case .parameter(let name):
            return try parameter(name, expr)
        case .column(let name):
            if let index = scope.table.index(of: name) {
                return .column(scope.table.columns[index])
            }
            throw unknownColumn(name, expr.range, scope: scope)
        default:
            throw misplaced(expr)
        }
    }

    func misplaced(_ expr: Expr) -> MsokoError {
        if case .list = expr.kind { return typeError(tr("eval.misplaced_list"), expr) }
        return typeError(tr("eval.misplaced_record", ["record": "{…}"]), expr)
    }

    func parameter(_ name: String, _ expr: Expr) throws -> Operand {
        guard let value = parameters[name] else {
            throw MsokoError(.name, tr("eval.unknown_parameter", ["name": name]), at: expr.range,
                             hint: Suggest.closest(to: name, among: Array(parameters.keys)).map { tr("suggest.did_you_mean", ["name": "$" + $0]) }
                                ?? tr("eval.unknown_parameter.hint", ["name": name]))
        }
        return .scalar(value)
    }

    func unary(_ expr: Expr, in scope: Scope) throws -> Operand {
        guard case .unary(let op, let operand) = expr.kind else { return try evaluate(expr, in: scope) }
        let count = scope.table.rowCount
        let value = try evaluate(operand, in: scope)
        if op == .not {
            guard let result = LogicKernels.not(value, count: count) else { throw unaryError(op, value.type, operand) }
            return result
        }
        do {
            return try ArithmeticKernels.evaluate(.subtract, .scalar(.int(0)), value, count: count)
        } catch {
            throw unaryError(op, value.type, operand)
        }
    }

    func unaryError(_ op: UnaryOp, _ type: DataType, _ operand: Expr) -> MsokoError {
        if op == .not { return typeError(tr("eval.not_needs_bool", ["type": type.rawValue]), operand) }
        return typeError(tr("eval.cannot_negate", ["type": type.rawValue]), operand)
    }

    func binary(_ expr: Expr, in scope: Scope) throws -> Operand {
        guard case .binary(let op, let lhsExpr, let rhsExpr) = expr.kind else { return try evaluate(expr, in: scope) }
        let lhs = try evaluate(lhsExpr, in: scope)
        let rhs = try evaluate(rhsExpr, in: scope)
        if let compareOp = op.comparison {
            guard CompareKernels.comparable(lhs.type, rhs.type) else {
                throw incomparable(op, lhs.type, lhsExpr, rhs.type, rhsExpr, at: expr.range)
            }
            return CompareKernels.evaluate(compareOp, lhs, rhs, count: scope.table.rowCount)
        }
        return try combine(op, lhs, lhsExpr.range, rhs, rhsExpr.range, at: expr.range, count: scope.table.rowCount)
    }

    /// `a + b - c …`, left to right in a loop: the accumulated value is the left operand of
    /// each step, which a message names by the text from the chain's start to the step's end.
    func chain(_ expr: Expr, in scope: Scope) throws -> Operand {
        guard case .chain(let first, let links) = expr.kind else { return try evaluate(expr, in: scope) }
        var accumulated = try evaluate(first, in: scope)
        var lhsRange = first.range
        for link in links {
            let rhs = try evaluate(link.operand, in: scope)
            let step = first.place.to(link.operand.place)
            accumulated = try combine(link.op, accumulated, lhsRange, rhs, link.operand.range, at: step, count: scope.table.rowCount)
            lhsRange = step
        }
        return accumulated
    }

    /// Arithmetic and `and`/`or` on two evaluated operands. The ranges are the operands' and the
    /// step's, for messages (their text is taken only when there is one to write).
    func combine(_ op: BinaryOp, _ lhs: Operand, _ lhsRange: SourceRange, _ rhs: Operand, _ rhsRange: SourceRange,
                 at range: SourceRange, count: Int) throws -> Operand {
        if op.isLogical {
            guard let result = LogicKernels.andOr(op == .and, lhs, rhs, count: count) else {
                throw logicError(op, lhs.type, lhsRange, rhs.type, rhsRange)
            }
            return result
        }
        do {
            return try ArithmeticKernels.evaluate(op, lhs, rhs, count: count)
        } catch {
            throw arithmeticError(error, op, lhs.type, lhsRange, rhs.type, at: range)
        }
    }

    func logicError(_ op: BinaryOp, _ lhsType: DataType, _ lhsRange: SourceRange, _ rhsType: DataType, _ rhsRange: SourceRange) -> MsokoError {
        let leftIsLogical = lhsType == .bool || lhsType == .null
        let bad = leftIsLogical ? rhsRange : lhsRange
        let badType = leftIsLogical ? rhsType : lhsType
        return MsokoError(.type, tr("eval.logic_needs_bool", ["op": op.text, "operand": bad.excerpt, "type": badType.rawValue]),
                          at: bad, hint: badType == .int ? tr("eval.logic_needs_bool.hint", ["operand": bad.excerpt]) : nil)
    }

    func arithmeticError(_ failure: ArithmeticKernels.Failure, _ op: BinaryOp, _ lhsType: DataType, _ lhsRange: SourceRange,
                         _ rhsType: DataType, at range: SourceRange) -> MsokoError {
        if case .overflow = failure {
            return MsokoError(.runtime, tr("eval.integer_overflow", ["expression": range.excerpt]), at: range,
                              hint: tr("eval.integer_overflow.hint", ["left": lhsRange.excerpt, "op": op.text]))
        }
        var hint: String? = nil
        if op == .add, lhsType == .text || rhsType == .text {
            hint = tr("eval.plus_joins_texts.hint")
        }
        return MsokoError(.type, tr("eval.cannot_apply", ["op": op.text, "left": lhsType.rawValue, "right": rhsType.rawValue]), at: range, hint: hint)
    }

    func incomparable(_ op: BinaryOp, _ lhsType: DataType, _ lhsExpr: Expr, _ rhsType: DataType, _ rhsExpr: Expr,
                      at range: SourceRange) -> MsokoError {
        var hint: String? = nil
        if lhsType == .text, rhsType.isNumeric {
            hint = tr("eval.compare_with_text.hint", ["left": lhsExpr.excerpt, "op": op.text, "right": rhsExpr.excerpt])
        }
        if rhsType == .text, lhsType.isNumeric, case .literal(.text(let t)) = rhsExpr.kind, Double(t) != nil {
            hint = tr("eval.compare_with_number.hint", ["left": lhsExpr.excerpt, "op": op.text, "right": t])
        }
        return MsokoError(.type, tr("eval.cannot_compare", ["left_type": lhsType.rawValue, "left": lhsExpr.excerpt,
                                                            "right_type": rhsType.rawValue, "right": rhsExpr.excerpt]),
                          at: range, hint: hint)
    }

    /// `x is null`, `x in [a, b]` and their negations.
    func membership(_ expr: Expr, in scope: Scope) throws -> Operand {
        if case .isNull(let operand, let negated) = expr.kind {
            return LogicKernels.isNull(try evaluate(operand, in: scope), negated: negated, count: scope.table.rowCount)
        }
        guard case .inList(let operand, let items, let negated) = expr.kind else { return try evaluate(expr, in: scope) }
        let value = try evaluate(operand, in: scope)
        var members: [Value] = []
        for item in items {
            guard case .scalar(let v) = try evaluate(item, in: scope) else {
                throw typeError(tr("eval.in_items_not_values"), item)
            }
            guard CompareKernels.comparable(value.type, v.type) else {
                throw typeError(tr("eval.cannot_compare", ["left_type": value.type.rawValue, "left": operand.excerpt,
                                                           "right_type": v.type.rawValue, "right": item.excerpt]), item)
            }
            members.append(v)
        }
        return MembershipKernel.evaluate(value, members, negated: negated, count: scope.table.rowCount)
    }

    /// A `def`'s argument where its parameter stands: evaluated in the caller's context, once
    /// for each kind of scope in one evaluation. Or a call expanded in the bound plan.
    func argument(_ expr: Expr, in scope: Scope) throws -> Operand {
        guard case .argument(let argument) = expr.kind else { return try evaluate(expr, in: scope) }
        if let call = argument.call { return try expanded(call, argument.expr, in: scope) }
        if let value = evaluation?.value(of: argument, in: scopeKind) { return value }
        var inner = self
        inner.expanding = argument.callers
        let value = try inner.evaluate(argument.expr, in: scope)
        evaluation?.keep(value, of: argument, in: scopeKind)
        return value
    }

    func typeError(_ message: String, _ expr: Expr, hint: String? = nil) -> MsokoError {
        MsokoError(.type, message, at: expr.range, hint: hint)
    }

    func unknownColumn(_ name: String, _ range: SourceRange, scope: Scope) -> MsokoError {
        if let grouping = scope.grouping, grouping.input.index(of: name) != nil {
            return MsokoError(.name, tr("eval.not_a_group_key", ["name": name]), at: range,
                              hint: tr("eval.not_a_group_key.hint", ["name": name]))
        }
        var candidates = scope.table.names
        if let grouping = scope.grouping { candidates += grouping.input.names }
        var hint = Suggest.hint(for: name, among: candidates)
        if hint == nil, parameters[name] != nil { hint = tr("eval.column_is_parameter.hint", ["name": name]) }
        if hint == nil, scope.table.columnCount > 0, scope.table.columnCount <= 12 {
            hint = tr("eval.columns_here.hint", ["columns": scope.table.names.map { "`\($0)`" }.joined(separator: ", ")])
        }
        return MsokoError(.unknownColumn(name: name, candidates: candidates), at: range, hint: hint)
    }

    // MARK: calls

    func call(_ expr: Expr, in scope: Scope) throws -> Operand {
        guard case .call(let name, let arguments) = expr.kind else { return try evaluate(expr, in: scope) }
        if let function = functions[name] {
            return try expand(function, arguments, expr, in: scope)
        }
        if let aggregate = AggregateFunction(rawValue: name) {
            return try callAggregate(aggregate, arguments, expr, in: scope)
        }
        if let function = ScalarFunctions.lookup(name) {
            return try callScalar(function, arguments, expr, in: scope)
        }
        throw unknownFunction(name, expr)
    }

    func callScalar(_ function: ScalarFunction, _ arguments: [Expr], _ expr: Expr, in scope: Scope) throws -> Operand {
        guard function.arity.contains(arguments.count) else { throw arityError(function, arguments.count, expr) }
        var values: [Operand] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try evaluate(argument, in: scope)) }
        do {
            return try function.apply(values, scope.table.rowCount)
        } catch let error as MsokoError {
            throw error.placed(at: expr.range)
        }
    }

    func arityError(_ function: ScalarFunction, _ count: Int, _ expr: Expr) -> MsokoError {
        MsokoError(.arity(function: function.name, expected: function.arity, got: count),
                   at: expr.range, hint: tr("eval.usage.hint", ["signature": function.signature]))
    }

    func unknownFunction(_ name: String, _ expr: Expr) -> MsokoError {
        let known = Array(functions.keys) + AggregateFunction.allCases.map(\.rawValue) + ScalarFunctions.all.map(\.name)
        return MsokoError(.unknownFunction(name: name), at: expr.nameRange ?? expr.range,
                          hint: Suggest.hint(for: name, among: known) ?? tr("eval.unknown_function.hint"))
    }

    /// A call of a `def`: its body with each parameter standing for a shared `FunctionArgument`.
    func expand(_ function: UserFunction, _ arguments: [Expr], _ expr: Expr, in scope: Scope) throws -> Operand {
        let name = function.name
        guard arguments.count == function.parameters.count else { throw arityError(function, arguments.count, expr) }
        if let first = expanding.firstIndex(of: name) {
            throw recursion(Array(expanding[first...]), at: expr.range)
        }
        try spendExpansion(function, expr)
        let (body, shared) = Evaluator.substitutedBody(function, arguments, callers: expanding)
        return try evaluateBody(body, of: function, called: expr, sharing: shared, in: scope)
    }

    /// A call the bound plan expanded (`DefExpansion`): what `expand` does after substituting,
    /// with the same checks in the same order, so the run says what it said before.
    func expanded(_ call: ExpandedCall, _ body: Expr, in scope: Scope) throws -> Operand {
        let function = call.function
        if let first = expanding.firstIndex(of: function.name) {
            throw recursion(Array(expanding[first...]), at: call.written.range)
        }
        try spendExpansion(function, call.written)
        return try evaluateBody(body, of: function, called: call.written, sharing: call.arguments, in: scope)
    }

    /// One `def` call of the evaluation's `maximumExpansions`, whether the bind or the run expanded it.
    func spendExpansion(_ function: UserFunction, _ expr: Expr) throws {
        guard let evaluation else { return }
        guard evaluation.remaining > 0 else { throw tooManyExpansions(evaluation, function, expr) }
        evaluation.remaining -= 1
    }

    /// The body of a call with its parameters replaced; its arguments' values are forgotten
    /// once it is evaluated (every use of them is inside it).
    func evaluateBody(_ body: Expr, of function: UserFunction, called expr: Expr, sharing arguments: [FunctionArgument],
                      in scope: Scope) throws -> Operand {
        // The body's height counts the arguments in it (and theirs): when it cannot fit in the
        // levels left, say so at the call before anything walks or evaluates it.
        guard depth + body.height <= NestingLimit.levels + 1 else {
            throw NestingLimit.exceeded(at: expr.range, stage: .runtime)
        }
        var inner = self
        inner.expanding.append(function.name)
        defer { evaluation?.forget(arguments) }
        do {
            return try inner.evaluate(body, in: scope)
        } catch let error as MsokoError {
            throw pointedAtCall(error, function, expr)
        }
    }

    /// The body with each parameter standing for one shared `FunctionArgument` (made here, with
    /// `callers` the `def`s being expanded where the call stands), and those arguments.
    static func substitutedBody(_ function: UserFunction, _ arguments: [Expr], callers: [String]) -> (Expr, [FunctionArgument]) {
        var bindings: [String: Expr] = [:]
        var shared: [FunctionArgument] = []
        for (parameter, argument) in zip(function.parameters, arguments) {
            let node = FunctionArgument(argument, callers: callers)
            shared.append(node)
            bindings[parameter] = Expr(.argument(node), argument.range)
        }
        return (function.body.substituting(bindings), shared)
    }

    func arityError(_ function: UserFunction, _ count: Int, _ expr: Expr) -> MsokoError {
        let expected = function.parameters.count
        return MsokoError(.arity(function: function.name, expected: expected...expected, got: count),
                          at: expr.range, hint: "\(function.name)(\(function.parameters.joined(separator: ", ")))")
    }

    /// An error from a body defined in another file (the prelude) points at the call, and says
    /// where in the definition it happened.
    func pointedAtCall(_ error: MsokoError, _ function: UserFunction, _ expr: Expr) -> MsokoError {
        var error = error
        if let range = error.range, range.file !== expr.range.file {
            error.hint = (error.hint.map { $0 + "; " } ?? "") + tr("eval.in_def_at", ["name": function.name, "place": range.location])
            error.range = expr.range
        }
        return error
    }

    /// `cycle` is the `def`s from the first call of the function to the call that repeats it.
    func recursion(_ cycle: [String], at range: SourceRange) -> MsokoError {
        let name = cycle.first ?? ""
        let through = cycle.dropFirst().map { "`\($0)`" }.joined(separator: ", ")
        let message = through.isEmpty ? tr("eval.recursive_def", ["name": name])
                                      : tr("eval.recursive_def_through", ["name": name, "through": through])
        return MsokoError(.runtime, message, at: range, hint: tr("eval.recursive_def.hint"))
    }

    /// Placed at the whole expression evaluated (the call that ran out may be deep in a `def`).
    func tooManyExpansions(_ evaluation: Evaluation, _ function: UserFunction, _ expr: Expr) -> MsokoError {
        let limit = Evaluator.maximumExpansions
        return MsokoError(.runtime, tr("eval.too_many_expansions", ["limit": limit]),
                          at: evaluation.expression,
                          hint: tr("eval.too_many_expansions.hint", ["name": function.name, "place": expr.range.location]))
    }

    /// "`f` takes 1 to 2 arguments, got 3": one message per shape of arity, since Russian
    /// declines the noun after an exact count and after «до», «не менее» differently.
    static func arityMessage(_ name: String, _ arity: ClosedRange<Int>, got count: Int) -> String {
        MsokoError.Kind.arity(function: name, expected: arity, got: count).text
    }

    func callAggregate(_ function: AggregateFunction, _ arguments: [Expr], _ expr: Expr, in scope: Scope) throws -> Operand {
        guard function.argumentCount.contains(arguments.count) else { throw arityError(function, arguments.count, expr) }
        let (columnArguments, parameter) = try aggregateParameter(function, arguments)
        let rows = AggregateRows(scope)
        let rowScope = Scope(table: rows.input)
        var rowEvaluator = self
        rowEvaluator.scopeKind = .aggregateRows
        var columns: [Column] = []
        for argument in columnArguments {
            try refuseNestedAggregate(argument)
            columns.append(try rowEvaluator.column(argument, in: rowScope))
        }
        return try aggregate(function, columns, parameter: parameter, columnArguments, expr, rows: rows, in: scope)
    }

    /// Where an aggregate's arguments are evaluated, and which rows form each group.
    struct AggregateRows {
        var input: Table
        var groups: [Int32]
        var groupCount: Int

        init(_ scope: Scope) {
            if let grouping = scope.grouping {
                (input, groups, groupCount) = (grouping.input, grouping.groups, grouping.groupCount)
            } else if let window = scope.window {
                (input, groups, groupCount) = (scope.table, window.groups, window.groupCount)
            } else {
                (input, groups, groupCount) = (scope.table, [Int32](repeating: 0, count: scope.table.rowCount), 1)
            }
        }
    }

    func arityError(_ function: AggregateFunction, _ count: Int, _ expr: Expr) -> MsokoError {
        MsokoError(.arity(function: function.rawValue, expected: function.argumentCount, got: count),
                   at: expr.range, hint: tr("eval.usage.hint", ["signature": function.signature]))
    }

    /// The arguments evaluated over the rows, and `quantile`'s constant `p`.
    func aggregateParameter(_ function: AggregateFunction, _ arguments: [Expr]) throws -> ([Expr], Double?) {
        guard function == .quantile, arguments.count == 2 else { return (arguments, nil) }
        let p = try constant(arguments[1])
        guard let value = p.asDouble, value >= 0, value <= 1 else {
            throw MsokoError(.type, tr("eval.quantile_p"), at: arguments[1].range,
                             hint: tr("eval.quantile_p.hint"))
        }
        return ([arguments[0]], value)
    }

    func refuseNestedAggregate(_ argument: Expr) throws {
        guard depth + argument.height <= NestingLimit.levels + 1 else {
            throw NestingLimit.exceeded(at: argument.range, stage: .runtime)
        }
        if let error = Evaluator.nestedAggregate(argument) { throw error }
    }

    /// An aggregate's argument that calls an aggregate (`mean(sum(x))`), as written (a `def`'s
    /// body is not looked into, nor is a call's the bound plan expanded): the evaluator and the
    /// binder report it alike.
    static func nestedAggregate(_ argument: Expr) -> MsokoError? {
        var nested = false
        argument.walkAsWritten { node in
            if case .call(let inner, _) = node.kind, AggregateFunction(rawValue: inner) != nil { nested = true }
        }
        return nested ? MsokoError(.type, tr("eval.nested_aggregate"), at: argument.range) : nil
    }

    /// The aggregate over evaluated columns: one value per group in `summarize`, given back to
    /// every row of its group in a window, one value for all rows otherwise.
    func aggregate(_ function: AggregateFunction, _ columns: [Column], parameter: Double?, _ arguments: [Expr], _ expr: Expr,
                   rows: AggregateRows, in scope: Scope) throws -> Operand {
        let result: Column
        do {
            // The result type (and a type error) comes from `compute`: `AggregateFunction.resultType`.
            result = try GroupedAggregation.compute(function, arguments: columns, parameter: parameter,
                                                    groups: rows.groups, groupCount: rows.groupCount)
        } catch {
            throw placeAggregateError(error, function, arguments, expr)
        }
        if scope.grouping != nil { return .column(result) }
        if let window = scope.window { return .column(result.gather(window.groups)) }
        return .scalar(result.value(at: 0))
    }

    func placeAggregateError(_ error: any Error, _ function: AggregateFunction, _ arguments: [Expr], _ expr: Expr) -> MsokoError {
        guard var placed = error as? MsokoError else {
            return MsokoError(.runtime, "\(error)", at: expr.range)
        }
        if placed.range == nil {
            placed.range = expr.range
            if placed.stage == .type, let first = arguments.first {
                placed.subject = "\(function.rawValue)(\(first.sourceText))"
            }
        }
        return placed
    }
}

extension Expr {
    /// The expression with column references named in `bindings` replaced (for `def`). A
    /// replacement keeps, as its `nameRange`, the place of the parameter it replaces: messages
    /// about a step of a chain name the body's text.
    func substituting(_ bindings: [String: Expr]) -> Expr {
        var copy = self
        switch kind {
        case .column(let name):
            if var replacement = bindings[name] {
                replacement.nameRange = range
                return replacement
            }
        case .literal, .parameter, .argument:
            break
        case .unary(let op, let e):
            copy.kind = .unary(op, e.substituting(bindings))
        case .binary(let op, let a, let b):
            copy.kind = .binary(op, a.substituting(bindings), b.substituting(bindings))
        case .chain(let first, let links):
            copy.kind = .chain(first.substituting(bindings), links.map { Link($0.op, $0.operand.substituting(bindings)) })
        case .call(let name, let args):
            copy.kind = .call(name, args.map { $0.substituting(bindings) })
        case .isNull(let e, let negated):
            copy.kind = .isNull(e.substituting(bindings), negated: negated)
        case .inList(let e, let items, let negated):
            copy.kind = .inList(e.substituting(bindings), items.map { $0.substituting(bindings) }, negated: negated)
        case .list(let items):
            copy.kind = .list(items.map { $0.substituting(bindings) })
        case .record(let fields):
            copy.kind = .record(fields.map { ($0.0, $0.1.substituting(bindings)) })
        }
        return copy
    }

    /// Where the node stands in the text it was parsed from: its range, except for a `def`'s
    /// argument, which stands where the body named the parameter.
    var place: SourceRange {
        if case .argument = kind, let nameRange { return nameRange }
        return range
    }

    /// Whether the expression calls an aggregate (after expanding user functions; each function
    /// is looked into once, so a recursive or widely shared `def` costs no more than the others).
    func containsAggregate(_ functions: [String: UserFunction]) -> Bool {
        var expanded: Set<String> = []
        return containsAggregate(functions, expanded: &expanded)
    }

    private func containsAggregate(_ functions: [String: UserFunction], expanded: inout Set<String>) -> Bool {
        var found = false
        var callees: [UserFunction] = []
        walk { node in
            guard case .call(let name, _) = node.kind else { return }
            if AggregateFunction(rawValue: name) != nil { found = true }
            if let function = functions[name] { callees.append(function) }
        }
        if found { return true }
        for function in callees where expanded.insert(function.name).inserted {
            if function.body.containsAggregate(functions, expanded: &expanded) { return true }
        }
        return false
    }
}
