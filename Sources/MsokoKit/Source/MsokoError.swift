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

/// Every error the library reports: a value with a stage, a kind (what went wrong, with the
/// names and numbers involved), a place and a hint.
///
/// Library code throws these; only the executable decides how to print them and which exit
/// status follows. Nothing that input can trigger may end in a trap instead.
///
/// The message is a function of the kind, put into words in the person's language when it is
/// read (`message`, the renderer), so code that needs to know what went wrong asks `kind` and
/// never reads the words. Errors that code does not reason about are `.message(text)`, with text
/// already in the person's language (`MsokoError(stage, tr(…))`).
public struct MsokoError: Error, Sendable {
    public enum Stage: String, Sendable {
        case syntax = "syntax error"
        case name = "unknown name"
        case type = "type error"
        case data = "data error"
        case io = "file error"
        /// A database server could not be reached or refused a statement (Remote/).
        case database = "database error"
        case runtime = "error"
        case interrupted = "interrupted"
    }

    public var stage: Stage
    public var kind: Kind
    /// The place in the script (the statement, the expression, or the `load`).
    public var range: SourceRange?
    /// The place in a data file, for errors in data.
    public var data: DataLocation?
    /// A hint given where the error was made; when there is none, the kind's own (a folder given
    /// to `load` says how to read it), put into words when read.
    public var hint: String? {
        get { givenHint ?? kind.hint }
        set { givenHint = newValue }
    }
    private var givenHint: String?
    /// Said before the message (`` `sum(x)`: ``): the expression an error inside a call belongs to.
    public var subject: String?

    /// An error whose words are already written (in the person's language).
    public init(_ stage: Stage, _ message: String, at range: SourceRange? = nil,
                data: DataLocation? = nil, hint: String? = nil) {
        self.init(stage, kind: .message(message), at: range, data: data, hint: hint)
    }

    /// A typed error at the stage its kind belongs to.
    public init(_ kind: Kind, at range: SourceRange? = nil, data: DataLocation? = nil, hint: String? = nil) {
        self.init(kind.stage, kind: kind, at: range, data: data, hint: hint)
    }

    /// A typed error at a stage of the caller's choosing.
    public init(_ stage: Stage, kind: Kind, at range: SourceRange? = nil, data: DataLocation? = nil, hint: String? = nil) {
        self.stage = stage
        self.kind = kind
        self.range = range
        self.data = data
        self.givenHint = hint
    }

    /// What went wrong, in the current language. Setting it makes the error a `.message`.
    public var message: String {
        get {
            let text = kind.text
            return subject.map { "`\($0)`: " + text } ?? text
        }
        set {
            kind = .message(newValue)
            subject = nil
        }
    }

    /// A string or a quoted name left open: the line editor waits for more input and completion
    /// completes inside it.
    public var isUnterminated: Bool {
        if case .unterminated = kind { return true }
        return false
    }

    /// The same error, placed at `range` if it had no place yet.
    public func placed(at range: SourceRange?) -> MsokoError {
        var copy = self
        if copy.range == nil { copy.range = range }
        return copy
    }

    /// The same error naming the file as the script wrote it (`shown`) wherever it names one of
    /// `opened` (the resolved path a reader was given, which differs from machine to machine).
    public func showingFile(_ opened: [String], as shown: String) -> MsokoError {
        var copy = self
        switch kind {
        case .missingFile(let path) where opened.contains(path):
            copy.kind = .missingFile(path: shown)
        case .file(let path, let problem) where opened.contains(path):
            copy.kind = .file(path: shown, problem: problem)
        case .unknownTypedColumn(let name, let path, let columns) where opened.contains(path):
            copy.kind = .unknownTypedColumn(name: name, path: shown, columns: columns)
        default:
            break
        }
        if var data = copy.data, opened.contains(data.file) {
            data.file = shown
            copy.data = data
        }
        return copy
    }
}

extension MsokoError: CustomStringConvertible {
    public var description: String { DiagnosticRenderer.render(self, color: false) }
}
