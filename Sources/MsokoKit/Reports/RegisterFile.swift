import Foundation

/// The register of recommendations across years: what was issued before stays as the analyst
/// left it (statuses, wording, due dates), new records are appended.
public enum Register {
    public struct Merge {
        public var table: Table
        public var added: Int
        public var kept: Int
        /// Statuses outside issued/in_progress/done/not_done, as `rec_id: status`.
        public var unknownStatuses: [String]
    }

    /// `base` is the register as it is now (the file in the output folder, or last year's);
    /// rows of `new` whose rec_id is already there are dropped, the others appended in order.
    public static func merge(base: Table?, new: Table) -> Merge {
        var rows: [[String: Value]] = []
        var ids: Set<String> = []
        var unknown: [String] = []
        if let base {
            for row in 0..<base.rowCount {
                var record: [String: Value] = [:]
                for name in RegisterContract.columns { record[name] = base.column(name)?.value(at: row) ?? .null }
                let id = record["rec_id"]?.plainText ?? ""
                if id.isEmpty { continue }
                ids.insert(id)
                let status = record["status"]?.plainText ?? ""
                if !RegisterContract.statuses.contains(status) { unknown.append("\(id): \(status.isEmpty ? "(empty)" : status)") }
                rows.append(record)
            }
        }
        let kept = rows.count
        var added = 0
        for row in 0..<new.rowCount {
            let id = new.column("rec_id")?.value(at: row).plainText ?? ""
            if ids.contains(id) { continue }
            ids.insert(id)
            var record: [String: Value] = [:]
            for name in RegisterContract.columns { record[name] = new.column(name)?.value(at: row) ?? .null }
            rows.append(record)
            added += 1
        }
        var table = Table()
        for name in RegisterContract.columns { table.set(name, Column.from(rows.map { $0[name] ?? .null })) }
        return Merge(table: Table(names: table.names, columns: table.columns, rowCount: rows.count), added: added, kept: kept,
                     unknownStatuses: unknown)
    }
}
