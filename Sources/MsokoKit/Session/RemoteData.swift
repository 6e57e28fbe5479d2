import Foundation

/// Datasets on a PostgreSQL server: `attach`, `load "postgresql://…/table"`, pipelines whose
/// source is such a dataset (compiled to one SQL query as far as they can be, the rest run here),
/// and `save "postgresql://…/schema.table"`.
///
/// A remote dataset is held as its columns with no rows (`RemoteTable.schemaTable`), so the
/// binder, completion and `describe` know its columns without asking the server; its rows are
/// fetched only when a pipeline runs.
extension Session {
    /// Opens (or reuses) the connection for an address. Connections are kept for the session:
    /// a script loading eight tables from one server connects once.
    func remoteDatabase(_ url: RemoteURL, at range: SourceRange?) throws -> any RemoteDatabase {
        if let open = remoteConnections[url.connection] { return open }
        do {
            let database = try RemoteConnector.open(url)
            remoteConnections[url.connection] = database
            return database
        } catch let error as MsokoError {
            throw error.placed(at: range)
        }
    }

    /// `attach "postgresql://…/db" as NAME [with schema = "…", prefix = "…"]`: each table and
    /// view of the schema becomes a dataset of its own name (after `prefix`).
    func attach(_ urlExpr: Expr, name: String, options: [StageItem], range: SourceRange) throws {
        guard case .text(let text) = try evaluator.constant(urlExpr) else {
            throw MsokoError(.type, tr("remote.attach_needs_url"), at: urlExpr.range, hint: tr("remote.url.hint"))
        }
        let url = try RemoteURL.parse(text, at: urlExpr.range)
        var schema = url.schema
        var prefix = ""
        for option in options {
            switch option.name {
            case "schema":
                guard case .text(let value) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, tr("remote.option_text", ["name": "schema"]), at: option.expr.range)
                }
                schema = value
            case "prefix":
                guard case .text(let value) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, tr("remote.option_text", ["name": "prefix"]), at: option.expr.range)
                }
                prefix = value
            default:
                throw MsokoError(.syntax, tr("remote.unknown_attach_option", ["name": option.name ?? option.expr.sourceText]),
                                 at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: option.name ?? "", among: ["schema", "prefix"])
                                     ?? tr("remote.attach_options.hint"))
            }
        }
        if url.table != nil {
            throw MsokoError(.syntax, tr("remote.attach_names_table", ["url": text]), at: urlExpr.range,
                             hint: tr("remote.attach_names_table.hint"))
        }
        let database = try remoteDatabase(url, at: urlExpr.range)
        let relations: [RemoteRelationInfo]
        do {
            relations = try database.relations(schema: schema)
        } catch let error as MsokoError {
            throw error.placed(at: range)
        }
        if relations.isEmpty {
            sink.note(tr("remote.attach_no_tables", ["server": database.label, "schema": schema ?? "public"]))
        }
        var skipped: [String] = []
        for relation in relations {
            let datasetName = prefix + relation.name
            if let existing = datasets[datasetName], existing.remote == nil {
                throw MsokoError(.name, tr("remote.attach_clash", ["name": datasetName, "server": database.label]), at: range,
                                 hint: tr("remote.attach_clash.hint", ["example": "attach \"\(text)\" as \(name) with prefix = \"\(name)_\""]))
            }
            let table = RemoteTable(database: database, url: url, info: relation, overrides: [:])
            skipped += unsupportedColumns(table)
            setRemoteDataset(datasetName, table)
        }
        if !skipped.isEmpty { sink.note(tr("remote.columns_left_out", ["columns": skipped.joined(separator: ", ")])) }
        sink.note(tr("remote.attached", ["count": relations.count, "server": database.label, "name": name]))
    }

    /// `load "postgresql://…/db/table" as NAME [with types = {…}, optional = …]`.
    func loadRemote(_ text: String, name: String?, options: [StageItem], range: SourceRange) throws {
        let url = try RemoteURL.parse(text, at: range)
        guard let tableName = url.table else {
            throw MsokoError(.syntax, tr("remote.load_needs_table", ["url": text]), at: range, hint: tr("remote.load_needs_table.hint"))
        }
        let datasetName = name ?? tableName
        var overrides: [String: DataType] = [:]
        var optional: StageItem?
        for option in options {
            switch option.name {
            case "types":
                for (column, type) in try LoadOptions.types(option, evaluator: evaluator) { overrides[column] = type }
            case "optional":
                optional = option
            default:
                throw MsokoError(.syntax, tr("remote.load_option", ["name": option.name ?? option.expr.sourceText]),
                                 at: option.nameRange ?? option.range, hint: tr("remote.load_option.hint"))
            }
        }
        let database = try remoteDatabase(url, at: range)
        let found: RemoteRelationInfo?
        do {
            found = try database.columns(schema: url.schema, table: tableName)
        } catch let error as MsokoError {
            throw error.placed(at: range)
        }
        guard let info = found else {
            if let optional, let skipped = try LoadOptions.optional(optional, evaluator: evaluator) {
                let rest = options.filter { $0.name != "optional" }
                let table = try Loader.absent(path: text, shownPath: RemoteURL.shown(text), options: rest, skipped: skipped,
                                              session: self, dataset: datasetName)
                setDataset(datasetName, table, source: RemoteURL.shown(text))
                return
            }
            let names = (try? database.relations(schema: url.schema).map(\.name)) ?? []
            throw MsokoError(.database, tr("remote.no_table", ["table": (url.schema.map { $0 + "." } ?? "") + tableName,
                                                               "server": database.label]),
                             at: range, hint: Suggest.hint(for: tableName, among: names)
                                 ?? (names.isEmpty ? nil : tr("remote.tables_there", ["names": names.prefix(20).joined(separator: ", ")])))
        }
        for column in overrides.keys.sorted() where !info.columns.contains(where: { $0.name == column }) {
            throw MsokoError(.name, tr("remote.types_unknown_column", ["column": column, "table": info.name, "server": database.label]),
                             at: range, hint: Suggest.hint(for: column, among: info.columns.map(\.name)))
        }
        let table = RemoteTable(database: database, url: url, info: info, overrides: overrides)
        let skipped = unsupportedColumns(table)
        if !skipped.isEmpty { sink.note(tr("remote.columns_left_out", ["columns": skipped.joined(separator: ", ")])) }
        setRemoteDataset(datasetName, table)
    }

    /// Columns of a type the language lacks, as `name (type)`: left out of the dataset.
    func unsupportedColumns(_ table: RemoteTable) -> [String] {
        table.columnTypes.filter { $0.type == nil }.map { "\(table.info.name).\($0.name) (\($0.serverType))" }
    }

    /// Runs a pipeline whose source is on a server: the longest prefix of stages SQL can answer
    /// exactly is one query; the rest runs here on its result, with a note saying from where.
    func runRemote(_ pipeline: BoundPipeline, _ remote: RemoteTable) throws -> Table {
        let compiled = try RemotePlan.compile(pipeline, remote, session: self)
        let table = try fetchRemote(remote, sql: compiled.sql, parameters: compiled.parameters, at: pipeline.sourceRange)
        if compiled.pushedStages < pipeline.stages.count {
            let stage = pipeline.stages[compiled.pushedStages]
            if !compiled.quiet {
                sink.note(tr("remote.ran_here", ["verb": stage.verb.name, "server": remote.database.label,
                                                 "why": compiled.notPushed ?? ""]))
            }
        }
        return try runStages(pipeline, from: compiled.pushedStages, on: table)
    }

    /// The whole remote dataset (a `join` or `append` of it, a verb's dataset option).
    func fetchWhole(_ remote: RemoteTable, at range: SourceRange?) throws -> Table {
        try fetchRemote(remote, sql: "SELECT \(remote.selectList) FROM \(remote.qualifiedName)", parameters: [], at: range)
    }

    /// One query. Ctrl-C cancels it on the server (`PGConnection` watches for it while it waits)
    /// and the statement stops as interrupted; nothing of the result is kept.
    func fetchRemote(_ remote: RemoteTable, sql: String, parameters: [Value], at range: SourceRange?) throws -> Table {
        do {
            return try remote.database.fetch(sql, parameters: parameters)
        } catch let error as MsokoError {
            throw error.placed(at: range)
        }
    }

    func setRemoteDataset(_ name: String, _ table: RemoteTable) {
        setDataset(name, table.schemaTable, source: RemoteURL.shown(table.url.connection) + " " + table.info.schema + "." + table.info.name,
                   remote: table)
    }

    /// `save "postgresql://…/db/schema.table"`: the table replaced, in one transaction.
    func saveRemote(_ table: Table, to path: String, at range: SourceRange) throws {
        let url = try RemoteURL.parse(path, at: range)
        guard let tableName = url.table else {
            throw MsokoError(.syntax, tr("remote.save_needs_table", ["url": RemoteURL.shown(path)]), at: range,
                             hint: tr("remote.load_needs_table.hint"))
        }
        let database = try remoteDatabase(url, at: range)
        do {
            try database.replaceTable(schema: url.schema, table: tableName, with: table)
        } catch let error as MsokoError {
            throw error.placed(at: range)
        }
        noteWritten(tr("remote.wrote_rows", ["table": (url.schema.map { $0 + "." } ?? "") + tableName,
                                             "server": database.label, "count": table.rowCount]))
    }
}

extension RemoteURL {
    /// An address as messages show it: without the user name.
    static func shown(_ text: String) -> String {
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else { return text }
        let rest = text.dropFirst(scheme.count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard let at = authority.lastIndex(of: "@") else { return text }
        return scheme + rest[rest.index(after: at)...]
    }
}

/// Opens connections; `PGConnection` (libpq).
enum RemoteConnector {
    static func open(_ url: RemoteURL) throws -> any RemoteDatabase {
        try PGDatabase(url: url)
    }
}
