/// What runs on the server for a pipeline whose source is there, and from which stage on the
/// rest runs here.
struct RemoteQuery: Sendable {
    var sql: String
    var parameters: [Value]
    /// Stages `0..<pushedStages` are answered by the SQL.
    var pushedStages: Int
    /// Why the stage at `pushedStages` is not (for the note).
    var notPushed: String?
    /// No note: nothing was left to run here, or nothing was asked of the server but the rows.
    var quiet: Bool
}

enum RemotePlan {
    /// The pipeline compiled as far as SQL can answer it exactly (`SQLCompiler`); a `join` or
    /// `append` is pushed with a dataset of the same server (the same connection).
    static func compile(_ pipeline: BoundPipeline, _ remote: RemoteTable, session: Session) throws -> RemoteQuery {
        let compiled = try SQLCompiler.compile(pipeline, source: relation(remote), resolve: { name in
            guard let other = session.datasets[name]?.remote, other.database === remote.database else { return nil }
            return relation(other)
        }, session: session)
        return RemoteQuery(sql: compiled.sql, parameters: compiled.parameters, pushedStages: compiled.pushedStages,
                           notPushed: compiled.notPushed,
                           quiet: pipeline.stages.isEmpty || compiled.pushedStages == pipeline.stages.count)
    }

    /// The dataset as the compiler reads it: the columns the language has a type for, with
    /// `types`' casts done on the server (then it is a subquery rather than the table's name).
    static func relation(_ remote: RemoteTable) -> RemoteRelation {
        let columns = remote.columnTypes.compactMap { column in column.type.map { (name: column.name, type: $0) } }
        let cast = remote.columnTypes.contains { column in
            remote.overrides[column.name] != nil && column.type != remote.info.columns.first(where: { $0.name == column.name })?.type
        }
        let from = cast ? "(SELECT \(remote.selectList) FROM \(remote.qualifiedName))" : remote.qualifiedName
        // A plain table's rows have a stored order, `ctid`, the order a whole-table read gives
        // them; a view, a partitioned or foreign table, a subquery have none to name.
        let stored = !cast && (remote.info.kind == "table" || remote.info.kind == "materialized view")
        return RemoteRelation(qualifiedName: from, columns: columns, rowOrder: stored ? "ctid" : nil)
    }
}
