/// Whether the text typed so far is a whole statement, or the workbench should show a
/// continuation prompt and read another line.
///
/// The rules are the lexer's own statement ends (see `Lexer`), asked by probing it: a statement
/// goes on while brackets are open or its last line ends with `|`, `,` or a binary operator
/// (`==`, `+`, `and` …). Interactively there is no next line to look ahead to, so a complete
/// line runs at once; a line that starts with `|` is handled by the workbench (it extends the
/// previous pipeline). A string left open at the end of the text also
/// asks for another line; once a string has run across a line break (which the language does not
/// allow) the text counts as complete, so that running it reports the error instead of waiting
/// for a closing quote that cannot help.
public enum InputCompleteness {
    /// Why more input is needed.
    public enum Reason: Sendable, Equatable {
        case openBracket
        case openQuote
        case trailingOperator
    }

    /// `.complete`, or `.incomplete(reason)` when another line is needed.
    public enum Status: Sendable, Equatable {
        case complete
        case incomplete(Reason)
    }

    /// Decides for `text`: every line typed so far, joined with "\n" (continuation lines indented,
    /// see `join`).
    public static func status(of text: String) -> Status {
        let file = SourceFile(name: "<input>", text: text)
        let byteCount = file.bytes.count
        let (tokens, errors) = Lexer.tokenize(file)
        var openQuoteAtEnd = false
        for error in errors {
            guard error.isUnterminated, let range = error.range else { continue }
            // Open at the very end: the person may still close it. Open across a line break:
            // the statement is wrong whatever comes next, so let it run and report.
            if range.end >= byteCount { openQuoteAtEnd = true } else { return .complete }
        }
        if openQuoteAtEnd { return .incomplete(.openQuote) }

        // Ask the lexer whether a line break after the text would end the statement: append a
        // line break and an indented line that continues nothing (`x`), and look at the last
        // token up to that line break. A statement end there (or a `;` before it) means
        // complete; anything else — a trailing `|`, `,` or operator, an open bracket — means the
        // lexer would read on.
        let probe = SourceFile(name: "<input>", text: text + "\n x")
        let probed = Lexer.tokenize(probe).tokens
        let last = probed.last { $0.range.start <= byteCount && !$0.isEnd && !($0.isNewline && $0.range.start > byteCount) }
        if last == nil || last?.isNewline == true { return .complete }

        var depth = 0
        for token in tokens {
            switch token.kind {
            case .symbol("("), .symbol("["), .symbol("{"): depth += 1
            case .symbol(")"), .symbol("]"), .symbol("}"): depth = max(0, depth - 1)
            // A real statement end (`;` or a line break the lexer took as one); the synthesized
            // end-of-text newline is empty.
            case .newline where token.range.end > token.range.start: depth = 0
            default: break
            }
        }
        return .incomplete(depth > 0 ? .openBracket : .trailingOperator)
    }

    /// True when `text` needs another line.
    public static func needsContinuation(_ text: String) -> Bool {
        status(of: text) != .complete
    }

    /// Appends a continuation line to the statement typed so far. A line that starts in the first
    /// column would, inside brackets, be taken by the lexer as a new statement (its recovery rule
    /// for a forgotten `)`); typed after a continuation prompt it is clearly part of this one, so
    /// it is indented by two spaces.
    public static func join(_ previous: String, _ line: String) -> String {
        if previous.isEmpty { return line }
        let startsIndented = line.first.map { $0 == " " || $0 == "\t" } ?? true
        return previous + "\n" + (startsIndented ? line : "  " + line)
    }

    /// True when a line starts (after blanks) with `|`: it continues the previous pipeline.
    public static func startsWithPipe(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.first == "|"
    }
}
