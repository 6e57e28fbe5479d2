import Foundation
import MsokoKit

extension Runner {
    /// `msoko [--init FILE] [-c STATEMENTS] --complete TEXT`: runs the init file and the statements,
    /// then prints what Tab would offer after TEXT, one candidate per line (what it inserts). Hidden:
    /// it is how Benchmarks/compare.py times completion on a large loaded dataset without a
    /// terminal (with `MSOKO_TIMING=1` the time the completion took goes to stderr), and how a shell
    /// could ask msoko for completions. Nothing is written: staged files are discarded.
    static func complete(_ text: String, statements: String?, overrides: [String: String], initFile: String?) -> Int32 {
        let sink = TerminalSink(format: .table, style: TableStyle(), colorErrors: false)
        let session = Session(sink: sink, overrides: overrides)
        session.stagesWrites = true
        defer { session.discardStagedWrites() }
        var sources: [SourceFile] = []
        if let initFile {
            guard let data = FileManager.default.contents(atPath: initFile) else {
                Output.stderr(tr("cli.no_init", ["file": initFile]) + "\n")
                return ExitStatus.scriptError
            }
            sources.append(SourceFile(name: initFile, text: String(decoding: data, as: UTF8.self)))
        }
        if let statements { sources.append(SourceFile(name: "<command line>", text: statements)) }
        for source in sources {
            do {
                try session.run(source)
            } catch {
                Output.report(error, color: false)
                return ExitStatus.scriptError
            }
        }
        let completer = Completer(session: session, commands: REPLCommands.completions)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = completer.complete(text)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        Output.stdout(result.candidates.map { $0.text + $0.suffix + "\n" }.joined())
        if ProcessInfo.processInfo.environment["MSOKO_TIMING"] == "1" {
            Output.stderr(String(format: "completion: %.1f ms\n", elapsed))
        }
        return ExitStatus.success
    }
}
