/// What the binder knows about the datasets while it walks a script: for each name, the columns
/// and their types (as a table of zero rows), or nothing when they are known only once it runs.
///
/// The session's datasets give their real columns; a dataset an earlier statement of the script
/// makes gives its pipeline's output when every stage of it has a schema (`OutputSchema`), else
/// it is unknown, as is one made by `load`. After `run "SCRIPT"` or a session command, anything
/// may have been made or dropped: the environment is `open`, and only what the verbs' specs
/// alone decide is checked.
final class BindEnvironment {
    /// Datasets the script makes, by name: their columns, or nil when unknown.
    private var made: [String: Table?] = [:]
    /// Zero-row copies of the session's datasets, made when first asked for.
    private var samples: [String: Table] = [:]
    /// Every dataset name in the order made (the session's, then the script's), for hints.
    private(set) var order: [String]
    var parameters: [String: Value]
    var functions: [String: UserFunction]
    var open = false
    /// `def`s whose bodies the static check has walked (each is walked once per script).
    var walkedDefinitions: Set<String> = []
    private unowned let session: Session

    init(session: Session) {
        self.session = session
        order = session.datasetOrder
        parameters = session.parameters
        functions = session.functions
    }

    var evaluator: Evaluator { Evaluator(parameters: parameters, functions: functions) }

    /// Records what a statement makes (nil: unknown columns).
    func make(_ name: String, _ schema: Table?) {
        if made[name] == nil, session.datasets[name] == nil { order.append(name) }
        made[name] = .some(schema.map(\.schemaSample))
    }

    /// The dataset's columns as zero rows; `Binder.Unknown` when they are not known before it
    /// runs; the session's own "unknown dataset" error when nothing will have made it.
    func dataset(_ name: String, at range: SourceRange?) throws -> Table {
        if let entry = made[name] {
            guard let schema = entry else { throw Binder.Unknown() }
            return schema
        }
        if let sample = samples[name] { return sample }
        if let entry = session.datasets[name] {
            let sample = entry.table.schemaSample
            samples[name] = sample
            return sample
        }
        if name == "limitations" { return session.limitationsTable.schemaSample }
        if name == "skipped_files" { return session.skippedFilesTable.schemaSample }
        if open { throw Binder.Unknown() }
        throw Session.unknownDataset(name, at: range, among: order)
    }
}

extension Table {
    /// The table's columns with their names and types and no rows. Text columns get an empty
    /// dictionary: kernels that work per distinct value (`in`, comparisons of text) would
    /// otherwise go through a million pupil codes at bind time for no row.
    var schemaSample: Table {
        let empty = StringDictionaryBuilder().build()
        let columns = columns.map { column -> Column in
            if case .text = column.storage { return Column(.text(codes: [], dictionary: empty)) }
            return column.gather([])
        }
        return Table(names: names, columns: columns, rowCount: 0)
    }
}
