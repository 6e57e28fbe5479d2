/// `save "path" [with …]` — writes the table (format by extension), atomically; passes it on.
enum SaveVerb {
    static let spec = VerbSpec(
        name: "save",
        syntax: "save \"PATH\" [with dialect = \"excel-ru\", escape_formulas = false]",
        summary: "write the table to a file: .csv .tsv .json .jsonl .md .xlsx, chosen by extension",
        details: "Files are written to a temporary file and renamed into place, so a failure never leaves half a file. Missing folders are created. In CSV/TSV, text cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets do not run them as formulas — except numbers as people write them (`-1,5`, `-1 234`, `-12%`) and phone numbers (`+7 999 123-45-67`), which cannot call anything (`escape_formulas = false` turns it off for files meant for programs). `dialect = \"excel-ru\"` writes what Russian Excel opens by double-click: UTF-8 with BOM, `;` between fields, decimal comma. A statement that ends in `save` prints nothing.",
        examples: [
            "vpr | count by school_id | save \"out/counts.csv\"",
            "vpr | count by school_id | save \"out/counts-excel.csv\" with dialect = \"excel-ru\"",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        guard stage.items.count == 1, let item = stage.items.first, item.name == nil else {
            throw MsokoError(.syntax, "`save` takes one file path", at: stage.range, hint: "for example `| save \"out/result.csv\"`")
        }
        let pathValue = try session.evaluator.constant(item.expr)
        guard case .text(let path) = pathValue, !path.isEmpty else {
            throw MsokoError(.type, "`save` needs the path as text", at: item.range, hint: "write it in double quotes")
        }
        var options = WriteOptions()
        for option in stage.clause("with")?.items ?? [] {
            let value = try session.evaluator.constant(option.expr)
            switch option.name {
            case "dialect":
                guard value.plainText == "excel-ru" || value.plainText == "rfc4180" else {
                    throw MsokoError(.syntax, "unknown dialect `\(value.plainText)`", at: option.expr.range, hint: "dialects: \"excel-ru\", \"rfc4180\"")
                }
                options.excelRussian = value.plainText == "excel-ru"
            case "escape_formulas":
                guard case .bool(let flag) = value else {
                    throw MsokoError(.type, "`escape_formulas` is true or false", at: option.expr.range)
                }
                options.escapeFormulas = flag
            case "format":
                guard let format = OutputFormat(rawValue: value.plainText) else {
                    throw MsokoError(.syntax, "unknown format `\(value.plainText)`", at: option.expr.range,
                                     hint: "formats: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                options.format = format
            default:
                throw MsokoError(.syntax, "unknown option `\(option.name ?? option.expr.sourceText)` for `save`", at: option.range,
                                 hint: Suggest.hint(for: option.name ?? "", among: ["dialect", "escape_formulas", "format"]) ?? "options: dialect, escape_formulas, format")
            }
        }
        try session.save(table, to: path, options: options, at: item.range)
        return table
    }
}
