/// Text → tokens. Works on UTF-8 bytes; identifiers are Unicode letters, digits and `_`.
///
/// Statement ends are decided here: a line break ends a statement unless brackets are open,
/// the line ends with `|` or `,`, or the next non-blank line starts with `|`. `;` always ends one.
/// Lexical errors are collected, not thrown, so the parser can report them all.
public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var position = 0
    var tokens: [Token] = []
    public private(set) var errors: [MsokoError] = []
    var bracketDepth = 0

    public init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], errors: [MsokoError]) {
        var lexer = Lexer(file: file)
        lexer.run()
        return (lexer.tokens, lexer.errors)
    }

    func range(_ start: Int, _ end: Int) -> SourceRange { SourceRange(file: file, start: start, end: end) }

    func peek(_ offset: Int = 0) -> UInt8 {
        let index = position + offset
        return index < bytes.count ? bytes[index] : 0
    }

    /// Decodes the scalar at `index` and its length in bytes.
    func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        var length = 1
        if lead >= 0xF0 { length = 4 } else if lead >= 0xE0 { length = 3 } else if lead >= 0xC0 { length = 2 }
        guard index + length <= bytes.count else { return nil }
        var value: UInt32
        switch length {
        case 1: value = UInt32(lead)
        case 2: value = UInt32(lead & 0x1F)
        case 3: value = UInt32(lead & 0x0F)
        default: value = UInt32(lead & 0x07)
        }
        for offset in 1..<length { value = (value << 6) | UInt32(bytes[index + offset] & 0x3F) }
        guard let s = Unicode.Scalar(value) else { return nil }
        return (s, length)
    }

    static let trailingOperators: Set<String> = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "="]
    static let trailingKeywords = ["and", "or", "not", "in"]
    static let continuationWords: [[UInt8]] = ["by", "on", "with", "and", "or"].map { Array($0.utf8) }

    /// Whether `word` stands at `index`, followed by something that cannot continue a name.
    func startsWithWord(_ word: [UInt8], at index: Int) -> Bool {
        guard index + word.count <= bytes.count, Array(bytes[index..<(index + word.count)]) == word else { return false }
        guard let (next, _) = scalar(at: index + word.count) else { return true }
        return !Lexer.isIdentifierContinue(next)
    }

    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic
    }

    static func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool {
        isIdentifierStart(s) || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
    }

    mutating func emit(_ kind: Token.Kind, _ start: Int, quoted: Bool = false) {
        tokens.append(Token(kind, range(start, position), quoted: quoted))
    }

    mutating func error(_ message: String, _ start: Int, _ end: Int, hint: String? = nil) {
        errors.append(MsokoError(.syntax, message, at: range(start, end), hint: hint))
    }

    /// A string or quoted name left open: its own kind, which the line editor and completion ask
    /// for (the hint comes with the kind).
    mutating func unterminated(_ what: MsokoError.Unterminated, _ start: Int, _ end: Int) {
        errors.append(MsokoError(.unterminated(what), at: range(start, end)))
    }

    var lastSignificant: Token? { tokens.last }

    /// Whether a line break at the current position ends the statement.
    ///
    /// Inside brackets a line break continues the statement, except when the next line starts in
    /// its first column with something other than a closing bracket, `|` or `,`: that is taken as
    /// a new statement, so an unclosed `(` costs one error, not the rest of the script.
    mutating func lineBreakEndsStatement() -> Bool {
        if bracketDepth > 0 {
            guard position < bytes.count else { return true }
            let next = bytes[position]
            let continues = next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n")
                || next == UInt8(ascii: "\r") || next == UInt8(ascii: "#") || next == UInt8(ascii: ")") || next == UInt8(ascii: "]")
                || next == UInt8(ascii: "}") || next == UInt8(ascii: "|") || next == UInt8(ascii: ",")
            if continues { return false }
            bracketDepth = 0
        }
        guard let last = lastSignificant else { return false }
        if last.isNewline { return false }
        if last.isSymbol("|") || last.isSymbol(",") { return false }
        // A line ending in a binary operator (`+`, `==`, `and` …) goes on on the next line.
        if case .symbol(let symbol) = last.kind, Lexer.trailingOperators.contains(symbol) { return false }
        if Lexer.trailingKeywords.contains(where: { last.isKeyword($0) }) { return false }
        // Look ahead: does the next non-blank, non-comment line start with `|`?
        var index = position
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                index += 1
            } else if c == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if c == UInt8(ascii: "|") {
                return false
            } else {
                // A line that starts with `by`, `on`, `with`, `and` or `or` continues the statement.
                return !Lexer.continuationWords.contains { word in startsWithWord(word, at: index) }
            }
        }
        return true
    }

    mutating func run() {
        while position < bytes.count {
            let start = position
            let c = bytes[position]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                if lineBreakEndsStatement() { emit(.newline, start) }
            case UInt8(ascii: "#"):
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            case UInt8(ascii: ";"):
                position += 1
                bracketDepth = 0
                if let last = lastSignificant, !last.isNewline { emit(.newline, start) }
            case UInt8(ascii: "\""):
                lexString()
            case UInt8(ascii: "`"):
                lexQuotedIdentifier()
            case UInt8(ascii: "$"):
                position += 1
                let nameStart = position
                while let (s, length) = scalar(at: position), Lexer.isIdentifierContinue(s) { position += length }
                if position == nameStart {
                    error(tr("lex.dollar_without_name"), start, position + 1, hint: tr("lex.dollar_without_name.hint"))
                } else {
                    emit(.parameter(file.slice(nameStart, position)), start)
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lexNumber()
            case UInt8(ascii: "."):
                if peek(1) >= UInt8(ascii: "0") && peek(1) <= UInt8(ascii: "9") {
                    lexNumber()
                } else {
                    position += 1
                    emit(.symbol("."), start)
                }
            default:
                if lexSymbol() { continue }
                if let (s, length) = scalar(at: position), Lexer.isIdentifierStart(s) {
                    position += length
                    while let (s2, l2) = scalar(at: position), Lexer.isIdentifierContinue(s2) { position += l2 }
                    emit(.identifier(file.slice(start, position)), start)
                } else {
                    lexUnexpected()
                }
            }
        }
        if let last = lastSignificant, !last.isNewline { tokens.append(Token(.newline, range(bytes.count, bytes.count))) }
        tokens.append(Token(.end, range(bytes.count, bytes.count)))
    }

    /// Characters that start no token: one error for the whole run of them, so ten kilobytes of
    /// noise are one diagnostic, not ten thousand.
    mutating func lexUnexpected() {
        let start = position
        var characters = 0
        repeat {
            position += scalar(at: position)?.1 ?? 1
            characters += 1
        } while position < bytes.count && !startsToken(at: position)
        let shown = file.slice(start, position)
        var hint: String? = nil
        if shown.contains(where: { $0 == "«" || $0 == "»" || $0 == "“" || $0 == "”" }) {
            hint = tr("lex.typographic_quotes.hint")
        } else if shown.contains("'") {
            hint = tr("lex.single_quotes.hint")
        }
        if characters == 1 {
            error(tr("lex.unexpected_character", ["text": shown]), start, position, hint: hint)
        } else {
            let excerpt = characters > 12 ? String(shown.prefix(10)) + "…" : shown
            error(tr("lex.unexpected_characters", ["count": characters, "text": excerpt]), start, position, hint: hint)
        }
    }

    /// Whether a token, a blank or a comment can start at `index` (the cases of `run`).
    func startsToken(at index: Int) -> Bool {
        let c = bytes[index]
        if c < 0x80 {
            if "0123456789 \t\r\n#;\"`$.|=<>+-*/%()[]{},:_".utf8.contains(c) { return true }
            if c == UInt8(ascii: "!") { return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "=") }
        }
        guard let (s, _) = scalar(at: index) else { return false }
        return Lexer.isIdentifierStart(s)
    }

    mutating func lexSymbol() -> Bool {
        let start = position
        let two: [String] = ["==", "!=", "<=", ">=", "<>"]
        if position + 1 < bytes.count {
            let pair = file.slice(position, position + 2)
            if two.contains(pair) {
                position += 2
                emit(.symbol(pair == "<>" ? "!=" : pair), start)
                return true
            }
        }
        let c = bytes[position]
        let singles = "|=<>+-*/%()[]{},:"
        guard c < 0x80, singles.utf8.contains(c) else { return false }
        position += 1
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): bracketDepth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): bracketDepth = max(0, bracketDepth - 1)
        default: break
        }
        emit(.symbol(String(UnicodeScalar(c))), start)
        return true
    }

    mutating func lexNumber() {
        let start = position
        var isDouble = false
        while peek() >= UInt8(ascii: "0") && peek() <= UInt8(ascii: "9") || peek() == UInt8(ascii: "_") { position += 1 }
        if peek() == UInt8(ascii: "."), peek(1) >= UInt8(ascii: "0") && peek(1) <= UInt8(ascii: "9") {
            isDouble = true
            position += 1
            while peek() >= UInt8(ascii: "0") && peek() <= UInt8(ascii: "9") { position += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let save = position
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            if peek() >= UInt8(ascii: "0") && peek() <= UInt8(ascii: "9") {
                isDouble = true
                while peek() >= UInt8(ascii: "0") && peek() <= UInt8(ascii: "9") { position += 1 }
            } else {
                position = save
            }
        }
        let text = file.slice(start, position).replacingOccurrences(of: "_", with: "")
        if isDouble {
            if let value = Double(text) { emit(.double(value), start) } else { error(tr("lex.bad_number", ["text": range(start, position).excerpt]), start, position) }
        } else if let value = Int64(text) {
            emit(.integer(value), start)
        } else if let value = Double(text) {
            emit(.double(value), start)
        } else {
            error(tr("lex.bad_number", ["text": range(start, position).excerpt]), start, position)
        }
        if let (s, _) = scalar(at: position), Lexer.isIdentifierStart(s) {
            while let (s2, l2) = scalar(at: position), Lexer.isIdentifierContinue(s2) { position += l2 }
            error(tr("lex.number_then_letters"), start, position,
                  hint: tr("lex.number_then_letters.hint", ["text": range(start, position).excerpt]))
        }
    }

    mutating func lexString() {
        let start = position
        position += 1
        var value: [UInt8] = []
        while true {
            guard position < bytes.count else {
                unterminated(.string, start, bytes.count)
                return
            }
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                break
            }
            if c == UInt8(ascii: "\n") {
                unterminated(.stringAtLineEnd, start, position)
                return
            }
            if c == UInt8(ascii: "\\") {
                let next = peek(1)
                switch next {
                case UInt8(ascii: "n"): value.append(10)
                case UInt8(ascii: "t"): value.append(9)
                case UInt8(ascii: "r"): value.append(13)
                case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                default:
                    error(tr("lex.unknown_escape", ["text": "\\" + String(UnicodeScalar(next))]), position, position + 2,
                          hint: tr("lex.unknown_escape.hint"))
                }
                position += 2
                continue
            }
            value.append(c)
            position += 1
        }
        emit(.string(String(decoding: value, as: UTF8.self)), start)
    }

    mutating func lexQuotedIdentifier() {
        let start = position
        position += 1
        let nameStart = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "`"), bytes[position] != UInt8(ascii: "\n") {
            position += 1
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "`") else {
            unterminated(.quotedName, start, position)
            return
        }
        let name = file.slice(nameStart, position)
        position += 1
        emit(.identifier(name), start, quoted: true)
    }
}
