import Foundation

/// `drafts "FOLDER" [with templates = "Templates/ru", teachers = "teachers", schools = "schools", settings = "settings", heads = "heads"]`
enum DraftsVerb {
    static let spec = VerbSpec(
        name: "drafts",
        syntax: "drafts \"FOLDER\" [with templates = \"Templates/ru\", teachers = \"DATASET\", schools = \"DATASET\", settings = \"DATASET\", heads = \"DATASET\", lang = \"ru\", formats = \"md,html,docx\"]",
        summary: "write one letter per addressee of the recommendation records: Markdown, HTML and DOCX, from Mustache templates",
        details: "Groups the input (the output of `recommend`) by addressee_level and addressee_id and renders draft.md.mustache, draft.html.mustache and draft.docx.mustache (the body of a WordprocessingML document) of the template folder into FOLDER/<level>-<id>.md/.html/.docx. Templates are plain files an analyst may edit (Templates/ru by default, Templates/en in English); `labels.tsv` beside them names the levels, action types and indicators. Teachers are shown by code, except in drafts addressed to their own school (a school head, its ШМО), where `teachers` (teacher_id, teacher_name, school_id) gives the name. Each draft is an official letter (docs/letters.md): letterhead, outgoing number and date, addressee block, heading, numbered recommendations, signature block and «Исполнитель», from `settings` (key, value: the district's Datasets/settings.csv) and `heads` (addressee_id, head_position, head_name: Datasets/heads.csv); what they do not give is a bracketed placeholder such as «[ФИО руководителя]», and the run notes it. In Russian (`lang`, by default the template folder's name) names and positions are declined by Rules/declension (addressee in the dative, a teacher in the case the sentence asks for) and the text follows Russian conventions: decimal comma, DD.MM.YYYY, no-break spaces. Files are written atomically and staged in batch runs. Passes the table on; prints nothing.",
        examples: [
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend | drafts \"out/drafts\" with schools = \"schools\"",
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend | drafts \"out/letters\" with schools = \"schools\", templates = \"Templates/en\", formats = \"md\"",
        ],
        clauses: ["with"],
        options: [
            VerbOption("templates", .text, "the template folder (default `Templates/ru`)"),
            VerbOption("teachers", .dataset, "teachers' names (teacher_id, teacher_name, school_id) for drafts to their own school"),
            VerbOption("schools", .dataset, "schools' names (school_id, school_name)"),
            VerbOption("settings", .dataset, "the district's letter settings (key, value)"),
            VerbOption("heads", .dataset, "addressees' heads (addressee_id, head_position, head_name)"),
            VerbOption("lang", .choice(["ru", "en"]), "the letters' language (default: the template folder's name)", checkedByVerb: true),
            VerbOption("formats", .list(["md", "html", "docx"]), "which files to write (default all three)"),
        ],
        effects: .writesFiles,
        arguments: Arguments.self
    ) { arguments, table, session in
        guard case .text(let folder) = try session.evaluator.constant(arguments.folder), !folder.isEmpty else {
            throw MsokoError(.syntax, tr("drafts.needs_folder"), at: arguments.range, hint: tr("drafts.needs_folder.hint"))
        }
        var templates = "Templates/ru"
        var teachers: Table?
        var schools: Table?
        var formats = ["md", "html", "docx"]
        var settings: Table?
        var heads: Table?
        var lang: String?
        for option in arguments.options {
            switch option.name {
            case "templates": templates = try option.text(session)
            case "teachers": teachers = try session.dataset(try option.text(session), at: option.expr.range)
            case "schools": schools = try session.dataset(try option.text(session), at: option.expr.range)
            case "settings": settings = try session.dataset(try option.text(session), at: option.expr.range)
            case "heads": heads = try session.dataset(try option.text(session), at: option.expr.range)
            case "lang":
                // Its own message (`checkedByVerb`): "unknown document language", which LettersTests names.
                let value = try option.text(session)
                guard ["ru", "en"].contains(value) else {
                    throw MsokoError(.syntax, tr("drafts.unknown_language", ["value": value]), at: option.expr.range, hint: tr("drafts.unknown_language.hint"))
                }
                lang = value
            case "formats":
                formats = try option.words(session)
            default: break  // VerbOptions.check has rejected any other name.
            }
        }
        for name in ["addressee_level", "addressee_id", "action"] where table.index(of: name) == nil {
            throw MsokoError(.name, tr("drafts.missing_column", ["name": name]), at: arguments.range)
        }
        let labels = Drafts.labels(folder: templates, session: session)
        let addressees = Drafts.addressees(table)
        var letter = Drafts.Letter()
        letter.lang = lang ?? ((templates as NSString).lastPathComponent == "en" ? "en" : "ru")
        if let settings {
            for name in ["key", "value"] where settings.index(of: name) == nil {
                throw MsokoError(.name, tr("drafts.settings_column", ["name": name]), at: arguments.range, hint: tr("drafts.settings_column.hint"))
            }
            letter.settings = LetterSettings(table: settings)
            for key in letter.settings.unknownKeys {
                session.sink.note(tr("drafts.unknown_setting", ["key": key, "hint": Suggest.hint(for: key, among: LetterSettings.keys.map(\.key)).map { "; " + $0 } ?? ""]))
            }
        }
        if let heads {
            for name in ["addressee_id", "head_name"] where heads.index(of: name) == nil {
                throw MsokoError(.name, tr("drafts.heads_column", ["name": name]), at: arguments.range, hint: tr("drafts.heads_column.hint"))
            }
            for row in 0..<heads.rowCount {
                let id = heads.column("addressee_id")?.value(at: row).plainText.trimmingCharacters(in: .whitespaces) ?? ""
                let name = heads.column("head_name")?.value(at: row).plainText.trimmingCharacters(in: .whitespaces) ?? ""
                let position = heads.column("head_position")?.value(at: row).plainText.trimmingCharacters(in: .whitespaces) ?? ""
                if !id.isEmpty { letter.heads[id] = (position: position, name: name) }
            }
        }
        if letter.lang == "ru" {
            letter.declension = try Declension.shipped(session: session)
            if letter.declension == nil { session.sink.note(tr("drafts.no_declension")) }
        }
        var missing: [String] = []
        do {
            for (sequence, addressee) in addressees.enumerated() {
                letter.sequence = sequence
                let context = Drafts.context(for: addressee, records: table, teachers: teachers, schools: schools, labels: labels, date: "", letter: letter)
                for item in context["missing"] as? [String] ?? [] where !missing.contains(item) { missing.append(item) }
                let stem = folder + "/" + addressee.fileStem
                for format in formats {
                    let text = try TemplateRenderer.render(folder: templates, name: "draft.\(format).mustache", context: context, session: session)
                    let data = format == "docx" ? try DocxPackage.data(body: text, title: context["title"] as? String ?? "", fontHalfPoints: 28)
                        : Data(text.utf8)
                    try session.writeFile(data, to: stem + "." + format)
                }
            }
        } catch let error as MsokoError {
            throw error.placed(at: arguments.range)
        }
        let headless = missing.filter { $0.hasPrefix("head:") }.map { String($0.dropFirst(5)) }
        let keys = missing.filter { !$0.hasPrefix("head:") }
        if !keys.isEmpty {
            session.sink.note(tr("drafts.missing_settings", ["keys": keys.joined(separator: ", ")]))
        }
        if !headless.isEmpty {
            session.sink.note(tr("drafts.missing_heads", ["ids": headless.joined(separator: ", "), "placeholder": labels["placeholder_head_name"] ?? "[…]"]))
        }
        session.noteWritten(tr("drafts.wrote", ["count": addressees.count, "formats": formats.joined(separator: ", "), "folder": folder]))
        return table
    }

    struct Arguments: StageArguments {
        /// The folder the letters go to (text; it may be a parameter).
        let folder: Expr
        /// `templates`, the datasets, `lang`, `formats`, in the order written.
        let options: [OptionArgument]
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first, item.name == nil else {
                throw MsokoError(.syntax, tr("drafts.needs_folder"), at: syntax.range, hint: tr("drafts.needs_folder.hint"))
            }
            folder = item.expr
            options = syntax.options
            range = syntax.range
        }
    }
}
