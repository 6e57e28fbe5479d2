/// `drop a, b` — removes columns.
enum DropVerb {
    static let spec = VerbSpec(
        name: "drop",
        syntax: "drop COLUMN, …",
        summary: "remove these columns",
        examples: ["vpr | drop pupil_code, variant"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, _ in
        try VerbArguments.columns(arguments.columns, in: table)
        let names = Set(arguments.columns.map(\.name))
        let keep = table.names.indices.filter { !names.contains(table.names[$0]) }
        return table.project(keep)
    }

    struct Arguments: StageArguments {
        let columns: [NameReference]

        init(_ syntax: ArgumentSyntax) throws {
            columns = try VerbArguments.columnNames(syntax.items, verb: "drop")
        }
    }
}
