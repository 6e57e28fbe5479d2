import Foundation

/// `ensure name = default, …` — adds the columns a table lacks (an optional column of a
/// district's file), leaving the ones it has as they are.
enum EnsureVerb {
    static let spec = VerbSpec(
        name: "ensure",
        syntax: "ensure NAME = DEFAULT, … [with note = \"WHAT IT MEANS\"]",
        summary: "add each column the table lacks, with a default; leave the ones it has untouched",
        details: "For the optional columns of a district's files (`reference_results.n`, `mark_scales.exam`): later stages can name the column whether the file has it or not. A column that is there keeps its values, nulls included (add `derive x = coalesce(x, …)` to fill them); its type must fit the default's: numbers fit numbers, a null default fits anything, and a column with no values at all takes the default's type. A missing column is computed like `derive` (the default may use other columns). `int(null)`, `double(null)`, `text(null)`, `bool(null)` and `date(null)` give a typed column of nulls, which joins, compares and aggregates as that type; a bare `null` gives a column with no type yet. When a column is added to a table that has rows, one note names the dataset, its file and the columns added, followed by `note`. An empty table (an absent optional file) gets its columns quietly.",
        examples: [
            "schools | ensure fisoko_login = text(null) | select school_id, fisoko_login",
            "vpr | ensure exam = \"ВПР\" with note = \"every row is a ВПР work\" | count by exam",
            "vpr | ensure journal_mark = int(null) | summarize n = count(journal_mark)",
        ],
        items: .expressions,
        clauses: ["with"],
        options: [VerbOption("note", .text, "what the default means, added to the note about added columns")],
        arguments: Arguments.self
    ) { arguments, table, session in
        var note: String? = nil
        for option in arguments.notes {
            guard case .text(let text) = try option.value(session) else {
                throw MsokoError(.syntax, tr("verbs.ensure_takes_one_option"), at: option.range)
            }
            note = text
        }
        var result = table
        var added: [NamedExpression] = []
        for item in arguments.columns {
            let name = item.name
            let declared = declaredType(item.expr)
            if let index = result.index(of: name) {
                let present = result.columns[index]
                let wanted = try declared ?? session.evaluator.evaluate(item.expr, in: Scope(table: result)).type
                if present.type == .null, wanted != .null {
                    result.set(name, Column.nulls(wanted, count: result.rowCount))
                } else if !fits(present.type, wanted) {
                    throw MsokoError(.type, tr("verbs.here_but_default", ["name": name, "type": present.type.rawValue, "source_text": item.expr.sourceText, "wanted": wanted.rawValue]),
                                     at: item.range,
                                     hint: tr("verbs.give_default_column_s", ["name": name, "type": present.type.rawValue, "wanted": wanted.rawValue]))
                }
                continue
            }
            var column = try session.evaluator.column(item.expr, in: Scope(table: result))
            if column.type == .null, let declared { column = Column.nulls(declared, count: result.rowCount) }
            result.set(name, column)
            added.append(item)
        }
        if !added.isEmpty, table.rowCount > 0 {
            session.sink.note(message(added, note: note, session: session))
            if let note, !note.isEmpty {
                let file = session.pipelineSource.flatMap { session.datasets[$0]?.source }.map { ($0 as NSString).lastPathComponent }
                session.addLimitation(note, source: file ?? session.pipelineSource ?? "")
            }
        }
        return result
    }

    struct Arguments: StageArguments {
        /// `name = default`, in order.
        let columns: [NamedExpression]
        /// Every `note = …` written (the last one counts; each must be text).
        let notes: [OptionArgument]

        init(_ syntax: ArgumentSyntax) throws {
            columns = try syntax.namedItemsRequired(tr("verbs.ensure.needs_name_default"),
                                                    hint: tr("verbs.example_ensure_n_int")) { item in
                (tr("verbs.ensure_needs_default_each"), tr("verbs.write_null_int_null", ["value": item.expr.columnName ?? "name"]))
            }
            notes = syntax.options
        }
    }

    /// The type a default states without being evaluated: a literal's, or a cast's
    /// (`int(null)` is an int even though its value is null). nil when only evaluation can tell.
    static func declaredType(_ expr: Expr) -> DataType? {
        switch expr.kind {
        case .literal(let value):
            return value.type
        case .call(let name, let arguments) where arguments.count == 1:
            let casts: [String: DataType] = ["int": .int, "double": .double, "text": .text, "bool": .bool, "date": .date]
            return casts[name.lowercased()]
        default:
            return nil
        }
    }

    /// A column that is there fits its default when the types agree, both are numbers, or the
    /// default is an untyped null.
    static func fits(_ present: DataType, _ wanted: DataType) -> Bool {
        present == wanted || wanted == .null || (present.isNumeric && wanted.isNumeric)
    }

    /// "`reference` (Datasets/reference_results.csv) has no column `n`: added as `n = int(null)`; …"
    static func message(_ added: [NamedExpression], note: String?, session: Session) -> String {
        var subject = tr("verbs.table")
        if let source = session.pipelineSource {
            subject = "`\(source)`"
            if let file = session.datasets[source]?.source { subject += " (\(file))" }
        }
        let names = added.map { "`\($0.name)`" }.joined(separator: ", ")
        let defaults = added.map { "`\($0.range.text)`" }.joined(separator: ", ")
        var text = tr("verbs.has_column_added", ["subject": subject, "added_count": added.count, "names": names, "defaults": defaults])
        if let note, !note.isEmpty { text += "; " + note }
        return text
    }
}
