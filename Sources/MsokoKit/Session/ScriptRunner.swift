import Foundation

/// Running statements and scripts: parsing a source and executing its statements in order,
/// `param` defaults and `--param` overrides, pipelines through the verbs, `load`, and
/// `run "SCRIPT" with …`.
extension Session {
    /// Parses, binds and runs a source. Syntax errors are all reported before anything runs;
    /// so are the name and type errors the binder finds (`Plan/Binder.swift`), one per statement.
    public func run(_ file: SourceFile) throws(MsokoFailure) {
        let (statements, errors) = Parser.parse(file)
        if !errors.isEmpty { throw MsokoFailure(errors) }
        let (plan, bindErrors) = Binder.bind(statements, session: self)
        if !bindErrors.isEmpty { throw MsokoFailure(bindErrors) }
        try run(plan)
    }

    /// Runs a bound script, statement after statement; the first error stops it.
    func run(_ plan: BoundPlan) throws(MsokoFailure) {
        // Only the first plan of a batch run of one source: a nested `run` or a later source
        // may read any column of what this one loads.
        let readerColumns = pushesIntoReader && !ReaderPushdown.disabled ? ReaderPushdown.columns(in: plan) : [:]
        pushesIntoReader = false
        for (index, bound) in plan.statements.enumerated() {
            let statement = bound.statement
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoFailure([MsokoError(.interrupted(.run), at: statement.range)])
            }
            let outerStatement = runningStatement
            runningStatement = statement.range
            defer { runningStatement = outerStatement }
            do {
                let started = StatementTiming.enabled ? StatementTiming.now() : nil
                try execute(bound, onlyColumns: readerColumns[index])
                if let started { StatementTiming.report(since: started, statement: statement) }
            } catch let error as MsokoError {
                throw MsokoFailure([error.placed(at: statement.range)])
            } catch let failure as MsokoFailure {
                throw failure
            } catch {
                throw MsokoFailure([MsokoError(.runtime, "\(error)", at: statement.range)])
            }
        }
    }

    /// The `--param` names no `param` statement of the run declared, each with the closest
    /// declared name when one is near: a misspelt `--param yeer=2024` would otherwise be ignored
    /// silently and the run would use the default year.
    public func undeclaredOverrides() -> [(name: String, suggestion: String?)] {
        overrides.keys.sorted().filter { !declaredParameters.contains($0) }.map { name in
            (name, Suggest.closest(to: name, among: declaredParameters.sorted()))
        }
    }

    /// Runs one piece of text (a `-c` argument, a REPL entry).
    public func run(text: String, name: String) throws(MsokoFailure) {
        try run(SourceFile(name: name, text: text))
    }

    /// `onlyColumns`: for a `load`, the columns to build (`ReaderPushdown`); nil builds all.
    func execute(_ bound: BoundStatement, onlyColumns: Set<String>? = nil) throws {
        let statement = bound.statement
        switch statement.kind {
        case .param(let name, let valueExpr):
            declaredParameters.insert(name)
            let defaultValue = try evaluator.constant(valueExpr)
            if boundByCaller.contains(name) { return }
            if let raw = overrides[name] {
                parameters[name] = try convert(raw, like: defaultValue, name: name, at: statement.range)
            } else {
                parameters[name] = defaultValue
            }

        case .bind(let name, let pipeline):
            let table = try runPipeline(bound.pipeline ?? resolve(pipeline))
            setDataset(name, table)

        case .attach(let urlExpr, let name, let options):
            try attach(urlExpr, name: name, options: options, range: statement.range)

        case .load(let pathExpr, let name, let options):
            try load(pathExpr, name: name, options: options, range: statement.range, onlyColumns: onlyColumns)

        case .run(let pathExpr, let bindings):
            try runScript(pathExpr, bindings: bindings, range: statement.range)

        case .define(let name, let parameters, let body):
            if let error = Session.builtinRedefined(name, at: statement.range) { throw error }
            functions[name] = UserFunction(name: name, parameters: parameters, body: body, range: statement.range,
                                           origin: statement.range.file.name)

        case .pipeline(let pipeline):
            let boundPipeline = try bound.pipeline ?? resolve(pipeline)
            let table = try runPipeline(boundPipeline)
            // Verbs that write files or draw charts end a statement quietly (they pass the table
            // on, so they may also stand mid-pipeline).
            if boundPipeline.stages.last?.verb.quiet != true { sink.table(table) }

        case .command(let name, let arguments):
            try Commands.run(name, arguments, statement.range, session: self)
        }
    }

    func convert(_ raw: String, like defaultValue: Value, name: String, at range: SourceRange) throws -> Value {
        switch defaultValue {
        case .int:
            guard let v = Int64(raw) else {
                throw MsokoError(.type, tr("session.param_whole_number", ["name": name, "value": raw]), at: range)
            }
            return .int(v)
        case .double:
            guard let v = Double(raw.replacingOccurrences(of: ",", with: ".")) else {
                throw MsokoError(.type, tr("session.param_number", ["name": name, "value": raw]), at: range)
            }
            return .double(v)
        case .bool:
            guard raw == "true" || raw == "false" else {
                throw MsokoError(.type, tr("session.param_bool", ["name": name, "value": raw]), at: range)
            }
            return .bool(raw == "true")
        case .date:
            guard let d = DateCodec.parse(raw) else {
                throw MsokoError(.type, tr("session.param_date", ["name": name, "value": raw]), at: range)
            }
            return .date(d)
        case .text, .null:
            return .text(raw)
        }
    }

    /// A `def` of a built-in function's name is refused (by the binder and when it runs).
    static func builtinRedefined(_ name: String, at range: SourceRange) -> MsokoError? {
        guard AggregateFunction(rawValue: name) != nil || ScalarFunctions.lookup(name) != nil else { return nil }
        return MsokoError(.name, tr("session.builtin_redefined", ["name": name]), at: range, hint: tr("session.builtin_redefined.hint"))
    }

    static func unknownVerb(_ stage: StageSyntax) -> MsokoError {
        MsokoError(.unknownVerb(name: stage.verb), at: stage.verbRange,
                   hint: Suggest.hint(for: stage.verb, among: VerbRegistry.all.map(\.name)) ?? tr("session.unknown_verb.hint"))
    }

    /// A pipeline's verbs looked up and its records built, for a pipeline that did not go
    /// through the binder (with the binder's builder: the same checks, messages and places).
    func resolve(_ pipeline: Pipeline) throws -> BoundPipeline {
        var bound = BoundPipeline(syntax: pipeline, stages: [])
        for stage in pipeline.stages {
            guard let verb = VerbRegistry.lookup(stage.verb) else { throw Session.unknownVerb(stage) }
            do {
                bound.stages.append(BoundStage(syntax: stage, verb: verb, arguments: try verb.arguments(stage)))
            } catch let error as MsokoError {
                throw error.placed(at: stage.range)
            }
        }
        return bound
    }

    /// Runs a pipeline as written (its verbs looked up first).
    public func runPipeline(_ pipeline: Pipeline) throws -> Table {
        try runPipeline(resolve(pipeline))
    }

    /// Runs a bound pipeline: stage after stage, each verb with its record, `where` then
    /// `summarize`/`count` fused.
    public func runPipeline(_ pipeline: BoundPipeline) throws -> Table {
        if binding == nil, let remote = datasets[pipeline.source]?.remote {
            let outerSource = pipelineSource
            pipelineSource = pipeline.source
            defer { pipelineSource = outerSource }
            return try runRemote(pipeline, remote)
        }
        let table = try dataset(pipeline.source, at: pipeline.sourceRange)
        let outerSource = pipelineSource
        pipelineSource = pipeline.source
        defer { pipelineSource = outerSource }
        return try runStages(pipeline, from: 0, on: table)
    }

    /// The pipeline's stages from `first` on, starting from `table`.
    func runStages(_ pipeline: BoundPipeline, from first: Int, on table: Table) throws -> Table {
        var table = table
        var stageIndex = first
        while stageIndex < pipeline.stages.count {
            let stage = pipeline.stages[stageIndex]
            stageIndex += 1
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted(.run), at: stage.syntax.range)
            }
            // `where` then `summarize`/`count`: one step that gathers only the columns read.
            if stageIndex < pipeline.stages.count,
               let fused = try LateMaterialisation.runPair(stage, pipeline.stages[stageIndex], on: table, session: self) {
                table = fused
                stageIndex += 1
                continue
            }
            do {
                table = try stage.verb.run(stage.arguments, table, self)
            } catch let error as MsokoError {
                throw error.placed(at: stage.syntax.range)
            }
        }
        return table
    }

    // MARK: load, run, save

    func load(_ pathExpr: Expr, name: String?, options: [StageItem], range: SourceRange, onlyColumns: Set<String>? = nil) throws {
        let pathValue = try evaluator.constant(pathExpr)
        guard case .text(let path) = pathValue else {
            throw MsokoError(.type, tr("session.load_needs_path"), at: pathExpr.range, hint: tr("session.path_in_quotes.hint"))
        }
        if RemoteURL.isRemote(path) {
            return try loadRemote(path, name: name, options: options, range: range)
        }
        let datasetName = name ?? Session.defaultName(for: path)
        var resolved = resolvePath(path)
        // A shipped table (`Rules/associations.tsv`) of an installed msoko, when the working
        // folder has no copy of its own. Data is never looked for above the working folder.
        if !FileManager.default.fileExists(atPath: readablePath(resolved)), !path.hasPrefix("/"), !path.hasPrefix("~"),
           let installed = Session.installedShareFolder, FileManager.default.fileExists(atPath: installed + "/" + path) {
            resolved = installed + "/" + path
        }
        let table = try Loader.load(path: resolved, shownPath: path, options: options, session: self, range: range, dataset: datasetName,
                                    onlyColumns: onlyColumns)
        setDataset(datasetName, table, source: path)
    }

    /// `load "Datasets/vpr_results.csv"` without `as` is named `vpr_results`.
    static func defaultName(for path: String) -> String {
        var stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // `load "returned/*.xlsx"` and `load "returned/"` are named after the folder.
        if MultiFileLoad.isPattern((path as NSString).lastPathComponent) {
            stem = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        }
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let first = name.first, first.isNumber { name = "_" + name }
        return name.isEmpty ? "data" : name
    }

    func runScript(_ pathExpr: Expr, bindings: [StageItem], range: SourceRange) throws {
        let pathValue = try evaluator.constant(pathExpr)
        guard case .text(let path) = pathValue else {
            throw MsokoError(.type, tr("session.run_needs_path"), at: pathExpr.range)
        }
        // A script that is not where the path says is looked for like the shipped rules and
        // templates (`run "Scripts/annual.msoko"` from a subfolder, or an installed msoko).
        var resolved = resolvePath(path)
        if !FileManager.default.fileExists(atPath: resolved), let shipped = findShipped(path) { resolved = shipped }
        guard !runStack.contains(resolved) else {
            throw MsokoError(.runtime, tr("session.script_runs_itself", ["path": path]), at: range)
        }
        if let refusal = InputFile.refusal(InputFile.kind(resolved), shownPath: path, reading: "a script") {
            throw refusal.placed(at: pathExpr.range)
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw MsokoError(.io, tr("session.no_script", ["path": path]), at: pathExpr.range,
                             hint: Session.siblingHint(resolved, shown: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MsokoError(.io, tr("session.script_not_utf8", ["path": path]), at: pathExpr.range)
        }
        var values: [String: Value] = [:]
        for binding in bindings {
            guard let name = binding.name else {
                throw MsokoError(.syntax, tr("session.run_with_binding"), at: binding.range)
            }
            values[name] = try evaluator.constant(binding.expr)
        }
        let savedParameters = parameters
        let savedBound = boundByCaller
        runStack.append(resolved)
        defer {
            parameters = savedParameters
            boundByCaller = savedBound
            runStack.removeLast()
        }
        for (name, value) in values { parameters[name] = value }
        boundByCaller = Set(values.keys)
        try run(SourceFile(name: path, text: text))
    }

    /// "did you mean" for a missing file: a near name in the same folder, written as the user
    /// wrote the path (`resolved` is where it was looked for).
    static func siblingHint(_ resolved: String, shown: String? = nil) -> String? {
        let url = URL(fileURLWithPath: resolved)
        let folder = url.deletingLastPathComponent().path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        // The path itself is never its own suggestion (`load "/tmp"` is a folder, not a typo).
        let others = entries.filter { $0 != url.lastPathComponent }
        guard let best = Suggest.closest(to: url.lastPathComponent, among: others) else { return nil }
        let typed = shown ?? resolved
        let prefix = typed.contains("/") ? String(typed[...(typed.lastIndex(of: "/") ?? typed.startIndex)]) : ""
        return tr("suggest.did_you_mean", ["name": prefix + best])
    }
}

/// `MSOKO_TIMING=1`: each statement's wall-clock and CPU time on stderr, for benchmarks and for
/// an analyst asking which step of a long script is slow (as DuckDB's `.timer on`).
enum StatementTiming {
    static let enabled = ProcessInfo.processInfo.environment["MSOKO_TIMING"] == "1"

    static func now() -> (wall: UInt64, cpu: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue &+ 0, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (DispatchTime.now().uptimeNanoseconds, cpu)
    }

    static func report(since started: (wall: UInt64, cpu: Double), statement: Statement) {
        let end = now()
        let wall = Double(end.wall - started.wall) / 1e6
        let cpu = (end.cpu - started.cpu) * 1000
        let line = "time: line \(statement.range.file.line(of: statement.range.start)): \(String(format: "%.1f", wall)) ms (cpu \(String(format: "%.1f", cpu)) ms)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
