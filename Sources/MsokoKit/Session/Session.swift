import Foundation

/// A dataset held by the session.
public struct DatasetEntry: Sendable {
    /// Its rows; for a dataset on a server, its columns with no rows (the rows stay there).
    public var table: Table
    /// The file it came from, if loaded.
    public var source: String?
    /// Set when the dataset lives on a database server (`attach`, `load "postgresql://…"`).
    var remote: RemoteTable? = nil
}

/// All errors of a failed run: several syntax errors, or the one error that stopped execution.
public struct MsokoFailure: Error {
    public var errors: [MsokoError]
    public init(_ errors: [MsokoError]) { self.errors = errors }
}

/// The interpreter's state for one session: datasets, parameters, functions, where output goes.
/// Statements run in order; the first error stops a run.
///
/// This file holds the state and the datasets; the rest is by concern, in extensions:
/// running statements and scripts (ScriptRunner.swift), writing files — save's formats, staging,
/// atomic writes, a killed run's temporary files (FileOutput.swift) — and finding the files msoko
/// ships (ShippedFiles.swift).
public final class Session {
    public private(set) var datasets: [String: DatasetEntry] = [:]
    /// Dataset names in the order they were made.
    public private(set) var datasetOrder: [String] = []
    public var parameters: [String: Value] = [:]
    /// `--param NAME=VALUE` from the command line, as typed; they win over `param` defaults.
    public private(set) var overrides: [String: String] = [:]
    public internal(set) var functions: [String: UserFunction] = [:]
    public var sink: OutputSink
    /// Relative paths in scripts are resolved against this folder.
    public var workingDirectory: String
    /// Files in the `run` chain, to refuse a script that runs itself.
    var runStack: [String] = []
    /// The dataset the running pipeline starts from, so a verb's note can name it (`ensure`).
    public internal(set) var pipelineSource: String?
    /// Parameters bound by `run … with` for the script now running.
    var boundByCaller: Set<String> = []
    /// Every name a `param` statement of the run has declared (in any script it ran).
    public internal(set) var declaredParameters: Set<String> = []
    /// What the run's analyses had to leave out (an optional file absent, a column missing, an
    /// `expect … with note`): one entry per distinct note, in order. Readable as the dataset
    /// `limitations` (columns `source`, `note`) for a report's «Ограничения анализа».
    public private(set) var limitations: [(source: String, note: String)] = []

    // What file output keeps (FileOutput.swift).
    /// In batch runs, files are written beside their targets and renamed into place only when
    /// the whole run succeeds (`commitStagedWrites`), so a failed run leaves old outputs as they were.
    public var stagesWrites = false
    /// A batch run of one source: the next script run may build only the columns a loaded
    /// dataset's one pipeline reads (`Plan/ReaderPushdown.swift`). Cleared once that script has
    /// been planned, so a nested `run` or the workbench always loads whole tables.
    public var pushesIntoReader = false
    /// Open database connections, by connection address (RemoteData.swift).
    var remoteConnections: [String: any RemoteDatabase] = [:]
    /// Each staged write, in order (a file written twice keeps only its last version).
    var stagedWrites: [StagedWrite] = []
    /// "wrote …" notes of a batch run, said only once their files are in place (at commit):
    /// each after the staged write it follows.
    var pendingWriteNotes: [(afterSequence: Int, text: String)] = []
    var writeSequence = 0
    /// Folders already swept of a killed run's temporary files (`removeStaleTemporaryFiles`).
    var sweptFolders: Set<String> = []
    /// The statement running now, so a file it stages can be blamed on it at commit.
    var runningStatement: SourceRange?
    /// Set while a script is bound (`Binder`): verbs run on zero rows then read the datasets,
    /// parameters and functions the script will have made by that statement.
    var binding: BindEnvironment?

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

    /// The prelude this session loaded (`Scripts/lib/prelude.msoko`, or the compiled copy).
    private(set) var prelude: Prelude.Loaded = Prelude.builtInLoaded

    /// Defines the prelude's functions; a prelude file that cannot be used is said once, here.
    func loadPrelude() {
        let (loaded, problem) = Prelude.load(for: self)
        prelude = loaded
        for function in loaded.functions { functions[function.name] = function }
        if let problem { sink.note(problem) }
    }

    // MARK: datasets

    public func setDataset(_ name: String, _ table: Table, source: String? = nil) {
        setDataset(name, table, source: source, remote: nil)
    }

    func setDataset(_ name: String, _ table: Table, source: String?, remote: RemoteTable?) {
        if datasets[name] == nil { datasetOrder.append(name) }
        datasets[name] = DatasetEntry(table: table, source: source, remote: remote)
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
    /// While a script is bound, the datasets as the binder sees them (zero rows each).
    public func dataset(_ name: String, at range: SourceRange?) throws -> Table {
        if let binding { return try binding.dataset(name, at: range) }
        if let entry = datasets[name] {
            if let remote = entry.remote { return try fetchWhole(remote, at: range) }
            return entry.table
        }
        if name == "limitations" { return limitationsTable }
        if name == "skipped_files" { return skippedFilesTable }
        throw Session.unknownDataset(name, at: range, among: datasetOrder)
    }

    /// "unknown dataset", with the closest of `names` (in the order they were made) or all of them.
    static func unknownDataset(_ name: String, at range: SourceRange?, among names: [String]) -> MsokoError {
        var hint = Suggest.hint(for: name, among: names)
        if hint == nil {
            hint = names.isEmpty ? tr("session.no_datasets_yet.hint", ["name": name])
                : tr("session.datasets.hint", ["names": names.map { "`\($0)`" }.joined(separator: ", ")])
        }
        return MsokoError(.unknownDataset(name: name), at: range, hint: hint)
    }

    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst(1)) }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
    }
}
