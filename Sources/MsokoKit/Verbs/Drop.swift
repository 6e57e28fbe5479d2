/// `drop a, b` — removes columns.
enum DropVerb {
    static let spec = VerbSpec(
        name: "drop",
        syntax: "drop COLUMN, …",
        summary: "remove these columns",
        examples: ["vpr | drop pupil_code, variant"],
        schema: .fromZeroRows
    ) { stage, table, _ in
        let names = Set(try VerbArguments.columnNames(stage.items, verb: "drop", in: table).map(\.0))
        let keep = table.names.indices.filter { !names.contains(table.names[$0]) }
        return table.project(keep)
    }
}
