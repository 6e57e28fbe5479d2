@preconcurrency import CEditLine
import Foundation
import MsokoKit

/// The interactive workbench: reads statements with libedit, runs them in one session, prints
/// results for a terminal.
///
/// Start-up: the locale is set for libedit, Ctrl-C is caught, `~/.msokorc` (or `MSOKO_RC`; empty
/// disables it) and then `--init FILE` run — their errors are reported and the prompt opens
/// anyway. A statement that is not complete yet (open bracket or quote, a last line ending in
/// `|` or `,`) gets the continuation prompt; a line starting with `|` extends the previous
/// pipeline. Workbench commands (`format`, `timer`, `history`, `clear`, `all`, `exit`, `quit`)
/// are handled here before the session sees the line.
final class REPL {
    static let prompt = "msoko> "
    static let continuationPrompt = "   ...> "

    let session: Session
    let sink: ReplSink
    let environment: [String: String]
    var history: HistoryStore!
    /// nil when libedit could not start: plain lines are read then.
    var editor: LineEditor?
    var completer: Completer!
    var timerOn = false
    /// The last pipeline statement run, which a line starting with `|` extends.
    var lastPipeline: String?
    var entryNumber = 0
    let colorErrors: Bool

    init(format: OutputFormat, overrides: [String: String]) {
        environment = ProcessInfo.processInfo.environment
        sink = ReplSink(format: format)
        session = Session(sink: sink, overrides: overrides)
        colorErrors = Output.colorEnabled(fileDescriptor: STDERR_FILENO)
    }

    static func main(format: OutputFormat, overrides: [String: String], initFile: String?) -> Int32 {
        Locale8.setUp()
        Signals.install()
        let repl = REPL(format: format, overrides: overrides)
        repl.runStartupScripts(initFile: initFile)
        repl.greet()
        repl.openEditor()
        return repl.loop()
    }

    // MARK: start-up

    /// `~/.msokorc` (or `$MSOKO_RC`) and then `--init FILE`.
    func runStartupScripts(initFile: String?) {
        var scripts: [(path: String, required: Bool)] = []
        if let rc = environment["MSOKO_RC"] {
            if !rc.isEmpty { scripts.append((rc, true)) }
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let rc = (home as NSString).appendingPathComponent(".msokorc")
            if FileManager.default.fileExists(atPath: rc) { scripts.append((rc, false)) }
        }
        if let initFile { scripts.append((initFile, true)) }
        for script in scripts {
            guard let data = FileManager.default.contents(atPath: script.path) else {
                Output.stderr(tr("repl.no_startup_script", ["file": script.path]) + "\n")
                continue
            }
            run(SourceFile(name: script.path, text: String(decoding: data, as: UTF8.self)))
        }
    }

    /// One line on opening: what is loaded and how to get help.
    func greet() {
        let names = session.datasetOrder
        let loaded: String
        if names.isEmpty {
            loaded = tr("repl.nothing_loaded")
        } else {
            var shown = names.prefix(8).map { name in "\(name) (\(session.datasets[name]?.table.rowCount ?? 0))" }
            if names.count > 8 { shown.append(tr("repl.more", ["count": names.count - 8])) }
            loaded = tr("repl.loaded", ["count": names.count, "names": shown.joined(separator: ", ")])
        }
        Output.stdout(tr("repl.greeting", ["version": Version.number, "loaded": loaded]) + "\n")
    }

    func openEditor() {
        history = HistoryStore(path: HistoryStore.defaultPath(environment: environment)) { Output.stderr($0 + "\n") }
        completer = Completer(session: session, commands: REPLCommands.completions)
        editor = LineEditor(history: history)
        if editor == nil { Output.stderr(tr("repl.no_line_editing") + "\n") }
        editor?.complete = { [unowned self] text in completer.complete(text) }
    }

    // MARK: the loop

    func loop() -> Int32 {
        var pending = ""
        while true {
            editor?.pendingText = pending
            switch read(prompt: pending.isEmpty ? REPL.prompt : REPL.continuationPrompt) {
            case .endOfInput:
                Output.stdout("\n")
                return ExitStatus.success
            case .interrupted:
                // Abandon what was typed (and any earlier lines of the statement).
                Output.stdout("\n")
                pending = ""
            case .line(var line):
                if pending.isEmpty {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    if let command = REPLCommands.parse(trimmed) {
                        history.add(trimmed)
                        if case .exit = command { return ExitStatus.success }
                        perform(command)
                        continue
                    }
                    if InputCompleteness.startsWithPipe(line), let previous = lastPipeline {
                        line = InputCompleteness.join(previous, line)
                    }
                } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    continue  // an empty line does not end an incomplete statement
                }
                pending = InputCompleteness.join(pending, line)
                if InputCompleteness.needsContinuation(pending) { continue }
                let statement = pending
                pending = ""
                history.add(statement)
                execute(statement)
            }
        }
    }

    func read(prompt: String) -> ReadResult {
        if let editor { return editor.read(prompt: prompt) }
        Output.stdout(prompt)
        guard let line = readLine() else { return .endOfInput }
        return .line(line)
    }

    /// Runs one entry: times it, shows progress for slow ones, reports errors.
    func execute(_ text: String) {
        entryNumber += 1
        let started = DispatchTime.now().uptimeNanoseconds
        let file = SourceFile(name: "<repl:\(entryNumber)>", text: text)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        sink.progress.start(label: tr(trimmed.hasPrefix("load") ? "repl.progress_loading" : trimmed.hasPrefix("run") ? "repl.progress_running" : "repl.progress_working"))
        let ok = run(file)
        sink.progress.stop()
        if ok, REPL.isSinglePipeline(file) { lastPipeline = text }
        if timerOn {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            Output.stderr(tr("repl.time", ["seconds": String(format: "%.3f", seconds)]) + "\n")
        }
    }

    /// Runs a source in the session; errors are printed. True when it ran without error.
    @discardableResult
    func run(_ file: SourceFile) -> Bool {
        Signals.reset()
        sink.beginStatement()
        defer { Signals.reset() }
        do {
            try session.run(file)
            return true
        } catch {
            sink.progress.stop()
            for diagnostic in error.errors { Output.stderr(DiagnosticRenderer.render(diagnostic, color: colorErrors)) }
            return false
        }
    }

    static func isSinglePipeline(_ file: SourceFile) -> Bool {
        let (statements, errors) = Parser.parse(file)
        guard errors.isEmpty, statements.count == 1, case .pipeline = statements[0].kind else { return false }
        return true
    }

    // MARK: commands

    func perform(_ command: REPLCommand) {
        switch command {
        case .help:
            if run(SourceFile(name: "<repl>", text: "help")) { Output.stdout(REPLCommands.helpSection) }
        case .format(let name):
            guard let name else {
                Output.stdout(tr("repl.format_is", ["format": sink.format.rawValue, "choices": OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")]) + "\n")
                return
            }
            guard let format = OutputFormat(rawValue: name.lowercased()) else {
                Output.stderr("msoko: " + tr("cli.unknown_format", ["value": name, "choices": OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")]) + "\n")
                return
            }
            sink.format = format
        case .timer(let on):
            if let on { timerOn = on } else { Output.stdout(tr(timerOn ? "repl.timer_on" : "repl.timer_off") + "\n") }
        case .history(let count):
            let entries = history.entries
            let first = max(0, entries.count - (count ?? 30))
            var out = ""
            for index in first..<entries.count {
                let number = String(index + 1)
                let lines = entries[index].split(separator: "\n", omittingEmptySubsequences: false)
                out += String(repeating: " ", count: max(0, 5 - number.count)) + number + "  " + lines.joined(separator: "\n       ") + "\n"
            }
            Output.stdout(out)
        case .clear:
            if Display.stdoutIsTerminal { Output.stdout("\u{1B}[H\u{1B}[2J\u{1B}[3J") }
        case .all:
            guard let text = sink.renderLastInFull() else {
                Output.stderr(tr("repl.nothing_printed") + "\n")
                return
            }
            Display.page(text)
        case .exit:
            break
        case .invalid(let message):
            Output.stderr("msoko: \(message)\n")
        }
    }
}

/// A workbench command, handled before the session sees the line.
enum REPLCommand: Equatable {
    case help
    case format(String?)
    case timer(Bool?)
    case history(Int?)
    case clear
    case all
    case exit
    case invalid(String)
}

/// Workbench commands: plain keywords like the session's own (`help`, `datasets`, `describe`).
/// A line is a command only when it is the keyword alone or with its one argument — `all |
/// head 3` is still a pipeline over a dataset named `all`.
enum REPLCommands {
    static let words: Set<String> = ["format", "timer", "history", "clear", "all", "exit", "quit"]

    /// Each command's arguments, for Tab.
    static let completions: [String: [String]] = [
        "format": OutputFormat.allCases.map(\.rawValue),
        "timer": ["on", "off"],
        "history": [], "clear": [], "all": [], "exit": [], "quit": [],
    ]

    static func parse(_ line: String) -> REPLCommand? {
        var text = line.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(";") { text.removeLast() }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = parts.first?.lowercased() else { return nil }
        if first == "help" && parts.count == 1 { return .help }
        guard words.contains(first), parts.count <= 2 else { return nil }
        let argument = parts.count == 2 ? parts[1] : nil
        if let argument, argument.contains(where: { "|=(\"".contains($0) }) { return nil }
        switch first {
        case "format": return .format(argument)
        case "timer":
            guard let argument else { return .timer(nil) }
            switch argument.lowercased() {
            case "on": return .timer(true)
            case "off": return .timer(false)
            default: return .invalid(tr("repl.timer_usage"))
            }
        case "history":
            guard let argument else { return .history(nil) }
            guard let count = Int(argument), count > 0 else { return .invalid(tr("repl.history_usage")) }
            return .history(count)
        case "clear": return argument == nil ? .clear : nil
        case "all": return argument == nil ? .all : nil
        default: return argument == nil ? .exit : nil
        }
    }

    static var helpSection: String { "\n" + tr("repl.help_section") + "\n\n" }
}
