import Foundation
import Testing
@testable import MsokoKit

/// `load` of a folder or a glob, `provenance`, and the CSV options that real returned files
/// need. The expected rows come from `truth.csv` beside each fixture folder, which
/// Tests/Fixtures/make_multi_files.py wrote from the same invented rows it rendered into the
/// workbooks and CSV files (two seeds, different shapes): every value read back is compared with
/// what the generator put there, never with msoko's own earlier output.
@Suite struct MultiFileLoadTests {
    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/multi")
    static let seeds = ["seed1", "seed2"]

    /// A session in `folder`; the script runs, and the datasets and notes are returned.
    final class Run {
        let sink = CollectingSink()
        let session: Session
        var error: MsokoError?

        init(_ script: String, in folder: URL) {
            session = Session(sink: sink, workingDirectory: folder.path)
            do {
                try session.run(SourceFile(name: "test.msoko", text: script))
            } catch {
                self.error = error.errors.first
            }
        }

        func table(_ name: String) throws -> Table { try session.dataset(name, at: nil) }
        var notes: [String] { sink.notes }
    }

    /// `truth.csv` rows for one kind of file, in the order the files and rows were written
    /// (schools 1…K, which is the natural order of their names).
    static func truth(_ seed: String, suffix: String) throws -> [[String: String]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(seed).appendingPathComponent("truth.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }.filter { $0["file"]?.hasSuffix(suffix) == true }
    }

    static func text(_ table: Table, _ column: String, _ row: Int) -> String? {
        guard let value = table.column(column)?.value(at: row), !value.isNull else { return nil }
        return value.plainText
    }

    // MARK: - Workbooks

    @Test(arguments: seeds)
    func returnedWorkbooksStackIntoTheRowsTheyWereMadeFrom(_ seed: String) throws {
        let run = Run("load \"returned/*.xlsx\" as classes with provenance = true", in: Self.fixtures.appendingPathComponent(seed))
        #expect(run.error == nil, "\(String(describing: run.error))")
        let table = try run.table("classes")
        let truth = try Self.truth(seed, suffix: ".xlsx")
        #expect(table.names == ["source_file", "source_sheet", "source_row", "school_id", "class_id", "grade", "subject",
                                "teacher_code", "pupils", "budget", "comment"])
        #expect(table.rowCount == truth.count)
        #expect(table.column("grade")?.type == .int)
        #expect(table.column("pupils")?.type == .int)
        #expect(table.column("budget")?.type == .double)
        #expect(table.column("teacher_code")?.type == .text)
        for (row, expected) in truth.enumerated() {
            #expect(Self.text(table, "source_file", row) == expected["file"])
            #expect(Self.text(table, "source_sheet", row) == expected["sheet"])
            #expect(table.column("source_row")?.value(at: row) == .int(Int64(expected["row"] ?? "") ?? -1))
            for name in ["school_id", "class_id", "grade", "subject", "teacher_code", "pupils"] {
                #expect(Self.text(table, name, row) == expected[name], "row \(row) column \(name)")
            }
            // school_3.xlsx has no budget column: null there.
            let budget = expected["budget"].flatMap(Double.init)
            #expect(table.column("budget")?.value(at: row).asDouble == budget, "row \(row) budget")
        }
        // The lock file, the hidden copy and the .docx are not read; the first two say why.
        #expect(run.notes.contains { $0.contains("~$school_2.xlsx is an Office lock file") })
        #expect(!run.notes.joined().contains(".hidden"))
        // Each file's own note ("the header is on row 3 of sheet …") is said once for all the
        // files it applies to: the odd schools' sheets are all `Классы`, the others differ.
        let headerNotes = run.notes.filter { $0.contains("the header is on row 3") }
        let sheets = Dictionary(truth.map { ($0["file"] ?? "", $0["sheet"] ?? "") }, uniquingKeysWith: { first, _ in first })
        let sameSheet = sheets.values.filter { $0 == "Классы" }.count
        #expect(headerNotes.count == Set(sheets.values).count, "\(run.notes)")
        #expect(headerNotes.first?.contains("(\(sameSheet) files): the header is on row 3 of sheet `Классы`") == true, "\(headerNotes)")
    }

    @Test func aFolderWithASlashIsEveryDataFileInIt() throws {
        let folder = Self.fixtures.appendingPathComponent("seed2")
        let run = Run("""
            load "returned/" as a
            load "returned/*.xlsx" as b
            load "returned/school_[1-3].XLSX" as c
            load "returned/school_?.xlsx" as d
            """, in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        let a = try run.table("a"), b = try run.table("b"), c = try run.table("c")
        #expect(a.rowCount == b.rowCount)
        #expect(a.names == b.names)
        #expect(run.notes.contains("returned/: not read, not data files: notes.docx"), "\(run.notes)")
        let truth = try Self.truth("seed2", suffix: ".xlsx")
        #expect(c.rowCount == truth.filter { ["school_1.xlsx", "school_2.xlsx", "school_3.xlsx"].contains($0["file"] ?? "") }.count)
        #expect(try run.table("d").rowCount == truth.count)   // seed 2 has fewer than 10 schools
        // Without `as`, a glob is named after its folder.
        let named = Run("load \"returned/*.xlsx\"", in: folder)
        #expect(named.error == nil)
        #expect((try? named.table("returned")) != nil)
    }

    // MARK: - CSV: grouped numbers, short rows

    @Test(arguments: seeds)
    func returnedCSVFilesReadGroupedNumbersAndShortRows(_ seed: String) throws {
        let folder = Self.fixtures.appendingPathComponent(seed)
        let truth = try Self.truth(seed, suffix: ".csv")
        // Without null_padding the first short row stops the load, and the message says how to read it.
        let strict = Run("load \"csv/*.csv\" as c", in: folder)
        let firstShort = try #require(truth.first { $0["note"] == "" })
        #expect(strict.error?.data?.file == "csv/" + (firstShort["file"] ?? ""))
        #expect(strict.error?.data?.line == Int(firstShort["row"] ?? ""))
        #expect(strict.error?.message.contains("null_padding=true") == true, "\(String(describing: strict.error))")

        let run = Run("load \"csv/*.csv\" as c with null_padding = true, provenance = true", in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        let table = try run.table("c")
        #expect(table.names == ["source_file", "source_row", "school_id", "class_id", "teacher_code", "room", "phone",
                                "pupils", "budget", "note"])
        #expect(table.rowCount == truth.count)
        #expect(table.column("pupils")?.type == .int)
        #expect(table.column("budget")?.type == .double)
        for name in ["teacher_code", "room", "phone"] { #expect(table.column(name)?.type == .text, "\(name)") }
        for (row, expected) in truth.enumerated() {
            #expect(Self.text(table, "source_file", row) == expected["file"])
            #expect(table.column("source_row")?.value(at: row) == .int(Int64(expected["row"] ?? "") ?? -1))
            #expect(table.column("pupils")?.value(at: row) == .int(Int64(expected["pupils"] ?? "") ?? -1), "row \(row)")
            #expect(table.column("budget")?.value(at: row).asDouble == Double(expected["budget"] ?? ""), "row \(row)")
            // Codes, classes written with a space, two-digit groups and phones stay as written.
            for name in ["teacher_code", "room", "phone", "class_id"] {
                #expect(Self.text(table, name, row) == expected[name], "row \(row) column \(name)")
            }
            let note = expected["note"] ?? ""
            #expect(Self.text(table, "note", row) == (note.isEmpty ? nil : note))
        }
    }

    // MARK: - Broken files, nothing matching, optional

    /// A scratch folder, removed by the caller.
    static func scratch(_ files: [String: Data]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-multi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: folder.appendingPathComponent("in").appendingPathComponent(name)) }
        return folder
    }

    @Test func oneBrokenFileIsNamedOrSkippedWithIgnoreErrors() throws {
        let folder = try Self.scratch([
            "a_1.csv": Data("id,score\n1,5\n2,4\n".utf8),
            "a_2.xlsx": Data("this is not a workbook".utf8),
            "a_3.csv": Data("id,score\n3,3\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let failed = Run("load \"in/a_*\" as t", in: folder)
        #expect(failed.error?.message.contains("in/a_2.xlsx") == true, "\(String(describing: failed.error))")
        let skipped = Run("load \"in/a_*\" as t with ignore_errors = true", in: folder)
        #expect(skipped.error == nil, "\(String(describing: skipped.error))")
        let table = try skipped.table("t")
        #expect(table.column("id")?.int64s == [1, 2, 3])
        #expect((0..<3).map { Self.text(table, "source_file", $0) } == ["a_1.csv", "a_1.csv", "a_3.csv"])
        #expect(skipped.notes.contains { $0.hasPrefix("in/a_2.xlsx: skipped, it could not be read (ignore_errors = true)") })
        // A bad row inside a file names the file and its line.
        let folder2 = try Self.scratch(["b1.csv": Data("id,n\n1,2\n".utf8), "b2.csv": Data("id,n\n1,2\n3,4,5\n".utf8)])
        defer { try? FileManager.default.removeItem(at: folder2) }
        let ragged = Run("load \"in/*.csv\" as t", in: folder2)
        #expect(ragged.error?.data?.file == "in/b2.csv")
        #expect(ragged.error?.data?.line == 3)
    }

    @Test func typesThatDisagreeBecomeTextWithANote() throws {
        let folder = try Self.scratch([
            "p1.csv": Data("class,score,when\n5,1,2025-03-01\n6,2,2025-03-02\n".utf8),
            "p2.csv": Data("class,score,when\n5А,2.5,2025-03-03\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = Run("load \"in/*.csv\" as t", in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        let table = try run.table("t")
        #expect(table.column("score")?.type == .double)           // int + double: double, no note
        #expect(table.column("score")?.doubles == [1, 2, 2.5])
        #expect(table.column("when")?.type == .date)
        #expect(table.column("class")?.type == .text)
        #expect((0..<3).map { Self.text(table, "class", $0) } == ["5", "6", "5А"])
        #expect(run.notes == ["in/*.csv: read 2 files",
                              "in/*.csv: column `class` is int in p1.csv; text in p2.csv: it is read as text in every file (`types = {class: \"…\"}` to choose)"])
    }

    /// A load of many files says one line (files read, files skipped and why) and names files
    /// only for problems: ten lines at most, the rest counted and left to `skipped_files`.
    @Test func aGlobLoadSaysOneLineAndNamesOnlyTheFilesWithProblems() throws {
        var files: [String: Data] = [
            "a_1.csv": Data("id\n1\n".utf8), "a_2.csv": Data("id\n2\n".utf8),
            "~$a_3.xlsx": Data("lock".utf8), "notes.docx": Data("x".utf8),
        ]
        for n in 1...13 { files["b_\(n).xlsx"] = Data("this is not a workbook".utf8) }
        let folder = try Self.scratch(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "load \"in/\" as t with ignore_errors = true"
        let run = Run(script, in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        // 2 read; 1 lock file + 1 .docx + 13 broken = 15 skipped.
        #expect(run.notes.first == "in/: read 2 files; 15 skipped: 1 Office lock file, 1 not data file, 13 could not be read")
        // Ten problem lines: the lock file, the .docx, then b_1 … b_8 (natural order); 5 more counted.
        #expect(run.notes.count == 12, "\(run.notes)")
        #expect(run.notes[1].hasPrefix("in/~$a_3.xlsx is an Office lock file"))
        #expect(run.notes[2] == "in/: not read, not data files: notes.docx")
        #expect(run.notes[3].hasPrefix("in/b_1.xlsx: skipped, it could not be read (ignore_errors = true): "))
        #expect(run.notes[10].hasPrefix("in/b_8.xlsx: skipped"))
        #expect(run.notes[11] == "and 5 more (see the `skipped_files` dataset)")
        #expect(try run.session.dataset("skipped_files", at: nil).rowCount == 13)
        // The same in Russian, with the plural forms a count asks for.
        let russian = Language.$scoped.withValue(.ru) { Run(script, in: folder) }
        #expect(russian.notes.first == "in/: прочитано 2 файла; пропущено 15: 1 файл блокировки Office, 1 — не файл данных, 13 не удалось прочитать")
        #expect(russian.notes.last == "и ещё 5 (см. набор данных `skipped_files`)")
    }

    /// Errors and notes follow the language; an error in data keeps its place (file, line) in both.
    @Test func errorsAndNotesSpeakTheLanguageAndDataErrorsKeepTheirPlace() throws {
        let folder = try Self.scratch(["b1.csv": Data("id,n\n1,2\n".utf8), "b2.csv": Data("id,n\n1,2\n3,4,5\n".utf8)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let english = Language.$scoped.withValue(.en) { Run("load \"in/*.csv\" as t", in: folder) }
        let russian = Language.$scoped.withValue(.ru) { Run("load \"in/*.csv\" as t", in: folder) }
        #expect(english.error?.message == "row has 3 fields but the header has 2 (use ignore_errors=true to skip such rows)")
        #expect(russian.error?.message == "в строке 3 поля, а в заголовке 2 (ignore_errors=true пропустит такие строки)")
        for run in [english, russian] {
            #expect(run.error?.data?.file == "in/b2.csv")
            #expect(run.error?.data?.line == 3)
            #expect(run.error?.data?.field == 3)
        }
        // A verb's error, and the note of a file that is absent but optional.
        let verb = Language.$scoped.withValue(.ru) { Run("load \"in/b1.csv\" as t\nt | select", in: folder) }
        #expect(verb.error?.message == "`select` нужен хотя бы один столбец")
        let absent = Language.$scoped.withValue(.ru) {
            Run("load \"in/none.csv\" as z with optional = true, types = {id: \"int\"}", in: folder)
        }
        #expect(absent.error == nil)
        #expect(absent.notes == ["in/none.csv нет (optional): `z` — пустая таблица (0 строк; `id`)"])
    }

    /// Notes of many files: the same words said once with the files; a note that begins with a
    /// count is said once with the counts added up, in the words of that total's plural form.
    @Test func notesOfManyFilesAreSaidOnceWithTheirCountsAddedUp() {
        let english = Loader.mergedNotes([
            ("in/a.xlsx", ["in/a.xlsx: 1 pupil has no task score: read as absent", "in/a.xlsx: the header is on row 3 of sheet `A`"]),
            ("in/b.xlsx", ["in/b.xlsx: 2 pupils have no task score: read as absent", "in/b.xlsx: the header is on row 4 of sheet `A`"]),
            ("in/c.xlsx", ["in/c.xlsx: 2 pupils have no task score: read as absent"]),
        ], language: .en)
        // 1 + 2 + 2 = 5 pupils; row numbers are not counts and are never added.
        #expect(english == ["in/a.xlsx, in/b.xlsx, in/c.xlsx (3 files): 5 pupils have no task score: read as absent",
                            "in/a.xlsx: the header is on row 3 of sheet `A`",
                            "in/b.xlsx: the header is on row 4 of sheet `A`"])
        // Russian: 1 + 3 = 4 takes the form of 3 («ученика»); 1 + 4 = 5 («учеников») has no model: said per file.
        let four = Loader.mergedNotes([
            ("a", ["a: 1 ученик без баллов: считается отсутствовавшим"]), ("b", ["b: 3 ученика без баллов: считается отсутствовавшим"]),
        ], language: .ru)
        #expect(four == ["a, b (2 файла): 4 ученика без баллов: считается отсутствовавшим"])
        let five = Loader.mergedNotes([
            ("a", ["a: 1 ученик без баллов: считается отсутствовавшим"]), ("b", ["b: 4 ученика без баллов: считается отсутствовавшим"]),
        ], language: .ru)
        #expect(five == ["a: 1 ученик без баллов: считается отсутствовавшим", "b: 4 ученика без баллов: считается отсутствовавшим"])
    }

    @Test func aProfileIsAppliedToEachFile() throws {
        // Both shapes of the Математика 5 export (FISOKOImportTests checks each against
        // Datasets/vpr_results.csv), copied into a folder of their own: the glob gives the rows
        // of each, in natural order, under their file's name.
        let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/xlsx")
        let names = ["f1_math5.xlsx", "Протокол_ВПР_2025_Математика_5.xlsx"]
        var files: [String: Data] = ["mark_scales.csv": try Data(contentsOf: TestPaths.repository.appendingPathComponent("Datasets/mark_scales.csv"))]
        for name in names { files[name] = try Data(contentsOf: fixtures.appendingPathComponent(name)) }
        let folder = try Self.scratch(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = Run("""
            load "in/mark_scales.csv" as mark_scales
            load "in/*.xlsx" as both with profile = "fisoko", mark_scales = "mark_scales"
            load "in/\(names[0])" as f1 with profile = "fisoko", mark_scales = "mark_scales"
            load "in/\(names[1])" as protocol with profile = "fisoko", mark_scales = "mark_scales"
            """, in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        guard run.error == nil else { return }
        let both = try run.table("both"), f1 = try run.table("f1"), export = try run.table("protocol")
        #expect(both.names == ["source_file"] + f1.names)
        #expect(both.rowCount == f1.rowCount + export.rowCount)
        for row in 0..<both.rowCount {
            let (file, part, partRow) = row < f1.rowCount ? (names[0], f1, row) : (names[1], export, row - f1.rowCount)
            #expect(Self.text(both, "source_file", row) == file)
            #expect(Array(both.row(row).dropFirst()) == part.row(partRow), "row \(row)")
        }
    }

    @Test func typesMayNameAColumnSomeFilesLack() throws {
        // school_3.xlsx has no `budget`: its rows are null there, typed like the others.
        let folder = Self.fixtures.appendingPathComponent("seed1")
        let run = Run("load \"returned/*.xlsx\" as t with types = {budget: \"double\", pupils: \"double\"}", in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        let table = try run.table("t")
        #expect(table.column("pupils")?.type == .double)
        let truth = try Self.truth("seed1", suffix: ".xlsx")
        #expect(table.column("budget")?.nullCount == truth.filter { $0["budget"] == "" }.count)
        let none = Run("load \"returned/*.xlsx\" as t with types = {budgte: \"double\"}", in: folder)
        #expect(none.error?.message == "`types` names a column `budgte` that none of the files of `returned/*.xlsx` has")
        #expect(none.error?.hint == "did you mean `budget`?")
    }

    @Test func nothingMatchingSaysWhatIsThere() throws {
        let folder = Self.fixtures.appendingPathComponent("seed2")
        let typo = Run("load \"returned/*.xslx\" as t", in: folder)
        #expect(typo.error?.message.hasPrefix("no file in `returned/` matches `*.xslx`: it holds `notes.docx`, `school_1.xlsx`") == true,
                "\(String(describing: typo.error))")
        #expect(typo.error?.hint == "did you mean `returned/*.xlsx`?")
        // The extension is right: no pattern with the same extension is suggested.
        let name = Run("load \"returned/shcool_*.xlsx\" as t", in: folder)
        #expect(name.error?.hint != "did you mean `returned/shcool_*.xlsx`?")
        let missing = Run("load \"retruned/*.xlsx\" as t", in: folder)
        #expect(missing.error?.message == "the folder `retruned/` does not exist")
        #expect(missing.error?.hint == "did you mean `returned`?")
        let optional = Run("load \"returned/*.csv\" as t with optional = true, types = {school_id: \"text\"}", in: folder)
        #expect(optional.error == nil)
        let empty = try optional.table("t")
        #expect(empty.names == ["source_file", "school_id"])
        #expect(empty.rowCount == 0)
        #expect(optional.notes.contains { $0.hasPrefix("returned/*.csv matches no file (optional)") })
        // A folder without the slash is still one file asked for, and the hint says how to read it all.
        let noSlash = Run("load \"returned\" as t", in: folder)
        #expect(noSlash.error?.message == "`returned` is a folder, not a file")
        #expect(noSlash.error?.hint?.contains("`load \"returned/\"` (with a slash) reads every data file in it") == true)
    }

    @Test func provenanceOfOneFile() throws {
        // A quoted field with a line break: the next record starts two lines later.
        let folder = try Self.scratch(["one.csv": Data("a,b\n1,\"x\ny\"\n\n2,z\n".utf8)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = Run("load \"in/one.csv\" as t with provenance = true", in: folder)
        let table = try run.table("t")
        #expect(table.names == ["source_row", "a", "b"])
        #expect(table.column("source_row")?.int64s == [2, 5])
        let book = Run("load \"Tests/Fixtures/xlsx/f1_math5.xlsx\" as v with provenance = true\nload \"Tests/Fixtures/xlsx/f1_math5.xlsx\" as w with profile = \"fisoko\", provenance = true",
                       in: TestPaths.repository)
        let v = try book.table("v")
        #expect(v.names.prefix(3) == ["source_sheet", "source_row", "ОО"])
        #expect(Self.text(v, "source_sheet", 0) == "Ф1")
        // openpyxl reads the header on sheet row 5 and the first pupil on row 6.
        #expect(v.column("source_row")?.value(at: 0) == .int(6))
        #expect(book.error?.message.contains("`provenance` is not available with a FIS OKO profile") == true)
    }

    @Test func spaceGroupedNumbersStoredAsTextInAWorkbook() throws {
        // Text cells (msoko's writer keeps text as text) read back by the workbook reader.
        let csv = "n;sum;room;code\n1 234;12\u{A0}345,5;12 34;0315\n1\u{202F}234\u{202F}567;7;5 А;1 234\n15;-1 000,25;101;12\n"
        let folder = try Self.scratch(["t.csv": Data(csv.utf8)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = Run("""
            load "in/t.csv" as t with types = {n: "text", sum: "text", room: "text", code: "text"}
            t | save "in/t.xlsx"
            load "in/t.xlsx" as back
            """, in: folder)
        #expect(run.error == nil, "\(String(describing: run.error))")
        let back = try run.table("back")
        #expect(back.column("n")?.int64s == [1234, 1_234_567, 15])
        #expect(back.column("sum")?.doubles == [12345.5, 7, -1000.25])
        #expect(back.column("room")?.type == .text)
        #expect((0..<3).map { Self.text(back, "code", $0) } == ["0315", "1 234", "12"])   // one code keeps the column text
    }

    // MARK: - Matching and order

    @Test func globMatchingByCharactersIgnoringCase() {
        typealias M = MultiFileLoad
        #expect(M.matches("school_10.xlsx", pattern: "school_*.xlsx"))
        #expect(!M.matches("school_10.xlsx", pattern: "school_?.xlsx"))
        #expect(M.matches("Школа 3.XLSX", pattern: "школа ?.xlsx"))          // `?` is one letter, not one byte
        #expect(M.matches("Б.csv", pattern: "[АБВ].csv"))
        #expect(!M.matches("Г.csv", pattern: "[АБВ].csv"))
        #expect(M.matches("Г.csv", pattern: "[!АБВ].csv"))
        #expect(M.matches("7.csv", pattern: "[0-9].csv"))
        #expect(M.matches("a[1.csv", pattern: "a[1.csv"))                      // an unclosed `[` is literal
        #expect(M.matches("abc", pattern: "a**c"))
        #expect(!M.matches("abcd", pattern: "a*c"))
        #expect(M.matches("протокол_5а_2025.xlsx", pattern: "*5а*"))
        #expect(!M.matches("a", pattern: "["))
        #expect(M.matches("]", pattern: "[]]"))
        #expect(M.matches("", pattern: "*"))
        #expect(!M.matches("", pattern: "?"))
        #expect(M.matches("x!", pattern: "x[!a-z]"))
    }

    @Test func naturalOrder() {
        let names = ["school_10.xlsx", "school_2.xlsx", "School_1.xlsx", "school_02b.xlsx", "a.csv", "school_1.xlsx"]
        #expect(names.sorted(by: MultiFileLoad.naturalLess)
                == ["a.csv", "School_1.xlsx", "school_1.xlsx", "school_2.xlsx", "school_02b.xlsx", "school_10.xlsx"])
    }
}
