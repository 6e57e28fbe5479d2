/// A stage's arguments as typed data: what a verb's body reads instead of its syntax.
///
/// Each verb declares its record in its own file (`WhereVerb.Arguments`, `SortVerb.Arguments`, …)
/// and its initializer reads the stage as written, making the checks that need no table (the
/// shape of the items, what a clause holds, a bare word that must be one of a few) with the
/// messages, places and hints the verb always gave. The binder builds the record of every stage
/// once (`BoundStage.arguments`) and execution hands it to the verb; whoever needs a stage's
/// meaning without running it — the SQL compiler of the next issue — asks for the record of the
/// verb it knows (`stage.arguments as? WhereVerb.Arguments`). There is no central list of
/// records: adding a verb stays one file plus one registry line.
///
/// Values known only when the statement runs (`head $n`, `with width = $w`) stay expressions in
/// the record, evaluated by the body; the binder checks the constant ones before anything runs.
public protocol StageArguments: Sendable {
    /// Reads the stage; throws the verb's own error when its items or clauses are malformed.
    init(_ syntax: ArgumentSyntax) throws
}

/// A stage as written, with its verb's spec: what a record is built from. Its clauses and
/// `with` option names have been checked against the spec already (`VerbSpec.arguments`).
public struct ArgumentSyntax: Sendable {
    public let stage: StageSyntax
    public let spec: VerbSpec

    public var verb: String { spec.name }
    public var items: [StageItem] { stage.items }
    public var verbRange: SourceRange { stage.verbRange }
    public var range: SourceRange { stage.range }
    public func clause(_ keyword: String) -> StageClause? { stage.clause(keyword) }

    /// The `with` options as written, in order; `report`'s dataset options have no declaration.
    public var options: [OptionArgument] {
        (stage.clause("with")?.items ?? []).compactMap { item in
            item.name.map { OptionArgument(verb: spec.name, name: $0, declared: spec.option($0), item: item) }
        }
    }

    /// The option of this name (the last one written, as the verbs always read them).
    public func option(_ name: String) -> OptionArgument? { options.last { $0.name == name } }

    /// The items, at least one: otherwise `message` at the verb, with `hint` (each verb words
    /// what it needs: `derive` a `name = expression`, `summarize` an aggregate).
    func itemsRequired(_ message: @autoclosure () -> String, hint: @autoclosure () -> String) throws -> [StageItem] {
        guard !items.isEmpty else { throw MsokoError(.syntax, message(), at: verbRange, hint: hint()) }
        return items
    }

    /// At least one item, each written `name = expression`; `unnamed` words the error for an
    /// item without a name (message and hint), at that item.
    func namedItemsRequired(_ message: @autoclosure () -> String, hint: @autoclosure () -> String,
                            unnamed: (StageItem) -> (message: String, hint: String)) throws -> [NamedExpression] {
        try itemsRequired(message(), hint: hint()).map { item in
            guard let name = item.name else {
                let (message, hint) = unnamed(item)
                throw MsokoError(.syntax, message, at: item.range, hint: hint)
            }
            return NamedExpression(item, name: name)
        }
    }
}

/// One `with NAME = value` option: its value stays an expression (it may be a parameter) and is
/// read through the one checker, `VerbOptions.value`, which the binder ran on it already when
/// it was a constant — so a verb never words an option's value check differently.
public struct OptionArgument: Sendable {
    public let verb: String
    public let name: String
    /// What the spec declares; nil for an option `datasetOptions` lets through (`report`'s).
    public let declared: VerbOption?
    public let item: StageItem

    public var expr: Expr { item.expr }
    /// The whole `NAME = value`.
    public var range: SourceRange { item.range }

    /// Its value, checked against its declaration (unless the verb words that check itself).
    public func value(_ session: Session) throws -> Value {
        guard let declared, !declared.checkedByVerb else { return try session.evaluator.constant(item.expr) }
        return try VerbOptions.value(item, declared: declared, verb: verb, evaluator: session.evaluator)
    }

    /// A `.text`, `.dataset`, `.column` or `.choice` option's value as text.
    public func text(_ session: Session) throws -> String { try value(session).plainText }

    /// A `.bool` option's value.
    public func flag(_ session: Session) throws -> Bool {
        guard case .bool(let flag) = try value(session) else {
            throw MsokoError(.type, tr("verbs.option_true_false", ["name": name]), at: item.expr.range)
        }
        return flag
    }

    /// A `.wholeNumber` option's value, within its declared range.
    public func wholeNumber(_ session: Session) throws -> Int {
        guard case .int(let number) = try value(session) else {
            // Only an option not declared `.wholeNumber` gets here: the checker has said it otherwise.
            throw MsokoError(.type, tr("verbs.option_whole_number", ["name": name]), at: item.expr.range)
        }
        return Int(number)
    }

    /// A `.list` option's words (`"md, html"` → `md`, `html`), each one of its declared words.
    public func words(_ session: Session) throws -> [String] {
        VerbOptions.listWords(try value(session).plainText)
    }
}

/// `name = expression`, or an expression that names itself (a column's name, else its text):
/// `select`'s and `derive`'s columns, `summarize`'s aggregates and keys.
public struct NamedExpression: Sendable {
    public let name: String
    public let expr: Expr
    /// The whole item, for messages.
    public let range: SourceRange
    public let nameRange: SourceRange?

    /// Named by its `name =`, else by its column name or text (`VerbArguments.outputName`).
    public init(_ item: StageItem) {
        self.init(item, name: VerbArguments.outputName(item))
    }

    public init(_ item: StageItem, name: String) {
        self.name = name
        self.expr = item.expr
        self.range = item.range
        self.nameRange = item.nameRange
    }

    /// As a stage item again, for code that takes items (`ParallelAggregates`).
    var item: StageItem { StageItem(name: name, nameRange: nameRange, expr: expr, descending: nil, range: range) }
}

/// A name written as a verb's item: a column (`drop a`, `pivot subject, mean_mark`: a plain name
/// when the record is built, a column of the input when the verb runs) or a dataset (`append
/// other`, `join schools`: looked up when the verb runs).
public struct NameReference: Sendable {
    public let name: String
    /// The name as written.
    public let range: SourceRange
}
