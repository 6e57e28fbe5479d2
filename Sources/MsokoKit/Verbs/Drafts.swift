import Foundation

/// `drafts "FOLDER" [with templates = "Templates/ru", teachers = "teachers", schools = "schools"]`
enum DraftsVerb {
    static let spec = VerbSpec(
        name: "drafts",
        syntax: "drafts \"FOLDER\" [with templates = \"Templates/ru\", teachers = \"DATASET\", schools = \"DATASET\", formats = \"md,html,docx\"]",
        summary: "write one draft per addressee of the recommendation records: Markdown, HTML and DOCX, from Mustache templates",
        details: "Groups the input (the output of `recommend`) by addressee_level and addressee_id and renders draft.md.mustache, draft.html.mustache and draft.docx.mustache (the body of a WordprocessingML document) of the template folder into FOLDER/<level>-<id>.md/.html/.docx. Templates are plain files an analyst may edit (Templates/ru by default, Templates/en in English); `labels.tsv` beside them names the levels, action types and indicators. Teachers are shown by code, except in drafts addressed to their own school (a school head, its ШМО), where `teachers` (teacher_id, teacher_name, school_id) gives the name. Files are written atomically and staged in batch runs. Passes the table on; prints nothing.",
        examples: [
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend | drafts \"out/drafts\" with schools = \"schools\"",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        guard stage.items.count == 1, let item = stage.items.first, item.name == nil,
              case .text(let folder) = try session.evaluator.constant(item.expr), !folder.isEmpty else {
            throw MsokoError(.syntax, "`drafts` takes the folder to write into", at: stage.range, hint: "for example `| drafts \"out/drafts\"`")
        }
        var templates = "Templates/ru"
        var teachers: Table?
        var schools: Table?
        var formats = ["md", "html", "docx"]
        for option in stage.clause("with")?.items ?? [] {
            let value = try session.evaluator.constant(option.expr).plainText
            switch option.name {
            case "templates": templates = value
            case "teachers": teachers = try session.dataset(value, at: option.expr.range)
            case "schools": schools = try session.dataset(value, at: option.expr.range)
            case "formats":
                formats = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                for format in formats where !["md", "html", "docx"].contains(format) {
                    throw MsokoError(.syntax, "unknown draft format `\(format)`", at: option.expr.range, hint: "formats: md, html, docx")
                }
            default:
                throw MsokoError(.syntax, "unknown option `\(option.name ?? option.expr.sourceText)` for `drafts`", at: option.range,
                                 hint: "options: templates, teachers, schools, formats")
            }
        }
        for name in ["addressee_level", "addressee_id", "action"] where table.index(of: name) == nil {
            throw MsokoError(.name, "the input has no column `\(name)`: `drafts` takes the output of `recommend`", at: stage.range)
        }
        let labels = Drafts.labels(folder: templates, session: session)
        let addressees = Drafts.addressees(table)
        do {
            for addressee in addressees {
                let context = Drafts.context(for: addressee, records: table, teachers: teachers, schools: schools, labels: labels, date: "")
                let stem = folder + "/" + addressee.fileStem
                for format in formats {
                    let text = try TemplateRenderer.render(folder: templates, name: "draft.\(format).mustache", context: context, session: session)
                    let data = format == "docx" ? try DocxPackage.data(body: text, title: context["title"] as? String ?? "") : Data(text.utf8)
                    try session.writeFile(data, to: stem + "." + format)
                }
            }
        } catch let error as MsokoError {
            throw error.placed(at: stage.range)
        }
        session.noteWritten("wrote \(addressees.count) draft\(addressees.count == 1 ? "" : "s") × \(formats.joined(separator: ", ")) into \(folder)")
        return table
    }
}
