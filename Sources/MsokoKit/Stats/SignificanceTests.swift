import Foundation

/// The tests behind the objectivity verdicts (docs/objectivity.md): the normal distribution,
/// a stratified rank-correlation permutation test, the exact tail of a sum of binomials, and
/// multiple-testing adjustments. Plain functions on arrays, for the aggregates and for tests.
public enum SignificanceTests {
    // MARK: The normal distribution

    /// Φ(z), accurate in both tails (through erfc, so Φ(−9) is 1.1e−19, not 0).
    public static func normalCDF(_ z: Double) -> Double {
        guard !z.isNaN else { return .nan }
        return 0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16, relative error about 1e−16); nil outside
    /// 0 < p < 1.
    public static func normalQuantile(_ p: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let numerator = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
            let denominator = (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1)
            return q * numerator / denominator
        }
        var r = q < 0 ? p : 1 - p
        r = (-Foundation.log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1)
        } else {
            r -= 5
            value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1)
        }
        return q < 0 ? -value : value
    }

    // MARK: Stratified rank correlation

    /// The result of `stratifiedSpearman`.
    public struct StratifiedCorrelation: Equatable, Sendable {
        /// Pooled Spearman ρ: Σ (n_s − 1)·ρ_s / Σ (n_s − 1) over the strata that count.
        public var rho: Double
        /// Standardized statistic Z = Σ (n_s − 1)·ρ_s / √Σ (n_s − 1): under "no association" each
        /// ρ_s has permutation mean 0 and variance 1/(n_s − 1) exactly (ties included), so Z has
        /// mean 0 and variance 1 exactly, and is close to normal once several strata pool.
        public var z: Double
        /// One-sided p-value against a *negative* association, from `permutations` random
        /// permutations of y within each stratum: (1 + #{Z* ≤ Z}) / (1 + B).
        public var pLower: Double
        /// Number of pairs in the strata that count (n_s ≥ 3, neither variable constant).
        public var pairs: Int
        public var strata: Int
        public var permutations: Int
    }

    /// Spearman's correlation of x and y within each stratum, pooled over strata, with a
    /// stratified permutation test (y permuted within strata, so each stratum keeps its own
    /// marks and scores). Strata with fewer than 3 pairs or a constant variable carry no rank
    /// information and are left out. nil when no stratum counts.
    ///
    /// The permutation count is sequential, so clear cases stay cheap: 999 permutations, then
    /// up to 19,999 when the p-value is below 0.05 (the smallest p it can give is 1/20,000).
    /// The random numbers come from SplitMix64 seeded by the data in a canonical order, so the
    /// same pairs always give the same p, whatever the order of the rows. Above `permutationLimit` pairs the p-value is Φ(Z) (no permutations).
    public static func stratifiedSpearman(x: [Double], y: [Double], strata: [Int64],
                                          permutationLimit: Int = 20_000) -> StratifiedCorrelation? {
        guard x.count == y.count, x.count == strata.count else { return nil }
        var members: [Int64: [Int]] = [:]
        for index in strata.indices { members[strata[index], default: []].append(index) }
        // The data in a canonical order, so that the permutations — and the p-value — depend on
        // the pairs alone, not on the order of the rows or on how strata happen to be numbered:
        // pairs sorted within each stratum, strata sorted by their sorted pairs.
        var groups: [[(x: Double, y: Double)]] = members.values.map { rows in
            rows.map { (x: x[$0], y: y[$0]) }.sorted { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) }
        }
        groups.sort { a, b in
            for (p, q) in zip(a, b) {
                if p.x != q.x { return p.x < q.x }
                if p.y != q.y { return p.y < q.y }
            }
            return a.count < b.count
        }
        // Per stratum: the centred ranks of x, of y, and the weight (n − 1)/√(Sxx·Syy), so that
        // weight·Σ rx·ry = (n − 1)·ρ.
        var xRanks: [[Double]] = [], yRanks: [[Double]] = [], weights: [Double] = []
        var pairs = 0, weightTotal = 0.0
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for group in groups {
            guard group.count >= 3 else { continue }
            let rows = group
            let rx = centred(Statistics.averageRanks(group.map(\.x)))
            let ry = centred(Statistics.averageRanks(group.map(\.y)))
            let sxx = rx.reduce(0) { $0 + $1 * $1 }, syy = ry.reduce(0) { $0 + $1 * $1 }
            guard sxx > 1e-12, syy > 1e-12 else { continue }
            let n = Double(rows.count)
            xRanks.append(rx)
            yRanks.append(ry)
            weights.append((n - 1) / (sxx * syy).squareRoot())
            pairs += rows.count
            weightTotal += n - 1
            for (a, b) in zip(rx, ry) {
                seed = mix(seed ^ a.bitPattern)
                seed = mix(seed ^ b.bitPattern)
            }
        }
        guard !weights.isEmpty else { return nil }
        func statistic(_ ys: [[Double]]) -> Double {
            var total = 0.0
            for stratum in weights.indices {
                var dot = 0.0
                let xs = xRanks[stratum], yv = ys[stratum]
                for index in xs.indices { dot += xs[index] * yv[index] }
                total += weights[stratum] * dot
            }
            return total
        }
        let observed = statistic(yRanks)
        // Many pairs (a region in one group): Z is then as normal as it gets, and 20,000
        // permutations of a million pairs would stall the run; the normal tail of the exact-moment
        // Z is the p-value.
        if pairs > permutationLimit {
            return StratifiedCorrelation(rho: observed / weightTotal, z: observed / weightTotal.squareRoot(),
                                         pLower: normalCDF(observed / weightTotal.squareRoot()), pairs: pairs,
                                         strata: weights.count, permutations: 0)
        }
        var generator = SplitMix64(state: seed)
        var shuffled = yRanks
        var atMost = 0, done = 0
        // A relative tolerance so that a permutation equal to the observed value up to
        // rounding counts as "at most" (ties matter with many tied marks).
        let tolerance = 1e-9 * Swift.max(1, abs(observed))
        for target in [999, 19_999] {
            while done < target {
                for stratum in shuffled.indices { shuffle(&shuffled[stratum], &generator) }
                if statistic(shuffled) <= observed + tolerance { atMost += 1 }
                done += 1
            }
            let p = Double(1 + atMost) / Double(1 + done)
            if p >= 0.05 { break }
        }
        return StratifiedCorrelation(rho: observed / weightTotal, z: observed / weightTotal.squareRoot(),
                                     pLower: Double(1 + atMost) / Double(1 + done), pairs: pairs,
                                     strata: weights.count, permutations: done)
    }

    private static func centred(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.map { $0 - mean }
    }

    /// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same on every platform.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return SignificanceTests.mix(state)
        }
        /// A uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift with rejection.
        mutating func below(_ bound: Int) -> Int {
            let limit = UInt64(bound)
            while true {
                let product = next().multipliedFullWidth(by: limit)
                if product.low >= (0 &- limit) % limit { return Int(product.high) }
            }
        }
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func shuffle(_ values: inout [Double], _ generator: inout SplitMix64) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, generator.below(index + 1))
        }
    }

    // MARK: A sum of binomials

    /// P(Σ Xᵢ ≥ k) for independent Xᵢ ~ Binomial(nᵢ, pᵢ): the exact upper tail, by convolving
    /// the distributions (O(N²) for N = Σ nᵢ). Above `exactLimit` trials it switches to the
    /// normal approximation with continuity correction (then documented as approximate).
    /// nil when a count is negative or a probability is outside 0...1.
    public static func binomialSumTail(atLeast k: Int, trials: [Int], probabilities: [Double],
                                       exactLimit: Int = 20_000) -> Double? {
        guard trials.count == probabilities.count else { return nil }
        for (n, p) in zip(trials, probabilities) where n < 0 || !(p >= 0 && p <= 1) { return nil }
        let total = trials.reduce(0, +)
        if k <= 0 { return 1 }
        if k > total { return 0 }
        if total > exactLimit {
            var mean = 0.0, variance = 0.0
            for (n, p) in zip(trials, probabilities) {
                mean += Double(n) * p
                variance += Double(n) * p * (1 - p)
            }
            guard variance > 0 else { return Double(k) <= mean ? 1 : 0 }
            return 1 - normalCDF((Double(k) - 0.5 - mean) / variance.squareRoot())
        }
        var distribution = [Double](repeating: 0, count: total + 1)
        distribution[0] = 1
        var reach = 0
        for (n, p) in zip(trials, probabilities) where n > 0 {
            let terms = binomialTerms(n, p)
            var next = [Double](repeating: 0, count: reach + n + 1)
            for i in 0...reach where distribution[i] != 0 {
                let weight = distribution[i]
                for j in 0...n { next[i + j] += weight * terms[j] }
            }
            reach += n
            for i in 0...reach { distribution[i] = next[i] }
        }
        var tail = CompensatedSum()
        for i in k...total { tail.add(distribution[i]) }
        return Swift.min(1, Swift.max(0, tail.value))
    }

    /// P(X = j), j = 0…n, for X ~ Binomial(n, p), by Loader's saddle-point form
    /// (`BinomialTail.probability`: lgamma differences would lose ~1e-11 at n = 20,000).
    private static func binomialTerms(_ n: Int, _ p: Double) -> [Double] {
        (0...n).map { j in BinomialTail.probability(j, trials: n, probability: p) }
    }

    // MARK: Multiple testing

    /// How `adjust` controls errors over many tests.
    public enum Adjustment: String, CaseIterable, Sendable {
        /// Benjamini–Hochberg: the false discovery rate (step-up), R's `p.adjust(method = "BH")`.
        case bh
        /// Holm: the family-wise error rate (step-down), R's `p.adjust(method = "holm")`.
        case holm
        /// Bonferroni: min(1, m·p).
        case bonferroni
    }

    /// Adjusted p-values (q) for the non-nil p-values, as R's `p.adjust`; nil stays nil and does
    /// not count among the m tests.
    public static func adjust(_ values: [Double?], method: Adjustment) -> [Double?] {
        let present: [(index: Int, p: Double)] = values.indices.compactMap { index in values[index].map { (index, $0) } }
        let m = Double(present.count)
        guard !present.isEmpty else { return values }
        var result = values
        // Ascending p, ties by position, so equal inputs give equal outputs in a stable order.
        let order = present.sorted { ($0.p, $0.index) < ($1.p, $1.index) }
        switch method {
        case .bonferroni:
            for test in present { result[test.index] = Swift.min(1, m * test.p) }
        case .holm:
            var running = 0.0
            for (position, test) in order.enumerated() {
                running = Swift.max(running, Swift.min(1, (m - Double(position)) * test.p))
                result[test.index] = running
            }
        case .bh:
            var running = 1.0
            for (position, test) in order.enumerated().reversed() {
                running = Swift.min(running, m / Double(position + 1) * test.p)
                result[test.index] = running
            }
        }
        return result
    }
}
