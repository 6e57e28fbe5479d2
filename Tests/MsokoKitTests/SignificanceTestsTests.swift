import Foundation
import Testing
@testable import MsokoKit

/// The tests behind the objectivity verdicts against values from scipy, numpy, statsmodels and
/// exact enumeration: Tests/Reference/significance_reference.json, written by
/// Tests/Reference/make_significance_reference.py (tools and versions inside the file).
@Suite struct SignificanceTestsTests {
    struct Reference: Decodable {
        struct CDF: Decodable { var z: Double; var cdf: Double }
        struct Quantile: Decodable { var p: Double; var quantile: Double }
        struct Adjust: Decodable { var p: [Double]; var bh: [Double]; var holm: [Double]; var bonferroni: [Double] }
        struct BinomSum: Decodable { var k: Int; var n: [Int]; var p: [Double]; var tail: Double }
        struct Stratified: Decodable {
            var x: [Double]; var y: [Double]; var s: [Stratum]; var rho: Double; var z: Double; var exact_p: Double?
        }
        /// Strata are written as text or numbers; both become keys.
        enum Stratum: Decodable {
            case text(String), number(Double)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .text(text) } else { self = .number(try container.decode(Double.self)) }
            }
            var key: Int64 {
                switch self {
                case .text(let text): return Int64(bitPattern: UInt64(truncatingIfNeeded: text.unicodeScalars.reduce(5381) { ($0 &* 33) &+ Int($1.value) }))
                case .number(let number): return Int64(number)
                }
            }
        }
        var normal_cdf: [CDF]
        var normal_quantile: [Quantile]
        var adjust: [Adjust]
        var binom_sum: [BinomSum]
        var stratified: [Stratified]
    }

    static func load() throws -> Reference {
        let url = TestPaths.repository.appendingPathComponent("Tests/Reference/significance_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= relative * Swift.max(abs(a), abs(b))
    }

    @Test func normalDistributionMatchesScipy() throws {
        let reference = try Self.load()
        for entry in reference.normal_cdf {
            let value = SignificanceTests.normalCDF(entry.z)
            #expect(Self.close(value, entry.cdf, relative: 1e-13), "Φ(\(entry.z)) = \(value), scipy \(entry.cdf)")
        }
        for entry in reference.normal_quantile {
            let value = try #require(SignificanceTests.normalQuantile(entry.p))
            #expect(Self.close(value, entry.quantile, relative: 1e-13), "Φ⁻¹(\(entry.p)) = \(value), scipy \(entry.quantile)")
        }
        #expect(SignificanceTests.normalQuantile(0) == nil)
        #expect(SignificanceTests.normalQuantile(1) == nil)
        #expect(SignificanceTests.normalCDF(.nan).isNaN)
    }

    @Test func adjustmentsMatchStatsmodels() throws {
        let reference = try Self.load()
        for entry in reference.adjust {
            for (method, expected) in [(SignificanceTests.Adjustment.bh, entry.bh), (.holm, entry.holm), (.bonferroni, entry.bonferroni)] {
                let adjusted = SignificanceTests.adjust(entry.p.map { Optional($0) }, method: method)
                for (index, value) in adjusted.enumerated() {
                    let got = try #require(value)
                    #expect(Self.close(got, expected[index], relative: 1e-12), "\(method) of \(entry.p)[\(index)]: \(got), statsmodels \(expected[index])")
                }
            }
        }
    }

    @Test func adjustmentSkipsNullsAndDoesNotCountThem() {
        let adjusted = SignificanceTests.adjust([0.01, nil, 0.04], method: .bonferroni)
        #expect(adjusted[0] == 0.02)
        #expect(adjusted[1] == nil)
        #expect(adjusted[2] == 0.08)
        #expect(SignificanceTests.adjust([], method: .bh).isEmpty)
    }

    @Test func sumOfBinomialsMatchesConvolution() throws {
        let reference = try Self.load()
        for entry in reference.binom_sum {
            let tail = try #require(SignificanceTests.binomialSumTail(atLeast: entry.k, trials: entry.n, probabilities: entry.p))
            #expect(abs(tail - entry.tail) <= 1e-12 * Swift.max(1e-300, entry.tail) + 1e-15,
                    "P(ΣX ≥ \(entry.k)) for n \(entry.n), p \(entry.p): \(tail), numpy \(entry.tail)")
        }
        #expect(SignificanceTests.binomialSumTail(atLeast: 1, trials: [-1], probabilities: [0.5]) == nil)
        #expect(SignificanceTests.binomialSumTail(atLeast: 1, trials: [3], probabilities: [1.5]) == nil)
    }

    @Test func sumOfBinomialsNormalApproximationAboveTheLimit() throws {
        // 30,000 trials at p = 1/3: the approximation must be close to the exact binomial tail
        // (scipy 1.17.1: binom.sf(10099, 30000, 1/3) = 0.111556; norm.sf with continuity
        // correction 0.111494). Documented as approximate, so checked to 1e-3.
        let tail = try #require(SignificanceTests.binomialSumTail(atLeast: 10_100, trials: [10_000, 20_000], probabilities: [1.0 / 3, 1.0 / 3]))
        #expect(abs(tail - 0.111556) < 1e-3)
    }

    @Test func stratifiedSpearmanMatchesScipyAndExactPermutations() throws {
        let reference = try Self.load()
        for entry in reference.stratified {
            let result = try #require(SignificanceTests.stratifiedSpearman(x: entry.x, y: entry.y, strata: entry.s.map(\.key)))
            #expect(Self.close(result.rho, entry.rho, relative: 1e-12), "pooled ρ \(result.rho), scipy \(entry.rho)")
            #expect(Self.close(result.z, entry.z, relative: 1e-12), "Z \(result.z), scipy \(entry.z)")
            if let exact = entry.exact_p {
                // Monte Carlo with B permutations: within 4 standard errors of the exact p, and
                // never below 1/(B + 1).
                let b = Double(result.permutations)
                let allowed = 4 * (Swift.max(exact, 1 / b) * (1 - exact) / b).squareRoot() + 1 / (b + 1)
                #expect(abs(result.pLower - exact) <= allowed, "p \(result.pLower) after \(result.permutations) permutations, exact \(exact)")
                #expect(result.pLower >= 1 / (b + 1))
            }
        }
    }

    @Test func stratifiedSpearmanIsReproducibleAndSkipsUninformativeStrata() throws {
        let x: [Double] = [2, 3, 4, 5, 3, 3, 3, 3, 4, 5]
        let y: [Double] = [10, 8, 6, 4, 1, 2, 3, 4, 9, 9]
        let strata: [Int64] = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3]
        let first = try #require(SignificanceTests.stratifiedSpearman(x: x, y: y, strata: strata))
        let second = try #require(SignificanceTests.stratifiedSpearman(x: x, y: y, strata: strata))
        #expect(first == second)
        // Stratum 2 has a constant x, stratum 3 only two pairs: only stratum 1 counts.
        #expect(first.strata == 1)
        #expect(first.pairs == 4)
        #expect(abs(first.rho + 1) < 1e-12)
        #expect(SignificanceTests.stratifiedSpearman(x: [1, 2], y: [2, 1], strata: [1, 1]) == nil)
    }

    /// The p-value of the permutation test depends on the pairs, not on the order of the rows
    /// nor on the numbers the strata happen to get (ids by first appearance in a group).
    @Test func stratifiedSpearmanDoesNotDependOnRowOrderOrStratumIds() throws {
        var generator = SignificanceTests.SplitMix64(state: 42)
        var x: [Double] = [], y: [Double] = [], strata: [Int64] = []
        for stratum in 0..<6 {
            for _ in 0..<(8 + stratum) {
                let a = Double(generator.next() % 5)
                x.append(a)
                y.append(Double(generator.next() % 7))  // no relation: p is far from its floor, ties in both
                strata.append(Int64(stratum))
            }
        }
        let original = try #require(SignificanceTests.stratifiedSpearman(x: x, y: y, strata: strata))
        #expect(original.permutations >= 999)
        #expect(original.pLower > 0.05, "a p-value away from its floor, where the order of the permutations shows")
        // The rows reversed, and the strata renumbered in another order.
        let order = Array(x.indices.reversed())
        let renumber: [Int64: Int64] = [0: 50, 1: 7, 2: 33, 3: 1, 4: 90, 5: 12]
        let shuffled = try #require(SignificanceTests.stratifiedSpearman(
            x: order.map { x[$0] }, y: order.map { y[$0] }, strata: order.map { renumber[strata[$0]] ?? 0 }))
        #expect(shuffled == original, "p \(shuffled.pLower) vs \(original.pLower)")
        // A rotation of the rows as well.
        let rotated = Array(x.indices.dropFirst(17)) + Array(x.indices.prefix(17))
        let third = try #require(SignificanceTests.stratifiedSpearman(
            x: rotated.map { x[$0] }, y: rotated.map { y[$0] }, strata: rotated.map { strata[$0] }))
        #expect(third == original)
    }

    @Test func aggregatesAndFunctionsInTheLanguage() throws {
        // The same figures through the language (Tests/Golden/data/significance.csv holds the
        // first stratified case and, in its first four rows, the second binomial case).
        let reference = try Self.load()
        let session = Session(sink: CollectingSink(format: .csv), overrides: [:], workingDirectory: TestPaths.repository.path)
        try session.run(SourceFile(name: "<test>", text: """
            load "Tests/Golden/data/significance.csv" as t
            let pooled = t | summarize rho = strat_spearman(x, y, s), z = strat_spearman_z(x, y, s), p = strat_spearman_p(x, y, s), tail = binom_sum_tail(k, n, pr)
            let adjusted = t | where k is not null | derive q = p_adjust(pr / 10, "bonferroni"), c = norm_cdf(n - 3)
            """))
        let pooled = try #require(session.datasets["pooled"]?.table)
        let stratified = reference.stratified[0], binomial = reference.binom_sum[1]
        #expect(Self.close(pooled.row(0)[0].asDouble ?? .nan, stratified.rho, relative: 1e-12))
        #expect(Self.close(pooled.row(0)[1].asDouble ?? .nan, stratified.z, relative: 1e-12))
        #expect(Self.close(pooled.row(0)[3].asDouble ?? .nan, binomial.tail, relative: 1e-12))
        let adjusted = try #require(session.datasets["adjusted"]?.table)
        #expect(adjusted.rowCount == 4)
        let q = (0..<adjusted.rowCount).compactMap { adjusted.row($0)[6].asDouble }
        #expect(q.count == 4)
        for (index, value) in q.enumerated() { #expect(Self.close(value, Swift.min(1, 4 * binomial.p[index] / 10), relative: 1e-12)) }
    }

    @Test func manyPairsUseTheNormalTailInsteadOfPermutations() throws {
        // 30,000 pairs in 3 strata with no association by construction (y = a permutation of x
        // that reverses every other block): p must come back at once as Φ(Z), Z's moments exact.
        var x: [Double] = [], y: [Double] = [], strata: [Int64] = []
        for index in 0..<30_000 {
            x.append(Double(index % 7))
            y.append(Double((index * 7_919) % 10_007))
            strata.append(Int64(index % 3))
        }
        let result = try #require(SignificanceTests.stratifiedSpearman(x: x, y: y, strata: strata))
        #expect(result.permutations == 0)
        #expect(abs(result.pLower - SignificanceTests.normalCDF(result.z)) < 1e-15)
        let small = try #require(SignificanceTests.stratifiedSpearman(x: Array(x.prefix(300)), y: Array(y.prefix(300)), strata: Array(strata.prefix(300))))
        #expect(small.permutations >= 999)
    }
}
