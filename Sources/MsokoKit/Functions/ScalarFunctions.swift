import Foundation

/// A scalar function: one value per row. The registry below feeds evaluation, `help functions`,
/// completion and the reference docs.
public struct ScalarFunction: Sendable {
    public let name: String
    public let signature: String
    public let summary: String
    public let example: String
    public let arity: ClosedRange<Int>
    let apply: @Sendable ([Operand], Int) throws -> Operand
}

public enum ScalarFunctions {
    public static func lookup(_ name: String) -> ScalarFunction? { byName[name] }

    static let byName: [String: ScalarFunction] = {
        var map: [String: ScalarFunction] = [:]
        for function in all { map[function.name] = function }
        map["len"] = map["length"]
        map["pow"] = map["power"]
        map["iif"] = map["if"]
        return map
    }()

    /// Applies `f` row by row to boxed values; all-scalar arguments give a scalar.
    static func rowwise(_ arguments: [Operand], _ count: Int, _ f: ([Value]) throws -> Value) throws -> Operand {
        if arguments.allSatisfy({ if case .scalar = $0 { return true } else { return false } }) {
            return .scalar(try f(arguments.map { $0.value(at: 0) }))
        }
        var out: [Value] = []
        out.reserveCapacity(count)
        for row in 0..<count { out.append(try f(arguments.map { $0.value(at: row) })) }
        return .column(Column.from(out))
    }

    /// For functions that choose, per row, one of their arguments (`if`, `coalesce`): stacks the
    /// arguments into one column (text re-coded into one dictionary) and gathers the chosen rows,
    /// so no cell is boxed. nil when the arguments' types cannot share a column.
    static func pickPerRow(_ arguments: [Operand], _ count: Int, _ choose: (Int, [Column]) -> Int) -> Operand? {
        if arguments.allSatisfy({ if case .scalar = $0 { return true } else { return false } }) { return nil }
        let columns = arguments.map { $0.materialize(count: count) }
        guard let stacked = Column.concatenate(columns) else { return nil }
        var indices = [Int32](repeating: 0, count: count)
        for row in 0..<count { indices[row] = Int32(choose(row, columns) * count + row) }
        return .column(stacked.gather(indices))
    }

    /// Like `rowwise`, but null in any argument gives null without calling `f`.
    static func strict(_ arguments: [Operand], _ count: Int, _ f: @escaping ([Value]) throws -> Value) throws -> Operand {
        try rowwise(arguments, count) { values in
            if values.contains(where: \.isNull) { return .null }
            return try f(values)
        }
    }

    static func number(_ value: Value, _ function: String) throws -> Double {
        guard let d = value.asDouble else {
            throw MsokoError(.type, tr("function.needs_number", ["function": function, "type": value.type.rawValue]))
        }
        return d
    }

    static func text(_ value: Value, _ function: String) throws -> String {
        guard case .text(let s) = value else {
            throw MsokoError(.type, tr("function.needs_text", ["function": function, "type": value.type.rawValue]),
                             hint: tr("function.needs_text.hint"))
        }
        return s
    }

    static func integer(_ value: Value, _ function: String) throws -> Int {
        switch value {
        case .int(let v): return Int(v)
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: throw MsokoError(.type, tr("function.needs_whole_number", ["function": function, "value": value.plainText]))
        }
    }

    /// The n of `binom_tail`: a whole number of trials, 0 ≤ n < 2⁶³, given as an integer or as a
    /// whole double (`1e18`).
    static func binomialTrials(_ value: Value) throws -> Int {
        switch value {
        case .int(let whole) where whole >= 0: return Int(whole)
        case .double(let d) where d >= 0 && d < 0x1p63 && d == d.rounded(): return Int(d)
        default: throw MsokoError(.type, tr("function.binom_tail_trials", ["value": value.plainText]))
        }
    }

    /// Rounds half away from zero, as SQL's ROUND does.
    static func round(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10.0, Double(digits))
        let scaled = x * scale
        guard scaled.isFinite, abs(scaled) < 1e15 else { return x }
        // Rounds the binary value, as DuckDB does: (x · 10^d) half away from zero, then / 10^d.
        return (scaled.rounded(.toNearestOrAwayFromZero)) / scale
    }

    static func math(_ name: String, _ summary: String, _ example: String, _ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        ScalarFunction(name: name, signature: "\(name)(x)", summary: summary, example: example, arity: 1...1) { args, count in
            try strict(args, count) { v in
                let r = f(try number(v[0], name))
                return r.isNaN ? .null : .double(r)
            }
        }
    }

    public static let all: [ScalarFunction] = [
        ScalarFunction(name: "abs", signature: "abs(x)", summary: "absolute value", example: "vpr | derive gap = abs(mark - journal_mark)", arity: 1...1) { args, count in
            try strict(args, count) { v in
                if case .int(let i) = v[0] { return i == .min ? .double(-Double(i)) : .int(Swift.abs(i)) }
                return .double(Swift.abs(try number(v[0], "abs")))
            }
        },
        ScalarFunction(name: "round", signature: "round(x, digits = 0)", summary: "round half away from zero to `digits` decimals", example: "vpr | derive pct = round(primary_score / 20 * 100, 1)", arity: 1...2) { args, count in
            try strict(args, count) { v in
                let digits = v.count > 1 ? try integer(v[1], "round") : 0
                if case .int(let i) = v[0] { return .int(i) }
                return .double(round(try number(v[0], "round"), digits))
            }
        },
        math("floor", "largest whole number not above x", "vpr | derive band = floor(primary_score / 5) * 5") { $0.rounded(.down) },
        math("ceil", "smallest whole number not below x", "vpr | count by school_id | derive pages = ceil(n / 30)") { $0.rounded(.up) },
        math("sqrt", "square root", "vpr | summarize p = quality(mark), n = count(mark) by school_id | derive se = sqrt(p * (100 - p) / n)") { $0 < 0 ? .nan : $0.squareRoot() },
        math("ln", "natural logarithm", "vpr | derive l = ln(primary_score + 1)") { $0 <= 0 ? .nan : Foundation.log($0) },
        math("exp", "e to the power x", "schools | derive e = exp(1)") { Foundation.exp($0) },
        ScalarFunction(name: "power", signature: "power(x, y)", summary: "x to the power y (also `pow`)", example: "vpr | derive sq = power(primary_score, 2)", arity: 2...2) { args, count in
            try strict(args, count) { v in
                let r = Foundation.pow(try number(v[0], "power"), try number(v[1], "power"))
                return r.isNaN ? .null : .double(r)
            }
        },
        ScalarFunction(name: "binom_tail", signature: "binom_tail(k, n, p)", summary: "P(X ≥ k) for X binomial with n trials and probability p (how surprising k hits are); exact to about 1e-13 for any n; k need not be whole (X ≥ 2.5 means X ≥ 3)", example: "vpr | count by primary_score | derive p_value = binom_tail(n, sum(n), 0.1)", arity: 3...3) { args, count in
            try strict(args, count) { v in
                let n = try binomialTrials(v[1])
                let p = try number(v[2], "binom_tail")
                guard p >= 0, p <= 1 else {
                    throw MsokoError(.type, tr("function.binom_tail_probability", ["value": v[2].plainText]))
                }
                let k: Int
                switch v[0] {
                case .int(let whole): k = Int(whole)
                default:
                    let threshold = try number(v[0], "binom_tail")
                    guard !threshold.isNaN else { throw MsokoError(.type, tr("function.binom_tail_nan")) }
                    if threshold <= 0 { return .double(1) }
                    // Every n is below 2⁶³, so a larger k is above n.
                    if threshold >= 0x1p63 { return .double(0) }
                    k = Int(threshold.rounded(.up))
                }
                return BinomialTail.upper(atLeast: k, trials: n, probability: p).map(Value.double) ?? .null
            }
        },
        ScalarFunction(name: "norm_cdf", signature: "norm_cdf(z)", summary: "Φ(z), the standard normal distribution function (accurate in both tails)", example: "schools | derive p = norm_cdf(-1.96)", arity: 1...1) { args, count in
            try strict(args, count) { v in .double(SignificanceTests.normalCDF(try number(v[0], "norm_cdf"))) }
        },
        ScalarFunction(name: "norm_quantile", signature: "norm_quantile(p)", summary: "Φ⁻¹(p), the standard normal quantile; null outside 0 < p < 1", example: "schools | derive z = norm_quantile(0.975)", arity: 1...1) { args, count in
            try strict(args, count) { v in SignificanceTests.normalQuantile(try number(v[0], "norm_quantile")).map(Value.double) ?? .null }
        },
        ScalarFunction(name: "p_adjust", signature: "p_adjust(p, method)", summary: "p-values adjusted for multiple tests over all rows of the table (as R's p.adjust): method \"bh\" (Benjamini–Hochberg, false discovery rate), \"holm\" or \"bonferroni\"; nulls stay null and are not counted", example: "vpr | summarize p = spearman_p(journal_mark, primary_score) by school_id | derive q = p_adjust(p, \"bh\")", arity: 2...2) { args, count in
            guard case .scalar(let methodValue) = args[1], case .text(let name) = methodValue,
                  let method = SignificanceTests.Adjustment(rawValue: name.lowercased()) else {
                throw MsokoError(.type, tr("function.p_adjust_method"),
                                 hint: tr("function.p_adjust_method.hint"))
            }
            var values: [Double?] = []
            values.reserveCapacity(count)
            for row in 0..<count {
                let value = args[0].value(at: row)
                if value.isNull { values.append(nil); continue }
                guard let p = value.asDouble, p >= 0, p <= 1 else {
                    throw MsokoError(.runtime, tr("function.p_adjust_range", ["value": value.plainText, "row": row + 1]))
                }
                values.append(p)
            }
            if case .scalar = args[0] { return .scalar(SignificanceTests.adjust([values.first ?? nil], method: method)[0].map(Value.double) ?? .null) }
            return .column(Column.from(SignificanceTests.adjust(values, method: method).map { $0.map(Value.double) ?? .null }))
        },
        ScalarFunction(name: "lower", signature: "lower(s)", summary: "text in lower case (Cyrillic too)", example: "vpr | derive s = lower(subject)", arity: 1...1) { args, count in
            try strict(args, count) { v in .text(try text(v[0], "lower").lowercased()) }
        },
        ScalarFunction(name: "upper", signature: "upper(s)", summary: "text in upper case", example: "vpr | derive s = upper(class_id)", arity: 1...1) { args, count in
            try strict(args, count) { v in .text(try text(v[0], "upper").uppercased()) }
        },
        ScalarFunction(name: "trim", signature: "trim(s)", summary: "text without leading and trailing spaces", example: "schools | derive name = trim(school_name)", arity: 1...1) { args, count in
            try strict(args, count) { v in .text(try text(v[0], "trim").trimmingCharacters(in: .whitespacesAndNewlines)) }
        },
        ScalarFunction(name: "length", signature: "length(s)", summary: "number of characters (also `len`)", example: "vpr | where length(class_id) > 2", arity: 1...1) { args, count in
            try strict(args, count) { v in .int(Int64(try text(v[0], "length").count)) }
        },
        ScalarFunction(name: "substr", signature: "substr(s, start, length)", summary: "part of a text; `start` counts from 1", example: "vpr | derive grade_text = substr(class_id, 1, 1)", arity: 2...3) { args, count in
            try strict(args, count) { v in
                let s = Array(try text(v[0], "substr"))
                let start = max(1, try integer(v[1], "substr"))
                let length = v.count > 2 ? max(0, try integer(v[2], "substr")) : s.count
                guard start <= s.count else { return .text("") }
                let end = min(s.count, start - 1 + length)
                return .text(String(s[(start - 1)..<end]))
            }
        },
        ScalarFunction(name: "contains", signature: "contains(s, part)", summary: "whether the text contains `part`", example: "schools | where contains(school_name, \"Гимназия\")", arity: 2...2) { args, count in
            try strict(args, count) { v in .bool(try text(v[0], "contains").contains(try text(v[1], "contains"))) }
        },
        ScalarFunction(name: "starts_with", signature: "starts_with(s, prefix)", summary: "whether the text starts with `prefix`", example: "vpr | where starts_with(class_id, \"5\")", arity: 2...2) { args, count in
            try strict(args, count) { v in .bool(try text(v[0], "starts_with").hasPrefix(try text(v[1], "starts_with"))) }
        },
        ScalarFunction(name: "ends_with", signature: "ends_with(s, suffix)", summary: "whether the text ends with `suffix`", example: "vpr | where ends_with(class_id, \"А\")", arity: 2...2) { args, count in
            try strict(args, count) { v in .bool(try text(v[0], "ends_with").hasSuffix(try text(v[1], "ends_with"))) }
        },
        ScalarFunction(name: "replace", signature: "replace(s, from, to)", summary: "text with every `from` replaced by `to`", example: "schools | derive name = replace(school_name, \"МБОУ \", \"\")", arity: 3...3) { args, count in
            try strict(args, count) { v in
                .text(try text(v[0], "replace").replacingOccurrences(of: try text(v[1], "replace"), with: try text(v[2], "replace")))
            }
        },
        ScalarFunction(name: "translate", signature: "translate(s, from, to)", summary: "text with each character of `from` replaced by the one at the same place in `to` (dropped when `to` is shorter), as SQL's translate — e.g. Latin look-alikes to Cyrillic", example: "vpr | derive class_id = translate(class_id, \"ABEKMHOPCTX\", \"АВЕКМНОРСТХ\")", arity: 3...3) { args, count in
            try strict(args, count) { v in
                let from = Array(try text(v[1], "translate")), to = Array(try text(v[2], "translate"))
                var map: [Character: Character?] = [:]
                for (index, character) in from.enumerated() where map[character] == nil {
                    map[character] = index < to.count ? to[index] : Optional<Character>.none
                }
                var out = ""
                for character in try text(v[0], "translate") {
                    if let mapped = map[character] {
                        if let mapped { out.append(mapped) }
                    } else {
                        out.append(character)
                    }
                }
                return .text(out)
            }
        },
        ScalarFunction(name: "regex_match", signature: "regex_match(s, pattern)", summary: "whether a part of the text matches the regular expression (ICU syntax; `^…$` for the whole text)", example: "vpr | where regex_match(class_id, \"^[0-9]+[А-Я]$\")", arity: 2...2) { args, count in
            var cache = RegexCache()
            return try strict(args, count) { v in
                let subject = try text(v[0], "regex_match")
                let regex = try cache.regex(try text(v[1], "regex_match"), "regex_match")
                return .bool(try RegexCache.firstMatch(regex, in: subject, "regex_match") != nil)
            }
        },
        ScalarFunction(name: "regex_extract", signature: "regex_extract(s, pattern, group = 0)", summary: "the first part of the text that matches the regular expression, or its group `group` (1, 2, …); null when nothing matches", example: "vpr | derive parallel = int(regex_extract(class_id, \"^[0-9]+\"))", arity: 2...3) { args, count in
            var cache = RegexCache()
            return try strict(args, count) { v in
                let subject = try text(v[0], "regex_extract")
                let regex = try cache.regex(try text(v[1], "regex_extract"), "regex_extract")
                let group = v.count > 2 ? try integer(v[2], "regex_extract") : 0
                guard group >= 0, group <= regex.numberOfCaptureGroups else {
                    throw MsokoError(.type, tr("function.regex_group", ["groups": regex.numberOfCaptureGroups, "group": group]))
                }
                guard let match = try RegexCache.firstMatch(regex, in: subject, "regex_extract"),
                      let range = Range(match.range(at: group), in: subject) else { return .null }
                return .text(String(subject[range]))
            }
        },
        ScalarFunction(name: "concat", signature: "concat(a, b, …)", summary: "joins values as text; nulls are skipped", example: "vpr | derive label = concat(school_id, \" \", class_id)", arity: 1...99) { args, count in
            try rowwise(args, count) { v in .text(v.map(\.plainText).joined()) }
        },
        ScalarFunction(name: "coalesce", signature: "coalesce(a, b, …)", summary: "the first argument that is not null", example: "vpr | derive jm = coalesce(journal_mark, 0)", arity: 1...99) { args, count in
            if let picked = pickPerRow(args, count, { row, columns in
                columns.firstIndex { !$0.isNull(row) } ?? (columns.count - 1)
            }) { return picked }
            return try rowwise(args, count) { v in v.first { !$0.isNull } ?? .null }
        },
        ScalarFunction(name: "if", signature: "if(condition, then, else)", summary: "`then` where the condition holds, otherwise `else`", example: "vpr | derive passed = if(mark >= 3, \"да\", \"нет\")", arity: 3...3) { args, count in
            if case .column(let condition) = args[0], let truth = condition.bools,
               let picked = pickPerRow([args[1], args[2]], count, { row, _ in
                   truth[row] && !condition.isNull(row) ? 0 : 1
               }) {
                return picked
            }
            return try rowwise(args, count) { v in
                switch v[0] {
                case .bool(true): return v[1]
                case .bool(false), .null: return v[2]
                default: throw MsokoError(.type, tr("function.if_condition", ["type": v[0].type.rawValue]))
                }
            }
        },
        ScalarFunction(name: "nullif", signature: "nullif(a, b)", summary: "null where a equals b, otherwise a", example: "vpr_task_scores | derive score = nullif(score, -1)", arity: 2...2) { args, count in
            try rowwise(args, count) { v in CompareKernels.compareValues(.eq, v[0], v[1]) == true ? .null : v[0] }
        },
        ScalarFunction(name: "greatest", signature: "greatest(a, b, …)", summary: "the largest non-null argument", example: "vpr | derive best = greatest(mark, journal_mark)", arity: 1...99) { args, count in
            try rowwise(args, count) { v in
                v.filter { !$0.isNull }.reduce(Value.null) { best, x in best.isNull || CompareKernels.compareValues(.gt, x, best) == true ? x : best }
            }
        },
        ScalarFunction(name: "least", signature: "least(a, b, …)", summary: "the smallest non-null argument", example: "vpr | derive worst = least(mark, journal_mark)", arity: 1...99) { args, count in
            try rowwise(args, count) { v in
                v.filter { !$0.isNull }.reduce(Value.null) { best, x in best.isNull || CompareKernels.compareValues(.lt, x, best) == true ? x : best }
            }
        },
        ScalarFunction(name: "text", signature: "text(x)", summary: "the value as text", example: "vpr | derive code = text(grade) + \"-\" + class_id", arity: 1...1) { args, count in
            try strict(args, count) { v in .text(v[0].plainText) }
        },
        ScalarFunction(name: "int", signature: "int(x)", summary: "the value as a whole number (doubles truncated; text parsed)", example: "vpr | derive g = int(substr(class_id, 1, 1))", arity: 1...1) { args, count in
            try strict(args, count) { v in
                switch v[0] {
                case .int: return v[0]
                case .double(let d): return d.isFinite && Swift.abs(d) < 9e18 ? .int(Int64(d)) : .null
                case .bool(let b): return .int(b ? 1 : 0)
                case .text(let s): return Int64(s.trimmingCharacters(in: .whitespaces)).map(Value.int) ?? .null
                case .date(let d): return .int(Int64(d))
                case .null: return .null
                }
            }
        },
        ScalarFunction(name: "double", signature: "double(x)", summary: "the value as a double (text with `.` or `,` parsed)", example: "vpr_task_scores | derive s = double(score)", arity: 1...1) { args, count in
            try strict(args, count) { v in
                switch v[0] {
                case .text(let s): return Double(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")).map(Value.double) ?? .null
                case .bool(let b): return .double(b ? 1 : 0)
                default: return v[0].asDouble.map(Value.double) ?? .null
                }
            }
        },
        ScalarFunction(name: "date", signature: "date(s)", summary: "a date from `YYYY-MM-DD` or `DD.MM.YYYY` text", example: "vpr | where date(\"2025-04-15\") > date(\"2025-01-01\") | count", arity: 1...1) { args, count in
            try strict(args, count) { v in
                if case .date = v[0] { return v[0] }
                return DateCodec.parse(try text(v[0], "date")).map(Value.date) ?? .null
            }
        },
        ScalarFunction(name: "year", signature: "year(d)", summary: "the year of a date", example: "schools | derive y = year(date(\"2025-04-15\"))", arity: 1...1) { args, count in
            try strict(args, count) { v in
                guard case .date(let d) = v[0] else { throw MsokoError(.type, tr("function.needs_date", ["function": "year", "type": v[0].type.rawValue])) }
                return .int(Int64(DateCodec.civil(d).year))
            }
        },
        ScalarFunction(name: "month", signature: "month(d)", summary: "the month (1–12) of a date", example: "schools | derive m = month(date(\"2025-04-15\"))", arity: 1...1) { args, count in
            try strict(args, count) { v in
                guard case .date(let d) = v[0] else { throw MsokoError(.type, tr("function.needs_date", ["function": "month", "type": v[0].type.rawValue])) }
                return .int(Int64(DateCodec.civil(d).month))
            }
        },
        ScalarFunction(name: "day", signature: "day(d)", summary: "the day of the month of a date", example: "schools | derive d = day(date(\"2025-04-15\"))", arity: 1...1) { args, count in
            try strict(args, count) { v in
                guard case .date(let d) = v[0] else { throw MsokoError(.type, tr("function.needs_date", ["function": "day", "type": v[0].type.rawValue])) }
                return .int(Int64(DateCodec.civil(d).day))
            }
        },
    ]
}

/// Compiled patterns of one call of `regex_match`/`regex_extract`: the pattern is usually one
/// string for every row, so it is compiled once; a bad pattern is a type error that says why.
struct RegexCache {
    private var compiled: [String: NSRegularExpression] = [:]

    mutating func regex(_ pattern: String, _ function: String) throws -> NSRegularExpression {
        if let found = compiled[pattern] { return found }
        if compiled.count >= 1000 { compiled.removeAll() }
        do {
            let regex = try NSRegularExpression(pattern: pattern)
            compiled[pattern] = regex
            return regex
        } catch {
            throw MsokoError(.type, tr("function.bad_regex", ["function": function, "pattern": pattern]), hint: tr("function.bad_regex.hint"))
        }
    }

    /// The most one value may take to match. ICU backtracks, and a nested repetition such as
    /// `(a+)+$` takes exponential time on a text it almost matches (40 characters: hours); a
    /// real pattern on one cell takes microseconds.
    static let timeLimit: TimeInterval = 1

    /// The first match, found with ICU's progress callbacks (`.reportProgress`), so a runaway
    /// match is stopped after `timeLimit` — or by Ctrl-C — with an error, never a stall.
    static func firstMatch(_ regex: NSRegularExpression, in subject: String, _ function: String) throws -> NSTextCheckingResult? {
        let start = Date()
        var found: NSTextCheckingResult?
        var stoppedByInterrupt: Bool?
        regex.enumerateMatches(in: subject, options: [.reportProgress], range: NSRange(subject.startIndex..., in: subject)) { result, _, stop in
            if let result {
                found = result
                stop.pointee = true
            } else if msokoInterruptRequested {
                stoppedByInterrupt = true
                stop.pointee = true
            } else if Date().timeIntervalSince(start) > timeLimit {
                stoppedByInterrupt = false
                stop.pointee = true
            }
        }
        if let stoppedByInterrupt {
            let arguments: [String: Any] = ["function": function, "pattern": regex.pattern, "seconds": Int(timeLimit), "count": subject.count]
            throw MsokoError(.runtime, tr(stoppedByInterrupt ? "function.regex_interrupted" : "function.regex_too_slow", arguments),
                             hint: tr("function.regex_backtracking.hint"))
        }
        return found
    }
}
