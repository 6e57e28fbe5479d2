import Foundation

/// Stage 1 of the district's model: one collection workbook per school, pre-filled from what the
/// department already has. Last year's classes move up a grade (5А → 6А; past `lastGrade` they
/// have left); each moved class gets the subjects the school taught that grade last year, and the
/// teacher who taught the cohort that subject as a suggestion when that teacher is still on the
/// school's list and teaches the subject. A school's file holds only its own teachers.
/// docs/sources/templates.md describes what the school gets.
struct SchoolTemplates {
    struct Settings {
        /// The year being collected (`classes.year` of the returned rows); last year is `year - 1`.
        var year: Int
        var lastGrade = 11
        var deadline: String?
        var contact: String?
    }

    /// One row of «Классы и учителя».
    struct ClassRow: Equatable {
        var classID: String
        var grade: Int
        var subject: String
        var teacherName: String?
        var lastYearClass: String
    }

    /// One row of «Педагоги».
    struct TeacherRow: Equatable {
        var teacherID: String
        var name: String
        var subject: String?
        var category: String?
        var experience: Double?
        /// Courses of the last three years from the enrolments, `Название (2025); …`.
        var courses: String?
    }

    struct School {
        var id: String
        var name: String
        var classes: [ClassRow]
        var teachers: [TeacherRow]
    }

    static let classesSheet = "Классы и учителя"
    static let teachersSheet = "Педагоги"
    static let instructionSheet = "Инструкция"
    static let listsSheet = "Списки"
    static let standardCategories = ["высшая", "первая", "соответствие", "без категории"]
    /// Rows below the pre-filled ones that keep the drop-down lists, for classes and teachers the school adds.
    static let spareRows = 200

    let settings: Settings
    let schools: [School]
    let classSubjects: [String]
    let teacherSubjects: [String]
    let categories: [String]

    /// Reads the three tables; every missing column is an error that names the table as `names`
    /// describe them (`the input`, ``the dataset `classes` ``).
    init(schools schoolTable: Table, classes: Table, teachers: Table, settings: Settings,
         names: (schools: String, classes: String, teachers: String),
         enrolments: (table: Table, name: String)? = nil, courses: (table: Table, name: String)? = nil) throws(MsokoError) {
        self.settings = settings
        func columns(_ table: Table, _ dataset: String, _ required: [String]) throws(MsokoError) -> [Column] {
            var found: [Column] = []
            for name in required {
                guard let column = table.column(name) else {
                    throw MsokoError(.name, tr("verbs.template.no_column", ["dataset": dataset, "name": name]),
                                     hint: Suggest.hint(for: name, among: table.names)
                                        ?? tr("verbs.template.needs_columns", ["dataset": dataset, "columns": required.map { "`\($0)`" }.joined(separator: ", ")]))
                }
                found.append(column)
            }
            return found
        }
        func text(_ column: Column, _ row: Int) -> String? {
            let value = column.value(at: row).plainText.trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        /// A number as years, grades and experience can be: finite and far from Int's edges
        /// (a year of 1e300 in a CSV is no year, and must not trap the conversion to Int).
        func number(_ column: Column, _ row: Int) -> Double? {
            let found: Double?
            switch column.value(at: row) {
            case .int(let value): found = Double(value)
            case .double(let value): found = value
            case .text(let value): found = Double(value.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
            default: found = nil
            }
            guard let found, found.isFinite, abs(found) < 1e9 else { return nil }
            return found
        }

        let schoolColumns = try columns(schoolTable, names.schools, ["school_id"])
        let schoolNames = schoolTable.column("school_name")
        let classColumns = try columns(classes, names.classes, ["year", "school_id", "class_id", "grade", "subject", "teacher_id"])
        let teacherColumns = try columns(teachers, names.teachers, ["teacher_id", "teacher_name", "school_id"])
        let teacherSubject = teachers.column("subject")
        let teacherCategory = teachers.column("category")
        let teacherExperience = teachers.column("experience_years")

        // Courses of the last three years (`year - 3` … `year`) by teacher, completed or under way.
        var coursesByTeacher: [String: [String]] = [:]
        if let enrolments {
            let found = try columns(enrolments.table, enrolments.name, ["teacher_id", "course_id", "year"])
            let status = enrolments.table.column("status")
            var titles: [String: String] = [:]
            if let courses {
                let courseColumns = try columns(courses.table, courses.name, ["course_id", "title"])
                for row in 0..<courses.table.rowCount {
                    if let id = text(courseColumns[0], row), let title = text(courseColumns[1], row) { titles[id] = title }
                }
            }
            for row in 0..<enrolments.table.rowCount {
                guard let teacher = text(found[0], row), let course = text(found[1], row), let year = number(found[2], row),
                      Int(year) >= settings.year - 3, Int(year) <= settings.year else { continue }
                let state = status.flatMap { text($0, row) }
                guard state == nil || state == "completed" || state == "enrolled" else { continue }
                let note = state == "enrolled" ? "\(Int(year)), обучается" : "\(Int(year))"
                coursesByTeacher[teacher, default: []].append("\(titles[course] ?? course) (\(note))")
            }
        }

        // Teachers by school, in the order of the dataset.
        var teachersBySchool: [String: [TeacherRow]] = [:]
        var teacherByID: [String: (school: String, row: TeacherRow)] = [:]
        var subjects = Set<String>()
        var categorySet = Set<String>()
        for row in 0..<teachers.rowCount {
            guard let id = text(teacherColumns[0], row), let school = text(teacherColumns[2], row) else { continue }
            let teacher = TeacherRow(teacherID: id, name: text(teacherColumns[1], row) ?? "",
                                     subject: teacherSubject.flatMap { text($0, row) },
                                     category: teacherCategory.flatMap { text($0, row) },
                                     experience: teacherExperience.flatMap { number($0, row) },
                                     courses: coursesByTeacher[id].map { $0.joined(separator: "; ") })
            teachersBySchool[school, default: []].append(teacher)
            teacherByID[id] = (school, teacher)
            if let subject = teacher.subject { subjects.insert(subject) }
            if let category = teacher.category { categorySet.insert(category) }
        }

        // Last year's classes, by school.
        struct Taught { var school: String; var classID: String; var grade: Int; var subject: String; var teacherID: String? }
        var lastYear: [Taught] = []
        var classSubjectSet = Set<String>()
        for row in 0..<classes.rowCount {
            guard let subject = text(classColumns[4], row) else { continue }
            classSubjectSet.insert(subject)
            guard let year = number(classColumns[0], row), Int(year) == settings.year - 1,
                  let school = text(classColumns[1], row), let classID = text(classColumns[2], row),
                  let grade = number(classColumns[3], row), grade == grade.rounded() else { continue }
            lastYear.append(Taught(school: school, classID: classID, grade: Int(grade), subject: subject, teacherID: text(classColumns[5], row)))
        }
        let lastYearBySchool = Dictionary(grouping: lastYear, by: \.school)
        // The subjects of a grade: the school's own last year, else the district's.
        var districtSubjectsByGrade: [Int: [String]] = [:]
        for (grade, rows) in Dictionary(grouping: lastYear, by: \.grade) {
            districtSubjectsByGrade[grade] = Array(Set(rows.map(\.subject))).sorted()
        }

        var built: [School] = []
        var seen = Set<String>()
        for row in 0..<schoolTable.rowCount {
            guard let id = text(schoolColumns[0], row), seen.insert(id).inserted else { continue }
            let schoolTeachers = teachersBySchool[id] ?? []
            let taught = lastYearBySchool[id] ?? []
            var schoolSubjectsByGrade: [Int: [String]] = [:]
            for (grade, rows) in Dictionary(grouping: taught, by: \.grade) {
                schoolSubjectsByGrade[grade] = Array(Set(rows.map(\.subject))).sorted()
            }
            var rows: [ClassRow] = []
            for (classID, cohort) in Dictionary(grouping: taught, by: \.classID) {
                let grade = cohort[0].grade
                let newGrade = grade + 1
                guard newGrade <= settings.lastGrade else { continue }   // graduated
                let subjectsNow = schoolSubjectsByGrade[newGrade] ?? districtSubjectsByGrade[newGrade] ?? Array(Set(cohort.map(\.subject))).sorted()
                for subject in subjectsNow {
                    // The teacher follows the class when still at the school and teaching this subject.
                    var suggestion: String?
                    if let last = cohort.first(where: { $0.subject == subject }), let teacherID = last.teacherID,
                       let teacher = teacherByID[teacherID], teacher.school == id,
                       teacher.row.subject == nil || teacher.row.subject == subject {
                        suggestion = teacher.row.name
                    }
                    rows.append(ClassRow(classID: Self.movedUp(classID, from: grade, to: newGrade), grade: newGrade, subject: subject,
                                         teacherName: suggestion, lastYearClass: classID))
                }
            }
            rows.sort { ($0.grade, $0.classID, $0.subject) < ($1.grade, $1.classID, $1.subject) }
            let name = schoolNames.flatMap { text($0, row) } ?? id
            built.append(School(id: id, name: name, classes: rows, teachers: schoolTeachers))
        }
        schools = built
        classSubjects = classSubjectSet.sorted()
        teacherSubjects = subjects.union(classSubjectSet).sorted()
        let known = Self.standardCategories.filter { categorySet.contains($0) || categorySet.isEmpty }
        categories = known + categorySet.subtracting(Self.standardCategories).sorted()
    }

    /// `5А` of grade 5 is `6А` in grade 6: a class id that starts with its grade's number gets the
    /// new number; any other id (`А`, `Класс Б`) stays as it is — the grade column moves anyway.
    static func movedUp(_ classID: String, from grade: Int, to newGrade: Int) -> String {
        let digits = classID.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, Int(digits) == grade else { return classID }
        return String(newGrade) + classID.dropFirst(digits.count)
    }

    /// A file name for the school: its id with characters no file system takes (`/ \ : * ? " < > |`,
    /// control characters) replaced by `_`, no leading dot; `школа` when nothing is left.
    static func fileStem(_ schoolID: String) -> String {
        var stem = String(schoolID.unicodeScalars.map { scalar -> Character in
            "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.value < 0x20 || scalar.value == 0x7F ? "_" : Character(scalar)
        })
        stem = stem.trimmingCharacters(in: .whitespaces)
        while stem.hasPrefix(".") { stem.removeFirst() }
        while stem.hasSuffix(".") { stem.removeLast() }
        if stem.isEmpty { stem = "школа" }
        return String(stem.prefix(100))
    }

    /// `2025/2026`: the school year whose spring is `year`, as classes.csv counts years.
    var schoolYear: String { "\(settings.year - 1)/\(settings.year)" }

    // MARK: the workbook

    func workbook(for school: School) -> XLSXWorkbook {
        var workbook = XLSXWorkbook()
        workbook.title = "Сбор сведений: \(school.name), \(schoolYear) учебный год"
        var lists = XLSXWorkbook.Sheet(name: Self.listsSheet)
        lists.hidden = true
        lists.protected = true
        var listColumns: [[String]] = []
        /// A list validation: inline when it fits, else a column of the hidden list sheet.
        func listRule(_ items: [String], header: String) -> XLSXWorkbook.Validation.Rule {
            if XLSXWorkbook.fitsInline(items) { return .inlineList(items) }
            listColumns.append([header] + items)
            let column = listColumns.count - 1
            return .rangeList(XLSXWorkbook.reference(sheet: Self.listsSheet, column: column, fromRow: 2, toRow: items.count + 1))
        }
        let yesNo = listRule(["да", "нет"], header: "да/нет")
        let grades = listRule((1...max(1, settings.lastGrade)).map(String.init), header: "Параллели")
        let classSubjectRule = listRule(classSubjects.isEmpty ? teacherSubjects : classSubjects, header: "Предметы (классы)")
        let teacherSubjectRule = listRule(teacherSubjects, header: "Предметы (педагоги)")
        let categoryRule = listRule(categories, header: "Категории")

        // «Педагоги»: A код, B ФИО, C предмет, D категория, E стаж, F курсы, G работает.
        let teacherLast = 2 + max(school.teachers.count + Self.spareRows, 300)
        var teachers = XLSXWorkbook.Sheet(name: Self.teachersSheet)
        teachers.frozenRows = 2
        teachers.protected = true
        teachers.tabColor = "FF4472C4"
        teachers.columns = [.init(width: 14, style: .open), .init(width: 38, style: .open), .init(width: 24, style: .open),
                            .init(width: 18, style: .open), .init(width: 10, style: .open), .init(width: 50, style: .open),
                            .init(width: 14, style: .open)]
        teachers.rows.append([.text("Педагоги — \(school.name) (код \(school.id)), \(schoolYear) учебный год", .title)])
        teachers.rows.append(["Код педагога", "ФИО", "Предмет", "Категория", "Стаж, лет",
                              "Курсы повышения квалификации за 3 года", "Работает в этом году"].map { .text($0, .header) })
        for teacher in school.teachers {
            teachers.rows.append([.text(teacher.teacherID, .locked), .text(teacher.name, .suggestion), .text(teacher.subject, .suggestion),
                                  .text(teacher.category, .suggestion), .number(teacher.experience, .suggestion),
                                  .text(teacher.courses, teacher.courses == nil ? .input : .suggestion), .text(nil, .input)])
        }
        let teacherRows = "3:\(teacherLast)"
        func rows(_ column: String, _ span: String) -> String {
            let bounds = span.split(separator: ":")
            return "\(column)\(bounds[0]):\(column)\(bounds[1])"
        }
        teachers.validations = [
            .init(range: rows("C", teacherRows), rule: teacherSubjectRule, promptTitle: "Предмет", prompt: "Выберите предмет из списка.",
                  error: "Выберите предмет из списка: так его название совпадёт с данными управления."),
            .init(range: rows("D", teacherRows), rule: categoryRule, promptTitle: "Категория", prompt: "Квалификационная категория педагога.",
                  error: "Выберите категорию из списка."),
            .init(range: rows("E", teacherRows), rule: .wholeNumber(min: 0, max: 70), promptTitle: "Стаж", prompt: "Педагогический стаж в полных годах.",
                  error: "Стаж — целое число лет от 0 до 70."),
            .init(range: rows("G", teacherRows), rule: yesNo, promptTitle: "Работает", prompt: "да — педагог работает в этом учебном году; нет — уволился.",
                  error: "Выберите «да» или «нет»."),
        ]

        // «Классы и учителя»: A класс, B параллель, C предмет, D учитель, E проверено, F класс в прошлом году, G комментарий.
        let classLast = 2 + max(school.classes.count + Self.spareRows, 300)
        var classes = XLSXWorkbook.Sheet(name: Self.classesSheet)
        classes.frozenRows = 2
        classes.protected = true
        classes.tabColor = "FF70AD47"
        classes.columns = [.init(width: 10, style: .open), .init(width: 11, style: .open), .init(width: 24, style: .open),
                           .init(width: 38, style: .open), .init(width: 13, style: .open), .init(width: 16, style: .open),
                           .init(width: 40, style: .open)]
        classes.rows.append([.text("Классы и учителя — \(school.name) (код \(school.id)), \(schoolYear) учебный год", .title)])
        classes.rows.append(["Класс", "Параллель", "Предмет", "Учитель (ФИО)", "Проверено", "Класс в прошлом году", "Комментарий"]
            .map { .text($0, .header) })
        for row in school.classes {
            classes.rows.append([.text(row.classID, .suggestion), .number(Double(row.grade), .suggestion), .text(row.subject, .suggestion),
                                 .text(row.teacherName, .suggestion), .text(nil, .input), .text(row.lastYearClass, .locked), .text(nil, .input)])
        }
        let classRows = "3:\(classLast)"
        classes.validations = [
            .init(range: rows("B", classRows), rule: grades, promptTitle: "Параллель", prompt: "Номер класса (параллели) в этом учебном году.",
                  error: "Параллель — число от 1 до \(settings.lastGrade)."),
            .init(range: rows("C", classRows), rule: classSubjectRule, promptTitle: "Предмет", prompt: "Выберите предмет из списка.",
                  error: "Выберите предмет из списка: так его название совпадёт с данными управления."),
            .init(range: rows("D", classRows),
                  rule: .rangeList(XLSXWorkbook.reference(sheet: Self.teachersSheet, column: 1, fromRow: 3, toRow: teacherLast)),
                  promptTitle: "Учитель", prompt: "Педагог с листа «Педагоги». Нового педагога сначала добавьте туда.",
                  error: "Выберите педагога из списка. Нового педагога сначала добавьте на лист «Педагоги»."),
            .init(range: rows("E", classRows), rule: yesNo, promptTitle: "Проверено",
                  prompt: "да — строка верна (исправленная тоже); нет — такого класса или предмета в этом году нет.",
                  error: "Выберите «да» или «нет»."),
        ]

        var instruction = XLSXWorkbook.Sheet(name: Self.instructionSheet)
        instruction.protected = true
        instruction.columns = [.init(width: 110)]
        instruction.rows = instructionRows(for: school).map { [$0] }
        // About 100 characters of 11-point Calibri fit a line of a 110-wide column; 15 points a line.
        for (index, row) in instruction.rows.enumerated() {
            if case .text(let text)? = row.first??.value, text.count > 95 {
                instruction.rowHeights[index] = Double((text.count + 94) / 95) * 15 + 3
            }
        }

        for (index, column) in listColumns.enumerated() {
            lists.columns.append(.init(width: 30))
            for (rowIndex, item) in column.enumerated() {
                while lists.rows.count <= rowIndex { lists.rows.append([]) }
                while lists.rows[rowIndex].count < index { lists.rows[rowIndex].append(nil) }
                lists.rows[rowIndex].append(.text(item, rowIndex == 0 ? .header : .plain))
            }
        }
        workbook.sheets = [instruction, classes, teachers]
        if !listColumns.isEmpty { workbook.sheets.append(lists) }
        workbook.activeSheet = 0
        return workbook
    }

    func instructionRows(for school: School) -> [XLSXWorkbook.Cell] {
        let deadline = settings.deadline.map { "Срок: до \($0)." } ?? "Срок: указан в письме управления образования."
        let contact = settings.contact.map { "Куда отправить: \($0)." } ?? "Куда отправить: ответом на письмо управления образования, по защищённому каналу."
        var rows: [XLSXWorkbook.Cell] = [
            .text("Сбор сведений о педагогах и учебной нагрузке, \(schoolYear) учебный год", .title),
            .text("Образовательная организация: \(school.name) (код \(school.id))", .noteBold),
            .text(deadline, .noteBold),
            .text(contact, .noteBold),
            .text(nil, .plain),
            .text("Зачем это нужно", .noteBold),
            .text("Ни одна информационная система не передаёт управлению, какой учитель ведёт предмет в каком классе. Без этого результаты ВПР, ОГЭ и ЕГЭ нельзя связать с учителями, а адресные рекомендации и курсы повышения квалификации — подобрать.", .note),
            .text(nil, .plain),
            .text("Что заполнить", .noteBold),
            .text("1. Лист «Педагоги»: все педагоги, ведущие уроки в этом учебном году. Проверьте ФИО, предмет, категорию и стаж; в столбце «Работает в этом году» поставьте «да» или «нет». Нового педагога допишите в конец списка, оставив «Код педагога» пустым. Курсы повышения квалификации за последние три года перечислите через точку с запятой.", .note),
            .text("2. Лист «Классы и учителя»: одна строка — один класс и один предмет. Строки уже заполнены по данным прошлого года: классы переведены в следующую параллель (5А → 6А), выпускные классы убраны, предметы взяты из учебного плана прошлого года для этой параллели. Если учитель вёл этот предмет в этом классе в прошлом году и работает у вас, он подставлен как предложение. Исправьте учителя, если нужно, и поставьте «да» в столбце «Проверено». Если класса или предмета в этом году нет — поставьте «нет». Классы, которых нет в списке (например, первые), допишите ниже, указав «да».", .note),
            .text(nil, .plain),
            .text("Что означают цвета и списки", .noteBold),
            .text("Жёлтые ячейки заполнены управлением по данным прошлого года — это предложение, его нужно проверить. Серые ячейки (код педагога, класс в прошлом году) не меняйте: по ним сведения сопоставляются с прошлым годом. Белые ячейки заполните сами.", .note),
            .text("Предмет, категория, параллель, «да/нет» и учитель выбираются из выпадающих списков. Список учителей на листе «Классы и учителя» берётся со столбца «ФИО» листа «Педагоги»: добавленный туда педагог сразу появляется в списке. Значение не из списка не будет принято.", .note),
            .text("Заголовки защищены от случайного изменения (без пароля); строки можно добавлять и удалять, ширину столбцов — менять.", .note),
            .text(nil, .plain),
            .text("Как вернуть файл", .noteBold),
            .text("Сохраните файл в формате Excel (.xlsx), лучше под тем же именем (\(Self.fileStem(school.id)).xlsx). Сведения относятся к вашей организации по коду в заголовках листов (код \(school.id)): не меняйте заголовки, не переименовывайте листы и столбцы, не вставляйте столбцы и не добавляйте свои листы. Управление проверит файл и, если найдёт ошибки, пришлёт список замечаний с адресами ячеек.", .note),
            .text(nil, .plain),
            .text("Персональные данные", .noteBold),
            .text("Файл содержит ФИО педагогов только вашей организации. Передавайте его только по защищённым каналам, указанным управлением образования.", .note),
        ]
        rows.append(.text(nil, .plain))
        return rows
    }
}
