import Foundation
import Testing
@testable import MsokoKit

/// The aggregate-report profiles read the reports that Tests/Fixtures/make_fisoko_reports.py
/// renders: Russia's and the region's rows must give back Datasets/reference_results.csv (the
/// CSV they were rendered from), and the municipality's rows must agree with what msoko
/// computes from the pupils' rows (the generator computed them in Python).
@Suite struct FISOKOReportTests {
    typealias Support = XLSXTestSupport

    static func load(_ statements: String) throws -> (Session, [String]) {
        try Support.session(statements, in: Support.fixtures)
    }

    /// The named columns' cells as text rows.
    static func rows(_ table: Table, _ names: [String]) -> [[String]] {
        Support.textRows(table.project(names.compactMap { table.index(of: $0) }))
    }

    static func table(_ session: Session, _ name: String) throws -> Table {
        try #require(session.datasets[name]?.table)
    }

    /// `year|subject|grade|scope|indicator|task` → (value, n) of a table in the reference shape.
    static func figures(_ table: Table, scopes: Set<String> = ["russia", "region"]) -> [String: (value: Double, n: String)] {
        var out: [String: (Double, String)] = [:]
        let rows = Self.rows(table, ["year", "subject", "grade", "scope", "indicator", "task", "value", "n"])
        for row in rows where scopes.contains(row[3]) {
            out[row[0..<6].joined(separator: "|")] = (Double(row[6]) ?? .nan, row[7])
        }
        return out
    }

    /// reference_results.csv rows of 2025 for the works and indicators asked for.
    static func canonical(_ file: String, year: String, indicators: (String) -> Bool, works: Set<String>?) throws -> [String: (value: Double, n: String)] {
        let csv = try Support.plainCSV(TestPaths.repository.appendingPathComponent(file))
        var out: [String: (Double, String)] = [:]
        for row in csv.rows where row[0] == year && indicators(row[4]) && (works?.contains("\(row[1]) \(row[2])") ?? true) {
            out[row[0..<6].joined(separator: "|")] = (Double(row[6]) ?? .nan, row.count > 7 ? row[7] : "")
        }
        return out
    }

    static func expectSame(_ got: [String: (value: Double, n: String)], _ expected: [String: (value: Double, n: String)],
                           checkN: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(got.keys) == Set(expected.keys), sourceLocation: sourceLocation)
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        for (key, want) in expected {
            guard let have = got[key] else { continue }
            #expect(abs(have.value - want.value) < 1e-9, "\(key): \(have.value) ≠ \(want.value)", sourceLocation: sourceLocation)
            if checkN { #expect(have.n == want.n, "\(key): n \(have.n) ≠ \(want.n)", sourceLocation: sourceLocation) }
        }
    }

    static func isMark(_ indicator: String) -> Bool { indicator.hasPrefix("mark") && indicator.hasSuffix("_pct") }

    /// (file, its works; none listed = every 2025 work of the sample).
    static let markFiles: [(String, [String])] = [("Статистика_по_отметкам_ВПР_2025.xlsx", []),
                                                  ("marks_by_sheet.xlsx", ["Математика 5", "Русский язык 4", "Биология 5"])]
    static let completionFiles: [(String, [String])] = [("Выполнение_заданий_ВПР_2025.xlsx", []),
                                                        ("completion_by_sheet.xlsx", ["Математика 5", "Русский язык 4"])]

    @Test(arguments: markFiles)
    func marksRoundTripToReferenceResults(_ file: String, _ listed: [String]) throws {
        let works: Set<String>? = listed.isEmpty ? nil : Set(listed)
        let (session, notes) = try Self.load("load \"\(file)\" as r with profile = \"fisoko-marks\"")
        let table = try Self.table(session, "r")
        #expect(table.names == FISOKOProfile.referenceColumns)
        #expect(table.column("value")?.type == .double && table.column("n")?.type == .int && table.column("task")?.nullCount == table.rowCount)
        Self.expectSame(Self.figures(table), try Self.canonical("Datasets/reference_results.csv", year: "2025", indicators: Self.isMark, works: works))
        // By default the school rows are left out, and the note says how to keep them.
        #expect(Set(Self.rows(table, ["scope"]).map { $0[0] }) == ["russia", "region", "municipality"])
        #expect(notes.contains { $0.contains("school") && $0.contains("left out") })
        if file == "marks_by_sheet.xlsx" {
            #expect(notes.contains { $0.contains("are fractions (every value ≤ 1): multiplied by 100") })
        } else {
            #expect(notes.contains { $0.contains("total row skipped: Итого") })
        }
    }

    @Test(arguments: completionFiles)
    func completionRoundTripsToReferenceResults(_ file: String, _ listed: [String]) throws {
        let works: Set<String>? = listed.isEmpty ? nil : Set(listed)
        let (session, _) = try Self.load("load \"\(file)\" as r with profile = \"fisoko-completion\"")
        let table = try Self.table(session, "r")
        #expect(table.names == FISOKOProfile.referenceColumns)
        #expect(table.column("task")?.type == .text)
        Self.expectSame(Self.figures(table), try Self.canonical("Datasets/reference_results.csv", year: "2025", indicators: { $0 == "solve_rate" }, works: works))
    }

    /// The municipality's figures in the reports agree with msoko's own computation from the
    /// pupils (Datasets/vpr_results.csv, vpr_task_scores.csv, tasks.csv), to the report's 2 decimals.
    @Test func municipalityAgreesWithThePupils() throws {
        let (session, _) = try Self.load("""
            load "../../../Datasets/vpr_results.csv" as vpr
            load "../../../Datasets/vpr_task_scores.csv" as scores with types = {task: "text"}
            load "../../../Datasets/tasks.csv" as tasks with types = {task: "text"}
            load "Статистика_по_отметкам_ВПР_2025.xlsx" as marks with profile = "fisoko-marks", scopes = "municipality"
            load "Выполнение_заданий_ВПР_2025.xlsx" as completion with profile = "fisoko-completion", scopes = "municipality"
            let own_marks = vpr | where year == 2025 and status == "present"
              | summarize n = count(), m2 = pct(mark == 2), m3 = pct(mark == 3), m4 = pct(mark == 4), m5 = pct(mark == 5) by subject, grade
            let own_rates = scores | where year == 2025 | join tasks on year, subject, grade, task
              | summarize n = count(), rate = sum(score) / sum(max_score) * 100 by subject, grade, task
            """)
        let marks = Self.figures(try Self.table(session, "marks"), scopes: ["municipality"])
        let own = Support.textRows(try Self.table(session, "own_marks"))
        #expect(own.count == 19 && marks.count == 19 * 4)
        for row in own {
            for (offset, mark) in ["2", "3", "4", "5"].enumerated() {
                let figure = try #require(marks["2025|\(row[0])|\(row[1])|municipality|mark\(mark)_pct|"])
                #expect(abs(figure.value - Double(row[3 + offset])!) <= 0.005 + 1e-9, "\(row[0]) \(row[1]) «\(mark)»")
                #expect(figure.n == row[2])
            }
        }
        let rates = Self.figures(try Self.table(session, "completion"), scopes: ["municipality"])
        let ownRates = Support.textRows(try Self.table(session, "own_rates"))
        #expect(ownRates.count == rates.count && !rates.isEmpty)
        for row in ownRates {
            let figure = try #require(rates["2025|\(row[0])|\(row[1])|municipality|solve_rate|\(row[2])"])
            #expect(abs(figure.value - Double(row[4])!) <= 0.005 + 1e-9, "\(row[0]) \(row[1]) task \(row[2])")
            #expect(figure.n == row[3])
        }
    }

    /// School rows by login (one upper-case with spaces) become the district's ids through a
    /// schools table with fisoko_login; their figures match the pupils of that school.
    @Test func schoolRowsMapLoginsToSchoolIDs() throws {
        let (session, _) = try Self.load("""
            load "../fisoko/schools_logins.csv" as schools
            load "../../../Datasets/vpr_results.csv" as vpr
            load "Статистика_по_отметкам_ВПР_2025.xlsx" as raw with profile = "fisoko-marks", scopes = "school"
            load "Статистика_по_отметкам_ВПР_2025.xlsx" as mapped with profile = "fisoko-marks", scopes = "school", schools = "schools"
            let own = vpr | where year == 2025 and status == "present" and subject == "Математика" and grade == 5
              | summarize n = count(), m2 = pct(mark == 2) by school_id
            """)
        let raw = try Self.table(session, "raw")
        #expect(raw.names == FISOKOProfile.referenceColumns + ["school_id"])
        let rawIDs = Set(Self.rows(raw, ["school_id"]).map { $0[0] })
        #expect(rawIDs.contains("sch093101") && rawIDs.contains("SCH093105"))
        let mapped = try Self.table(session, "mapped")
        let rows = Self.rows(mapped, ["subject", "grade", "indicator", "school_id", "value", "n"])
        let math2 = Dictionary(uniqueKeysWithValues: rows.filter { $0[0] == "Математика" && $0[1] == "5" && $0[2] == "mark2_pct" }.map { ($0[3], ($0[4], $0[5])) })
        let own = Support.textRows(try Self.table(session, "own"))
        #expect(Set(math2.keys) == Set(own.map { $0[0] }))
        for row in own {
            let figure = try #require(math2[row[0]])
            #expect(abs(Double(figure.0)! - Double(row[2])!) <= 0.005 + 1e-9 && figure.1 == row[1], "\(row[0])")
        }
    }

    /// Another district (Study/generate_district.py --seed c3: ids `0902`, 2029, schools by full
    /// name, some quoted): the reference rows round-trip and every school maps to its id.
    @Test func anotherDistrictRoundTrips() throws {
        let (session, _) = try Self.load("""
            load "../fisoko/c3/schools.csv" as schools with types = {school_id: "text"}
            load "c3_marks_2029.xlsx" as marks with profile = "fisoko-marks", schools = "schools", scopes = "russia, region, municipality, school"
            load "c3_completion_2029.xlsx" as completion with profile = "fisoko-completion", schools = "schools", scopes = "russia region school"
            """)
        let marks = try Self.table(session, "marks"), completion = try Self.table(session, "completion")
        let expectedMarks = try Self.canonical("Tests/Fixtures/fisoko/c3/reference_results_2029.csv", year: "2029", indicators: Self.isMark, works: nil)
        let expectedRates = try Self.canonical("Tests/Fixtures/fisoko/c3/reference_results_2029.csv", year: "2029", indicators: { $0 == "solve_rate" }, works: nil)
        Self.expectSame(Self.figures(marks), expectedMarks, checkN: false)
        Self.expectSame(Self.figures(completion), expectedRates, checkN: false)
        let ids = Set(Self.rows(try Self.table(session, "schools"), ["school_id"]).map { $0[0] })
        for table in [marks, completion] {
            let schoolIDs = Self.rows(table, ["scope", "school_id"]).filter { $0[0] == "school" }.map { $0[1] }
            #expect(!schoolIDs.isEmpty && Set(schoolIDs).isSubset(of: ids))
            #expect(Set(schoolIDs).contains("0926"))   // МБОУ "Заречныйская НОШ", quoted in the CSV
        }
    }

    static func failure(_ statements: String) throws -> String {
        do {
            _ = try load(statements)
        } catch let failure as MsokoFailure {
            return failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
        }
        Issue.record("expected an error: \(statements)")
        return ""
    }

    @Test func brokenReportsNameFileSheetAndCell() throws {
        for (sheet, fragments) in [
            ("нет 5", ["broken_marks.xlsx", "sheet `нет 5`, cell F2: the header has no column for the share of «5» (the last column is «4»)"]),
            ("переименован", ["sheet `переименован`, cell B2: this row has «Кол-во ОО», but no header row with «Кол-во участников» (renamed or missing?)"]),
            ("регион", ["sheet `регион`, cell A4: «Озёрье» should be the region (it follows «Вся выборка») but does not read as one"]),
            ("текст", ["sheet `текст`, cell E6: \"сорок\" is not a number (a percentage in «3»)"]),
        ] {
            let text = try Self.failure("load \"broken_marks.xlsx\" as r with profile = \"fisoko-marks\", sheet = \"\(sheet)\"")
            for fragment in fragments { #expect(text.contains(fragment), "\(sheet)\n\(text)") }
        }
        // ignore_errors skips the row with the unreadable share, and says so.
        let (session, notes) = try Self.load("load \"broken_marks.xlsx\" as r with profile = \"fisoko-marks\", sheet = \"текст\", ignore_errors = true, scopes = \"municipality, school\"")
        #expect(try Self.table(session, "r").rowCount > 0)
        #expect(notes.contains { $0.contains("with an unreadable cell skipped") && $0.contains("row 6") })
        // The wrong profile for the report says which one to use.
        #expect(try Self.failure("load \"marks_by_sheet.xlsx\" as r with profile = \"fisoko-completion\"").contains("use `profile = \"fisoko-marks\"`"))
        #expect(try Self.failure("load \"completion_by_sheet.xlsx\" as r with profile = \"fisoko-marks\"").contains("use `profile = \"fisoko-completion\"`"))
        #expect(try Self.failure("load \"f1_math5.xlsx\" as r with profile = \"fisoko-marks\"").contains("no header row with «Кол-во участников»"))
        #expect(try Self.failure("load \"marks_by_sheet.xlsx\" as r with profile = \"fisoko-marks\", scopes = \"regoin\"").contains("did you mean `region`?"))
        // Options that make every block the same work: the same figure twice is an error, not a silent overwrite.
        let twice = try Self.failure("load \"marks_by_sheet.xlsx\" as r with profile = \"fisoko-marks\", subject = \"Математика\", grade = 5")
        #expect(twice.contains("gives mark2_pct for russia of Математика 5, 2025 twice (sheet `Математика 5 кл`, row 4 and sheet `Русский язык 4 кл`, row 4)"), "\(twice)")
        #expect(try Self.failure("load \"marks_by_sheet.xlsx\" as r with profile = \"fisoko-marks\", schools = \"nope\"").contains("nope"))
        #expect(try Self.failure("load \"marks_by_sheet.xlsx\" as r with scopes = \"region\"").contains("goes with a FIS OKO profile"))
    }

    /// A hand-made report: a row-number column, a login column beside the names, a title that
    /// mentions «количество участников» merged across, a school row before any other (no
    /// municipality), a school without participants (`-`).
    @Test func loginColumnNumberingAndTitles() throws {
        func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        func n(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\"><v>\(value)</v></c>" }
        func row(_ number: Int, _ cells: [String]) -> String { "<row r=\"\(number)\">" + cells.joined() + "</row>" }
        let title = "Количество участников и отметки. ВПР 2024, История 6"
        let body = "<sheetData>" + [
            row(1, ["A", "B", "C", "D", "E", "F", "G", "H"].map { s("\($0)1", title) }),
            row(2, [s("A2", "№ п/п"), s("B2", "Логин ОО"), s("C2", "Наименование"), s("D2", "Количество участников"),
                    s("E2", "2"), s("F2", "3"), s("G2", "4"), s("H2", "5")]),
            row(3, [s("C3", "Российская Федерация"), n("D3", "1000"), n("E3", "10"), n("F3", "40"), n("G3", "40"), n("H3", "10")]),
            row(4, [n("A4", "1"), s("C4", "Республика Кедровая"), n("D4", "100"), s("E4", "12,5"), s("F4", "37,5"), s("G4", "40"), s("H4", "10")]),
            row(5, [n("A5", "2"), s("B5", "sch093107"), s("C5", "МБОУ СОШ №7"), n("D5", "20"), n("E5", "5"), n("F5", "45"), n("G5", "40"), n("H5", "10")]),
            row(6, [n("A6", "3"), s("C6", "МБОУ СОШ №9 (sch093109)"), n("D6", "10"), n("E6", "0"), n("F6", "50"), n("G6", "50"), n("H6", "0")]),
            row(7, [n("A7", "4"), s("B7", "sch093108"), s("C7", "МКОУ ООШ с. Лесное"), s("D7", "-"), s("E7", "-"), s("F7", "-"), s("G7", "-"), s("H7", "-")]),
            row(8, [n("A8", "5"), s("B8", "sch093110"), s("C8", "МБОУ СОШ Калининского района"), n("D8", "0"), s("E8", "-")]),
        ].joined() + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:H1\"/></mergeCells>"
        let path = try Support.file(try Support.workbook(sheets: [("Отчёт", body)]), named: "отчёт.xlsx")
        var options = FISOKOOptions()
        options.profile = .marks
        options.scopes = ["russia", "region", "municipality", "school"]
        let report = try FISOKOImporter.read(path: path, shownPath: "отчёт.xlsx", options: options)
        #expect(Self.rows(report.table, ["year", "subject", "grade", "scope", "indicator", "value", "n", "school_id"]) == [
            ["2024", "История", "6", "russia", "mark2_pct", "10", "1000", ""], ["2024", "История", "6", "russia", "mark3_pct", "40", "1000", ""],
            ["2024", "История", "6", "russia", "mark4_pct", "40", "1000", ""], ["2024", "История", "6", "russia", "mark5_pct", "10", "1000", ""],
            ["2024", "История", "6", "region", "mark2_pct", "12.5", "100", ""], ["2024", "История", "6", "region", "mark3_pct", "37.5", "100", ""],
            ["2024", "История", "6", "region", "mark4_pct", "40", "100", ""], ["2024", "История", "6", "region", "mark5_pct", "10", "100", ""],
            ["2024", "История", "6", "school", "mark2_pct", "5", "20", "sch093107"], ["2024", "История", "6", "school", "mark3_pct", "45", "20", "sch093107"],
            ["2024", "История", "6", "school", "mark4_pct", "40", "20", "sch093107"], ["2024", "История", "6", "school", "mark5_pct", "10", "20", "sch093107"],
            ["2024", "История", "6", "school", "mark2_pct", "0", "10", "sch093109"], ["2024", "История", "6", "school", "mark3_pct", "50", "10", "sch093109"],
            ["2024", "История", "6", "school", "mark4_pct", "50", "10", "sch093109"], ["2024", "История", "6", "school", "mark5_pct", "0", "10", "sch093109"],
        ])
        #expect(report.notes.contains { $0.contains("no row for the municipality") })
    }

    /// A region's report lists every municipality: the second one is an error, not a «school».
    @Test func aSecondMunicipalityIsAnError() throws {
        func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        func n(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\"><v>\(value)</v></c>" }
        var rows = ["<row r=\"1\">" + s("A1", "Группы участников") + s("B1", "Кол-во ОО") + s("C1", "Кол-во участников") + s("D1", "2") + s("E1", "3") + s("F1", "4") + s("G1", "5") + "</row>"]
        for (number, label, schools) in [(2, "Вся выборка", "40000"), (3, "Тверская обл.", "500"), (4, "Калининский муниципальный округ", "30"),
                                         (5, "sch693101", "1"), (6, "Конаковский муниципальный округ", "25")] {
            rows.append("<row r=\"\(number)\">" + s("A\(number)", label) + n("B\(number)", schools) + n("C\(number)", "100")
                        + ["D", "E", "F", "G"].map { n("\($0)\(number)", "25") }.joined() + "</row>")
        }
        let path = try Support.file(try Support.workbook(sheets: [("Лист1", "<sheetData>" + rows.joined() + "</sheetData>")]), named: "регион.xlsx")
        var options = FISOKOOptions()
        options.profile = .marks
        options.year = 2025; options.subject = "Математика"; options.grade = 5
        #expect {
            _ = try FISOKOImporter.read(path: path, shownPath: "регион.xlsx", options: options)
        } throws: { error in
            (error as? MsokoError)?.message.hasPrefix("sheet `Лист1`, cell A6: «Конаковский муниципальный округ» reads as a second municipality") == true
        }
    }

    /// The commands of docs/sources/fisoko-reports.md run on the fixtures (the schools table with
    /// logins standing for Datasets/schools.csv, the output in a temporary folder).
    @Test func theDocumentedCommandsRun() throws {
        let page = try String(contentsOf: TestPaths.repository.appendingPathComponent("docs/sources/fisoko-reports.md"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: "## The command").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```").dropFirst().first)
        let out = try Support.temporaryFolder()
        let script = block.replacingOccurrences(of: "\"Datasets/schools.csv\"", with: "\"../fisoko/schools_logins.csv\"")
            .replacingOccurrences(of: "\"out/", with: "\"\(out.path)/")
        let (session, _) = try Self.load(script)
        let saved = try Support.plainCSV(out.appendingPathComponent("reference_results.csv"))
        #expect(saved.header == FISOKOProfile.referenceColumns)
        #expect(Set(saved.rows.map { $0[3] }) == ["russia", "region"])
        let bySchool = try Self.table(session, "by_school")
        #expect(Set(Self.rows(bySchool, ["school_id"]).map { $0[0] }).isSubset(of: Set((1...23).map { String(format: "S%02d", $0) })))
        #expect(try Self.table(session, "ours").rowCount == 19 * 4)
    }

    @Test func percentagesAndLabels() {
        typealias Reader = FISOKOReports.SheetReader
        #expect(Reader.markLabel("«2»") == 2 && Reader.markLabel("Отметка \"5\"") == 5 && Reader.markLabel("% 3") == 3 && Reader.markLabel("1") == nil)
        #expect(Reader.taskLabel("№1") == "1" && Reader.taskLabel("№ 9.1") == "9.1" && Reader.taskLabel("9.1 (2б)") == "9.1"
                && Reader.taskLabel("1 (1)") == "1" && Reader.taskLabel("Задание 3") == "3" && Reader.taskLabel("Кол-во ОО") == nil)
        #expect(Reader.isRegion("тверская обл.") && Reader.isRegion("республика татарстан") && Reader.isRegion("ханты-мансийский автономный округ - югра")
                && Reader.isRegion("г. москва") && !Reader.isRegion("калининский муниципальный округ"))
        #expect(Reader.isMunicipality("калининский муниципальный округ") && Reader.isMunicipality("г. тверь") && Reader.isMunicipality("конаковский район"))
        #expect(Reader.isSchool("sch093101") && Reader.isSchool("(sch693101) моу сош №1") && Reader.isSchool("мбоу гимназия №2"))
        func cell(_ text: String) -> XLSXCell { XLSXCell(column: 0, kind: .text, text: text) }
        for (text, value) in [("41,4 %", 41.4), ("41,4%", 41.4), ("1 404 760", 1_404_760), ("1\u{00A0}404\u{00A0}760", 1_404_760)] {
            guard case .value(let number) = Reader.number(cell(text)) else { Issue.record("\(text)"); continue }
            #expect(number == value)
        }
        if case .none = Reader.number(cell("-")) {} else { Issue.record("-") }
        if case .bad = Reader.number(cell("сорок")) {} else { Issue.record("сорок") }
    }
}
