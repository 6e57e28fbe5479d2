/// Tokens → statements. Recursive descent for statements and stages, precedence climbing for
/// expressions. On an error the parser records it and resumes at the next `|` or statement end,
/// so one run reports every syntax error it can (the first `maximumReportedErrors` of them).
///
/// Expressions nest at most `NestingLimit.levels` deep (brackets, unary operators, and the
/// height of the tree built); a run of one operator is a flat `chain`, however long.
public struct Parser {
    /// Words that start a session command when not followed by `|`.
    public static let commandWords: Set<String> = ["datasets", "describe", "help", "functions", "verbs", "forget", "prelude"]
    /// Words that start a clause inside a stage.
    public static let clauseWords: Set<String> = ["by", "on", "with"]
    static let expressionKeywords: Set<String> = ["and", "or", "not", "in", "is", "null", "true", "false"]

    let tokens: [Token]
    let file: SourceFile
    var position = 0
    public private(set) var errors: [MsokoError] = []
    /// How many expression levels enclose the current token (see `descend`).
    var nesting = 0

    /// Errors reported by one `parse`: a generated script with ten thousand stray characters
    /// must not print ten thousand diagnostics. The rest are counted in a last line.
    public static let maximumReportedErrors = 20

    struct Failure: Error {}

    public init(file: SourceFile) {
        self.file = file
        let (tokens, lexErrors) = Lexer.tokenize(file)
        self.tokens = tokens
        self.errors = lexErrors
    }

    /// Parses a whole source; returns the statements that parsed and every error found.
    public static func parse(_ file: SourceFile) -> (statements: [Statement], errors: [MsokoError]) {
        var parser = Parser(file: file)
        let lexicalErrorCount = parser.errors.count
        let statements = parser.parseAll()
        // A lexical error (an unterminated string, say) explains whatever the parser then found
        // on the same line: report only the lexical one there.
        let lexical = parser.errors.prefix(lexicalErrorCount)
        let lexicalLines = Set(lexical.compactMap { $0.range?.line })
        let syntactic = parser.errors.dropFirst(lexicalErrorCount).filter { !lexicalLines.contains($0.range?.line ?? -1) }
        let sorted = (Array(lexical) + syntactic).sorted { ($0.range?.start ?? 0) < ($1.range?.start ?? 0) }
        return (statements, capped(sorted))
    }

    /// The first `maximumReportedErrors` errors and, when there were more, one that counts the rest.
    static func capped(_ errors: [MsokoError]) -> [MsokoError] {
        guard errors.count > maximumReportedErrors else { return errors }
        let rest = errors.count - maximumReportedErrors
        var shown = Array(errors.prefix(maximumReportedErrors))
        shown.append(MsokoError(.syntax, tr("parse.more_errors", ["count": rest, "errors_ru": russianErrors(rest)])))
        return shown
    }

    /// «ошибка», «ошибки» or «ошибок» after a count.
    static func russianErrors(_ count: Int) -> String {
        let lastTwo = count % 100
        let last = count % 10
        if lastTwo >= 11 && lastTwo <= 14 { return "ошибок" }
        if last == 1 { return "ошибка" }
        if last >= 2 && last <= 4 { return "ошибки" }
        return "ошибок"
    }

    // MARK: tokens

    var current: Token { tokens[min(position, tokens.count - 1)] }
    func peekToken(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    var previousEnd: Int { position > 0 ? tokens[position - 1].range.end : 0 }

    func range(from start: Int) -> SourceRange {
        SourceRange(file: file, start: start, end: max(start, previousEnd))
    }

    mutating func fail(_ message: String, at token: Token? = nil, hint: String? = nil) -> Failure {
        let token = token ?? current
        var range = token.range
        if token.isNewline || token.isEnd {
            // Point just after the previous token rather than at the line break.
            range = SourceRange(file: file, start: previousEnd, end: previousEnd + 1)
        }
        errors.append(MsokoError(.syntax, message, at: range, hint: hint))
        return Failure()
    }

    mutating func expectSymbol(_ symbol: String, _ context: String) throws(Failure) {
        guard current.isSymbol(symbol) else {
            throw fail(tr("parse.expected_symbol", ["symbol": symbol, "context": context, "found": current.describe]))
        }
        _ = advance()
    }

    mutating func expectIdentifier(_ what: String) throws(Failure) -> (String, SourceRange) {
        guard let name = current.identifier else {
            throw fail(tr("parse.expected", ["what": what, "found": current.describe]))
        }
        let token = advance()
        return (name, token.range)
    }

    /// Skips to the end of the statement.
    mutating func skipStatement() {
        while !current.isNewline && !current.isEnd { _ = advance() }
    }

    // MARK: statements

    mutating func parseAll() -> [Statement] {
        var statements: [Statement] = []
        while !current.isEnd {
            if current.isNewline { _ = advance(); continue }
            do {
                let statement = try parseStatement()
                if current.isNewline || current.isEnd {
                    statements.append(statement)
                } else {
                    throw fail(tr("parse.expected_statement_end", ["found": current.describe]),
                               hint: current.isSymbol("=") ? tr("parse.comparison_is_double_equals") : nil)
                }
            } catch {
                skipStatement()
            }
        }
        return statements
    }

    mutating func parseStatement() throws(Failure) -> Statement {
        let start = current.range.start
        let first = current
        if first.isKeyword("param") && peekToken().identifier != nil {
            _ = advance()
            let (name, _) = try expectIdentifier(tr("parse.what.param_name_after_param"))
            try expectSymbol("=", tr("parse.context.after_param_name"))
            let value = try parseExpression()
            return Statement(kind: .param(name: name, value: value), range: range(from: start))
        }
        if first.isKeyword("let") && peekToken().identifier != nil {
            _ = advance()
            let (name, _) = try expectIdentifier(tr("parse.what.name_after_let"))
            try expectSymbol("=", tr("parse.context.after_let_name"))
            let pipeline = try parsePipeline()
            return Statement(kind: .bind(name: name, pipeline: pipeline), range: range(from: start))
        }
        if first.isKeyword("load") && !peekToken().isSymbol("|") {
            _ = advance()
            let path = try parseExpression()
            var name: String? = nil
            if current.isKeyword("as") {
                _ = advance()
                name = try expectIdentifier(tr("parse.what.dataset_after_as")).0
            }
            var options: [StageItem] = []
            if current.isKeyword("with") {
                _ = advance()
                options = try parseItems()
            }
            return Statement(kind: .load(path: path, name: name, options: options), range: range(from: start))
        }
        if first.isKeyword("attach") && !peekToken().isSymbol("|") && !peekToken().isSymbol("=") {
            _ = advance()
            let url = try parseExpression()
            guard current.isKeyword("as") else {
                throw fail(tr("parse.attach_needs_as", ["found": current.describe]))
            }
            _ = advance()
            let name = try expectIdentifier(tr("parse.what.name_after_attach_as")).0
            var options: [StageItem] = []
            if current.isKeyword("with") {
                _ = advance()
                options = try parseItems()
            }
            return Statement(kind: .attach(url: url, name: name, options: options), range: range(from: start))
        }
        if first.isKeyword("run") && !peekToken().isSymbol("|") {
            _ = advance()
            let path = try parseExpression()
            var bindings: [StageItem] = []
            if current.isKeyword("with") {
                _ = advance()
                bindings = try parseItems()
            }
            return Statement(kind: .run(path: path, bindings: bindings), range: range(from: start))
        }
        if first.isKeyword("def") && peekToken().identifier != nil {
            _ = advance()
            let (name, _) = try expectIdentifier(tr("parse.what.function_after_def"))
            try expectSymbol("(", tr("parse.context.after_function_name"))
            var parameters: [String] = []
            while !current.isSymbol(")") {
                parameters.append(try expectIdentifier(tr("parse.what.param_name")).0)
                if current.isSymbol(",") { _ = advance() } else { break }
            }
            try expectSymbol(")", tr("parse.context.close_parameters"))
            try expectSymbol("=", tr("parse.context.before_body"))
            let body = try parseExpression()
            return Statement(kind: .define(name: name, parameters: parameters, body: body), range: range(from: start))
        }
        if let word = first.identifier, !first.quoted, Parser.commandWords.contains(word.lowercased()),
           !peekToken().isSymbol("|") {
            _ = advance()
            var arguments: [Token] = []
            while !current.isNewline && !current.isEnd { arguments.append(advance()) }
            return Statement(kind: .command(name: word.lowercased(), arguments: arguments), range: range(from: start))
        }
        let pipeline = try parsePipeline()
        return Statement(kind: .pipeline(pipeline), range: pipeline.range)
    }

    mutating func parsePipeline() throws(Failure) -> Pipeline {
        let start = current.range.start
        guard let source = current.identifier else {
            if current.isSymbol("|") {
                throw fail(tr("parse.pipeline_without_source"), hint: tr("parse.pipeline_without_source.hint"))
            }
            throw fail(tr("parse.expected_statement", ["found": current.describe]))
        }
        let sourceRange = advance().range
        var stages: [StageSyntax] = []
        var failed = false
        while current.isSymbol("|") {
            _ = advance()
            do {
                stages.append(try parseStage())
            } catch {
                failed = true
                // Resume at the next stage or the end of the statement.
                while !current.isSymbol("|") && !current.isNewline && !current.isEnd { _ = advance() }
            }
        }
        if failed { throw Failure() }
        if !current.isNewline && !current.isEnd {
            if stages.isEmpty, let word = current.identifier {
                throw fail(tr("parse.expected_pipe", ["source": source, "word": word]),
                           hint: tr("parse.expected_pipe.hint", ["source": source, "word": word]))
            }
        }
        return Pipeline(source: source, sourceRange: sourceRange, stages: stages, range: range(from: start))
    }

    mutating func parseStage() throws(Failure) -> StageSyntax {
        let start = current.range.start
        guard let verb = current.identifier else {
            throw fail(tr("parse.expected_verb", ["found": current.describe]),
                       hint: tr("parse.expected_verb.hint"))
        }
        let verbRange = advance().range
        var items: [StageItem] = []
        if !atStageEnd && !atClause {
            items = try parseItems()
        }
        // `where x = 1` is a slip for `==`; say so while parsing, with the other syntax errors.
        // Verbs whose items are conditions (`VerbSpec.conditions`): `name = value` is a slip for `==`.
        if VerbRegistry.lookup(verb)?.conditions == true, let named = items.first(where: { $0.name != nil }),
           let name = named.name, let nameRange = named.nameRange {
            errors.append(MsokoError(.syntax, tr("parse.single_equals"), at: nameRange.to(named.expr.range),
                                     hint: tr("parse.single_equals.hint_with", ["left": name, "right": named.expr.sourceText])))
        }
        var clauses: [StageClause] = []
        while atClause {
            let keywordToken = advance()
            let keyword = keywordToken.identifier?.lowercased() ?? ""
            let clauseItems = atStageEnd ? [] : try parseItems()
            clauses.append(StageClause(keyword: keyword, keywordRange: keywordToken.range, items: clauseItems))
        }
        return StageSyntax(verb: verb, verbRange: verbRange, items: items, clauses: clauses, range: range(from: start))
    }

    var atStageEnd: Bool { current.isSymbol("|") || current.isNewline || current.isEnd }
    var atClause: Bool {
        guard let word = current.identifier, !current.quoted else { return false }
        return Parser.clauseWords.contains(word.lowercased()) && !peekToken().isSymbol("=")
    }

    /// `item, item …`; a named item (`kind = left`) may also follow without a comma.
    mutating func parseItems() throws(Failure) -> [StageItem] {
        var items: [StageItem] = []
        while true {
            items.append(try parseItem())
            if current.isSymbol(",") {
                _ = advance()
                continue
            }
            if current.identifier != nil, peekToken().isSymbol("="), !atClause {
                continue
            }
            break
        }
        return items
    }

    mutating func parseItem() throws(Failure) -> StageItem {
        let start = current.range.start
        var name: String? = nil
        var nameRange: SourceRange? = nil
        if let identifier = current.identifier, peekToken().isSymbol("=") {
            name = identifier
            nameRange = advance().range
            _ = advance()
        }
        let expr = try parseExpression()
        var descending: Bool? = nil
        if current.isKeyword("desc") { _ = advance(); descending = true }
        else if current.isKeyword("asc") { _ = advance(); descending = false }
        return StageItem(name: name, nameRange: nameRange, expr: expr, descending: descending, range: range(from: start))
    }

    // MARK: expressions

    /// Enters one more level of nesting (a bracket, a call's arguments, a unary operator), or
    /// fails with the nesting error once `NestingLimit.levels` enclose the current token. The
    /// caller leaves the level with `defer { nesting -= 1 }` after a successful `descend`.
    mutating func descend() throws(Failure) {
        guard nesting < NestingLimit.levels else {
            errors.append(NestingLimit.exceeded(at: current.range, stage: .syntax))
            throw Failure()
        }
        nesting += 1
    }

    /// A node, refused when the tree it tops is more than `NestingLimit.levels` high (operators
    /// of different precedence nest without brackets: `a or b and not c == d + e * f`).
    mutating func node(_ kind: Expr.Kind, _ range: SourceRange, nameRange: SourceRange? = nil) throws(Failure) -> Expr {
        let expr = Expr(kind, range, nameRange: nameRange)
        guard expr.height <= NestingLimit.levels else {
            errors.append(NestingLimit.exceeded(at: range, stage: .syntax))
            throw Failure()
        }
        return expr
    }

    /// `first` alone, or a flat chain of it and its links.
    mutating func chain(_ first: Expr, _ links: [Expr.Link]) throws(Failure) -> Expr {
        guard let last = links.last else { return first }
        return try node(.chain(first, links), first.range.to(last.operand.range))
    }

    mutating func parseExpression() throws(Failure) -> Expr {
        try descend()
        defer { nesting -= 1 }
        return try parseOr()
    }

    mutating func parseOr() throws(Failure) -> Expr {
        let first = try parseAnd()
        var links: [Expr.Link] = []
        while current.isKeyword("or") {
            _ = advance()
            links.append(Expr.Link(.or, try parseAnd()))
        }
        return try chain(first, links)
    }

    mutating func parseAnd() throws(Failure) -> Expr {
        let first = try parseNot()
        var links: [Expr.Link] = []
        while current.isKeyword("and") {
            _ = advance()
            links.append(Expr.Link(.and, try parseNot()))
        }
        return try chain(first, links)
    }

    mutating func parseNot() throws(Failure) -> Expr {
        if current.isKeyword("not") {
            try descend()
            defer { nesting -= 1 }
            let token = advance()
            let operand = try parseNot()
            return try node(.unary(.not, operand), token.range.to(operand.range))
        }
        return try parseComparison()
    }

    static let comparisons: Set<String> = ["==", "!=", "<", "<=", ">", ">="]

    /// The recursion of expressions passes through here, `parsePrimary` and the operator levels
    /// once per nesting level: each form and each message is a function of its own, so these
    /// frames stay small (a debug build keeps a slot for every temporary of a function).
    mutating func parseComparison() throws(Failure) -> Expr {
        let left = try parseAdditive()
        return atComparison ? try parseComparisonTail(left) : left
    }

    /// Whether a comparison, `is`, `in`, `not in` or a mistaken `=` follows an operand.
    var atComparison: Bool {
        if case .symbol(let op) = current.kind, Parser.comparisons.contains(op) || op == "=" { return true }
        return current.isKeyword("is") || current.isKeyword("in") || (current.isKeyword("not") && peekToken().isKeyword("in"))
    }

    mutating func parseComparisonTail(_ left: Expr) throws(Failure) -> Expr {
        if case .symbol(let symbol) = current.kind, Parser.comparisons.contains(symbol), let op = BinaryOp(rawValue: symbol) {
            _ = advance()
            let right = try parseAdditive()
            return try node(.binary(op, left, right), left.range.to(right.range))
        }
        if current.isSymbol("=") {
            if peekToken().isNewline { return left }
            throw equalsIsNotAComparison()
        }
        if current.isKeyword("is") {
            return try parseIsNull(left)
        }
        return try parseInList(left)
    }

    mutating func equalsIsNotAComparison() -> Failure {
        fail(tr("parse.single_equals"), hint: tr("parse.single_equals.hint"))
    }

    /// `left is null`, `left is not null`.
    mutating func parseIsNull(_ left: Expr) throws(Failure) -> Expr {
        _ = advance()
        var negated = false
        if current.isKeyword("not") { _ = advance(); negated = true }
        guard current.isKeyword("null") else {
            throw fail(tr("parse.expected_null", ["is": negated ? "is not" : "is", "found": current.describe]))
        }
        _ = advance()
        return try node(.isNull(left, negated: negated), range(from: left.range.start))
    }

    /// `left in […]`, `left not in […]`.
    mutating func parseInList(_ left: Expr) throws(Failure) -> Expr {
        var negated = false
        if current.isKeyword("not") {
            _ = advance()
            negated = true
        }
        _ = advance()
        guard current.isSymbol("[") else {
            throw fail(tr("parse.expected_list", ["found": current.describe]),
                       hint: tr("parse.expected_list.hint"))
        }
        let list = try parseList()
        guard case .list(let items) = list.kind else { throw fail(tr("parse.expected_list_after_in")) }
        return try node(.inList(left, items, negated: negated), left.range.to(list.range))
    }

    mutating func parseAdditive() throws(Failure) -> Expr {
        let first = try parseMultiplicative()
        var links: [Expr.Link] = []
        while current.isSymbol("+") || current.isSymbol("-") {
            guard case .symbol(let symbol) = advance().kind, let op = BinaryOp(rawValue: symbol) else { break }
            links.append(Expr.Link(op, try parseMultiplicative()))
        }
        return try chain(first, links)
    }

    mutating func parseMultiplicative() throws(Failure) -> Expr {
        let first = try parseUnary()
        var links: [Expr.Link] = []
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            guard case .symbol(let symbol) = advance().kind, let op = BinaryOp(rawValue: symbol) else { break }
            links.append(Expr.Link(op, try parseUnary()))
        }
        return try chain(first, links)
    }

    mutating func parseUnary() throws(Failure) -> Expr {
        guard current.isSymbol("-") || current.isSymbol("+") else { return try parsePrimary() }
        return try parseSigned()
    }

    /// `-x`, `+x`; a minus before a number literal is part of the number.
    mutating func parseSigned() throws(Failure) -> Expr {
        try descend()
        defer { nesting -= 1 }
        let token = advance()
        let operand = try parseUnary()
        if token.isSymbol("+") { return operand }
        // Literals are never below -Int64.max, so negating one cannot overflow.
        if case .literal(.int(let v)) = operand.kind {
            return Expr(.literal(.int(-v)), token.range.to(operand.range))
        }
        if case .literal(.double(let v)) = operand.kind {
            return Expr(.literal(.double(-v)), token.range.to(operand.range))
        }
        return try node(.unary(.negate, operand), token.range.to(operand.range))
    }

    mutating func parsePrimary() throws(Failure) -> Expr {
        if current.identifier != nil { return try parseName() }
        if current.isSymbol("(") { return try parseGroup() }
        if current.isSymbol("[") { return try parseList() }
        if current.isSymbol("{") { return try parseRecord() }
        return try parseLiteral()
    }

    /// A number, a string or a parameter.
    mutating func parseLiteral() throws(Failure) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let v):
            _ = advance()
            return Expr(.literal(.int(v)), token.range)
        case .double(let v):
            _ = advance()
            return Expr(.literal(.double(v)), token.range)
        case .string(let s):
            _ = advance()
            return Expr(.literal(.text(s)), token.range)
        case .parameter(let name):
            _ = advance()
            return Expr(.parameter(name), token.range)
        default:
            throw expectedValue()
        }
    }

    mutating func expectedValue() -> Failure {
        fail(tr("parse.expected_value", ["found": current.describe]))
    }

    /// `true`, `false`, `null`, a column, or a call `name(…)`.
    mutating func parseName() throws(Failure) -> Expr {
        let token = current
        if !token.quoted, let word = token.identifier?.lowercased(), Parser.expressionKeywords.contains(word) {
            return try parseKeywordValue()
        }
        _ = advance()
        guard current.isSymbol("("), !token.quoted else { return Expr(.column(token.identifier ?? ""), token.range) }
        return try parseCall(token)
    }

    /// `true`, `false` and `null`; another keyword is not a value.
    mutating func parseKeywordValue() throws(Failure) -> Expr {
        let token = current
        let name = token.identifier ?? ""
        switch name.lowercased() {
        case "true": _ = advance(); return Expr(.literal(.bool(true)), token.range)
        case "false": _ = advance(); return Expr(.literal(.bool(false)), token.range)
        case "null": _ = advance(); return Expr(.literal(.null), token.range)
        default: throw keywordAsValue(name)
        }
    }

    /// `name(argument, …)`, the name just read and `(` current.
    mutating func parseCall(_ nameToken: Token) throws(Failure) -> Expr {
        let name = nameToken.identifier ?? ""
        _ = advance()
        var arguments: [Expr] = []
        while !current.isSymbol(")") {
            if current.isNewline || current.isEnd { break }
            arguments.append(try parseExpression())
            if current.isSymbol(",") { _ = advance() } else { break }
        }
        try expectSymbol(")", tr("parse.context.close_call", ["name": name]))
        return try node(.call(name.lowercased(), arguments), range(from: nameToken.range.start), nameRange: nameToken.range)
    }

    mutating func keywordAsValue(_ name: String) -> Failure {
        fail(tr("parse.keyword_as_value", ["name": name]),
             hint: tr("parse.keyword_as_value.hint", ["name": name]))
    }

    /// `( expression )`: the expression, its range taking in the brackets.
    mutating func parseGroup() throws(Failure) -> Expr {
        let open = advance()
        var grouped = try parseExpression()
        try expectSymbol(")", tr("parse.context.close_parenthesis"))
        grouped.range = range(from: open.range.start)
        return grouped
    }

    /// `[item, item …]`
    mutating func parseList() throws(Failure) -> Expr {
        let open = advance()
        var items: [Expr] = []
        while !current.isSymbol("]") {
            if current.isNewline || current.isEnd { break }
            items.append(try parseExpression())
            if current.isSymbol(",") { _ = advance() } else { break }
        }
        try expectSymbol("]", tr("parse.context.close_list"))
        return try node(.list(items), range(from: open.range.start))
    }

    /// `{name: expression, "name": expression …}`
    mutating func parseRecord() throws(Failure) -> Expr {
        let open = advance()
        var fields: [(String, Expr)] = []
        while !current.isSymbol("}") {
            if current.isNewline || current.isEnd { break }
            let key: String
            if case .string(let s) = current.kind { key = s; _ = advance() }
            else { key = try expectIdentifier(tr("parse.what.field_name")).0 }
            guard current.isSymbol(":") || current.isSymbol("=") else {
                throw fail(tr("parse.expected_colon", ["key": key, "found": current.describe]),
                           hint: tr("parse.expected_colon.hint"))
            }
            _ = advance()
            fields.append((key, try parseExpression()))
            if current.isSymbol(",") { _ = advance() } else { break }
        }
        // The brace is an argument: a lone `{` in a template would read as an unclosed placeholder.
        try expectSymbol("}", tr("parse.context.close_brace", ["brace": "{"]))
        return try node(.record(fields), range(from: open.range.start))
    }
}
