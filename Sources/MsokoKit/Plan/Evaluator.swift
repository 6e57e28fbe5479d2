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

public struct Evaluator {
    public var parameters: [String: Value]
    public var functions: [String: UserFunction]
    var depth = 0

    public init(parameters: [String: Value], functions: [String: UserFunction]) {
        self.parameters = parameters
        self.functions = functions
    }

    /// Evaluates an expression that must not refer to columns (options, parameters, paths).
    public func constant(_ expr: Expr) throws -> Value {
        let empty = Table(names: [], columns: [], rowCount: 1)
        switch try evaluate(expr, in: Scope(table: empty)) {
        case .scalar(let value): return value
        case .column(let column): return column.value(at: 0)
        }
    }

    /// Evaluates to a full column of the scope's length.
    public func column(_ expr: Expr, in scope: Scope) throws -> Column {
        try evaluate(expr, in: scope).materialize(count: scope.table.rowCount)
    }

    public func evaluate(_ expr: Expr, in scope: Scope) throws -> Operand {
        let count = scope.table.rowCount
        switch expr.kind {
        case .literal(let value):
            return .scalar(value)

        case .parameter(let name):
            guard let value = parameters[name] else {
                throw MsokoError(.name, "unknown parameter `$\(name)`", at: expr.range,
                                 hint: Suggest.closest(to: name, among: Array(parameters.keys)).map { "did you mean `$\($0)`?" }
                                    ?? "declare it with `param \(name) = …` or pass `--param \(name)=…`")
            }
            return .scalar(value)

        case .column(let name):
            if let index = scope.table.index(of: name) {
                return .column(scope.table.columns[index])
            }
            throw unknownColumn(name, expr.range, scope: scope)

        case .unary(let op, let operand):
            let value = try evaluate(operand, in: scope)
            if op == "not" {
                guard let result = LogicKernels.not(value, count: count) else {
                    throw typeError("`not` needs a true/false value, but this is \(value.type.rawValue)", operand)
                }
                return result
            }
            do {
                return try ArithmeticKernels.evaluate("-", .scalar(.int(0)), value, count: count)
            } catch {
                throw typeError("cannot negate a \(value.type.rawValue) value", operand)
            }

        case .binary(let op, let lhsExpr, let rhsExpr):
            let lhs = try evaluate(lhsExpr, in: scope)
            let rhs = try evaluate(rhsExpr, in: scope)
            switch op {
            case "and", "or":
                guard let result = LogicKernels.andOr(op == "and", lhs, rhs, count: count) else {
                    let bad = (lhs.type == .bool || lhs.type == .null) ? rhsExpr : lhsExpr
                    let badType = (lhs.type == .bool || lhs.type == .null) ? rhs.type : lhs.type
                    throw typeError("`\(op)` needs true/false values on both sides, but `\(bad.sourceText)` is \(badType.rawValue)", bad,
                                    hint: badType == .int ? "compare it: `\(bad.sourceText) > 0`" : nil)
                }
                return result
            case "==", "!=", "<", "<=", ">", ">=":
                guard let compareOp = CompareOp(rawValue: op) else { break }
                guard CompareKernels.comparable(lhs.type, rhs.type) else {
                    var hint: String? = nil
                    if lhs.type == .text, rhs.type.isNumeric { hint = "compare with text: `\(lhsExpr.sourceText) \(op) \"\(rhsExpr.sourceText)\"`" }
                    if rhs.type == .text, lhs.type.isNumeric, case .literal(.text(let t)) = rhsExpr.kind, Double(t) != nil {
                        hint = "compare with a number: `\(lhsExpr.sourceText) \(op) \(t)`"
                    }
                    throw MsokoError(.type, "cannot compare \(lhs.type.rawValue) `\(lhsExpr.sourceText)` with \(rhs.type.rawValue) `\(rhsExpr.sourceText)`",
                                     at: expr.range, hint: hint)
                }
                return CompareKernels.evaluate(compareOp, lhs, rhs, count: count)
            default:
                do {
                    return try ArithmeticKernels.evaluate(op, lhs, rhs, count: count)
                } catch ArithmeticKernels.Failure.overflow {
                    throw MsokoError(.runtime, "integer overflow in `\(expr.sourceText)`", at: expr.range,
                                     hint: "convert to a double first: `double(\(lhsExpr.sourceText)) \(op) …`")
                } catch {
                    var hint: String? = nil
                    if op == "+", lhs.type == .text || rhs.type == .text {
                        hint = "`+` joins two texts; convert the other side with `text(…)`"
                    }
                    throw MsokoError(.type, "cannot apply `\(op)` to \(lhs.type.rawValue) and \(rhs.type.rawValue)",
                                     at: expr.range, hint: hint)
                }
            }
            throw MsokoError(.syntax, "unknown operator `\(op)`", at: expr.range)

        case .isNull(let operand, let negated):
            return LogicKernels.isNull(try evaluate(operand, in: scope), negated: negated, count: count)

        case .inList(let operand, let items, let negated):
            let value = try evaluate(operand, in: scope)
            var members: [Value] = []
            for item in items {
                guard case .scalar(let v) = try evaluate(item, in: scope) else {
                    throw typeError("the items of `in […]` must be values, not columns", item)
                }
                guard CompareKernels.comparable(value.type, v.type) else {
                    throw typeError("cannot compare \(value.type.rawValue) `\(operand.sourceText)` with \(v.type.rawValue) `\(item.sourceText)`", item)
                }
                members.append(v)
            }
            return MembershipKernel.evaluate(value, members, negated: negated, count: count)

        case .call(let name, let arguments):
            return try call(name, arguments, expr, in: scope)

        case .list:
            throw typeError("a list `[…]` can only follow `in`", expr)
        case .record:
            throw typeError("a record `{…}` can only be an option's value", expr)
        }
    }

    func typeError(_ message: String, _ expr: Expr, hint: String? = nil) -> MsokoError {
        MsokoError(.type, message, at: expr.range, hint: hint)
    }

    func unknownColumn(_ name: String, _ range: SourceRange, scope: Scope) -> MsokoError {
        if let grouping = scope.grouping, grouping.input.index(of: name) != nil {
            return MsokoError(.name, "column `\(name)` is not a group key", at: range,
                              hint: "inside `summarize`, use `\(name)` in an aggregate such as `mean(\(name))`, or add it after `by`")
        }
        var candidates = scope.table.names
        if let grouping = scope.grouping { candidates += grouping.input.names }
        var hint = Suggest.hint(for: name, among: candidates)
        if hint == nil, parameters[name] != nil { hint = "to read the parameter, write `$\(name)`" }
        if hint == nil, scope.table.columnCount > 0, scope.table.columnCount <= 12 {
            hint = "the columns here are: " + scope.table.names.map { "`\($0)`" }.joined(separator: ", ")
        }
        return MsokoError(.name, "unknown column `\(name)`", at: range, hint: hint)
    }

    // MARK: calls

    func call(_ name: String, _ arguments: [Expr], _ expr: Expr, in scope: Scope) throws -> Operand {
        let nameRange = expr.nameRange ?? expr.range
        if let function = functions[name] {
            guard arguments.count == function.parameters.count else {
                throw MsokoError(.type, "`\(name)` takes \(function.parameters.count) argument\(function.parameters.count == 1 ? "" : "s"), got \(arguments.count)",
                                 at: expr.range, hint: "\(name)(\(function.parameters.joined(separator: ", ")))")
            }
            guard depth < 64 else {
                throw MsokoError(.runtime, "`\(name)` calls itself too deeply", at: expr.range)
            }
            var bindings: [String: Expr] = [:]
            for (parameter, argument) in zip(function.parameters, arguments) { bindings[parameter] = argument }
            var inner = self
            inner.depth += 1
            do {
                return try inner.evaluate(function.body.substituting(bindings), in: scope)
            } catch var error as MsokoError {
                // Point at the call, and say where the definition is.
                if let range = error.range, range.file !== expr.range.file {
                    error.hint = (error.hint.map { $0 + "; " } ?? "") + "in `\(name)` defined at \(range.location)"
                    error.range = expr.range
                }
                throw error
            }
        }
        if let aggregate = AggregateFunction(rawValue: name) {
            return try callAggregate(aggregate, arguments, expr, in: scope)
        }
        if let function = ScalarFunctions.lookup(name) {
            guard function.arity.contains(arguments.count) else {
                throw MsokoError(.type, "`\(name)` takes \(Self.describe(function.arity)) argument\(function.arity.upperBound == 1 ? "" : "s"), got \(arguments.count)",
                                 at: expr.range, hint: "usage: \(function.signature)")
            }
            let values = try arguments.map { try evaluate($0, in: scope) }
            do {
                return try function.apply(values, scope.table.rowCount)
            } catch let error as MsokoError {
                throw error.placed(at: expr.range)
            }
        }
        let known = Array(functions.keys) + AggregateFunction.allCases.map(\.rawValue) + ScalarFunctions.all.map(\.name)
        throw MsokoError(.name, "unknown function `\(name)`", at: nameRange,
                         hint: Suggest.hint(for: name, among: known) ?? "`help functions` lists them")
    }

    static func describe(_ arity: ClosedRange<Int>) -> String {
        if arity.lowerBound == arity.upperBound { return "\(arity.lowerBound)" }
        if arity.upperBound >= 99 { return "at least \(arity.lowerBound)" }
        return "\(arity.lowerBound) to \(arity.upperBound)"
    }

    func callAggregate(_ function: AggregateFunction, _ arguments: [Expr], _ expr: Expr, in scope: Scope) throws -> Operand {
        guard function.argumentCount.contains(arguments.count) else {
            throw MsokoError(.type, "`\(function.rawValue)` takes \(Self.describe(function.argumentCount)) argument\(function.argumentCount.upperBound == 1 ? "" : "s"), got \(arguments.count)",
                             at: expr.range, hint: "usage: \(function.signature)")
        }
        // Where the aggregate's arguments are evaluated, and which rows form each group.
        let input: Table
        let groups: [Int32]
        let groupCount: Int
        if let grouping = scope.grouping {
            input = grouping.input
            groups = grouping.groups
            groupCount = grouping.groupCount
        } else if let window = scope.window {
            input = scope.table
            groups = window.groups
            groupCount = window.groupCount
        } else {
            input = scope.table
            groups = [Int32](repeating: 0, count: scope.table.rowCount)
            groupCount = 1
        }
        let rowScope = Scope(table: input)
        var parameter: Double? = nil
        var columnArguments = arguments
        if function == .quantile, arguments.count == 2 {
            let p = try constant(arguments[1])
            guard let value = p.asDouble, value >= 0, value <= 1 else {
                throw MsokoError(.type, "quantile's second argument must be a number from 0 to 1", at: arguments[1].range,
                                 hint: "for the 90th percentile write `quantile(x, 0.9)`")
            }
            parameter = value
            columnArguments = [arguments[0]]
        }
        var columns: [Column] = []
        for argument in columnArguments {
            var nested = false
            argument.walk { node in
                if case .call(let inner, _) = node.kind, AggregateFunction(rawValue: inner) != nil { nested = true }
            }
            if nested {
                throw MsokoError(.type, "an aggregate cannot contain another aggregate", at: argument.range)
            }
            columns.append(try column(argument, in: rowScope))
        }
        let result: Column
        do {
            _ = try function.resultType(argumentTypes: columns.map(\.type) + (parameter == nil ? [] : [.double]))
            result = try GroupedAggregation.compute(function, arguments: columns, parameter: parameter,
                                                    groups: groups, groupCount: groupCount)
        } catch {
            throw placeAggregateError(error, function, columnArguments, expr)
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
                placed.message = "`\(function.rawValue)(\(first.sourceText))`: " + placed.message
            }
        }
        return placed
    }
}

extension Expr {
    /// The expression with column references named in `bindings` replaced (for `def`).
    func substituting(_ bindings: [String: Expr]) -> Expr {
        var copy = self
        switch kind {
        case .column(let name):
            if let replacement = bindings[name] { return replacement }
        case .literal, .parameter:
            break
        case .unary(let op, let e):
            copy.kind = .unary(op, e.substituting(bindings))
        case .binary(let op, let a, let b):
            copy.kind = .binary(op, a.substituting(bindings), b.substituting(bindings))
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

    /// Whether the expression calls an aggregate (after expanding user functions).
    func containsAggregate(_ functions: [String: UserFunction], depth: Int = 0) -> Bool {
        var found = false
        walk { node in
            guard case .call(let name, _) = node.kind else { return }
            if AggregateFunction(rawValue: name) != nil { found = true }
            if depth < 32, let function = functions[name], function.body.containsAggregate(functions, depth: depth + 1) {
                found = true
            }
        }
        return found
    }
}

/// `x in [a, b, c]`.
enum MembershipKernel {
    static func evaluate(_ operand: Operand, _ members: [Value], negated: Bool, count: Int) -> Operand {
        let nonNull = members.filter { !$0.isNull }
        func contains(_ v: Value) -> Bool? {
            if v.isNull { return nil }
            return nonNull.contains { CompareKernels.compareValues(.eq, v, $0) == true }
        }
        switch operand {
        case .scalar(let v):
            return .scalar(contains(v).map { .bool($0 != negated) } ?? .null)
        case .column(let column):
            if case .null = column.storage { return .scalar(.null) }
            var out = [Bool](repeating: false, count: count)
            if let (codes, dictionary) = column.textParts {
                let byCode = dictionary.values.map { (contains(.text($0)) ?? false) != negated }
                for row in 0..<count { out[row] = byCode[Int(codes[row])] }
            } else if let ints = column.int64s, nonNull.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
                let set = Set(nonNull.compactMap { if case .int(let v) = $0 { return v } else { return nil } })
                for row in 0..<count { out[row] = set.contains(ints[row]) != negated }
            } else {
                for row in 0..<count { out[row] = (contains(column.value(at: row)) ?? false) != negated }
            }
            return .column(Column(.bool(out), validity: column.validity))
        }
    }
}
