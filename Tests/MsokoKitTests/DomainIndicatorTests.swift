import Foundation
import Testing
@testable import MsokoKit

/// The prelude's indicators and the domain aggregates on small cases computed by hand.
@Suite struct DomainIndicatorTests {
    /// Ten pupils: marks 5, 5, 4, 4, 4, 3, 3, 2, null (absent), 2; journal marks beside them.
    static let pupils = """
    pupil,mark,journal,score,mx
    1,5,5,18,20
    2,5,4,17,20
    3,4,5,14,20
    4,4,4,12,20
    5,4,5,11,20
    6,3,5,9,20
    7,3,3,8,20
    8,2,4,4,20
    9,,4,,20
    10,2,,3,20
    """

    func run(_ statement: String, data: String = DomainIndicatorTests.pupils) throws -> [String: String] {
        let folder = Domain.temporaryFolder("indicators")
        defer { try? FileManager.default.removeItem(at: folder) }
        try data.replacingOccurrences(of: "    ", with: "").write(to: folder.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let result = runScript("load \"p.csv\" as p\n" + statement, format: .csv, in: folder)
        #expect(result.ok, "\(result.err)")
        let (header, rows) = Domain.parseCSV(result.out)
        return Dictionary(uniqueKeysWithValues: zip(header, rows.first ?? []))
    }

    func number(_ row: [String: String], _ key: String) -> Double { Double(row[key] ?? "") ?? .nan }

    @Test func markIndicators() throws {
        let row = try run("p | summarize q = quality(mark), pr = pass_rate(mark), two = mark_pct(mark, 2), mm = mean_mark(mark), s = sou(mark), sna = sou_na(mark), n = count(mark)")
        // 9 marks: 5,5,4,4,4,3,3,2,2
        #expect(row["n"] == "9")
        #expect(abs(number(row, "q") - 500.0 / 9) < 1e-12)          // (2 + 3) / 9
        #expect(abs(number(row, "pr") - 700.0 / 9) < 1e-12)         // 7 / 9
        #expect(abs(number(row, "two") - 200.0 / 9) < 1e-12)        // 2 / 9
        #expect(abs(number(row, "mm") - 32.0 / 9) < 1e-12)          // 32 / 9
        // СОУ = (100·2 + 64·3 + 36·2 + 16·2) / 9 = 496 / 9
        #expect(abs(number(row, "s") - 496.0 / 9) < 1e-12)
        // with н/а: the absent pupil counts 7 and is part of N = 10
        #expect(abs(number(row, "sna") - 503.0 / 10) < 1e-12)
    }

    @Test func scoreIndicators() throws {
        let row = try run("p | summarize ms = mean_score(score), pm = pct_max(score, mx), sr = solve_rate(score, mx)")
        // scores of the 9 who wrote: 18+17+14+12+11+9+8+4+3 = 96
        #expect(abs(number(row, "ms") - 96.0 / 9) < 1e-12)
        #expect(abs(number(row, "pm") - 9600.0 / 9 / 20) < 1e-9)
        // solve_rate counts the empty score as 0 points of its max: 96 / (10 · 20) · 100
        #expect(abs(number(row, "sr") - 48) < 1e-12)
    }

    @Test func journalComparison() throws {
        let row = try run("p | summarize lo = lowered(mark, journal), co = confirmed(mark, journal), ra = raised(mark, journal), lo2 = lowered2(mark, journal)")
        // pairs with both (8): (5,5) (5,4) (4,5) (4,4) (4,5) (3,5) (3,3) (2,4)
        #expect(abs(number(row, "lo") - 50) < 1e-12)     // 4 of 8 below the journal
        #expect(abs(number(row, "co") - 37.5) < 1e-12)   // 3 of 8
        #expect(abs(number(row, "ra") - 12.5) < 1e-12)   // 1 of 8
        #expect(abs(number(row, "lo2") - 25) < 1e-12)    // (3,5) and (2,4)
    }

    @Test func thresholds() throws {
        let tasks = """
        task,level,mx,rate
        1,Б,1,56.9
        2,Б,2,58
        3,П,2,29
        4,В,3,28
        """
        let row = try run("p | summarize s1 = first(task_status(rate, level)), s = list(task_status(rate, level)), low = group_insufficient_below(level, mx), high = group_sufficient_from(level, mx)", data: tasks)
        // 1: недостаточно (< 57), 2: пограничный, 3: пограничный (28.5–30), 4: недостаточно
        #expect(row["s1"] == "недостаточно")
        #expect(row["s"] == "недостаточно, пограничный")
        // weighted: (57·1 + 57·2 + 28.5·2 + 28.5·3) / 8, (60·3 + 30·5) / 8
        #expect(abs(number(row, "low") - (57.0 * 3 + 28.5 * 5) / 8) < 1e-12)
        #expect(abs(number(row, "high") - (60.0 * 3 + 30 * 5) / 8) < 1e-12)
    }

    @Test func intervalsAndRanks() throws {
        let row = try run("p | summarize lo = ci_low(score), hi = ci_high(score), wl = wilson_low(mark >= 4), wh = wilson_high(mark >= 4), rho = spearman(journal, score), rp = spearman_p(journal, score)")
        let scores: [Double] = [18, 17, 14, 12, 11, 9, 8, 4, 3]
        let mean = scores.reduce(0, +) / 9
        let sd = (scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
        #expect(abs(number(row, "lo") - (mean - 1.96 * sd / 3)) < 1e-9)
        #expect(abs(number(row, "hi") - (mean + 1.96 * sd / 3)) < 1e-9)
        // Wilson for 5 of 9, z = 1.96: 26.67 % … 81.12 % (statsmodels proportion_confint)
        #expect(abs(number(row, "wl") - 26.66513) < 1e-3)
        #expect(abs(number(row, "wh") - 81.12215) < 1e-3)
        // scipy.stats.spearmanr([5,4,5,4,5,5,3,4], [18,17,14,12,11,9,8,4]) = 0.4042714114919083, p = 0.32053196164635583
        #expect(abs(number(row, "rho") - 0.4042714114919083) < 1e-12)
        #expect(abs(number(row, "rp") - 0.32053196164635583) < 1e-9)
    }

    @Test func binomialTailAndPeaks() throws {
        // scipy.stats.binom.sf(10, 12, 1/3) = P(X ≥ 11) = 25 / 3^12
        #expect(abs(Statistics.binomialTail(atLeast: 11, trials: 12, probability: 1.0 / 3)! - 25.0 / 531441) < 1e-15)
        #expect(Statistics.binomialTail(atLeast: 0, trials: 5, probability: 0.3) == 1)
        #expect(Statistics.binomialTail(atLeast: 6, trials: 5, probability: 0.3) == 0)
        // P(X ≥ 2; 22, 0.1) = 0.6608011336923114 (scipy)
        #expect(abs(Statistics.binomialTail(atLeast: 2, trials: 22, probability: 0.1)! - 0.6608011336923114) < 1e-12)
        let row = try run("p | summarize n = count() | derive peak = peak_p(11, 0, 0), none = peak_p(3, 3, 3)")
        #expect(abs(number(row, "peak") - pow(1.0 / 3, 11)) < 1e-15)
        // P(X ≥ 3; 9, 1/3) = 0.6228217243306404 (scipy)
        #expect(abs(number(row, "none") - 0.6228217243306404) < 1e-12)
    }

    @Test func correlationPValue() {
        // scipy.stats.spearmanr on n = 40 with rho = -0.5: p = 0.001019132728961268
        let p = Statistics.correlationPValue(-0.5, count: 40)!
        #expect(abs(p - 0.001019132728961268) < 1e-12)
        #expect(Statistics.correlationPValue(1, count: 10) == 0)
        #expect(Statistics.correlationPValue(0.3, count: 2) == nil)
    }

    @Test func findingIdParts() throws {
        let row = try run("p | summarize n = count() | derive a = \"F\" + id_part(null) + id_part(\"S03\") + id_part(6)")
        #expect(row["a"] == "F-S03-6")
    }
}
