/// The bind stage: a whole parsed script is checked before any statement of it runs, and every
/// statement's first error is reported together (one `MsokoFailure`, in statement order).
///
/// The binder walks the statements in order with a `BindEnvironment` — the datasets, parameters
/// and `def`s there will be by each statement — and for each pipeline stage resolves the verb,
/// checks its clauses and `with` option names, reads its arguments into the verb's record
/// (`StageArguments`: the checks that need no table), checks constant option values, then:
///
/// - when the stage's input columns are known and its verb declares `OutputSchema.fromZeroRows`,
///   runs the verb's own body on zero rows of the input: this finds every name, function, arity
///   and type error the stage would raise on the whole table, with the very message, range and
///   hint (it is the same code), and gives the output's columns for the next stage;
/// - otherwise walks its expressions without a table (`checkCalls`): unknown functions and
///   parameters, arity, aggregates nested or in a group key. Columns are left to the run.
///
/// There are no false positives by construction: what cannot be known before running (a
/// `load`ed file's columns, what `run "SCRIPT"` makes, a verb whose columns come from its data)
/// is unknown, and an unknown input is never checked against.
///
/// Each statement reports at most its first error, as running it would: the rest of a failed
/// statement is not looked at, and the dataset it would have made is unknown from then on.
struct Binder {
    /// A dataset whose columns are not known before the script runs: the binder stops checking
    /// the stage, and the run-time checks stay.
    struct Unknown: Error {}

    let session: Session
    let environment: BindEnvironment
    var errors: [MsokoError] = []

    /// Binds `statements` against the session as it is now. The session's state is untouched
    /// (the binder's view of it is set aside for the time of the bind and dropped after).
    static func bind(_ statements: [Statement], session: Session) -> (BoundPlan, [MsokoError]) {
        var binder = Binder(session: session, environment: BindEnvironment(session: session))
        let savedParameters = session.parameters
        let savedFunctions = session.functions
        let outerBinding = session.binding
        session.binding = binder.environment
        defer {
            session.parameters = savedParameters
            session.functions = savedFunctions
            session.binding = outerBinding
        }
        var bound: [BoundStatement] = []
        for statement in statements {
            // Verbs run on zero rows read the session's parameters and functions: the script's.
            session.parameters = binder.environment.parameters
            session.functions = binder.environment.functions
            bound.append(binder.bind(statement))
        }
        return (BoundPlan(statements: bound), binder.errors)
    }

    mutating func record(_ error: MsokoError, _ statement: Statement) {
        let placed = error.placed(at: statement.range)
        // A `def` with a mistake in its body, called by several statements, is one error.
        if errors.contains(where: { $0.message == placed.message && Binder.same($0.range, placed.range) }) { return }
        errors.append(placed)
    }

    static func same(_ a: SourceRange?, _ b: SourceRange?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.file === b.file && a.start == b.start && a.end == b.end
    }

    mutating func bind(_ statement: Statement) -> BoundStatement {
        var result = BoundStatement(statement: statement, pipeline: nil)
        do {
            switch statement.kind {
            case .param(let name, let valueExpr):
                try bindParameter(name, valueExpr, statement)
            case .bind(let name, let pipeline):
                let (boundPipeline, schema, error) = bindPipeline(pipeline)
                result.pipeline = boundPipeline
                environment.make(name, schema)
                if let error { throw error }
            case .pipeline(let pipeline):
                let (boundPipeline, _, error) = bindPipeline(pipeline)
                result.pipeline = boundPipeline
                if let error { throw error }
            case .load(let pathExpr, let name, _):
                // Its columns are known once the file is read; its name, when the path is a constant.
                if case .text(let path)? = try? environment.evaluator.constant(pathExpr) {
                    environment.make(name ?? Session.defaultName(for: path), nil)
                } else {
                    environment.open = true
                }
            case .attach:
                // The server's tables are known once it answers.
                environment.open = true
            case .run:
                // The script it runs may make datasets and `def`s of any name.
                environment.open = true
            case .define(let name, let parameters, let body):
                if let error = Session.builtinRedefined(name, at: statement.range) { throw error }
                environment.walkedDefinitions.remove(name)
                environment.functions[name] = UserFunction(name: name, parameters: parameters, body: body, range: statement.range,
                                                           origin: statement.range.file.name)
            case .command:
                // `drop_dataset`, and whatever commands come: the datasets may change.
                environment.open = true
            }
        } catch let error as MsokoError {
            record(error, statement)
        } catch {
            // `Unknown` and anything else: left to the run.
        }
        return result
    }

    /// `param NAME = default`, with `--param` and `run … with` as the run applies them.
    mutating func bindParameter(_ name: String, _ valueExpr: Expr, _ statement: Statement) throws {
        if environment.open {
            environment.parameters[name] = (try? environment.evaluator.constant(valueExpr)) ?? environment.parameters[name]
            return
        }
        let defaultValue: Value
        do {
            defaultValue = try environment.evaluator.constant(valueExpr)
        } catch {
            // Later uses of the parameter cannot be checked without its value.
            environment.open = true
            throw error
        }
        if session.boundByCaller.contains(name) { return }
        if let raw = session.overrides[name] {
            environment.parameters[name] = try session.convert(raw, like: defaultValue, name: name, at: statement.range)
        } else {
            environment.parameters[name] = defaultValue
        }
    }

    /// The pipeline with its verbs resolved, its output's columns (nil: unknown), and its first
    /// error. Stages after an unknown verb are not resolved (the statement is not run).
    mutating func bindPipeline(_ pipeline: Pipeline) -> (BoundPipeline, Table?, MsokoError?) {
        var bound = BoundPipeline(syntax: pipeline, stages: [])
        var table: Table?
        do {
            table = try session.dataset(pipeline.source, at: pipeline.sourceRange)
        } catch let error as MsokoError {
            return (bound, nil, error)
        } catch {
            table = nil
        }
        for stage in pipeline.stages {
            guard let verb = VerbRegistry.lookup(stage.verb) else {
                return (bound, nil, Session.unknownVerb(stage))
            }
            // Run with its `def` calls expanded once, here (`DefExpansion`); checked as written.
            let expanded = stage.expandingDefs(environment.functions, for: verb, open: environment.open)
            let arguments: any StageArguments
            do {
                // Made even when the environment is open: it needs no table, dataset or parameter.
                arguments = try verb.arguments(expanded)
            } catch let error as MsokoError {
                return (bound, nil, error.placed(at: stage.range))
            } catch {
                // Records throw only MsokoError; anything else is said as it is, never skipped.
                return (bound, nil, MsokoError(.runtime, "\(error)", at: stage.range))
            }
            bound.stages.append(BoundStage(syntax: expanded, verb: verb, arguments: arguments))
            do {
                table = try bindStage(stage, verb, arguments, input: table)
            } catch let error as MsokoError {
                return (bound, nil, error.placed(at: stage.range))
            } catch {
                table = nil
            }
        }
        return (bound, table, nil)
    }

    /// Checks one stage whose record is built; its output's columns, or nil when they are unknown.
    mutating func bindStage(_ stage: StageSyntax, _ verb: VerbSpec, _ arguments: any StageArguments, input: Table?) throws -> Table? {
        if environment.open { return nil }
        try VerbOptions.checkValues(stage, spec: verb, evaluator: environment.evaluator)
        if let input, case .fromZeroRows = verb.schema {
            do {
                return try verb.run(arguments, input, session)
            } catch is Unknown {
                // A dataset it reads (`join`'s right table) is unknown: check what needs no table.
            }
        }
        try checkCalls(stage, verb)
        return nil
    }

    /// The checks that need no table: every call's function and arity, parameters, aggregates
    /// nested in aggregates or in a `summarize`/`count` group key.
    mutating func checkCalls(_ stage: StageSyntax, _ verb: VerbSpec) throws {
        var expressions: [Expr] = []
        if verb.items != .columns { expressions += stage.items.map(\.expr) }
        for clause in stage.clauses {
            switch clause.keyword {
            case "by":
                for key in clause.items {
                    if verb.name == "summarize" || verb.name == "count", key.expr.containsAggregate(environment.functions) {
                        throw SummarizeVerb.aggregateInKey(key)
                    }
                    expressions.append(key.expr)
                }
            case "with":
                for option in clause.items {
                    if let name = option.name, case .expression? = verb.option(name)?.value { expressions.append(option.expr) }
                }
            default:
                break
            }
        }
        for expr in expressions { try checkCalls(expr) }
    }

    /// Walks one expression with a work list (no recursion: a generated expression of any size
    /// binds in constant stack), looking into each `def`'s body once per script. An error in a
    /// body defined in another file (the prelude) points at the call, as the evaluator says it.
    mutating func checkCalls(_ root: Expr) throws {
        let evaluator = environment.evaluator
        var work: [(Expr, [(UserFunction, Expr)])] = [(root, [])]
        while let (expr, calls) = work.popLast() {
            do {
                try visit(expr, calls, &work, evaluator)
            } catch let error as MsokoError {
                throw calls.reversed().reduce(error) { evaluator.pointedAtCall($0, $1.0, $1.1) }
            }
        }
    }

    /// One node: its own check, and its operands put on the work list (last first, so they are
    /// looked at left to right as the evaluator goes).
    private mutating func visit(_ expr: Expr, _ calls: [(UserFunction, Expr)], _ work: inout [(Expr, [(UserFunction, Expr)])],
                                _ evaluator: Evaluator) throws {
        var operands: [Expr] = []
        switch expr.kind {
        case .literal, .column:
            break
        case .parameter(let name):
            _ = try evaluator.parameter(name, expr)
        case .unary(_, let operand), .isNull(let operand, _):
            operands = [operand]
        case .binary(_, let lhs, let rhs):
            operands = [lhs, rhs]
        case .chain(let first, let links):
            operands = [first] + links.map(\.operand)
        case .inList(let operand, let items, _):
            operands = [operand] + items
        case .list(let items):
            operands = items
        case .record(let fields):
            operands = fields.map(\.1)
        case .argument(let argument):
            operands = [argument.expr]
        case .call(let name, let arguments):
            operands = arguments
            if let function = environment.functions[name] {
                guard arguments.count == function.parameters.count else { throw evaluator.arityError(function, arguments.count, expr) }
                if environment.walkedDefinitions.insert(name).inserted {
                    work.append((function.body, calls + [(function, expr)]))
                }
            } else if let aggregate = AggregateFunction(rawValue: name) {
                guard aggregate.argumentCount.contains(arguments.count) else { throw evaluator.arityError(aggregate, arguments.count, expr) }
                let rowArguments = aggregate == .quantile && arguments.count == 2 ? [arguments[0]] : arguments
                for argument in rowArguments {
                    if let error = Evaluator.nestedAggregate(argument) { throw error }
                }
            } else if let function = ScalarFunctions.lookup(name) {
                guard function.arity.contains(arguments.count) else { throw evaluator.arityError(function, arguments.count, expr) }
            } else {
                throw evaluator.unknownFunction(name, expr)
            }
        }
        for operand in operands.reversed() { work.append((operand, calls)) }
    }
}
