import Foundation

/// A dataset held by the session.
public struct DatasetEntry: Sendable {
    public var table: Table
    /// The file it came from, if loaded.
    public var source: String?
}

/// All errors of a failed run: several syntax errors, or the one error that stopped execution.
public struct MsokoFailure: Error {
    public var errors: [MsokoError]
    public init(_ errors: [MsokoError]) { self.errors = errors }
}

/// The interpreter's state for one session: datasets, parameters, functions, where output goes.
/// Statements run in order; the first error stops a run.
public final class Session {
    public private(set) var datasets: [String: DatasetEntry] = [:]
    /// Dataset names in the order they were made.
    public private(set) var datasetOrder: [String] = []
    public var parameters: [String: Value] = [:]
    /// `--param NAME=VALUE` from the command line, as typed; they win over `param` defaults.
    public private(set) var overrides: [String: String] = [:]
    public private(set) var functions: [String: UserFunction] = [:]
    public var sink: OutputSink
    /// Relative paths in scripts are resolved against this folder.
    public var workingDirectory: String
    /// Files in the `run` chain, to refuse a script that runs itself.
    var runStack: [String] = []
    /// The dataset the running pipeline starts from, so a verb's note can name it (`ensure`).
    public private(set) var pipelineSource: String?
    /// Parameters bound by `run … with` for the script now running.
    var boundByCaller: Set<String> = []
    /// Every name a `param` statement of the run has declared (in any script it ran).
    public private(set) var declaredParameters: Set<String> = []
    /// In batch runs, files are written beside their targets and renamed into place only when
    /// the whole run succeeds (`commitStagedWrites`), so a failed run leaves old outputs as they were.
    public var stagesWrites = false
    /// What the run's analyses had to leave out (an optional file absent, a column missing, an
    /// `expect … with note`): one entry per distinct note, in order. Readable as the dataset
    /// `limitations` (columns `source`, `note`) for a report's «Ограничения анализа».
    public private(set) var limitations: [(source: String, note: String)] = []
    /// (temporary file, final path) for each staged write, in order.
    private(set) var stagedWrites: [(temporary: String, final: String)] = []

    public init(sink: OutputSink, overrides: [String: String] = [:],
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.sink = sink
        self.workingDirectory = workingDirectory
        self.overrides = overrides
        for (name, raw) in overrides { parameters[name] = Session.sniff(raw) }
        loadPrelude()
    }

    public var evaluator: Evaluator { Evaluator(parameters: parameters, functions: functions) }

    /// The value of a `--param` typed as written: whole numbers, decimals, true/false, else text.
    static func sniff(_ raw: String) -> Value {
        if let i = Int64(raw) { return .int(i) }
        if let d = Double(raw), raw.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(d) }
        if raw == "true" { return .bool(true) }
        if raw == "false" { return .bool(false) }
        return .text(raw)
    }

    /// The functions the prelude defines, in the order it defines them (for help).
    static let preludeFunctionNames: [String] = {
        Parser.parse(SourceFile(name: "<prelude>", text: Prelude.source)).statements.compactMap { statement in
            if case .define(let name, _, _) = statement.kind { return name }
            return nil
        }
    }()

    func loadPrelude() {
        let file = SourceFile(name: "<prelude>", text: Prelude.source)
        let (statements, _) = Parser.parse(file)
        for statement in statements {
            if case .define(let name, let parameters, let body) = statement.kind {
                functions[name] = UserFunction(name: name, parameters: parameters, body: body, range: statement.range, origin: "prelude")
            }
        }
    }

    // MARK: datasets

    public func setDataset(_ name: String, _ table: Table, source: String? = nil) {
        if datasets[name] == nil { datasetOrder.append(name) }
        datasets[name] = DatasetEntry(table: table, source: source)
    }

    /// Records a limitation of the analysis once (the same note from a script run twice is one).
    public func addLimitation(_ note: String, source: String) {
        guard !note.isEmpty, !limitations.contains(where: { $0.note == note }) else { return }
        limitations.append((source, note))
    }

    /// The run's limitations as a table: `source` (file or dataset), `note`.
    public var limitationsTable: Table {
        var table = Table(names: [], columns: [], rowCount: limitations.count)
        table.set("source", limitations.isEmpty ? Column.nulls(.text, count: 0) : Column.from(limitations.map { Value.text($0.source) }))
        table.set("note", limitations.isEmpty ? Column.nulls(.text, count: 0) : Column.from(limitations.map { Value.text($0.note) }))
        return table
    }

    public func removeDataset(_ name: String) {
        datasets[name] = nil
        datasetOrder.removeAll { $0 == name }
    }

    /// The dataset with this name, or an error with a suggestion.
    public func dataset(_ name: String, at range: SourceRange?) throws -> Table {
        if let entry = datasets[name] { return entry.table }
        if name == "limitations" { return limitationsTable }
        var hint = Suggest.hint(for: name, among: datasetOrder)
        if hint == nil {
            hint = datasetOrder.isEmpty ? "no datasets yet: `load \"file.csv\" as \(name)`"
                : "datasets: " + datasetOrder.map { "`\($0)`" }.joined(separator: ", ")
        }
        throw MsokoError(.name, "unknown dataset `\(name)`", at: range, hint: hint)
    }

    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst(1)) }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
    }

    // MARK: running

    /// Parses and runs a source. Syntax errors are all reported before anything runs.
    public func run(_ file: SourceFile) throws(MsokoFailure) {
        let (statements, errors) = Parser.parse(file)
        if !errors.isEmpty { throw MsokoFailure(errors) }
        for statement in statements {
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoFailure([MsokoError(.interrupted, "stopped by Ctrl-C", at: statement.range)])
            }
            do {
                try execute(statement)
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

    func execute(_ statement: Statement) throws {
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
            let table = try runPipeline(pipeline)
            setDataset(name, table)

        case .load(let pathExpr, let name, let options):
            try load(pathExpr, name: name, options: options, range: statement.range)

        case .run(let pathExpr, let bindings):
            try runScript(pathExpr, bindings: bindings, range: statement.range)

        case .define(let name, let parameters, let body):
            if AggregateFunction(rawValue: name) != nil || ScalarFunctions.lookup(name) != nil {
                throw MsokoError(.name, "`\(name)` is a built-in function and cannot be redefined", at: statement.range,
                                 hint: "choose another name")
            }
            functions[name] = UserFunction(name: name, parameters: parameters, body: body, range: statement.range,
                                           origin: statement.range.file.name)

        case .pipeline(let pipeline):
            let table = try runPipeline(pipeline)
            // Verbs that write files or draw charts end a statement quietly (they pass the table
            // on, so they may also stand mid-pipeline).
            let last = pipeline.stages.last.flatMap { VerbRegistry.lookup($0.verb) }
            if last?.quiet != true { sink.table(table) }

        case .command(let name, let arguments):
            try Commands.run(name, arguments, statement.range, session: self)
        }
    }

    func convert(_ raw: String, like defaultValue: Value, name: String, at range: SourceRange) throws -> Value {
        switch defaultValue {
        case .int:
            guard let v = Int64(raw) else {
                throw MsokoError(.type, "--param \(name)=\(raw): `\(name)` is a whole number", at: range)
            }
            return .int(v)
        case .double:
            guard let v = Double(raw.replacingOccurrences(of: ",", with: ".")) else {
                throw MsokoError(.type, "--param \(name)=\(raw): `\(name)` is a number", at: range)
            }
            return .double(v)
        case .bool:
            guard raw == "true" || raw == "false" else {
                throw MsokoError(.type, "--param \(name)=\(raw): `\(name)` is true or false", at: range)
            }
            return .bool(raw == "true")
        case .date:
            guard let d = DateCodec.parse(raw) else {
                throw MsokoError(.type, "--param \(name)=\(raw): `\(name)` is a date (YYYY-MM-DD)", at: range)
            }
            return .date(d)
        case .text, .null:
            return .text(raw)
        }
    }

    public func runPipeline(_ pipeline: Pipeline) throws -> Table {
        var table = try dataset(pipeline.source, at: pipeline.sourceRange)
        let outerSource = pipelineSource
        pipelineSource = pipeline.source
        defer { pipelineSource = outerSource }
        for stage in pipeline.stages {
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted, "stopped by Ctrl-C", at: stage.range)
            }
            guard let verb = VerbRegistry.lookup(stage.verb) else {
                throw MsokoError(.name, "unknown verb `\(stage.verb)`", at: stage.verbRange,
                                 hint: Suggest.hint(for: stage.verb, among: VerbRegistry.all.map(\.name)) ?? "`help` lists the verbs")
            }
            do {
                table = try verb.run(stage, table, self)
            } catch let error as MsokoError {
                throw error.placed(at: stage.range)
            }
        }
        return table
    }

    // MARK: load, run, save

    func load(_ pathExpr: Expr, name: String?, options: [StageItem], range: SourceRange) throws {
        let pathValue = try evaluator.constant(pathExpr)
        guard case .text(let path) = pathValue else {
            throw MsokoError(.type, "`load` needs a file path as text", at: pathExpr.range, hint: "write it in double quotes")
        }
        let datasetName = name ?? Session.defaultName(for: path)
        let resolved = resolvePath(path)
        let table = try Loader.load(path: resolved, shownPath: path, options: options, session: self, range: range, dataset: datasetName)
        setDataset(datasetName, table, source: path)
    }

    /// `load "Datasets/vpr_results.csv"` without `as` is named `vpr_results`.
    static func defaultName(for path: String) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if let first = name.first, first.isNumber { name = "_" + name }
        return name.isEmpty ? "data" : name
    }

    func runScript(_ pathExpr: Expr, bindings: [StageItem], range: SourceRange) throws {
        let pathValue = try evaluator.constant(pathExpr)
        guard case .text(let path) = pathValue else {
            throw MsokoError(.type, "`run` needs a script path as text", at: pathExpr.range)
        }
        let resolved = resolvePath(path)
        guard !runStack.contains(resolved) else {
            throw MsokoError(.runtime, "`\(path)` is already running (a script cannot run itself)", at: range)
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw MsokoError(.io, "cannot open script `\(path)`: no such file", at: pathExpr.range,
                             hint: Session.siblingHint(resolved, shown: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MsokoError(.io, "script `\(path)` is not UTF-8 text", at: pathExpr.range)
        }
        var values: [String: Value] = [:]
        for binding in bindings {
            guard let name = binding.name else {
                throw MsokoError(.syntax, "`run … with` takes `name = value`", at: binding.range)
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
        do {
            try run(SourceFile(name: path, text: text))
        } catch let failure as MsokoFailure {
            throw failure
        }
    }

    /// "did you mean" for a missing file: a near name in the same folder, written as the user
    /// wrote the path (`resolved` is where it was looked for).
    static func siblingHint(_ resolved: String, shown: String? = nil) -> String? {
        let url = URL(fileURLWithPath: resolved)
        let folder = url.deletingLastPathComponent().path
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        guard let best = Suggest.closest(to: url.lastPathComponent, among: entries) else { return nil }
        let typed = shown ?? resolved
        let prefix = typed.contains("/") ? String(typed[...(typed.lastIndex(of: "/") ?? typed.startIndex)]) : ""
        return "did you mean `\(prefix)\(best)`?"
    }

    public func save(_ table: Table, to path: String, options: WriteOptions, at range: SourceRange) throws {
        let resolved = resolvePath(path)
        let lower = path.lowercased()
        if options.format == nil, lower.hasSuffix(".xlsx") {
            // A workbook, not a text format: kept out of OutputFormat, which also drives stdout.
            do {
                let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let data = try XLSXWriter.data(for: table, sheetName: stem)
                try writeFile(data, toResolved: resolved)
            } catch {
                throw error.placed(at: range)
            }
            sink.note("wrote \(path) (\(table.rowCount) row\(table.rowCount == 1 ? "" : "s"))")
            return
        }
        guard let format = options.format ?? OutputFormat.forPath(path) else {
            throw MsokoError(.io, "cannot tell the format of `\(path)` from its extension", at: range,
                             hint: "use .csv, .tsv, .json, .jsonl, .md or .xlsx, or `with format = \"csv\"`")
        }
        let text = TableWriter.render(table, format: format, options: options, forFile: true)
        let bom = options.excelRussian && (format == .csv || format == .tsv)
        do {
            var data = Data()
            if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            data.append(contentsOf: Array(text.utf8))
            try writeFile(data, toResolved: resolved)
        } catch {
            throw error.placed(at: range)
        }
        sink.note("wrote \(path) (\(table.rowCount) row\(table.rowCount == 1 ? "" : "s"))")
    }

    /// Writes a whole file the way `save` does: atomically, and in batch runs staged until the
    /// run succeeds. Every writer of the library (save, register, drafts, report) goes through here.
    public func writeFile(_ data: Data, to path: String) throws(MsokoError) {
        try writeFile(data, toResolved: resolvePath(path))
    }

    func writeFile(_ data: Data, toResolved resolved: String) throws(MsokoError) {
        if stagesWrites {
            let temporary = try AtomicFile.stage(data, for: resolved)
            // A file written twice in one run: the earlier staged copy is replaced, not left behind.
            for earlier in stagedWrites where earlier.final == resolved {
                try? FileManager.default.removeItem(atPath: earlier.temporary)
            }
            stagedWrites.removeAll { $0.final == resolved }
            stagedWrites.append((temporary, resolved))
        } else {
            try AtomicFile.write(data, to: resolved)
        }
    }

    /// A file shipped with msoko (`Rules/…`, `Templates/…`): the path as given when it exists
    /// (relative to the working folder), else the same relative path in the nearest folder above
    /// the working folder that has it — so scripts and the REPL find the repository's rules and
    /// templates from a subfolder too. nil when nowhere.
    public func findShipped(_ path: String) -> String? {
        let direct = resolvePath(path)
        if FileManager.default.fileExists(atPath: readablePath(direct)) { return readablePath(direct) }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        var folder = URL(fileURLWithPath: workingDirectory)
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if folder.path == "/" { break }
        }
        return nil
    }

    /// The file to read for `path`: a staged version written earlier in this run, if any.
    public func readablePath(_ resolved: String) -> String {
        stagedWrites.last { $0.final == resolved }?.temporary ?? resolved
    }

    /// Moves every staged file into place (end of a successful batch run).
    public func commitStagedWrites() throws(MsokoError) {
        defer { stagedWrites = [] }
        for write in stagedWrites {
            if rename(write.temporary, write.final) != 0 {
                let message = String(cString: strerror(errno))
                discardStagedWrites()
                throw MsokoError(.io, "cannot move the new \(write.final) into place: \(message)")
            }
        }
    }

    /// Deletes staged files (a failed batch run): the previous outputs stay untouched.
    public func discardStagedWrites() {
        for write in stagedWrites { try? FileManager.default.removeItem(atPath: write.temporary) }
        stagedWrites = []
    }
}
