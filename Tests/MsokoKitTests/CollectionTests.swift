import Foundation
import Testing
@testable import MsokoKit

/// `Scripts/collect.msoko` on returned collection templates: the templates msoko wrote for the
/// seed-41 district (Tests/Fixtures/collection/templates), filled by
/// Tests/Fixtures/collection/make_returned.py as schools would — correctly (`returned-clean`) and
/// with planted mistakes (`returned-errors`). The expectations are the generator's `truth.csv`,
/// `expected_classes_2030.csv` and `expected_teachers.csv` and the seed's own CSVs, never msoko's
/// output.
@Suite struct CollectionTests {
    static let root = TestPaths.repository.appendingPathComponent("Tests/Fixtures/collection")

    /// A district's returned files: the fixture folder, the district's CSVs, the year collected.
    struct Fixture: CustomStringConvertible, Sendable {
        var folder: String
        var data: String
        var year: Int
        var description: String { folder.isEmpty ? "seed41" : folder }
        var url: URL { folder.isEmpty ? CollectionTests.root : CollectionTests.root.appendingPathComponent(folder) }
        var seed: URL { TestPaths.repository.appendingPathComponent(data) }
    }

    /// Seed 41 (ids `sch30001`, numeric teacher ids) and the sample district (`S01`, `T001`,
    /// three years, an extra `pupils` column): the same script, no setting changed.
    static let fixtures = [
        Fixture(folder: "", data: "Tests/Fixtures/templates/seed41", year: 2030),
        Fixture(folder: "sample2026", data: "Datasets", year: 2026),
    ]

    /// Runs the script on one set of returned files into a fresh output folder.
    static func collect(_ fixture: Fixture, _ set: String, acceptErrors: Bool = false) -> (out: URL, notes: String, ok: Bool, printed: String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-collect-\(UUID().uuidString)")
        let result = runScript("run \"Scripts/collect.msoko\" with data = \"\(fixture.seed.path)\", returned = \"\(fixture.url.appendingPathComponent(set).path)\", year = \(fixture.year), out = \"\(out.path)\", accept_errors = \(acceptErrors)",
                               in: TestPaths.repository)
        return (out, result.err, result.ok, result.out)
    }

    static func rows(_ url: URL) throws -> [[String: String]] { try TemplateTests.records(url) }

    /// A CSV's rows as the given columns joined, sorted: equal lists are equal multisets of rows.
    static func keys(_ records: [[String: String]], _ columns: [String]) -> [String] {
        records.map { record in columns.map { record[$0] ?? "" }.joined(separator: "|") }.sorted()
    }

    static let problemColumns = ["file", "sheet", "cell", "kind", "severity"]
    static let classColumns = ["year", "school_id", "class_id", "grade", "subject", "teacher_id"]
    static let teacherColumns = ["teacher_id", "teacher_name", "school_id", "subject", "category", "experience_years"]
    /// Problems that stop a whole file from being checked.
    static let fileKinds: Set<String> = ["unreadable", "sheet_missing", "school_code", "school_unknown", "school_twice", "wrong_year", "header"]

    @Test(arguments: fixtures)
    func theReportNamesEveryPlantedMistakeAtItsCellAndNothingElse(_ fixture: Fixture) throws {
        let run = Self.collect(fixture, "returned-errors")
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        let truth = try Self.rows(fixture.url.appendingPathComponent("truth.csv"))
        let report = try Self.rows(run.out.appendingPathComponent("collection/report.csv"))
        #expect(Self.keys(report, Self.problemColumns) == Self.keys(truth, Self.problemColumns))
        // Every message names its sheet and cell and is addressed to the school, in Russian.
        for problem in report where !(problem["cell"] ?? "").isEmpty {
            #expect(problem["message"]?.hasPrefix("Лист «\(problem["sheet"] ?? "")», ячейка \(problem["cell"] ?? ""): ") == true)
        }
        // The run prints them too.
        for problem in truth where !(problem["cell"] ?? "").isEmpty {
            #expect(run.printed.contains("ячейка \(problem["cell"] ?? ""):"), "\(problem)")
        }
        // The file a school renamed is still that school's (the code in its titles says so).
        for warning in truth where warning["severity"] == "предупреждение" {
            #expect(report.contains { $0["file"] == warning["file"] && $0["school_id"] == warning["school_id"] })
        }
        // Errors remain: nothing merged, and the run says so.
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("classes.csv").path))
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("teachers.csv").path))
        #expect(run.notes.contains("НЕ записаны"))
        // A workbook of remarks for each district school with a problem, and for no other.
        let files = try FileManager.default.contentsOfDirectory(atPath: run.out.appendingPathComponent("collection").path)
        let district = Set(try Self.rows(fixture.seed.appendingPathComponent("schools.csv")).compactMap { $0["school_id"] })
        let withProblems = Set(truth.compactMap { $0["school_id"] }).intersection(district)
        #expect(Set(files.filter { $0.hasSuffix("_замечания.xlsx") }) == Set(withProblems.map { "\($0)_замечания.xlsx" }))
        for name in ["report.md", "report.xlsx", "summary.md", "summary.csv"] { #expect(files.contains(name)) }
        // The school with the most problems: its workbook of remarks, read back, names its cells.
        let busiest = Dictionary(grouping: truth.filter { district.contains($0["school_id"] ?? "") }, by: { $0["school_id"] ?? "" })
            .max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }
        let school = try #require(busiest?.key)
        let sent = runScript("load \"\(run.out.path)/collection/\(school)_замечания.xlsx\" as r\nr | select `Ячейка` | sort `Ячейка`", format: .csv)
        let sentCells: [String] = sent.out.split(separator: "\n").map(String.init).filter { $0 != "Ячейка" }.sorted()
        let plantedCells: [String] = truth.filter { $0["school_id"] == school }.compactMap { $0["cell"] }.sorted()
        #expect(sentCells == plantedCells, "\(sent.err)")
    }

    @Test(arguments: fixtures)
    func theCleanFilesMergeIntoWhatTheSchoolsMeant(_ fixture: Fixture) throws {
        let run = Self.collect(fixture, "returned-clean")
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        // Only the warnings the quirks call for (a Latin letter in a class id).
        let truth = try Self.rows(fixture.url.appendingPathComponent("truth.csv")).filter { $0["severity"] == "предупреждение" }
        let report = try Self.rows(run.out.appendingPathComponent("collection/report.csv"))
        #expect(Self.keys(report, Self.problemColumns) == Self.keys(truth, Self.problemColumns))
        // classes.csv: the district's other years unchanged, then the new year as the generator filled it.
        let merged = try Self.rows(run.out.appendingPathComponent("classes.csv"))
        let before = try Self.rows(fixture.seed.appendingPathComponent("classes.csv")).filter { $0["year"] != String(fixture.year) }
        let expected = try Self.rows(fixture.url.appendingPathComponent("expected_classes_\(fixture.year).csv"))
        #expect(Self.keys(merged, Self.classColumns) == Self.keys(before + expected, Self.classColumns))
        #expect(try String(contentsOf: run.out.appendingPathComponent("classes.csv"), encoding: .utf8).hasPrefix(Self.classColumns.joined(separator: ",")))
        // teachers.csv: every teacher kept, the returned ones updated, the new one added.
        let teachers = try Self.rows(run.out.appendingPathComponent("teachers.csv"))
        let expectedTeachers = try Self.rows(fixture.url.appendingPathComponent("expected_teachers.csv"))
        #expect(Self.keys(teachers, Self.teacherColumns) == Self.keys(expectedTeachers, Self.teacherColumns))
        let known = Set(try Self.rows(fixture.seed.appendingPathComponent("teachers.csv")).compactMap { $0["teacher_id"] })
        #expect(teachers.contains { !known.contains($0["teacher_id"] ?? "") && $0["teacher_id"]?.hasSuffix("-\(fixture.year)-\($0["teacher_id"]?.split(separator: "-").last ?? "")") == true })
    }

    /// `--param out=` the data folder updates the department's files in place; a second run (one
    /// more school returned, say) finds its own new teachers there and gives the same files.
    @Test func mergingInPlaceTwiceGivesTheSameFiles() throws {
        let fixture = Self.fixtures[0]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-inplace-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["schools.csv", "teachers.csv", "classes.csv"] {
            try FileManager.default.copyItem(at: fixture.seed.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        var contents: [[Data]] = []
        for _ in 0..<2 {
            let result = runScript("run \"Scripts/collect.msoko\" with data = \"\(folder.path)\", returned = \"\(fixture.url.appendingPathComponent("returned-clean").path)\", year = \(fixture.year), out = \"\(folder.path)\"",
                                   in: TestPaths.repository)
            #expect(result.ok, "\(result.err)")
            contents.append(try ["classes.csv", "teachers.csv"].map { try Data(contentsOf: folder.appendingPathComponent($0)) })
        }
        #expect(contents[0] == contents[1])
        let teachers = try Self.rows(folder.appendingPathComponent("teachers.csv"))
        let expectedTeachers = try Self.rows(fixture.url.appendingPathComponent("expected_teachers.csv"))
        #expect(Self.keys(teachers, Self.teacherColumns) == Self.keys(expectedTeachers, Self.teacherColumns))
    }

    @Test(arguments: fixtures)
    func acceptingErrorsMergesTheRowsWithoutThemAndSaysSo(_ fixture: Fixture) throws {
        let run = Self.collect(fixture, "returned-errors", acceptErrors: true)
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        #expect(run.notes.contains("ВНИМАНИЕ"))
        let merged = try Self.rows(run.out.appendingPathComponent("classes.csv")).filter { $0["year"] == String(fixture.year) }
        let expected = try Self.rows(fixture.url.appendingPathComponent("expected_classes_\(fixture.year).csv"))
        let truth = try Self.rows(fixture.url.appendingPathComponent("truth.csv")).filter { $0["severity"] == "ошибка" }
        // A file that could not be checked gives no rows.
        for problem in truth where Self.fileKinds.contains(problem["kind"] ?? "") {
            #expect(!merged.contains { $0["school_id"] == problem["template_school"] }, "\(problem)")
        }
        // A school without errors gives all its rows.
        let erring = Set(truth.compactMap { $0["template_school"] })
        let clean = Set(expected.compactMap { $0["school_id"] }).subtracting(erring)
        #expect(!clean.isEmpty)
        #expect(Self.keys(merged.filter { clean.contains($0["school_id"] ?? "") }, Self.classColumns)
                == Self.keys(expected.filter { clean.contains($0["school_id"] ?? "") }, Self.classColumns))
        // No row differs from what the school meant: the rows with a planted error (all of an
        // overloaded teacher's included) are left out, not merged as typed.
        let meant = Set(Self.keys(expected, Self.classColumns))
        let unexpected = Self.keys(merged, Self.classColumns).filter { !meant.contains($0) }
        #expect(unexpected.isEmpty, "\(unexpected)")
        #expect(merged.count < expected.count)
        let summary = try String(contentsOf: run.out.appendingPathComponent("collection/summary.csv"), encoding: .utf8)
        #expect(summary.contains("слит без строк с ошибками"))
    }

    // MARK: the general functions the script is written with

    @Test func skippedFilesListsTheLatestLoadOfEachDataset() {
        let errors = Self.root.appendingPathComponent("returned-errors").path
        let clean = Self.root.appendingPathComponent("returned-clean").path
        let result = runScript("""
        load "\(errors)/*.xlsx" as p with sheet = "Педагоги", ignore_errors = true
        load "\(errors)/*.xlsx" as p with sheet = "Педагоги", ignore_errors = true
        skipped_files | select dataset, source_file | sort source_file
        load "\(clean)/*.xlsx" as p with sheet = "Педагоги", ignore_errors = true
        skipped_files | count
        """, format: .csv)
        #expect(result.out == "dataset,source_file\np,sch30011.xlsx\np,Школа 5 (копия).xlsx\n\nn\n0\n", "\(result.err)")
    }

    @Test func regexAndTranslateFunctions() {
        let result = runScript("""
        load "data/schools.csv" as s
        s | head 1 | select a = regex_extract("Классы — школа (код sch30001), 2029/2030 учебный год", "[(]код (.+)[)], [0-9]{4}/[0-9]{4}", 1), b = regex_match("5А", "^[0-9]+[А-Я]$"), c = regex_extract("Б", "^[0-9]+"), d = translate("5a b", "ab ", "аБ"), e = int(regex_extract("11Б", "^[0-9]+"))
        """, format: .csv)
        #expect(result.out == "a,b,c,d,e\nsch30001,true,,5аБ,11\n", "\(result.err)")
        let bad = runScript("load \"data/schools.csv\" as s\ns | select x = regex_match(school_id, \"(\")")
        #expect(!bad.ok && bad.err.contains("is not a regular expression"))
    }

    @Test func saveSplitByAndWhen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-split-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = runScript("""
        load "data/schools.csv" as s
        s | save "\(folder.path)/by/{school_type}.csv" with split_by = "school_type"
        s | where school_id == "nobody" | save "\(folder.path)/empty.csv" with when = count() > 0
        s | save "\(folder.path)/all.csv" with when = count() > 0
        """)
        #expect(result.ok, "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("empty.csv").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("all.csv").path))
        let all = try TemplateTests.records(folder.appendingPathComponent("all.csv"))
        let types = Set(all.compactMap { $0["school_type"] })
        #expect(!types.isEmpty)
        var total = 0
        for type in types {
            let part = try TemplateTests.records(folder.appendingPathComponent("by/\(type).csv"))
            #expect(part.allSatisfy { $0["school_type"] == type })
            total += part.count
        }
        #expect(total == all.count)
        // Values that would share a file name do not overwrite each other.
        let clash = runScript("load \"data/schools.csv\" as s\ns | head 2 | derive k = if(school_id == \"S01\", \"a/b\", \"a_b\") | save \"\(folder.path)/clash/{k}.csv\" with split_by = \"k\"")
        #expect(clash.ok, "\(clash.err)")
        let clashFiles = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("clash").path).sorted()
        #expect(clashFiles == ["a_b-2.csv", "a_b.csv"])
        let missing = runScript("load \"data/schools.csv\" as s\ns | save \"\(folder.path)/x.csv\" with split_by = \"school_type\"")
        #expect(!missing.ok && missing.err.contains("{school_type}"))
    }
}
