/// Expressions of the language as SQL with the local engine's semantics (Plan/Evaluator.swift
/// and the kernels of Engine/), or `NotPushable` where PostgreSQL would differ.
///
/// What is matched, and how:
/// - A part without columns or aggregates (`$year`, `date("2025-04-15")`, `"S" + "01"`) is
///   evaluated here by the local evaluator and sent as one bind parameter: its value and type
///   are exactly the local ones.
/// - `+ - *` on ints stay int8 (both sides cast to int8, so an int4 column overflows where
///   msoko's 64 bits would, with an error on both sides); `/` is always float8 and `x / 0` and
///   `x % 0` are null (`NULLIF`); `%` on doubles is not pushed (PostgreSQL has no float8 `%`).
///   Text `+` is `||`; date ± days and date − date as locally.
/// - Comparisons of text are by code point (`COLLATE "C"`, UTF-8 byte order = code point
///   order, as `StringDictionary.less`); int and double compare as doubles, as locally. A date
///   compared with text is pushed only when the text is a constant that parses as a date.
/// - `and`/`or`/`not`, `is null` are SQL's three-valued logic, which the local kernels follow.
///   `x in [a, null]` is false, not null, when x is not among the non-null members: the null
///   members are dropped before the SQL is written.
/// - `round(x, d)` rounds the binary value x·10^d half away from zero (as `ScalarFunctions.round`),
///   not the decimal: written with `trunc` on float8 — exact — rather than `round(numeric)`,
///   which would first convert x to 15 significant digits (2.675 → 2.68, locally 2.67).
/// - Text functions that count or change characters (`length`, `substr`, `lower`, `upper`,
///   `trim`, `translate`) and regular expressions are not pushed: Swift counts grapheme
///   clusters and maps case by Unicode whatever the server's locale, ICU and PostgreSQL
///   regular expressions differ. `contains`/`starts_with`/`ends_with`/`replace` are pushed for
///   a constant, non-empty part; they compare code points, which equals Swift's comparison for
///   text in one normal form (NFC, what the loaders and PostgreSQL hold in practice).
/// - Known differences left: a float8 overflow to infinity is an error on the server and ∞
///   locally; NaN (which no pushed function makes from finite input) orders as in PostgreSQL.
final class SQLExpressionCompiler {
    let builder: SQLBuilder
    /// The names the expression's columns refer to, with their SQL and types.
    let columns: [String: SQLTyped]
    let aggregates: SQLAggregateContext
    /// Whether a window function was written (a `where` must then filter a level above).
    private(set) var usedWindow = false
    private var depth = 0

    init(builder: SQLBuilder, columns: [String: SQLTyped], aggregates: SQLAggregateContext) {
        self.builder = builder
        self.columns = columns
        self.aggregates = aggregates
    }

    var session: Session { builder.session }

    /// Records that a window function was written (from the aggregates' extension).
    func markWindow() { usedWindow = true }

    func compile(_ expr: Expr) throws -> SQLTyped {
        guard depth < NestingLimit.levels else { throw NotPushable(tr("sql.not_pushed.too_deep")) }
        depth += 1
        defer { depth -= 1 }
        if isConstant(expr) {
            let value = try session.evaluator.constant(expr)
            return SQLTyped(builder.parameter(value), value.type)
        }
        switch expr.kind {
        case .literal(let value):
            return SQLTyped(builder.parameter(value), value.type)
        case .parameter:
            return SQLTyped(builder.parameter(try session.evaluator.constant(expr)), try session.evaluator.constant(expr).type)
        case .column(let name):
            guard let column = columns[name] else { throw NotPushable(tr("sql.not_pushed.column", ["name": name])) }
            return column
        case .unary(let op, let operand):
            return try unary(op, try compile(operand))
        case .binary(let op, let lhs, let rhs):
            if let comparison = op.comparison { return try compare(comparison, lhs, rhs) }
            return try combine(op, try compile(lhs), try compile(rhs))
        case .chain(let first, let links):
            var accumulated = try compile(first)
            for link in links { accumulated = try combine(link.op, accumulated, try compile(link.operand)) }
            return accumulated
        case .isNull(let operand, let negated):
            let value = try compile(operand)
            return SQLTyped("(\(value.sql) IS \(negated ? "NOT " : "")NULL)", .bool)
        case .inList(let operand, let items, let negated):
            return try membership(operand, items, negated: negated)
        case .call(let name, let arguments):
            return try call(name, arguments, expr)
        case .argument(let argument):
            return try compile(argument.expr)
        case .list, .record:
            throw NotPushable(tr("sql.not_pushed.expression", ["expression": expr.excerpt]))
        }
    }

    /// No column and no aggregate anywhere in it (user functions expanded): a constant.
    func isConstant(_ expr: Expr) -> Bool {
        var constant = true
        expr.walk { node in
            switch node.kind {
            case .column: constant = false
            case .call(let name, _):
                if AggregateFunction(rawValue: name) != nil || session.functions[name] != nil { constant = false }
            case .list, .record: constant = false
            default: break
            }
        }
        return constant
    }

    // MARK: operators

    func unary(_ op: UnaryOp, _ value: SQLTyped) throws -> SQLTyped {
        if value.type == .null { return .null }
        switch op {
        case .not:
            guard value.type == .bool else { throw NotPushable(tr("sql.not_pushed.types", ["verb": "not"])) }
            return SQLTyped("(NOT \(value.sql))", .bool)
        case .negate:
            // `0 - x` locally: ints stay 64-bit (negating the smallest is an error on both sides).
            guard value.type.isNumeric else { throw NotPushable(tr("sql.not_pushed.types", ["verb": "-"])) }
            return SQLTyped("(- \(SQLTyped.cast(value.sql, value.type)))", value.type)
        }
    }

    func combine(_ op: BinaryOp, _ lhs: SQLTyped, _ rhs: SQLTyped) throws -> SQLTyped {
        if op.isLogical {
            let valid: (DataType) -> Bool = { $0 == .bool || $0 == .null }
            guard valid(lhs.type), valid(rhs.type) else { throw NotPushable(tr("sql.not_pushed.types", ["verb": op.text])) }
            let type: DataType = lhs.type == .null && rhs.type == .null ? .null : .bool
            return SQLTyped("(\(lhs.boolSQL) \(op == .and ? "AND" : "OR") \(rhs.boolSQL))", type)
        }
        if lhs.type == .null || rhs.type == .null { return .null }
        let mismatch = NotPushable(tr("sql.not_pushed.types", ["verb": op.text]))
        if lhs.type == .text || rhs.type == .text {
            guard op == .add, lhs.type == .text, rhs.type == .text else { throw mismatch }
            return SQLTyped("(\(lhs.sql) || \(rhs.sql))", .text)
        }
        if lhs.type == .date, rhs.type == .int, op == .add || op == .subtract {
            return SQLTyped("(\(lhs.sql) \(op.rawValue) CAST(\(rhs.sql) AS int4))", .date)
        }
        if lhs.type == .date, rhs.type == .date, op == .subtract {
            return SQLTyped("CAST((\(lhs.sql) - \(rhs.sql)) AS int8)", .int)
        }
        guard lhs.type.isNumeric, rhs.type.isNumeric else { throw mismatch }
        if op != .divide, lhs.type == .int, rhs.type == .int {
            let a = SQLTyped.cast(lhs.sql, .int), b = SQLTyped.cast(rhs.sql, .int)
            if op == .remainder { return SQLTyped("(\(a) % NULLIF(\(b), 0))", .int) }
            return SQLTyped("(\(a) \(op.rawValue) \(b))", .int)
        }
        let a = SQLTyped.cast(lhs.sql, .double), b = SQLTyped.cast(rhs.sql, .double)
        switch op {
        case .divide: return SQLTyped("(\(a) / NULLIF(\(b), 0))", .double)
        case .add, .subtract, .multiply: return SQLTyped("(\(a) \(op.rawValue) \(b))", .double)
        default: throw NotPushable(tr("sql.not_pushed.function", ["name": "%"]))
        }
    }

    func compare(_ op: CompareOp, _ lhsExpr: Expr, _ rhsExpr: Expr) throws -> SQLTyped {
        var lhs = try compile(lhsExpr), rhs = try compile(rhsExpr)
        guard CompareKernels.comparable(lhs.type, rhs.type) else { throw NotPushable(tr("sql.not_pushed.types", ["verb": "=="])) }
        if lhs.type == .null || rhs.type == .null { return SQLTyped("CAST(NULL AS bool)", .null) }
        // A date against text: only a constant text, parsed here as the kernel parses it.
        if lhs.type == .date, rhs.type == .text { rhs = try constantDate(rhsExpr) }
        if lhs.type == .text, rhs.type == .date { lhs = try constantDate(lhsExpr) }
        let symbol: String
        switch op {
        case .eq: symbol = "="
        case .ne: symbol = "<>"
        case .lt: symbol = "<"
        case .le: symbol = "<="
        case .gt: symbol = ">"
        case .ge: symbol = ">="
        }
        if lhs.type == .text, op != .eq, op != .ne {
            return SQLTyped("(\(lhs.sql) COLLATE \"C\" \(symbol) \(rhs.sql) COLLATE \"C\")", .bool)
        }
        return SQLTyped("(\(lhs.sql) \(symbol) \(rhs.sql))", .bool)
    }

    /// A constant text compared with a date: the date it parses as, or null (as locally).
    func constantDate(_ expr: Expr) throws -> SQLTyped {
        guard isConstant(expr), case .text(let text) = try session.evaluator.constant(expr) else {
            throw NotPushable(tr("sql.not_pushed.types", ["verb": "=="]))
        }
        guard let days = DateCodec.parse(Array(text.utf8)) else { return SQLTyped("CAST(NULL AS date)", .date) }
        return SQLTyped(builder.parameter(.date(days)), .date)
    }

    func membership(_ operandExpr: Expr, _ items: [Expr], negated: Bool) throws -> SQLTyped {
        let operand = try compile(operandExpr)
        var members: [String] = []
        for item in items {
            guard isConstant(item) else { throw NotPushable(tr("sql.not_pushed.expression", ["expression": item.excerpt])) }
            let value = try session.evaluator.constant(item)
            guard CompareKernels.comparable(operand.type, value.type) else { throw NotPushable(tr("sql.not_pushed.types", ["verb": "in"])) }
            if value.isNull { continue }
            // Text against a date member (or the reverse) compares by parsing: not written here.
            if (operand.type == .text) != (value.type == .text) { throw NotPushable(tr("sql.not_pushed.types", ["verb": "in"])) }
            members.append(builder.parameter(value))
        }
        if operand.type == .null { return SQLTyped("CAST(NULL AS bool)", .null) }
        if members.isEmpty {
            return SQLTyped("(CASE WHEN \(operand.sql) IS NULL THEN NULL ELSE \(negated ? "TRUE" : "FALSE") END)", .bool)
        }
        return SQLTyped("(\(operand.sql) \(negated ? "NOT " : "")IN (\(members.joined(separator: ", "))))", .bool)
    }

    // MARK: calls

    func call(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> SQLTyped {
        if let function = session.functions[name] {
            guard arguments.count == function.parameters.count else { throw NotPushable(tr("sql.not_pushed.error", ["verb": name])) }
            let (body, _) = Evaluator.substitutedBody(function, arguments, callers: [])
            return try compile(body)
        }
        if let aggregate = AggregateFunction(rawValue: name) {
            return try self.aggregate(aggregate, arguments)
        }
        return try scalar(name, arguments)
    }

    func scalar(_ name: String, _ arguments: [Expr]) throws -> SQLTyped {
        let notPushed = NotPushable(tr("sql.not_pushed.function", ["name": name]))
        guard let function = ScalarFunctions.lookup(name), function.arity.contains(arguments.count) else { throw notPushed }
        let canonical = function.name
        // `round`'s digits and the parts of the text functions must be constants.
        if canonical == "round" {
            let x = try compile(arguments[0])
            var digits = 0
            if arguments.count > 1 {
                guard isConstant(arguments[1]) else { throw notPushed }
                digits = try ScalarFunctions.integer(try session.evaluator.constant(arguments[1]), "round")
            }
            switch x.type {
            case .null: return .null
            case .int: return x
            case .double: return round(x.sql, digits: digits)
            default: throw notPushed
            }
        }
        if ["contains", "starts_with", "ends_with", "replace"].contains(canonical) {
            return try textSearch(canonical, arguments, notPushed)
        }
        let args = try arguments.map { try compile($0) }
        let types = args.map(\.type)
        if args.count == 1, types[0] == .null, ["abs", "floor", "ceil", "sqrt", "ln", "text", "int", "double", "year", "month", "day"].contains(canonical) {
            return .null
        }
        switch canonical {
        case "abs":
            guard types[0].isNumeric else { throw notPushed }
            return SQLTyped("abs(\(SQLTyped.cast(args[0].sql, types[0])))", types[0])
        case "floor", "ceil":
            guard types[0].isNumeric else { throw notPushed }
            return SQLTyped("\(canonical)(\(SQLTyped.cast(args[0].sql, .double)))", .double)
        case "sqrt", "ln":
            // Locally a NaN result is null; the server would stop with an error instead.
            guard types[0].isNumeric else { throw notPushed }
            let x = SQLTyped.cast(args[0].sql, .double)
            let zero = builder.parameter(.double(0))
            let outside = canonical == "sqrt" ? "\(x) < \(zero)" : "\(x) <= \(zero)"
            return SQLTyped("(CASE WHEN \(outside) THEN NULL ELSE \(canonical)(\(x)) END)", .double)
        case "coalesce", "greatest", "least":
            let typed = args.filter { $0.type != .null }
            guard let type = typed.first?.type else { return .null }
            guard typed.allSatisfy({ $0.type == type }) else { throw notPushed }
            let collate = type == .text && canonical != "coalesce" ? " COLLATE \"C\"" : ""
            let list = args.map { $0.type == .null ? "CAST(NULL AS \(SQLText.type(type) ?? "text"))" : $0.sql + collate }
            return SQLTyped("\(canonical.uppercased())(\(list.joined(separator: ", ")))", type)
        case "if":
            guard types[0] == .bool || types[0] == .null else { throw notPushed }
            let branches = [args[1], args[2]].filter { $0.type != .null }
            guard let type = branches.first?.type else { return .null }
            guard branches.allSatisfy({ $0.type == type }), let sqlType = SQLText.type(type) else { throw notPushed }
            let then = args[1].type == .null ? "CAST(NULL AS \(sqlType))" : args[1].sql
            let otherwise = args[2].type == .null ? "CAST(NULL AS \(sqlType))" : args[2].sql
            return SQLTyped("(CASE WHEN \(args[0].boolSQL) THEN \(then) ELSE \(otherwise) END)", type)
        case "nullif":
            guard types[0] != .null else { return .null }
            if types[1] == .null { return args[0] }
            guard CompareKernels.comparable(types[0], types[1]), (types[0] == .text) == (types[1] == .text) else { throw notPushed }
            return SQLTyped("NULLIF(\(args[0].sql), \(args[1].sql))", types[0])
        case "text":
            switch types[0] {
            case .text: return args[0]
            case .int, .bool: return SQLTyped("CAST(\(args[0].sql) AS text)", .text)
            default: throw notPushed              // doubles and dates print differently
            }
        case "int":
            switch types[0] {
            case .int: return args[0]
            case .double:
                let limit = builder.parameter(.double(9e18))
                return SQLTyped("(CASE WHEN abs(\(args[0].sql)) < \(limit) THEN CAST(trunc(\(args[0].sql)) AS int8) END)", .int)
            case .bool: return SQLTyped("CAST(CAST(\(args[0].sql) AS int4) AS int8)", .int)
            case .date: return SQLTyped("CAST((\(args[0].sql) - \(builder.parameter(.date(0)))) AS int8)", .int)
            default: throw notPushed
            }
        case "double":
            switch types[0] {
            case .int: return SQLTyped(SQLTyped.cast(args[0].sql, .double), .double)
            case .double: return args[0]
            case .bool: return SQLTyped("CAST(CAST(\(args[0].sql) AS int4) AS float8)", .double)
            default: throw notPushed
            }
        case "year", "month", "day":
            guard types[0] == .date else { throw notPushed }
            return SQLTyped("CAST(EXTRACT(\(canonical.uppercased()) FROM \(args[0].sql)) AS int8)", .int)
        case "concat":
            // Each value as text, nulls skipped; doubles and dates print differently here.
            var parts: [String] = []
            for arg in args {
                switch arg.type {
                case .null: continue
                case .text: parts.append(arg.sql)
                case .int, .bool: parts.append("CAST(\(arg.sql) AS text)")
                default: throw notPushed
                }
            }
            return SQLTyped(parts.isEmpty ? builder.parameter(.text("")) : "concat(\(parts.joined(separator: ", ")))", .text)
        default:
            throw notPushed
        }
    }

    /// `contains`, `starts_with`, `ends_with`, `replace`: the part looked for must be a constant.
    func textSearch(_ name: String, _ arguments: [Expr], _ notPushed: NotPushable) throws -> SQLTyped {
        let part = try constantText(arguments[1], notPushed)
        let subject = try compile(arguments[0])
        guard subject.type == .text || subject.type == .null else { throw notPushed }
        if subject.type == .null { return .null }
        switch name {
        case "contains": return SQLTyped("(strpos(\(subject.sql), \(part)) > 0)", .bool)
        case "starts_with": return SQLTyped("starts_with(\(subject.sql), \(part))", .bool)
        case "ends_with": return SQLTyped("(right(\(subject.sql), char_length(\(part))) = \(part))", .bool)
        default:
            let replacement = try compile(arguments[2])
            guard replacement.type == .text else { throw notPushed }
            return SQLTyped("replace(\(subject.sql), \(part), \(replacement.sql))", .text)
        }
    }

    /// A constant, non-empty text argument (the part `contains` looks for), as a parameter.
    func constantText(_ expr: Expr, _ notPushed: NotPushable) throws -> String {
        guard isConstant(expr), case .text(let text) = try session.evaluator.constant(expr), !text.isEmpty else { throw notPushed }
        return builder.parameter(.text(text))
    }

    /// `ScalarFunctions.round` on float8: s = x·10^d (one IEEE product, as locally), its integer
    /// part plus ±1 when the fraction (exact: s − trunc(s)) is at least one half; x itself when
    /// s is not finite or not below 10^15.
    func round(_ x: String, digits: Int) -> SQLTyped {
        let scale = builder.parameter(.double(pow(10.0, Double(digits))))
        let limit = builder.parameter(.double(1e15))
        let half = builder.parameter(.double(0.5))
        let value = SQLTyped.cast(x, .double)
        let s = "(\(value) * \(scale))"
        return SQLTyped("(CASE WHEN abs(\(s)) < \(limit) THEN (trunc(\(s)) + CASE WHEN abs(\(s) - trunc(\(s))) >= \(half) THEN sign(\(s)) ELSE 0 END) / \(scale) ELSE \(value) END)", .double)
    }
}

/// An SQL expression with the msoko type of its value.
struct SQLTyped {
    var sql: String
    var type: DataType

    init(_ sql: String, _ type: DataType) {
        self.sql = sql
        self.type = type
    }

    /// A null of no type yet (`null` written in a pipeline).
    static let null = SQLTyped("NULL", .null)

    /// As a bool operand: an untyped null becomes a bool null.
    var boolSQL: String { type == .null ? "CAST(NULL AS bool)" : sql }

    /// `CAST(sql AS int8/float8)`: columns may be int4 or numeric on the server.
    static func cast(_ sql: String, _ type: DataType) -> String {
        guard let name = SQLText.type(type) else { return sql }
        return "CAST(\(sql) AS \(name))"
    }
}

import Foundation
