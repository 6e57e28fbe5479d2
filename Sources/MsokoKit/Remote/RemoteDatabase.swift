import Foundation

/// What the session needs of a database server. `PGConnection` (libpq) is the one there is; the
/// protocol keeps the session's code apart from the client's.
protocol RemoteDatabase: AnyObject, Sendable {
    /// `host/db` for messages (never a password).
    var label: String { get }
    /// Runs one query with bind parameters; the result as a columnar table.
    func fetch(_ sql: String, parameters: [Value]) throws -> Table
    /// The tables and views of a schema (nil: those the search path shows), with the
    /// catalogue's row estimate (nil when the table was never analysed).
    func relations(schema: String?) throws -> [RemoteRelationInfo]
    /// The columns of one table, in order; nil when there is no such table.
    func columns(schema: String?, table: String) throws -> RemoteRelationInfo?
    /// Creates `table` (replacing it) with `data`'s columns and copies the rows in, in one
    /// transaction: either the whole table is there afterwards or nothing changed.
    func replaceTable(schema: String?, table: String, with data: Table) throws
}

/// A table or view on the server.
struct RemoteRelationInfo: Sendable {
    var schema: String
    var name: String
    var estimatedRows: Int?
    /// Name, msoko type (nil: a type the language lacks) and the server's type name.
    var columns: [(name: String, type: DataType?, serverType: String)]
    /// "table", "view", "materialized view", "partitioned table", "foreign table" (nil: not known).
    var kind: String? = nil
}

/// A dataset that lives on a server: its rows stay there until a pipeline asks for them.
final class RemoteTable: Sendable {
    let database: any RemoteDatabase
    let url: RemoteURL
    let info: RemoteRelationInfo
    /// `types = {…}` of the `load`: columns read as another type (cast on the server).
    let overrides: [String: DataType]

    init(database: any RemoteDatabase, url: RemoteURL, info: RemoteRelationInfo, overrides: [String: DataType]) {
        self.database = database
        self.url = url
        self.info = info
        self.overrides = overrides
    }

    /// `"schema"."table"`.
    var qualifiedName: String { PGConnection.qualifiedName(schema: info.schema, name: info.name) }

    /// Each column with the type it has in msoko (after `types`); nil for a type the language lacks.
    var columnTypes: [(name: String, type: DataType?, serverType: String)] {
        info.columns.map { ($0.name, overrides[$0.name] ?? $0.type, $0.serverType) }
    }

    /// What a pipeline reads from: the table, with `types`' casts and only the columns the
    /// language has a type for (the others are refused when a pipeline names them).
    var selectList: String {
        columnTypes.compactMap { column -> String? in
            guard let type = column.type else { return nil }
            let name = PGConnection.quoteIdentifier(column.name)
            guard overrides[column.name] != nil, type != info.columns.first(where: { $0.name == column.name })?.type else { return name }
            return "CAST(\(name) AS \(PGConnection.sqlType(for: type))) AS \(name)"
        }.joined(separator: ", ")
    }

    /// The dataset as the binder and completion see it: its columns, no rows.
    var schemaTable: Table {
        var table = Table(names: [], columns: [], rowCount: 0)
        for column in columnTypes {
            table.set(column.name, Column.nulls(column.type ?? .text, count: 0))
        }
        return table
    }
}
