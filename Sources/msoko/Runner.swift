import Foundation
import MsokoKit

/// Prints to stdout/stderr for batch runs and the REPL.
final class TerminalSink: OutputSink {
    var format: OutputFormat
    var style: TableStyle
    var printedTables = 0
    let colorErrors: Bool

    init(format: OutputFormat, style: TableStyle, colorErrors: Bool) {
        self.format = format
        self.style = style
        self.colorErrors = colorErrors
    }

    func table(_ table: Table) {
        var text = ""
        if printedTables > 0 && format != .table && format != .jsonl { text += "\n" }
        text += TableWriter.render(table, format: format, tableStyle: style)
        printedTables += 1
        Output.stdout(text)
    }

    func text(_ text: String) { Output.stdout(text.hasSuffix("\n") ? text : text + "\n") }
    func note(_ text: String) { Output.stderr(text + "\n") }
}

enum Output {
    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func report(_ failure: MsokoFailure, color: Bool) {
        for error in failure.errors { stderr(DiagnosticRenderer.render(error, color: color)) }
    }

    /// Colour only on a terminal and when NO_COLOR is not set.
    static func colorEnabled(fileDescriptor: Int32) -> Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) != 0
    }
}

enum Runner {
    /// Runs sources in one session; the first error stops the run. Staged output files are moved
    /// into place only when everything succeeded.
    static func batch(sources: [SourceFile], format: OutputFormat, overrides: [String: String], initFile: String?) -> Int32 {
        ExitSignals.install(catchInterrupt: true)
        var style = TableStyle()
        style.color = false
        let sink = TerminalSink(format: format, style: style, colorErrors: Output.colorEnabled(fileDescriptor: STDERR_FILENO))
        let session = Session(sink: sink, overrides: overrides)
        session.stagesWrites = true
        let color = Output.colorEnabled(fileDescriptor: STDERR_FILENO)
        var all = sources
        if let initFile {
            guard let data = FileManager.default.contents(atPath: initFile) else {
                Output.stderr(tr("cli.no_init", ["file": initFile]) + "\n")
                return ExitStatus.scriptError
            }
            all.insert(SourceFile(name: initFile, text: String(decoding: data, as: UTF8.self)), at: 0)
        }
        // One source and no init file: a dataset it loads can be read only by its own statements.
        session.pushesIntoReader = all.count == 1
        for source in all {
            do {
                try session.run(source)
            } catch {
                session.discardStagedWrites()
                Output.report(error, color: color)
                return ExitStatus.scriptError
            }
        }
        // A --param that no script of the run declares is a usage error (exit 2), found once every
        // script has declared its parameters; nothing the run staged is written.
        let undeclared = session.undeclaredOverrides()
        if !undeclared.isEmpty {
            session.discardStagedWrites()
            for (name, suggestion) in undeclared {
                let known = session.declaredParameters.sorted().map { "`\($0)`" }.joined(separator: ", ")
                Output.stderr(tr("cli.undeclared_param", ["name": name])
                              + (suggestion.map { tr("cli.undeclared_param.suggest", ["name": $0]) } ?? "")
                              + (known.isEmpty ? tr("cli.undeclared_param.none") : tr("cli.undeclared_param.known", ["names": known])) + "\n")
            }
            Output.stderr(tr("cli.nothing_written") + "\n")
            return ExitStatus.usage
        }
        do {
            try session.commitStagedWrites()
        } catch {
            Output.report(MsokoFailure([error]), color: color)
            return ExitStatus.scriptError
        }
        // What the analyses had to leave out, once more at the end where a person looks.
        if !session.limitations.isEmpty {
            Output.stderr(tr("run.limitations") + "\n"
                          + session.limitations.map { "  - " + ($0.source.isEmpty ? "" : $0.source + ": ") + $0.note + "\n" }.joined())
        }
        return ExitStatus.success
    }

    /// The interactive workbench (Sources/msoko/REPL): libedit, history, completion.
    static func interactive(format: OutputFormat, overrides: [String: String], initFile: String?) -> Int32 {
        ExitSignals.install(catchInterrupt: false)
        return REPL.main(format: format, overrides: overrides, initFile: initFile)
    }
}
