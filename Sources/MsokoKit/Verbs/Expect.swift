/// `expect CONDITION with error = "…"` or `with note = "…"` — a check on the whole table.
///
/// Scripts that run unattended need to stop with a plain sentence when the data cannot answer
/// (a year with no results), and to record what an analysis had to leave out when an input is
/// missing for the year (no diagnostics this year): the report's «Ограничения анализа».
enum ExpectVerb {
    static let spec = VerbSpec(
        name: "expect",
        syntax: "expect CONDITION with error = \"MESSAGE\" | note = \"MESSAGE\"",
        summary: "check a condition over the whole table: stop the run with a message, or record a limitation of the analysis",
        details: "CONDITION is computed over all the input's rows like one `summarize` without `by` (`count() > 0`, `max(year) == $year`, `count(if(year == $year, 1, null)) > 0`). When it holds the table passes on unchanged. When it does not, `error` stops the run with MESSAGE (exit 1, nothing written in a batch run) and `note` records MESSAGE among the run's limitations — printed at the end of a batch run and readable as the dataset `limitations` (columns `source`, `note`) for a report's «Ограничения анализа» — and passes the table on. MESSAGE may use aggregates too (`list(distinct year)`). A null condition counts as not holding. A statement ending in `expect` prints nothing.",
        examples: [
            "vpr | expect count() > 0 with error = \"no VPR results\" | count by year",
            "vpr | where year == 2030 | expect count() > 0 with note = \"no VPR results for 2030\" | count",
        ],
        quiet: true,
        items: .aggregates,
        clauses: ["with"],
        options: [
            VerbOption("error", .text, "the message to stop the run with when the condition fails"),
            VerbOption("note", .text, "the limitation to record (and show) when the condition fails"),
        ],
        arguments: Arguments.self
    ) { arguments, table, session in
        let values = try SummarizeVerb.summarize(table, aggregates: [arguments.condition, arguments.message], keys: [], session: session)
        let condition = arguments.condition
        let holds = values.columns[0].value(at: 0)
        switch holds {
        case .bool(true): return table
        case .bool(false), .null: break
        default:
            throw MsokoError(.type, tr("verbs.condition_expect_true_false", ["value": values.columns[0].type.rawValue]), at: condition.range,
                             hint: tr("verbs.compare", ["example": "count() > 0"]))
        }
        let message = values.columns[1].value(at: 0).plainText
        if arguments.mode == .error {
            throw MsokoError(.runtime, message, at: arguments.range)
        }
        session.addLimitation(message, source: session.pipelineSource ?? "")
        session.sink.note(message)
        return table
    }

    struct Arguments: StageArguments {
        enum Mode: String, Sendable {
            /// Stop the run with the message.
            case error
            /// Record the message among the run's limitations and pass the table on.
            case note
        }
        /// Computed over all rows like one `summarize` without `by` (named `holds`).
        let condition: NamedExpression
        let mode: Mode
        /// The message, an expression that may use aggregates too (named `message`).
        let message: NamedExpression
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let condition = syntax.items.first, condition.name == nil else {
                throw MsokoError(.syntax, tr("verbs.expect_takes_one_condition"), at: syntax.items.first?.range ?? syntax.verbRange,
                                 hint: tr("verbs.example_expect_count_error"))
            }
            let options = syntax.clause("with")?.items ?? []
            guard options.count == 1, let option = options.first, let mode = option.name.flatMap(Mode.init(rawValue:)) else {
                throw MsokoError(.syntax, tr("verbs.expect_needs_one_option"),
                                 at: options.first?.range ?? syntax.verbRange,
                                 hint: tr("verbs.example_expect_count_error"))
            }
            self.condition = NamedExpression(condition, name: "holds")
            self.mode = mode
            message = NamedExpression(option, name: "message")
            range = syntax.range
        }
    }
}
