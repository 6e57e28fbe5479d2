import Foundation
import Testing
@testable import MsokoKit

/// Scripts/annual.msoko on the sample district: findings.csv keeps the contract and covers every
/// planted signal of Datasets/truth.csv; nothing planted as clean is flagged.
@Suite(.serialized) struct DomainAnnualTests {
    static let contract = ["finding_id", "kind", "scope", "year", "subject", "grade", "school_id", "class_id", "teacher_id",
                           "task", "skill_code", "indicator", "value", "reference", "n", "ci_low", "ci_high", "detail"]
    static let keys = ["kind", "scope", "year", "subject", "grade", "school_id", "class_id", "teacher_id", "task", "skill_code"]

    /// findings.csv of one year, written into a temporary folder through the library.
    static func findings(year: Int) throws -> (header: [String], rows: [[String: String]]) {
        let out = Domain.temporaryFolder("annual")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try Domain.session("run \"Scripts/annual.msoko\"",
                               parameters: ["data": "Datasets", "year": String(year), "out": out.path])
        for file in ["findings.md", "district_marks.md", "objectivity.md", "schools_ranking.md", "teacher_support.md", "monitoring.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file) written")
        }
        return try Domain.readCSV(out.appendingPathComponent("findings.csv"))
    }

    static let byYear: [Int: (header: [String], rows: [[String: String]])] = {
        var all: [Int: (header: [String], rows: [[String: String]])] = [:]
        for year in [2023, 2024, 2025] { all[year] = try! findings(year: year) }
        return all
    }()

    static let truth: [[String: String]] = {
        try! Domain.readCSV(TestPaths.repository.appendingPathComponent("Datasets/truth.csv")).rows
    }()

    @Test func contractColumnsInOrder() {
        for (year, findings) in Self.byYear {
            #expect(findings.header == Self.contract, "\(year)")
            #expect(!findings.rows.isEmpty)
            let ids = findings.rows.map { $0["finding_id"] ?? "" }
            #expect(Set(ids).count == ids.count, "finding_id unique in \(year)")
            #expect(ids.allSatisfy { $0.hasPrefix("F\(year)-") })
        }
    }

    @Test func everyPlantedSignalIsFound() {
        for planted in Self.truth where planted["kind"] != "clean" {
            guard let year = Int(planted["year"] ?? ""), let findings = Self.byYear[year] else {
                Issue.record("no run for \(planted)"); continue
            }
            // A finding matches when every key column the truth fills is equal.
            let hit = findings.rows.contains { finding in
                Self.keys.allSatisfy { key in (planted[key] ?? "").isEmpty || finding[key] == planted[key] }
            }
            #expect(hit, "not found: \(planted["kind"]!) \(year) \(planted["subject"]!) \(planted["grade"]!) \(planted["school_id"]!) \(planted["teacher_id"]!) \(planted["task"]!) \(planted["skill_code"]!) — \(planted["note"]!)")
        }
    }

    @Test func nothingPlantedCleanIsFlagged() {
        for clean in Self.truth where clean["kind"] == "clean" {
            guard let year = Int(clean["year"] ?? ""), let findings = Self.byYear[year] else { continue }
            if clean["scope"] == "school" {
                let flagged = findings.rows.filter { $0["kind"] == "objectivity" && $0["school_id"] == clean["school_id"] }
                #expect(flagged.isEmpty, "objectivity finding for clean \(clean["school_id"]!) in \(year)")
            } else {
                let flagged = findings.rows.filter {
                    $0["kind"] == "teacher_support" && $0["teacher_id"] == clean["teacher_id"] && $0["skill_code"] == clean["skill_code"]
                }
                #expect(flagged.isEmpty, "teacher_support for clean \(clean["teacher_id"]!) \(clean["skill_code"]!) in \(year)")
            }
        }
    }

    @Test func objectivityOnlyForPlantedSchools() {
        let planted = Set(Self.truth.filter { $0["kind"] == "objectivity" }.map { "\($0["year"]!) \($0["school_id"]!)" })
        for (year, findings) in Self.byYear {
            for finding in findings.rows where finding["kind"] == "objectivity" {
                #expect(planted.contains("\(year) \(finding["school_id"]!)"), "unplanted objectivity finding \(finding["finding_id"]!)")
            }
        }
    }

    @Test func smallGroupsAndPrivacy() {
        for (_, findings) in Self.byYear {
            for finding in findings.rows {
                // (an objectivity verdict's n is the school's pupils over all its works)
                if let n = Int(finding["n"] ?? "") {
                    #expect(n >= 10, "a finding on a group under 10: \(finding["finding_id"]!)")
                }
                // pupils' codes (five digits) never appear in the details
                #expect(finding["detail"]?.range(of: #"\b\d0\d{3}\b"#, options: .regularExpression) == nil, "\(finding["finding_id"]!)")
            }
        }
    }
}
