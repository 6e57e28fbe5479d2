import Foundation

/// `report "PATH" with templates = …, <name> = "DATASET", …` — the annual report.
enum ReportVerb {
    static let spec = VerbSpec(
        name: "report",
        syntax: "report \"PATH\" [with templates = \"Templates/ru\", title = \"…\", formats = \"html,docx\", NAME = \"DATASET\", …]",
        summary: "write the annual report (self-contained HTML with SVG charts, and DOCX) from Mustache templates",
        details: "Renders report.html.mustache and report.docx.mustache of the template folder into PATH.html and PATH.docx. The input table is `tables.recommendations`; every other `NAME = \"DATASET\"` option gives `tables.NAME` (columns and rows) to the templates, and the chart tables `marks`, `journal` (label, n, one column per stacked share), `histogram` (score, n, max_score; with `thresholds`: mark, score) and `tasks` (task, one column per series) also give `charts.NAME`, one inline SVG per value of an optional `group` column. Bars of groups with n < 10 are left empty and marked. The script decides what the tables hold: the report shows teacher codes only and never pupil codes. Written atomically, staged in batch runs; prints nothing.",
        examples: [
            "vpr | count by school_id | report \"out/report-example\" with formats = \"html\"",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        guard stage.items.count == 1, let item = stage.items.first, item.name == nil,
              case .text(var path) = try session.evaluator.constant(item.expr), !path.isEmpty else {
            throw MsokoError(.syntax, "`report` takes the file path (without extension)", at: stage.range, hint: "for example `| report \"out/report\"`")
        }
        for suffix in [".html", ".docx"] where path.lowercased().hasSuffix(suffix) { path = String(path.dropLast(suffix.count)) }
        var templates = "Templates/ru"
        var title = ""
        var formats = ["html", "docx"]
        var tables: [String: Table] = ["recommendations": table]
        for option in stage.clause("with")?.items ?? [] {
            let value = try session.evaluator.constant(option.expr).plainText
            switch option.name {
            case "templates": templates = value
            case "title": title = value
            case "formats": formats = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            case let name?:
                tables[name] = try session.dataset(value, at: option.expr.range)
            default:
                throw MsokoError(.syntax, "`report` options are `name = value`", at: option.range)
            }
        }
        if formats.contains(where: { !["html", "docx"].contains($0) }) {
            throw MsokoError(.syntax, "report formats are html and docx", at: stage.range)
        }
        let labels = Drafts.labels(folder: templates, session: session)
        var context: [String: Any] = ["title": title]
        var tableContext: [String: Any] = [:]
        var chartContext: [String: Any] = [:]
        do {
            for (name, data) in tables {
                tableContext[name] = TemplateRenderer.table(data)
                if AnnualReport.chartKinds.contains(name) {
                    chartContext[name] = try AnnualReport.charts(kind: name, table: data, thresholds: tables["thresholds"],
                                                                 suppressedLabel: labels["suppressed"] ?? "n < 10")
                }
            }
            context["tables"] = tableContext
            context["charts"] = chartContext
            for format in formats {
                let text = try TemplateRenderer.render(folder: templates, name: "report.\(format).mustache", context: context, session: session)
                let data = format == "docx" ? try DocxPackage.data(body: text, title: title) : Data(text.utf8)
                try session.writeFile(data, to: path + "." + format)
            }
        } catch let error as MsokoError {
            throw error.placed(at: stage.range)
        }
        session.noteWritten("wrote \(formats.map { path + "." + $0 }.joined(separator: ", "))")
        return table
    }
}
