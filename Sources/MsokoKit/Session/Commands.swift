/// Session commands: `datasets`, `describe NAME`, `help [TOPIC]`, `functions`, `verbs`,
/// `forget NAME`, `prelude`. They are statements too, so scripts and tests can use them.
enum Commands {
    static func run(_ name: String, _ arguments: [Token], _ range: SourceRange, session: Session) throws {
        switch name {
        case "datasets":
            session.sink.table(datasetsTable(session))
        case "describe":
            guard let first = arguments.first, let datasetName = first.identifier else {
                throw MsokoError(.syntax, tr("command.describe_needs_name"), at: range, hint: tr("command.describe_needs_name.hint"))
            }
            if let remote = session.datasets[datasetName]?.remote {
                // The server's catalogue, not a scan of what may be millions of rows.
                session.sink.table(describeRemote(remote))
                session.sink.note(tr("describe.remote", ["name": datasetName, "server": remote.database.label,
                                                         "table": remote.info.schema + "." + remote.info.name,
                                                         "rows": remote.info.estimatedRows.map(String.init) ?? "?"]))
                return
            }
            let table = try session.dataset(datasetName, at: first.range)
            session.sink.table(describe(table))
            session.sink.note(tr("describe.memory", ["name": datasetName, "rows": String(table.rowCount),
                                                     "columns": String(table.columnCount), "size": size(table.storageBytes)]))
        case "help":
            let topic = arguments.map { $0.identifier ?? $0.range.text }.joined(separator: " ")
            session.sink.text(try Help.text(for: topic, session: session, at: range))
        case "functions":
            session.sink.table(Help.functionsTable(session))
        case "verbs":
            session.sink.table(Help.verbsTable())
        case "prelude":
            session.sink.text(session.prelude.text)
            session.sink.note(session.prelude.file.map { tr("prelude.from_file", ["path": $0]) }
                              ?? tr("prelude.built_in", ["path": Prelude.path]))
        case "forget":
            for argument in arguments {
                guard let datasetName = argument.identifier else { continue }
                // Only whether it exists: a server's table is not read to be forgotten.
                if session.datasets[datasetName] == nil { _ = try session.dataset(datasetName, at: argument.range) }
                session.removeDataset(datasetName)
            }
        default:
            throw MsokoError(.name, tr("command.unknown", ["name": name]), at: range)
        }
    }

    static func datasetsTable(_ session: Session) -> Table {
        let entries = session.datasetOrder.compactMap { name in session.datasets[name].map { (name, $0) } }
        var table = Table()
        table.set("name", Column.from(entries.map { .text($0.0) }))
        // A server's table: the catalogue's estimate (null when it was never analysed).
        table.set("rows", Column.from(entries.map { entry -> Value in
            if let remote = entry.1.remote { return remote.info.estimatedRows.map { .int(Int64($0)) } ?? .null }
            return .int(Int64(entry.1.table.rowCount))
        }))
        table.set("columns", Column.from(entries.map { .int(Int64($0.1.table.columnCount)) }))
        table.set("source", Column.from(entries.map { $0.1.source.map(Value.text) ?? .null }))
        if entries.isEmpty {
            return Table(names: ["name", "rows", "columns", "source"],
                         columns: [Column(.null(count: 0)), Column(.null(count: 0)), Column(.null(count: 0)), Column(.null(count: 0))],
                         rowCount: 0)
        }
        return table
    }

    /// A server's table: each column's type here and there.
    static func describeRemote(_ remote: RemoteTable) -> Table {
        let columns = remote.columnTypes
        var result = Table()
        result.set("column", Column.from(columns.map { .text($0.name) }))
        result.set("type", Column.from(columns.map { $0.type.map { .text($0.rawValue) } ?? .null }))
        result.set("server_type", Column.from(columns.map { .text($0.serverType) }))
        return result
    }

    /// Bytes in decimal units (1 KB = 1000 B) with at most one decimal, as file managers show
    /// sizes, so the figure compares with the size of the file it was loaded from.
    static func size(_ bytes: Int) -> String {
        let units: [(Double, String)] = [(1e9, "size.gigabytes"), (1e6, "size.megabytes"), (1e3, "size.kilobytes")]
        for (scale, key) in units where Double(bytes) >= scale {
            return tr(key, ["value": NumberFormat.shortest((Double(bytes) / scale * 10).rounded() / 10)])
        }
        return tr("size.bytes", ["value": String(bytes)])
    }

    /// One row per column: type, nulls, distinct values, min and max (or the most frequent values for text).
    static func describe(_ table: Table) -> Table {
        var names: [Value] = [], types: [Value] = [], nulls: [Value] = [], distinct: [Value] = []
        var minimums: [Value] = [], maximums: [Value] = [], top: [Value] = []
        for (name, column) in zip(table.names, table.columns) {
            names.append(.text(name))
            types.append(.text(column.type.rawValue))
            nulls.append(.int(Int64(column.nullCount)))
            let index = GroupIndex(keys: [column], rowCount: column.count)
            let nullGroups = column.nullCount > 0 ? 1 : 0
            distinct.append(.int(Int64(index.groupCount - nullGroups)))
            var low: Value = .null, high: Value = .null
            for row in 0..<column.count where !column.isNull(row) {
                let v = column.value(at: row)
                if low.isNull || CompareKernels.compareValues(.lt, v, low) == true { low = v }
                if high.isNull || CompareKernels.compareValues(.gt, v, high) == true { high = v }
            }
            minimums.append(low.isNull ? .null : .text(low.plainText))
            maximums.append(high.isNull ? .null : .text(high.plainText))
            if column.type == .text || column.type == .bool {
                var counts = [Int](repeating: 0, count: index.groupCount)
                for group in index.groups { counts[Int(group)] += 1 }
                let ranked = (0..<index.groupCount).filter { !column.isNull(Int(index.firstRows[$0])) }
                    .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
                let shown = ranked.prefix(3).map { "\(column.value(at: Int(index.firstRows[$0])).plainText) (\(counts[$0]))" }
                top.append(.text(shown.joined(separator: ", ")))
            } else {
                top.append(.null)
            }
        }
        var result = Table()
        result.set("column", Column.from(names))
        result.set("type", Column.from(types))
        result.set("nulls", Column.from(nulls))
        result.set("distinct", Column.from(distinct))
        result.set("min", Column.from(minimums))
        result.set("max", Column.from(maximums))
        result.set("top_values", Column.from(top))
        return result
    }
}
