/// Help text, generated from the verb, function and aggregate registries, in the current
/// language: the registries' English, or the Russian of `HelpText` (Localization/); headings and
/// labels come from the message catalogue (`help.*`, `reference.*`).
public enum Help {
    public static let statementTopics: [(String, String, String, [String])] = [
        ("load", "load \"PATH\" [as NAME] [with OPTION = VALUE, …]",
         "read a CSV/TSV file or an Excel workbook (.xlsx) into a dataset (delimiter, header, types, encoding and decimal comma are sniffed); a folder (`\"returned/\"`) or a glob (`\"returned/*.xlsx\"`) reads every file the same way and stacks them, with a first column `source_file` (docs/loading-many-files.md)",
         ["load \"Datasets/schools.csv\" as schools",
          "load \"export.csv\" as r with delimiter = \";\", encoding = \"cp1251\", decimal = \",\"",
          "load \"vpr.csv\" as vpr with types = {task: \"text\", school_id: \"text\"}, ignore_errors = true",
          "load $data + \"/recommendations.csv\" as last_recommendations with optional = \"no monitoring\", types = {rec_id: \"text\", year: \"int\"}",
          "load \"Данные.xlsx\" as d with sheet = \"Лист1\"",
          "load \"ВПР_Математика_5.xlsx\" as vpr with profile = \"fisoko\", year = 2025",
          "load \"protocols/*.xlsx\" as vpr with profile = \"fisoko\", schools = \"schools\"",
          "load \"returned/\" as returned with sheet = \"Классы и учителя\", provenance = true",
          "load \"ВПР_Математика_5.xlsx\" as vpr_tasks with profile = \"fisoko-tasks\", year = 2025",
          "load \"ОГЭ_2025_Математика.csv\" as gia with profile = \"gia\", schools = \"schools\"",
          "load \"Описание_ВПР_Математика_5.xlsx\" as tasks with profile = \"vpr-catalogue\", year = 2025"]),
        ("let", "let NAME = PIPELINE", "keep a pipeline's result as a new dataset (nothing is printed)",
         ["let math5 = vpr | where subject == \"Математика\" and grade == 5"]),
        ("param", "param NAME = VALUE", "a script parameter with its default; `--param NAME=VALUE` or `run … with NAME = VALUE` override it; read it as `$NAME`",
         ["param year = 2025", "vpr | where year == $year | count"]),
        ("run", "run \"SCRIPT\" [with NAME = VALUE, …]", "run another script in this session, with its parameters set",
         ["run \"Scripts/school-profile.msoko\" with school = \"S03\""]),
        ("attach", "attach \"postgresql://USER@HOST/DB\" as NAME [with schema = \"…\", prefix = \"…\"]",
         "make a PostgreSQL server's tables datasets: pipelines on them run on the server as one SQL query where they can (the rest runs here, with a note); `load \"postgresql://…/DB/TABLE\"` takes one table, `save \"postgresql://…/DB/SCHEMA.TABLE\"` writes one; the password comes from PGPASSWORD or ~/.pgpass, never from the script (docs/postgresql.md)",
         ["attach \"postgresql://analyst@db.region.local/assessment\" as region",
          "load \"postgresql://analyst@db.region.local/assessment/vpr_results\" as vpr with types = {school_id: \"text\"}",
          "vpr | count by school_id | save \"postgresql://analyst@db.region.local/assessment/reports.counts\""]),
        ("def", "def NAME(ARG, …) = EXPRESSION", "define a function; it may use aggregates (the prelude defines `quality`, `pass_rate` this way)",
         ["def share_low(m) = pct(m == 2)", "vpr | summarize low = share_low(mark) by school_id"]),
    ]

    static let commandHelp: [(String, String)] = [
        ("datasets", "list the datasets: name, rows, columns, source file"),
        ("describe NAME", "each column of a dataset: type, nulls, distinct values, min, max, most frequent values; then the rows, columns and memory the dataset takes"),
        ("functions", "every function and aggregate with its signature"),
        ("verbs", "every verb with its syntax"),
        ("prelude", "print the prelude (indicator definitions written in the language)"),
        ("forget NAME", "drop a dataset from the session"),
        ("help TOPIC", "help on a verb, function, statement (load, let, param, run, def) or `syntax`"),
    ]

    static func text(for topic: String, session: Session, at range: SourceRange) throws -> String {
        let key = topic.trimmingCharacters(in: .whitespaces).lowercased()
        if key.isEmpty { return overview(session) }
        if key == "syntax" || key == "language" || key == "expressions" { return syntax() }
        if key == "functions" || key == "aggregates" {
            return TableWriter.render(functionsTable(session), format: .table)
        }
        if key == "verbs" { return TableWriter.render(verbsTable(), format: .table) }
        if let verb = VerbRegistry.lookup(key) {
            var out = "\(verb.syntax)\n\n  \(verb.localizedSummary).\n"
            if !verb.details.isEmpty { out += "\n" + wrap(verb.localizedDetails, indent: "  ") + "\n" }
            if !verb.options.isEmpty {
                out += "\n  " + tr("help.verb.options") + "\n"
                for option in verb.options {
                    out += "    \(option.name) = \(option.valueSyntax)\n" + wrap(option.localizedSummary(verb: verb.name), indent: "        ") + "\n"
                }
            }
            out += "\n" + tr("help.examples") + "\n" + verb.examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
            return out
        }
        if let statement = statementTopics.first(where: { $0.0 == key }) {
            var out = "\(statement.1)\n\n  \(topicSummary(statement)).\n"
            if key == "load" {
                out += "\n  " + tr("help.load.options") + "\n"
                for option in LoadOptions.all {
                    out += "    \(option.name) = \(option.value)   [\(option.applies.localizedName)]\n"
                    out += wrap(option.localizedSummary, indent: "        ") + "\n"
                }
            }
            out += "\n" + tr("help.examples") + "\n" + statement.3.map { "  " + $0 }.joined(separator: "\n") + "\n"
            return out
        }
        if let aggregate = AggregateFunction(rawValue: key) {
            return "\(aggregate.signature)   " + tr("help.aggregate_tag") + "\n\n  \(aggregate.localizedSummary).\n\n"
                + tr("help.example") + "\n  \(aggregate.example)\n"
        }
        if let function = ScalarFunctions.lookup(key) {
            return "\(function.signature)\n\n  \(function.localizedSummary).\n\n" + tr("help.example") + "\n  \(function.example)\n"
        }
        if let function = session.functions[key] {
            var out = "\(function.name)(\(function.parameters.joined(separator: ", "))) = \(function.body.sourceText)\n\n"
            var comments = commentLines(before: function)
            // The Russian of a prelude comment translates the shipped one: an analyst's edited
            // comment is shown as written.
            if function.origin == "prelude", !comments.isEmpty,
               preludeComments.contains(where: { $0.name == function.name && $0.lines == comments }) {
                comments = HelpText.localized(HelpText.Key.prelude(function.name), english: comments.joined(separator: "\n"))
                    .components(separatedBy: "\n")
            }
            if !comments.isEmpty { out += comments.map { "  " + $0 }.joined(separator: "\n") + "\n\n" }
            let origin = function.origin == "prelude" ? tr("help.defined_in_prelude") : tr("help.defined_in", ["origin": function.origin])
            return out + "  " + origin + "\n"
        }
        let topics = VerbRegistry.all.map(\.name) + statementTopics.map(\.0) + AggregateFunction.allCases.map(\.rawValue)
            + ScalarFunctions.all.map(\.name) + Array(session.functions.keys) + ["syntax", "functions", "verbs"]
        throw MsokoError(.name, tr("help.no_topic", ["topic": topic]), at: range,
                         hint: Suggest.hint(for: key, among: topics) ?? tr("help.no_topic.hint"))
    }

    /// A statement topic's one line in the current language.
    static func topicSummary(_ statement: (String, String, String, [String])) -> String {
        HelpText.localized(HelpText.Key.topic(statement.0), english: statement.2)
    }

    /// A session command's one line in the current language.
    static func commandSummary(_ command: (String, String)) -> String {
        HelpText.localized(HelpText.Key.command(command.0), english: command.1)
    }

    static func overview(_ session: Session) -> String {
        var out = tr("help.overview.title") + "\n\n" + tr("help.overview.statements") + "\n"
        for statement in statementTopics { out += "  " + pad(statement.1, 44) + topicSummary(statement) + "\n" }
        out += "  " + pad("DATASET | VERB … | VERB …", 44) + tr("help.overview.pipeline") + "\n"
        out += "\n" + tr("help.overview.verbs") + "\n"
        for verb in VerbRegistry.all { out += "  " + pad(verb.name, 11) + verb.localizedSummary + "\n" }
        out += "\n" + tr("help.overview.aggregates", ["names": AggregateFunction.allCases.map(\.rawValue).joined(separator: ", ")]) + "\n"
        out += tr("help.overview.functions", ["names": ScalarFunctions.all.map(\.name).joined(separator: ", ")]) + "\n"
        let prelude = session.prelude.functionNames
        out += tr("help.overview.prelude", ["names": prelude.joined(separator: ", ")]) + "\n"
        out += "\n" + tr("help.overview.commands") + "\n"
        for command in commandHelp { out += "  " + pad(command.0, 16) + commandSummary(command) + "\n" }
        out += "\n" + tr("help.overview.syntax") + "\n"
        return out
    }

    /// The `#` lines just above a function's `def` (its explanation in the prelude or a script).
    static func commentLines(before function: UserFunction) -> [String] {
        commentLines(above: function.range.line, in: function.range.file)
    }

    /// The shipped prelude's functions that have an explanation, with its `#` lines, in the
    /// prelude's order (what the Russian help translates).
    static let preludeComments: [(name: String, lines: [String])] = {
        let file = SourceFile(name: "<prelude>", text: Prelude.builtIn)
        return Parser.parse(file).statements.compactMap { statement in
            guard case .define(let name, _, _) = statement.kind else { return nil }
            let lines = commentLines(above: statement.range.line, in: file)
            return lines.isEmpty ? nil : (name, lines)
        }
    }()

    static func commentLines(above definitionLine: Int, in file: SourceFile) -> [String] {
        var line = definitionLine - 1
        var lines: [String] = []
        while line >= 1 {
            let text = file.lineText(line).trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("#") else { break }
            lines.insert(String(text.dropFirst()).trimmingCharacters(in: .whitespaces), at: 0)
            line -= 1
        }
        return lines
    }

    /// `help syntax` in the current language.
    static func syntax() -> String {
        HelpText.localized(HelpText.Key.topic("syntax"), english: syntaxEnglish)
    }

    static let syntaxEnglish = """
        Expressions
          numbers 5, 3.5   text "Математика"   true false null   columns school_id, `Первичный балл`
          parameters $year   lists [5, 6]   records {task: "text"}
          + - * /  (`/` always gives a double; `+` also joins two texts)   %
          == != < <= > >=   and or not   x in [..]   x not in [..]   x is null   x is not null
          function calls round(x, 1), aggregates mean(x) — `help functions`
        Nulls propagate as in SQL: null + 1 is null, null == null is null, `where` keeps only true rows;
        aggregates skip nulls.
        A statement ends at the end of a line unless the line ends with `|`, `,` or an operator, the next
        line starts with `|`, `by`, `on`, `with`, `and` or `or`, or brackets are open.
        `;` separates statements on one line. `#` starts a comment.
        Names with spaces or keywords go in backquotes: `Первичный балл`.

        """

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.of(text)))
    }

    static func wrap(_ text: String, indent: String, width: Int = 96) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if DisplayWidth.of(line) + word.count + 1 > width, line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        if line != indent { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    static func functionsTable(_ session: Session) -> Table {
        var names: [Value] = [], kinds: [Value] = [], signatures: [Value] = [], summaries: [Value] = []
        for aggregate in AggregateFunction.allCases {
            names.append(.text(aggregate.rawValue)); kinds.append(.text(tr("help.kind.aggregate")))
            signatures.append(.text(aggregate.signature)); summaries.append(.text(aggregate.localizedSummary))
        }
        for function in ScalarFunctions.all {
            names.append(.text(function.name)); kinds.append(.text(tr("help.kind.scalar")))
            signatures.append(.text(function.signature)); summaries.append(.text(function.localizedSummary))
        }
        for function in session.functions.values.sorted(by: { $0.name < $1.name }) {
            names.append(.text(function.name)); kinds.append(.text(function.origin == "prelude" ? tr("help.kind.prelude") : tr("help.kind.defined")))
            signatures.append(.text("\(function.name)(\(function.parameters.joined(separator: ", ")))"))
            summaries.append(.text(function.body.sourceText))
        }
        var table = Table()
        table.set("name", Column.from(names))
        table.set("kind", Column.from(kinds))
        table.set("signature", Column.from(signatures))
        table.set("summary", Column.from(summaries))
        return table
    }

    static func verbsTable() -> Table {
        var table = Table()
        table.set("verb", Column.from(VerbRegistry.all.map { .text($0.name) }))
        table.set("syntax", Column.from(VerbRegistry.all.map { .text($0.syntax) }))
        table.set("summary", Column.from(VerbRegistry.all.map { .text($0.localizedSummary) }))
        return table
    }
}

extension Help {
    /// The language reference in Markdown (docs/reference.md, and docs/reference.ru.md in
    /// Russian), generated from the registries so it cannot drift from `help`. A test checks the
    /// committed files are current.
    public static func referenceMarkdown(language: Language = .en) -> String {
        Language.$scoped.withValue(language) { referenceMarkdownInCurrentLanguage() }
    }

    static func referenceMarkdownInCurrentLanguage() -> String {
        var out = "# " + tr("reference.title") + "\n\n" + tr("reference.generated") + "\n\n## " + tr("reference.statements") + "\n\n"
            + tr("reference.statements.header") + "\n|---|---|\n"
        for statement in statementTopics {
            out += "| `\(statement.1)` | \(topicSummary(statement)) |\n"
        }
        out += "| `DATASET \\| VERB … \\| VERB …` | " + tr("reference.pipeline") + " |\n"
        for statement in statementTopics {
            out += "\n### \(statement.0)\n\n```\n" + statement.3.joined(separator: "\n") + "\n```\n"
            if statement.0 == "load" {
                out += "\n" + tr("reference.load.options") + "\n\n" + tr("reference.load.header") + "\n|---|---|---|---|\n"
                for option in LoadOptions.all {
                    out += "| `\(option.name)` | `\(option.value.replacingOccurrences(of: "|", with: "\\|"))` | \(option.applies.localizedName) | \(option.localizedSummary) |\n"
                }
            }
        }
        out += "\n## " + tr("reference.expressions") + "\n\n```\n" + syntax() + "```\n"
        out += "\n## " + tr("reference.verbs") + "\n\n"
        for verb in VerbRegistry.all {
            out += "### \(verb.name)\n\n`\(verb.syntax)` — \(verb.localizedSummary).\n\n"
            if !verb.details.isEmpty { out += verb.localizedDetails + "\n\n" }
            if !verb.options.isEmpty {
                out += tr("reference.verb.options.header") + "\n|---|---|---|\n"
                for option in verb.options {
                    out += "| `\(option.name)` | `\(option.valueSyntax.replacingOccurrences(of: "|", with: "\\|"))` | \(option.localizedSummary(verb: verb.name)) |\n"
                }
                out += "\n"
            }
            out += "```\n" + verb.examples.joined(separator: "\n") + "\n```\n\n"
        }
        out += "## " + tr("reference.aggregates") + "\n\n" + tr("reference.aggregates.intro") + "\n\n" + tr("reference.aggregates.header") + "\n|---|---|---|\n"
        for aggregate in AggregateFunction.allCases {
            out += "| `\(aggregate.signature)` | \(aggregate.localizedSummary) | `\(aggregate.example.replacingOccurrences(of: "|", with: "\\|"))` |\n"
        }
        out += "\n## " + tr("reference.functions") + "\n\n" + tr("reference.functions.intro") + "\n\n" + tr("reference.functions.header") + "\n|---|---|---|\n"
        for function in ScalarFunctions.all {
            out += "| `\(function.signature)` | \(function.localizedSummary) | `\(function.example.replacingOccurrences(of: "|", with: "\\|"))` |\n"
        }
        out += "\n## " + tr("reference.prelude") + "\n\n" + tr("reference.prelude.intro") + "\n\n```\n" + Prelude.builtIn + "\n```\n"
        out += "\n## " + tr("reference.commands") + "\n\n" + tr("reference.commands.header") + "\n|---|---|\n"
        for command in commandHelp { out += "| `\(command.0)` | \(commandSummary(command)) |\n" }
        return out
    }
}
