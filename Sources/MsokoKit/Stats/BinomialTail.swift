import Foundation

/// P(X ≥ k) for X ~ Binomial(n, p), to about 1e-13 relative (values below the normal range of
/// doubles to 1e-300 absolute) for every n an `Int` holds, in microseconds.
///
/// P(X ≥ k) = I_p(k, n − k + 1), the regularised incomplete beta function. As in Numerical Recipes
/// and scipy, I_x(a, b) is a prefactor times a continued fraction evaluated by Lentz's method, on
/// the side of the mean where the fraction converges (the other side is 1 − I_{1−x}(b, a)). Three
/// things differ from the textbook, each because the textbook form loses digits as n grows:
/// - the prefactor xᵃ(1 − x)ᵇ / (a·B(a, b)) is (1 − p)·P(X = k), computed by Loader's saddle-point
///   form (Stirling remainders and the deviance, as R's `dbinom`); lgamma(a + b) − lgamma(a) −
///   lgamma(b) cancels, and its rounding alone costs ~1e-9 relative at n = 10⁶;
/// - λ = k − (n + 1)p, the distance from the mean that chooses the side and drives the fraction,
///   comes from the integers in double-double arithmetic (at n = 10¹⁵ the plain product is off by
///   about 0.1, as large as the quantities it is compared with);
/// - the fraction is used in its even (contracted) form with λ written into every term, so that
///   no term subtracts two numbers of the size of n.
/// Near the centre of a very large distribution (k − 1 and n − k both at least 10⁶, within 2.5
/// standard deviations of the mean) the fraction would need about n^(1/3) steps (5·10⁶ at
/// n = 10¹⁸); there the tail is the integral of the beta density over t, n·P(Y = k − 1) with
/// Y ~ Binomial(n − 1, t), by Gauss–Legendre panels half a standard deviation wide.
/// Tests/Reference/make_binom_reference.py computes the reference values (scipy and mpmath).
enum BinomialTail {
    /// P(X ≥ k); nil when n < 0 or p is outside 0…1.
    static func upper(atLeast k: Int, trials n: Int, probability p: Double) -> Double? {
        guard n >= 0, p >= 0, p <= 1 else { return nil }
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        let q = 1 - p
        let lambda = offset(k, n, p, plusTimesP: -1)
        if Swift.min(k - 1, n - k) >= centralMinimum,
           Swift.abs(lambda) < centralWidth * (Double(n) * p * q).squareRoot() {
            return centralTail(atLeast: k, trials: n, probability: p)
        }
        if lambda >= 0 {
            // Above the mean: I_p(k, n − k + 1) directly; its prefactor is q·P(X = k).
            let front = q * Foundation.exp(logProbability(k, n, p, difference: offset(k, n, p, plusTimesP: 0)))
            if front == 0 { return 0 }
            let fraction = continuedFraction(a: Double(k), b: Double(n - k + 1), x: p, y: q, lambda: lambda)
            return Swift.min(1, front * fraction)
        }
        // At or below the mean: 1 − P(X ≤ k − 1) = 1 − I_q(n − k + 1, k); prefactor p·P(X = k − 1).
        let front = p * Foundation.exp(logProbability(k - 1, n, p, difference: offset(k - 1, n, p, plusTimesP: 0)))
        if front == 0 { return 1 }
        let fraction = continuedFraction(a: Double(n - k + 1), b: Double(k), x: q, y: p, lambda: -lambda)
        return Swift.max(0, 1 - front * fraction)
    }

    /// P(X = k) for X ~ Binomial(n, p), 0 ≤ k ≤ n, by Loader's saddle-point form.
    static func probability(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard n >= 0, k >= 0, k <= n, p >= 0, p <= 1 else { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        return Foundation.exp(logProbability(k, n, p, difference: offset(k, n, p, plusTimesP: 0)))
    }

    // MARK: Where the methods change

    /// The smaller of k − 1 and n − k from which the centre is integrated instead.
    static let centralMinimum = 1_000_000
    /// How many standard deviations around the mean count as the centre.
    static let centralWidth = 2.5

    // MARK: Exact distances from the mean

    /// x − m·p + c·p for whole x and m and c in −1…1, from the exact products: each of x and m is
    /// split into two doubles that hold it exactly, each product m·p into two doubles by a fused
    /// multiply-add, and the seven exact terms are added with Neumaier's compensation.
    static func offset(_ x: Int, _ m: Int, _ p: Double, plusTimesP c: Double) -> Double {
        let lowMask = 0xFFFF_FFFF
        let xHigh = Double(x & ~lowMask), xLow = Double(x & lowMask)
        let mHigh = Double(m & ~lowMask), mLow = Double(m & lowMask)
        let productHigh = mHigh * p, productHighError = (-productHigh).addingProduct(mHigh, p)
        let productLow = mLow * p, productLowError = (-productLow).addingProduct(mLow, p)
        let terms = [xHigh, -productHigh, xLow, -productLow, -productHighError, -productLowError, c * p]
        var sum = 0.0, compensation = 0.0
        for term in terms {
            let next = sum + term
            compensation += Swift.abs(sum) >= Swift.abs(term) ? (sum - next) + term : (term - next) + sum
            sum = next
        }
        return sum + compensation
    }

    // MARK: Loader's binomial probability

    /// log P(X = k), with `difference` = k − n·p computed exactly (`offset`).
    static func logProbability(_ k: Int, _ n: Int, _ p: Double, difference: Double) -> Double {
        let trials = Double(n)
        if k == 0 { return trials * Foundation.log1p(-p) }
        if k == n { return trials * Foundation.log(p) }
        let hits = Double(k), misses = Double(n - k)
        let remainders = stirlingRemainder(n) - stirlingRemainder(k) - stirlingRemainder(n - k)
        let deviances = deviance(hits, difference: difference, mean: trials * p)
            + deviance(misses, difference: -difference, mean: trials * (1 - p))
        let logScale = Foundation.log(2 * Double.pi * hits * (misses / trials))
        return remainders - deviances - 0.5 * logScale
    }

    /// x·log(x/m) + m − x ≥ 0 (the deviance term of Loader's form), with `difference` = x − m
    /// exact: near the mean by the series in v = (x − m)/(x + m), x + m = 2x − (x − m), which has
    /// no cancellation; far from it directly, from `mean` (a product, so exact to its last digit
    /// even when m ≪ x).
    static func deviance(_ x: Double, difference: Double, mean: Double) -> Double {
        let total = 2 * x - difference
        if Swift.abs(difference) < total / 3 {
            let v = difference / total
            let v2 = v * v
            var sum = difference * v
            var term = 2 * x * v
            for power in 1...200 {
                term *= v2
                let next = sum + term / Double(2 * power + 1)
                if next == sum { break }
                sum = next
            }
            return sum
        }
        return x * Foundation.log(x / mean) + mean - x
    }

    /// log(n!) − log(√(2πn)·(n/e)ⁿ): exact values up to 15, Stirling's series above.
    static func stirlingRemainder(_ n: Int) -> Double {
        if n < smallRemainders.count { return smallRemainders[n] }
        let x = Double(n), x2 = x * x
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        if n > 500 { return (s0 - s1 / x2) / x }
        if n > 80 { return (s0 - (s1 - s2 / x2) / x2) / x }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / x2) / x2) / x2) / x }
        return (s0 - (s1 - (s2 - (s3 - s4 / x2) / x2) / x2) / x2) / x
    }

    /// log(n!) − (n + ½)·log n + n − log √(2π) for n = 0…15, computed with 60-digit decimals
    /// (Python `decimal`); n = 0 is never used.
    static let smallRemainders: [Double] = [
        0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
        0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
        0.009255462182712733, 0.00833056343336287, 0.007573675487951841, 0.00694284010720953,
        0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
    ]

    // MARK: The continued fraction

    /// F such that I_x(a, b) = xᵃyᵇ/(a·B(a, b))·F, for λ = a − (a + b)x ≥ 0 (x at or below
    /// the mean a/(a + b)), y = 1 − x. Numerical Recipes' fraction 1/(1 + d₁/(1 + d₂/(1 + …))),
    /// d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)), d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)),
    /// taken two steps at a time (its even part: βₘ₊₁ = 1 + d₂ₘ + d₂ₘ₊₁, αₘ₊₁ = −d₂ₘ₋₁d₂ₘ), with
    /// (a + b + m)x = a − λ + m·x and (b − m)x = a·y − λ − m·x written in, so that the 1 and the
    /// (a + m)a/((a + 2m)(a + 2m + 1)) that nearly cancel in βₘ₊₁ are subtracted exactly.
    /// For whole b the fraction ends by itself at m = b.
    static func continuedFraction(a: Double, b: Double, x: Double, y: Double, lambda: Double) -> Double {
        let tiny = 1e-300
        var value = (lambda + 1) / (a + 1)
        if Swift.abs(value) < tiny { value = tiny }
        var ratioC = value, ratioD = 0.0
        for step in 1...maximumSteps {
            let m = Double(step)
            let span = (a + 2 * m) * (a + 2 * m + 1)
            let previousSpan = (a + 2 * m - 1) * (a + 2 * m)
            let beta = (a * (3 * m + 1) + 2 * m * (2 * m + 1)) / span
                + (a + m) * (lambda - m * x) / span
                + m * (a * y - lambda - m * x) / previousSpan
            let alpha = (a + m - 1) * (a - lambda + (m - 1) * x) / ((a + 2 * m - 2) * (a + 2 * m - 1))
                * m * (b - m) * x / previousSpan
            ratioD = beta + alpha * ratioD
            if Swift.abs(ratioD) < tiny { ratioD = tiny }
            ratioC = beta + alpha / ratioC
            if Swift.abs(ratioC) < tiny { ratioC = tiny }
            ratioD = 1 / ratioD
            let change = ratioC * ratioD
            value *= change
            if Swift.abs(change - 1) < 4e-16 { break }
        }
        return 1 / value
    }

    /// More than any case routed to the fraction needs (a few thousand steps at most).
    static let maximumSteps = 200_000

    // MARK: The centre of a large distribution

    /// P(X ≥ k) = ∫₀ᵖ f(t) dt and P(X ≤ k − 1) = ∫ₚ¹ f(t) dt, f the Beta(k, n − k + 1) density
    /// = n·P(Y = k − 1), Y ~ Binomial(n − 1, t). The side away from the density's mode (k − 1)/(n − 1)
    /// is integrated (there f only decreases), in units of the standard deviation √(pq/n), by
    /// 20-point Gauss–Legendre panels until a panel adds less than 1e-18 of the total.
    static func centralTail(atLeast k: Int, trials n: Int, probability p: Double) -> Double {
        let hits = k - 1, trials = n - 1
        let q = 1 - p
        // (k − 1) − (n − 1)p: the mode's distance from p, times n − 1.
        let distance = offset(hits, n, p, plusTimesP: 1)
        let below = distance >= 0
        let spread = (p * q / Double(n)).squareRoot()
        let step = Double(trials) * spread
        let x = Double(hits), rest = Double(trials - hits)
        let constant = stirlingRemainder(trials) - stirlingRemainder(hits) - stirlingRemainder(trials - hits)
            - 0.5 * Foundation.log(2 * Double.pi * x * (rest / Double(trials)))
            + Foundation.log(Double(n)) + Foundation.log(spread)
        func density(_ u: Double) -> Double {
            let t = below ? p - spread * u : p + spread * u
            let tComplement = below ? q + spread * u : q - spread * u
            let difference = below ? distance + step * u : distance - step * u
            let deviances = deviance(x, difference: difference, mean: Double(trials) * t)
                + deviance(rest, difference: -difference, mean: Double(trials) * tComplement)
            return Foundation.exp(constant - deviances)
        }
        let (nodes, weights) = gaussLegendre
        let width = 0.5
        var total = 0.0
        for panel in 0..<400 {
            let middle = (Double(panel) + 0.5) * width
            var part = 0.0
            for index in nodes.indices { part += weights[index] * density(middle + 0.5 * width * nodes[index]) }
            part *= 0.5 * width
            total += part
            if part <= 1e-18 * total { break }
        }
        return below ? Swift.min(1, total) : Swift.max(0, 1 - total)
    }

    /// Nodes and weights of the 20-point Gauss–Legendre rule on [−1, 1], by Newton's method on
    /// the Legendre polynomial from the usual cosine guesses.
    static let gaussLegendre: (nodes: [Double], weights: [Double]) = {
        let count = 20
        var nodes: [Double] = [], weights: [Double] = []
        for index in 1...count {
            var z = Foundation.cos(Double.pi * (Double(index) - 0.25) / (Double(count) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var current = 1.0, previous = 0.0
                for degree in 1...count {
                    let older = previous
                    previous = current
                    current = ((2 * Double(degree) - 1) * z * previous - (Double(degree) - 1) * older) / Double(degree)
                }
                derivative = Double(count) * (z * current - previous) / (z * z - 1)
                let next = z - current / derivative
                let converged = Swift.abs(next - z) <= 1e-16
                z = next
                if converged { break }
            }
            nodes.append(z)
            weights.append(2 / ((1 - z * z) * derivative * derivative))
        }
        return (nodes, weights)
    }()
}
