/// Help text, generated from the verb, function and aggregate registries.
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
        ("def", "def NAME(ARG, …) = EXPRESSION", "define a function; it may use aggregates (the prelude defines `quality`, `pass_rate` this way)",
         ["def share_low(m) = pct(m == 2)", "vpr | summarize low = share_low(mark) by school_id"]),
    ]

    static let commandHelp: [(String, String)] = [
        ("datasets", "list the datasets: name, rows, columns, source file"),
        ("describe NAME", "each column of a dataset: type, nulls, distinct values, min, max, most frequent values"),
        ("functions", "every function and aggregate with its signature"),
        ("verbs", "every verb with its syntax"),
        ("prelude", "print the prelude (indicator definitions written in the language)"),
        ("forget NAME", "drop a dataset from the session"),
        ("help TOPIC", "help on a verb, function, statement (load, let, param, run, def) or `syntax`"),
    ]

    static func text(for topic: String, session: Session, at range: SourceRange) throws -> String {
        let key = topic.trimmingCharacters(in: .whitespaces).lowercased()
        if key.isEmpty { return overview() }
        if key == "syntax" || key == "language" || key == "expressions" { return syntax() }
        if key == "functions" || key == "aggregates" {
            return TableWriter.render(functionsTable(session), format: .table)
        }
        if key == "verbs" { return TableWriter.render(verbsTable(), format: .table) }
        if let verb = VerbRegistry.lookup(key) {
            var out = "\(verb.syntax)\n\n  \(verb.summary).\n"
            if !verb.details.isEmpty { out += "\n" + wrap(verb.details, indent: "  ") + "\n" }
            out += "\nExamples:\n" + verb.examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
            return out
        }
        if let statement = statementTopics.first(where: { $0.0 == key }) {
            var out = "\(statement.1)\n\n  \(statement.2).\n"
            if key == "load" {
                out += "\n  Options (`with NAME = VALUE, …`; what is not given is sniffed):\n"
                for option in LoadOptions.all {
                    out += "    \(option.name) = \(option.value)   [\(option.applies.rawValue)]\n"
                    out += wrap(option.summary, indent: "        ") + "\n"
                }
            }
            out += "\nExamples:\n" + statement.3.map { "  " + $0 }.joined(separator: "\n") + "\n"
            return out
        }
        if let aggregate = AggregateFunction(rawValue: key) {
            return "\(aggregate.signature)   (aggregate)\n\n  \(aggregate.summary).\n\nExample:\n  \(aggregate.example)\n"
        }
        if let function = ScalarFunctions.lookup(key) {
            return "\(function.signature)\n\n  \(function.summary).\n\nExample:\n  \(function.example)\n"
        }
        if let function = session.functions[key] {
            var out = "\(function.name)(\(function.parameters.joined(separator: ", "))) = \(function.body.sourceText)\n\n"
            let comments = commentLines(before: function)
            if !comments.isEmpty { out += comments.map { "  " + $0 }.joined(separator: "\n") + "\n\n" }
            return out + "  defined in \(function.origin)\n"
        }
        let topics = VerbRegistry.all.map(\.name) + statementTopics.map(\.0) + AggregateFunction.allCases.map(\.rawValue)
            + ScalarFunctions.all.map(\.name) + Array(session.functions.keys) + ["syntax", "functions", "verbs"]
        throw MsokoError(.name, tr("command.no_help_topic", ["topic": topic]), at: range,
                         hint: Suggest.hint(for: key, among: topics) ?? tr("command.no_help_topic.hint"))
    }

    static func overview() -> String {
        var out = """
        msoko — a workbench for education-quality data: load results, filter, summarize, save.

        Statements (one per line; `help NAME` for each):

        """
        for statement in statementTopics { out += "  " + pad(statement.1, 44) + statement.2 + "\n" }
        out += "  " + pad("DATASET | VERB … | VERB …", 44) + "a pipeline; its result is printed unless saved\n"
        out += "\nVerbs (`help where`, …):\n"
        for verb in VerbRegistry.all { out += "  " + pad(verb.name, 11) + verb.summary + "\n" }
        out += "\nAggregates: " + AggregateFunction.allCases.map(\.rawValue).joined(separator: ", ") + "\n"
        out += "Functions: " + ScalarFunctions.all.map(\.name).joined(separator: ", ") + "\n"
        let prelude = Session.preludeFunctionNames
        out += "Indicators (prelude; `help NAME` for one, `prelude` for all): " + prelude.joined(separator: ", ") + "\n"
        out += "\nCommands:\n"
        for (name, summary) in commandHelp { out += "  " + pad(name, 16) + summary + "\n" }
        out += "\nExpressions: `help syntax`.\n"
        return out
    }

    /// The `#` lines just above a function's `def` (its explanation in the prelude or a script).
    static func commentLines(before function: UserFunction) -> [String] {
        let file = function.range.file
        var line = function.range.line - 1
        var lines: [String] = []
        while line >= 1 {
            let text = file.lineText(line).trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("#") else { break }
            lines.insert(String(text.dropFirst()).trimmingCharacters(in: .whitespaces), at: 0)
            line -= 1
        }
        return lines
    }

    static func syntax() -> String {
        """
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
    }

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
            names.append(.text(aggregate.rawValue)); kinds.append(.text("aggregate"))
            signatures.append(.text(aggregate.signature)); summaries.append(.text(aggregate.summary))
        }
        for function in ScalarFunctions.all {
            names.append(.text(function.name)); kinds.append(.text("scalar"))
            signatures.append(.text(function.signature)); summaries.append(.text(function.summary))
        }
        for function in session.functions.values.sorted(by: { $0.name < $1.name }) {
            names.append(.text(function.name)); kinds.append(.text(function.origin == "prelude" ? "prelude" : "defined"))
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
        table.set("summary", Column.from(VerbRegistry.all.map { .text($0.summary) }))
        return table
    }
}

extension Help {
    /// The language reference in Markdown (docs/reference.md), generated from the registries so
    /// it cannot drift from `help`. A test checks the committed file is current.
    public static func referenceMarkdown() -> String {
        var out = """
        # msoko language reference

        *Generated from the verb, function and aggregate registries (`Help.referenceMarkdown`); do not edit by hand —
        run `MSOKO_RECORD=1 swift test --filter Reference` after changing a registry.*

        ## Statements

        | statement | does |
        |---|---|

        """
        for statement in statementTopics {
            out += "| `\(statement.1)` | \(statement.2) |\n"
        }
        out += "| `DATASET \\| VERB … \\| VERB …` | a pipeline; its result is printed unless it ends in `save` |\n"
        for statement in statementTopics {
            out += "\n### \(statement.0)\n\n```\n" + statement.3.joined(separator: "\n") + "\n```\n"
            if statement.0 == "load" {
                out += """

                Options (`with NAME = VALUE, …`). Everything not given is sniffed: encoding (BOM, valid UTF-8, else Cyrillic
                single-byte), delimiter, header, column types and the decimal comma.

                | option | value | files | does |
                |---|---|---|---|

                """
                for option in LoadOptions.all {
                    out += "| `\(option.name)` | `\(option.value.replacingOccurrences(of: "|", with: "\\|"))` | \(option.applies.rawValue) | \(option.summary) |\n"
                }
            }
        }
        out += "\n## Expressions\n\n```\n" + syntax() + "```\n"
        out += "\n## Verbs\n\n"
        for verb in VerbRegistry.all {
            out += "### \(verb.name)\n\n`\(verb.syntax)` — \(verb.summary).\n\n"
            if !verb.details.isEmpty { out += verb.details + "\n\n" }
            out += "```\n" + verb.examples.joined(separator: "\n") + "\n```\n\n"
        }
        out += "## Aggregates\n\nAggregates skip nulls; an empty group gives null (counts give 0).\n\n| aggregate | does | example |\n|---|---|---|\n"
        for aggregate in AggregateFunction.allCases {
            out += "| `\(aggregate.signature)` | \(aggregate.summary) | `\(aggregate.example.replacingOccurrences(of: "|", with: "\\|"))` |\n"
        }
        out += "\n## Functions\n\nA null argument gives null, except in `coalesce`, `concat`, `if`, `nullif`, `greatest`, `least`.\n\n| function | does | example |\n|---|---|---|\n"
        for function in ScalarFunctions.all {
            out += "| `\(function.signature)` | \(function.summary) | `\(function.example.replacingOccurrences(of: "|", with: "\\|"))` |\n"
        }
        out += "\n## Prelude\n\nDefined in the language and loaded into every session (`prelude` prints it):\n\n```\n" + Prelude.source + "\n```\n"
        out += "\n## Session commands\n\n| command | does |\n|---|---|\n"
        for (name, summary) in commandHelp { out += "| `\(name)` | \(summary) |\n" }
        return out
    }
}
