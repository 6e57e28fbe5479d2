import Foundation
import Testing
@testable import MsokoKit

/// The FIS OKO profiles read the workbooks that Tests/Fixtures/make_fisoko_workbooks.py builds
/// from the sample district back into the same canonical tables as Datasets/ holds.
@Suite struct FISOKOImportTests {
    typealias Support = XLSXTestSupport

    static let schools: Set<String> = ["S01", "S02", "S11"]

    /// The sample district's rows for one work and the fixture schools, as text, sorted.
    static func expected(_ file: String, subject: String, grade: String) throws -> (header: [String], rows: [[String]]) {
        let csv = try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/\(file)"))
        let rows = csv.rows.filter { $0[0] == "2025" && $0[1] == subject && $0[2] == grade && schools.contains($0[3]) }
        return (csv.header, rows.sorted { $0.lexicographicallyPrecedes($1) })
    }

    static func sorted(_ table: Table) -> [[String]] {
        Support.textRows(table).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Loads `statements` in the fixtures folder (mark scales loaded first).
    static func load(_ statements: String) throws -> (Session, [String]) {
        try Support.session("load \"../../../Datasets/mark_scales.csv\" as mark_scales\n" + statements, in: Support.fixtures)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var options: String
        var subject: String
        var grade: String
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "f1_math5.xlsx", options: "", subject: "Математика", grade: "5"),
        Case(file: "f1_rus4.xlsx", options: ", sheet = \"Русский язык 4 класс\"", subject: "Русский язык", grade: "4"),
        Case(file: "Протокол_ВПР_2025_Математика_5.xlsx", options: ", mark_scales = \"mark_scales\"", subject: "Математика", grade: "5"),
        Case(file: "protocol_rus4.xlsx", options: ", year = 2025, subject = \"Русский язык\", grade = 4, mark_scales = \"mark_scales\"",
             subject: "Русский язык", grade: "4"),
    ]

    @Test(arguments: cases)
    func roundTripsToTheCanonicalTables(_ work: Case) throws {
        let (session, notes) = try Self.load("""
            load "\(work.file)" as results with profile = "fisoko"\(work.options)
            load "\(work.file)" as tasks with profile = "fisoko-tasks"\(work.options)
            """)
        let results = try #require(session.datasets["results"]?.table)
        let tasks = try #require(session.datasets["tasks"]?.table)
        let expectedResults = try Self.expected("vpr_results.csv", subject: work.subject, grade: work.grade)
        #expect(results.names == expectedResults.header)
        #expect(results.names == FISOKOProfile.resultsColumns)
        #expect(results.rowCount == expectedResults.rows.count)
        #expect(Self.sorted(results) == expectedResults.rows)
        let expectedTasks = try Self.expected("vpr_task_scores.csv", subject: work.subject, grade: work.grade)
        #expect(tasks.names == expectedTasks.header)
        #expect(tasks.rowCount == expectedTasks.rows.count)
        #expect(Self.sorted(tasks) == expectedTasks.rows)
        // Canonical types: codes and task numbers are text, scores and marks whole numbers.
        let types = Dictionary(uniqueKeysWithValues: zip(results.names, results.columns.map(\.type)))
        #expect(types == ["year": .int, "subject": .text, "grade": .int, "school_id": .text, "class_id": .text,
                          "pupil_code": .text, "variant": .int, "status": .text, "primary_score": .int, "mark": .int,
                          "journal_mark": .int])
        #expect(tasks.column("task")?.type == .text)
        #expect(tasks.column("score")?.type == .int)
        // «не пройд.» cells are reported; they read as null scores like X.
        #expect(notes.contains { $0.contains("«не пройд.»") })
    }

    @Test func workIsFoundInTitlesSheetNamesAndFileNames() throws {
        let (_, notes) = try Self.load("""
            load "f1_math5.xlsx" as a with profile = "fisoko"
            load "f1_rus4.xlsx" as b with profile = "fisoko"
            load "Протокол_ВПР_2025_Математика_5.xlsx" as c with profile = "fisoko"
            """)
        #expect(notes.contains { $0.contains("f1_math5.xlsx: «Ф1 Индивидуальные результаты», sheet `Ф1`: Математика 5, 2025; 108 pupils (7 absent), 15 tasks (year from the title, subject from the title, grade from the title)") })
        // f1_rus4's first sheet is a cover sheet: the profile takes the first sheet with an export.
        #expect(notes.contains { $0.contains("sheet `Русский язык 4 класс`: Русский язык 4, 2025") && $0.contains("subject from the sheet name") })
        #expect(notes.contains { $0.contains("year from the file name, subject from the file name, grade from the file name") })
        // Without mark scales the protocol export has no marks, and says so.
        #expect(notes.contains { $0.contains("no mark column, so `mark` is empty") })
    }

    @Test func catalogueTakesMaxScoresAndLevelsFromTheHeaders() throws {
        let (session, notes) = try Self.load("""
            load "f1_math5.xlsx" as m with profile = "fisoko-tasks-catalogue"
            load "f1_rus4.xlsx" as r with profile = "fisoko-tasks-catalogue"
            load "Протокол_ВПР_2025_Математика_5.xlsx" as p with profile = "fisoko-tasks-catalogue"
            """)
        // tasks.csv's first six columns (the skill text after them may hold quoted commas).
        let catalogue = try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/tasks.csv"))
        for (name, subject, grade) in [("m", "Математика", "5"), ("r", "Русский язык", "4")] {
            let table = try #require(session.datasets[name]?.table)
            #expect(table.names == FISOKOProfile.catalogueColumns)
            let expected = catalogue.rows.filter { $0[0] == "2025" && $0[1] == subject && $0[2] == grade }.map { Array($0.prefix(6)) }
            #expect(Support.textRows(table) == expected)
        }
        let protocolTasks = try #require(session.datasets["p"]?.table)
        #expect(protocolTasks.rowCount == 15)
        #expect(protocolTasks.column("max_score")?.nullCount == 15)
        #expect(notes.contains { $0.contains("carries no max scores or levels") })
    }

    @Test func missingWorkAndForeignSheetsAreClearErrors() throws {
        for (statement, fragments) in [
            ("load \"protocol_rus4.xlsx\" as q with profile = \"fisoko\"",
             ["does not say which work it holds (year, subject not found", "year = 2025, subject = "]),
            ("load \"f1_rus4.xlsx\" as q with profile = \"fisoko\", sheet = 1",
             ["sheet `Пояснения` of `f1_rus4.xlsx` does not look like a FIS OKO export"]),
            ("load \"f1_math5.xlsx\" as q with profile = \"fisoko-task\"", ["unknown profile `fisoko-task`", "did you mean `fisoko-tasks`?"]),
            ("load \"f1_math5.xlsx\" as q with profile = \"fisoko\", types = {task: \"text\"}", ["do not apply with `profile`"]),
            ("load \"f1_math5.xlsx\" as q with profile = \"fisoko\", mark_scales = \"nope\"", ["nope"]),
        ] {
            do {
                _ = try Self.load(statement)
                Issue.record("expected an error: \(statement)")
            } catch let failure as MsokoFailure {
                let text = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
                for fragment in fragments { #expect(text.contains(fragment), "\(statement)\n\(text)") }
            }
        }
    }

    /// A hand-made Ф1 sheet with every special value and one unreadable score.
    static func handMade(badScore: String) throws -> String {
        func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        func n(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\"><v>\(value)</v></c>" }
        let body = """
            <sheetData>
            <row r="1">\(s("A1", "ВПР 2024. Математика, 6 класс"))</row>
            <row r="2">\(s("E2", "Б"))\(s("F2", "В"))</row>
            <row r="3">\(s("A3", "ОО"))\(s("B3", "Код участника"))\(s("C3", "Класс"))\(s("D3", "Вариант"))\(s("E3", "1 (1б)"))\(s("F3", "9.1 (2 б.)"))\(s("G3", "Первичный балл"))\(s("H3", "Отметка"))\(s("I3", "Отметка по журналу"))</row>
            <row r="4">\(s("A4", "S07"))\(n("B4", "60001"))\(s("C4", "А"))\(n("D4", "1"))\(s("E4", "Х"))\(n("F4", "2"))\(n("G4", "2"))\(n("H4", "3"))\(s("I4", "нет отметки"))</row>
            <row r="5">\(s("A5", "S07"))\(n("B5", "60002"))\(s("C5", "А"))\(n("D5", "2"))\(s("E5", "x"))\(s("F5", "не пройд."))\(s("G5", ""))\(n("H5", "2"))\(s("I5", "н/а"))</row>
            <row r="6">\(s("A6", "S07"))\(n("B6", "60003"))\(s("C6", "Б"))\(n("D6", "1"))\(s("E6", "отсутствовал"))\(n("I6", "4"))</row>
            <row r="7">\(s("A7", "S07"))\(n("B7", "60004"))\(s("C7", "Б"))\(n("D7", "2"))\(n("E7", "1"))\(s("F7", badScore))\(n("I7", "5"))</row>
            <row r="8">\(s("A8", "Итого"))\(n("G8", "99"))</row>
            </sheetData>
            """
        return try Support.file(try Support.workbook(sheets: [("Ф1", body)]), named: "ф1.xlsx")
    }

    @Test func specialValuesAreKeptMeaningfully() throws {
        let path = try Self.handMade(badScore: "1")
        let results = try FISOKOImporter.read(path: path, options: FISOKOOptions()).table
        #expect(Support.textRows(results) == [
            ["2024", "Математика", "6", "S07", "6А", "60001", "1", "present", "2", "3", ""],
            ["2024", "Математика", "6", "S07", "6А", "60002", "2", "present", "0", "2", ""],
            ["2024", "Математика", "6", "S07", "6Б", "60003", "1", "absent", "", "", "4"],
            ["2024", "Математика", "6", "S07", "6Б", "60004", "2", "present", "2", "", "5"],
        ])
        var options = FISOKOOptions()
        options.profile = .tasks
        let report = try FISOKOImporter.read(path: path, options: options)
        // Absent pupils have no task rows; X, x, Х and «не пройд.» are null scores, rows kept.
        #expect(Support.textRows(report.table).map { Array($0.suffix(3)) } == [
            ["60001", "1", ""], ["60001", "9.1", "2"], ["60002", "1", ""], ["60002", "9.1", ""],
            ["60004", "1", "1"], ["60004", "9.1", "1"],
        ])
        #expect(report.notes.contains { $0.contains("1 task score was «не пройд.»") })
        options.profile = .catalogue
        let catalogue = try FISOKOImporter.read(path: path, options: options).table
        #expect(Support.textRows(catalogue) == [["2024", "Математика", "6", "1", "1", "Б"], ["2024", "Математика", "6", "9.1", "2", "В"]])
    }

    @Test func anUnreadableScoreNamesItsCell() throws {
        let path = try Self.handMade(badScore: "два")
        #expect {
            _ = try FISOKOImporter.read(path: path, shownPath: "ф1.xlsx", options: FISOKOOptions())
        } throws: { error in
            guard let error = error as? MsokoError, let data = error.data else { return false }
            return error.message == "sheet `Ф1`, cell F7: the score \"два\" of task 9.1 is not a number"
                && data.file == "ф1.xlsx" && data.line == 7 && data.field == 6 && data.columnName == "9.1 (2 б.)"
        }
        var lenient = FISOKOOptions()
        lenient.ignoreErrors = true
        let report = try FISOKOImporter.read(path: path, options: lenient)
        #expect(report.notes.contains { $0.contains("1 unreadable cell read as null") })
    }

    @Test func workFromText() {
        let math = FISOKOVocabulary.work(in: "ВПР_Математика_5")
        #expect(math.year == nil && math.subject == "Математика" && math.grade == 5)
        let russian = FISOKOVocabulary.work(in: "ВПР-2025. Русский язык, 4 класс")
        #expect(russian.year == 2025 && russian.subject == "Русский язык" && russian.grade == 4)
        #expect(FISOKOVocabulary.work(in: "Итоги 2024/2025 учебного года").year == 2025)
        #expect(FISOKOVocabulary.work(in: "Окружающий мир 4 кл.").grade == 4)
        #expect(FISOKOVocabulary.work(in: "Протокол 12345").grade == nil)
        #expect(FISOKOVocabulary.role(of: "балл за 9.1") == .task(number: "9.1", maxScore: nil))
        #expect(FISOKOVocabulary.role(of: "12.2 (1б)") == .task(number: "12.2", maxScore: 1))
        #expect(FISOKOVocabulary.role(of: "Отметка за предыдущую четверть/триместр") == .journal)
        // Latin look-alikes typed into a Russian header (o, c, a, p, x, K) are read as Cyrillic; Latin words stay.
        #expect(FISOKOVocabulary.normalize("Кoд  учаcтника") == "код участника")
        #expect(FISOKOVocabulary.role(of: "OTMETKA") == .ignored)
        #expect(FISOKOVocabulary.role(of: "Oтметкa пo жуpналу") == .journal)
        #expect(FISOKOVocabulary.normalize("ID School") == "id school")
    }

    /// Without a profile, the wide export loads as it is; `unpivot … with prefix` finds its task
    /// columns, and says clearly that their types differ (X and «не пройд.» make some text).
    @Test func genericLoadAndUnpivotByPrefix() throws {
        let (session, _) = try Support.session("load \"protocol_rus4.xlsx\" as wide", in: Support.fixtures)
        let wide = try #require(session.datasets["wide"]?.table)
        #expect(wide.names.filter { $0.hasPrefix("балл за ") }.count == 13)
        #expect(wide.column("код обучающегося")?.type == .int)
        do {
            _ = try Support.session("""
                load "protocol_rus4.xlsx" as wide
                wide | unpivot with prefix = "балл за ", names = "task", values = "score"
                """, in: Support.fixtures)
            Issue.record("expected the type error")
        } catch let failure as MsokoFailure {
            let text = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(text.contains("the columns to unpivot have different types"))
        }
    }
}
