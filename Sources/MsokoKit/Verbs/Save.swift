/// `save "path" [with …]` — writes the table (format by extension), atomically; passes it on.
enum SaveVerb {
    static let spec = VerbSpec(
        name: "save",
        syntax: "save \"PATH\" [with dialect = \"excel-ru\", escape_formulas = false, format = \"csv\", when = CONDITION, split_by = \"COLUMN\"]",
        summary: "write the table to a file: .csv .tsv .json .jsonl .md .xlsx, chosen by extension",
        details: "Files are written to a temporary file and renamed into place, so a failure never leaves half a file. Missing folders are created. In CSV/TSV, text cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets do not run them as formulas — except numbers as people write them (`-1,5`, `-1 234`, `-12%`) and phone numbers (`+7 999 123-45-67`), which cannot call anything (`escape_formulas = false` turns it off for files meant for programs). `dialect = \"excel-ru\"` writes what Russian Excel opens by double-click: UTF-8 with BOM, `;` between fields, decimal comma. `when = CONDITION` writes only when the condition, computed over all the table's rows like one `summarize` without `by`, holds (`when = count() > 0`, `when = max(errors) == 0 or $force`); otherwise nothing is written, a note says so, and the table passes on. `split_by = \"COLUMN\"` writes one file per value of the column, the path naming it in braces (`\"out/{school_id}.xlsx\"`; characters no file system takes become `_`, and a value whose name another value already took gets `-2`); rows with a null value are not written. A statement that ends in `save` prints nothing.",
        examples: [
            "vpr | count by school_id | save \"out/counts.csv\"",
            "vpr | count by school_id | save \"out/counts-excel.csv\" with dialect = \"excel-ru\"",
            "vpr | count by school_id, class_id | save \"out/classes/{school_id}.csv\" with split_by = \"school_id\"",
            "vpr | where mark == 2 | save \"out/twos.csv\" with when = count() > 0",
        ],
        clauses: ["with"],
        options: [
            VerbOption("dialect", .choice(["excel-ru", "rfc4180"]), "`excel-ru`: UTF-8 with BOM, `;` and decimal comma, as Russian Excel opens by double-click; `rfc4180` (default): `,` and `.`"),
            VerbOption("escape_formulas", .bool, "`false` writes text cells starting with `=`, `+`, `-`, `@` as they are (default `true`: a leading `'`)"),
            VerbOption("format", .choice(OutputFormat.allCases.map(\.rawValue)), "the file's format when the extension does not say it"),
            VerbOption("when", .expression, "write only when this condition over all rows holds (`count() > 0`)"),
            VerbOption("split_by", .column, "one file per value of this column; the path names it in braces"),
        ],
        effects: .writesFiles,
        arguments: Arguments.self
    ) { arguments, table, session in
        let item = arguments.path
        let pathValue = try session.evaluator.constant(item.expr)
        guard case .text(let path) = pathValue, !path.isEmpty else {
            throw MsokoError(.type, tr("verbs.save_needs_path_text"), at: item.range, hint: tr("verbs.write_double_quotes"))
        }
        var options = WriteOptions()
        var splitBy: (name: String, range: SourceRange)?
        // In the order written: a `when` that does not hold ends the stage before the options after it are read.
        for option in arguments.options {
            if option.name == "when" {
                let verdict = try SummarizeVerb.summarize(table, aggregates: [NamedExpression(option.item, name: "holds")], keys: [], session: session)
                switch verdict.columns[0].value(at: 0) {
                case .bool(true): continue
                case .bool(false), .null:
                    session.sink.note(tr("verbs.save_condition_when_does", ["path": path]))
                    return table
                default:
                    throw MsokoError(.type, tr("verbs.condition_when_true_false", ["value": verdict.columns[0].type.rawValue]), at: option.expr.range,
                                     hint: tr("verbs.compare", ["example": "when = count() > 0"]))
                }
            }
            switch option.name {
            case "split_by":
                let value = try option.value(session)
                guard case .text(let name) = value, table.column(name) != nil else {
                    throw MsokoError(.name, tr("verbs.split_names_column_table", ["plain_text": value.plainText]), at: option.expr.range,
                                     hint: Suggest.hint(for: value.plainText, among: table.names) ?? tr("verbs.save.write_column_name"))
                }
                guard path.contains("{\(name)}") else {
                    throw MsokoError(.syntax, tr("verbs.split_path_names_column", ["braces": "{\(name)}"]), at: item.range,
                                     hint: tr("verbs.example_save_out_csv", ["example": "save \"out/{\(name)}.csv\" with split_by = \"\(name)\""]))
                }
                splitBy = (name, option.expr.range)
            case "dialect":
                options.excelRussian = try option.text(session) == "excel-ru"
            case "escape_formulas":
                options.escapeFormulas = try option.flag(session)
            case "format":
                options.format = OutputFormat(rawValue: try option.text(session))
            default:
                break  // VerbOptions.check has rejected any other name.
            }
        }
        if let splitBy, let column = table.column(splitBy.name) {
            // One file per value, in the order values first appear.
            var rowsByValue: [String: [Int32]] = [:]
            var order: [String] = []
            for row in 0..<table.rowCount {
                let value = column.value(at: row)
                if value.isNull { continue }
                let key = value.plainText
                if rowsByValue[key] == nil { order.append(key) }
                rowsByValue[key, default: []].append(Int32(row))
            }
            // Two values that give the same file name (`a/b`, `a_b`; `S1`, `s1` on a case-blind
            // disk) must not overwrite each other: the later one gets `-2`, `-3`, ….
            var usedStems = Set<String>()
            for key in order {
                let part = table.gather(rowsByValue[key] ?? [])
                var stem = SchoolTemplates.fileStem(key)
                var copy = 2
                while usedStems.contains(stem.lowercased()) {
                    stem = SchoolTemplates.fileStem(key) + "-\(copy)"
                    copy += 1
                }
                usedStems.insert(stem.lowercased())
                let filePath = path.replacingOccurrences(of: "{\(splitBy.name)}", with: stem)
                try session.save(part, to: filePath, options: options, at: item.range)
            }
            return table
        }
        try session.save(table, to: path, options: options, at: item.range)
        return table
    }

    struct Arguments: StageArguments {
        /// The path (text; it may be a parameter), with `{COLUMN}` for `split_by`.
        let path: StageItem
        /// `dialect`, `escape_formulas`, `format`, `when`, `split_by`, in the order written.
        let options: [OptionArgument]

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first, item.name == nil else {
                throw MsokoError(.syntax, tr("verbs.save_takes_one_file"), at: syntax.range, hint: tr("verbs.example_save_out_result"))
            }
            path = item
            options = syntax.options
        }
    }
}
