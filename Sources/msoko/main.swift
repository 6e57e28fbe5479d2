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
        abstract: tr("cli.abstract"),
        discussion: tr("cli.discussion"),
        version: Version.text,
        subcommands: [RunCommand.self]
    )

    @Flag(name: .customLong("generate-man-page"), help: .hidden)
    var generateManPage = false

    @Option(name: .customShort("c"), help: ArgumentHelp(tr("cli.option.command"), valueName: "STATEMENTS"))
    var command: String?

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("init"), help: ArgumentHelp(tr("cli.option.init"), valueName: "FILE"))
    var initFile: String?

    /// Prints the completions of TEXT after running --init and -c (Runner.complete).
    @Option(name: .customLong("complete"), help: .hidden)
    var completeText: String?

    mutating func run() throws {
        if generateManPage {
            Output.stdout(ManPageCommand.render())
            return
        }
        try common.validateLanguage()
        let format = try common.resolvedFormat()
        let overrides = try common.parameterOverrides()
        try common.applyFormulaEscaping()
        if let completeText {
            throw ExitCode(Runner.complete(completeText, statements: command, overrides: overrides, initFile: initFile))
        }
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
    @Option(name: .customLong("format"), help: ArgumentHelp(tr("cli.option.format")))
    var format: String?

    @Option(name: .customLong("param"), help: ArgumentHelp(tr("cli.option.param"), valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(name: .customLong("lang"), help: ArgumentHelp(tr("cli.option.lang"), valueName: "LANG"))
    var lang: String?

    @Option(name: .customLong("escape-formulas"), help: ArgumentHelp(tr("cli.option.escape_formulas"), valueName: "WHEN"))
    var escapeFormulas: String?

    /// Decides, once and before anything is printed, whether CSV/TSV on stdout escapes formulas.
    func applyFormulaEscaping() throws {
        let choice: StandardOutputEscaping
        if let escapeFormulas {
            guard let known = StandardOutputEscaping(rawValue: escapeFormulas.lowercased()) else {
                throw ValidationError(tr("cli.unknown_escape", ["value": escapeFormulas,
                                                               "choices": StandardOutputEscaping.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
            choice = known
        } else {
            choice = .auto
        }
        TableWriter.escapesStandardOutput = choice.escapes(standardOutputIsFile: StandardOutputEscaping.isRegularFile(STDOUT_FILENO))
    }

    /// `--lang` was already applied before parsing (LanguageChoice); here it is only checked.
    func validateLanguage() throws {
        if let lang, Language(rawValue: lang.lowercased()) == nil {
            throw ValidationError(tr("cli.unknown_lang", ["value": lang]))
        }
    }

    func resolvedFormat() throws -> OutputFormat {
        guard let format else { return .table }
        guard let resolved = OutputFormat(rawValue: format.lowercased()) else {
            throw ValidationError(tr("cli.unknown_format", ["value": format, "choices": OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return resolved
    }

    func parameterOverrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for item in parameters {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError(tr("cli.param_syntax", ["value": item]))
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: tr("cli.run.abstract"))

    @Argument(help: ArgumentHelp(tr("cli.run.files")))
    var files: [String]

    @OptionGroup var common: CommonOptions

    mutating func validate() throws {
        if files.isEmpty { throw ValidationError(tr("cli.run.no_files")) }
    }

    mutating func run() throws {
        try common.validateLanguage()
        let format = try common.resolvedFormat()
        let overrides = try common.parameterOverrides()
        try common.applyFormulaEscaping()
        var sources: [SourceFile] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data((tr("cli.no_script", ["file": file]) + "\n").utf8))
                throw ExitCode(ExitStatus.scriptError)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data((tr("cli.script_not_utf8", ["file": file]) + "\n").utf8))
                throw ExitCode(ExitStatus.scriptError)
            }
            sources.append(SourceFile(name: file, text: text))
        }
        throw ExitCode(Runner.batch(sources: sources, format: format, overrides: overrides, initFile: nil))
    }
}

// The language of everything printed is settled before the arguments are parsed, so that
// `--help` and the parser's own errors already speak it: `--lang` wins over the locale.
Language.setProcessLanguage(LanguageChoice.resolve(arguments: CommandLine.arguments,
                                                   environment: ProcessInfo.processInfo.environment))

// Wrong usage exits with 2 (not ArgumentParser's 64); help and version exit with 0.
do {
    var command = try Msoko.parseAsRoot()
    try command.run()
} catch {
    let code = Msoko.exitCode(for: error)
    if code == .success {
        if Language.current == .en { Msoko.exit(withError: error) }
        // Help and version, with ArgumentParser's own headings in the run's language.
        FileHandle.standardOutput.write(Data((ParserWords.localized(Msoko.fullMessage(for: error)) + "\n").utf8))
        Foundation.exit(0)
    }
    if let exit = error as? ExitCode {
        Foundation.exit(exit.rawValue)
    }
    FileHandle.standardError.write(Data((ParserWords.localized(Msoko.fullMessage(for: error)) + "\n").utf8))
    Foundation.exit(ExitStatus.usage)
}
