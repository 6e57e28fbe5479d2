import Foundation

/// A pipeline verb: its name, how it is written, one line of help, examples, the clauses and
/// `with` options it takes, its effects, the record its arguments are read into
/// (`StageArguments`, built from the stage as written with the checks that need no table), and
/// the function that runs it on a table with that record. Every verb lives in its own file under
/// `Verbs/` and is listed once in `VerbRegistry`; the binder, the option checker, completion,
/// help and docs read that list.
///
/// Adding an option to a verb is one line in its spec (`options:`) plus its Russian help in
/// `Catalogue/HelpRussianVerbOptions.swift`; the checker then accepts it, Tab offers it and
/// `help VERB` and docs/reference.md list it:
///
///     VerbOption("width", .wholeNumber(1...200), "the widest bar, in cells (1–200; 40 by default)")
public struct VerbSpec: Sendable {
    public let name: String
    /// How it is written: `summarize NAME = AGGREGATE, … [by KEY, …]`.
    public let syntax: String
    public let summary: String
    /// Longer notes for `help VERB` (semantics, null handling, ordering).
    public let details: String
    /// Statements that run against the sample datasets (`vpr`, `schools`, `tasks`); each is a test.
    public let examples: [String]
    /// A statement ending in this verb prints nothing: it writes files or draws a chart (any
    /// verb with effects), or is a check that passes its input on (`expect`, said explicitly).
    public let quiet: Bool
    /// What its items are: plain column names, or expressions (with aggregates or not).
    public let items: VerbItems
    /// The clause keywords it takes (`by`, `on`, `with`); any other clause is an error.
    public let clauses: [String]
    /// Its `with` options; the checker rejects any other name (unless `datasetOptions`).
    public let options: [VerbOption]
    /// Any other `with NAME = "DATASET"` names a dataset the verb reads (`report`).
    public let datasetOptions: Bool
    /// What running it does besides returning a table; completion runs only `.pure` verbs.
    public let effects: VerbEffects
    /// Its items are conditions (`where`): the parser reports `where x = 1` as a slip for `==`.
    public let conditions: Bool
    /// How the binder learns its output's columns and types from its input's (`Plan/Binder.swift`).
    public let schema: OutputSchema
    /// Reads a stage as written into the verb's own `Arguments` record (`Verbs/*.swift`).
    let build: @Sendable (ArgumentSyntax) throws -> any StageArguments
    /// Runs the verb on a table with a record `build` made (of the verb's own type).
    let body: @Sendable (any StageArguments, Table, Session) throws -> Table

    /// `arguments` is the verb's record type; `run` receives a record of that type, so a verb's
    /// body reads typed fields and never the syntax. The record is built once (by the binder, or
    /// by `run(_:_:_:)` for a stage outside a bound plan) with the checks that need no table.
    public init<Arguments: StageArguments>(
        name: String, syntax: String, summary: String, details: String = "", examples: [String], quiet: Bool? = nil,
        items: VerbItems = .columns, conditions: Bool = false, clauses: [String] = [], options: [VerbOption] = [],
        datasetOptions: Bool = false, effects: VerbEffects = .pure, schema: OutputSchema = .unknown,
        arguments: Arguments.Type, run: @escaping @Sendable (Arguments, Table, Session) throws -> Table
    ) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.details = details
        self.examples = examples
        self.quiet = quiet ?? (effects != .pure)
        self.items = items
        self.clauses = clauses
        self.options = options
        self.datasetOptions = datasetOptions
        self.effects = effects
        self.conditions = conditions
        self.schema = schema
        self.build = { try Arguments($0) }
        self.body = { arguments, table, session in
            // Only a caller that mixed two stages' records up gets here; no script can.
            guard let typed = arguments as? Arguments else {
                throw MsokoError(.runtime, tr("plan.arguments_of_another_verb", ["verb": name]))
            }
            return try run(typed, table, session)
        }
    }

    /// The stage read into this verb's record: its clauses and `with` option names checked
    /// against the spec, then everything about its items and clauses that needs no table.
    /// Option values are left to `VerbOptions.checkValues` (they may name parameters).
    public func arguments(_ stage: StageSyntax) throws -> any StageArguments {
        try checkSpec(stage)
        return try build(ArgumentSyntax(stage: stage, spec: self))
    }

    /// Runs the verb with a record `arguments(_:)` built.
    func run(_ arguments: any StageArguments, _ table: Table, _ session: Session) throws -> Table {
        try body(arguments, table, session)
    }

    /// Builds the stage's record and runs the verb: for a stage outside a bound plan
    /// (completion's sample runs, tests).
    func run(_ stage: StageSyntax, _ table: Table, _ session: Session) throws -> Table {
        try body(arguments(stage), table, session)
    }

    /// What the spec alone says about a stage: its clauses and its `with` option names, checked
    /// whenever a record is built (by the binder before anything runs, or by `resolve`).
    func checkSpec(_ stage: StageSyntax) throws {
        try VerbArguments.noClauses(stage, except: Set(clauses))
        try VerbOptions.check(stage, spec: self)
    }

    /// The option of this name, if the verb declares it.
    public func option(_ name: String) -> VerbOption? { options.first { $0.name == name } }
}

/// What a verb's items are, for completion: column names, or expressions.
public enum VerbItems: Sendable, Equatable {
    /// Column names (`drop a, b`), or arguments that are not expressions of columns.
    case columns
    /// Expressions of columns and scalar functions (`where`, `select`, `sort`).
    case expressions
    /// Expressions that may use aggregates (`summarize`, `derive`).
    case aggregates
}

/// How the binder learns a stage's output columns from its input's.
public enum OutputSchema: Sendable {
    /// Not known before it runs (its columns come from the data, as `pivot`'s, or it writes files).
    case unknown
    /// The verb's own body run on zero rows of the input gives the output's columns and types,
    /// and raises every name and type error the body would raise on the whole table: the types
    /// come from the kernels that compute the values, so there is no second type system to drift.
    /// Only for pure verbs whose columns depend on the input's columns and the stage, not its rows.
    case fromZeroRows
}

/// What a verb does besides returning a table.
public enum VerbEffects: String, Sendable, Equatable {
    /// Only computes its result (it may read datasets or shipped rules files).
    case pure
    /// Prints to the terminal (a chart) and passes the table on.
    case prints
    /// Writes files (or stages them in batch runs).
    case writesFiles
}

/// What the value of a `with` option must be.
public enum OptionValue: Sendable, Equatable {
    /// Any text: a path, a folder, a title.
    case text
    case bool
    /// A whole number in this range (`width = 40`, 1–200): the checker says so with the range.
    case wholeNumber(ClosedRange<Int64>)
    /// One of these words, written as text (`"excel-ru"`).
    case choice([String])
    /// Some of these words, comma-separated in one text (`"md,html"`); each is checked.
    case list([String])
    /// The name of a loaded dataset, as text.
    case dataset
    /// The name of a column of the input, as text.
    case column
    /// An expression computed over the table (`when = count() > 0`).
    case expression

    /// What Tab inserts after `NAME = ` (an example value).
    var placeholder: String {
        switch self {
        case .text, .column, .dataset: return "\""
        case .bool: return "true"
        case .wholeNumber, .expression: return ""
        case .choice(let words): return words.first.map { "\"\($0)\"" } ?? "\""
        case .list(let words): return "\"" + words.joined(separator: ",") + "\""
        }
    }
}

/// One `with` option of a verb: its name, the value it takes, and one line of help (English
/// here; the Russian in the catalogue under `verb.VERB.option.NAME`).
public struct VerbOption: Sendable {
    public let name: String
    public let value: OptionValue
    public let summary: String
    /// The verb checks the value with a message of its own (`drafts`' `lang`): the one checker
    /// (`VerbOptions.checkValues`) leaves it alone, so the binder never words it differently.
    public let checkedByVerb: Bool

    public init(_ name: String, _ value: OptionValue, _ summary: String, checkedByVerb: Bool = false) {
        self.name = name
        self.value = value
        self.summary = summary
        self.checkedByVerb = checkedByVerb
    }

    /// What Tab offers: `dialect = "excel-ru"`, `teachers = "teachers"` (a dataset of the option's name).
    public var completion: String {
        if case .dataset = value { return "\(name) = \"\(name)\"" }
        return "\(name) = " + value.placeholder
    }

    /// How help shows the value: `"excel-ru"|"rfc4180"`, `true|false`, `N`, `"DATASET"`.
    public var valueSyntax: String {
        switch value {
        case .text: return "\"…\""
        case .bool: return "true|false"
        case .wholeNumber: return "N"
        case .choice(let words): return words.map { "\"\($0)\"" }.joined(separator: "|")
        case .list(let words): return "\"" + words.joined(separator: ",") + "\""
        case .dataset: return "\"DATASET\""
        case .column: return "\"COLUMN\""
        case .expression: return "EXPRESSION"
        }
    }
}

/// The one checker of `with` options: every verb's options go through it.
enum VerbOptions {
    /// Every `with` item must be `NAME = value` with a NAME the spec declares.
    static func check(_ stage: StageSyntax, spec: VerbSpec) throws {
        for option in stage.clause("with")?.items ?? [] {
            guard let name = option.name else {
                throw MsokoError(.syntax, tr("verbs.option_needs_name", ["verb": spec.name]), at: option.range, hint: hint(spec))
            }
            if spec.option(name) == nil && !spec.datasetOptions {
                throw MsokoError(.unknownOption(verb: spec.name, option: name), at: option.range,
                                 hint: Suggest.hint(for: name, among: spec.options.map(\.name)) ?? hint(spec))
            }
        }
    }

    /// The value of every `with` option of a kind the spec constrains (`.choice`, `.bool`,
    /// `.wholeNumber`, `.list`), when it is a constant: the one check of option values, made by
    /// the binder before anything runs and by the verbs (`OptionArgument`) when they read them.
    static func checkValues(_ stage: StageSyntax, spec: VerbSpec, evaluator: Evaluator) throws {
        for option in stage.clause("with")?.items ?? [] {
            guard let name = option.name, let declared = spec.option(name), !declared.checkedByVerb else { continue }
            switch declared.value {
            case .choice, .bool, .wholeNumber, .list: _ = try value(option, declared: declared, verb: spec.name, evaluator: evaluator)
            default: continue
            }
        }
    }

    /// An option's constant value, checked against its declared kind: one of the words of a
    /// `.choice`, `true` or `false` for a `.bool`, a whole number in the range of a
    /// `.wholeNumber`, only the words of a `.list`; other kinds are returned as they are.
    static func value(_ option: StageItem, declared: VerbOption, verb: String, evaluator: Evaluator) throws -> Value {
        let value = try evaluator.constant(option.expr)
        let name = declared.name
        switch declared.value {
        case .choice(let words):
            let text = value.plainText
            guard words.contains(text) else {
                throw MsokoError(.syntax, tr("verbs.option_value_not_allowed", ["value": text, "name": name, "verb": verb]), at: option.expr.range,
                                 hint: Suggest.hint(for: text, among: words) ?? allowed(words))
            }
            return .text(text)
        case .bool:
            guard case .bool = value else {
                throw MsokoError(.type, tr("verbs.option_true_false", ["name": name]), at: option.expr.range)
            }
            return value
        case .wholeNumber(let range):
            // A double or a text is not silently rounded or parsed: `width = 40.5` is a mistake.
            guard case .int(let number) = value, range.contains(number) else {
                throw MsokoError(.type, tr("verbs.whole_number_from", ["value": name, "lower_bound": range.lowerBound, "upper_bound": range.upperBound]),
                                 at: option.expr.range, hint: declared.localizedSummary(verb: verb))
            }
            return value
        case .list(let words):
            for word in listWords(value.plainText) where !words.contains(word) {
                throw MsokoError(.syntax, tr("verbs.option_word_not_allowed", ["value": word, "name": name, "verb": verb]), at: option.expr.range,
                                 hint: Suggest.hint(for: word, among: words) ?? allowed(words))
            }
            return .text(value.plainText)
        default:
            return value
        }
    }

    /// The words of a `.list` value: `"md, html"` → `md`, `html` (empty parts dropped).
    static func listWords(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func allowed(_ words: [String]) -> String {
        tr("verbs.option_values", ["values": words.map { "`\($0)`" }.joined(separator: ", ")])
    }

    /// `options: `dialect = "excel-ru"|"rfc4180"`, `escape_formulas = true|false``.
    static func hint(_ spec: VerbSpec) -> String? {
        guard !spec.options.isEmpty else { return nil }
        return tr("verbs.options", ["options": spec.options.map { "`\($0.name) = \($0.valueSyntax)`" }.joined(separator: ", ")])
    }
}

/// Helpers verbs share for checking their arguments.
enum VerbArguments {
    /// Items must be plain column names (`drop a, b`): the shape, checked when the record is built.
    static func columnNames(_ items: [StageItem], verb: String, what: String = tr("verbarg.a_column_name")) throws -> [NameReference] {
        try items.map { item in
            guard item.name == nil, let name = item.expr.columnName else {
                throw MsokoError(.syntax, tr("verbarg.expects_here", ["verb": verb, "what": what]), at: item.range,
                                 hint: item.name != nil ? tr("verbarg.just_the_column.hint") : nil)
            }
            return NameReference(name: name, range: item.expr.range)
        }
    }

    /// The named columns of the table, in order; a name the table lacks is the error (checked
    /// when the verb runs, as the table is known only then).
    @discardableResult
    static func columns(_ names: [NameReference], in table: Table) throws -> [Column] {
        try names.map { reference in
            guard let column = table.column(reference.name) else {
                throw MsokoError(.name, tr("eval.unknown_column", ["name": reference.name]), at: reference.range,
                                 hint: Suggest.hint(for: reference.name, among: table.names) ?? columnList(table))
            }
            return column
        }
    }

    static func columnList(_ table: Table) -> String? {
        guard table.columnCount > 0 else { return nil }
        let shown = table.names.prefix(15).map { "`\($0)`" }.joined(separator: ", ")
        return tr("eval.columns_here.hint", ["columns": shown + (table.columnCount > 15 ? ", …" : "")])
    }

    static func noClauses(_ stage: StageSyntax, except allowed: Set<String> = []) throws {
        for clause in stage.clauses where !allowed.contains(clause.keyword) {
            throw MsokoError(.syntax, tr("verbarg.clause_not_taken", ["verb": stage.verb, "clause": clause.keyword]), at: clause.keywordRange,
                             hint: allowed.isEmpty ? nil : tr("verbarg.clauses_taken.hint", ["clauses": allowed.sorted().map { "`\($0)`" }.joined(separator: ", ")]))
        }
    }

    static func noItems(_ stage: StageSyntax) throws {
        if let first = stage.items.first {
            throw MsokoError(.syntax, tr("verbarg.no_arguments", ["verb": stage.verb]), at: first.range)
        }
    }

    /// A whole number of rows (`head 10`, `head $n`), evaluated when the stage runs; `range` is
    /// the item's, where the message points.
    static func count(_ expr: Expr, at range: SourceRange, verb: String, session: Session) throws -> Int {
        let value = try session.evaluator.constant(expr)
        guard case .int(let n) = value, n >= 0 else {
            throw MsokoError(.type, tr("verbarg.needs_row_count", ["verb": verb, "value": value.plainText.isEmpty ? "null" : value.plainText]),
                             at: range, hint: tr("verbarg.needs_row_count.hint", ["verb": verb]))
        }
        return Int(n)
    }

    /// The output name of an item: its `name =`, else the column name, else the expression's text.
    static func outputName(_ item: StageItem) -> String {
        item.name ?? item.expr.columnName ?? item.expr.sourceText
    }

    /// Rejects named items where only expressions make sense (`where x = 1`).
    static func rejectNamed(_ item: StageItem, verb: String) throws {
        if let name = item.name, let range = item.nameRange {
            throw MsokoError(.syntax, tr("parse.single_equals"), at: range.to(item.expr.range),
                             hint: tr("parse.single_equals.hint_with", ["left": name, "right": item.expr.sourceText]))
        }
    }
}
