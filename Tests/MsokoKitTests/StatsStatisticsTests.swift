import Foundation
import Testing
@testable import MsokoKit

/// The plain statistics on doubles, and the percentile definition checked against Miller.
@Suite struct StatsStatisticsTests {
    @Test func basicStatistics() {
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(values) == 5)
        #expect(Statistics.variance(values) == 32.0 / 7)
        #expect(Statistics.stddev(values) == (32.0 / 7).squareRoot())
        #expect(Statistics.median(values) == 4.5)
        #expect(Statistics.quantile(values, p: 0.25) == 4)
        #expect(Statistics.quantile(values, p: 0.9) == 7.6 || abs(Statistics.quantile(values, p: 0.9)! - 7.6) < 1e-15)
        #expect(Statistics.mode(values) == 4)
        #expect(Statistics.mode([3, 1, 3, 1]) == 1)
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.variance([1]) == nil)
        #expect(Statistics.median([]) == nil)
        #expect(Statistics.quantile([1, 2], p: -0.1) == nil)
    }

    @Test func correlations() {
        #expect(Statistics.pearson([1, 2, 3], [2, 4, 6]) == 1)
        #expect(Statistics.pearson([1, 2, 3], [1, 1, 1]) == nil)
        #expect(Statistics.pearson([1, 2], [1]) == nil)
        // Ties share their average rank: [1, 2, 2, 3] ranks as [1, 2.5, 2.5, 4].
        #expect(Statistics.averageRanks([1, 2, 2, 3]) == [1, 2.5, 2.5, 4])
        #expect(Statistics.averageRanks([30, 10, 20, 10]) == [4, 1.5, 3, 1.5])
        // Monotone but not linear: Spearman 1, Pearson below 1.
        let x = [1.0, 2, 3, 4, 5], y = [1.0, 4, 9, 16, 100]
        #expect(Statistics.spearman(x, y) == 1)
        #expect(Statistics.pearson(x, y)! < 1)
    }

    @Test func intervals() throws {
        // x̄ = 5, s = √(32/7), n = 8.
        let values = [2.0, 4, 4, 4, 5, 5, 7, 9]
        let ci = try #require(Statistics.meanConfidenceInterval(values))
        let half = 1.96 * (32.0 / 7).squareRoot() / 8.0.squareRoot()
        #expect(abs(ci.low - (5 - half)) < 1e-14 && abs(ci.high - (5 + half)) < 1e-14)
        #expect(Statistics.meanConfidenceInterval([1]) == nil)
        // Wilson, 8 of 10, z = 1.96, by the formula evaluated separately in Python.
        let wilson = try #require(Statistics.wilson(successes: 8, trials: 10))
        #expect(abs(wilson.low - 0.49015684672072335) < 1e-15 && abs(wilson.high - 0.9433190520193067) < 1e-15)
        let none = try #require(Statistics.wilson(successes: 0, trials: 10))
        #expect(none.low == 0 && none.high > 0.27 && none.high < 0.28)
        #expect(Statistics.wilson(successes: 1, trials: 0) == nil)
        #expect(Statistics.wilson(successes: 11, trials: 10) == nil)
    }

    /// Miller's `stats1 -i` (interpolated percentiles) on x = 0, 1, …, n−1 for n = 1…11:
    /// cases 0012–0022 of verb-stats1-percentile-interpolation. Miller interpolates at index
    /// p·(n−1), which is type 7, so every p00…p100 must agree (Miller prints 8 decimals).
    /// Cases 0001–0011 are Miller's non-interpolated percentiles (the value at index ⌊p·n⌋,
    /// e.g. p50 of 0…3 is 2, where type 7 gives 1.5): a different definition, not asserted.
    @Test func quantileAgreesWithMillerInterpolatedPercentiles() throws {
        let millerRoot = CorpusTable.corpusURL("miller")
        let input = try String(contentsOf: millerRoot.appendingPathComponent("test/input/x0to10.dat"), encoding: .utf8)
        let xs = input.split(separator: "\n").compactMap { line in line.split(separator: "=").last.flatMap { Double($0) } }
        try #require(xs.count == 11, "x0to10.dat should hold x=0…10")
        var checked = 0
        for caseNumber in 12...22 {
            let folder = millerRoot.appendingPathComponent(String(format: "verb-stats1-percentile-interpolation/%04d", caseNumber))
            let command = try String(contentsOf: folder.appendingPathComponent("cmd"), encoding: .utf8)
            #expect(command.contains("stats1 -i"), "case \(caseNumber) should interpolate")
            let head = try #require(command.components(separatedBy: "head -n ").last?.split(separator: " ").first.flatMap { Int($0) })
            let data = Array(xs.prefix(head))
            let expout = try String(contentsOf: folder.appendingPathComponent("expout"), encoding: .utf8)
            for line in expout.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count == 2, fields[0].hasPrefix("x_p"), let percent = Double(fields[0].dropFirst(3)),
                      let expected = Double(fields[1]) else { continue }
                let actual = try #require(Statistics.quantile(data, p: percent / 100))
                #expect(abs(actual - expected) <= 5e-9, "n=\(head) p\(Int(percent)): \(actual) vs Miller \(expected)")
                let grouped = try GroupedAggregation.compute(.quantile, arguments: [Column(.double(data))],
                                                             parameter: percent / 100, groups: [Int32](repeating: 0, count: data.count),
                                                             groupCount: 1)
                #expect(grouped.value(at: 0) == .double(actual))
                checked += 1
            }
        }
        #expect(checked == 11 * 101)
    }
}
