import Foundation
import Testing

/// The reduced simulation study (Study/run_study.py --reduced --check): 30 generated districts
/// whose planted schools have 8–12 pupils per class and strong signs, and 30 clean districts.
/// It asserts the targets of docs/objectivity.md — the combined verdict catches a school whose
/// journal marks are reversed, and one whose pupils just below a threshold were lifted to it, in
/// ≥ 80 % of districts each; clean districts flag ≤ 0.05 schools on average — so a change to the
/// objectivity script that loses power or floods clean districts with flags fails `make test`.
///
/// It runs the release `msoko` when `make test` has built it and it is newer than every source
/// file (a debug build takes ten times longer per district), the debug one otherwise.
@Suite struct ObjectivityStudyTests {
    static func binary() -> URL {
        let repository = TestPaths.repository
        let release = repository.appendingPathComponent(".build/release/msoko")
        guard let releaseDate = modificationDate(release) else { return TestPaths.executable }
        let sources = repository.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: [.contentModificationDateKey])
        while let file = enumerator?.nextObject() as? URL {
            if let date = modificationDate(file), date > releaseDate { return TestPaths.executable }
        }
        return release
    }

    static func modificationDate(_ url: URL) -> Date? {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
    }

    static func python() -> String? {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    @Test(.timeLimit(.minutes(30))) func reducedStudyMeetsThePowerAndFalseFlagTargets() throws {
        let python = try #require(Self.python(), "python3 is needed for the study (make test installs it)")
        let (status, text) = try Domain.process(URL(fileURLWithPath: python), ["Study/run_study.py", "--reduced", "--check", "--msoko", Self.binary().path])
        print(text)
        #expect(status == 0, "the reduced study failed:\n\(text)")
        #expect(text.contains("study:"), "the study printed no summary:\n\(text)")
    }

    /// The whole year on a district the sample never was: generated with another seed, 38 schools,
    /// ids like `0405` (leading zeros), class ids, years and subjects of its own, no register and
    /// no `exam` column. The run must succeed, and the objectivity verdicts must name exactly the
    /// five schools with planted signs (9 pupils per class), not the strong gymnasium.
    @Test(.timeLimit(.minutes(10))) func wholeYearOnAGeneratedDistrictOfAnotherShape() throws {
        let python = try #require(Self.python(), "python3 is needed for the generator (make test installs it)")
        let data = Domain.temporaryFolder("generated"), out = Domain.temporaryFolder("generated-out")
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: out)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["Study/generate_district.py", "--out", data.path, "--seed", "other-shape-7", "--pupils-per-class", "9"]
        process.currentDirectoryURL = TestPaths.repository
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the generator failed")
        let study = try JSONSerialization.jsonObject(with: Data(contentsOf: data.appendingPathComponent("study.json"))) as? [String: Any]
        let year = try #require(study?["year"] as? Int)
        let truth = try Domain.readCSV(data.appendingPathComponent("truth.csv")).rows
        let planted = Set(truth.filter { ["journal", "peaks", "cohort", "gia", "levels"].contains($0["planted"] ?? "") }.compactMap { $0["school_id"] })
        let strong = Set(truth.filter { $0["planted"] == "strong" }.compactMap { $0["school_id"] })
        #expect(planted.count == 5)

        _ = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["data": data.path, "year": String(year), "out": out.path])
        let findings = try Domain.readCSV(out.appendingPathComponent("findings.csv")).rows
        let flagged = Set(findings.filter { $0["kind"] == "objectivity" && $0["indicator"] == "objectivity_signs" }.compactMap { $0["school_id"] })
        #expect(flagged == planted, "flagged \(flagged.sorted()), planted \(planted.sorted())")
        #expect(flagged.isDisjoint(with: strong))
        for file in ["recommendations.csv", "report.html", "schools_ranking.md", "objectivity.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file) written")
        }
    }
}
