/// `rename new = old, …`
enum RenameVerb {
    static let spec = VerbSpec(
        name: "rename",
        syntax: "rename NEW_NAME = OLD_NAME, …",
        summary: "give columns new names, keeping their place",
        examples: ["schools | rename name = school_name"],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, _ in
        var result = table
        for pair in arguments.pairs {
            guard let index = result.index(of: pair.oldName) else {
                throw MsokoError(.name, tr("verbs.unknown_column", ["old_name": pair.oldName]), at: pair.oldRange,
                                 hint: Suggest.hint(for: pair.oldName, among: result.names) ?? VerbArguments.columnList(result))
            }
            if let clash = result.index(of: pair.newName), clash != index {
                throw MsokoError(.name, tr("verbs.there_already_column", ["new_name": pair.newName]), at: pair.newRange)
            }
            result.rename(at: index, to: pair.newName)
        }
        return result
    }

    struct Arguments: StageArguments {
        struct Pair: Sendable {
            let newName: String
            let oldName: String
            let newRange: SourceRange
            let oldRange: SourceRange
        }
        /// Applied in order: a later pair sees the names the earlier ones gave.
        let pairs: [Pair]

        init(_ syntax: ArgumentSyntax) throws {
            pairs = try syntax.items.map { item in
                guard let newName = item.name, let oldName = item.expr.columnName else {
                    throw MsokoError(.syntax, tr("verbs.rename.takes_new_old"), at: item.range)
                }
                return Pair(newName: newName, oldName: oldName, newRange: item.nameRange ?? item.range, oldRange: item.expr.range)
            }
        }
    }
}
