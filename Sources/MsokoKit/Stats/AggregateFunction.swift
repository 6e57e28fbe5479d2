/// Every aggregate the language knows; the registry that feeds help and completion.
///
/// Each case declares its name (the raw value), signature, one-line help, an example and the
/// argument types it accepts, in this one place. `GroupedAggregation.compute` runs them.
///
/// Shared semantics (SQL-like):
/// - Aggregates skip nulls. A group with no non-null value gives null, except `count`,
///   `count_if` and `distinct_count`, which give 0.
/// - A column of type `.null` (all null, no type yet) is accepted wherever a typed column is.
///   Functions that keep the argument's type then give a `.null` column.
/// - Argument errors are `MsokoError(.type, …)` without a place; the caller adds it.
public enum AggregateFunction: String, CaseIterable, Sendable {
    case count, count_if, sum, mean, median, quantile, min, max, stddev, `var`, mode, pct, distinct_count, corr, first, last
    case spearman, spearman_p, ci_low, ci_high, wilson_low, wilson_high, list
    case strat_spearman, strat_spearman_z, strat_spearman_p, binom_sum_tail

    /// The family of state an aggregate needs, as DuckDB groups them: distributive ones merge
    /// partial results, algebraic ones keep a few numbers, holistic ones need every value.
    public enum Kind: String, Sendable {
        case distributive, algebraic, holistic
    }

    public var kind: Kind {
        switch self {
        case .count, .count_if, .sum, .min, .max, .first, .last: return .distributive
        case .mean, .stddev, .var, .pct, .corr, .ci_low, .ci_high, .wilson_low, .wilson_high: return .algebraic
        case .median, .quantile, .mode, .distinct_count, .spearman, .spearman_p, .list,
             .strat_spearman, .strat_spearman_z, .strat_spearman_p, .binom_sum_tail: return .holistic
        }
    }

    /// One-line help.
    public var summary: String {
        switch self {
        case .count: return "number of rows; count(x) counts rows where x is not null"
        case .count_if: return "number of rows where the condition is true"
        case .sum: return "sum of non-null values (integers stay integers)"
        case .mean: return "mean of non-null values"
        case .median: return "median of non-null values (the mean of the two middle values when even)"
        case .quantile: return "quantile p (0–1) of non-null values, linear interpolation (numpy, R type 7)"
        case .min: return "smallest non-null value (text by Unicode code point)"
        case .max: return "largest non-null value (text by Unicode code point)"
        case .stddev: return "sample standard deviation (n−1) of non-null values"
        case .var: return "sample variance (n−1) of non-null values"
        case .mode: return "most frequent non-null value; ties go to the smallest"
        case .pct: return "percent (0–100) of rows where the condition is true, among rows where it is known"
        case .distinct_count: return "number of distinct non-null values"
        case .corr: return "Pearson correlation of x and y over rows where both are non-null"
        case .first: return "first non-null value in row order"
        case .last: return "last non-null value in row order"
        case .spearman: return "Spearman rank correlation of x and y (ties share their mean rank, as scipy's spearmanr) over rows where both are non-null"
        case .spearman_p: return "two-sided p-value of Spearman's rho (t-distribution with n−2 degrees of freedom, as scipy's spearmanr)"
        case .ci_low: return "lower end of the 95 % confidence interval of the mean, x̄ − 1.96·s/√n (null for n < 2)"
        case .ci_high: return "upper end of the 95 % confidence interval of the mean, x̄ + 1.96·s/√n (null for n < 2)"
        case .wilson_low: return "lower end of the 95 % Wilson interval of pct(condition), in percent"
        case .wilson_high: return "upper end of the 95 % Wilson interval of pct(condition), in percent"
        case .list: return "the distinct non-null values as text, ordered by code point, joined by \", \""
        case .strat_spearman: return "Spearman's rho computed within each stratum s (e.g. each work) and pooled, weighted by n − 1 (strata with n < 3 or a constant variable left out)"
        case .strat_spearman_z: return "the pooled Spearman statistic Z = Σ(n−1)·ρ / √Σ(n−1): mean 0 and variance 1 when x and y are unrelated within strata"
        case .strat_spearman_p: return "one-sided p that x and y are negatively associated within strata: a permutation test of y within each stratum (999 to 19,999 permutations, seeded by the data; Φ(Z) above 20,000 pairs)"
        case .binom_sum_tail: return "P(ΣX ≥ Σk) for independent X binomial with n trials and probability p per row: the exact tail of a sum of binomials (normal approximation above 20,000 trials)"
        }
    }

    /// How a call is written.
    public var signature: String {
        switch self {
        case .count: return "count() or count(x)"
        case .quantile: return "quantile(x, p)"
        case .corr, .spearman, .spearman_p: return "\(rawValue)(x, y)"
        case .strat_spearman, .strat_spearman_z, .strat_spearman_p: return "\(rawValue)(x, y, stratum)"
        case .binom_sum_tail: return "binom_sum_tail(k, n, p)"
        case .count_if, .pct, .wilson_low, .wilson_high: return "\(rawValue)(condition)"
        default: return "\(rawValue)(x)"
        }
    }

    /// A statement that uses the function, as an analyst would write it.
    public var example: String {
        switch self {
        case .count: return "vpr | summarize n = count(), present = count(mark) by school_id"
        case .count_if: return "vpr | summarize n2 = count_if(mark == 2) by school_id"
        case .sum: return "vpr_task_scores | summarize points = sum(score) by task"
        case .mean: return "vpr | summarize mean_mark = mean(mark) by school_id"
        case .median: return "vpr | summarize median_score = median(primary_score) by school_id"
        case .quantile: return "vpr | summarize p90 = quantile(primary_score, 0.9) by school_id"
        case .min: return "vpr | summarize lowest = min(primary_score) by class_id"
        case .max: return "vpr | summarize highest = max(primary_score) by class_id"
        case .stddev: return "vpr | summarize sd = stddev(primary_score) by school_id"
        case .var: return "vpr | summarize v = var(primary_score) by school_id"
        case .mode: return "vpr | summarize usual_mark = mode(mark) by class_id"
        case .pct: return "vpr | summarize quality = pct(mark >= 4) by school_id"
        case .distinct_count: return "vpr | summarize classes = distinct_count(class_id) by school_id"
        case .corr: return "vpr | summarize r = corr(mark, journal_mark) by school_id"
        case .first: return "vpr | summarize first_variant = first(variant) by class_id"
        case .last: return "vpr | summarize last_variant = last(variant) by class_id"
        case .spearman: return "vpr | summarize rho = spearman(journal_mark, primary_score), n = count(primary_score) by school_id"
        case .spearman_p: return "vpr | summarize rho = spearman(journal_mark, primary_score), p = spearman_p(journal_mark, primary_score) by subject"
        case .ci_low: return "vpr | summarize mean_score = mean(primary_score), low = ci_low(primary_score), high = ci_high(primary_score) by school_id"
        case .ci_high: return "vpr | summarize high = ci_high(primary_score) by school_id"
        case .wilson_low: return "vpr | summarize quality = quality(mark), low = wilson_low(mark >= 4), high = wilson_high(mark >= 4) by school_id"
        case .wilson_high: return "vpr | summarize high = wilson_high(mark == 2) by school_id"
        case .list: return "vpr | summarize classes = list(class_id) by school_id"
        case .strat_spearman: return "vpr | summarize rho = strat_spearman(journal_mark, primary_score, subject + text(grade)) by school_id"
        case .strat_spearman_z: return "vpr | summarize z = strat_spearman_z(journal_mark, primary_score, subject + text(grade)) by school_id"
        case .strat_spearman_p: return "vpr | where status == \"present\" | summarize p = strat_spearman_p(journal_mark, primary_score, subject + text(grade)) by school_id"
        case .binom_sum_tail: return "vpr | count by subject, grade, primary_score | where primary_score == 7 | summarize p = binom_sum_tail(n, n + 2, 0.4)"
        }
    }

    /// How many arguments a call takes, as written in the language (quantile's p included).
    public var argumentCount: ClosedRange<Int> {
        switch self {
        case .count: return 0...1
        case .quantile, .corr, .spearman, .spearman_p: return 2...2
        case .strat_spearman, .strat_spearman_z, .strat_spearman_p, .binom_sum_tail: return 3...3
        default: return 1...1
        }
    }

    /// The type of the result for the columns an aggregate is computed over (`quantile`'s
    /// constant `p` is not a column: it counts as a double). The one place a result type is
    /// decided: `GroupedAggregation.compute` asks it before computing, for the evaluator too.
    public func resultType(columnTypes: [DataType]) throws(MsokoError) -> DataType {
        var types = columnTypes
        if self == .quantile, types.count == 1 { types.append(.double) }
        return try resultType(argumentTypes: types)
    }

    /// The type of the result for arguments of these types; a type error when they do not fit.
    ///
    /// `sum` keeps int or double; `min`, `max`, `first`, `last` and `mode` keep any type;
    /// `mean`, `median`, `quantile`, `stddev`, `var`, `corr`, `spearman`, `spearman_p`, the
    /// interval ends and `pct` give double; the counts give int; `list` gives text.
    public func resultType(argumentTypes: [DataType]) throws(MsokoError) -> DataType {
        guard argumentCount.contains(argumentTypes.count) else {
            throw MsokoError(.type, Self.arityMessage(rawValue, argumentCount, got: argumentTypes.count),
                             hint: tr("aggregate.write.hint", ["signature": signature]))
        }
        switch self {
        case .count:
            return .int
        case .count_if:
            try requireCondition(argumentTypes[0])
            return .int
        case .pct, .wilson_low, .wilson_high:
            try requireCondition(argumentTypes[0])
            return .double
        case .list:
            return .text
        case .distinct_count:
            return .int
        case .sum:
            let type = argumentTypes[0]
            guard type.isNumeric || type == .null else {
                throw MsokoError(.type, tr("aggregate.sum_needs_number", ["type": type.rawValue]),
                                 hint: type == .bool ? tr("aggregate.sum_needs_number.hint") : nil)
            }
            return type
        case .mean, .median, .stddev, .var, .ci_low, .ci_high:
            try requireNumber(argumentTypes[0], position: nil)
            return .double
        case .quantile:
            try requireNumber(argumentTypes[0], position: tr("aggregate.argument.first"))
            try requireNumber(argumentTypes[1], position: tr("aggregate.argument.second"))
            return .double
        case .corr, .spearman, .spearman_p, .strat_spearman, .strat_spearman_z, .strat_spearman_p:
            try requireNumber(argumentTypes[0], position: tr("aggregate.argument.first"))
            try requireNumber(argumentTypes[1], position: tr("aggregate.argument.second"))
            return .double
        case .binom_sum_tail:
            try requireNumber(argumentTypes[0], position: tr("aggregate.argument.first"))
            try requireNumber(argumentTypes[1], position: tr("aggregate.argument.second"))
            try requireNumber(argumentTypes[2], position: tr("aggregate.argument.third"))
            return .double
        case .min, .max, .first, .last, .mode:
            return argumentTypes[0]
        }
    }

    private func requireNumber(_ type: DataType, position: String?) throws(MsokoError) {
        guard !type.isNumeric, type != .null else { return }
        let message = position.map { tr("aggregate.needs_number_at", ["function": rawValue, "position": $0, "type": type.rawValue]) }
            ?? tr("aggregate.needs_number", ["function": rawValue, "type": type.rawValue])
        throw MsokoError(.type, message, hint: type == .bool && self == .mean ? tr("aggregate.mean_of_condition.hint") : nil)
    }

    private func requireCondition(_ type: DataType) throws(MsokoError) {
        guard type != .bool, type != .null else { return }
        throw MsokoError(.type, tr("aggregate.needs_condition", ["function": rawValue, "type": type.rawValue]),
                         hint: tr("aggregate.needs_condition.hint", ["function": rawValue]))
    }

    /// "count() takes 1 argument, got 3", or "… takes 1 to 2 arguments, …".
    private static func arityMessage(_ name: String, _ range: ClosedRange<Int>, got count: Int) -> String {
        if range.lowerBound == range.upperBound {
            return tr("aggregate.arity_exact", ["function": name, "arity": range.lowerBound, "count": count])
        }
        return tr("aggregate.arity_range", ["function": name, "low": range.lowerBound, "high": range.upperBound, "count": count])
    }
}
