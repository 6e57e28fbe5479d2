import Foundation
import Testing
@testable import MsokoKit

/// Absent pupils however a protocol marks them (never a «2»), and school logins or names mapped
/// to the district's school_id through `schools = "DATASET"`.
@Suite struct FISOKOAbsenceAndLoginTests {
    typealias Support = XLSXTestSupport

    /// A Ф1 sheet whose absent pupils are marked outside the score cells, or not at all.
    static func handMade() throws -> String {
        func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        func n(_ ref: String, _ value: String) -> String { "<c r=\"\(ref)\"><v>\(value)</v></c>" }
        let body = """
            <sheetData>
            <row r="1">\(s("A1", "ВПР 2025. Математика, 5 класс"))</row>
            <row r="2">\(s("A2", "ОО"))\(s("B2", "Код участника"))\(s("C2", "Класс"))\(s("D2", "Вариант"))\(s("E2", "1 (1б)"))\(s("F2", "2 (2б)"))\(s("G2", "Первичный балл"))\(s("H2", "Отметка"))\(s("I2", "Отметка по журналу"))\(s("J2", "Примечание"))</row>
            <row r="3">\(s("A3", "МБОУ СОШ №1 г. Приозёрска"))\(n("B3", "50001"))\(s("C3", "5А"))\(s("D3", "отсутствовал"))\(n("I3", "4"))</row>
            <row r="4">\(s("A4", "sch093102"))\(n("B4", "50002"))\(s("C4", "н/я"))\(n("D4", "1"))\(n("I4", "3"))</row>
            <row r="5">\(s("A5", " SCH093102"))\(n("B5", "50003"))\(s("C5", "5А"))\(n("D5", "2"))\(n("I5", "3"))</row>
            <row r="6">\(s("A6", "S11"))\(n("B6", "50004"))\(s("C6", "5А"))\(n("D6", "1"))\(s("J6", "не явился"))</row>
            <row r="7">\(s("A7", "S11"))\(n("B7", "50005"))\(s("C7", "5А"))\(n("D7", "2"))\(s("E7", "Х"))\(s("F7", "x"))\(n("G7", "0"))\(n("H7", "2"))\(s("I7", "н/я"))</row>
            <row r="8">\(s("A8", "S11"))\(n("B8", "50006"))\(s("C8", "5А"))\(n("D8", "1"))\(n("E8", "1"))\(n("F8", "2"))\(n("G8", "3"))\(n("H8", "4"))\(s("I8", "неявка"))</row>
            </sheetData>
            """
        return try Support.file(try Support.workbook(sheets: [("Ф1", body)]), named: "ф1.xlsx")
    }

    static func schoolMap(dropping: String? = nil) throws -> FISOKOSchoolMap {
        let (session, _) = try Support.session("load \"../fisoko/schools_logins.csv\" as schools", in: Support.fixtures)
        var table = try #require(session.datasets["schools"]?.table)
        if let dropping, let ids = table.column("school_id") {
            table = table.gather((0..<table.rowCount).filter { ids.value(at: $0).plainText != dropping }.map(Int32.init))
        }
        return try FISOKOSchoolMap(table, datasetName: "schools")
    }

    /// Before the fix, 50001 (absence in the variant cell), 50002 (in the class cell), 50003 (no
    /// score, no total) and 50004 (in a notes column) were present pupils with 0 points: «2»s.
    @Test func absenceOutsideTheScoreCellsAndEmptyRowsAreAbsent() throws {
        var options = FISOKOOptions()
        options.schools = try Self.schoolMap()
        let report = try FISOKOImporter.read(path: try Self.handMade(), shownPath: "ф1.xlsx", options: options)
        #expect(Support.textRows(report.table) == [
            ["2025", "Математика", "5", "S01", "5А", "50001", "", "absent", "", "", "4"],
            ["2025", "Математика", "5", "S02", "", "50002", "1", "absent", "", "", "3"],
            ["2025", "Математика", "5", "S02", "5А", "50003", "2", "absent", "", "", "3"],
            ["2025", "Математика", "5", "S11", "5А", "50004", "1", "absent", "", "", ""],
            // Present: every answer missing (X) and 0 points is a real «2»; «н/я» in the journal
            // mark is about the previous term, not this work.
            ["2025", "Математика", "5", "S11", "5А", "50005", "2", "present", "0", "2", ""],
            ["2025", "Математика", "5", "S11", "5А", "50006", "1", "present", "3", "4", ""],
        ])
        #expect(report.notes.contains { $0.contains("6 pupils (4 absent)") })
        #expect(report.notes.contains { $0.contains("1 pupil has no task score and no total at all: read as absent, not as a «2»") })
        #expect(report.notes.contains { $0.contains("3 pupils are marked absent outside the score cells") })
        options.profile = .tasks
        let tasks = try FISOKOImporter.read(path: try Self.handMade(), options: options).table
        #expect(Set(Support.textRows(tasks).map { $0[5] }) == ["50005", "50006"])
    }

    @Test func absenceWords() {
        for word in ["отсутствовал", "Отсутствует", "не явился", "Не явилась", "неявка", "н/я", "отс.", "ОТС"] {
            #expect(FISOKOVocabulary.isAbsent(word), "\(word)")
        }
        for word in ["5А", "Вариант 1", "н/а", "X", "явился"] { #expect(!FISOKOVocabulary.isAbsent(word), "\(word)") }
    }

    @Test func schoolsMatchByLoginIDOrName() throws {
        let map = try Self.schoolMap()
        #expect(map.schoolID(for: "sch093101") == "S01")
        #expect(map.schoolID(for: "  SCH093101 ") == "S01")
        #expect(map.schoolID(for: "(sch093107) МБОУ …") == "S07")
        #expect(map.schoolID(for: "S05") == "S05")
        #expect(map.schoolID(for: "мбоу сош №1 г. приозерска") == "S01")   // case, ё/е
        #expect(map.schoolID(for: "МБОУ СОШ № 1 г. Приозёрска") == "S01")   // № 1 / №1
        #expect(map.schoolID(for: "sch093199") == nil)
    }

    /// The protocol export with logins and absent pupils marked four ways gives back the
    /// canonical rows (with the district's ids); the variant is null where its cell said «не явился».
    @Test func protocolWithLoginsRoundTrips() throws {
        let (session, notes) = try Support.session("""
            load "../../../Datasets/mark_scales.csv" as mark_scales
            load "../fisoko/schools_logins.csv" as schools
            load "protocol_logins_math5.xlsx" as results with profile = "fisoko", mark_scales = "mark_scales", schools = "schools"
            load "protocol_logins_math5.xlsx" as tasks with profile = "fisoko-tasks", schools = "schools"
            load "protocol_logins_math5.xlsx" as raw
            let no_show = raw | where вариант == "не явился" | select login = lower(trim(`логин школы`)), code = text(`код обучающегося`)
              | join schools on login == fisoko_login | select school_id, code
            let empty = raw | where `всего баллов` is null and `балл за 1` is null and вариант != "не явился" and пол != "неявка" | count
            """, in: Support.fixtures)
        let results = try #require(session.datasets["results"]?.table)
        let noShow = Set(Support.textRows(try #require(session.datasets["no_show"]?.table)).map { $0[0] + "/" + $0[1] })
        #expect(!noShow.isEmpty)
        let csv = try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/vpr_results.csv"))
        let expected = csv.rows.filter { $0[0] == "2025" && $0[1] == "Математика" && $0[2] == "5" && ["S01", "S02", "S11"].contains($0[3]) }
            .map { row -> [String] in
                var row = row
                if noShow.contains(row[3] + "/" + row[5]) { row[6] = "" }
                return row
            }
        #expect(Support.textRows(results).sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
        let emptyRows = try #require(session.datasets["empty"]?.table.columns.first?.value(at: 0).plainText)
        #expect(emptyRows != "0")
        #expect(notes.contains { $0.contains("\(emptyRows) pupils have no task score and no total at all") })
        let taskRows = try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/vpr_task_scores.csv")).rows
            .filter { $0[0] == "2025" && $0[1] == "Математика" && $0[2] == "5" && ["S01", "S02", "S11"].contains($0[3]) }
        let tasks = try #require(session.datasets["tasks"]?.table)
        #expect(Support.textRows(tasks).sorted { $0.lexicographicallyPrecedes($1) } == taskRows.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func unknownLoginIsAnErrorWithItsCell() throws {
        do {
            _ = try Support.session("""
                load "../fisoko/schools_logins.csv" as all_schools
                let schools = all_schools | where school_id != "S11"
                load "protocol_logins_math5.xlsx" as results with profile = "fisoko", schools = "schools"
                """, in: Support.fixtures)
            Issue.record("expected an error")
        } catch let failure as MsokoFailure {
            let text = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(text.contains("protocol_logins_math5.xlsx"), "\(text)")
            #expect(text.contains("sheet `Протокол`, cell A"), "\(text)")
            #expect(text.contains("school `SCH093111` is not in the schools table `schools` (matched by school_id, school_name, fisoko_login)") || text.contains("school `SCH093111` is not in the schools table `schools`"), "\(text)")
            #expect(text.contains("did you mean `sch0931"), "\(text)")
        }
        let (session, notes) = try Support.session("""
            load "../fisoko/schools_logins.csv" as all_schools
            let schools = all_schools | where school_id != "S11"
            load "protocol_logins_math5.xlsx" as results with profile = "fisoko", schools = "schools", ignore_errors = true
            """, in: Support.fixtures)
        let ids = Set(Support.textRows(try #require(session.datasets["results"]?.table)).map { $0[3] })
        #expect(ids == ["S01", "S02", "SCH093111"])
        #expect(notes.contains { $0.contains("1 school not in `schools` kept as written (ignore_errors = true): `SCH093111`") })
    }
}
