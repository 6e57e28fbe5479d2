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
    /// One file written by the run and not yet in place: its temporary file beside the target,
    /// the target, the path as the script wrote it, the statement that wrote it, and the folders
    /// staging had to create (removed again if the run fails).
    struct StagedWrite {
        var file: TemporaryFile
        var final: String
        /// The path as resolved before links were followed (what a later `load` asks for).
        var requested: String
        var shown: String
        var place: SourceRange?
        var createdFolders: [String]
        var sequence: Int
    }
    /// Each staged write, in order (a file written twice keeps only its last version).
    private(set) var stagedWrites: [StagedWrite] = []
    /// "wrote …" notes of a batch run, said only once their files are in place (at commit):
    /// each after the staged write it follows.
    private var pendingWriteNotes: [(afterSequence: Int, text: String)] = []
    private var writeSequence = 0
    /// Folders already swept of a killed run's temporary files (`removeStaleTemporaryFiles`).
    private var sweptFolders: Set<String> = []
    /// The statement running now, so a file it stages can be blamed on it at commit.
    private var runningStatement: SourceRange?

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

    /// The files a glob or folder load skipped under `ignore_errors`, readable as the dataset
    /// `skipped_files` (columns `dataset`, `source_file`, `reason`), so a script can report them.
    public private(set) var skippedFiles: [(dataset: String, file: String, reason: String)] = []

    public func addSkippedFile(dataset: String, file: String, reason: String) {
        skippedFiles.append((dataset, file, reason))
    }

    /// Forgets what an earlier load into the same dataset skipped: the list is of the latest load.
    public func clearSkippedFiles(dataset: String) {
        skippedFiles.removeAll { $0.dataset == dataset }
    }

    public var skippedFilesTable: Table {
        var table = Table(names: [], columns: [], rowCount: skippedFiles.count)
        for (name, values) in [("dataset", skippedFiles.map(\.dataset)), ("source_file", skippedFiles.map(\.file)), ("reason", skippedFiles.map(\.reason))] {
            table.set(name, values.isEmpty ? Column.nulls(.text, count: 0) : Column.from(values.map { Value.text($0) }))
        }
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
        if name == "skipped_files" { return skippedFilesTable }
        var hint = Suggest.hint(for: name, among: datasetOrder)
        if hint == nil {
            hint = datasetOrder.isEmpty ? tr("session.no_datasets_yet.hint", ["name": name])
                : tr("session.datasets.hint", ["names": datasetOrder.map { "`\($0)`" }.joined(separator: ", ")])
        }
        throw MsokoError(.name, tr("session.unknown_dataset", ["name": name]), at: range, hint: hint)
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
                throw MsokoFailure([MsokoError(.interrupted, tr("session.stopped_by_interrupt"), at: statement.range)])
            }
            let outerStatement = runningStatement
            runningStatement = statement.range
            defer { runningStatement = outerStatement }
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
                throw MsokoError(.name, tr("session.builtin_redefined", ["name": name]), at: statement.range,
                                 hint: tr("session.builtin_redefined.hint"))
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

    public func runPipeline(_ pipeline: Pipeline) throws -> Table {
        var table = try dataset(pipeline.source, at: pipeline.sourceRange)
        let outerSource = pipelineSource
        pipelineSource = pipeline.source
        defer { pipelineSource = outerSource }
        var stageIndex = 0
        while stageIndex < pipeline.stages.count {
            let stage = pipeline.stages[stageIndex]
            stageIndex += 1
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted, tr("session.stopped_by_interrupt"), at: stage.range)
            }
            guard let verb = VerbRegistry.lookup(stage.verb) else {
                throw MsokoError(.name, tr("session.unknown_verb", ["verb": stage.verb]), at: stage.verbRange,
                                 hint: Suggest.hint(for: stage.verb, among: VerbRegistry.all.map(\.name)) ?? tr("session.unknown_verb.hint"))
            }
            if stageIndex < pipeline.stages.count,
               let fused = try LateMaterialisation.runPair(stage, pipeline.stages[stageIndex], on: table, session: self) {
                table = fused
                stageIndex += 1
                continue
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
            throw MsokoError(.type, tr("session.load_needs_path"), at: pathExpr.range, hint: tr("session.path_in_quotes.hint"))
        }
        let datasetName = name ?? Session.defaultName(for: path)
        var resolved = resolvePath(path)
        // A shipped table (`Rules/associations.tsv`) of an installed msoko, when the working
        // folder has no copy of its own. Data is never looked for above the working folder.
        if !FileManager.default.fileExists(atPath: readablePath(resolved)), !path.hasPrefix("/"), !path.hasPrefix("~"),
           let installed = Session.installedShareFolder, FileManager.default.fileExists(atPath: installed + "/" + path) {
            resolved = installed + "/" + path
        }
        let table = try Loader.load(path: resolved, shownPath: path, options: options, session: self, range: range, dataset: datasetName)
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

    public func save(_ table: Table, to path: String, options: WriteOptions, at range: SourceRange) throws {
        let resolved = resolvePath(path)
        // A folder (or a pipe) is said to be one before anything else is asked of its name.
        do { _ = try Session.writableTarget(resolved, shown: path) } catch { throw error.placed(at: range) }
        let lower = path.lowercased()
        if options.format == nil, lower.hasSuffix(".xlsx") {
            // A workbook, not a text format: kept out of OutputFormat, which also drives stdout.
            do {
                let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let data = try XLSXWriter.data(for: table, sheetName: stem)
                try writeFile(data, toResolved: resolved, shown: path)
            } catch {
                throw error.placed(at: range)
            }
            noteWritten(tr("session.wrote_rows", ["path": path, "count": table.rowCount]))
            return
        }
        guard let format = options.format ?? OutputFormat.forPath(path) else {
            throw MsokoError(.io, tr("session.cannot_tell_format", ["path": path]), at: range,
                             hint: tr("session.cannot_tell_format.hint"))
        }
        let text = TableWriter.render(table, format: format, options: options, forFile: true)
        let bom = options.excelRussian && (format == .csv || format == .tsv)
        do {
            var data = Data()
            if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            data.append(contentsOf: Array(text.utf8))
            try writeFile(data, toResolved: resolved, shown: path)
        } catch {
            throw error.placed(at: range)
        }
        noteWritten(tr("session.wrote_rows", ["path": path, "count": table.rowCount]))
    }

    /// Writes a whole file the way `save` does: atomically, and in batch runs staged until the
    /// run succeeds. Every writer of the library (save, register, drafts, report) goes through
    /// here, and says what it wrote with `noteWritten`.
    public func writeFile(_ data: Data, to path: String) throws(MsokoError) {
        try writeFile(data, toResolved: resolvePath(path), shown: path)
    }

    /// Says "wrote …" when it is true: at once outside batch runs; in a batch run when the run
    /// commits, after the files written so far are in place (a failed run says nothing).
    public func noteWritten(_ text: String) {
        if stagesWrites {
            pendingWriteNotes.append((writeSequence, text))
        } else {
            sink.note(text)
        }
    }

    /// The bytes go to a new temporary file beside the target (registered, so a signal removes
    /// it too), which is renamed over the target now, or at commit in batch runs.
    func writeFile(_ data: Data, toResolved resolved: String, shown: String) throws(MsokoError) {
        let target = try Session.writableTarget(resolved, shown: shown)
        let folder = (target as NSString).deletingLastPathComponent
        let createdFolders = try Session.createFolders(folder, shown: shown)
        if sweptFolders.insert(folder).inserted { Session.removeStaleTemporaryFiles(in: folder) }
        let file: TemporaryFile
        do {
            file = try TemporaryFile.create(in: folder, prefix: "." + (target as NSString).lastPathComponent + ".tmp-",
                                            permissions: 0o666)
            try file.write(data)
            try file.close()
        } catch {
            Session.removeEmptyFolders(createdFolders)
            throw MsokoError(.io, tr("file.cannot_write", ["path": shown,
                                                            "reason": error.code == EACCES || error.code == EROFS ? tr("file.folder_not_writable") : error.reason]))
        }
        if stagesWrites {
            // A file written twice in one run: the earlier staged copy is replaced, not left behind.
            var folders = createdFolders
            for earlier in stagedWrites where earlier.final == target {
                earlier.file.remove()
                folders += earlier.createdFolders
            }
            stagedWrites.removeAll { $0.final == target }
            writeSequence += 1
            stagedWrites.append(StagedWrite(file: file, final: target, requested: resolved, shown: shown, place: runningStatement,
                                            createdFolders: folders, sequence: writeSequence))
        } else {
            do {
                try file.commit(to: target)
            } catch {
                file.remove()
                Session.removeEmptyFolders(createdFolders)
                throw MsokoError(.io, tr("file.cannot_write", ["path": shown, "reason": error.reason]))
            }
        }
    }

    /// Where the bytes for `resolved` go: the path itself, or through a link the file it names.
    /// A folder, a device or a pipe is refused (renaming over a device node would replace it).
    static func writableTarget(_ resolved: String, shown: String) throws(MsokoError) -> String {
        var target = resolved
        var info = stat()
        if lstat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            // Write through the link: renaming over it would replace the link by a file.
            if let real = realpath(resolved, nil) {
                target = String(cString: real)
                free(real)
            }
        }
        switch InputFile.kind(target) {
        case .regular, .missing:
            return target
        case .folder:
            throw MsokoError(.io, tr("session.save_to_folder", ["path": shown]),
                             hint: tr("session.save_to_folder.hint", ["path": shown.hasSuffix("/") ? shown : shown + "/"]))
        case .special(let words):
            throw MsokoError(.io, tr("session.save_to_special", ["path": shown, "kind": words]),
                             hint: tr("session.save_to_special.hint"))
        }
    }

    /// Makes the missing folders of `folder`; returns those it made, deepest first.
    static func createFolders(_ folder: String, shown: String) throws(MsokoError) -> [String] {
        var missing: [String] = []
        var current = folder
        while !current.isEmpty, current != "/", InputFile.kind(current) == .missing {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        if !current.isEmpty, current != "/", InputFile.kind(current) != .folder, !missing.isEmpty {
            throw MsokoError(.io, tr("file.cannot_write", ["path": shown, "reason": tr("file.not_a_folder", ["path": current])]))
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            removeEmptyFolders(missing)
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw MsokoError(.io, tr("file.cannot_create_folder_for", ["path": shown, "reason": reason]))
        }
        return missing
    }

    /// Removes what a killed msoko left in a folder it writes to: its own temporary files only
    /// (`.NAME.tmp-PID-NUMBER`, regular files) whose process is gone. A file of a running msoko
    /// (its process alive, this one included) and every other file are left alone; a reused PID
    /// only means the file waits for a later run.
    static func removeStaleTemporaryFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let match = name.wholeMatch(of: /\..+\.tmp-([0-9]{1,9})-([0-9]{1,10})/),
                  let pid = Int32(match.1), pid > 0 else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(path)
        }
    }

    /// Removes folders that staging made, deepest first, if nothing else was put in them.
    static func removeEmptyFolders(_ folders: [String]) {
        for folder in folders { rmdir(folder) }
    }

    /// A file shipped with msoko (`Rules/…`, `Templates/…`): the path as given when it exists
    /// (relative to the working folder), else the same relative path in the nearest folder above
    /// the working folder that has it — so scripts and the REPL find the repository's rules and
    /// templates from a subfolder too — else in an installed msoko's `share/msoko`. nil when nowhere.
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
        if let installed = Session.installedShareFolder {
            let candidate = installed + "/" + path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `PREFIX/share/msoko` beside an installed binary (`PREFIX/bin/msoko`, docs/install.md): the
    /// last place `findShipped` looks, so an installed msoko finds its templates and rules from any
    /// folder, while a project folder's own copies still come first. nil when not installed.
    static let installedShareFolder: String? = {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let share = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/msoko").path
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: share, isDirectory: &isFolder) && isFolder.boolValue ? share : nil
    }()

    /// The file to read for `path`: a staged version written earlier in this run, if any.
    public func readablePath(_ resolved: String) -> String {
        stagedWrites.last { $0.final == resolved || $0.requested == resolved }?.file.path ?? resolved
    }

    /// Moves every staged file into place (end of a successful batch run), then says what was
    /// written. A file that cannot be moved is an error placed at the statement that wrote it;
    /// what is still staged is removed.
    public func commitStagedWrites() throws(MsokoError) {
        var notes = pendingWriteNotes
        pendingWriteNotes = []
        func say(upTo sequence: Int) {
            while let first = notes.first, first.afterSequence <= sequence {
                sink.note(first.text)
                notes.removeFirst()
            }
        }
        while !stagedWrites.isEmpty {
            let write = stagedWrites.removeFirst()
            do {
                try write.file.commit(to: write.final)
            } catch {
                write.file.remove()
                Session.removeEmptyFolders(write.createdFolders)
                discardStagedWrites()
                var failure = MsokoError(.io, tr("file.cannot_move_into_place", ["path": write.shown, "reason": error.reason]), at: write.place)
                if InputFile.kind(write.final) == .folder {
                    failure = MsokoError(.io, tr("session.save_to_folder", ["path": write.shown]), at: write.place,
                                         hint: tr("session.save_to_folder.hint", ["path": write.shown + "/"]))
                }
                throw failure
            }
            say(upTo: write.sequence)
        }
        say(upTo: Int.max)
    }

    /// Deletes staged files (a failed batch run): the previous outputs stay untouched, and the
    /// folders staging made are removed if empty.
    public func discardStagedWrites() {
        for write in stagedWrites { write.file.remove() }
        // Files first, then folders, deepest first: a folder made for one write may hold another.
        let folders = stagedWrites.flatMap(\.createdFolders).sorted { $0.count > $1.count }
        Session.removeEmptyFolders(folders)
        stagedWrites = []
        pendingWriteNotes = []
    }
}
