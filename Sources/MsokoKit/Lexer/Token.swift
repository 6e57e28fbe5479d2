/// One lexical token with its place in the source.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case identifier(String)      // school_id, школа, `Первичный балл`
        case integer(Int64)
        case double(Double)
        case string(String)
        case parameter(String)       // $year
        case symbol(String)          // | == != <= >= < > = + - * / % ( ) [ ] { } , : .
        case newline                 // end of a statement (or `;`)
        case end
    }

    public let kind: Kind
    public let range: SourceRange
    /// True for identifiers written in backquotes: never keywords.
    public let quoted: Bool

    public init(_ kind: Kind, _ range: SourceRange, quoted: Bool = false) {
        self.kind = kind
        self.range = range
        self.quoted = quoted
    }

    /// The identifier's name if this is an unquoted identifier equal to `word` (case-insensitive).
    public func isKeyword(_ word: String) -> Bool {
        if quoted { return false }
        if case .identifier(let name) = kind { return name.lowercased() == word }
        return false
    }

    public func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    public var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    public var isEnd: Bool { kind == .end }
    public var isNewline: Bool { kind == .newline }

    /// How the token reads in a message: "`where`", "a string", "end of line".
    public var describe: String {
        switch kind {
        case .identifier(let name): return "`\(name)`"
        case .integer(let v): return "`\(v)`"
        case .double: return "`\(range.text)`"
        case .string: return tr("token.string")
        case .parameter(let name): return "`$\(name)`"
        case .symbol(let s): return "`\(s)`"
        case .newline: return range.text == ";" ? "`;`" : tr("token.end_of_line")
        case .end: return tr("token.end_of_input")
        }
    }
}
