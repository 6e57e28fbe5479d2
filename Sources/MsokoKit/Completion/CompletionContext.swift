/// How Tab completion decides its context.
///
/// Completion looks only at the text before the cursor — the current line joined to the
/// statement's earlier continuation lines — and runs it through the real `Lexer`, so strings,
/// backquoted names, comments and `;` are understood exactly as when the statement runs.
///
/// 1. **The word.** If the lexer reports a string (or backquoted name) left open at the very
///    end, the word is everything from its opening quote, and the candidates are quoted too.
///    Otherwise, if the text ends inside an identifier (or `$parameter`), that token is the word;
///    otherwise the word is empty (the cursor follows a blank or a symbol).
/// 2. **The statement.** Only the tokens after the last statement end (`;` or a line break the
///    lexer took as one) count; the word's own token is set aside.
/// 3. **The statement's shape** decides by its first word: nothing yet → dataset names, statement
///    words and commands; `load` → file paths inside the quotes, then `as`/`with`, then load
///    options; `run` → `.msoko` scripts, then `with`; `describe`/`forget` → datasets; `help` →
///    topics; `let NAME =` → what follows is a pipeline; anything else is a pipeline.
/// 4. **The pipeline** is split at `|`. With nothing after the last `|` the candidates are verbs.
///    Otherwise the current stage's verb and what was typed since decide:
///    - right after `join`/`append` (or a comma in `append`) → dataset names; after `join X` →
///      `on`; after `on` → key columns; after a key → `kind = left|semi|anti`;
///    - after `COLUMN ==`, `COLUMN !=` or inside `COLUMN in [ … ,` → that column's text values
///      (only when it has at most 50 distinct values), written as quoted strings;
///    - inside the quotes of a verb that takes a path (`save`, `register`, `drafts`, …) → file paths;
///    - at an operand position (after the verb, an operator, `(`, `,`, `=`, `by`, `on`, `and`…)
///      → the columns of the data flowing into this stage, plus functions (and aggregates in
///      `summarize`/`derive`) where expressions are allowed;
///    - right after a complete operand (a name, a literal, `)`) → the keywords that fit there:
///      the clauses the verb's spec declares (`by`, `with`), `desc`/`asc` (sort),
///      `and`/`or`/`in`/`is null` (where), `on`/`kind = …` (join);
///    - after `with` → the spec's options not written yet; after `OPTION =` → its allowed values.
/// 5. **The flowing columns** come from running the pipeline before the current stage
///    (`source | stage …`, parsed by the real parser) on a small slice of the source dataset
///    (the first rows; the whole table if a `pivot` is involved, since its columns come from
///    values), skipping stages whose spec has effects (`save`, `register`, `bars`, …). Values for `COLUMN ==` come from the whole prefix result, so
///    `vpr | where subject == "Математика" | where class_id == ⇥` offers only classes that
///    wrote mathematics. This runs only when Tab is pressed.
///
/// `CompletionContext.analyze` does steps 1–4 and is pure (no session); `Completer` turns the
/// result into candidates using a session.
public struct CompletionContext: Sendable, Equatable {
    /// What kind of names fit at the cursor.
    public enum Want: Sendable, Equatable, Hashable {
        /// Datasets, statement words (`load`, `let`, …) and session commands.
        case statementStart
        case datasets
        case verbs
        /// Columns of the flowing data.
        case columns
        /// Scalar and user functions; aggregates too when `aggregates` is true.
        case functions(aggregates: Bool)
        /// Text values of a column, quoted.
        case values(column: String)
        /// Files for `load` (data), `run` (scripts) or `save` (any).
        case paths(PathKind)
        case keywords([String])
        case helpTopics
        case loadOptions
        case parameters
        /// Arguments of a workbench command registered by the caller (`format csv`).
        case commandArguments(String)
    }

    public enum PathKind: String, Sendable, Equatable, Hashable {
        case data, script, any
    }

    /// The text being completed: an identifier's start, or a string from its opening quote.
    public var word: String
    /// The word starts with `"` (inside a string) or `` ` `` (inside a quoted name).
    public var quote: Character?
    public var wants: [Want]
    /// The pipeline before the current stage (`vpr | where mark >= 4`), whose result flows into
    /// the stage being typed; nil outside pipelines.
    public var pipelinePrefix: String?
    /// For `join X on …`: the dataset being joined, whose columns are keys too.
    public var joinedDataset: String?

    public init(word: String, quote: Character? = nil, wants: [Want], pipelinePrefix: String? = nil, joinedDataset: String? = nil) {
        self.word = word
        self.quote = quote
        self.wants = wants
        self.pipelinePrefix = pipelinePrefix
        self.joinedDataset = joinedDataset
    }

    /// Statement words offered at the start of a statement.
    public static let statementWords = ["load", "let", "param", "run", "def", "attach"]

    /// Words other than clauses that may follow a complete operand (by the verb's registry name);
    /// the clauses (`by`, `with`) come from each verb's spec.
    static let keywordsAfterOperand: [String: [String]] = [
        "sort": ["desc", "asc"],
    ]

    /// What may follow an operand in a verb whose items are conditions (`VerbSpec.conditions`).
    static let conditionKeywords = ["and", "or", "not in", "in", "is null", "is not null"]

    /// Verbs whose first argument is a file or folder path.
    static let pathVerbs: Set<String> = ["save", "template", "register", "drafts", "report"]

    /// Join's kinds, from its spec.
    static var joinKinds: [String] {
        if case .choice(let kinds)? = VerbRegistry.lookup("join")?.option("kind")?.value { return kinds }
        return []
    }

    /// After `with`: the option names the spec declares (those not written yet), or after
    /// `NAME =` the values that option allows.
    static func withContext(_ afterWith: [Token], spec: VerbSpec) -> CompletionContext {
        if afterWith.isEmpty || afterWith.last?.isSymbol(",") == true {
            var written = Set<String>()
            for (index, token) in afterWith.enumerated() where token.isSymbol("=") && index > 0 {
                if let name = afterWith[index - 1].identifier { written.insert(name.lowercased()) }
            }
            let open = spec.options.filter { !written.contains($0.name) }
            return open.isEmpty ? CompletionContext(word: "", wants: []) : keywords(open.map(\.completion))
        }
        if afterWith.last?.isSymbol("=") == true, let name = afterWith.dropLast().last?.identifier, let option = spec.option(name.lowercased()) {
            switch option.value {
            case .choice(let words): return keywords(words.map { "\"\($0)\"" })
            case .bool: return keywords(["true", "false"])
            case .expression: return CompletionContext(word: "", wants: [.columns, .functions(aggregates: true)])
            default: break
            }
        }
        return CompletionContext(word: "", wants: [])
    }

    /// Words after which an operand (a column, a value, a call) is expected.
    static let operandKeywords: Set<String> = ["and", "or", "not", "by", "on", "in"]

    /// Works out the context for the text before the cursor. `commands` are extra first words
    /// (workbench commands) whose arguments are completed as `.commandArguments(name)`.
    public static func analyze(_ text: String, commands: Set<String> = []) -> CompletionContext {
        let file = SourceFile(name: "<completion>", text: text)
        let byteCount = file.bytes.count
        let (allTokens, errors) = Lexer.tokenize(file)
        var tokens = allTokens.filter { !$0.isEnd && !($0.isNewline && $0.range.start == $0.range.end) }

        // 1. The word.
        var word = ""
        var quote: Character? = nil
        if let open = errors.first(where: { $0.isUnterminated && ($0.range?.end ?? 0) >= byteCount }),
           let range = open.range {
            word = file.slice(range.start, byteCount)
            quote = word.first
            tokens = tokens.filter { $0.range.end <= range.start }
        } else if let last = tokens.last, last.range.end == byteCount {
            switch last.kind {
            case .identifier, .parameter:
                word = last.range.text
                tokens.removeLast()
            case .integer, .double:
                return CompletionContext(word: last.range.text, wants: [])
            default:
                break
            }
        }
        if word.hasPrefix("$") {
            return CompletionContext(word: word, wants: [.parameters])
        }

        // 2. The statement: tokens after the last statement end.
        if let end = tokens.lastIndex(where: { $0.isNewline }) {
            tokens = Array(tokens[(end + 1)...])
        }
        var context = statementContext(tokens, file: file, quote: quote, commands: commands)
        context.word = word
        context.quote = quote
        return context
    }

    /// 3. Decides by the statement's first word.
    static func statementContext(_ tokens: [Token], file: SourceFile, quote: Character?, commands: Set<String>) -> CompletionContext {
        guard let first = tokens.first else {
            return quote == nil ? CompletionContext(word: "", wants: [.statementStart]) : CompletionContext(word: "", wants: [])
        }
        let firstWord = first.quoted ? nil : first.identifier?.lowercased()
        let startsPipeline = tokens.count > 1 && tokens[1].isSymbol("|")
        if let firstWord, !startsPipeline {
            switch firstWord {
            case "load": return loadContext(Array(tokens.dropFirst()), quote: quote)
            case "run":
                if tokens.count == 1 { return CompletionContext(word: "", wants: quote != "`" ? [.paths(.script)] : []) }
                if quote == nil, tokens.count == 2, case .string = tokens[1].kind { return keywords(["with"]) }
                return CompletionContext(word: "", wants: [])
            case "describe", "forget":
                return CompletionContext(word: "", wants: quote == nil ? [.datasets] : [])
            case "help":
                return CompletionContext(word: "", wants: tokens.count == 1 && quote == nil ? [.helpTopics] : [])
            case "let":
                if tokens.count >= 3, tokens[2].isSymbol("=") {
                    return pipelineContext(Array(tokens.dropFirst(3)), file: file, quote: quote)
                }
                return CompletionContext(word: "", wants: [])
            case "param":
                return CompletionContext(word: "", wants: [])
            case "def":
                if let equals = tokens.firstIndex(where: { $0.isSymbol("=") }), equals > 0 {
                    return CompletionContext(word: "", wants: quote == nil ? [.functions(aggregates: true)] : [])
                }
                return CompletionContext(word: "", wants: [])
            default:
                if commands.contains(firstWord) {
                    return CompletionContext(word: "", wants: tokens.count == 1 && quote == nil ? [.commandArguments(firstWord)] : [])
                }
            }
        }
        return pipelineContext(tokens, file: file, quote: quote)
    }

    static func keywords(_ words: [String]) -> CompletionContext {
        CompletionContext(word: "", wants: [.keywords(words)])
    }

    /// `load "PATH" [as NAME] [with OPTION = VALUE, …]`; `tokens` follow `load`.
    static func loadContext(_ tokens: [Token], quote: Character?) -> CompletionContext {
        if tokens.isEmpty {
            return CompletionContext(word: "", wants: quote != "`" ? [.paths(.data)] : [])
        }
        if quote != nil { return CompletionContext(word: "", wants: []) }
        if let with = tokens.lastIndex(where: { $0.isKeyword("with") }) {
            let last = tokens[tokens.count - 1]
            if with == tokens.count - 1 || last.isSymbol(",") { return CompletionContext(word: "", wants: [.loadOptions]) }
            return CompletionContext(word: "", wants: [])
        }
        if let asIndex = tokens.firstIndex(where: { $0.isKeyword("as") }) {
            return asIndex == tokens.count - 2 ? keywords(["with"]) : CompletionContext(word: "", wants: [])
        }
        if tokens.count == 1 { return keywords(["as", "with"]) }
        return CompletionContext(word: "", wants: [])
    }

    /// 4. `source | stage | …`: the stage being typed decides.
    static func pipelineContext(_ tokens: [Token], file: SourceFile, quote: Character?) -> CompletionContext {
        guard let first = tokens.first else {
            return CompletionContext(word: "", wants: quote == nil ? [.datasets] : [])
        }
        guard let lastPipe = tokens.lastIndex(where: { $0.isSymbol("|") }) else {
            // `vpr ⇥`: the next thing is a `|`, nothing to complete.
            return CompletionContext(word: "", wants: [])
        }
        let prefix = file.slice(first.range.start, tokens[lastPipe].range.start).trimmingCharacters(in: .whitespacesAndNewlines)
        let stage = Array(tokens[(lastPipe + 1)...])
        var context = stageContext(stage, quote: quote)
        if context.wants.contains(where: { if case .columns = $0 { return true }; if case .values = $0 { return true }; return false }) {
            context.pipelinePrefix = prefix
        }
        return context
    }

    /// The stage after the last `|`: its verb and what was typed since.
    static func stageContext(_ stage: [Token], quote: Character?) -> CompletionContext {
        guard let verbToken = stage.first, let verbName = verbToken.identifier else {
            return CompletionContext(word: "", wants: quote == nil ? [.verbs] : [])
        }
        let verb = verbName.lowercased()
        let rest = Array(stage.dropFirst())

        // Values of a column: `col ==`, `col !=`, `col in [ …,`
        if let column = comparedColumn(rest) {
            if quote == nil || quote == "\"" { return CompletionContext(word: "", wants: [.values(column: column)]) }
        }
        if quote == "\"" {
            if let spec = VerbRegistry.lookup(verb), pathVerbs.contains(spec.name), rest.isEmpty { return CompletionContext(word: "", wants: [.paths(.any)]) }
            return CompletionContext(word: "", wants: [])
        }

        let spec = VerbRegistry.lookup(verb)
        if let spec, pathVerbs.contains(spec.name), rest.isEmpty { return CompletionContext(word: "", wants: [.paths(.any)]) }
        if let spec, spec.clauses.contains("with"), let with = rest.lastIndex(where: { $0.isKeyword("with") }) {
            return withContext(Array(rest[(with + 1)...]), spec: spec)
        }

        switch verb {
        case "join":
            if rest.isEmpty { return CompletionContext(word: "", wants: [.datasets]) }
            let joined = rest.first?.identifier
            guard let on = rest.firstIndex(where: { $0.isKeyword("on") }) else {
                return rest.count == 1 ? keywords(["on"]) : CompletionContext(word: "", wants: [])
            }
            let afterOn = rest[(on + 1)...]
            if let last = afterOn.last, last.isSymbol("="), afterOn.dropLast().last?.isKeyword("kind") == true {
                return keywords(joinKinds)
            }
            if afterOn.isEmpty || afterOn.last?.isSymbol(",") == true || afterOn.last?.isSymbol("==") == true {
                return CompletionContext(word: "", wants: [.columns], joinedDataset: joined)
            }
            if afterOn.contains(where: { $0.isKeyword("kind") }) { return CompletionContext(word: "", wants: []) }
            return keywords(joinKinds.filter { $0 != "inner" }.map { "kind = " + $0 } + ["kind = inner"])
        case "append":
            if rest.isEmpty || rest.last?.isSymbol(",") == true { return CompletionContext(word: "", wants: [.datasets]) }
            return CompletionContext(word: "", wants: [])
        case "head", "tail", "limit":
            return CompletionContext(word: "", wants: [])
        case "count":
            if rest.isEmpty { return keywords(["by"]) }
        default:
            break
        }

        // The clause we are in, if any (`by`, `on`, `with`).
        let clause = rest.last(where: { token in
            guard let word = token.identifier, !token.quoted else { return false }
            return Parser.clauseWords.contains(word.lowercased())
        })?.identifier?.lowercased()

        if let last = rest.last, last.isKeyword("desc") || last.isKeyword("asc") {
            return CompletionContext(word: "", wants: [])
        }
        if let last = rest.last, completesOperand(last) {
            if last.isKeyword("is") { return keywords(["null", "not null"]) }
            var words = spec?.conditions == true ? conditionKeywords : keywordsAfterOperand[spec?.name ?? verb] ?? []
            // The spec's clauses (`by`, `with`), except the one being written; `on` is join's own.
            words += (spec?.clauses ?? []).filter { $0 != "on" && $0 != clause }
            return words.isEmpty ? CompletionContext(word: "", wants: []) : keywords(words)
        }
        // An operand position.
        if clause == "by" || clause == "on" { return CompletionContext(word: "", wants: [.columns]) }
        // Expressions where the spec says so (or for a verb not known yet).
        if spec == nil || spec?.items != .columns {
            return CompletionContext(word: "", wants: [.columns, .functions(aggregates: spec?.items == .aggregates)])
        }
        return CompletionContext(word: "", wants: [.columns])
    }

    /// Whether `token` ends an operand, so that what follows is an operator or keyword.
    static func completesOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier(let name):
            if token.quoted { return true }
            let lower = name.lowercased()
            if lower == "is" { return true }  // handled by the caller: `is null`
            if lower == "null" || lower == "true" || lower == "false" { return true }
            return !operandKeywords.contains(lower) && !Parser.clauseWords.contains(lower)
        case .integer, .double, .string, .parameter: return true
        case .symbol(let s): return s == ")" || s == "]" || s == "}"
        case .newline, .end: return false
        }
    }

    /// The column compared in `col ==`, `col !=` or listed in `col in [a, `, if the cursor is
    /// where its value goes.
    static func comparedColumn(_ tokens: [Token]) -> String? {
        guard let last = tokens.last else { return nil }
        if last.isSymbol("==") || last.isSymbol("!=") {
            guard tokens.count >= 2, let name = tokens[tokens.count - 2].identifier else { return nil }
            return name
        }
        if last.isSymbol("[") || last.isSymbol(",") {
            // Walk back to the `[` of this list; it must follow `in` (or `not in`) and a column.
            var index = tokens.count - 1
            while index >= 0, !tokens[index].isSymbol("[") {
                if tokens[index].isSymbol("]") || tokens[index].isSymbol("(") || tokens[index].isSymbol(")") { return nil }
                index -= 1
            }
            guard index >= 2, tokens[index - 1].isKeyword("in") else { return nil }
            var columnIndex = index - 2
            if tokens[columnIndex].isKeyword("not"), columnIndex >= 1 { columnIndex -= 1 }
            return tokens[columnIndex].identifier
        }
        return nil
    }
}
