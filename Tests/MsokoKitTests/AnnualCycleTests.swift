import Foundation
import Testing

/// The annual cycle year after year (docs/recommendations.md, "Monitoring"): each year's run
/// reads the register the previous year's run wrote, keeps its rows as the analyst left them,
/// monitors every recommendation of the year before, and writes unique ids. Run on the sample
/// district (2023 → 2024 → 2025) and on districts generated with other seeds and shapes
/// (Study/generate_district.py --years 3), plus the first-year cases: required files only, no
/// diagnostics this year, no register, a year with no results.
///
/// The runs use the release `msoko` when `make test` has built it (see ObjectivityStudyTests).
@Suite(.serialized) struct AnnualCycleTests {
    struct Run {
        var status: Int32
        var output: String
    }

    static func msoko(_ arguments: [String]) throws -> Run {
        let (status, output) = try Domain.process(ObjectivityStudyTests.binary(), arguments)
        return Run(status: status, output: output)
    }

    static func year(_ year: Int, data: URL, out: URL, register: URL?) throws -> Run {
        var arguments = ["run", "Scripts/year.msoko", "--param", "data=\(data.path)", "--param", "year=\(year)", "--param", "out=\(out.path)"]
        if let register { arguments += ["--param", "register=\(register.path)"] }
        return try msoko(arguments)
    }

    /// A copy of a data folder without the files named (e.g. the register, to start a cycle).
    static func copy(_ source: URL, without: Set<String>, name: String) throws -> URL {
        let target = Domain.temporaryFolder(name)
        for file in try FileManager.default.contentsOfDirectory(atPath: source.path) where file.hasSuffix(".csv") && !without.contains(file) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
        }
        return target
    }

    static func double(_ text: String?) -> Double? {
        guard let text, !text.isEmpty else { return nil }
        return Double(text.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "+", with: ""))
    }

    /// The checks every cycle must pass; returns each year's monitoring sides for the caller's
    /// own checks against its truth.
    static func runCycle(data: URL, years: [Int], label: String) throws -> [Int: [[String: String]]] {
        let root = Domain.temporaryFolder("cycle-\(label)")
        defer { try? FileManager.default.removeItem(at: root) }
        var previous: URL? = nil
        var previousRegister: [[String: String]] = []
        var sidesByYear: [Int: [[String: String]]] = [:]
        for year in years {
            let out = root.appendingPathComponent(String(year))
            // The analyst edits the register between runs: a status and a wording stay as left.
            var editedID: String? = nil
            if let previous {
                let path = previous.appendingPathComponent("recommendations.csv")
                var text = try String(contentsOf: path, encoding: .utf8)
                let rows = Domain.parseCSV(text).rows
                if let row = rows.first(where: { $0.count > 18 && $0[18] == "issued" }) {
                    editedID = row[0]
                    let line = text.split(separator: "\n", omittingEmptySubsequences: false).first { $0.hasPrefix(row[0] + ",") }
                    if let line, line.hasSuffix(",issued") {
                        text = text.replacingOccurrences(of: String(line), with: String(line.dropLast("issued".count)) + "in_progress")
                        try text.write(to: path, atomically: true, encoding: .utf8)
                    }
                }
                previousRegister = try Domain.readCSV(path).rows
            }
            let run = try Self.year(year, data: data, out: out, register: previous.map { $0.appendingPathComponent("recommendations.csv") })
            try #require(run.status == 0, "\(label) \(year): exit \(run.status)\n\(run.output.suffix(3000))")

            // Unique finding ids and rec ids.
            let findings = try Domain.readCSV(out.appendingPathComponent("findings.csv")).rows
            let findingIDs = findings.compactMap { $0["finding_id"] }
            #expect(Set(findingIDs).count == findingIDs.count, "\(label) \(year): duplicate finding ids \(Dictionary(grouping: findingIDs, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
            let register = try Domain.readCSV(out.appendingPathComponent("recommendations.csv")).rows
            let recIDs = register.compactMap { $0["rec_id"] }
            #expect(Set(recIDs).count == recIDs.count, "\(label) \(year): duplicate rec ids")

            // Every earlier row kept exactly as it was (the analyst's edit included).
            let byID = Dictionary(register.map { ($0["rec_id"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            for old in previousRegister {
                #expect(byID[old["rec_id"] ?? ""] == old, "\(label) \(year): row \(old["rec_id"] ?? "") of the register changed or was lost")
            }
            if let editedID { #expect(byID[editedID]?["status"] == "in_progress", "\(label) \(year): the analyst's status was not kept") }

            // Targets on the right side of the baseline.
            for record in register where record["year"] == String(year) {
                guard let base = double(record["baseline"]), let target = double(record["target"]) else { continue }
                switch record["indicator"] {
                case "solve_rate", "mean_pct_max":
                    #expect(target >= base, "\(label) \(year): \(record["rec_id"] ?? "") target \(target) below baseline \(base)")
                case "objectivity_signs", "mark2_pct":
                    #expect(target <= base, "\(label) \(year): \(record["rec_id"] ?? "") target \(target) above baseline \(base)")
                default: break
                }
            }

            // Every recommendation of last year has a monitoring row.
            let monitoring = try Domain.readCSV(out.appendingPathComponent("monitoring.csv")).rows
            let monitored = Set(monitoring.compactMap { $0["rec_id"] })
            let lastYear = previousRegister.filter { $0["year"] == String(year - 1) }.compactMap { $0["rec_id"] }
            #expect(Set(lastYear).isSubset(of: monitored), "\(label) \(year): recommendations without monitoring: \(Set(lastYear).subtracting(monitored).sorted())")
            if previous != nil { #expect(!lastYear.isEmpty || previousRegister.isEmpty, "\(label) \(year): nothing to monitor") }

            // Every sentence's words agree with its numbers.
            let sides = try Domain.readCSV(out.appendingPathComponent("monitoring_sides.csv")).rows
            for side in sides { checkSentence(side, label: "\(label) \(year)") }
            sidesByYear[year] = sides
            previous = out
        }
        return sidesByYear
    }

    /// The verdict follows the CI of the difference it names; the raw change, the change against
    /// the district and the difference are printed with their signs and match the columns.
    static func checkSentence(_ side: [String: String], label: String) {
        let id = "\(label) \(side["rec_id"] ?? "") \(side["side"] ?? "")"
        guard let low = double(side["did_low"]), let high = double(side["did_high"]), let did = double(side["did"]),
              let change = double(side["change"]), let outcome = side["outcome"], let sentence = side["sentence"] else {
            Issue.record("\(id): a monitoring row without its numbers: \(side)")
            return
        }
        #expect(low <= did && did <= high, "\(id): the difference \(did) outside its CI \(low)…\(high)")
        let expected = low > 0 ? "улучшение" : (high < 0 ? "ухудшение" : "без существенных изменений")
        #expect(outcome == expected, "\(id): «\(outcome)» with the CI \(low)…\(high)")
        #expect(sentence.hasSuffix(": " + outcome + "."), "\(id): the sentence ends with another verdict: \(sentence)")
        func signed(_ x: Double) -> String {
            let text = String(format: "%.1f", abs(x)).replacingOccurrences(of: ".0", with: "")
            return (x > 0 ? "+" : (x < 0 ? "−" : "±")) + (text.hasSuffix(".") ? String(text.dropLast()) : text)
        }
        #expect(sentence.contains("(" + signed(change) + " п.п.)"), "\(id): raw change \(change) not stated with its sign: \(sentence)")
        let grouped = side["comparison"] == "группа сравнения"
        #expect(sentence.contains(grouped ? "разность с группой сравнения " + signed(did) : "относительно округа " + signed(did)),
                "\(id): the difference the verdict uses (\(did), \(side["comparison"] ?? "")) is not stated: \(sentence)")
    }

    // MARK: the sample district

    @Test(.timeLimit(.minutes(20))) func threeYearCycleOnTheSample() throws {
        let data = try Self.copy(TestPaths.repository.appendingPathComponent("Datasets"), without: ["recommendations.csv"], name: "sample-cycle")
        defer { try? FileManager.default.removeItem(at: data) }
        let sides = try Self.runCycle(data: data, years: [2023, 2024, 2025], label: "sample")
        // truth.csv's monitoring rows (kind dynamics, scope teacher): found with the planted verdict.
        let truth = try Domain.readCSV(TestPaths.repository.appendingPathComponent("Datasets/truth.csv")).rows
        let planted = truth.filter { $0["kind"] == "dynamics" && $0["scope"] == "teacher" }
        #expect(planted.count >= 4, "truth.csv has monitoring rows for both monitoring years")
        for row in planted {
            guard let year = Int(row["year"] ?? ""), let teacher = row["teacher_id"], let skill = row["skill_code"] else { continue }
            // The note says which side shows the plant: the teacher's new classes («Teacher
            // side») or the cohort; the other side may legitimately disagree (truth.csv).
            let note = row["note"] ?? ""
            let side = note.contains("Teacher side") ? "teacher" : "cohort"
            let found = (sides[year] ?? []).filter { $0["teacher_id"] == teacher && $0["skill_code"] == skill && $0["side"] == side }
            #expect(!found.isEmpty, "\(year) \(teacher) \(skill): the planted recommendation was not monitored on the \(side) side")
            let improvedPlanted = note.hasPrefix("followed, improved")
            let improvedFound = found.contains { $0["outcome"] == "улучшение" }
            #expect(improvedFound == improvedPlanted, "\(year) \(teacher) \(skill): planted «\(note)», found \(found.map { $0["side", default: ""] + ": " + $0["outcome", default: ""] })")
        }
    }

    // MARK: generated districts

    static func generate(seed: String, extra: [String] = []) throws -> URL {
        let python = try #require(ObjectivityStudyTests.python(), "python3 is needed for the generator (make test installs it)")
        let data = Domain.temporaryFolder("cycle-\(seed)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["Study/generate_district.py", "--out", data.path, "--seed", seed, "--years", "3"] + extra
        process.currentDirectoryURL = TestPaths.repository
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "the generator failed for seed \(seed)")
        return data
    }

    @Test(.timeLimit(.minutes(30)), arguments: ["cycle-a-11", "cycle-b-29"])
    func threeYearCycleOnGeneratedDistricts(seed: String) throws {
        let data = try Self.generate(seed: seed)
        defer { try? FileManager.default.removeItem(at: data) }
        let study = try JSONSerialization.jsonObject(with: Data(contentsOf: data.appendingPathComponent("study.json"))) as? [String: Any]
        let last = try #require(study?["year"] as? Int)
        let sides = try Self.runCycle(data: data, years: [last - 2, last - 1, last], label: seed)
        // The planted teachers: the ones monitored get the planted verdict (course completed →
        // improvement on some side; no course → none).
        let truth = try Domain.readCSV(data.appendingPathComponent("monitoring_truth.csv")).rows.filter { $0["role"] == "planted" }
        #expect(!truth.isEmpty, "\(seed): the generator planted no monitored teachers")
        var monitored = 0, agreeing = 0
        for row in truth {
            guard let year = Int(row["year"] ?? "") else { continue }
            let found = (sides[year + 1] ?? []).filter { $0["teacher_id"] == row["teacher_id"] && $0["skill_code"] == row["skill_code"] }
            guard !found.isEmpty else { continue }
            monitored += 1
            let improved = found.contains { $0["outcome"] == "улучшение" }
            if improved == (row["expected"] == "improved") { agreeing += 1 }
        }
        print("◇ \(seed): \(truth.count) planted teachers, \(monitored) monitored, \(agreeing) with the planted verdict")
        #expect(monitored > 0 && monitored * 2 >= truth.count, "\(seed): only \(monitored) of \(truth.count) planted teachers were monitored")
        #expect(agreeing * 10 >= monitored * 8, "\(seed): the verdict agrees with the plant for \(agreeing) of \(monitored)")
    }

    // MARK: a district's first year

    @Test(.timeLimit(.minutes(10))) func firstYearOnRequiredFilesOnly() throws {
        let required: Set<String> = ["schools.csv", "teachers.csv", "classes.csv", "tasks.csv", "mark_scales.csv", "vpr_results.csv",
                                     "vpr_task_scores.csv", "reference_results.csv"]
        let source = TestPaths.repository.appendingPathComponent("Datasets")
        let all = Set(try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".csv") })
        let data = try Self.copy(source, without: all.subtracting(required), name: "required-only")
        let out = Domain.temporaryFolder("required-only-out")
        defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: out) }
        let run = try Self.year(2025, data: data, out: out, register: nil)
        try #require(run.status == 0, "exit \(run.status)\n\(run.output.suffix(3000))")
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("Ограничения анализа"))
        for phrase in ["Каталога курсов", "прохождении курсов", "диагностики профессиональных дефицитов", "Реестра рекомендаций прошлого года нет",
                       "Результатов ОГЭ/ЕГЭ нет", "дополнительных умений"] {
            #expect(report.contains(phrase), "the report's limitations name «\(phrase)»")
            #expect(run.output.contains(phrase), "the run's last lines name «\(phrase)»")
        }
        // The run's last lines head them in the run's language (English here: the tests run msoko
        // in an English locale); the notes themselves are the scripts' own Russian.
        #expect(run.output.contains("Limitations of this run:"))
    }

    @Test(.timeLimit(.minutes(10))) func yearWithoutDiagnosticsAndWithoutRegister() throws {
        let source = TestPaths.repository.appendingPathComponent("Datasets")
        let data = try Self.copy(source, without: ["recommendations.csv", "teacher_diagnostics.csv"], name: "no-diagnostics")
        let out = Domain.temporaryFolder("no-diagnostics-out")
        defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: out) }
        // Diagnostics exist, but not for this year: the file keeps only earlier years' rows.
        let diagnostics = try String(contentsOf: source.appendingPathComponent("teacher_diagnostics.csv"), encoding: .utf8)
        let kept = diagnostics.split(separator: "\n").filter { !$0.hasPrefix("2025,") }.joined(separator: "\n") + "\n"
        try kept.write(to: data.appendingPathComponent("teacher_diagnostics.csv"), atomically: true, encoding: .utf8)
        let run = try Self.year(2025, data: data, out: out, register: nil)
        try #require(run.status == 0, "exit \(run.status)\n\(run.output.suffix(3000))")
        let limitations = try String(contentsOf: out.appendingPathComponent("limitations.md"), encoding: .utf8)
        #expect(limitations.contains("в 2025 г. не проводилась"))
        #expect(limitations.contains("Реестра рекомендаций прошлого года нет"))
        let monitoring = try Domain.readCSV(out.appendingPathComponent("monitoring.csv")).rows
        #expect(monitoring.isEmpty)
    }

    @Test func aYearWithNoResultsSaysSo() throws {
        let out = Domain.temporaryFolder("no-year-out")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Self.year(2030, data: TestPaths.repository.appendingPathComponent("Datasets"), out: out, register: nil)
        #expect(run.status == 1)
        #expect(run.output.contains("нет результатов ВПР за 2030 г."), "\(run.output)")
        #expect(run.output.contains("в файле есть годы: 2023, 2024, 2025"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("findings.csv").path), "nothing written")
    }
}
