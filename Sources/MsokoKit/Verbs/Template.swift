import Foundation

/// `schools | template "FOLDER" [with year = 2026, classes = "classes", teachers = "teachers", …]`
enum TemplateVerb {
    static let spec = VerbSpec(
        name: "template",
        syntax: "template \"FOLDER\" [with year = YEAR, classes = \"classes\", teachers = \"teachers\", enrolments = \"DATASET\", courses = \"DATASET\", deadline = \"…\", contact = \"…\", last_grade = 11]",
        summary: "write one collection workbook (XLSX) per school of the input: classes and their teachers, the school's teachers, an instruction",
        details: "The input is the schools to write for (school_id, school_name): `schools | where school_id == \"S03\" | template …` resends one school's file. Each school gets FOLDER/<school_id>.xlsx with the sheets «Инструкция», «Классы и учителя» (class, grade, subject, teacher, a «Проверено» да/нет column) and «Педагоги» (teacher_id, name, subject, category, experience, courses, «Работает в этом году»). Rows are pre-filled from `classes` of `year - 1` moved up a grade (5А → 6А; classes past `last_grade` have left) with the subjects the school taught that grade last year, and from `teachers` of that school only (with `enrolments` — teacher_id, course_id, year, status — and `courses` — course_id, title — the courses of the last three years fill «Курсы»); last year's teacher of the class is suggested when still at the school and teaching the subject. Pre-filled cells are yellow, to be confirmed. Drop-down lists for subjects, categories, grades, да/нет and the school's teachers (read from «Педагоги», so a teacher added there appears); lists too long for Excel's 255 characters go through a hidden sheet «Списки». Headers are frozen and protected (no password), data cells unlocked. `year` defaults to the latest year of `classes` plus one; `deadline` and `contact` go into the instruction. Files are written atomically and staged in batch runs. Passes the table on; prints nothing. docs/sources/templates.md.",
        examples: [
            "schools | template \"out/templates\" with year = 2026, deadline = \"15.09.2025\", contact = \"Иванова И. И., ocenka@uo.example\"",
        ],
        clauses: ["with"],
        options: [
            VerbOption("year", .wholeNumber(1...9999), "the school year being collected (default: the latest year of `classes` plus one)"),
            VerbOption("classes", .dataset, "last year's classes (default `classes`)"),
            VerbOption("teachers", .dataset, "the teachers (default `teachers`)"),
            VerbOption("enrolments", .dataset, "teachers' course enrolments (teacher_id, course_id, year, status)"),
            VerbOption("courses", .dataset, "course titles (course_id, title), with `enrolments`"),
            VerbOption("deadline", .text, "the date the instruction asks for the file back"),
            VerbOption("contact", .text, "who to ask, in the instruction"),
            VerbOption("last_grade", .wholeNumber(1...12), "the school's last grade (default 11)"),
        ],
        effects: .writesFiles,
        arguments: Arguments.self
    ) { arguments, table, session in
        guard case .text(let folder) = try session.evaluator.constant(arguments.folder), !folder.isEmpty else {
            throw MsokoError(.syntax, tr("verbs.template_takes_folder_write"), at: arguments.range,
                             hint: tr("verbs.example_schools_template_out"))
        }
        var year: Int?
        var lastGrade = 11
        var deadline: String?
        var contact: String?
        var classesName = "classes"
        var teachersName = "teachers"
        var enrolmentsName: (String, SourceRange)?
        var coursesName: (String, SourceRange)?
        var classesRange: SourceRange?
        var teachersRange: SourceRange?
        for option in arguments.options {
            let value = try option.value(session)
            switch option.name {
            case "year": year = try option.wholeNumber(session)
            case "last_grade": lastGrade = try option.wholeNumber(session)
            case "classes":
                classesName = value.plainText
                classesRange = option.expr.range
            case "teachers":
                teachersName = value.plainText
                teachersRange = option.expr.range
            case "enrolments":
                enrolmentsName = (value.plainText, option.expr.range)
            case "courses":
                coursesName = (value.plainText, option.expr.range)
            case "deadline":
                if case .date(let days) = value {
                    let parts = DateCodec.format(days).split(separator: "-")
                    deadline = parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : DateCodec.format(days)
                } else {
                    deadline = value.plainText.isEmpty ? nil : value.plainText
                }
            case "contact":
                contact = value.plainText.isEmpty ? nil : value.plainText
            default: break  // VerbOptions.check has rejected any other name.
            }
        }
        let classes = try dataset(classesName, at: classesRange ?? arguments.verbRange, session: session)
        let teachers = try dataset(teachersName, at: teachersRange ?? arguments.verbRange, session: session)
        if coursesName != nil && enrolmentsName == nil {
            throw MsokoError(.syntax, tr("verbs.courses_gives_titles_enrolments"), at: coursesName?.1,
                             hint: tr("verbs.template.name_both_example", ["example": "with enrolments = \"enrolments\", courses = \"courses\""]))
        }
        let enrolments = try enrolmentsName.map { (table: try dataset($0.0, at: $0.1, session: session), name: tr("verbs.dataset", ["name": $0.0])) }
        let courses = try coursesName.map { (table: try dataset($0.0, at: $0.1, session: session), name: tr("verbs.dataset", ["name": $0.0])) }
        if year == nil {
            year = latestYear(classes).map { $0 + 1 }
        }
        guard let year else {
            throw MsokoError(.data, tr("verbs.template_needs_year_being", ["classes_name": classesName]),
                             at: arguments.range, hint: tr("verbs.write_template_year", ["folder": folder]))
        }
        let templates: SchoolTemplates
        do {
            templates = try SchoolTemplates(schools: table, classes: classes, teachers: teachers,
                                            settings: .init(year: year, lastGrade: lastGrade, deadline: deadline, contact: contact),
                                            names: (schools: tr("verbs.input_schools_write"), classes: tr("verbs.dataset", ["name": classesName]),
                                                    teachers: tr("verbs.dataset", ["name": teachersName])),
                                            enrolments: enrolments, courses: courses)
        } catch let error as MsokoError {
            throw error.placed(at: arguments.range)
        }
        guard !templates.schools.isEmpty else {
            throw MsokoError(.data, tr("verbs.template_has_schools_write"), at: arguments.range)
        }
        var stems: [String: Int] = [:]
        do {
            for school in templates.schools {
                var stem = SchoolTemplates.fileStem(school.id)
                // Two ids that a file system cannot tell apart (`s1`, `S1`, `a/b` and `a_b`) get a suffix.
                let key = stem.lowercased()
                stems[key, default: 0] += 1
                if let count = stems[key], count > 1 { stem += "-\(count)" }
                let data = try XLSXWorkbookWriter.data(for: templates.workbook(for: school))
                try session.writeFile(data, to: folder + "/" + stem + ".xlsx")
            }
        } catch let error as MsokoError {
            throw error.placed(at: arguments.range)
        }
        // What the analyst should know before sending: empty class sheets, names the list cannot tell apart.
        let empty = templates.schools.filter { $0.classes.isEmpty }.map(\.id)
        if !empty.isEmpty {
            let schools = empty.prefix(10).joined(separator: ", ") + (empty.count > 10 ? tr("verbs.template.and_more", ["count": empty.count - 10]) : "")
            session.sink.note(tr("verbs.template.no_classes", ["year": year - 1, "schools": schools]))
        }
        for school in templates.schools {
            var seen = Set<String>()
            let twice = Set(school.teachers.map(\.name).filter { !$0.isEmpty && !seen.insert($0).inserted })
            if !twice.isEmpty {
                session.sink.note(tr("verbs.template.same_names", ["id": school.id, "names": twice.sorted().map { "«\($0)»" }.joined(separator: ", ")]))
            }
        }
        let rows = templates.schools.reduce(0) { $0 + $1.classes.count }
        let count = templates.schools.count
        session.noteWritten(tr("verbs.wrote_template_into_class", ["count": count, "school_year": templates.schoolYear, "folder": folder, "rows": rows, "value": year - 1]))
        return table
    }

    struct Arguments: StageArguments {
        /// The folder the workbooks go to (text; it may be a parameter).
        let folder: Expr
        /// `year`, `last_grade`, the datasets, `deadline`, `contact`, in the order written.
        let options: [OptionArgument]
        /// Where its messages point: the stage, and its verb for a dataset it reads by default.
        let range: SourceRange
        let verbRange: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first, item.name == nil else {
                throw MsokoError(.syntax, tr("verbs.template_takes_folder_write"), at: syntax.range,
                                 hint: tr("verbs.example_schools_template_out"))
            }
            folder = item.expr
            options = syntax.options
            range = syntax.range
            verbRange = syntax.verbRange
        }
    }

    /// A dataset `template` reads, with a hint that says how to load it.
    static func dataset(_ name: String, at range: SourceRange?, session: Session) throws -> Table {
        do {
            return try session.dataset(name, at: range)
        } catch var error as MsokoError {
            // Unless the session suggests a dataset of a close name (decided as the session does,
            // not by the words of its hint, which follow the language).
            if error.hint == nil || Suggest.hint(for: name, among: session.datasetOrder) == nil {
                error.hint = tr("verbs.load_first_load_datasets", ["name": name])
            }
            throw error
        }
    }

    static func latestYear(_ classes: Table) -> Int? {
        guard let column = classes.column("year") else { return nil }
        var latest: Int?
        for row in 0..<classes.rowCount {
            switch column.value(at: row) {
            case .int(let value) where (1...9998).contains(value): latest = max(latest ?? Int(value), Int(value))
            case .double(let value) where value == value.rounded() && value >= 1 && value <= 9998: latest = max(latest ?? Int(value), Int(value))
            case .text(let text):
                if let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...9998).contains(value) { latest = max(latest ?? value, value) }
            default: continue
            }
        }
        return latest
    }
}
