/// `RemoteDatabase` over libpq (`PGConnection`).
final class PGDatabase: RemoteDatabase, @unchecked Sendable {
    let label: String
    init(url: RemoteURL) throws {
        label = url.label
        throw MsokoError(.database, "not yet", hint: nil)
    }
    func fetch(_ sql: String, parameters: [Value]) throws -> Table { Table() }
    func relations(schema: String?) throws -> [RemoteRelationInfo] { [] }
    func columns(schema: String?, table: String) throws -> RemoteRelationInfo? { nil }
    func cancelRunning() {}
    func replaceTable(schema: String?, table: String, with data: Table) throws {}
}
