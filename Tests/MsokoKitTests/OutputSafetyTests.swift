import Foundation
import Testing
@testable import MsokoKit

/// Formula-safe CSV/TSV wherever a spreadsheet may open it: files written by `save`, and stdout
/// redirected to a file (`--escape-formulas`, by default `auto`); raw on a terminal or a pipe.
@Suite(.serialized) struct OutputSafetyTests {
    @Test func formulasAreEscaped() {
        for text in ["=HYPERLINK(\"http://example.com\",\"click\")", "=1+1", "@SUM(A1:A2)", "+1+cmd|' /C calc'!A0",
                     "-2+3", "-1-2", "+A1", "-A1", "\t=1", "\r=1", "-inf", "-nan", "+7 999 CALL", "-", "+", "=",
                     "-1 2345", "-12 34", "+7 999 123-45-67 ext", "+7 (999 123-45-67", "-1,", "-,5",
                     "-1 234 5678", "+7 (999) (123) 45-67"] {
            #expect(SpreadsheetSafety.needsEscape(text), "\(text.debugDescription) should be escaped")
            #expect(SpreadsheetSafety.escaped(text) == "'" + text)
        }
    }

    @Test func numbersAndPhoneNumbersAreLeftAlone() {
        for text in ["-5", "+3.2", "-1e5", "+2.5E-3", "-1,5", "-0,25", "-1 234", "-1 234,5", "-1\u{00A0}234",
                     "-12\u{00A0}345\u{00A0}678,90", "-1\u{202F}234", "-1\u{2009}234.5", "-12%", "+7,5%", "-1234567",
                     "+7 999 123-45-67", "+7 (999) 123-45-67", "+79991234567", "+7\u{00A0}999\u{00A0}123\u{00A0}45\u{00A0}67",
                     "+1 (555) 010-0199", "Москва", "", "1+1", "a=b", "'=already"] {
            #expect(!SpreadsheetSafety.needsEscape(text), "\(text.debugDescription) should stay as it is")
            #expect(SpreadsheetSafety.escaped(text) == text)
        }
    }

    /// A folder with `t.csv`: formula-like text, Russian-format numbers and a phone number, all text.
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        label,value,n
        link,"=HYPERLINK(""http://example.com"",""click"")",1
        amount,"-1,5",2
        thousands,-1 234,3
        nbsp,-1\u{00A0}234,4
        phone,+7 999 123-45-67,5
        sum,@SUM(A1),6
        minus,-2+3,7
        """.write(to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        try """
        load "t.csv" as t with types = {value: "text"}
        t | select label, value
        """.write(to: folder.appendingPathComponent("print.msoko"), atomically: true, encoding: .utf8)
        return folder
    }

    static let escapedCSV = """
    label,value
    link,"'=HYPERLINK(""http://example.com"",""click"")"
    amount,"-1,5"
    thousands,-1 234
    nbsp,-1\u{00A0}234
    phone,+7 999 123-45-67
    sum,'@SUM(A1)
    minus,'-2+3

    """

    static let rawCSV = """
    label,value
    link,"=HYPERLINK(""http://example.com"",""click"")"
    amount,"-1,5"
    thousands,-1 234
    nbsp,-1\u{00A0}234
    phone,+7 999 123-45-67
    sum,@SUM(A1)
    minus,-2+3

    """

    @Test func saveEscapesAndLeavesNumbersAlone() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = runScript("""
        load "t.csv" as t with types = {value: "text"}
        t | select label, value | save "out.csv"
        t | select label, value | save "out.tsv"
        t | select label, value | save "machine.csv" with escape_formulas = false
        """, in: folder)
        #expect(result.ok, "\(result.err)")
        #expect(try String(contentsOf: folder.appendingPathComponent("out.csv"), encoding: .utf8) == Self.escapedCSV)
        #expect(try String(contentsOf: folder.appendingPathComponent("machine.csv"), encoding: .utf8) == Self.rawCSV)
        let tsv = try String(contentsOf: folder.appendingPathComponent("out.tsv"), encoding: .utf8)
        // TSV files quote like Excel's own: a field with a quote is quoted, the `'` inside.
        #expect(tsv.contains("\nlink\t\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\"\n"))
        #expect(tsv.contains("\namount\t-1,5\n"))
        #expect(tsv.contains("\nminus\t'-2+3\n"))
    }

    @Test func libraryStdoutIsRawByDefault() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = runScript("load \"t.csv\" as t with types = {value: \"text\"}\nt | select label, value", format: .csv, in: folder)
        #expect(result.out == Self.rawCSV)
    }

    /// Runs the executable with stdout into a regular file (a shell's `>`) or a pipe.
    func run(_ arguments: [String], in folder: URL, stdoutToFile: Bool) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = TestPaths.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = withEnglishMessages(ProcessInfo.processInfo.environment)
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        let outFile = folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        let outPipe = Pipe()
        if stdoutToFile {
            FileManager.default.createFile(atPath: outFile.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: outFile)
        } else {
            process.standardOutput = outPipe
        }
        try process.run()
        let piped = stdoutToFile ? Data() : outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let out = stdoutToFile ? try Data(contentsOf: outFile) : piped
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    @Test func stdoutRedirectedToAFileIsEscaped() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let toFile = try run(["run", "print.msoko", "--format", "csv"], in: folder, stdoutToFile: true)
        #expect(toFile.status == 0, "\(toFile.err)")
        #expect(toFile.out == Self.escapedCSV)
        let inline = try run(["--format", "csv", "-c", "load \"t.csv\" as t with types = {value: \"text\"}; t | select label, value"],
                             in: folder, stdoutToFile: true)
        #expect(inline.out == Self.escapedCSV)
        let tsv = try run(["run", "print.msoko", "--format", "tsv"], in: folder, stdoutToFile: true)
        #expect(tsv.out.contains("\nlink\t'=HYPERLINK(\"http://example.com\",\"click\")\n"))
        #expect(tsv.out.contains("\nthousands\t-1 234\n"))
    }

    @Test func stdoutIntoAPipeIsRaw() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let piped = try run(["run", "print.msoko", "--format", "csv"], in: folder, stdoutToFile: false)
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.out == Self.rawCSV)
    }

    @Test func escapeFormulasOptionDecides() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["run", "print.msoko", "--format", "csv", "--escape-formulas", "never"], in: folder, stdoutToFile: true).out == Self.rawCSV)
        #expect(try run(["run", "print.msoko", "--format", "csv", "--escape-formulas", "always"], in: folder, stdoutToFile: false).out == Self.escapedCSV)
        #expect(try run(["run", "print.msoko", "--format", "csv", "--escape-formulas", "auto"], in: folder, stdoutToFile: true).out == Self.escapedCSV)
        #expect(try run(["--format", "csv", "--escape-formulas", "always", "-c", "load \"t.csv\" as t with types = {value: \"text\"}; t | select label, value"],
                        in: folder, stdoutToFile: false).out == Self.escapedCSV)
        let wrong = try run(["run", "print.msoko", "--escape-formulas", "sometimes"], in: folder, stdoutToFile: false)
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("unknown --escape-formulas 'sometimes'; choose: auto, always, never"))
    }

    @Test func jsonAndTableOnStdoutAreNeverEscaped() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try run(["run", "print.msoko", "--format", "jsonl"], in: folder, stdoutToFile: true)
        #expect(json.out.contains("{\"label\": \"sum\", \"value\": \"@SUM(A1)\"}"))
        let table = try run(["run", "print.msoko"], in: folder, stdoutToFile: true)
        #expect(table.out.contains("│ @SUM(A1) "))
    }
}
