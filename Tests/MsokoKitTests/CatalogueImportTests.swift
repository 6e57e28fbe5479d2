import Foundation
import Testing
@testable import MsokoKit

/// The catalogue profiles read the ВПР descriptions that Tests/Fixtures/make_gia_and_catalogues.py
/// renders from Datasets/tasks.csv and task_skills.csv back into the same rows, and imported
/// catalogues feed the annual cycle's comparison of two years (Scripts/lib/trends.msoko).
@Suite struct CatalogueImportTests {
    typealias Support = XLSXTestSupport

    static let folder = TestPaths.repository.appendingPathComponent("Tests/Fixtures/catalogues")

    static func load(_ statements: String) throws -> (Session, [String]) {
        try Support.session("""
            load "../../../Datasets/tasks.csv" as canonical_tasks with types = {task: "text"}
            load "../../../Datasets/task_skills.csv" as canonical_skills with types = {task: "text"}
            \(statements)
            """, in: folder)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var year: Int
        var subject: String
        var grade: Int
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "ВПР_Математика_5_2024.xlsx", year: 2024, subject: "Математика", grade: 5),
        Case(file: "vpr_math5_2025.csv", year: 2025, subject: "Математика", grade: 5),
        Case(file: "ВПР_Русский_язык_4_2025.xlsx", year: 2025, subject: "Русский язык", grade: 4),
    ]

    @Test(arguments: cases)
    func cataloguesRoundTripToTasksAndTaskSkills(_ work: Case) throws {
        let filter = "where year == \(work.year) and subject == \"\(work.subject)\" and grade == \(work.grade)"
        let (session, notes) = try Self.load("""
            load "\(work.file)" as tasks with profile = "vpr-catalogue"
            load "\(work.file)" as skills with profile = "vpr-catalogue-skills"
            let expected_tasks = canonical_tasks | \(filter)
            let expected_skills = canonical_skills | \(filter)
            """)
        let tasks = try #require(session.datasets["tasks"]?.table)
        let expected = try #require(session.datasets["expected_tasks"]?.table)
        #expect(tasks.names == CatalogueProfile.tasksColumns)
        #expect(tasks.names == expected.names)
        #expect(expected.rowCount > 0)
        #expect(Support.textRows(tasks) == Support.textRows(expected))
        #expect(tasks.columns.map(\.type) == expected.columns.map(\.type))
        let skills = try #require(session.datasets["skills"]?.table)
        let expectedSkills = try #require(session.datasets["expected_skills"]?.table)
        #expect(skills.names == CatalogueProfile.skillsColumns)
        #expect(Support.textRows(skills) == Support.textRows(expectedSkills))
        #expect(skills.columns.map(\.type) == expectedSkills.columns.map(\.type))
        #expect(notes.contains { $0.contains("task catalogue") && $0.contains("\(work.subject) \(work.grade), \(work.year); \(expected.rowCount) tasks") })
    }

    /// Two imported years of a work whose catalogue changed (task 12 became 12.1 and 12.2): the
    /// annual cycle's comparison (the catalogue part of Scripts/lib/trends.msoko, run as it is)
    /// says the same about them as about the canonical tasks.csv.
    @Test func importedCataloguesFeedTheYearToYearComparison() throws {
        let trends = try String(contentsOf: TestPaths.repository.appendingPathComponent("Scripts/lib/trends.msoko"), encoding: .utf8)
        let end = try #require(trends.range(of: "# ---- Trends of each work"))
        // The comparison without its closing `expect` (which stops a run on purpose when a
        // catalogue changed): the table `catalogue_changes`.
        var section = String(trends[..<end.lowerBound])
        let expectStart = try #require(section.range(of: "catalogue_changes | where year == $year and changed"))
        section = String(section[..<expectStart.lowerBound])
        func changes(_ tasks: String) throws -> [[String]] {
            let (session, _) = try Self.load("""
                load "ВПР_Математика_5_2024.xlsx" as c2024 with profile = "vpr-catalogue"
                load "vpr_math5_2025.csv" as c2025 with profile = "vpr-catalogue"
                let imported = c2024 | append c2025
                let canonical = canonical_tasks | where subject == "Математика" and grade == 5 and year >= 2024
                let tasks = \(tasks)
                \(section)
                """)
            let table = try #require(session.datasets["catalogue_changes"]?.table)
            let wanted = ["year", "subject", "grade", "tasks_n", "prev_n", "common_n", "changed", "note"]
            return Support.textRows(table).map { row in wanted.compactMap { table.names.firstIndex(of: $0).map { row[$0] } } }
        }
        let imported = try changes("imported")
        #expect(imported == (try changes("canonical")))
        #expect(imported.count == 1)
        let row = try #require(imported.first)
        #expect(Array(row.prefix(7)) == ["2025", "Математика", "5", "15", "14", "13", "true"])
        #expect(row[7].contains("№12") && row[7].contains("12.1") && row[7].contains("12.2"), "\(row)")
    }

    @Test func brokenCataloguesNameFileSheetAndCell() throws {
        for (statement, fragments) in [
            ("load \"broken_catalogue_level.xlsx\" as b with profile = \"vpr-catalogue\"",
             ["broken_catalogue_level.xlsx:6:3: data error: sheet `Лист1`, cell C6: the level \"средний\" of task 3 is not Б, П or В"]),
            ("load \"broken_catalogue_nomax.csv\" as b with profile = \"vpr-catalogue\"",
             ["broken_catalogue_nomax.csv:2: data error: line 2: the catalogue's header has no maximum-score column", "«Баллы за задание»"]),
            ("load \"../gia/ОГЭ_2025_Математика.xlsx\" as b with profile = \"vpr-catalogue\"", ["does not look like a task catalogue"]),
            ("load \"vpr_math5_2025.csv\" as b with profile = \"vpr-catalogue\", exam = \"ОГЭ\"", ["`exam` does not apply"]),
        ] {
            do {
                _ = try Self.load(statement)
                Issue.record("expected an error: \(statement)")
            } catch let failure as MsokoFailure {
                let text = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
                for fragment in fragments { #expect(text.contains(fragment), "\(statement)\n\(text)") }
                #expect(!text.contains("[profile header not found]"))
            }
        }
    }

    @Test func workFromOptionsElseAnErrorNamingThem() throws {
        let folder = try Support.temporaryFolder()
        let text = "№ задания,Проверяемые умения,КЭС,Уровень сложности,Максимальный балл\n1,Читать,\"1.1; 1.2\",базовый,1\n2.1,Писать,\"2.3,\n2.4\",П,2\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("c.csv"))
        do {
            _ = try Support.session("load \"c.csv\" as c with profile = \"vpr-catalogue\"", in: folder)
            Issue.record("expected an error")
        } catch let failure as MsokoFailure {
            let message = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(message.contains("does not say which work it describes (year, subject, grade not found"))
        }
        let (session, notes) = try Support.session("""
            load "c.csv" as c with profile = "vpr-catalogue", year = 2026, subject = "Литература", grade = 6
            load "c.csv" as s with profile = "vpr-catalogue-skills", year = 2026, subject = "Литература", grade = 6
            """, in: folder)
        // Without a КТ/КПУ column the КЭС codes are the skill codes (and a note says so).
        #expect(Support.textRows(try #require(session.datasets["c"]?.table)) == [
            ["2026", "Литература", "6", "1", "1", "Б", "1.1", "Читать"], ["2026", "Литература", "6", "2.1", "2", "П", "2.3", "Писать"]])
        #expect(Support.textRows(try #require(session.datasets["s"]?.table)) == [
            ["2026", "Литература", "6", "1", "1.2"], ["2026", "Литература", "6", "2.1", "2.4"]])
        #expect(notes.contains { $0.contains("skill_code holds the КЭС codes") })
    }

    /// A bare «№» counting rows gives way to «Номер задания».
    @Test func taskColumnNamedSoWinsOverARowCounter() throws {
        let folder = try Support.temporaryFolder()
        let text = "ВПР 2025, История, 6 класс\n№;Номер задания;Проверяемые умения;КПУ;Уровень;Максимальный балл\n1;2;3;4;5;6\n1;2;Даты;И1.1;Б;1\n2;3.1;Карта;И1.2, И1.3;П;2\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("h.csv"))
        let (session, _) = try Support.session("load \"h.csv\" as h with profile = \"vpr-catalogue\"", in: folder)
        #expect(Support.textRows(try #require(session.datasets["h"]?.table)) == [
            ["2025", "История", "6", "2", "1", "Б", "И1.1", "Даты"], ["2025", "История", "6", "3.1", "2", "П", "И1.2", "Карта"]])
    }

    @Test func codesLevelsAndTaskNumbers() {
        #expect(CatalogueImporter.codes("М1.1.1;М2.3.1\n М2.3.1, 3.4") == ["М1.1.1", "М2.3.1", "3.4"])
        #expect(CatalogueImporter.codes("") == [])
        for (text, level) in [("Б", "Б"), ("базовый", "Б"), ("Повышенный", "П"), ("высокий", "В"), ("B", "В"), ("П.", "П")] {
            #expect(CatalogueImporter.level(text) == level, "\(text)")
        }
        #expect(CatalogueImporter.level("средний") == nil)
        #expect(CatalogueImporter.taskNumber(XLSXCell(column: 0, kind: .text, text: "№ 3")) == "3")
        #expect(CatalogueImporter.taskNumber(XLSXCell(column: 0, kind: .text, text: "9.1.")) == "9.1")
        #expect(CatalogueImporter.taskNumber(XLSXCell(column: 0, kind: .number, number: 12)) == "12")
        #expect(CatalogueImporter.taskNumber(XLSXCell(column: 0, kind: .text, text: "Часть 1")) == nil)
    }
}
