/// Where in a data file (not a script) something went wrong: the physical line where the
/// record starts (the header is line 1), the 1-based field number, and the column's name.
public struct DataLocation: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var field: Int?
    public var columnName: String?
    /// The record's text (first physical line), shown with a caret under the field.
    public var lineText: String?
    /// 1-based character column of the field within `lineText`, and its width in characters.
    public var caretColumn: Int?
    public var caretWidth: Int?

    public init(file: String, line: Int, field: Int? = nil, columnName: String? = nil,
                lineText: String? = nil, caretColumn: Int? = nil, caretWidth: Int? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.columnName = columnName
        self.lineText = lineText
        self.caretColumn = caretColumn
        self.caretWidth = caretWidth
    }
}

/// Every error the library reports: a value with a stage, a message, a place and a hint.
///
/// Library code throws these; only the executable decides how to print them and which exit
/// status follows. Nothing that input can trigger may end in a trap instead.
public struct MsokoError: Error, Sendable {
    public enum Stage: String, Sendable {
        case syntax = "syntax error"
        case name = "unknown name"
        case type = "type error"
        case data = "data error"
        case io = "file error"
        case runtime = "error"
        case interrupted = "interrupted"
    }

    public var stage: Stage
    public var message: String
    /// The place in the script (the statement, the expression, or the `load`).
    public var range: SourceRange?
    /// The place in a data file, for errors in data.
    public var data: DataLocation?
    /// "did you mean `school_id`?" and similar.
    public var hint: String?
    /// A string or a quoted name left open: the line editor waits for more input and completion
    /// completes inside it. Read instead of the message, which is in the person's language.
    public var isUnterminated = false

    public init(_ stage: Stage, _ message: String, at range: SourceRange? = nil,
                data: DataLocation? = nil, hint: String? = nil) {
        self.stage = stage
        self.message = message
        self.range = range
        self.data = data
        self.hint = hint
    }

    /// The same error, placed at `range` if it had no place yet.
    public func placed(at range: SourceRange?) -> MsokoError {
        var copy = self
        if copy.range == nil { copy.range = range }
        return copy
    }
}

extension MsokoError: CustomStringConvertible {
    public var description: String { DiagnosticRenderer.render(self, color: false) }
}
