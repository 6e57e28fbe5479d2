/// Runs one aggregate over grouped rows: the kernel behind `summarize … by …` and `count by`.
///
/// The caller (the `summarize` verb) has already numbered the groups; this takes, for each
/// input row, its group id, and returns one value per group, in group-id order. Kernels are
/// typed loops over the column buffers: distributive and algebraic aggregates keep a small
/// state per group and read the rows once (twice for variance and correlation, whose second
/// pass subtracts the group mean); holistic ones (median, quantile, mode, distinct_count)
/// bucket the values by group with a counting sort and sort each group.
///
/// Semantics (SQL-like):
/// - Nulls are skipped. A group without non-null values gives null, except `count`,
///   `count_if` and `distinct_count`, which give 0.
/// - `count()` counts rows; `count(x)` rows where x is not null; `count_if(c)` rows where c is
///   true; `pct(c)` = 100 · (rows where c is true) / (rows where c is not null).
/// - `sum` of ints is an int and fails with a runtime error when it leaves the 64-bit range;
///   `sum` of doubles and `mean` use Neumaier-compensated sums.
/// - `stddev` and `var` are sample statistics (n − 1), null for fewer than two values, by the
///   corrected two-pass algorithm. `corr` is Pearson over rows where both are non-null, null
///   when n < 2 or either variance is 0.
/// - `quantile(x, p)` interpolates linearly between closest ranks (numpy's default, DuckDB's
///   `quantile_cont`, R type 7); `median` is `quantile(x, 0.5)`.
/// - `min`, `max`, `first`, `last` and `mode` keep the argument's type: text compares by
///   Unicode code point, dates by day, false < true. `first`/`last` follow the input row order.
///   `mode` breaks ties by taking the smallest of the most frequent values.
/// - Doubles: NaN orders after every number (as in DuckDB and PostgreSQL), so `max` gives NaN
///   when a group holds one and `min` ignores it unless all are NaN; `mean`, `sum`, `var`,
///   `corr` propagate it.
public enum GroupedAggregation {
    /// groups[row] = group id in 0..<groupCount for each input row. Returns one value per group.
    /// `parameter` is quantile's p (0...1), already checked constant by the caller.
    ///
    /// `arguments` holds the argument columns as written (`quantile` may pass `[x]` or
    /// `[x, p]`; p is read from `parameter`). Type errors are `.type` errors without a place.
    public static func compute(_ function: AggregateFunction, arguments: [Column], parameter: Double?,
                               groups: [Int32], groupCount: Int) throws(MsokoError) -> Column {
        let resultType = try function.resultType(columnTypes: arguments.map(\.type))
        try validate(arguments: arguments, groups: groups, groupCount: groupCount)

        return try groups.withUnsafeBufferPointer { (groups) throws(MsokoError) -> Column in
            try run(function, arguments: arguments, parameter: parameter, groups: groups,
                    groupCount: groupCount, resultType: resultType)
        }
    }

    private static func run(_ function: AggregateFunction, arguments: [Column], parameter: Double?,
                            groups: UnsafeBufferPointer<Int32>, groupCount: Int,
                            resultType: DataType) throws(MsokoError) -> Column {
        guard let x = arguments.first else {
            // count(): rows per group.
            return Column(.int(rowCounts(validity: nil, groups: groups, groupCount: groupCount)))
        }
        let validity = GroupKernels.validity(of: x)
        switch function {
        case .count:
            return Column(.int(rowCounts(validity: validity, groups: groups, groupCount: groupCount)))
        case .count_if, .pct:
            return conditionAggregate(function, x, validity: validity, groups: groups, groupCount: groupCount)
        case .sum:
            return try sum(x, validity: validity, groups: groups, groupCount: groupCount)
        case .mean, .stddev, .var:
            return moments(function, x, validity: validity, groups: groups, groupCount: groupCount)
        case .corr:
            return correlation(x, arguments[1], groups: groups, groupCount: groupCount)
        case .spearman, .spearman_p:
            return rankCorrelation(function, x, arguments[1], groups: groups, groupCount: groupCount)
        case .strat_spearman, .strat_spearman_z, .strat_spearman_p:
            return stratifiedRankCorrelation(function, x, arguments[1], arguments[2], groups: groups, groupCount: groupCount)
        case .binom_sum_tail:
            return try binomialSumTail(x, arguments[1], arguments[2], groups: groups, groupCount: groupCount)
        case .ci_low, .ci_high:
            return meanInterval(function, x, validity: validity, groups: groups, groupCount: groupCount)
        case .wilson_low, .wilson_high:
            return wilson(function, x, validity: validity, groups: groups, groupCount: groupCount)
        case .list:
            return list(x, validity: validity, groups: groups, groupCount: groupCount)
        case .min, .max, .first, .last:
            return pick(function, x, validity: validity, groups: groups, groupCount: groupCount)
        case .median, .quantile:
            let p = function == .median ? 0.5 : parameter
            guard let p, p >= 0, p <= 1 else {
                throw MsokoError(.runtime, tr("aggregate.quantile_p", ["value": parameter.map { NumberFormat.shortest($0) } ?? tr("aggregate.none")]))
            }
            return quantile(x, p: p, validity: validity, groups: groups, groupCount: groupCount)
        case .mode, .distinct_count:
            return holistic(function, x, validity: validity, groups: groups, groupCount: groupCount,
                            resultType: resultType)
        }
    }

    /// Checks what a wrong caller could get wrong, so a bad call is an error, not a crash.
    private static func validate(arguments: [Column], groups: [Int32], groupCount: Int) throws(MsokoError) {
        guard groupCount >= 0 else { throw MsokoError(.runtime, "internal: negative group count \(groupCount)") }
        for (position, column) in arguments.enumerated() {
            guard column.count == groups.count else {
                throw MsokoError(.runtime, "internal: aggregate argument \(position + 1) has \(column.count) rows, groups \(groups.count)")
            }
            if let validity = column.validity, validity.count != column.count {
                throw MsokoError(.runtime, "internal: aggregate argument \(position + 1) has a validity bitmap of \(validity.count) bits for \(column.count) rows")
            }
        }
        // A min/max reduction the compiler vectorises; `contains` with a closure ran a row at a time.
        let outOfRange = groups.withUnsafeBufferPointer { buffer -> Bool in
            var low = Int32.max, high = Int32.min
            for id in buffer { low = min(low, id); high = max(high, id) }
            return !buffer.isEmpty && (low < 0 || Int(high) >= groupCount)
        }
        if outOfRange { throw MsokoError(.runtime, "internal: a group id is outside 0..<\(groupCount)") }
    }

    // MARK: Counts

    private static func rowCounts(validity: Bitmap?, groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> [Int64] {
        var counts = [Int64](repeating: 0, count: groupCount)
        counts.withUnsafeMutableBufferPointer { counts in
            GroupKernels.forEachValidRow(validity, count: groups.count) { row in counts[Int(groups[row])] += 1 }
        }
        return counts
    }

    private static func conditionAggregate(_ function: AggregateFunction, _ condition: Column, validity: Bitmap?,
                                           groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        var trueCounts = [Int64](repeating: 0, count: groupCount)
        if case .bool(let values) = condition.storage {
            values.withUnsafeBufferPointer { values in
                trueCounts.withUnsafeMutableBufferPointer { trueCounts in
                    GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                        if values[row] { trueCounts[Int(groups[row])] += 1 }
                    }
                }
            }
        }
        if function == .count_if { return Column(.int(trueCounts)) }
        let knownCounts = rowCounts(validity: validity, groups: groups, groupCount: groupCount)
        var percents = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount where knownCounts[group] > 0 {
            // 100·k is exact, so one rounding: the correctly rounded percent.
            percents[group] = Double(100 * trueCounts[group]) / Double(knownCounts[group])
            present.set(group)
        }
        return Column(.double(percents), validity: present)
    }

    // MARK: Sum

    private static func sum(_ x: Column, validity: Bitmap?, groups: UnsafeBufferPointer<Int32>,
                            groupCount: Int) throws(MsokoError) -> Column {
        let counts = rowCounts(validity: validity, groups: groups, groupCount: groupCount)
        let present = Bitmap(counts.map { $0 > 0 })
        switch x.storage {
        case .int(let values):
            // Sums are 64-bit whatever the column's width, and overflow is checked there.
            func run<T: NarrowInt>(_ values: [T]) -> ([Int64], Bool) {
                var sums = [Int64](repeating: 0, count: groupCount)
                var overflowed = false
                values.withUnsafeBufferPointer { values in
                    sums.withUnsafeMutableBufferPointer { sums in
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            let (total, overflow) = sums[group].addingReportingOverflow(Int64(values[row]))
                            sums[group] = total
                            overflowed = overflowed || overflow
                        }
                    }
                }
                return (sums, overflowed)
            }
            let (sums, overflowed): ([Int64], Bool)
            switch values.values {
            case .int8(let v): (sums, overflowed) = run(v)
            case .int16(let v): (sums, overflowed) = run(v)
            case .int32(let v): (sums, overflowed) = run(v)
            case .int64(let v): (sums, overflowed) = run(v)
            }
            if overflowed {
                throw MsokoError(.runtime, tr("aggregate.sum_overflow"),
                                 hint: tr("aggregate.sum_overflow.hint"))
            }
            return Column(.int(sums), validity: present)
        case .double(let values):
            var sums = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
            values.withUnsafeBufferPointer { values in
                sums.withUnsafeMutableBufferPointer { sums in
                    GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                        sums[Int(groups[row])].add(values[row])
                    }
                }
            }
            return Column(.double(sums.map(\.value)), validity: present)
        default:
            return nullColumn(x.type, count: groupCount)
        }
    }

    // MARK: Mean, variance, standard deviation

    /// Per-group mean with compensated sums, and the count of values. Ints are widened to
    /// double; integer sums below 2^53 stay exact.
    private static func groupMeans<T>(_ values: UnsafeBufferPointer<T>, _ asDouble: (T) -> Double, validity: Bitmap?,
                                      groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> (means: [Double], counts: [Int]) {
        var sums = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        var counts = [Int](repeating: 0, count: groupCount)
        sums.withUnsafeMutableBufferPointer { sums in
            counts.withUnsafeMutableBufferPointer { counts in
                GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                    let group = Int(groups[row])
                    sums[group].add(asDouble(values[row]))
                    counts[group] += 1
                }
            }
        }
        var means = [Double](repeating: 0, count: groupCount)
        for group in 0..<groupCount where counts[group] > 0 { means[group] = sums[group].divided(by: Double(counts[group])) }
        return (means, counts)
    }

    private static func moments(_ function: AggregateFunction, _ x: Column, validity: Bitmap?,
                                groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        switch x.storage {
        case .int(let values):
            func run<T: NarrowInt>(_ values: [T]) -> Column {
                values.withUnsafeBufferPointer { values in
                    // Marks and scores are 8- or 16-bit: their type bounds them, no scan needed.
                    let (low, high) = T.bitWidth <= 16 ? (Int64(T.min), Int64(T.max)) : IntVector.range(values)
                    if IntegerMoments.fits(low: low, high: high, rows: values.count) {
                        return integerMoments(function, values, validity: validity, groups: groups, groupCount: groupCount)
                    }
                    return moments(function, values, { Double($0) }, validity: validity, groups: groups, groupCount: groupCount)
                }
            }
            switch values.values {
            case .int8(let v): return run(v)
            case .int16(let v): return run(v)
            case .int32(let v): return run(v)
            case .int64(let v): return run(v)
            }
        case .double(let values):
            return values.withUnsafeBufferPointer { values in
                moments(function, values, { $0 }, validity: validity, groups: groups, groupCount: groupCount)
            }
        default:
            return nullColumn(.double, count: groupCount)
        }
    }

    /// Small integers: exact sums, each result rounded once (`IntegerMoments`).
    private static func integerMoments<T: NarrowInt>(_ function: AggregateFunction, _ values: UnsafeBufferPointer<T>, validity: Bitmap?,
                                                     groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        let sums = IntegerMoments.sums(values, validity: validity, groups: groups, groupCount: groupCount, squares: function != .mean)
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount {
            let count = sums.counts[group]
            switch function {
            case .mean:
                guard count >= 1 else { continue }
                results[group] = IntegerMoments.mean(sum: sums.sums[group], count: count)
            case .var:
                guard count >= 2 else { continue }
                results[group] = IntegerMoments.variance(sum: sums.sums[group], squares: sums.squares[group], count: count)
            default:
                guard count >= 2 else { continue }
                results[group] = IntegerMoments.standardDeviation(sum: sums.sums[group], squares: sums.squares[group], count: count)
            }
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    private static func moments<T>(_ function: AggregateFunction, _ values: UnsafeBufferPointer<T>, _ asDouble: (T) -> Double,
                                   validity: Bitmap?, groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        let (means, counts) = groupMeans(values, asDouble, validity: validity, groups: groups, groupCount: groupCount)
        if function == .mean {
            return Column(.double(means), validity: Bitmap(counts.map { $0 > 0 }))
        }
        // Corrected two-pass: Σd² − (Σd)²/n with d = x − mean kept exact, both sums compensated.
        var squares = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        var deviations = [CompensatedSum](repeating: CompensatedSum(), count: groupCount)
        means.withUnsafeBufferPointer { means in
            squares.withUnsafeMutableBufferPointer { squares in
                deviations.withUnsafeMutableBufferPointer { deviations in
                    GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                        let group = Int(groups[row])
                        let deviation = ExactDifference(asDouble(values[row]), minus: means[group])
                        squares[group].addProduct(deviation, deviation)
                        deviations[group].add(deviation)
                    }
                }
            }
        }
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount where counts[group] >= 2 {
            let n = Double(counts[group])
            results[group] = function == .var
                ? Statistics.correctedVariance(squares: squares[group], deviations: deviations[group], count: n)
                : Statistics.correctedStandardDeviation(squares: squares[group], deviations: deviations[group], count: n)
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    // MARK: Correlation

    private static func correlation(_ x: Column, _ y: Column, groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        guard let xs = x.doubles, let ys = y.doubles, x.type != .null, y.type != .null else {
            return nullColumn(.double, count: groupCount)
        }
        let validity = GroupKernels.both(x.validity, y.validity)
        return xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                let (meansX, counts) = groupMeans(xs, { $0 }, validity: validity, groups: groups, groupCount: groupCount)
                let (meansY, _) = groupMeans(ys, { $0 }, validity: validity, groups: groups, groupCount: groupCount)
                var moments = [Statistics.CoMoments](repeating: Statistics.CoMoments(), count: groupCount)
                moments.withUnsafeMutableBufferPointer { moments in
                    GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                        let group = Int(groups[row])
                        moments[group].add(ExactDifference(xs[row], minus: meansX[group]),
                                           ExactDifference(ys[row], minus: meansY[group]))
                    }
                }
                var results = [Double](repeating: 0, count: groupCount)
                var present = Bitmap(count: groupCount, value: false)
                for group in 0..<groupCount where counts[group] >= 2 {
                    if let r = moments[group].correlation(count: Double(counts[group])) {
                        results[group] = r
                        present.set(group)
                    }
                }
                return Column(.double(results), validity: present)
            }
        }
    }

    // MARK: Spearman, intervals, list

    /// Row numbers of each group, in row order, for rows valid in `validity`.
    private static func rowsByGroup(_ validity: Bitmap?, groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: groupCount)
        GroupKernels.forEachValidRow(validity, count: groups.count) { row in rows[Int(groups[row])].append(row) }
        return rows
    }

    /// Spearman's rho (ties share the mean rank) over rows where both are non-null, or its
    /// two-sided p-value; null for n < 2 (p: n < 3) or a constant variable.
    private static func rankCorrelation(_ function: AggregateFunction, _ x: Column, _ y: Column,
                                        groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        guard let xs = x.doubles, let ys = y.doubles, x.type != .null, y.type != .null else {
            return nullColumn(.double, count: groupCount)
        }
        let rows = rowsByGroup(GroupKernels.both(x.validity, y.validity), groups: groups, groupCount: groupCount)
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount {
            let members = rows[group]
            guard let rho = Statistics.spearman(members.map { xs[$0] }, members.map { ys[$0] }), !rho.isNaN else { continue }
            if function == .spearman {
                results[group] = rho
                present.set(group)
            } else if let p = Statistics.correlationPValue(rho, count: members.count) {
                results[group] = p
                present.set(group)
            }
        }
        return Column(.double(results), validity: present)
    }

    /// A stratum key per row: text by its dictionary code, numbers by value (doubles by their
    /// bits), so rows of one stratum share a key. nil for a column without values.
    private static func stratumKeys(_ column: Column) -> [Int64]? {
        switch column.storage {
        case .int(let values): return Array(values)
        case .double(let values): return values.map { Int64(bitPattern: $0.bitPattern) }
        case .date(let values): return values.map { Int64($0) }
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        case .text(let codes, _): return codes.map { Int64($0) }
        case .null: return nil
        }
    }

    /// Spearman within strata, pooled (`SignificanceTests.stratifiedSpearman`), over rows where
    /// x, y and the stratum are all non-null; null where no stratum has 3 pairs and variation.
    private static func stratifiedRankCorrelation(_ function: AggregateFunction, _ x: Column, _ y: Column, _ stratum: Column,
                                                  groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        guard let xs = x.doubles, let ys = y.doubles, let keys = stratumKeys(stratum), x.type != .null, y.type != .null else {
            return nullColumn(.double, count: groupCount)
        }
        let valid = GroupKernels.both(GroupKernels.both(x.validity, y.validity), stratum.validity)
        let rows = rowsByGroup(valid, groups: groups, groupCount: groupCount)
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount {
            let members = rows[group]
            guard let pooled = SignificanceTests.stratifiedSpearman(x: members.map { xs[$0] }, y: members.map { ys[$0] },
                                                                    strata: members.map { keys[$0] }) else { continue }
            switch function {
            case .strat_spearman: results[group] = pooled.rho
            case .strat_spearman_z: results[group] = pooled.z
            default: results[group] = pooled.pLower
            }
            guard results[group].isFinite else { continue }
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    /// P(ΣX ≥ Σk) per group for X ~ Binomial(n, p) per row (`SignificanceTests.binomialSumTail`),
    /// over rows where k, n and p are all non-null. k and n must be whole numbers ≥ 0, p in 0…1.
    private static func binomialSumTail(_ k: Column, _ n: Column, _ p: Column,
                                        groups: UnsafeBufferPointer<Int32>, groupCount: Int) throws(MsokoError) -> Column {
        guard let ks = k.doubles, let ns = n.doubles, let ps = p.doubles, k.type != .null, n.type != .null, p.type != .null else {
            return nullColumn(.double, count: groupCount)
        }
        let valid = GroupKernels.both(GroupKernels.both(k.validity, n.validity), p.validity)
        let rows = rowsByGroup(valid, groups: groups, groupCount: groupCount)
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        // A cap on the trials of one group keeps a wrong column (a score instead of a count)
        // from stalling the run: the exact sum is O(N²), and above 20,000 trials it is approximate.
        let limit = 1e9
        for group in 0..<groupCount {
            let members = rows[group]
            guard !members.isEmpty else { continue }
            var successes = 0.0
            var trials: [Int] = [], probabilities: [Double] = []
            for row in members {
                let kValue = ks[row], nValue = ns[row], pValue = ps[row]
                guard kValue >= 0, nValue >= 0, kValue <= limit, nValue <= limit, kValue == kValue.rounded(), nValue == nValue.rounded() else {
                    throw MsokoError(.runtime, tr("aggregate.binom_sum_tail_kn", ["k": NumberFormat.shortest(kValue), "n": NumberFormat.shortest(nValue)]))
                }
                guard pValue >= 0, pValue <= 1 else {
                    throw MsokoError(.runtime, tr("aggregate.binom_sum_tail_p", ["value": NumberFormat.shortest(pValue)]))
                }
                successes += kValue
                trials.append(Int(nValue))
                probabilities.append(pValue)
            }
            guard successes <= limit, trials.reduce(0, +) <= Int(limit),
                  let tail = SignificanceTests.binomialSumTail(atLeast: Int(successes), trials: trials, probabilities: probabilities) else { continue }
            results[group] = tail
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    /// x̄ ∓ 1.96·s/√n per group; null for fewer than two values.
    private static func meanInterval(_ function: AggregateFunction, _ x: Column, validity: Bitmap?,
                                     groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        let means = moments(.mean, x, validity: validity, groups: groups, groupCount: groupCount)
        let deviations = moments(.stddev, x, validity: validity, groups: groups, groupCount: groupCount)
        let counts = rowCounts(validity: validity, groups: groups, groupCount: groupCount)
        guard let meanValues = means.doubles, let sdValues = deviations.doubles else { return nullColumn(.double, count: groupCount) }
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount where counts[group] >= 2 && !deviations.isNull(group) {
            let half = 1.96 * sdValues[group] / Double(counts[group]).squareRoot()
            results[group] = function == .ci_low ? meanValues[group] - half : meanValues[group] + half
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    /// Wilson score interval (z = 1.96) of the share of rows where the condition holds, among
    /// rows where it is known, in percent; null for a group with no known rows.
    private static func wilson(_ function: AggregateFunction, _ condition: Column, validity: Bitmap?,
                               groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        var trueCounts = [Int](repeating: 0, count: groupCount)
        if let values = condition.bools {
            GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                if values[row] { trueCounts[Int(groups[row])] += 1 }
            }
        }
        let known = rowCounts(validity: validity, groups: groups, groupCount: groupCount)
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        for group in 0..<groupCount {
            guard let (low, high) = Statistics.wilson(successes: trueCounts[group], trials: Int(known[group])) else { continue }
            results[group] = 100 * (function == .wilson_low ? low : high)
            present.set(group)
        }
        return Column(.double(results), validity: present)
    }

    /// Distinct non-null values as text, ordered by code point, joined by ", "; null when none.
    private static func list(_ x: Column, validity: Bitmap?, groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        let rows = rowsByGroup(validity, groups: groups, groupCount: groupCount)
        var values: [Value] = []
        values.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            let texts = Set(rows[group].map { x.value(at: $0).plainText })
            if texts.isEmpty {
                values.append(.null)
            } else {
                values.append(.text(texts.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.joined(separator: ", ")))
            }
        }
        if values.allSatisfy(\.isNull) { return nullColumn(.text, count: groupCount) }
        return Column.from(values)
    }

    // MARK: min, max, first, last

    private static func pick(_ function: AggregateFunction, _ x: Column, validity: Bitmap?,
                             groups: UnsafeBufferPointer<Int32>, groupCount: Int) -> Column {
        switch x.storage {
        case .int(let values):
            // The picked values keep the column's width: each is one of its values.
            func run<T: NarrowInt>(_ values: [T]) -> Column {
                let (picked, present) = pickKernel(function, values, zero: 0, less: { $0 < $1 }, validity: validity,
                                                   groups: groups, groupCount: groupCount)
                return Column(.int(T.vector(picked)), validity: present)
            }
            switch values.values {
            case .int8(let v): return run(v)
            case .int16(let v): return run(v)
            case .int32(let v): return run(v)
            case .int64(let v): return run(v)
            }
        case .double(let values):
            let (picked, present) = pickKernel(function, values, zero: 0, less: Statistics.lessNaNLast, validity: validity,
                                               groups: groups, groupCount: groupCount)
            return Column(.double(picked), validity: present)
        case .date(let values):
            let (picked, present) = pickKernel(function, values, zero: 0, less: { $0 < $1 }, validity: validity,
                                               groups: groups, groupCount: groupCount)
            return Column(.date(picked), validity: present)
        case .bool(let values):
            let (picked, present) = pickKernel(function, values, zero: false, less: { !$0 && $1 }, validity: validity,
                                               groups: groups, groupCount: groupCount)
            return Column(.bool(picked), validity: present)
        case .text(let codes, let dictionary):
            let (picked, present) = dictionary.ranks.withUnsafeBufferPointer { ranks in
                pickKernel(function, codes, zero: 0, less: { ranks[Int($0)] < ranks[Int($1)] }, validity: validity,
                           groups: groups, groupCount: groupCount)
            }
            return Column(.text(codes: picked, dictionary: dictionary), validity: present)
        case .null:
            return Column(.null(count: groupCount))
        }
    }

    /// One value per group: the least (`min`), greatest (`max`), first or last by row order.
    @inline(__always)
    private static func pickKernel<T>(_ function: AggregateFunction, _ values: [T], zero: T, less: (T, T) -> Bool,
                                      validity: Bitmap?, groups: UnsafeBufferPointer<Int32>,
                                      groupCount: Int) -> ([T], Bitmap) {
        var picked = [T](repeating: zero, count: groupCount)
        var seen = [Bool](repeating: false, count: groupCount)
        values.withUnsafeBufferPointer { values in
            picked.withUnsafeMutableBufferPointer { picked in
                seen.withUnsafeMutableBufferPointer { seen in
                    // One loop per function, so the comparison is decided outside the row loop.
                    switch function {
                    case .min, .max:
                        let wantMax = function == .max
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            let value = values[row]
                            if !seen[group] || (wantMax ? less(picked[group], value) : less(value, picked[group])) {
                                seen[group] = true
                                picked[group] = value
                            }
                        }
                    case .last:
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            seen[group] = true
                            picked[group] = values[row]
                        }
                    default:   // first
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            if !seen[group] {
                                seen[group] = true
                                picked[group] = values[row]
                            }
                        }
                    }
                }
            }
        }
        return (picked, Bitmap(seen))
    }

    // MARK: Holistic: median, quantile, mode, distinct_count

    private static func quantile(_ x: Column, p: Double, validity: Bitmap?, groups: UnsafeBufferPointer<Int32>,
                                 groupCount: Int) -> Column {
        guard x.type.isNumeric, let values = x.doubles else { return nullColumn(.double, count: groupCount) }
        let (sorted, offsets) = values.withUnsafeBufferPointer { values in
            GroupKernels.sortedByGroup(values, validity: validity, groups: groups, groupCount: groupCount)
        }
        var results = [Double](repeating: 0, count: groupCount)
        var present = Bitmap(count: groupCount, value: false)
        sorted.withUnsafeBufferPointer { sorted in
            for group in 0..<groupCount where offsets[group + 1] > offsets[group] {
                let slice = UnsafeBufferPointer(rebasing: sorted[offsets[group]..<offsets[group + 1]])
                results[group] = Statistics.quantile(sorted: slice, p: p)
                present.set(group)
            }
        }
        return Column(.double(results), validity: present)
    }

    private static func holistic(_ function: AggregateFunction, _ x: Column, validity: Bitmap?,
                                 groups: UnsafeBufferPointer<Int32>, groupCount: Int, resultType: DataType) -> Column {
        /// Mode or distinct count over sortable keys; `mode` maps the winning key back to a value.
        func run<T: StatsSortable & AdditiveArithmetic>(_ keys: [T]) -> (modes: [T], present: Bitmap, distinct: [Int64]) {
            let (sorted, offsets) = keys.withUnsafeBufferPointer { keys in
                GroupKernels.sortedByGroup(keys, validity: validity, groups: groups, groupCount: groupCount)
            }
            var modes: [T] = []
            var distinct = [Int64](repeating: 0, count: groupCount)
            var present = Bitmap(count: groupCount, value: false)
            sorted.withUnsafeBufferPointer { sorted in
                for group in 0..<groupCount {
                    let slice = UnsafeBufferPointer(rebasing: sorted[offsets[group]..<offsets[group + 1]])
                    if function == .distinct_count {
                        distinct[group] = Int64(Statistics.distinctCount(sorted: slice))
                    } else if slice.isEmpty {
                        modes.append(.zero)
                    } else {
                        modes.append(slice[Statistics.modeIndex(sorted: slice)])
                        present.set(group)
                    }
                }
            }
            return (modes, present, distinct)
        }
        switch x.storage {
        case .int(let values):
            func runInts<T: NarrowInt & StatsSortable>(_ values: [T]) -> Column {
                let (modes, present, distinct) = run(values)
                return function == .distinct_count ? Column(.int(distinct)) : Column(.int(T.vector(modes)), validity: present)
            }
            switch values.values {
            case .int8(let v): return runInts(v)
            case .int16(let v): return runInts(v)
            case .int32(let v): return runInts(v)
            case .int64(let v): return runInts(v)
            }
        case .double(let values):
            let (modes, present, distinct) = run(values)
            return function == .distinct_count ? Column(.int(distinct)) : Column(.double(modes), validity: present)
        case .date(let values):
            let (modes, present, distinct) = run(values)
            return function == .distinct_count ? Column(.int(distinct)) : Column(.date(modes), validity: present)
        case .bool(let values):
            let (modes, present, distinct) = run(values.map { $0 ? Int32(1) : 0 })
            return function == .distinct_count
                ? Column(.int(distinct)) : Column(.bool(modes.map { $0 != 0 }), validity: present)
        case .text(let codes, let dictionary):
            // Sort by rank so ties go to the smallest string; map the rank back to its code.
            let ranks = dictionary.ranks
            var codeOfRank = [Int32](repeating: 0, count: ranks.count)
            for (code, rank) in ranks.enumerated() { codeOfRank[Int(rank)] = Int32(code) }
            let (modes, present, distinct) = run(codes.map { ranks[Int($0)] })
            if function == .distinct_count { return Column(.int(distinct)) }
            let modeCodes = modes.enumerated().map { group, rank in present[group] ? codeOfRank[Int(rank)] : 0 }
            return Column(.text(codes: modeCodes, dictionary: dictionary), validity: present)
        case .null:
            return function == .distinct_count ? Column(.int([Int64](repeating: 0, count: groupCount)))
                                               : nullColumn(resultType, count: groupCount)
        }
    }

    // MARK: Results

    /// A column of `type` whose every row is null: what an all-null input gives.
    static func nullColumn(_ type: DataType, count: Int) -> Column {
        let none = Bitmap(count: count, value: false)
        switch type {
        case .int: return Column(.int([Int64](repeating: 0, count: count)), validity: none)
        case .double: return Column(.double([Double](repeating: 0, count: count)), validity: none)
        case .bool: return Column(.bool([Bool](repeating: false, count: count)), validity: none)
        case .date: return Column(.date([Int32](repeating: 0, count: count)), validity: none)
        case .text: return Column(.text(codes: [Int32](repeating: 0, count: count), dictionary: .empty), validity: none)
        case .null: return Column(.null(count: count))
        }
    }
}
