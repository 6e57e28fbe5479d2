/// `append other` — the rows of another dataset below these, columns matched by name.
enum AppendVerb {
    static let spec = VerbSpec(
        name: "append",
        syntax: "append DATASET, …",
        summary: "add the rows of other datasets below, matching columns by name",
        details: "A column missing on one side is null there; an int column stacked on a double one becomes double.",
        examples: ["schools | where rural | append schools | count"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        var tables = [table]
        for dataset in arguments.datasets {
            tables.append(try session.dataset(dataset.name, at: dataset.range))
        }
        var names = table.names
        for other in tables.dropFirst() { for name in other.names where !names.contains(name) { names.append(name) } }
        var result = Table(names: [], columns: [], rowCount: tables.reduce(0) { $0 + $1.rowCount })
        for name in names {
            let parts = tables.map { $0.column(name) ?? Column(.null(count: $0.rowCount)) }
            guard let stacked = Column.concatenate(parts) else {
                let types = parts.map(\.type.rawValue).joined(separator: ", ")
                throw MsokoError(.type, tr("verbs.column_has_different_types", ["name": name, "types": types]), at: arguments.range,
                                 hint: tr("verbs.append.convert_first", ["name": name]))
            }
            result.set(name, stacked)
        }
        return result
    }

    struct Arguments: StageArguments {
        /// The datasets stacked below the input, in order.
        let datasets: [NameReference]
        /// The whole stage, where a type clash points.
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard !syntax.items.isEmpty else {
                throw MsokoError(.syntax, tr("verbs.append_needs_dataset_name"), at: syntax.verbRange)
            }
            datasets = try syntax.items.map { item in
                guard item.name == nil, let name = item.expr.columnName else {
                    throw MsokoError(.syntax, tr("verbs.append_takes_dataset_names"), at: item.range)
                }
                return NameReference(name: name, range: item.expr.range)
            }
            range = syntax.range
        }
    }
}
