import Foundation

/// Plain statistics on arrays of doubles (no nulls), for other modules and tests.
///
/// The same algorithms as the grouped aggregates: Neumaier-compensated sums, a corrected
/// two-pass variance, linear (type 7) quantiles. Functions return nil where the statistic is
/// undefined (too few values, zero variance) instead of NaN. NaN inputs order after every
/// number in `median`, `quantile` and `mode`.
public enum Statistics {
    /// Mean; nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var total = CompensatedSum()
        for value in values { total.add(value) }
        return total.divided(by: Double(values.count))
    }

    /// Sample variance (n − 1); nil for fewer than two values.
    ///
    /// Corrected two-pass algorithm (Chan, Golub & LeVeque): Σ(x − x̄)² − (Σ(x − x̄))²/n, both
    /// sums compensated; the second term removes the error of the rounded mean.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let (squares, deviations) = centredSums(values, mean: mean)
        return correctedVariance(squares: squares, deviations: deviations, count: Double(values.count))
    }

    /// Σ(x − mean)² and Σ(x − mean), each deviation exact, both sums compensated.
    private static func centredSums(_ values: [Double], mean: Double) -> (squares: CompensatedSum, deviations: CompensatedSum) {
        var squares = CompensatedSum()
        var deviations = CompensatedSum()
        for value in values {
            let deviation = ExactDifference(value, minus: mean)
            squares.addProduct(deviation, deviation)
            deviations.add(deviation)
        }
        return (squares, deviations)
    }

    /// Sample standard deviation (n − 1); nil for fewer than two values.
    public static func stddev(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let (squares, deviations) = centredSums(values, mean: mean)
        return correctedStandardDeviation(squares: squares, deviations: deviations, count: Double(values.count))
    }

    /// Median: the middle value, or the mean of the two middle ones; nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        quantile(values, p: 0.5)
    }

    /// Quantile `p` (0...1) by linear interpolation between closest ranks: numpy's default,
    /// DuckDB's `quantile_cont`, R's type 7. nil for no values or `p` outside 0...1.
    public static func quantile(_ values: [Double], p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        var sorted = values
        sorted.withUnsafeMutableBufferPointer { sortNaNLast($0) }
        return sorted.withUnsafeBufferPointer { quantile(sorted: $0, p: p) }
    }

    /// Most frequent value; ties go to the smallest. nil for no values.
    public static func mode(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var sorted = values
        sorted.withUnsafeMutableBufferPointer { sortNaNLast($0) }
        return sorted.withUnsafeBufferPointer { buffer in buffer[modeIndex(sorted: buffer)] }
    }

    /// Pearson correlation of paired values; nil when the lengths differ, n < 2, or either
    /// variance is 0. Two-pass with compensated sums; clamped to [−1, 1].
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2, let meanX = mean(x), let meanY = mean(y) else { return nil }
        var moments = CoMoments()
        for index in x.indices {
            moments.add(ExactDifference(x[index], minus: meanX), ExactDifference(y[index], minus: meanY))
        }
        return moments.correlation(count: Double(x.count))
    }

    /// Spearman rank correlation: Pearson of the ranks, tied values sharing their average
    /// rank (as scipy's `spearmanr`). nil as for `pearson`.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// 1-based ranks; equal values share the mean of the ranks they span.
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { lessNaNLast(values[$0], values[$1]) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, sameValue(values[order[end]], values[order[start]]) { end += 1 }
            // Positions start..<end hold ranks start+1 ... end; their mean:
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
        return ranks
    }

    /// Normal-approximation confidence interval of a mean: x̄ ± z·s/√n (z = 1.96 for 95 %).
    /// nil for fewer than two values.
    public static func meanConfidenceInterval(_ values: [Double], z: Double = 1.96) -> (low: Double, high: Double)? {
        guard let mean = mean(values), let sd = stddev(values) else { return nil }
        let half = z * sd / Double(values.count).squareRoot()
        return (mean - half, mean + half)
    }

    /// Wilson score interval for a proportion of `successes` out of `trials`, as proportions
    /// in 0...1 (multiply by 100 for percents). nil when `trials` is 0 or the counts are
    /// inconsistent.
    public static func wilson(successes: Int, trials: Int, z: Double = 1.96) -> (low: Double, high: Double)? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let proportion = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (proportion + z2 / (2 * n)) / denominator
        let half = z / denominator * (proportion * (1 - proportion) / n + z2 / (4 * n * n)).squareRoot()
        return (Swift.max(0, center - half), Swift.min(1, center + half))
    }

    /// Two-sided p-value of a Spearman (or Pearson) coefficient `r` from `n` pairs, by the
    /// t-distribution with n − 2 degrees of freedom, as scipy's `spearmanr` computes it:
    /// t = r·√((n − 2) / ((1 + r)(1 − r))), p = 2·P(T > |t|) = I_{df/(df+t²)}(df/2, 1/2).
    /// nil for n < 3; 0 when |r| = 1.
    public static func correlationPValue(_ r: Double, count n: Int) -> Double? {
        guard n >= 3, r.isFinite else { return nil }
        let df = Double(n - 2)
        let oneMinus = (1 + r) * (1 - r)
        guard oneMinus > 0 else { return 0 }
        let t2 = r * r * df / oneMinus
        return regularizedIncompleteBeta(df / (df + t2), a: df / 2, b: 0.5)
    }

    /// Upper tail of the binomial distribution: P(X ≥ k) for X ~ Binomial(n, p), to about 1e-13
    /// relative for any n (`BinomialTail`). 1 for k ≤ 0, 0 for k > n; nil when p is outside
    /// 0...1 or n < 0.
    public static func binomialTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double? {
        BinomialTail.upper(atLeast: k, trials: n, probability: p)
    }

    /// The regularized incomplete beta function I_x(a, b), by the continued fraction of
    /// Numerical Recipes (modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
    /// where the fraction converges faster.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = logGamma(a + b) - logGamma(a) - logGamma(b)
            + a * Foundation.log(x) + b * Foundation.log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return Foundation.exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        let logFrontSwapped = logGamma(a + b) - logGamma(a) - logGamma(b)
            + b * Foundation.log1p(-x) + a * Foundation.log(x)
        return 1 - Foundation.exp(logFrontSwapped) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// log Γ(x) (the reentrant form: `lgamma` writes a global sign).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if Swift.abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    // MARK: Shared kernels (also used by the grouped aggregates)

    /// (Σd² − (Σd)²/n) / (n − 1), the subtraction kept inside the compensated sum so the
    /// quotient is rounded once.
    @inline(__always) static func correctedVariance(squares: CompensatedSum, deviations: CompensatedSum,
                                                    count n: Double) -> Double {
        var total = squares
        let deviationSum = deviations.value
        total.add(-(deviationSum * deviationSum / n))
        return Swift.max(0, total.divided(by: n - 1))
    }

    /// The square root of the same variance, refined by one Newton step against the variance's
    /// unrounded value, so the standard deviation is rounded once too.
    @inline(__always) static func correctedStandardDeviation(squares: CompensatedSum, deviations: CompensatedSum,
                                                             count n: Double) -> Double {
        var total = squares
        let deviationSum = deviations.value
        total.add(-(deviationSum * deviationSum / n))
        let variance = total.divided(by: n - 1)
        guard variance > 0, variance.isFinite, total.sum.isFinite else { return Swift.max(0, variance).squareRoot() }
        // The part of the variance that `variance` dropped: (total − variance·(n−1)) / (n−1).
        let remainder = (total.sum.addingProduct(-variance, n - 1) + total.compensation) / (n - 1)
        let root = variance.squareRoot()
        return root + (variance.addingProduct(-root, root) + remainder) / (2 * root)
    }

    /// Centred sums of squares and products for a correlation, with the exact rounding errors
    /// of the products kept and the sums of deviations kept for the two-pass correction.
    struct CoMoments {
        var sxx = CompensatedSum(), syy = CompensatedSum(), sxy = CompensatedSum()
        var sx = CompensatedSum(), sy = CompensatedSum()

        @inline(__always) mutating func add(_ dx: ExactDifference, _ dy: ExactDifference) {
            sxx.addProduct(dx, dx)
            syy.addProduct(dy, dy)
            sxy.addProduct(dx, dy)
            sx.add(dx)
            sy.add(dy)
        }

        /// Pearson r with the corrected two-pass terms: Σdx·dy − Σdx·Σdy/n and so on.
        func correlation(count n: Double) -> Double? {
            let sumX = sx.value, sumY = sy.value
            return Statistics.correlation(sxx: sxx.value - sumX * sumX / n, syy: syy.value - sumY * sumY / n,
                                          sxy: sxy.value - sumX * sumY / n)
        }
    }

    /// r = sxy / √(sxx·syy) from centred sums; nil when a variance is 0 or not finite.
    @inline(__always) static func correlation(sxx: Double, syy: Double, sxy: Double) -> Double? {
        guard sxx > 0, syy > 0 else { return nil }
        // √(sxx·syy) rounds twice where √sxx·√syy rounds three times (and gives exactly ±1
        // for exact lines); split the root only when the product would overflow or underflow.
        let product = sxx * syy
        let r = product.isNormal ? sxy / product.squareRoot() : sxy / (sxx.squareRoot() * syy.squareRoot())
        if r.isNaN { return r }
        return Swift.min(1, Swift.max(-1, r))
    }

    /// Quantile of an ascending buffer (not empty), p in 0...1. The index h = (n − 1)·p as
    /// DuckDB computes it; the interpolation as numpy's `_lerp`, which is exact at both ends,
    /// except that a midpoint is (a + b) / 2, rounded once (as `statistics.median` and
    /// `numpy.median` give it).
    @inline(__always) static func quantile(sorted: UnsafeBufferPointer<Double>, p: Double) -> Double {
        let position = Double(sorted.count - 1) * p
        let lowerIndex = Swift.min(Int(position.rounded(.down)), sorted.count - 1)
        let fraction = position - Double(lowerIndex)
        let lower = sorted[lowerIndex]
        guard fraction > 0, lowerIndex + 1 < sorted.count else { return lower }
        return interpolate(lower, sorted[lowerIndex + 1], fraction)
    }

    @inline(__always) static func interpolate(_ lower: Double, _ upper: Double, _ fraction: Double) -> Double {
        if fraction == 0.5 {
            // The midpoint (an even count's median) rounded once, as (a + b) / 2 is.
            let total = lower + upper
            return total.isFinite ? total / 2 : lower / 2 + upper / 2
        }
        let difference = upper - lower
        return fraction < 0.5 ? lower + difference * fraction : upper - difference * (1 - fraction)
    }

    /// Index of the first element of the longest run of equal values in an ascending buffer
    /// (not empty): the smallest most frequent value.
    static func modeIndex<T: StatsSortable>(sorted: UnsafeBufferPointer<T>) -> Int {
        var bestStart = 0, bestLength = 0
        var runStart = 0
        for index in 1...sorted.count {
            if index == sorted.count || !sorted[index].isSameValue(as: sorted[runStart]) {
                if index - runStart > bestLength {
                    bestLength = index - runStart
                    bestStart = runStart
                }
                runStart = index
            }
        }
        return bestStart
    }

    /// Number of runs of equal values in an ascending buffer.
    static func distinctCount<T: StatsSortable>(sorted: UnsafeBufferPointer<T>) -> Int {
        guard !sorted.isEmpty else { return 0 }
        var distinct = 1
        for index in 1..<sorted.count where !sorted[index].isSameValue(as: sorted[index - 1]) { distinct += 1 }
        return distinct
    }

    @inline(__always) static func lessNaNLast(_ a: Double, _ b: Double) -> Bool {
        a < b || (b.isNaN && !a.isNaN)
    }

    @inline(__always) static func sameValue(_ a: Double, _ b: Double) -> Bool {
        a == b || (a.isNaN && b.isNaN)
    }

    /// Sorts ascending with NaNs after every number.
    static func sortNaNLast(_ buffer: UnsafeMutableBufferPointer<Double>) {
        Double.sortForStatistics(buffer)
    }
}

/// Values the holistic aggregates sort: a total order (NaN last for doubles) and an equality
/// under which NaN equals NaN.
protocol StatsSortable: Comparable {
    static func sortForStatistics(_ buffer: UnsafeMutableBufferPointer<Self>)
    func isSameValue(as other: Self) -> Bool
}

extension StatsSortable {
    static func sortForStatistics(_ buffer: UnsafeMutableBufferPointer<Self>) {
        var buffer = buffer
        buffer.sort()
    }
    @inline(__always) func isSameValue(as other: Self) -> Bool { self == other }
}

extension Int64: StatsSortable {}
extension Int16: StatsSortable {}
extension Int8: StatsSortable {}
extension Int32: StatsSortable {}

extension Double: StatsSortable {
    /// Moves NaNs to the end, then sorts the numbers (`<` alone is not a strict weak order
    /// with NaN).
    static func sortForStatistics(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard !buffer.isEmpty else { return }
        var buffer = buffer
        let firstNaN = buffer.partition { $0.isNaN }
        var numbers = UnsafeMutableBufferPointer(rebasing: buffer[..<firstNaN])
        numbers.sort()
    }

    @inline(__always) func isSameValue(as other: Double) -> Bool {
        self == other || (isNaN && other.isNaN)
    }
}
