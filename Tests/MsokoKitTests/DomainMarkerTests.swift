import Foundation
import Testing
@testable import MsokoKit

/// The objectivity markers computed by Scripts/lib/objectivity.msoko on the sample district,
/// against an independent computation with DuckDB and scipy (Tests/Reference/domain_reference.json,
/// written by Tests/Reference/make_domain_reference.py).
@Suite(.serialized) struct DomainMarkerTests {
    struct Reference: Decodable {
        struct Marker: Decodable {
            var year: Int; var subject: String; var grade: Int; var school_id: String; var n: Int
            var mean: Double; var ci_low: Double?; var ci_high: Double?; var region_high: Double
            var rho: Double?; var rho_p: Double?; var rho_n: Int; var m1: Bool; var m2: Bool; var peaks: Int?; var m4: Bool
        }
        struct Cohort: Decodable {
            var year: Int; var subject: String; var grade: Int; var school_id: String; var k: Double
            var n_before: Int; var n_after: Int; var lower: Double; var upper: Double; var m3: Bool
        }
        struct Verdict: Decodable { var year: Int; var school_id: String; var non_objective: Bool }
        var markers: [Marker]; var cohort: [Cohort]; var verdicts: [Verdict]
    }

    static let reference: Reference = {
        let url = TestPaths.repository.appendingPathComponent("Tests/Reference/domain_reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return abs(x - y) <= tolerance * max(1, abs(y))
        default: return false
        }
    }

    @Test(arguments: [2024, 2025])
    func markersMatchTheIndependentComputation(year: Int) throws {
        let session = try Domain.session("""
            run "Scripts/lib/load.msoko" with year = \(year)
            run "Scripts/lib/objectivity.msoko" with year = \(year)
            """)
        func key(_ year: Int, _ subject: String, _ grade: Int, _ school: String) -> String { "\(year)|\(subject)|\(grade)|\(school)" }

        var ours: [String: [String: Value]] = [:]
        for row in Domain.rows(session, "markers") {
            ours[key(Int(row["year"]!.double!), row["subject"]!.text, Int(row["grade"]!.double!), row["school_id"]!.text)] = row
        }
        let expected = Self.reference.markers.filter { $0.year == year }
        #expect(ours.count == expected.count, "school × work rows")
        for ref in expected {
            let label = key(ref.year, ref.subject, ref.grade, ref.school_id)
            guard let row = ours[label] else { Issue.record("missing \(label)"); continue }
            #expect(Int(row["n"]!.double!) == ref.n, "\(label) n")
            #expect(Self.close(row["mean_score"]!.double, ref.mean), "\(label) mean")
            #expect(Self.close(row["low"]!.double, ref.ci_low), "\(label) ci_low")
            #expect(Self.close(row["high"]!.double, ref.ci_high), "\(label) ci_high")
            #expect(Self.close(row["region_high"]!.double, ref.region_high), "\(label) region CI")
            #expect(Self.close(row["rho"]!.double, ref.rho, 1e-12), "\(label) rho \(row["rho"]!.text) vs \(String(describing: ref.rho))")
            if ref.rho_p != nil {
                #expect(Self.close(row["rho_p"]!.double, ref.rho_p, 1e-7), "\(label) rho p")
            }
            #expect(Int(row["rho_n"]!.double!) == ref.rho_n, "\(label) rho n")
            #expect(row["m1"]!.bool == ref.m1, "\(label) marker 1")
            #expect((row["m2"]!.bool ?? false) == ref.m2, "\(label) marker 2")
            if let peaks = ref.peaks { #expect(Int(row["peaks_n"]!.double ?? -1) == peaks, "\(label) peaks") }
            #expect(row["m4"]!.bool == ref.m4, "\(label) marker 4")
        }

        var cohort: [String: [String: Value]] = [:]
        for row in Domain.rows(session, "cohort_k") {
            cohort[key(Int(row["year"]!.double!), row["subject"]!.text, Int(row["grade"]!.double!), row["school_id"]!.text)] = row
        }
        let expectedCohort = Self.reference.cohort.filter { $0.year == year }
        #expect(cohort.count == expectedCohort.count, "cohort rows")
        for ref in expectedCohort {
            let label = key(ref.year, ref.subject, ref.grade, ref.school_id)
            guard let row = cohort[label] else { Issue.record("missing cohort \(label)"); continue }
            #expect(Self.close(row["k"]!.double, ref.k, 1e-12), "\(label) K")
            #expect(Self.close(row["lower"]!.double, ref.lower, 1e-12) && Self.close(row["upper"]!.double, ref.upper, 1e-12), "\(label) fences")
            #expect(row["m3"]!.bool == ref.m3, "\(label) marker 3")
        }

        let verdicts = Domain.rows(session, "school_verdict")
        for ref in Self.reference.verdicts where ref.year == year {
            let row = verdicts.first { $0["school_id"]!.text == ref.school_id }
            #expect(row?["non_objective"]?.bool == ref.non_objective, "\(year) \(ref.school_id) verdict")
            // the reference knows markers 2–4; marker 1 together with marker 5 never occurs here
            #expect(row?["m15_works"]?.double == 0)
        }
    }
}
