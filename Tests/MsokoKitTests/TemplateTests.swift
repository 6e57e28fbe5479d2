import Foundation
import Testing
@testable import MsokoKit

/// `template`: the collection workbooks read back with msoko's own reader and checked against the
/// CSVs they were made from (read here by the test's own code), their XML checked for Excel's
/// features and element order, and — when LibreOffice is installed — opened by LibreOffice.
@Suite struct TemplateTests {
    typealias Support = XLSXTestSupport

    static let seed = TestPaths.repository.appendingPathComponent("Tests/Fixtures/templates/seed41")

    // MARK: reading the fixture CSVs independently

    /// One CSV line split on commas outside double quotes (`""` is a quote).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if character == "\"" {
                if quoted, let next = characters.next() {
                    if next == "\"" { current.append("\"") } else {
                        quoted = false
                        if next == "," { fields.append(current); current = "" } else { current.append(next) }
                    }
                } else {
                    quoted.toggle()
                }
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// The rows of a CSV as dictionaries by header name.
    static func records(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = fields(lines[0])
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, fields(line)).map { ($0, $1) })
        }
    }

    struct ExpectedClass: Hashable, Comparable {
        var classID: String, grade: Int, subject: String, teacher: String, lastClass: String
        static func < (a: Self, b: Self) -> Bool {
            (a.grade, a.classID, a.subject, a.teacher) < (b.grade, b.classID, b.subject, b.teacher)
        }
    }

    /// What «Классы и учителя» should hold for each school, derived from the CSVs by the rule the
    /// docs state: last year's classes up a grade (none past 11), the subjects the school taught
    /// the new grade last year (else the district, else the class's own), last year's teacher of
    /// the class for the subject when still at the school and teaching that subject.
    static func expectedClasses(classes: [[String: String]], teachers: [[String: String]], year: Int) -> [String: [ExpectedClass]] {
        let last = classes.filter { Int($0["year"]!) == year - 1 }
        var schoolSubjects: [String: [Int: Set<String>]] = [:]
        var districtSubjects: [Int: Set<String>] = [:]
        var cohorts: [String: [String: [[String: String]]]] = [:]
        for row in last {
            let grade = Int(row["grade"]!)!
            schoolSubjects[row["school_id"]!, default: [:]][grade, default: []].insert(row["subject"]!)
            districtSubjects[grade, default: []].insert(row["subject"]!)
            cohorts[row["school_id"]!, default: [:]][row["class_id"]!, default: []].append(row)
        }
        let teacherByID = Dictionary(uniqueKeysWithValues: teachers.map { ($0["teacher_id"]!, $0) })
        var result: [String: [ExpectedClass]] = [:]
        for (school, classesOfSchool) in cohorts {
            for (classID, rows) in classesOfSchool {
                let grade = Int(rows[0]["grade"]!)!
                guard grade < 11 else { continue }
                let subjects = schoolSubjects[school]?[grade + 1] ?? districtSubjects[grade + 1] ?? Set(rows.map { $0["subject"]! })
                var newID = classID
                if classID.hasPrefix(String(grade)), !(classID.dropFirst(String(grade).count).first?.isNumber ?? false) {
                    newID = String(grade + 1) + classID.dropFirst(String(grade).count)
                }
                for subject in subjects {
                    var teacher = ""
                    if let taught = rows.first(where: { $0["subject"] == subject }), let who = teacherByID[taught["teacher_id"] ?? ""],
                       who["school_id"] == school, who["subject"] == subject {
                        teacher = who["teacher_name"]!
                    }
                    result[school, default: []].append(ExpectedClass(classID: newID, grade: grade + 1, subject: subject, teacher: teacher, lastClass: classID))
                }
            }
        }
        return result.mapValues { $0.sorted() }
    }

    // MARK: running `template`

    /// Runs the script in a fresh folder (batch-style: writes staged, committed on success).
    static func run(_ script: String) throws -> (folder: URL, result: (out: String, err: String, ok: Bool)) {
        let folder = try Support.temporaryFolder()
        return (folder, runScript(script, in: folder))
    }

    static func seedScript(_ tail: String) -> String {
        """
        load "\(seed.path)/schools.csv" as schools
        load "\(seed.path)/classes.csv" as classes with types = {class_id: "text", teacher_id: "text"}
        load "\(seed.path)/teachers.csv" as teachers with types = {teacher_id: "text"}
        load "\(seed.path)/course_enrolments.csv" as enrolments with types = {teacher_id: "text"}
        load "\(seed.path)/courses.csv" as courses
        \(tail)
        """
    }

    static func sheet(_ path: String, _ name: String) throws -> Table {
        try Support.read(path) { $0.sheet = .text(name) }
    }

    static func part(_ path: String, _ name: String) throws -> String {
        let archive = try XLSXPackage.open(path: path, shownPath: path).archive
        return String(decoding: try XLSXPackage.entryData(archive, name), as: UTF8.self)
    }

    static func text(_ table: Table, _ column: String, _ row: Int) -> String {
        table.column(column)?.value(at: row).plainText ?? "<no column \(column)>"
    }

    // MARK: the seed district, whole

    @Test func seedDistrictTemplatesHoldTheMovedClassesAndOnlyTheSchoolsTeachers() throws {
        let (folder, result) = try Self.run(Self.seedScript("schools | template \"out\" with year = 2030, enrolments = \"enrolments\", courses = \"courses\""))
        #expect(result.ok, "\(result.err)")
        let schools = try Self.records(Self.seed.appendingPathComponent("schools.csv"))
        let classes = try Self.records(Self.seed.appendingPathComponent("classes.csv"))
        let teachers = try Self.records(Self.seed.appendingPathComponent("teachers.csv"))
        let titles = Dictionary(uniqueKeysWithValues: try Self.records(Self.seed.appendingPathComponent("courses.csv")).map { ($0["course_id"]!, $0["title"]!) })
        var courses: [String: [String]] = [:]
        for enrolment in try Self.records(Self.seed.appendingPathComponent("course_enrolments.csv")) where Int(enrolment["year"]!)! >= 2027 {
            let when = enrolment["status"] == "enrolled" ? enrolment["year"]! + ", обучается" : enrolment["year"]!
            courses[enrolment["teacher_id"]!, default: []].append(titles[enrolment["course_id"]!]! + " (" + when + ")")
        }
        #expect(courses.count > 20)
        let expected = Self.expectedClasses(classes: classes, teachers: teachers, year: 2030)
        #expect(expected.values.reduce(0) { $0 + $1.count } > 500, "the fixture should carry hundreds of rows up")
        #expect(expected.values.contains { $0.contains { !$0.teacher.isEmpty } } && expected.values.contains { $0.contains { $0.teacher.isEmpty } })

        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted()
        #expect(written == schools.map { $0["school_id"]! + ".xlsx" }.sorted())
        #expect(result.err.contains("wrote \(schools.count) templates for 2029/2030 into out"))

        for school in schools {
            let id = school["school_id"]!
            let path = folder.appendingPathComponent("out/\(id).xlsx").path
            // «Классы и учителя»: the title names the school; the rows are the expected ones.
            let classSheet = try Self.sheet(path, "Классы и учителя")
            #expect(classSheet.names == ["Класс", "Параллель", "Предмет", "Учитель (ФИО)", "Проверено", "Класс в прошлом году", "Комментарий"])
            let got = (0..<classSheet.rowCount).map { row in
                ExpectedClass(classID: Self.text(classSheet, "Класс", row), grade: Int(Self.text(classSheet, "Параллель", row)) ?? -1,
                              subject: Self.text(classSheet, "Предмет", row), teacher: Self.text(classSheet, "Учитель (ФИО)", row),
                              lastClass: Self.text(classSheet, "Класс в прошлом году", row))
            }.sorted()
            let want = expected[id] ?? []
            let same = got == want
            #expect(same, "\(id): missing \(Array(Set(want).subtracting(got)).sorted().prefix(3)), not expected \(Array(Set(got).subtracting(want)).sorted().prefix(3))")
            #expect((0..<classSheet.rowCount).allSatisfy { Self.text(classSheet, "Проверено", $0).isEmpty }, "\(id): nothing is confirmed for the school")

            // «Педагоги»: this school's teachers, in the CSV's order, with their fields.
            let teacherSheet = try Self.sheet(path, "Педагоги")
            let own = teachers.filter { $0["school_id"] == id }
            #expect(teacherSheet.rowCount == own.count, "\(id)")
            for (row, teacher) in own.enumerated() where row < teacherSheet.rowCount {
                #expect(Self.text(teacherSheet, "Код педагога", row) == teacher["teacher_id"])
                #expect(Self.text(teacherSheet, "ФИО", row) == teacher["teacher_name"])
                #expect(Self.text(teacherSheet, "Предмет", row) == teacher["subject"])
                #expect(Self.text(teacherSheet, "Категория", row) == teacher["category"])
                #expect(Self.text(teacherSheet, "Стаж, лет", row) == teacher["experience_years"])
                #expect(Self.text(teacherSheet, "Курсы повышения квалификации за 3 года", row) == (courses[teacher["teacher_id"]!] ?? []).joined(separator: "; "))
            }

            // Personal data: no other school's teacher appears anywhere in the package.
            let ownNames = Set(own.map { $0["teacher_name"]! })
            // Every text of every part (cell texts, list formulas, properties) is collected whole.
            let archive = try XLSXPackage.open(path: path, shownPath: path).archive
            var texts = Set<String>()
            for entry in archive {
                let xml = String(decoding: try XLSXPackage.entryData(archive, entry.path), as: UTF8.self)
                for piece in xml.split(separator: "<") {
                    guard let close = piece.firstIndex(of: ">") else { continue }
                    let text = piece[piece.index(after: close)...]
                    if !text.isEmpty { texts.insert(String(text)) }
                }
            }
            #expect(texts.contains(own.first?["teacher_name"] ?? "—"), "\(id): the collection sees the school's own names")
            for other in teachers where other["school_id"] != id && !ownNames.contains(other["teacher_name"]!) {
                #expect(!texts.contains(other["teacher_name"]!), "\(id).xlsx holds \(other["teacher_name"]!) of \(other["school_id"]!)")
            }
            let title = try Self.part(path, "xl/worksheets/sheet2.xml")
            #expect(title.contains("(код \(id))") && title.contains(XLSXWriter.escape(school["school_name"]!, attribute: false)), "\(id)")
        }
    }

    // MARK: the workbook's XML

    @Test func sheetsHaveListsFrozenProtectedHeadersAndWidths() throws {
        let (folder, result) = try Self.run(Self.seedScript("schools | template \"out\" with year = 2030, deadline = \"15.09.2029\", contact = \"Петрова А. А., ocenka@uo.example\""))
        #expect(result.ok, "\(result.err)")
        let path = folder.appendingPathComponent("out/sch30001.xlsx").path
        let workbook = try Self.part(path, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"Инструкция\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Классы и учителя\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Педагоги\" sheetId=\"3\" r:id=\"rId3\"/>"))
        #expect(workbook.contains("activeTab=\"0\""))

        let classes = try Self.part(path, "xl/worksheets/sheet2.xml")
        let teachers = try Self.part(path, "xl/worksheets/sheet3.xml")
        for sheet in [classes, teachers] {
            #expect(sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
            #expect(sheet.contains("<sheetProtection sheet=\"1\""))
            #expect(sheet.contains("insertRows=\"0\" deleteRows=\"0\""))
            #expect(Self.count("<col ", in: sheet) == 7)
            #expect(!sheet.contains("<f>") && !sheet.contains("<f "), "no formulas in cells")
        }
        #expect(classes.contains("<col min=\"4\" max=\"4\" width=\"38\" style=\"\(XLSXWorkbook.Style.open.rawValue)\" customWidth=\"1\"/>"))
        // Drop-down lists: grades, subjects, the school's teachers from «Педагоги», да/нет, over
        // the pre-filled rows and at least 200 more (at least to row 302).
        let classLast = 2 + max(try Self.sheet(path, "Классы и учителя").rowCount + 200, 300)
        let teacherLast = 2 + max(try Self.sheet(path, "Педагоги").rowCount + 200, 300)
        #expect(classes.contains("sqref=\"B3:B\(classLast)\"><formula1>\"1,2,3,4,5,6,7,8,9,10,11\"</formula1>"))
        #expect(classes.contains("sqref=\"D3:D\(classLast)\"><formula1>'Педагоги'!$B$3:$B$\(teacherLast)</formula1>"))
        #expect(classes.contains("sqref=\"E3:E\(classLast)\"><formula1>\"да,нет\"</formula1>"))
        #expect(teachers.contains("sqref=\"G3:G\(teacherLast)\"><formula1>\"да,нет\"</formula1>"))
        #expect(Self.count("<dataValidation ", in: classes) == 4)
        #expect(teachers.contains("<formula1>\"высшая,первая,соответствие,без категории\"</formula1>"))
        #expect(teachers.contains("type=\"whole\" operator=\"between\"") && teachers.contains("<formula1>0</formula1><formula2>70</formula2>"))
        #expect(Self.count("<dataValidation ", in: teachers) == 4)
        let subjects = Set(try Self.records(Self.seed.appendingPathComponent("classes.csv")).map { $0["subject"]! }).sorted()
        #expect(classes.contains("<formula1>\"" + subjects.joined(separator: ",") + "\"</formula1>"))

        // Header cells use a locked style, pre-filled and blank data cells unlocked ones.
        let locked = try Self.lockedStyles(path)
        #expect(classes.contains("<c r=\"A2\" s=\"\(XLSXWorkbook.Style.header.rawValue)\" t=\"inlineStr\"><is><t>Класс</t></is></c>"))
        #expect(locked[XLSXWorkbook.Style.header.rawValue] == true && locked[XLSXWorkbook.Style.title.rawValue] == true)
        #expect(locked[XLSXWorkbook.Style.suggestion.rawValue] == false && locked[XLSXWorkbook.Style.input.rawValue] == false)
        #expect(locked[XLSXWorkbook.Style.open.rawValue] == false && locked[XLSXWorkbook.Style.locked.rawValue] == true)
        #expect(classes.contains("<c r=\"A3\" s=\"\(XLSXWorkbook.Style.suggestion.rawValue)\" t=\"inlineStr\">"))
        #expect(teachers.contains("<c r=\"A3\" s=\"\(XLSXWorkbook.Style.locked.rawValue)\" t=\"inlineStr\">"), "teacher ids are locked")

        let instruction = try Self.sheet(path, "Инструкция")
        let lines = Support.textRows(instruction).flatMap { $0 } + instruction.names
        #expect(lines.contains("Срок: до 15.09.2029."))
        #expect(lines.contains("Куда отправить: Петрова А. А., ocenka@uo.example."))
        #expect(lines.contains { $0.contains("(sch30001.xlsx)") })
        // Long paragraphs get rows tall enough for their wrapped lines.
        let instructionXML = try Self.part(path, "xl/worksheets/sheet1.xml")
        #expect(instructionXML.contains("<row r=\"11\" ht=\"") && instructionXML.contains("customHeight=\"1\""))
        #expect(instructionXML.contains("<row r=\"1\">"), "the title keeps its own height")
    }

    /// Which cell formats of the workbook leave a cell locked (Excel's default) under protection.
    static func lockedStyles(_ path: String) throws -> [Int: Bool] {
        let styles = try part(path, "xl/styles.xml")
        guard let start = styles.range(of: "<cellXfs"), let end = styles.range(of: "</cellXfs>") else { return [:] }
        let formats = styles[start.upperBound..<end.lowerBound].components(separatedBy: "<xf ").dropFirst()
        var result: [Int: Bool] = [:]
        for (index, format) in formats.enumerated() { result[index] = !format.contains("locked=\"0\"") }
        return result
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// ECMA-376 Part 1, §18.3.1.99 CT_Worksheet: the children of `<worksheet>` in the order the
    /// schema's sequence gives them (Excel refuses a sheet that breaks it).
    static let worksheetOrder = [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
        "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
        "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
        "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
        "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]

    /// The names of `<worksheet>`'s child elements, in document order.
    static func topLevelElements(_ xml: String) -> [String] {
        guard let open = xml.range(of: "<worksheet"), let bodyStart = xml[open.upperBound...].range(of: ">") else { return [] }
        var names: [String] = []
        var depth = 0
        var rest = xml[bodyStart.upperBound...]
        while let tag = rest.range(of: "<") {
            let after = rest[tag.upperBound...]
            guard let close = after.range(of: ">") else { break }
            let content = after[..<close.lowerBound]
            rest = after[close.upperBound...]
            if content.hasPrefix("/") {
                depth -= 1
                continue
            }
            let name = String(content.prefix { !$0.isWhitespace && $0 != "/" })
            if depth == 0 { names.append(name) }
            if !content.hasSuffix("/") { depth += 1 }
        }
        return names.filter { $0 != "/worksheet" && !$0.isEmpty }
    }

    @Test func sheetElementsFollowTheSchemaOrder() throws {
        let (folder, result) = try Self.run(Self.longListScript)
        #expect(result.ok, "\(result.err)")
        for file in ["A_B.xlsx", "S2.xlsx"] {
            let path = folder.appendingPathComponent("out/" + file).path
            for number in 1...4 {
                let elements = Self.topLevelElements(try Self.part(path, "xl/worksheets/sheet\(number).xml"))
                let positions = elements.map { Self.worksheetOrder.firstIndex(of: $0) ?? -1 }
                #expect(!positions.contains(-1), "\(file) sheet\(number): unknown element in \(elements)")
                #expect(positions == positions.sorted() && Set(positions).count == positions.count, "\(file) sheet\(number): \(elements)")
                #expect(elements.contains("sheetData") && elements.contains("sheetProtection"))
            }
        }
        // the ordering check itself catches a misplaced element
        let bad = "<worksheet><sheetData/><cols><col min=\"1\" max=\"1\"/></cols></worksheet>"
        let positions = Self.topLevelElements(bad).map { Self.worksheetOrder.firstIndex(of: $0) ?? -1 }
        #expect(positions != positions.sorted())
    }

    // MARK: edges, on a district made here

    /// Thirty long subject names (over Excel's 255 characters, one with a comma), a school id that
    /// is no file name, a graduating class, a class id without its grade, a teacher who left, a
    /// teacher of another subject, a school without last year's classes.
    static let longListScript: String = {
        let subjects = (1...30).map { "Предмет с длинным названием № \(String(format: "%02d", $0))" } + ["Родной язык, литература"]
        var classes = "year,school_id,class_id,grade,subject,teacher_id\n"
        for (index, subject) in subjects.enumerated() {
            // the first subject's teacher has left the school, the second's teaches Математика
            let teacher = index == 0 ? "T9" : index == 1 ? "T1" : ""
            classes += "2025,A/B,7А,7,\(subject.contains(",") ? "\"\(subject)\"" : subject),\(teacher)\n"
        }
        classes += """
            2025,A/B,5Б,5,Математика,T1
            2025,A/B,5Б,5,Русский язык,T2
            2025,A/B,6Б,6,Математика,T1
            2025,A/B,6Б,6,Русский язык,T9
            2025,A/B,11А,11,Математика,T1
            2025,A/B,А,4,Математика,T3
            2024,A/B,4Б,4,Математика,T3

            """
        let teachers = """
            teacher_id,teacher_name,school_id,subject,category,experience_years
            T1,Учитель Математики Первый,A/B,Математика,педагог-методист,40
            T2,Учитель Литературы Второй,A/B,Литература,высшая,
            T3,Учитель Начальных Третий,A/B,Начальные классы,первая,2
            T4,Чужой Учитель Четвёртый,S2,Математика,первая,5

            """
        let schools = "school_id,school_name\nA/B,\"Школа «А/Б», корпус 2\"\nS2,Школа без классов\n"
        // Courses of 2023–2026 count for 2026: not 2021's, not a dropped one.
        let enrolments = "teacher_id,course_id,year,status\nT1,K1,2021,completed\nT1,K1,2024,completed\nT1,K2,2025,enrolled\nT1,K3,2025,dropped\n"
        let courses = "course_id,title\nK1,\"Курс один, с запятой\"\nK3,Курс три\n"
        return """
            load "data:classes.csv" as classes
            load "data:teachers.csv" as teachers
            load "data:schools.csv" as schools
            load "data:enrolments.csv" as enrolments
            load "data:courses.csv" as courses
            schools | template "out" with year = 2026, last_grade = 11, enrolments = "enrolments", courses = "courses"
            """
            .replacingOccurrences(of: "data:classes.csv", with: write(classes, "classes.csv"))
            .replacingOccurrences(of: "data:teachers.csv", with: write(teachers, "teachers.csv"))
            .replacingOccurrences(of: "data:schools.csv", with: write(schools, "schools.csv"))
            .replacingOccurrences(of: "data:enrolments.csv", with: write(enrolments, "enrolments.csv"))
            .replacingOccurrences(of: "data:courses.csv", with: write(courses, "courses.csv"))
    }()

    static func write(_ text: String, _ name: String) -> String {
        let folder = (try? Support.temporaryFolder()) ?? FileManager.default.temporaryDirectory
        let url = folder.appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func longListsGoThroughAHiddenSheetAndClassesMoveUpByTheRule() throws {
        let (folder, result) = try Self.run(Self.longListScript)
        #expect(result.ok, "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted() == ["A_B.xlsx", "S2.xlsx"])
        let path = folder.appendingPathComponent("out/A_B.xlsx").path
        let workbook = try Self.part(path, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"Списки\" sheetId=\"4\" state=\"hidden\" r:id=\"rId4\"/>"))
        let classes = try Self.part(path, "xl/worksheets/sheet2.xml")
        let teachers = try Self.part(path, "xl/worksheets/sheet3.xml")
        // 33 subjects of classes (31 + Математика, Русский язык), teachers' subjects besides.
        let classSubjects = ((1...30).map { "Предмет с длинным названием № \(String(format: "%02d", $0))" }
                             + ["Родной язык, литература", "Математика", "Русский язык"]).sorted()
        #expect(classes.contains("<formula1>'Списки'!$A$2:$A$\(classSubjects.count + 1)</formula1>"))
        #expect(teachers.contains("<formula1>'Списки'!$B$2:$B$\(classSubjects.count + 3)</formula1>"))
        let lists = try Self.sheet(path, "Списки")
        #expect(lists.names.first == "Предметы (классы)")
        #expect((0..<classSubjects.count).map { Self.text(lists, "Предметы (классы)", $0) } == classSubjects)
        // Categories: the standard ones found, then the others (педагог-методист).
        #expect(teachers.contains("<formula1>\"высшая,первая,педагог-методист\"</formula1>"))

        let rows = try Self.sheet(path, "Классы и учителя")
        let got = Set((0..<rows.rowCount).map { [Self.text(rows, "Класс", $0), Self.text(rows, "Параллель", $0), Self.text(rows, "Предмет", $0),
                                                   Self.text(rows, "Учитель (ФИО)", $0), Self.text(rows, "Класс в прошлом году", $0)] })
        // 5Б → 6Б gets the subjects 6Б had (Математика, Русский язык): T1 follows (same subject),
        // T2 teaches Литература so is not suggested; 6Б → 7Б gets the 31 subjects of grade 7; 7А
        // → 8А keeps its own (no grade 8 anywhere last year); 11А
        // has left; «А» of grade 4 stays «А» in grade 5 (subjects of grade 5), T3 teaches
        // Начальные классы so is not suggested; 4Б of 2024 is not last year.
        #expect(got.contains(["6Б", "6", "Математика", "Учитель Математики Первый", "5Б"]))
        #expect(got.contains(["6Б", "6", "Русский язык", "", "5Б"]))
        #expect(got.contains(["7Б", "7", "Родной язык, литература", "", "6Б"]))
        #expect(!got.contains { $0[0] == "7Б" && $0[2] == "Математика" }, "grade 7 had none last year")
        #expect(got.contains(["А", "5", "Математика", "", "А"]) && got.contains(["А", "5", "Русский язык", "", "А"]))
        #expect(got.contains(["8А", "8", "Предмет с длинным названием № 01", "", "7А"]), "T9 has left")
        #expect(got.contains(["8А", "8", "Предмет с длинным названием № 02", "", "7А"]), "T1 teaches Математика")
        #expect(got.contains(["8А", "8", "Предмет с длинным названием № 03", "", "7А"]))
        #expect(!got.contains { $0[0] == "12А" || $0[4] == "11А" || $0[4] == "4Б" })
        #expect(rows.rowCount == 2 + 31 + 2 + 31)
        let staff = try Self.sheet(path, "Педагоги")
        #expect(staff.rowCount == 3)
        #expect(Self.text(staff, "Курсы повышения квалификации за 3 года", 0) == "Курс один, с запятой (2024); K2 (2025, обучается)")
        #expect(Self.text(staff, "Курсы повышения квалификации за 3 года", 1) == "")

        // The school without classes gets its teacher and an empty class sheet with the lists.
        let other = folder.appendingPathComponent("out/S2.xlsx").path
        #expect(try Self.sheet(other, "Классы и учителя").rowCount == 0)
        #expect(Self.text(try Self.sheet(other, "Педагоги"), "ФИО", 0) == "Чужой Учитель Четвёртый")
        #expect(try Self.part(other, "xl/worksheets/sheet2.xml").contains("<formula1>'Педагоги'!$B$3:$B$302</formula1>"))
    }

    @Test func helpersFollowTheirRules() {
        #expect(SchoolTemplates.movedUp("5А", from: 5, to: 6) == "6А")
        #expect(SchoolTemplates.movedUp("10Б", from: 10, to: 11) == "11Б")
        #expect(SchoolTemplates.movedUp("9 В", from: 9, to: 10) == "10 В")
        #expect(SchoolTemplates.movedUp("А", from: 4, to: 5) == "А")
        #expect(SchoolTemplates.movedUp("15А", from: 5, to: 6) == "15А", "a number that is not the grade stays")
        #expect(SchoolTemplates.fileStem("S03") == "S03")
        #expect(SchoolTemplates.fileStem("Школа 3") == "Школа 3")
        #expect(SchoolTemplates.fileStem("a/b\\c:d*e?f\"g<h>i|j") == "a_b_c_d_e_f_g_h_i_j")
        #expect(SchoolTemplates.fileStem("..") == "школа" && SchoolTemplates.fileStem("") == "школа")
        #expect(SchoolTemplates.fileStem(".hidden") == "hidden")
        let exactly255 = [String(repeating: "я", count: 127), String(repeating: "б", count: 127)]   // 127 + 1 + 127
        #expect(XLSXWorkbook.fitsInline(exactly255))
        #expect(!XLSXWorkbook.fitsInline(exactly255 + ["x"]))
        #expect(!XLSXWorkbook.fitsInline(["a", "b,c"]) && !XLSXWorkbook.fitsInline(["a\"b"]))
    }

    @Test func tabCompletesTheFolderAndTheOptions() {
        #expect(CompletionContext.analyze("schools | template \"out/").wants == [.paths(.any)])
        #expect(CompletionContext.analyze("schools | template \"out/t\" ").wants == [.keywords(["with"])])
        let options = CompletionContext.analyze("schools | template \"out/t\" with year = 2026, ").wants
        // The spec's options, less `year`, already written.
        #expect(options == [.keywords(TemplateVerb.spec.options.filter { $0.name != "year" }.map(\.completion))])
        #expect(TemplateVerb.spec.options.map(\.name) == ["year", "classes", "teachers", "enrolments", "courses", "deadline", "contact", "last_grade"])
    }

    // MARK: errors and batch runs

    @Test func missingDatasetsColumnsAndOptionsAreClearErrors() throws {
        let noTeachers = try Self.run("load \"\(Self.seed.path)/schools.csv\" as schools\nload \"\(Self.seed.path)/classes.csv\" as classes\nschools | template \"out\" with year = 2030")
        #expect(!noTeachers.result.ok)
        #expect(noTeachers.result.err.contains("unknown dataset `teachers`"))
        #expect(noTeachers.result.err.contains("load \"Datasets/teachers.csv\" as teachers"))
        #expect(!FileManager.default.fileExists(atPath: noTeachers.folder.appendingPathComponent("out").path))

        let noColumn = try Self.run(Self.seedScript("let c = classes | drop teacher_id\nschools | template \"out\" with classes = \"c\""))
        #expect(noColumn.result.err.contains("the dataset `c` has no column `teacher_id`"), "\(noColumn.result.err)")

        let typo = try Self.run(Self.seedScript("schools | template \"out\" with yaer = 2030"))
        #expect(typo.result.err.contains("unknown option `yaer` for `template`") && typo.result.err.contains("year"))

        let badYear = try Self.run(Self.seedScript("schools | template \"out\" with year = \"next\""))
        #expect(badYear.result.err.contains("`year` is a whole number from 1 to 9999"))
        let badGrade = try Self.run(Self.seedScript("schools | template \"out\" with last_grade = 40"))
        #expect(badGrade.result.err.contains("`last_grade` is a whole number from 1 to 12"))

        let noFolder = try Self.run(Self.seedScript("schools | template"))
        #expect(noFolder.result.err.contains("`template` takes the folder"))

        let noSchool = try Self.run(Self.seedScript("classes | select year | template \"out\""))
        #expect(noSchool.result.err.contains("the input (the schools to write for) has no column `school_id`"), "\(noSchool.result.err)")
    }

    @Test func hostileNumbersAndTwinNamesAreNotesNotCrashes() throws {
        let classes = Self.write("""
            year,school_id,class_id,grade,subject,teacher_id
            1e300,S1,5А,5,Математика,T1
            2025,S1,5А,inf,Математика,T1
            2025,S1,5Б,nan,Математика,T1
            2025,S1,99999999999999999999А,5,Математика,T1
            9223372036854775807,S1,6А,6,Математика,T1

            """, "classes.csv")
        let teachers = Self.write("teacher_id,teacher_name,school_id,subject,category,experience_years\nT1,Иванова Анна,S1,Математика,,1e308\nT2,Иванова Анна,S1,Физика,,\n", "teachers.csv")
        let script = """
            load "\(classes)" as classes with types = {year: "text", grade: "text"}
            load "\(teachers)" as teachers
            let schools = teachers | distinct school_id
            schools | template "out"
            """
        let (folder, result) = try Self.run(script)
        #expect(result.ok, "\(result.err)")
        #expect(result.err.contains("template: S1 has several teachers named «Иванова Анна»"))
        let path = folder.appendingPathComponent("out/S1.xlsx").path
        // Only the row with a real year and grade moves up; 1e300 and 2^63-1 are no years.
        let rows = try Self.sheet(path, "Классы и учителя")
        #expect(Support.textRows(rows).map { Array($0.prefix(3)) } == [["99999999999999999999А", "6", "Математика"]])
        #expect(Self.text(try Self.sheet(path, "Педагоги"), "Стаж, лет", 0) == "")
        #expect(result.err.contains("for 2025/2026"))

        let noClasses = try Self.run(Self.seedScript("let none = classes | where year == 1900\nschools | head 2 | template \"out\" with classes = \"none\", year = 2030"))
        #expect(noClasses.result.ok && noClasses.result.err.contains("template: no classes of 2029 for sch30001, sch30002"), "\(noClasses.result.err)")
    }

    @Test func yearDefaultsToTheNextOneAndAFailedRunLeavesNoFiles() throws {
        let (folder, result) = try Self.run(Self.seedScript("schools | where school_id == \"sch30002\" | template \"out\""))
        #expect(result.ok, "\(result.err)")
        #expect(result.err.contains("wrote 1 template for 2029/2030 into out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path) == ["sch30002.xlsx"])

        let failed = try Self.run(Self.seedScript("schools | template \"out\"\nnosuch | head 1"))
        #expect(!failed.result.ok)
        #expect(!FileManager.default.fileExists(atPath: failed.folder.appendingPathComponent("out").path), "staged files are dropped")
    }

    // MARK: LibreOffice

    static var soffice: String? {
        ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func convert(_ input: String, to filter: String, in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice ?? "/usr/bin/soffice")
        process.arguments = ["--headless", "-env:UserInstallation=file://" + folder.path + "/profile", "--convert-to", filter, "--outdir", folder.path, input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if waitWithDeadline(process, seconds: 300) { Issue.record("soffice --convert-to \(filter) took over 300 s: killed") }
        return process.terminationStatus
    }

    @Test func libreOfficeKeepsTheListsProtectionAndValues() throws {
        guard Self.soffice != nil else {
            print("◇ SKIPPED libreOfficeKeepsTheListsProtectionAndValues: soffice is not installed (apt-get install libreoffice-calc-nogui)")
            return
        }
        let (folder, result) = try Self.run(Self.longListScript)
        #expect(result.ok, "\(result.err)")
        let path = folder.appendingPathComponent("out/A_B.xlsx").path
        let converted = try Support.temporaryFolder()
        #expect(try Self.convert(path, to: "fods", in: converted) == 0)
        let fods = try String(contentsOf: converted.appendingPathComponent("A_B.fods"), encoding: .utf8)
        #expect(Self.count("<table:content-validation ", in: fods) == 8)
        #expect(fods.contains("cell-content-is-in-list(&quot;да&quot;;&quot;нет&quot;)"))
        #expect(fods.contains("$Педагоги.$B$3:.$B$302"), "the teacher list reads «Педагоги»")
        #expect(fods.contains("$Списки.$A$2:.$A$34"), "the long subject list reads the hidden sheet")
        #expect(fods.contains("cell-content-is-whole-number() and cell-content-is-between(0,70)"))
        for sheet in ["Инструкция", "Классы и учителя", "Педагоги"] {
            #expect(fods.contains("<table:table table:name=\"\(sheet)\"") && fods.range(of: "table:name=\"\(sheet)\" table:style-name=\"[a-z0-9]+\" table:protected=\"true\"", options: .regularExpression) != nil, "\(sheet)")
        }
        #expect(fods.contains("style:cell-protect=\"none\""), "data cells stay editable")
        #expect(fods.contains("table:display=\"false\""), "the list sheet stays hidden")
        #expect(fods.contains("Учитель Математики Первый"))

        // Every sheet as CSV: the values LibreOffice reads are the ones written.
        #expect(try Self.convert(path, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", in: converted) == 0)
        let csv = try Self.records(converted.appendingPathComponent("A_B-Классы и учителя.csv").dropTitleLine())
        let back = try Self.sheet(path, "Классы и учителя")
        #expect(csv.count == back.rowCount)
        for (row, record) in csv.enumerated() where row < back.rowCount {
            for name in back.names {
                #expect(record[name] == Self.text(back, name, row), "row \(row + 3) \(name)")
            }
        }
        let teachers = try Self.records(converted.appendingPathComponent("A_B-Педагоги.csv").dropTitleLine())
        #expect(teachers.map { $0["Код педагога"] } == ["T1", "T2", "T3"])
        #expect(teachers.first?["Категория"] == "педагог-методист" && teachers.first?["Стаж, лет"] == "40")
    }
}

private extension URL {
    /// A copy of the CSV without its first line (the sheet's title row).
    func dropTitleLine() throws -> URL {
        let text = try String(contentsOf: self, encoding: .utf8)
        let rest = text.drop { $0 != "\n" }.dropFirst()
        let url = deletingLastPathComponent().appendingPathComponent("body-" + lastPathComponent)
        try String(rest).write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
