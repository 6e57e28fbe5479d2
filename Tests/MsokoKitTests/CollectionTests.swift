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
    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/collection")
    static let seed = TestPaths.repository.appendingPathComponent("Tests/Fixtures/templates/seed41")

    /// Runs the script on one set of returned files into a fresh output folder.
    static func collect(_ set: String, acceptErrors: Bool = false) throws -> (out: URL, notes: String, ok: Bool) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-collect-\(UUID().uuidString)")
        let result = runScript("run \"Scripts/collect.msoko\" with data = \"\(seed.path)\", returned = \"\(fixtures.appendingPathComponent(set).path)\", year = 2030, out = \"\(out.path)\", accept_errors = \(acceptErrors)",
                               in: TestPaths.repository)
        return (out, result.err, result.ok)
    }

    static func rows(_ url: URL) throws -> [[String: String]] { try TemplateTests.records(url) }

    /// A CSV's rows as tuples of the given columns, in a multiset-comparable form.
    static func keys(_ records: [[String: String]], _ columns: [String]) -> [String] {
        records.map { record in columns.map { record[$0] ?? "" }.joined(separator: "|") }.sorted()
    }

    @Test func theReportNamesEveryPlantedMistakeAtItsCellAndNothingElse() throws {
        let run = try Self.collect("returned-errors")
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        let truth = try Self.rows(Self.fixtures.appendingPathComponent("truth.csv"))
        let report = try Self.rows(run.out.appendingPathComponent("collection/report.csv"))
        let columns = ["file", "sheet", "cell", "kind", "severity"]
        #expect(Self.keys(report, columns) == Self.keys(truth, columns))
        // Every message names its sheet and cell and is addressed to the school, in Russian.
        for problem in report where !(problem["cell"] ?? "").isEmpty {
            #expect(problem["message"]?.hasPrefix("Лист «\(problem["sheet"] ?? "")», ячейка \(problem["cell"] ?? ""): ") == true)
        }
        // The file a school renamed is still that school's (the code in its titles says so).
        #expect(report.contains { $0["file"] == "Полянка ответ (исправлено).xlsx" && $0["school_id"] == "sch30002" })
        // Errors remain: nothing merged, and the run says so.
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("classes.csv").path))
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("teachers.csv").path))
        #expect(run.notes.contains("НЕ записаны"))
        // A workbook of remarks for each district school with a problem, and for no other.
        let files = try FileManager.default.contentsOfDirectory(atPath: run.out.appendingPathComponent("collection").path)
        let district = Set(try Self.rows(Self.seed.appendingPathComponent("schools.csv")).compactMap { $0["school_id"] })
        let withProblems = Set(truth.compactMap { $0["school_id"] }).intersection(district)
        #expect(Set(files.filter { $0.hasSuffix("_замечания.xlsx") }) == Set(withProblems.map { "\($0)_замечания.xlsx" }))
        for name in ["report.md", "report.xlsx", "summary.md", "summary.csv"] { #expect(files.contains(name)) }
        // A school's workbook of remarks holds its problems, read back with msoko's reader.
        let sent = runScript("load \"\(run.out.path)/collection/sch30004_замечания.xlsx\" as r\nr | select `Ячейка` | sort `Ячейка`", format: .csv)
        let sentCells: [String] = sent.out.split(separator: "\n").map(String.init).filter { $0 != "Ячейка" }.sorted()
        let plantedCells: [String] = truth.filter { $0["school_id"] == "sch30004" }.compactMap { $0["cell"] }.sorted()
        #expect(sentCells == plantedCells, "\(sent.err)")
    }

    @Test func theCleanFilesMergeIntoWhatTheSchoolsMeant() throws {
        let run = try Self.collect("returned-clean")
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        // Only the warnings the quirks call for (a Latin letter in a class id).
        let truth = try Self.rows(Self.fixtures.appendingPathComponent("truth.csv")).filter { $0["severity"] == "предупреждение" }
        let report = try Self.rows(run.out.appendingPathComponent("collection/report.csv"))
        let columns = ["file", "sheet", "cell", "kind", "severity"]
        #expect(Self.keys(report, columns) == Self.keys(truth, columns))
        // classes.csv: the seed's other years unchanged, then the new year as the generator filled it.
        let classColumns = ["year", "school_id", "class_id", "grade", "subject", "teacher_id"]
        let merged = try Self.rows(run.out.appendingPathComponent("classes.csv"))
        let before = try Self.rows(Self.seed.appendingPathComponent("classes.csv")).filter { $0["year"] != "2030" }
        let expected = try Self.rows(Self.fixtures.appendingPathComponent("expected_classes_2030.csv"))
        #expect(Self.keys(merged, classColumns) == Self.keys(before + expected, classColumns))
        #expect(try String(contentsOf: run.out.appendingPathComponent("classes.csv"), encoding: .utf8).hasPrefix(classColumns.joined(separator: ",") + "\n"))
        // teachers.csv: every teacher kept, the returned ones updated, the new one added.
        let teacherColumns = ["teacher_id", "teacher_name", "school_id", "subject", "category", "experience_years"]
        let teachers = try Self.rows(run.out.appendingPathComponent("teachers.csv"))
        let expectedTeachers = try Self.rows(Self.fixtures.appendingPathComponent("expected_teachers.csv"))
        #expect(Self.keys(teachers, teacherColumns) == Self.keys(expectedTeachers, teacherColumns))
        #expect(teachers.contains { $0["teacher_id"]?.hasPrefix("sch30007-2030-") == true })
    }

    @Test func acceptingErrorsMergesTheRowsWithoutThemAndSaysSo() throws {
        let run = try Self.collect("returned-errors", acceptErrors: true)
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.ok, "\(run.notes)")
        #expect(run.notes.contains("ВНИМАНИЕ"))
        let merged = try Self.rows(run.out.appendingPathComponent("classes.csv")).filter { $0["year"] == "2030" }
        let expected = try Self.rows(Self.fixtures.appendingPathComponent("expected_classes_2030.csv"))
        let truth = try Self.rows(Self.fixtures.appendingPathComponent("truth.csv")).filter { $0["severity"] == "ошибка" }
        // Files that could not be checked give no rows; a school without errors gives all its rows.
        for school in ["sch30008", "sch30011", "sch30013"] { #expect(!merged.contains { $0["school_id"] == school }) }
        let columns = ["year", "school_id", "class_id", "grade", "subject", "teacher_id"]
        #expect(Self.keys(merged.filter { $0["school_id"] == "sch30002" }, columns) == Self.keys(expected.filter { $0["school_id"] == "sch30002" }, columns))
        // A school with row errors gives fewer rows than it meant, and never a row it did not mean.
        let meant = Set(Self.keys(expected, columns))
        let unexpected = Self.keys(merged, columns).filter { !meant.contains($0) }
        // The rows that differ from the clean fill carry a planted error and are left out, the
        // overloaded teacher's rows included.
        #expect(unexpected.isEmpty, "\(unexpected)")
        #expect(!merged.contains { $0["school_id"] == "sch30007" && $0["teacher_id"] == nil })
        #expect(merged.count < expected.count)
        #expect(truth.count > 0)
    }

    // MARK: the general functions the script is written with

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
        let missing = runScript("load \"data/schools.csv\" as s\ns | save \"\(folder.path)/x.csv\" with split_by = \"school_type\"")
        #expect(!missing.ok && missing.err.contains("{school_type}"))
    }
}
