/// `RemoteDatabase` over libpq (`PGConnection`): what the session asks of a server, in the
/// client's terms.
final class PGDatabase: RemoteDatabase, @unchecked Sendable {
    let connection: PGConnection

    init(url: RemoteURL) throws {
        connection = try PGConnection(url: url.connection)
    }

    var label: String { connection.server }

    func fetch(_ sql: String, parameters: [Value]) throws -> Table {
        try connection.query(sql, parameters: parameters)
    }

    func relations(schema: String?) throws -> [RemoteRelationInfo] {
        // Without a schema: the search path's first one that has tables (`public` as a rule).
        let tables = try connection.tables(schema: schema ?? searchPathSchema())
        return try tables.map { table in
            let columns = try connection.columns(schema: table.schema, table: table.name)
            return RemoteRelationInfo(schema: table.schema, name: table.name, estimatedRows: table.estimatedRows,
                                      columns: columns.map { ($0.name, $0.type, $0.pgType) }, kind: table.kind)
        }
    }

    func columns(schema: String?, table: String) throws -> RemoteRelationInfo? {
        let inSchema = try schema ?? searchPathSchema()
        guard let found = try connection.tables(schema: inSchema).first(where: { $0.name == table }) else { return nil }
        let columns = try connection.columns(schema: found.schema, table: found.name)
        return RemoteRelationInfo(schema: found.schema, name: found.name, estimatedRows: found.estimatedRows,
                                  columns: columns.map { ($0.name, $0.type, $0.pgType) }, kind: found.kind)
    }

    /// The schema unqualified names go to (`current_schema()`: the search path's first existing one).
    func searchPathSchema() throws -> String {
        let result = try connection.query("SELECT current_schema()::text")
        guard result.rowCount == 1, case .text(let name) = result.columns[0].value(at: 0) else { return "public" }
        return name
    }

    func replaceTable(schema: String?, table: String, with data: Table) throws {
        let target = PGConnection.qualifiedName(schema: schema, name: table)
        let columns = zip(data.names, data.columns).map { name, column in
            PGConnection.quoteIdentifier(name) + " " + PGConnection.sqlType(for: column.type == .null ? .text : column.type)
        }.joined(separator: ", ")
        try connection.transaction {
            try connection.execute("DROP TABLE IF EXISTS \(target)")
            try connection.execute("CREATE TABLE \(target) (\(columns))")
            try connection.copyIn(data, into: schema, table: table)
            try connection.execute("ANALYZE \(target)")
        }
    }
}
