import Foundation
import Testing
@testable import MsokoKit

/// The objectivity signs computed by Scripts/lib/objectivity.msoko on the sample district
/// (tables `school_work` and `school_verdict`), against an independent computation with DuckDB,
/// numpy, scipy and statsmodels (Tests/Reference/domain_reference.json, written by
/// Tests/Reference/make_domain_reference.py).
///
/// Everything is compared to 1e-9 relative except p_journal, a Monte Carlo permutation p-value
/// in msoko and in the reference alike: it is checked loosely (against the reference's own
/// 20,000 permutations and the sign of the pooled Z). What depends on it — the school's p, its
/// q over schools, the journal sign's q — is recomputed here from msoko's p_journal and the
/// reference's other signs (`p_other`), with Benjamini–Hochberg written out below.
@Suite(.serialized) struct DomainMarkerTests {
    struct Reference: Decodable {
        struct Work: Decodable {
            var year: Int; var subject: String; var grade: Int; var school_id: String; var n: Int
            var mean: Double; var ci_low: Double?; var ci_high: Double?; var region_high: Double?; var m1: Bool?
            var mean_z: Double?; var rho: Double?; var rho_p: Double?; var rho_n: Int
        }
        struct School: Decodable {
            var year: Int; var school_id: String; var works_n: Int; var pupils_n: Int; var m1_works: Int
            var z_mean: Double?; var p_mean: Double?; var q_mean: Double?
            var journal_n: Int; var rho_pooled: Double?; var z_journal: Double?; var p_journal_mc: Double?
            var windows_n: Int; var at_threshold: Int; var near_threshold: Int; var expected_at: Double?; var p_peaks: Double?; var q_peaks: Double?
            var z_cohort: Double?; var cohort_subjects: Int?; var p_cohort: Double?; var q_cohort: Double?
            var z_gia: Double?; var p_gia: Double?; var q_gia: Double?
            var levels_n: Int?; var u_mean: Double?; var easy_gap: Double?; var hard_gap: Double?; var z_levels: Double?; var p_levels: Double?; var q_levels: Double?
            var signs_n: Int; var p_other: Double?; var verdict_mc: String
        }
        var permutations: Int; var alpha: Double
        var school_work: [Work]; var school_verdict: [School]
    }

    static let reference: Reference = {
        let url = TestPaths.repository.appendingPathComponent("Tests/Reference/domain_reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    /// Relative 1e-9 (`floor`: an absolute allowance for figures that may be near 0, such as a
    /// z or a gap; p-values get none, so that a p of 1e-60 is checked to 1e-9 of itself).
    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9, floor: Double = 1e-12) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return abs(x - y) <= tolerance * abs(y) + floor
        default: return false
        }
    }
    static func closeP(_ a: Double?, _ b: Double?) -> Bool { close(a, b, floor: 0) }
    /// The script computes the upper tails of p_mean, p_cohort and p_gia as 1 − Φ(z), whose
    /// absolute error (~1e-16, times the Bonferroni and BH factors) is all such a p carries when it
    /// is tiny (1 − Φ(20) comes out 0); the reference uses scipy's accurate norm.sf. These p's, their
    /// q's and the school's p and q get an absolute floor of 1e-13.
    static func closeTail(_ a: Double?, _ b: Double?) -> Bool { close(a, b, floor: 1e-13) }

    /// Benjamini–Hochberg adjusted p-values (nulls stay null and do not count): q_(i) =
    /// min over j ≥ i of p_(j)·m/j, at most 1.
    static func benjaminiHochberg(_ p: [Double?]) -> [Double?] {
        let present = p.indices.filter { p[$0] != nil }.sorted { p[$0]! < p[$1]! }
        let m = Double(present.count)
        var q = [Double?](repeating: nil, count: p.count)
        var running = 1.0
        for (rank, index) in present.enumerated().reversed() {
            running = min(running, p[index]! * m / Double(rank + 1))
            q[index] = running
        }
        return q
    }

    static func session(_ year: Int) throws -> Session {
        try Domain.session("""
            run "Scripts/lib/load.msoko" with year = \(year)
            run "Scripts/lib/objectivity.msoko" with year = \(year)
            """)
    }

    @Test(arguments: [2023, 2024, 2025])
    func schoolWorkMatchesTheIndependentComputation(year: Int) throws {
        let session = try Self.session(year)
        func key(_ subject: String, _ grade: Int, _ school: String) -> String { "\(year)|\(subject)|\(grade)|\(school)" }
        var ours: [String: [String: Value]] = [:]
        for row in Domain.rows(session, "school_work") {
            ours[key(row["subject"]!.text, Int(row["grade"]!.double!), row["school_id"]!.text)] = row
        }
        let expected = Self.reference.school_work.filter { $0.year == year }
        #expect(!expected.isEmpty)
        #expect(ours.count == expected.count, "school × work rows")
        for ref in expected {
            let label = key(ref.subject, ref.grade, ref.school_id)
            guard let row = ours[label] else { Issue.record("missing \(label)"); continue }
            #expect(Int(row["n"]!.double!) == ref.n, "\(label) n")
            #expect(Self.close(row["mean_score"]!.double, ref.mean), "\(label) mean")
            #expect(Self.close(row["low"]!.double, ref.ci_low), "\(label) ci_low")
            #expect(Self.close(row["high"]!.double, ref.ci_high), "\(label) ci_high")
            #expect(Self.close(row["region_high"]!.double, ref.region_high), "\(label) region CI")
            #expect(row["m1"]!.bool == ref.m1, "\(label) marker 1")
            #expect(Self.close(row["mean_z"]!.double, ref.mean_z), "\(label) mean z")
            #expect(Self.close(row["rho"]!.double, ref.rho), "\(label) rho \(row["rho"]!.text) vs \(String(describing: ref.rho))")
            #expect(Self.close(row["rho_p"]!.double, ref.rho_p, 1e-7, floor: 0), "\(label) rho p")
            #expect(Int(row["rho_n"]!.double!) == ref.rho_n, "\(label) rho n")
        }
    }

    @Test(arguments: [2023, 2024, 2025])
    func schoolVerdictsMatchTheIndependentComputation(year: Int) throws {
        let session = try Self.session(year)
        let rows = Domain.rows(session, "school_verdict")
        let expected = Self.reference.school_verdict.filter { $0.year == year }
        #expect(rows.count == expected.count, "school rows")
        let alpha = Self.reference.alpha

        func double(_ row: [String: Value], _ name: String) -> Double? { row[name]!.double }
        func int(_ row: [String: Value], _ name: String) -> Int? { row[name]!.double.map { Int($0) } }

        var pSchool: [Double?] = [], pJournal: [Double?] = [], order: [[String: Value]] = []
        for ref in expected {
            let label = "\(year) \(ref.school_id)"
            guard let row = rows.first(where: { $0["school_id"]!.text == ref.school_id }) else { Issue.record("missing \(label)"); continue }
            order.append(row)
            #expect(int(row, "works_n") == ref.works_n && int(row, "pupils_n") == ref.pupils_n && int(row, "m1_works") == ref.m1_works, "\(label) counts")
            let figures: [(String, Double?)] = [
                ("z_mean", ref.z_mean), ("rho_pooled", ref.rho_pooled), ("z_journal", ref.z_journal), ("expected_at", ref.expected_at),
                ("z_cohort", ref.z_cohort), ("z_gia", ref.z_gia), ("u_mean", ref.u_mean), ("easy_gap", ref.easy_gap),
                ("hard_gap", ref.hard_gap), ("z_levels", ref.z_levels),
            ]
            for (name, value) in figures {
                #expect(Self.close(double(row, name), value), "\(label) \(name): \(row[name]!.text) vs \(String(describing: value))")
            }
            for (name, value) in [("p_peaks", ref.p_peaks), ("q_peaks", ref.q_peaks), ("p_levels", ref.p_levels), ("q_levels", ref.q_levels)] {
                #expect(Self.closeP(double(row, name), value), "\(label) \(name): \(row[name]!.text) vs \(String(describing: value))")
            }
            for (name, value) in [("p_mean", ref.p_mean), ("q_mean", ref.q_mean), ("p_cohort", ref.p_cohort), ("q_cohort", ref.q_cohort),
                                  ("p_gia", ref.p_gia), ("q_gia", ref.q_gia)] {
                #expect(Self.closeTail(double(row, name), value), "\(label) \(name): \(row[name]!.text) vs \(String(describing: value))")
            }
            let counts: [(String, Int?)] = [
                ("journal_n", ref.journal_n), ("windows_n", ref.windows_n), ("at_threshold", ref.at_threshold),
                ("near_threshold", ref.near_threshold), ("cohort_subjects", ref.cohort_subjects), ("levels_n", ref.levels_n),
                ("signs_n", ref.signs_n),
            ]
            for (name, value) in counts {
                #expect(int(row, name) == value, "\(label) \(name): \(row[name]!.text) vs \(String(describing: value))")
            }

            // p_journal: Monte Carlo in both; loose checks only.
            let p = double(row, "p_journal")
            #expect((p == nil) == (ref.z_journal == nil), "\(label) p_journal present")
            if let p, let z = ref.z_journal, let mc = ref.p_journal_mc {
                if z > 1 { #expect(p >= 0.5, "\(label) p_journal \(p) with Z = \(z)") }
                if z < -3 { #expect(p < 0.01, "\(label) p_journal \(p) with Z = \(z)") }
                // msoko uses at least 999 permutations: 5 standard errors of that, plus the +1.
                #expect(abs(p - mc) <= 5 * (mc * (1 - mc) / 999).squareRoot() + 0.002, "\(label) p_journal \(p) vs \(mc)")
            }
            pJournal.append(p)
            // The school's p: Bonferroni over its signs, from msoko's p_journal and the reference's other p's.
            let smallest = [p, ref.p_other].compactMap { $0 }.min()
            let expectedSchool = smallest.map { min(1, Double(ref.signs_n) * $0) }
            #expect(Self.closeTail(double(row, "p_school"), expectedSchool), "\(label) p_school")
            pSchool.append(expectedSchool)
        }

        let qSchool = Self.benjaminiHochberg(pSchool), qJournal = Self.benjaminiHochberg(pJournal)
        for (index, ref) in expected.enumerated() where index < order.count {
            let row = order[index], label = "\(year) \(ref.school_id)"
            #expect(Self.closeTail(double(row, "q_school"), qSchool[index]), "\(label) q_school")
            #expect(Self.closeP(double(row, "q_journal"), qJournal[index]), "\(label) q_journal")
            let flagged = (qSchool[index] ?? 1) <= alpha
            #expect(row["non_objective"]!.bool == flagged, "\(label) flagged")
            let highMean = ref.m1_works > 0 && 2 * ref.m1_works >= ref.works_n
            let verdict = flagged ? "признаки необъективности результатов (методика ФИОКО)"
                : ref.signs_n == 0 || ref.pupils_n < 10 ? "недостаточно данных для вывода"
                : highMean ? "высокие результаты" : "признаков необъективности не выявлено"
            #expect(row["verdict"]!.text == verdict, "\(label) verdict")
            // and the reference's own verdict, with its own p_journal
            #expect(row["verdict"]!.text == ref.verdict_mc, "\(label) verdict against the reference's")
        }
    }
}
