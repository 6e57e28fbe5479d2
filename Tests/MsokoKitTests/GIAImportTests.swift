import Foundation
import Testing
@testable import MsokoKit

/// The ОГЭ/ЕГЭ profiles read the protocols that Tests/Fixtures/make_gia_and_catalogues.py renders
/// from Datasets/gia_results.csv back into the same rows; the decoded answers add up to the
/// canonical primary scores; broken protocols give messages naming the file, sheet and cell.
@Suite struct GIAImportTests {
    typealias Support = XLSXTestSupport

    static let folder = TestPaths.repository.appendingPathComponent("Tests/Fixtures/gia")

    static func load(_ statements: String) throws -> (Session, [String]) {
        try Support.session(statements, in: folder)
    }

    /// Datasets/gia_results.csv rows of one exam (as text; the file has no quoted fields).
    static func canonical(year: String, subject: String, schools: Set<String>) throws -> [[String]] {
        let csv = try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/gia_results.csv"))
        #expect(csv.header == Array(GIAProfile.resultsColumns.prefix(9)))
        return csv.rows.filter { $0[0] == year && $0[1] == "ОГЭ" && $0[2] == subject && schools.contains($0[3]) }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func sorted(_ rows: [[String]]) -> [[String]] { rows.sorted { $0.lexicographicallyPrecedes($1) } }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var year: String
        var subject: String
        var schools: Set<String>
        var absentFile: String
        var short: Int
        var extended: [Int]
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "ОГЭ_2025_Математика.xlsx", year: "2025", subject: "Математика", schools: ["S01", "S02", "S03", "S04", "S05", "S06"],
             absentFile: "oge_math_absent.csv", short: 19, extended: [2, 2, 2, 2, 2, 2]),
        Case(file: "gia_rus_2024.csv", year: "2024", subject: "Русский язык", schools: ["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08"],
             absentFile: "oge_rus_absent.csv", short: 11, extended: [7, 9, 4, 2]),
    ]

    @Test(arguments: cases)
    func protocolsRoundTripToGiaResults(_ exam: Case) throws {
        let (session, notes) = try Self.load("""
            load "\(exam.file)" as g with profile = "gia"
            load "\(exam.file)" as t with profile = "gia-tasks"
            """)
        let results = try #require(session.datasets["g"]?.table)
        #expect(results.names == GIAProfile.resultsColumns)
        let types = Dictionary(uniqueKeysWithValues: zip(results.names, results.columns.map(\.type)))
        #expect(types == ["year": .int, "exam": .text, "subject": .text, "school_id": .text, "class_id": .text, "pupil_code": .text,
                          "primary_score": .int, "mark": .int, "test_score": .int, "variant": .int, "status": .text])
        let rows = Support.textRows(results)
        // Participants who sat the exam: exactly the canonical rows.
        let present = Self.sorted(rows.filter { $0[10] == "present" }.map { Array($0.prefix(9)) })
        let expected = try Self.canonical(year: exam.year, subject: exam.subject, schools: exam.schools)
        #expect(present.count == expected.count)
        #expect(present == expected)
        // Absent participants (`отсутствовал`, `неявка`, empty answers): no score, no mark — never a «2».
        let absent = rows.filter { $0[10] == "absent" }
        let planted = try Support.plainCSV(Self.folder.appendingPathComponent(exam.absentFile)).rows
        #expect(Self.sorted(absent.map { [$0[3], $0[4], $0[5]] }) == Self.sorted(planted))
        #expect(absent.allSatisfy { $0[6] == "" && $0[7] == "" && $0[8] == "" })
        #expect(notes.contains { $0.contains("ОГЭ protocol") && $0.contains("\(exam.subject), \(exam.year)") && $0.contains("(\(planted.count) absent)") })
        if exam.file.hasSuffix(".xlsx") { #expect(notes.contains { $0.contains("skipped 2 repeated header rows (page breaks) or rows of column numbers") }) }

        // Per task: the decoded points of each participant add up to the canonical primary score.
        let tasks = try #require(session.datasets["t"]?.table)
        #expect(tasks.names == GIAProfile.tasksColumns)
        var sums: [String: (points: Int, tasks: Int)] = [:]
        var maxima: [String: Set<String>] = [:]
        for row in Support.textRows(tasks) {
            let key = row[3] + "/" + row[5]
            sums[key, default: (0, 0)].points += Int(row[8]) ?? 0
            sums[key, default: (0, 0)].tasks += 1
            maxima[row[6] + "/" + row[7], default: []].insert(row[9])
        }
        #expect(sums.count == expected.count)
        for row in expected {
            let got = sums[row[3] + "/" + row[5]]
            #expect(got?.points == Int(row[6]), "\(row)")
            #expect(got?.tasks == exam.short + exam.extended.count)
        }
        // Short tasks 1…n are worth 1 (part 1); the extended ones follow with their bracketed maxima.
        var expectedMaxima: [String: Set<String>] = [:]
        for task in 1...exam.short { expectedMaxima["\(task)/1"] = ["1"] }
        for (k, max) in exam.extended.enumerated() { expectedMaxima["\(exam.short + k + 1)/2"] = [String(max)] }
        #expect(maxima == expectedMaxima)
    }

    /// A district-wide protocol of several subjects: the «Учебный предмет» column gives each row
    /// its subject (`МАТЕМАТИКА` read as Математика); exam and year come from the sheet name.
    @Test func subjectColumnGivesEachRowItsSubject() throws {
        let (session, notes) = try Self.load("""
            load "ОГЭ_район.xlsx" as g with profile = "gia"
            load "ОГЭ_район.xlsx" as t with profile = "gia-tasks"
            """)
        let schools: Set<String> = ["S09", "S10", "S11", "S12"]
        let expected = Self.sorted(try Self.canonical(year: "2025", subject: "Математика", schools: schools)
            + (try Self.canonical(year: "2025", subject: "Русский язык", schools: schools)))
        let rows = Support.textRows(try #require(session.datasets["g"]?.table))
        #expect(Self.sorted(rows.map { Array($0.prefix(9)) }) == expected)
        #expect(notes.contains { $0.contains("subjects from the column «Учебный предмет» (Математика, Русский язык), 2025") && $0.contains("exam from the sheet name, year from the sheet name") })
        // Each subject's tasks with its own maxima: Russian's extended tasks 12–15 are worth 7, 9, 4, 2.
        var maxima: [String: Set<String>] = [:]
        for row in Support.textRows(try #require(session.datasets["t"]?.table)) { maxima[row[2] + " " + row[6], default: []].insert(row[9]) }
        #expect(maxima["Русский язык 12"] == ["7"] && maxima["Русский язык 13"] == ["9"] && maxima["Русский язык 15"] == ["2"])
        #expect(maxima["Математика 12"] == ["1"] && maxima["Математика 25"] == ["2"] && maxima["Русский язык 16"] == nil)
    }

    @Test func egeProtocolGivesTestScoresDigitsAndNotes() throws {
        let (session, notes) = try Self.load("""
            load "ЕГЭ_2025_Математика.xlsx" as e with profile = "gia"
            load "ЕГЭ_2025_Математика.xlsx" as et with profile = "gia-tasks"
            """)
        let results = try #require(session.datasets["e"]?.table)
        let expected = try Support.plainCSV(Self.folder.appendingPathComponent("ege_expected.csv"))
        #expect(results.names == expected.header)
        #expect(Self.sorted(Support.textRows(results)) == Self.sorted(expected.rows))
        // Codes with a leading zero stay as written.
        #expect(Support.textRows(results).allSatisfy { $0[5].hasPrefix("0") })
        let tasks = try #require(session.datasets["et"]?.table)
        let expectedTasks = try Support.plainCSV(Self.folder.appendingPathComponent("ege_expected_tasks.csv"))
        let got = Support.textRows(tasks).map { [$0[5], $0[6], $0[7], $0[8], $0[9]] }
        #expect(Self.sorted(got) == Self.sorted(expectedTasks.rows))
        // The participant of data row 18 (sheet row 22) has a primary score one above the answers;
        // the «Итого» line under the table is not a participant.
        #expect(notes.contains { $0.contains("1 primary score differs from the sum of the decoded answers") && $0.contains("sheet `ЕГЭ`, cell G22") })
        #expect(notes.contains { $0.contains("skipped 1 total row") && $0.contains("cell A41 «Итого»") })
        #expect(notes.contains { $0.contains("scored with digits") })
        #expect(notes.contains { $0.contains("ЕГЭ protocol, sheet `ЕГЭ`: Математика, 2025; 36 participants (2 absent)") })
    }

    @Test func optionsOverrideWhatTheFileSays() throws {
        let (session, notes) = try Self.load("""
            load "gia_rus_2024.csv" as g with profile = "gia", year = 2023, subject = "Литература", exam = "огэ", delimiter = ";", encoding = "cp1251"
            g | distinct year, exam, subject
            """)
        let table = try #require(session.datasets["g"]?.table)
        #expect(Set(Support.textRows(table).map { $0[0] + $0[1] + $0[2] }) == ["2023ОГЭЛитература"])
        #expect(notes.contains { $0.contains("ОГЭ protocol: Литература, 2023") })
    }

    @Test func brokenProtocolsNameFileSheetAndCell() throws {
        for (statement, fragments) in [
            ("load \"broken_missing_school.xlsx\" as b with profile = \"gia\"",
             ["broken_missing_school.xlsx:3: data error: sheet `Лист1`, row 3: the protocol's header has no school column", "the header holds «Класс», «Код участника»"]),
            ("load \"broken_short.xlsx\" as b with profile = \"gia-tasks\"",
             ["broken_short.xlsx:7:4: data error: sheet `Лист1`, cell D7: the short-answer string", "character 5 is `a`"]),
            ("load \"broken_renamed.csv\" as b with profile = \"gia\"",
             ["broken_renamed.csv:3: data error: line 3: the protocol's header has no mark column", "not recognised: «Итоговая отм.»"]),
            ("load \"broken_extended.csv\" as b with profile = \"gia\"",
             ["broken_extended.csv:6:5: data error: line 6, field 5 (cell E6 in Excel): the extended-answer string \"1(2)0 2(2)1(2)0(2)0(2)\": task 2 of the extended part, `0`, has no maximum in brackets"]),
            ("load \"gia_rus_2024.csv\" as b with profile = \"gia\", sheet = 1", ["`sheet` does not apply to `profile = \"gia\"` on a CSV file"]),
            ("load \"ОГЭ_2025_Математика.xlsx\" as b with profile = \"gia\", exam = \"ВПР\"", ["`exam` is \"ОГЭ\" or \"ЕГЭ\""]),
            ("load \"ОГЭ_2025_Математика.xlsx\" as b with profile = \"gai\"", ["unknown profile `gai`", "did you mean `gia`?"]),
            ("load \"../catalogues/vpr_math5_2025.csv\" as b with profile = \"gia\"", ["does not look like an ОГЭ/ЕГЭ protocol"]),
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
        // With ignore_errors the bad string is read as no tasks for that participant, counted.
        let (session, notes) = try Self.load("load \"broken_short.xlsx\" as b with profile = \"gia\", ignore_errors = true")
        #expect(session.datasets["b"]?.table.rowCount == 8)
        #expect(notes.contains { $0.contains("1 unreadable cell read as null") })
    }

    @Test func protocolWithoutTheExamNamedSaysWhichOptionToAdd() throws {
        let folder = try Support.temporaryFolder()
        let text = "Код ОО;Класс;Код участника;Ответы части 1;Первичный балл;Отметка\nS01;9А;1;++-;2;2\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("p.csv"))
        do {
            _ = try Support.session("load \"p.csv\" as p with profile = \"gia\"", in: folder)
            Issue.record("expected an error")
        } catch let failure as MsokoFailure {
            let message = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(message.contains("does not say which exam it holds (year, subject not found"))
            #expect(message.contains("year = 2025, subject = \"Математика\""))
        }
        // The exam is read from the columns (a mark, no test score: ОГЭ).
        let (session, notes) = try Support.session("load \"p.csv\" as p with profile = \"gia\", year = 2025, subject = \"Химия\"", in: folder)
        #expect(Support.textRows(try #require(session.datasets["p"]?.table)) == [["2025", "ОГЭ", "Химия", "S01", "9А", "1", "2", "2", "", "", "present"]])
        #expect(notes.contains { $0.contains("ОГЭ from the mark column") })
    }

    /// An absent optional protocol is an empty table with the profile's columns, so the
    /// statements after it still find them.
    @Test func absentOptionalProtocolHasTheProfileColumns() throws {
        let (session, notes) = try Self.load("load \"nowhere.csv\" as g with profile = \"gia\", optional = true, exam = \"ОГЭ\"\ng | where mark == 2 | count")
        let table = try #require(session.datasets["g"]?.table)
        #expect(table.names == GIAProfile.resultsColumns && table.rowCount == 0)
        #expect(table.column("mark")?.type == .int && table.column("pupil_code")?.type == .text)
        #expect(notes.contains { $0.contains("nowhere.csv is absent (optional)") })
    }

    /// ЕГЭ in basic mathematics gives marks and no test score: the marks are kept; `—` in a
    /// score cell is empty (the primary score is then the answers' sum).
    @Test func egeBasicMathematicsKeepsItsMarks() throws {
        let folder = try Support.temporaryFolder()
        let text = "ЕГЭ 2025. Математика (базовый уровень)\nКод ОО;Класс;Код участника;Краткий ответ;Первичный балл;Отметка\n1;2;3;4;5;6\nS01;11А;0007;++-+;—;4\nS01;11А;0008;+---;1;н/а\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("base.csv"))
        let (session, notes) = try Support.session("load \"base.csv\" as b with profile = \"gia\"", in: folder)
        #expect(Support.textRows(try #require(session.datasets["b"]?.table)) == [
            ["2025", "ЕГЭ", "Математика", "S01", "11А", "0007", "3", "4", "", "", "present"],
            ["2025", "ЕГЭ", "Математика", "S01", "11А", "0008", "1", "", "", "", "present"]])
        #expect(notes.contains { $0.contains("basic mathematics): the marks are kept") })
        #expect(notes.contains { $0.contains("1 empty primary score taken as the sum of the decoded answers") })
    }

    @Test func answerStringsDecode() throws {
        typealias T = GIAVocabulary.Task
        #expect(try GIAVocabulary.decodeShort("+-X 2Х?").get() == [
            T(score: 1, maxScore: 1, plusMinus: true), T(score: 0, maxScore: 1, plusMinus: true), T(score: nil, maxScore: nil, plusMinus: false),
            T(score: 2, maxScore: nil, plusMinus: false), T(score: nil, maxScore: nil, plusMinus: false), T(score: nil, maxScore: nil, plusMinus: false),
        ])
        #expect(try GIAVocabulary.decodeExtended(" 2(2) 1 (3)X(2)0(4) ").get() == [
            T(score: 2, maxScore: 2, plusMinus: false), T(score: 1, maxScore: 3, plusMinus: false),
            T(score: nil, maxScore: 2, plusMinus: false), T(score: 0, maxScore: 4, plusMinus: false),
        ])
        #expect(try GIAVocabulary.decodeExtended("").get().isEmpty)
        for (text, fragment) in [("2(2)1", "task 2 of the extended part, `1`, has no maximum"), ("2(2", "unclosed bracket"),
                                 ("3(2)", "3 points of at most 2"), ("(2)", "no points before its bracket"), ("a(2)", "`a` where its points should be"),
                                 ("2(x)", "`x` in brackets")] {
            guard case .failure(let error) = GIAVocabulary.decodeExtended(text) else { Issue.record("expected a failure: \(text)"); continue }
            #expect(error.message.contains(fragment), "\(text): \(error.message)")
        }
        guard case .failure(let error) = GIAVocabulary.decodeShort("++y") else { Issue.record("expected a failure"); return }
        #expect(error.message.contains("character 3 is `y`"))
    }

    @Test func headerWordsOfOtherRegions() {
        for (header, role) in [("Кoд OO", GIAColumn.school), ("Школа", .school), ("Номер участника", .pupil), ("Код работы", .pupil),
                               ("Задания с развёрнутым ответом", .extended), ("Ответы части 1", .short), ("Часть 2", .extended),
                               ("Сумма баллов", .primary), ("Отметка по пятибалльной шкале", .mark), ("Оценка", .mark),
                               ("Балл по 100-балльной шкале", .testScore), ("Тестовый балл", .testScore)] {
            #expect(GIAVocabulary.role(of: header) == role, "\(header)")
        }
        #expect(GIAVocabulary.role(of: "ФИО") == nil)
        #expect(GIAVocabulary.exam(in: "Протокол_ЕГЭ_2025") == "ЕГЭ")
        #expect(GIAVocabulary.exam(in: "Результаты ГИА-9") == "ОГЭ")
        #expect(GIAVocabulary.exam(in: "ОГЭ и ЕГЭ") == nil)
    }

    /// The FIS OKO profiles read a CSV export through the same row stream (cp1251, `;`).
    @Test func fisokoProfilesReadCSV() throws {
        let (session, _) = try Self.load("""
            load "f1_math5_S01.csv" as f with profile = "fisoko"
            load "f1_math5_S01.csv" as ft with profile = "fisoko-tasks"
            """)
        func canonical(_ file: String) throws -> [[String]] {
            try Support.plainCSV(TestPaths.repository.appendingPathComponent("Datasets/\(file)")).rows
                .filter { $0[0] == "2025" && $0[1] == "Математика" && $0[2] == "5" && $0[3] == "S01" }
        }
        #expect(Self.sorted(Support.textRows(try #require(session.datasets["f"]?.table))) == Self.sorted(try canonical("vpr_results.csv")))
        #expect(Self.sorted(Support.textRows(try #require(session.datasets["ft"]?.table))) == Self.sorted(try canonical("vpr_task_scores.csv")))
    }

    /// The FIS OKO report profiles read a report saved as CSV (`;`, decimal commas, a count with
    /// spaces, the mark group over the marks as a second header line).
    @Test func fisokoReportsReadCSV() throws {
        let folder = try Support.temporaryFolder()
        let text = "Статистика по отметкам\nМатематика, 5 класс, 2025\nГруппы участников;Кол-во ОО;Кол-во участников;Распределение групп баллов в %;;;\n;;;2;3;4;5\nВся выборка;41234;1 404 760;14,1;40,2;37,4;8,3\nТверская обл.;512;21438;15,5;41,2;35,9;7,4\nКалининский муниципальный округ;23;420;13,81;43,1;36,67;6,43\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("marks.csv"))
        let (session, _) = try Support.session("load \"marks.csv\" as r with profile = \"fisoko-marks\"\nlet two = r | where indicator == \"mark2_pct\" | select scope, value, n", in: folder)
        #expect(Support.textRows(try #require(session.datasets["two"]?.table)) == [["russia", "14.1", "1404760"], ["region", "15.5", "21438"], ["municipality", "13.81", "420"]])
    }

    /// School names (or codes) become the district's school_id through `schools = "DATASET"`; an
    /// unknown school is an error naming its cell.
    @Test func schoolNamesMapToSchoolIDs() throws {
        let folder = try Support.temporaryFolder()
        let text = "ОГЭ 2025 Математика\nШкола;Класс;Код участника;Ответы части 1;Первичный балл;Отметка\n\"МБОУ СОШ №1 г. Приозёрска\";9А;1;++-;2;2\nМБОУ Гимназия №2 г. Приозерска;9Б;2;+++;3;3\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("p.csv"))
        let schools = TestPaths.repository.appendingPathComponent("Datasets/schools.csv").path
        let (session, _) = try Support.session("load \"\(schools)\" as schools\nload \"p.csv\" as g with profile = \"gia\", schools = \"schools\"", in: folder)
        #expect(Support.textRows(try #require(session.datasets["g"]?.table)).map { $0[3] } == ["S01", "S02"])
        try Data((text + "МБОУ СОШ №99;9Б;3;+++;3;3\n").utf8).write(to: folder.appendingPathComponent("p.csv"))
        do {
            _ = try Support.session("load \"\(schools)\" as schools\nload \"p.csv\" as g with profile = \"gia\", schools = \"schools\"", in: folder)
            Issue.record("expected an error")
        } catch let failure as MsokoFailure {
            let message = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
            #expect(message.contains("cell A5: school `МБОУ СОШ №99` is not in the schools table `schools`"), "\(message)")
        }
    }

    /// A folder of protocols, each in its region's layout, loads as one table with `source_file`.
    @Test func aGlobOfProtocolsLoadsAsOneTable() throws {
        let folder = try Support.temporaryFolder()
        for name in ["ОГЭ_2025_Математика.xlsx", "gia_rus_2024.csv"] {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let (session, _) = try Support.session("""
            load "*.xlsx" as a with profile = "gia"
            load "*.csv" as b with profile = "gia"
            let all = a | append b
            let counts = all | count by year, subject, source_file
            """, in: folder)
        #expect(Support.textRows(try #require(session.datasets["counts"]?.table)) == [
            ["2024", "Русский язык", "gia_rus_2024.csv", "287"], ["2025", "Математика", "ОГЭ_2025_Математика.xlsx", "261"]])
    }

    /// Rows are numbered by the physical line they start on (quoted line breaks count), empty
    /// fields are left out, numbers stored as text are `numericText`, codes with leading zeros text.
    @Test func csvRowStreamNumbersRowsByPhysicalLine() throws {
        final class Rows: XLSXRowSink {
            var rows: [(Int, [XLSXCell])] = []
            func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) { rows.append((number, cells)) }
        }
        let folder = try Support.temporaryFolder()
        // Windows-1251 bytes for «Код;Балл», then a quoted line break, a blank line, CRLF endings.
        var bytes: [UInt8] = [0xCA, 0xEE, 0xE4, 0x3B, 0xC1, 0xE0, 0xEB, 0xEB, 0x0D, 0x0A]
        bytes += Array("007;\"4,5\"\r\n\"a\nb\";;12\r\n\r\n;x\r\n".utf8)
        let path = folder.appendingPathComponent("r.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let sink = Rows()
        let report = try CSVRowStream.read(path: path, shownPath: "r.csv", options: .init(), into: sink)
        #expect(report.encoding.lowercased().contains("1251"))
        #expect(report.delimiter == UInt8(ascii: ";"))
        #expect(sink.rows.map(\.0) == [1, 2, 3, 6])
        #expect(sink.rows[0].1.map(\.text) == ["Код", "Балл"])
        #expect(sink.rows[1].1.map(\.kind) == [.text, .numericText])
        #expect(sink.rows[1].1.map(\.text) == ["007", "4,5"])
        #expect(sink.rows[1].1[1].number == 4.5)
        #expect(sink.rows[2].1.map(\.column) == [0, 2])
        #expect(sink.rows[2].1[0].text == "a\nb")
        #expect(sink.rows[3].1.map(\.column) == [1])
    }
}
