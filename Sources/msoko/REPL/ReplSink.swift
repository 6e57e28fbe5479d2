import Foundation
import MsokoKit

/// Where the workbench's results go: tables in the chosen format, cut to the terminal; the last
/// table kept for `all`; the progress line cleared before anything is printed.
final class ReplSink: OutputSink {
    var format: OutputFormat
    private(set) var lastTable: Table?
    let progress = ProgressLine()
    private var printedInStatement = 0

    init(format: OutputFormat) {
        self.format = format
    }

    /// Called before each statement runs.
    func beginStatement() { printedInStatement = 0 }

    func table(_ table: Table) {
        progress.stop()
        lastTable = table
        var text = ""
        if printedInStatement > 0 && format != .table && format != .jsonl { text += "\n" }
        let style = Display.tableStyle()
        text += TableWriter.render(table, format: format, tableStyle: style)
        printedInStatement += 1
        Output.stdout(text)
        if format == .table, let maxRows = style.maxRows, table.rowCount > maxRows {
            let dim = style.color ? "\u{1B}[2m" : "", reset = style.color ? "\u{1B}[0m" : ""
            Output.stdout(dim + tr("repl.rows_cut", ["count": table.rowCount]) + reset + "\n")
        }
    }

    func text(_ text: String) {
        progress.stop()
        Output.stdout(text.hasSuffix("\n") ? text : text + "\n")
    }

    func note(_ text: String) {
        progress.stop()
        Output.stderr(text + "\n")
    }

    /// The last printed table in full: every row, whole cells.
    func renderLastInFull() -> String? {
        guard let lastTable else { return nil }
        var style = TableStyle()
        style.color = Display.stdoutIsTerminal && Output.colorEnabled(fileDescriptor: STDOUT_FILENO)
        return TableWriter.render(lastTable, format: format, tableStyle: style)
    }
}
