import Foundation
import Testing
@testable import MsokoKit

/// The command-line contract of PRODUCT.md, checked on the built executable.
@Suite struct CommandLineTests {
    @Test func inlineStatementsPrintTables() throws {
        let result = try runExecutable(["-c", "run \"data/setup.msoko\"; schools | count"])
        #expect(result.status == 0)
        #expect(result.out.contains("│ 4 │"))
    }

    @Test func csvFormatIsRawAndSeparatedByOneEmptyLine() throws {
        let result = try runExecutable(["--format", "csv", "-c", "run \"data/setup.msoko\"\nschools | count\nschools | where rural | select school_id"])
        #expect(result.status == 0)
        #expect(result.out == "n\n4\n\nschool_id\nS03\nS04\n")
    }

    @Test func statementsFromStdinWhenNotATerminal() throws {
        let result = try runExecutable(["--format", "tsv"], stdin: "run \"data/setup.msoko\"\nschools | select school_id | head 2\n")
        #expect(result.status == 0)
        #expect(result.out == "school_id\nS01\nS02\n")
    }

    @Test func scriptErrorExitsWithOneAndACaret() throws {
        let result = try runExecutable(["-c", "run \"data/setup.msoko\"\nschools | where rurl"])
        #expect(result.status == 1)
        #expect(result.err.contains("<command line>:2:17: name error: unknown column `rurl`"))
        #expect(result.err.contains("^~~~"))
        #expect(result.err.contains("did you mean `rural`?"))
    }

    @Test func wrongUsageExitsWithTwo() throws {
        #expect(try runExecutable(["--format", "xml", "-c", "x"]).status == 2)
        #expect(try runExecutable(["--no-such-flag"]).status == 2)
        #expect(try runExecutable(["--param", "novalue", "-c", "x"]).status == 2)
        #expect(try runExecutable(["run"]).status == 2)
    }

    @Test func helpExitsWithZero() throws {
        let result = try runExecutable(["--help"])
        #expect(result.status == 0)
        #expect(result.out.contains("run"))
    }

    /// `--complete TEXT` (hidden) prints what Tab offers after the statements ran, and nothing else
    /// on stdout; Benchmarks/compare.py times it with MSOKO_TIMING=1 (the time goes to stderr).
    @Test func completeOptionPrintsCandidates() throws {
        let result = try runExecutable(["-c", "run \"data/setup.msoko\"", "--complete", "schools | where ru"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "rural \n")
        let failing = try runExecutable(["-c", "schools | where ru", "--complete", "x"])
        #expect(failing.status == 1)
    }

    @Test func runScriptWithParameters() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("s.msoko")
        try """
        param school = "S01"
        param year = 2024
        run "data/setup.msoko"
        vpr | where school_id == $school and year == $year | select pupil_code
        """.write(to: script, atomically: true, encoding: .utf8)
        let result = try runExecutable(["run", script.path, "--param", "school=S02", "--format", "csv"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "pupil_code\n40001\n")
        let bad = try runExecutable(["run", script.path, "--param", "year=двадцать"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("`year` is a whole number"))
    }

    @Test func missingScriptExitsWithOne() throws {
        let result = try runExecutable(["run", "no/such/script.msoko"])
        #expect(result.status == 1)
        #expect(result.err.contains("cannot open script"))
    }

    /// A failed batch run leaves the previous outputs untouched: saves are staged.
    @Test func failedRunKeepsPreviousOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-stage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.csv")
        try "old\n".write(to: target, atomically: true, encoding: .utf8)
        let failing = try runExecutable(["-c", "run \"data/setup.msoko\"\nschools | save \"\(target.path)\"\nschools | where nope"])
        #expect(failing.status == 1)
        #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["out.csv"], "temporary files left: \(leftovers)")
        let passing = try runExecutable(["-c", "run \"data/setup.msoko\"\nschools | count | save \"\(target.path)\""])
        #expect(passing.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "n\n4\n")
    }

    /// Saving the same file twice in one run keeps the last version and leaves no temporary file.
    @Test func savingTwiceLeavesOneFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-twice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.csv")
        let result = try runExecutable(["-c", "run \"data/setup.msoko\"\nschools | count | save \"\(target.path)\"\nschools | where rural | count | save \"\(target.path)\""])
        #expect(result.status == 0, "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.csv"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "n\n2\n")
    }

    @Test func excelRussianDialect() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-xl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("x.csv")
        let result = try runExecutable(["-c", "run \"data/setup.msoko\"\nvpr | summarize m = mean(mark) by school_id | save \"\(target.path)\" with dialect = \"excel-ru\""])
        #expect(result.status == 0, "\(result.err)")
        let bytes = try Data(contentsOf: target)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        // S01: marks 5,4,3,2,4 (math) and 4,3,5 (Russian), 2024 math 3 → 33/9 = 3.666…
        #expect(text.hasPrefix("school_id;m\nS01;3,6666666666666665\n"))
    }

    /// A --param no script of the run declares is a usage error with the closest name, and the
    /// run writes nothing (a misspelt `yeer` must not quietly run the default year).
    @Test func undeclaredParameterIsAUsageError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-param-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("s.msoko"), target = folder.appendingPathComponent("out.csv")
        try """
        param year = 2024
        run "data/setup.msoko"
        vpr | where year == $year | count | save "\(target.path)"
        """.write(to: script, atomically: true, encoding: .utf8)
        let result = try runExecutable(["run", script.path, "--param", "yeer=2025"])
        #expect(result.status == 2)
        #expect(result.err.contains("--param yeer"), "\(result.err)")
        #expect(result.err.contains("did you mean `year`?"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let right = try runExecutable(["run", script.path, "--param", "year=2025"])
        #expect(right.status == 0, "\(right.err)")
        #expect(FileManager.default.fileExists(atPath: target.path))
    }

    /// The locale chooses the language of messages and `--lang` overrides it; keywords and
    /// names stay as written. The expected Russian is the catalogue's wording, written out here.
    @Test func aRussianLocaleSpeaksRussianAndLangOverridesIt() throws {
        let russianLocale = ["LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
        let englishLocale = ["LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
        let script = "run \"data/setup.msoko\"\nschools | where rurl"

        let russian = try runExecutable(["-c", script], environment: russianLocale)
        #expect(russian.status == 1)
        #expect(russian.err.contains("<command line>:2:17: ошибка в имени: неизвестный столбец `rurl`"), "\(russian.err)")
        #expect(russian.err.contains("^~~~"))
        #expect(russian.err.contains("= возможно, имелось в виду `rural`?"), "\(russian.err)")
        #expect(!russian.err.contains("unknown column"))

        let overridden = try runExecutable(["--lang", "en", "-c", script], environment: russianLocale)
        #expect(overridden.status == 1)
        #expect(overridden.err.contains("<command line>:2:17: name error: unknown column `rurl`"), "\(overridden.err)")
        #expect(overridden.err.contains("did you mean `rural`?"))

        let asked = try runExecutable(["--lang", "ru", "-c", script], environment: englishLocale)
        #expect(asked.err.contains("ошибка в имени: неизвестный столбец `rurl`"), "\(asked.err)")

        let help = try runExecutable(["--help"], environment: russianLocale)
        #expect(help.status == 0)
        #expect(help.out.contains("Рабочее место для данных об оценке качества образования"), "\(help.out)")
        #expect(help.out.contains("Инструкции для выполнения"))
        #expect(!help.out.contains("Statements to run"))
    }
}
