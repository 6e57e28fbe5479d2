import Foundation

/// `report "PATH" with templates = …, <name> = "DATASET", …` — the annual report.
enum ReportVerb {
    static let spec = VerbSpec(
        name: "report",
        syntax: "report \"PATH\" [with templates = \"Templates/ru\", title = \"…\", formats = \"html,docx\", NAME = \"DATASET\", …]",
        summary: "write the annual report (self-contained HTML with SVG charts, and DOCX with native Word charts) from Mustache templates",
        details: "Renders report.html.mustache and report.docx.mustache of the template folder into PATH.html and PATH.docx. The input table is `tables.recommendations`; every other `NAME = \"DATASET\"` option gives `tables.NAME` to the templates (`columns`, `rows` with `cells`, `empty`, `count`, and `docx`: the table as WordprocessingML, fixed layout, column widths by content, numbers right-aligned, header row repeated; `landscape` when it needs landscape pages). The chart tables `marks`, `journal` (label, n, one column per stacked share), `histogram` (score, n, max_score; with `thresholds`: mark, score) and `tasks` (task, one column per series) also give `charts.NAME`, one chart per value of an optional `group` column: `svg` (inline SVG) and `docx` (a native Word chart that carries its data; a histogram's bars coloured by the mark their score gives). Bars of groups with n < 10 are left empty and marked. `labels.tsv` of the template folder names what the reader sees: a column header `NAME` shows as `column_NAME`, a cell holding a code of the register (action type, status, indicator, finding kind, scope) as its label, and `lang = ru` gives Russian number forms (decimal comma, DD.MM.YYYY). `{{{toc}}}` in the DOCX template places a table of contents over the Heading1–3 paragraphs. The script decides what the tables hold: the report shows teacher codes only and never pupil codes. Written atomically, staged in batch runs; prints nothing.",
        examples: [
            "vpr | count by school_id | report \"out/report-example\" with formats = \"html\"",
        ],
        clauses: ["with"],
        options: [
            VerbOption("templates", .text, "the template folder (default `Templates/ru`)"),
            VerbOption("title", .text, "the report's title"),
            VerbOption("formats", .list(["html", "docx"]), "which files to write (default both)"),
        ],
        datasetOptions: true,
        effects: .writesFiles,
        arguments: Arguments.self
    ) { arguments, table, session in
        guard case .text(var path) = try session.evaluator.constant(arguments.path), !path.isEmpty else {
            throw MsokoError(.syntax, tr("report.needs_path"), at: arguments.range, hint: tr("report.needs_path.hint"))
        }
        for suffix in [".html", ".docx"] where path.lowercased().hasSuffix(suffix) { path = String(path.dropLast(suffix.count)) }
        var templates = "Templates/ru"
        var title = ""
        var formats = ["html", "docx"]
        var tables: [String: Table] = ["recommendations": table]
        for option in arguments.options {
            switch option.name {
            case "templates": templates = try option.text(session)
            case "title": title = try option.text(session)
            case "formats": formats = try option.words(session)
            default:
                // Any other name is a table for the templates (`datasetOptions`).
                tables[option.name] = try session.dataset(try option.text(session), at: option.expr.range)
            }
        }
        let text = ReportText(labels: Drafts.labels(folder: templates, session: session))
        let language = text.labels["lang"].map { $0 == "ru" ? "ru-RU" : $0 == "en" ? "en-GB" : $0 } ?? "ru-RU"
        var context: [String: Any] = ["title": title, "toc": ReportDocx.tocMarker]
        var tableContext: [String: Any] = [:]
        var chartContext: [String: Any] = [:]
        var chartParts: [String] = []
        do {
            for (name, data) in tables.sorted(by: { $0.key < $1.key }) {
                tableContext[name] = ReportVerb.tableContext(data, text: text)
            }
            for kind in AnnualReport.chartKinds {
                guard let data = tables[kind] else { continue }
                var items: [[String: Any]] = []
                for (chart, svg) in try AnnualReport.charts(kind: kind, table: data, thresholds: tables["thresholds"], text: text) {
                    chartParts.append(DocxChart.part(chart, language: language))
                    items.append(["title": chart.title, "svg": svg, "docx": DocxChart.inline(index: chartParts.count, chart: chart)])
                }
                chartContext[kind] = items
            }
            context["tables"] = tableContext
            context["charts"] = chartContext
            for format in formats {
                let rendered = try TemplateRenderer.render(folder: templates, name: "report.\(format).mustache", context: context, session: session)
                let data = format == "docx"
                    ? try ReportDocx.data(body: rendered, title: title, charts: chartParts, tocTitle: text.label("toc_title", "Contents"), language: language)
                    : Data(rendered.utf8)
                try session.writeFile(data, to: path + "." + format)
            }
        } catch let error as MsokoError {
            throw error.placed(at: arguments.range)
        }
        session.noteWritten(tr("report.wrote", ["files": formats.map { path + "." + $0 }.joined(separator: ", ")]))
        return table
    }

    struct Arguments: StageArguments {
        /// The path without `.html`/`.docx` (text; it may be a parameter).
        let path: Expr
        /// `templates`, `title`, `formats`, and `NAME = "DATASET"` tables, in the order written.
        let options: [OptionArgument]
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first, item.name == nil else {
                throw MsokoError(.syntax, tr("report.needs_path"), at: syntax.range, hint: tr("report.needs_path.hint"))
            }
            path = item.expr
            options = syntax.options
            range = syntax.range
        }
    }

    /// A table for the report's templates: `columns` (`name`: the header's label), `rows` (each
    /// with `cells`: `text` as the reader sees it, `numeric`), `empty`, `count`, and `docx`: the
    /// table as WordprocessingML with its column widths (DocxTable); `landscape` when it needs
    /// landscape pages, with `landscape_start` (goes before the section's heading) and
    /// `landscape_end` (after the table) to put it in a section of its own.
    static func tableContext(_ table: Table, text: ReportText) -> [String: Any] {
        let header = table.names.map(text.header)
        let numeric = table.columns.map { $0.type.isNumeric }
        let cells: [[String]] = (0..<table.rowCount).map { row in table.columns.map { text.cell($0.value(at: row)) } }
        let rows: [[String: Any]] = cells.map { row in
            var record: [String: Any] = [:]
            for (index, name) in table.names.enumerated() { record[name] = row[index] }
            record["cells"] = row.indices.map { ["text": row[$0], "numeric": numeric[$0]] as [String: Any] }
            return record
        }
        let landscape = !cells.isEmpty && DocxTable.layout(header: header, rows: cells).landscape
        return ["columns": header.map { ["name": $0] }, "rows": rows, "empty": table.rowCount == 0, "count": table.rowCount,
                "docx": DocxTable.markup(header: header, rows: cells, numeric: numeric, emptyNote: text.label("no_rows", "No records.")),
                "landscape": landscape, "landscape_start": DocxTable.portraitSectionEnd, "landscape_end": DocxTable.landscapeSectionEnd]
    }
}
