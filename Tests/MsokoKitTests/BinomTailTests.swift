import Foundation
import Testing
@testable import MsokoKit

/// `binom_tail(k, n, p)` = P(X ≥ k), X ~ Binomial(n, p), against Tests/Reference/binom_reference.json
/// (written by Tests/Reference/make_binom_reference.py: mpmath at 50–60 digits, and scipy where
/// scipy itself is exact), and the function's edges in the language.
@Suite struct BinomTailTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var k: Int
            var n: Int
            var p: Double
            var exact: Double
            var method: String
            var scipy: Double?
            var scipy_exact: Bool?
        }
        var cases: [Case]
    }

    static func load() throws -> Reference {
        let url = TestPaths.repository.appendingPathComponent("Tests/Reference/binom_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    /// 1e-12 relative, or 1e-300 absolute for values below the normal range of doubles.
    static func close(_ value: Double, _ expected: Double) -> Bool {
        Swift.abs(value - expected) <= 1e-12 * Swift.abs(expected) + 1e-300
    }

    @Test func matchesHighPrecisionReference() throws {
        let reference = try Self.load()
        #expect(reference.cases.count >= 300)
        var worst = (error: 0.0, label: "")
        for entry in reference.cases {
            let value = try #require(BinomialTail.upper(atLeast: entry.k, trials: entry.n, probability: entry.p))
            #expect(Self.close(value, entry.exact),
                    "P(X ≥ \(entry.k); n = \(entry.n), p = \(entry.p)) = \(value), \(entry.method) \(entry.exact)")
            if entry.exact >= 1e-300 {
                let error = Swift.abs(value - entry.exact) / entry.exact
                if error > worst.error { worst = (error, "k = \(entry.k), n = \(entry.n), p = \(entry.p)") }
            }
        }
        print("binom_tail: largest relative error against the reference \(worst.error) at \(worst.label)")
    }

    @Test func matchesScipyWhereScipyIsExact() throws {
        let reference = try Self.load()
        var compared = 0
        for entry in reference.cases where entry.scipy_exact == true {
            let scipy = try #require(entry.scipy)
            let value = try #require(BinomialTail.upper(atLeast: entry.k, trials: entry.n, probability: entry.p))
            #expect(Self.close(value, scipy), "P(X ≥ \(entry.k); n = \(entry.n), p = \(entry.p)) = \(value), scipy \(scipy)")
            compared += 1
        }
        #expect(compared >= 300)
    }

    @Test func theWholeReferenceTakesMilliseconds() throws {
        let reference = try Self.load()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for entry in reference.cases { _ = BinomialTail.upper(atLeast: entry.k, trials: entry.n, probability: entry.p) }
        }
        print("binom_tail: \(reference.cases.count) reference cases in \(elapsed)")
        // Debug build; about 30 ms here. The old term-by-term sum took 6 s for n = 10⁸ alone.
        #expect(elapsed < .seconds(2))
    }

    @Test func edgesAndTheCasesOfTheIssue() {
        #expect(BinomialTail.upper(atLeast: 1, trials: Int.max, probability: 0.5) == 1)
        #expect(BinomialTail.upper(atLeast: 1, trials: 100_000_000, probability: 0.5) == 1)
        #expect(BinomialTail.upper(atLeast: Int.max, trials: Int.max, probability: 0.5) == 0)
        #expect(BinomialTail.upper(atLeast: 0, trials: 0, probability: 0.5) == 1)
        #expect(BinomialTail.upper(atLeast: 1, trials: 0, probability: 0.5) == 0)
        #expect(BinomialTail.upper(atLeast: Int.min, trials: 5, probability: 0.5) == 1)
        #expect(BinomialTail.upper(atLeast: 3, trials: 10, probability: 0) == 0)
        #expect(BinomialTail.upper(atLeast: 10, trials: 10, probability: 1) == 1)
        #expect(BinomialTail.upper(atLeast: 1, trials: -1, probability: 0.5) == nil)
        #expect(BinomialTail.upper(atLeast: 1, trials: 3, probability: 1.5) == nil)
        #expect(BinomialTail.upper(atLeast: 1, trials: 3, probability: .nan) == nil)
        // P(X ≥ n) = pⁿ, P(X ≥ 1) = 1 − qⁿ.
        #expect(Self.close(BinomialTail.upper(atLeast: 40, trials: 40, probability: 0.7) ?? .nan, Foundation.pow(0.7, 40)))
        #expect(Self.close(BinomialTail.upper(atLeast: 1, trials: 1000, probability: 1e-9) ?? .nan, -Foundation.expm1(1000 * Foundation.log1p(-1e-9))))
        // The centre of a huge symmetric distribution: P(X ≥ n/2) = ½ + ½·P(X = n/2), n even.
        let n = 1_000_000_000_000_000_000
        let centre = 0.5 + 0.5 * BinomialTail.probability(n / 2, trials: n, probability: 0.5)
        #expect(Self.close(BinomialTail.upper(atLeast: n / 2, trials: n, probability: 0.5) ?? .nan, centre))
        // Monotone in k across the switch between the continued fraction and the integral.
        let big = 4_000_000, mean = big / 2, spread = Int((Double(big) / 4).squareRoot())
        var previous = 1.0
        for k in stride(from: mean - 4 * spread, through: mean + 4 * spread, by: spread / 8) {
            let value = BinomialTail.upper(atLeast: k, trials: big, probability: 0.5) ?? .nan
            #expect(value <= previous, "P(X ≥ \(k)) = \(value) above P(X ≥ \(k - spread / 8)) = \(previous)")
            previous = value
        }
    }

    @Test func probabilitiesSumToOne() {
        for (n, p) in [(1, 0.5), (7, 0.3), (50, 1e-6), (400, 0.999), (3000, 1.0 / 3)] {
            var sum = 0.0
            for k in 0...n { sum += BinomialTail.probability(k, trials: n, probability: p) }
            #expect(Swift.abs(sum - 1) < 1e-13, "n = \(n), p = \(p): Σ P(X = k) = \(sum)")
        }
    }

    /// Runs `derive t = EXPRESSION` on a one-row table and returns t as printed in CSV (or the error).
    func evaluate(_ expression: String) -> (value: String, error: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-binom-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try? "x\n1\n".write(to: folder.appendingPathComponent("one.csv"), atomically: true, encoding: .utf8)
        let result = runScript("load \"one.csv\" as one\none | derive t = \(expression) | select t", format: .csv, in: folder)
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.count > 1 ? String(lines[1]) : "", result.err)
    }

    @Test func inTheLanguage() {
        #expect(evaluate("binom_tail(1, 9223372036854775807, 0.5)").value == "1")
        #expect(evaluate("binom_tail(1, 1e8, 0.5)").value == "1")
        // n may be a whole double beyond 10¹⁵.
        #expect(Double(evaluate("binom_tail(500000000000000000, 1e18, 0.5)").value).map { Swift.abs($0 - 0.5000000003989423) < 1e-15 } == true)
        // k need not be whole: X ≥ 2.5 is X ≥ 3.
        #expect(evaluate("binom_tail(2.5, 10, 0.3)").value == evaluate("binom_tail(3, 10, 0.3)").value)
        #expect(evaluate("binom_tail(-0.5, 10, 0.3)").value == "1")
        #expect(evaluate("binom_tail(1e30, 10, 0.3)").value == "0")
        // Nulls propagate.
        #expect(evaluate("binom_tail(null, 10, 0.3)").value == "")
        #expect(evaluate("binom_tail(3, null, 0.3)").value == "")
        #expect(evaluate("binom_tail(3, 10, null)").value == "")
        // n must be a whole number of trials; p a probability.
        #expect(evaluate("binom_tail(1, 2.5, 0.3)").error.contains("needs a whole number of trials n ≥ 0, got 2.5"))
        #expect(evaluate("binom_tail(1, -3, 0.3)").error.contains("needs a whole number of trials n ≥ 0, got -3"))
        #expect(evaluate("binom_tail(1, 3, 1.5)").error.contains("needs a probability p between 0 and 1, got 1.5"))
        #expect(evaluate("binom_tail(\"a\", 3, 0.5)").error.contains("needs a number"))
    }
}
