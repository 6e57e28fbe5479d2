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
    /// The pipeline compiled as far as SQL can answer it exactly (`SQLCompiler`).
    static func compile(_ pipeline: BoundPipeline, _ remote: RemoteTable, session: Session) throws -> RemoteQuery {
        RemoteQuery(sql: "SELECT \(remote.selectList) FROM \(remote.qualifiedName)", parameters: [], pushedStages: 0,
                    notPushed: nil, quiet: pipeline.stages.isEmpty)
    }
}
