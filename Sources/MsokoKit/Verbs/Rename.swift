/// `rename new = old, …`
enum RenameVerb {
    static let spec = VerbSpec(
        name: "rename",
        syntax: "rename NEW_NAME = OLD_NAME, …",
        summary: "give columns new names, keeping their place",
        examples: ["schools | rename name = school_name"],
        schema: .fromZeroRows
    ) { stage, table, _ in
        var result = table
        for item in stage.items {
            guard let newName = item.name, let oldName = item.expr.columnName else {
                throw MsokoError(.syntax, tr("verbs.rename.takes_new_old"), at: item.range)
            }
            guard let index = result.index(of: oldName) else {
                throw MsokoError(.name, tr("verbs.unknown_column", ["old_name": oldName]), at: item.expr.range,
                                 hint: Suggest.hint(for: oldName, among: result.names) ?? VerbArguments.columnList(result))
            }
            if let clash = result.index(of: newName), clash != index {
                throw MsokoError(.name, tr("verbs.there_already_column", ["new_name": newName]), at: item.nameRange ?? item.range)
            }
            result.rename(at: index, to: newName)
        }
        return result
    }
}
