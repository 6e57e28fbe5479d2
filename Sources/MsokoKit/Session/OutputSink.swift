/// Where a session's results go. The executable decides formats and streams; tests collect.
public protocol OutputSink: AnyObject {
    /// A table the statement produced and did not bind or save.
    func table(_ table: Table)
    /// Text meant for stdout (help, descriptions).
    func text(_ text: String)
    /// A remark for the person (rows skipped, files written): stderr in batch runs.
    func note(_ text: String)
}

/// Collects output as text in one format (tests, `-c` with a format).
public final class CollectingSink: OutputSink {
    public var format: OutputFormat
    public var style: TableStyle
    public private(set) var output = ""
    public private(set) var notes: [String] = []
    var printedTables = 0

    public init(format: OutputFormat = .table, style: TableStyle = TableStyle()) {
        self.format = format
        self.style = style
    }

    public func table(_ table: Table) {
        if printedTables > 0 && format != .table && format != .jsonl { output += "\n" }
        output += TableWriter.render(table, format: format, tableStyle: style)
        printedTables += 1
    }

    public func text(_ text: String) { output += text.hasSuffix("\n") ? text : text + "\n" }
    public func note(_ text: String) { notes.append(text) }
}

/// Set from a signal handler to stop a long statement between steps.
nonisolated(unsafe) public var msokoInterruptRequested = false
