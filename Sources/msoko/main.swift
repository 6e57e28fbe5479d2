// The msoko executable: arguments, terminal, exit status. Everything else is MsokoKit.
import ArgumentParser
import Foundation
import MsokoKit

/// Exit statuses of the command-line contract.
enum ExitStatus {
    static let success: Int32 = 0
    static let scriptError: Int32 = 1
    static let usage: Int32 = 2
}

struct Msoko: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msoko",
        abstract: "A workbench for municipal education-quality data (ВПР, ОГЭ/ЕГЭ): load, analyse, report.",
        discussion: """
        With no arguments in a terminal, msoko opens the interactive workbench. Otherwise it reads \
        statements from stdin. `msoko run FILE` runs a saved script; `msoko -c '…'` runs statements \
        given inline. Exit status: 0 success, 1 an error in a script or its data, 2 wrong usage.

        Spreadsheet safety: in CSV and TSV that may be opened in Excel, text cells that begin with \
        =, +, -, @, tab or CR get a leading ' (numbers such as -1,5 or -1 234 and phone numbers \
        such as +7 999 123-45-67 are left alone): files written by `save`, and stdout when it is \
        redirected to a file (`--format csv > out.csv`). A terminal or a pipe gets the values raw; \
        `--escape-formulas always|never` decides otherwise.
        """,
        version: Version.text,
        subcommands: [RunCommand.self]
    )

    @Flag(name: .customLong("generate-man-page"), help: .hidden)
    var generateManPage = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Statements to run (`;` or newlines separate them).", valueName: "STATEMENTS"))
    var command: String?

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("init"), help: ArgumentHelp("A script to run before the session starts.", valueName: "FILE"))
    var initFile: String?

    mutating func run() throws {
        if generateManPage {
            Output.stdout(ManPageCommand.render())
            return
        }
        let format = try common.resolvedFormat()
        let overrides = try common.parameterOverrides()
        try common.applyFormulaEscaping()
        if let command {
            let status = Runner.batch(sources: [SourceFile(name: "<command line>", text: command)], format: format,
                                      overrides: overrides, initFile: initFile)
            throw ExitCode(status)
        }
        if isatty(STDIN_FILENO) != 0 {
            let status = Runner.interactive(format: format, overrides: overrides, initFile: initFile)
            throw ExitCode(status)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self)
        let status = Runner.batch(sources: [SourceFile(name: "<stdin>", text: text)], format: format,
                                  overrides: overrides, initFile: initFile)
        throw ExitCode(status)
    }
}

struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "How printed tables look: table, csv, tsv, json, jsonl, markdown.")
    var format: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Set a script parameter (repeatable).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(name: .customLong("escape-formulas"), help: ArgumentHelp(
        "When CSV/TSV text printed to stdout that a spreadsheet would run as a formula gets a leading ': auto (when stdout is redirected to a file), always, never.",
        valueName: "WHEN"))
    var escapeFormulas: String?

    /// Decides, once and before anything is printed, whether CSV/TSV on stdout escapes formulas.
    func applyFormulaEscaping() throws {
        let choice: StandardOutputEscaping
        if let escapeFormulas {
            guard let known = StandardOutputEscaping(rawValue: escapeFormulas.lowercased()) else {
                throw ValidationError("unknown --escape-formulas '\(escapeFormulas)'; choose: "
                                      + StandardOutputEscaping.allCases.map(\.rawValue).joined(separator: ", "))
            }
            choice = known
        } else {
            choice = .auto
        }
        TableWriter.escapesStandardOutput = choice.escapes(standardOutputIsFile: StandardOutputEscaping.isRegularFile(STDOUT_FILENO))
    }

    func resolvedFormat() throws -> OutputFormat {
        guard let format else { return .table }
        guard let resolved = OutputFormat(rawValue: format.lowercased()) else {
            throw ValidationError("unknown format '\(format)'; formats: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return resolved
    }

    func parameterOverrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for item in parameters {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--param expects NAME=VALUE, got '\(item)'")
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run saved scripts unattended.")

    @Argument(help: "Script files (*.msoko), run in order in one session.")
    var files: [String]

    @OptionGroup var common: CommonOptions

    mutating func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one script file") }
    }

    mutating func run() throws {
        let format = try common.resolvedFormat()
        let overrides = try common.parameterOverrides()
        try common.applyFormulaEscaping()
        var sources: [SourceFile] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("msoko: cannot open script '\(file)': no such file\n".utf8))
                throw ExitCode(ExitStatus.scriptError)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("msoko: script '\(file)' is not UTF-8 text\n".utf8))
                throw ExitCode(ExitStatus.scriptError)
            }
            sources.append(SourceFile(name: file, text: text))
        }
        throw ExitCode(Runner.batch(sources: sources, format: format, overrides: overrides, initFile: nil))
    }
}

// Wrong usage exits with 2 (not ArgumentParser's 64); help and version exit with 0.
do {
    var command = try Msoko.parseAsRoot()
    try command.run()
} catch {
    let code = Msoko.exitCode(for: error)
    if code == .success {
        Msoko.exit(withError: error)
    }
    if let exit = error as? ExitCode {
        Foundation.exit(exit.rawValue)
    }
    FileHandle.standardError.write(Data((Msoko.fullMessage(for: error) + "\n").utf8))
    Foundation.exit(ExitStatus.usage)
}
