/// Aggregates as SQL with `GroupedAggregation`'s semantics (Stats/), in a grouped query
/// (`summarize`, `count`) or as window functions (an aggregate in `derive … by k`, `select`,
/// `where`, `sort`: over the group, or the whole table, given back to every row).
///
/// Pushed, and how each matches:
/// - `count()`/`count(x)`, `count_if(c)` (`FILTER (WHERE c)`), `distinct_count` (`count(DISTINCT)`).
/// - `sum`: of ints `sum(int8)` is numeric on the server, cast back to int8 (out of range is an
///   error on both sides); of doubles float8 `sum` (locally compensated: equal to ~1e-15 relative).
/// - `mean` of ints: the exact sum over the count, one float8 division (as `IntegerMoments.mean`
///   below 2^53); of doubles `avg(float8)`.
/// - `stddev`/`var`: `stddev_samp`/`var_samp` — null for fewer than two values, as locally; over
///   ints in numeric (exact, then rounded once), over doubles in float8.
/// - `median`/`quantile(x, p)`: `percentile_cont`, which interpolates between closest ranks as
///   R's type 7 does.
/// - `min`/`max`: text `COLLATE "C"` (code points), bools `bool_and`/`bool_or` (false < true).
/// - `mode`: `mode() WITHIN GROUP (ORDER BY x)` takes the first of the most frequent values in
///   that order — the smallest, as locally (text `COLLATE "C"`).
/// - `pct(c)`: 100·(rows where c is true) as float8 over the rows where c is known — the same
///   single rounding as locally; null for no known rows.
/// - `corr`: `corr(float8, float8)`, null for n < 2 or a constant variable, as locally.
/// - `ci_low`/`ci_high`: x̄ ∓ 1.96·s/√n, the same operations in the same order.
/// - `wilson_low`/`wilson_high`: `Statistics.wilson` written out on the counts, in the same order.
/// - `list(x)` of text, int or bool: `string_agg(DISTINCT …, ', ' ORDER BY … COLLATE "C")`.
/// - `spearman` in a summary: `corr` of mean ranks computed a level below (`SQLRankColumns`).
/// - `first`/`last` in the rows' order (a stage's, else the table's stored one): `array_agg` in it.
/// Not pushed: `first`/`last` of rows in no order (a view's), `spearman_p` (a
/// t-distribution tail: the incomplete beta function), `spearman` as a window, the stratified ones and
/// `binom_sum_tail` (the incomplete beta function); and as window functions the holistic ones
/// (`median`, `quantile`, `mode`, `distinct_count`, `list`), which PostgreSQL has no window form of.
enum SQLAggregateContext {
    /// Aggregates are not allowed here (a `summarize` key, inside another aggregate).
    case none
    /// Window functions over the rows of the same key values (none: the whole table).
    case window(partition: [String])
    /// In a grouped query: arguments read the input rows; `ranks` collects the rank columns
    /// `spearman` needs computed a level below, and knows the rows' order, if any.
    case grouped(rows: [String: SQLTyped], ranks: SQLRankColumns)
}

/// The rank columns of `spearman(x, y)` in a summary: each pair's mean ranks (ties share the
/// mean of their ranks, as `GroupedAggregation.rankCorrelation`), over the rows of its group
/// where both are non-null, computed with window functions on the level below the grouping;
/// `spearman` is then `corr` of the two rank columns.
final class SQLRankColumns {
    struct Pair {
        var x: String
        var y: String
        var xRank: String
        var yRank: String
    }
    /// The alias both the level below and the grouped query read the rows through, so the
    /// SQL of x and y compiled for one stands in the other.
    let alias: String
    private(set) var pairs: [Pair] = []
    /// The `ORDER BY` terms of the input's order, and of its reverse (nil: the rows have none):
    /// what `first` and `last` follow.
    let order: (forward: String, reversed: String)?

    init(alias: String, order: (forward: String, reversed: String)?) {
        self.alias = alias
        self.order = order
    }

    func add(_ pair: Pair) { pairs.append(pair) }

    /// The rank columns as items of the level below, partitioned by the group keys.
    func items(partition keys: [String]) -> [(sql: String, name: String)] {
        pairs.flatMap { pair -> [(sql: String, name: String)] in
            let known = "(\(pair.x) IS NOT NULL AND \(pair.y) IS NOT NULL)"
            func rank(_ value: String) -> String {
                let group = (keys + [known]).joined(separator: ", ")
                let x = SQLTyped.cast(value, .double)
                return "(CASE WHEN \(known) THEN CAST(rank() OVER (PARTITION BY \(group) ORDER BY \(x)) AS float8)"
                    + " + CAST(count(*) OVER (PARTITION BY \(group), \(x)) - 1 AS float8) / 2 END)"
            }
            return [(rank(pair.x), pair.xRank), (rank(pair.y), pair.yRank)]
        }
    }
}

extension SQLExpressionCompiler {
    func aggregate(_ function: AggregateFunction, _ arguments: [Expr]) throws -> SQLTyped {
        let notPushed = NotPushable(tr("sql.not_pushed.aggregate", ["name": function.rawValue]))
        guard function.argumentCount.contains(arguments.count) else { throw notPushed }
        let rows: [String: SQLTyped]
        let over: String
        switch aggregates {
        case .none:
            throw notPushed
        case .grouped(let input, _):
            rows = input
            over = ""
        case .window(let partition):
            if function.kind == .holistic { throw notPushed }
            rows = columns
            over = partition.isEmpty ? " OVER ()" : " OVER (PARTITION BY \(partition.joined(separator: ", ")))"
            markWindow()
        }
        var columnArguments = arguments
        var p = 0.5
        if function == .quantile {
            guard isConstant(arguments[1]), let value = try session.evaluator.constant(arguments[1]).asDouble,
                  value >= 0, value <= 1 else { throw notPushed }
            p = value
            columnArguments = [arguments[0]]
        }
        let inner = SQLExpressionCompiler(builder: builder, columns: rows, aggregates: .none)
        let args = try columnArguments.map { try inner.compile($0) }
        let resultType = try function.resultType(argumentTypes: args.map(\.type) + (function == .quantile ? [.double] : []))
        if resultType == .null { return .null }
        let x = args.first ?? SQLTyped("NULL", .null)
        let xType = x.type
        func call(_ text: String) -> String { text + over }
        /// The rows where the condition holds / is known.
        func trueCount(_ c: SQLTyped) -> String { call("count(*) FILTER (WHERE \(c.boolSQL))") }
        func knownCount(_ c: SQLTyped) -> String { call("count(\(c.sql))") }
        func float(_ sql: String) -> String { SQLTyped.cast(sql, .double) }
        func mean() -> String {
            if xType == .int {
                return "(\(float(call("sum(\(SQLTyped.cast(x.sql, .int)))"))) / \(float("NULLIF(\(knownCount(x)), 0)")))"
            }
            return call("avg(\(float(x.sql)))")
        }
        func deviation(_ name: String) -> String {
            xType == .int ? float(call("\(name)(\(SQLTyped.cast(x.sql, .int)))")) : call("\(name)(\(float(x.sql)))")
        }
        switch function {
        case .count:
            return SQLTyped(arguments.isEmpty ? call("count(*)") : knownCount(x), .int)
        case .count_if:
            return SQLTyped(trueCount(x), .int)
        case .distinct_count:
            return SQLTyped(call("count(DISTINCT \(x.sql))"), .int)
        case .sum:
            return xType == .int ? SQLTyped(SQLTyped.cast(call("sum(\(SQLTyped.cast(x.sql, .int)))"), .int), .int)
                                 : SQLTyped(call("sum(\(float(x.sql)))"), .double)
        case .mean:
            return SQLTyped(mean(), .double)
        case .stddev:
            return SQLTyped(deviation("stddev_samp"), .double)
        case .var:
            return SQLTyped(deviation("var_samp"), .double)
        case .median, .quantile:
            return SQLTyped("percentile_cont(\(builder.parameter(.double(p)))) WITHIN GROUP (ORDER BY \(float(x.sql)))", .double)
        case .min, .max:
            switch xType {
            case .bool: return SQLTyped(call("\(function == .min ? "bool_and" : "bool_or")(\(x.sql))"), .bool)
            case .text: return SQLTyped(call("\(function.rawValue)(\(x.sql) COLLATE \"C\")"), .text)
            case .int, .double, .date: return SQLTyped(call("\(function.rawValue)(\(SQLTyped.cast(x.sql, xType)))"), xType)
            case .null: return .null
            }
        case .mode:
            let collate = xType == .text ? " COLLATE \"C\"" : ""
            return SQLTyped("mode() WITHIN GROUP (ORDER BY \(x.sql)\(collate))", xType)
        case .pct:
            let hundred = builder.parameter(.int(100))
            return SQLTyped("(\(float("(\(hundred) * \(trueCount(x)))")) / \(float("NULLIF(\(knownCount(x)), 0)")))", .double)
        case .corr:
            return SQLTyped(call("corr(\(float(x.sql)), \(float(args[1].sql)))"), .double)
        case .ci_low, .ci_high:
            let z = builder.parameter(.double(1.96))
            let half = "(\(z) * \(deviation("stddev_samp")) / sqrt(\(float(knownCount(x)))))"
            return SQLTyped("(\(mean()) \(function == .ci_low ? "-" : "+") \(half))", .double)
        case .wilson_low, .wilson_high:
            return SQLTyped(wilson(function == .wilson_low, successes: float(trueCount(x)), trials: knownCount(x)), .double)
        case .list:
            guard [.text, .int, .bool].contains(xType) else { throw notPushed }
            let text = xType == .text ? x.sql : "CAST(\(x.sql) AS text)"
            return SQLTyped("string_agg(DISTINCT \(text) COLLATE \"C\", \(builder.parameter(.text(", "))) ORDER BY \(text) COLLATE \"C\")", .text)
        case .spearman:
            guard case .grouped(_, let ranks) = aggregates else { throw notPushed }
            let pair = SQLRankColumns.Pair(x: x.sql, y: args[1].sql, xRank: builder.hiddenName("r"), yRank: builder.hiddenName("r"))
            ranks.add(pair)
            let xRank = "\(ranks.alias).\(try SQLText.identifier(pair.xRank))", yRank = "\(ranks.alias).\(try SQLText.identifier(pair.yRank))"
            return SQLTyped("corr(\(xRank), \(yRank))", .double)
        case .first, .last:
            // In row order: a stage's before, else the table's stored order; a view's rows have none.
            guard case .grouped(_, let ranks) = aggregates, let order = ranks.order, xType != .null else { throw notPushed }
            let terms = function == .first ? order.forward : order.reversed
            return SQLTyped("((array_agg(\(x.sql) ORDER BY \(terms)) FILTER (WHERE \(x.sql) IS NOT NULL))[1])", xType)
        case .spearman_p, .strat_spearman, .strat_spearman_z, .strat_spearman_p, .binom_sum_tail:
            throw notPushed
        }
    }

    /// `Statistics.wilson` (z = 1.96) in percent, null for no known rows: the same operations in
    /// the same order, so the same doubles.
    private func wilson(_ low: Bool, successes: String, trials: String) -> String {
        let z = 1.96
        let n = SQLTyped.cast(trials, .double)
        let zValue = builder.parameter(.double(z))
        let z2 = builder.parameter(.double(z * z))
        let one = builder.parameter(.double(1))
        let two = builder.parameter(.double(2))
        let four = builder.parameter(.double(4))
        let zero = builder.parameter(.double(0))
        let hundred = builder.parameter(.double(100))
        let proportion = "(\(successes) / \(n))"
        let denominator = "(\(one) + \(z2) / \(n))"
        let center = "((\(proportion) + \(z2) / (\(two) * \(n))) / \(denominator))"
        let half = "(\(zValue) / \(denominator) * sqrt(\(proportion) * (\(one) - \(proportion)) / \(n) + \(z2) / (\(four) * \(n) * \(n))))"
        let end = low ? "GREATEST(\(zero), \(center) - \(half))" : "LEAST(\(one), \(center) + \(half))"
        return "(CASE WHEN \(trials) > 0 THEN \(hundred) * \(end) END)"
    }
}
