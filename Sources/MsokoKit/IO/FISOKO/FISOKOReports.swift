import Foundation

/// Reads FIS OKO's aggregate reports — «Статистика по отметкам» (`fisoko-marks`) and
/// «Выполнение заданий» (`fisoko-completion`) — into `reference_results` rows.
///
/// A report is one or more blocks, one per work: title rows (which name the work), a header row
/// holding «Кол-во участников» (possibly two rows: a group cell merged over «2 3 4 5» or over the
/// task numbers), then one row per group of participants: «Вся выборка»/«РФ»/«Россия», the region,
/// the municipality, its schools — in that order, which is how the rows are told apart (the words
/// check each step: a region reads as «… обл.», «край», «Республика …»; a municipality as «район»,
/// «округ», «город», «г. …»). Blocks may follow each other on one sheet or sit one per sheet.
///
/// Percentages may be numbers, numbers stored as text (`41,4`), text with a sign (`41,4 %`), or
/// fractions (`0.414`, what a cell formatted as percent holds): a block whose every percentage
/// is at most 1 is read as fractions and multiplied by 100 (a real block in percent always has a
/// value above 1: the four shares of marks add up to 100, and no work has every task solved by
/// at most 1 %).
enum FISOKOReports {
    static let scopeNames = ["russia", "region", "municipality", "school"]
    static let defaultScopes: Set<String> = ["russia", "region", "municipality"]

    /// `scopes = "russia, region, municipality, school"` (commas or spaces between the names).
    static func scopes(_ value: Value, at range: SourceRange?) throws(MsokoError) -> Set<String> {
        guard case .text(let text) = value else {
            throw MsokoError(.type, tr("io.fisoko.scopes_text_listing_report"), at: range,
                             hint: tr("io.fisoko.scopes_list", ["scopes": scopeNames.joined(separator: ", ")]))
        }
        var chosen: Set<String> = []
        for word in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            let name = word.lowercased()
            guard scopeNames.contains(name) else {
                throw MsokoError(.syntax, tr("io.fisoko.unknown_scope_scopes", ["word": word]), at: range,
                                 hint: Suggest.hint(for: name, among: scopeNames) ?? "scopes: " + scopeNames.joined(separator: ", "))
            }
            chosen.insert(name)
        }
        guard !chosen.isEmpty else {
            throw MsokoError(.syntax, tr("io.fisoko.scopes_names_scope"), at: range, hint: tr("io.fisoko.scopes_list", ["scopes": scopeNames.joined(separator: ", ")]))
        }
        return chosen
    }

    /// The most rows a report sheet may have (they are held in memory: reports have hundreds).
    static let maxRows = 200_000

    final class RowCollector: XLSXRowSink {
        var rows: [(number: Int, cells: [XLSXCell])] = []
        let sheet: String
        let shown: String
        init(sheet: String, shown: String) { self.sheet = sheet; self.shown = shown }
        func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            if rows.count >= FISOKOReports.maxRows {
                throw MsokoError(.data, tr("io.fisoko.sheet_has_more_than", ["sheet": sheet, "shown": shown, "max_rows": FISOKOReports.maxRows]),
                                 hint: tr("io.fisoko.load_without_profile"))
            }
            rows.append((number, cells))
        }
    }

    /// One output row before it becomes columns.
    struct Figure {
        var year: Int, subject: String, grade: Int
        var scope: String, indicator: String, task: String?
        var value: Double, n: Double?
        var school: String?
        var sheetRow: Int
        var sheet: String
    }

    static func read(_ package: XLSXPackage, options: FISOKOOptions, fileName: String) throws(MsokoError) -> FISOKOImporter.Report {
        let shown = package.shownPath
        let sheets: [XLSXPackage.Sheet]
        if options.sheet != nil {
            sheets = [try package.sheet(options.sheet)]
        } else {
            sheets = package.sheets.filter { !$0.hidden }
        }
        return try read(sheets: sheets, shown: shown, options: options, fileName: fileName) { sheet throws(MsokoError) in
            let collector = RowCollector(sheet: sheet.name, shown: shown)
            try XLSXSheetStream.read(package, sheet: sheet) { _ in collector }
            return collector.rows
        }
    }

    /// The same over any source of rows: the sheets of a workbook, or a CSV file standing as one
    /// sheet (IO/Profiles/ImportProfiles.swift).
    static func read(sheets: [XLSXPackage.Sheet], shown: String, options: FISOKOOptions, fileName: String,
                     rows: (XLSXPackage.Sheet) throws(MsokoError) -> [(number: Int, cells: [XLSXCell])]) throws(MsokoError) -> FISOKOImporter.Report {
        var figures: [Figure] = []
        var notes: [String] = []
        var readSheets: [String] = []
        var firstMiss: MsokoError?
        var schoolColumn: (sheet: String, column: Int, name: String)?
        for sheet in sheets {
            var reader = SheetReader(shown: shown, sheet: sheet, rows: try rows(sheet), options: options, fileName: fileName)
            do {
                try reader.read()
            } catch let error where reader.headerMissing.value {
                // The most telling miss: one that found a header without its participants column.
                if firstMiss == nil || (firstMiss?.data == nil && error.data != nil) { firstMiss = error }
                continue
            }
            if reader.blocks == 0 { continue }
            readSheets.append("`\(sheet.name)` (\(reader.blocks) work\(reader.blocks == 1 ? "" : "s"))")
            figures += reader.figures
            notes += reader.notes
            if schoolColumn == nil, let column = reader.nameColumn { schoolColumn = (sheet.name, column, reader.nameHeader) }
        }
        guard !readSheets.isEmpty else {
            if let firstMiss, sheets.count == 1 || firstMiss.data != nil { throw firstMiss }
            throw MsokoError(.data, tr("io.fisoko.sheet_holds_fis_oko", ["shown": shown, "value": options.profile == .marks ? "«Статистика по отметкам»" : "«Выполнение заданий»"])
                                + sheets.map { "`\($0.name)`" }.joined(separator: ", "),
                             hint: tr("io.fisoko.load_without_profile_look"))
        }
        // Keep the scopes asked for.
        let scopes = options.scopes ?? defaultScopes
        let dropped = figures.filter { !scopes.contains($0.scope) }
        figures.removeAll { !scopes.contains($0.scope) }
        var summary = tr("io.fisoko.fis_oko_sheet_figure", ["shown": shown, "value": options.profile == .marks ? "«Статистика по отметкам»" : "«Выполнение заданий»", "read_sheets_count": readSheets.count, "value2": readSheets.joined(separator: ", "), "figures_count": figures.count])
        let droppedSchools = Set(dropped.filter { $0.scope == "school" }.compactMap(\.school)).count
        if droppedSchools > 0 { summary += tr("io.fisoko.rows_school_left_out", ["dropped_schools": droppedSchools]) }
        notes.insert(summary, at: 0)
        // The same figure twice: two blocks for one work (options overriding the titles?).
        var seen: [String: String] = [:]
        for figure in figures {
            let key = "\(figure.year)|\(figure.subject)|\(figure.grade)|\(figure.scope)|\(figure.school ?? "")|\(figure.indicator)|\(figure.task ?? "")"
            if let earlier = seen[key] {
                throw MsokoError(.data, tr("io.fisoko.gives_twice_sheet_row", ["shown": shown, "indicator": figure.indicator, "value": figure.task.map { tr("io.fisoko.of_task", ["task": $0]) } ?? "", "scope": figure.scope, "value2": figure.school.map { " `\($0)`" } ?? "", "subject": figure.subject, "grade": figure.grade, "year": figure.year, "earlier": earlier, "sheet": figure.sheet, "sheet_row": figure.sheetRow]),
                                 data: DataLocation(file: shown, line: figure.sheetRow),
                                 hint: tr("io.fisoko.two_blocks_name_same"))
            }
            seen[key] = tr("io.fisoko.sheet_row", ["sheet": figure.sheet, "sheet_row": figure.sheetRow])
        }
        // Columns.
        let n = figures.count
        var table = Table()
        table.set("year", Column.from(figures.map { .int(Int64($0.year)) }))
        table.set("subject", Column.from(figures.map { .text($0.subject) }))
        table.set("grade", Column.from(figures.map { .int(Int64($0.grade)) }))
        table.set("scope", Column.from(figures.map { .text($0.scope) }))
        table.set("indicator", Column.from(figures.map { .text($0.indicator) }))
        var tasks = FISOKOImporter.TextColumn()
        for figure in figures { tasks.append(figure.task) }
        table.set("task", tasks.column())
        table.set("value", Column(.double(figures.map(\.value))))
        var participants = FISOKOImporter.NumberColumn()
        for figure in figures { participants.append(figure.n) }
        table.set("n", participants.column())
        if scopes.contains("school") {
            var schools = FISOKOImporter.TextColumn()
            for figure in figures { schools.append(figure.school) }
            var column = schools.column()
            if let map = options.schools {
                column = try map.map(column, rows: figures.map(\.sheetRow), sheetColumn: schoolColumn?.column, sheet: schoolColumn?.sheet ?? "", sheets: figures.map(\.sheet),
                                     shown: shown, columnName: schoolColumn?.name ?? "school", ignoreErrors: options.ignoreErrors, notes: &notes)
            }
            table.set("school_id", column)
        }
        if n == 0 {
            let names = FISOKOProfile.referenceColumns + (scopes.contains("school") ? ["school_id"] : [])
            table = Table(names: names, columns: names.map { _ in Column(.null(count: 0)) }, rowCount: 0)
        }
        return FISOKOImporter.Report(table: table, notes: notes, kind: options.profile == .marks ? tr("io.fisoko.kind_marks") : tr("io.fisoko.kind_completion"))
    }

    /// Reads the blocks of one sheet.
    struct SheetReader {
        /// Set when the sheet has no header row with the participants' column (the next sheet
        /// is then tried).
        let headerMissing = Flag()
        final class Flag { var value = false }

        let shown: String
        let sheet: XLSXPackage.Sheet
        let rows: [(number: Int, cells: [XLSXCell])]
        let options: FISOKOOptions
        let fileName: String
        var figures: [Figure] = []
        var notes: [String] = []
        var blocks = 0
        var nameColumn: Int?
        var nameHeader = ""
        var works: [String] = []
        var fractionWorks: [String] = []
        var workSources: Set<String> = []

        init(shown: String, sheet: XLSXPackage.Sheet, rows: [(number: Int, cells: [XLSXCell])], options: FISOKOOptions, fileName: String) {
            self.shown = shown
            self.sheet = sheet
            self.rows = rows
            self.options = options
            self.fileName = fileName
        }

        /// What a value column holds.
        enum Role: Equatable {
            case schoolsCount, participants
            case mark(Int)
            case task(String)
        }

        struct Layout {
            var nameColumn: Int
            var loginColumn: Int?
            var loginHeader = ""
            var nameHeader: String
            var participantsColumn: Int
            var valueColumns: [(column: Int, role: Role, header: String)]
            /// Rows the header takes, and the first of them.
            var rowCount: Int
            var headerRow: Int
        }

        func cellRef(_ column: Int, _ row: Int) -> String { XLSXSheetStream.columnLetters(column) + String(row) }

        func error(_ row: Int, _ column: Int?, _ message: String, header: String? = nil, hint: String? = nil) -> MsokoError {
            let place = column.map { tr("io.fisoko.report.sheet_cell", ["sheet": sheet.name, "value": cellRef($0, row)]) } ?? tr("io.fisoko.report.sheet_row", ["sheet": sheet.name, "row": row])
            return MsokoError(.data, "\(place): \(message)",
                              data: DataLocation(file: shown, line: row, field: column.map { $0 + 1 }, columnName: header), hint: hint)
        }

        static func isParticipants(_ text: String) -> Bool {
            let name = FISOKOVocabulary.normalize(text)
            return (name.contains("участник") && (name.contains("кол") || name.contains("числ"))) || name == "n"
        }

        static func isHeader(_ row: (number: Int, cells: [XLSXCell])) -> Bool {
            row.cells.contains { $0.kind == .text && isParticipants($0.text) } && Set(row.cells.map { text($0) }).count >= 2
        }

        static func isSchoolsCount(_ text: String) -> Bool {
            let name = FISOKOVocabulary.normalize(text)
            return (name.hasPrefix("кол") || name.hasPrefix("числ")) && (name.hasSuffix(" оо") || name.contains("образовательных организаций") || name.contains("школ"))
        }

        /// «2», «отметка "2"», «% 2», «доля «2»» → 2.
        static func markLabel(_ text: String) -> Int? {
            var name = FISOKOVocabulary.normalize(text).filter { !"«»\"“”'%()".contains($0) }
            for word in ["отметка", "отметки", "доля", "процент", "в", "на"] {
                name = name.split(separator: " ").filter { $0 != word }.joined(separator: " ")
            }
            name = name.trimmingCharacters(in: .whitespaces)
            guard let mark = Int(name), (2...5).contains(mark) else { return nil }
            return mark
        }

        /// `1`, `№1`, `№ 9.1`, `1 (1)`, `9.1 (2б)`, `Задание 3` → the task number.
        static func taskLabel(_ text: String) -> String? {
            var name = FISOKOVocabulary.normalize(text)
            for prefix in ["задание", "зад.", "№"] where name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            if name.hasPrefix("№") { name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if case .task(let number, _)? = FISOKOVocabulary.taskWithMax(name) { return number }
            return nil
        }

        static func text(_ cell: XLSXCell?) -> String {
            guard let cell else { return "" }
            return XLSXTableBuilder.headerText(cell).trimmingCharacters(in: .whitespaces)
        }

        /// A percentage or a count as a number: numbers, numbers stored as text (`41,4`), `41,4 %`,
        /// `1 404 760` (spaces or no-break spaces between digit groups). Nil for no value
        /// (empty, `-`, `—`, `н/д`); `.failure` for text that is not a number.
        enum Parsed { case value(Double), none, bad }

        static func number(_ cell: XLSXCell?) -> Parsed {
            guard let cell, !cell.isEmpty else { return .none }
            switch cell.kind {
            case .number, .numericText: return .value(cell.number)
            case .text:
                var text = cell.text.trimmingCharacters(in: .whitespaces)
                if ["-", "—", "–", "н/д", "нет данных", "x", "х", "X", "Х"].contains(text) { return .none }
                if text.hasSuffix("%") { text.removeLast() }
                text = text.filter { !$0.isWhitespace }
                return XLSXNumberText.parse(text).map { .value($0) } ?? .bad
            default: return .bad
            }
        }

        mutating func read() throws(MsokoError) {
            var index = 0
            var titles: [(number: Int, cells: [XLSXCell])] = []
            var sawHeaderWords: (row: Int, cell: XLSXCell)?
            while index < rows.count {
                let row = rows[index]
                // A header holds «Кол-во участников» among other names (a title merged across
                // the table repeats one text in every cell).
                guard Self.isHeader(row) else {
                    if sawHeaderWords == nil, let cell = row.cells.first(where: { $0.kind == .text && Self.isSchoolsCount($0.text) }) {
                        sawHeaderWords = (row.number, cell)
                    }
                    titles.append(row)
                    index += 1
                    continue
                }
                let layout = try self.layout(at: index)
                index += layout.rowCount
                var data: [(number: Int, cells: [XLSXCell])] = []
                while index < rows.count, !Self.isHeader(rows[index]) {
                    data.append(rows[index])
                    index += 1
                }
                // Text-only rows after the data are the next block's titles (or notes under the table).
                var trailing: [(number: Int, cells: [XLSXCell])] = []
                while let last = data.last, !hasValues(last, layout) {
                    trailing.insert(last, at: 0)
                    data.removeLast()
                }
                try block(titles: titles, layout: layout, data: data)
                titles = trailing
            }
            if blocks > 0 {
                var note = tr("io.fisoko.report.sheet_works", ["shown": shown, "sheet": sheet.name, "works": works.joined(separator: ", ")])
                if !workSources.isEmpty { note += " — " + workSources.sorted().joined(separator: "; ") }
                notes.insert(note, at: 0)
                if !fractionWorks.isEmpty {
                    notes.append(tr("io.fisoko.sheet_percentages_fractions_every", ["shown": shown, "sheet": sheet.name, "value": fractionWorks.joined(separator: ", ")]))
                }
            }
            if blocks == 0 {
                if let (row, cell) = sawHeaderWords {
                    headerMissing.value = true
                    throw error(row, cell.column, tr("io.fisoko.report.participants_renamed", ["text": Self.text(cell), "reason": tr("io.fisoko.report.no_header")]),
                                hint: tr("io.fisoko.report.participants_renamed.hint"))
                }
                headerMissing.value = true
                throw MsokoError(.data, tr("io.fisoko.report.not_a_report", ["sheet": sheet.name, "file": shown, "reason": tr("io.fisoko.report.no_header")]),
                                 hint: tr("io.fisoko.report.not_a_report.hint"))
            }
        }

        /// Whether a row has a number in any value column.
        func hasValues(_ row: (number: Int, cells: [XLSXCell]), _ layout: Layout) -> Bool {
            row.cells.contains { cell in
                cell.column != layout.nameColumn && layout.valueColumns.contains { $0.column == cell.column }
                    && { if case .value = Self.number(cell) { return true } else { return false } }()
            }
        }

        /// The header's columns (one row, or two when the next row carries the marks or tasks).
        func layout(at index: Int) throws(MsokoError) -> Layout {
            let top = rows[index]
            guard let participants = top.cells.first(where: { $0.kind == .text && Self.isParticipants($0.text) }) else {
                headerMissing.value = true
                throw error(top.number, nil, tr("io.fisoko.report.no_header"))
            }
            var labels: [Int: String] = [:]
            for cell in top.cells { labels[cell.column] = Self.text(cell) }
            var rowCount = 1
            let nameColumnGuess = top.cells.first.map(\.column) ?? 0
            if index + 1 < rows.count, rows[index + 1].number == top.number + 1 {
                let next = rows[index + 1]
                let nextName = next.cells.first { $0.column == nameColumnGuess }.map(Self.text) ?? ""
                // Not a data row: its participants cell is empty or the header merged down.
                let nextParticipants = next.cells.first { $0.column == participants.column }.map(Self.text) ?? ""
                let isContinuation = (nextName.isEmpty || nextName == labels[nameColumnGuess])
                    && (nextParticipants.isEmpty || nextParticipants == labels[participants.column])
                    && next.cells.contains { $0.column > participants.column && !$0.isEmpty }
                if isContinuation {
                    rowCount = 2
                    for cell in next.cells where !cell.isEmpty { labels[cell.column] = Self.text(cell) }
                }
            }
            // The group names: the first text column left of the counts that is not a row number
            // («№ п/п») or a login/code column (whose value, when there is one, names a school).
            let left = labels.keys.filter { $0 < participants.column && !Self.isSchoolsCount(labels[$0] ?? "") }.sorted()
            let numbering: Set<String> = ["№", "№ п/п", "№п/п", "п/п", "номер", "n"]
            let loginColumn = left.first { column in
                let name = FISOKOVocabulary.normalize(labels[column] ?? "")
                return name.contains("логин") || name.hasPrefix("код")
            }
            let nameColumn = left.first { !numbering.contains(FISOKOVocabulary.normalize(labels[$0] ?? "")) && $0 != loginColumn }
                ?? (participants.column > 0 && labels[0] == nil ? 0 : participants.column)
            guard nameColumn < participants.column else {
                throw error(top.number, participants.column, tr("io.fisoko.first_column_there_column"))
            }
            var values: [(column: Int, role: Role, header: String)] = [(participants.column, .participants, labels[participants.column] ?? "")]
            for (column, label) in labels.sorted(by: { $0.key < $1.key }) where column != nameColumn && column != participants.column {
                if Self.isSchoolsCount(label) { values.append((column, .schoolsCount, label)); continue }
                guard column > participants.column else { continue }
                switch options.profile {
                case .marks:
                    if let mark = Self.markLabel(label) { values.append((column, .mark(mark), label)) }
                default:
                    if let task = Self.taskLabel(label) { values.append((column, .task(task), label)) }
                }
            }
            let headerRow = top.number + rowCount - 1
            switch options.profile {
            case .marks:
                let found = Set(values.compactMap { if case .mark(let m) = $0.role { return m } else { return nil } })
                let missing = (2...5).filter { !found.contains($0) }
                if !missing.isEmpty {
                    let tasks = labels.values.filter { Self.taskLabel($0) != nil }.count
                    // Point at the header's last column: the missing one belongs after it.
                    let last = labels.keys.max() ?? participants.column
                    throw error(headerRow, last, tr("io.fisoko.header_has_column_share", ["value": missing.map(String.init).joined(separator: "», «"), "value2": labels[last] ?? ""]),
                                hint: tasks > 4 ? tr("io.fisoko.columns_look_like_task")
                                    : tr("io.fisoko.has_columns_shares_each"))
                }
                for mark in 2...5 where values.filter({ $0.role == .mark(mark) }).count > 1 {
                    let columns = values.filter { $0.role == .mark(mark) }.map { XLSXSheetStream.columnLetters($0.column) }
                    throw error(headerRow, nil, tr("io.fisoko.two_columns_give_share", ["value": columns.joined(separator: ", "), "mark": mark]))
                }
            default:
                let tasks = values.filter { if case .task = $0.role { return true } else { return false } }
                if tasks.isEmpty {
                    let marks = labels.values.filter { Self.markLabel($0) != nil }.count
                    throw error(headerRow, participants.column, tr("io.fisoko.header_has_task_columns"),
                                hint: marks == 4 ? tr("io.fisoko.columns_look_like_marks") : nil)
                }
                // Columns 2, 3, 4, 5 and no task 1: the shares of marks, not tasks.
                let numbers = Set(tasks.compactMap { if case .task(let number) = $0.role { return number } else { return nil } })
                if numbers == ["2", "3", "4", "5"] {
                    throw error(headerRow, nil, tr("io.fisoko.columns_shares_marks_tasks"),
                                hint: tr("io.fisoko.use_marks_profile"))
                }
                var seen: Set<String> = []
                for task in tasks {
                    guard case .task(let number) = task.role else { continue }
                    if !seen.insert(number).inserted {
                        throw error(headerRow, task.column, tr("io.fisoko.task_has_two_columns", ["number": number]), header: task.header)
                    }
                }
            }
            return Layout(nameColumn: nameColumn, loginColumn: loginColumn, loginHeader: loginColumn.flatMap { labels[$0] } ?? "", nameHeader: labels[nameColumn] ?? "", participantsColumn: participants.column,
                          valueColumns: values, rowCount: rowCount, headerRow: top.number)
        }

        // MARK: rows

        enum Scope: Int { case start, russia, region, municipality, school }

        static func isRussia(_ name: String) -> Bool {
            ["вся выборка", "рф", "россия", "российская федерация", "все участники", "всего по рф", "всего по россии"].contains(name)
                || name.hasPrefix("вся выборка") || name.hasPrefix("российская федерация")
        }

        static func isTotal(_ name: String) -> Bool {
            ["итого", "итог", "всего", "итого:", "всего:"].contains(name) || name.hasPrefix("итого по") || name.hasPrefix("всего по")
        }

        static func isRegion(_ name: String) -> Bool {
            let words = name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "—" }).map(String.init)
            return words.contains { ["обл", "обл.", "область", "край", "республика", "респ", "респ.", "ао", "автономный", "автономная",
                                     "москва", "санкт-петербург", "петербург", "севастополь"].contains($0) }
                || name.contains("республика") || name.contains("автономн") || name.contains("санкт-петербург")
        }

        static func isMunicipality(_ name: String) -> Bool {
            let words = name.split(whereSeparator: { $0 == " " }).map(String.init)
            return words.contains { ["район", "р-н", "р-н.", "округ", "город", "г.", "г", "го", "мо", "м.о.", "г.о.", "городской",
                                     "муниципальный", "муниципальное", "улус", "кожуун", "поселение", "зато"].contains($0) }
                || name.hasPrefix("г.") || name.contains("муниципальн") || name.contains("район")
        }

        static func isSchool(_ name: String) -> Bool {
            if name.firstMatch(of: /(^|[^a-z])sch\d+/) != nil { return true }
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\"" }).map(String.init)
            return words.contains { ["мбоу", "моу", "мкоу", "маоу", "гбоу", "гоу", "чоу", "ноу", "оу", "сош", "оош", "нош", "гимназия", "лицей",
                                     "школа", "сш", "цо", "мбоу\"", "кш", "вечерняя"].contains($0) }
                || name.contains("школа") || name.contains("гимназия") || name.contains("лицей")
        }

        mutating func block(titles: [(number: Int, cells: [XLSXCell])], layout: Layout, data: [(number: Int, cells: [XLSXCell])]) throws(MsokoError) {
            let headerRow = layout.headerRow
            // The work: options, then the block's titles, the sheet name, the file name.
            var year = options.year, subject = options.subject, grade = options.grade
            var sources: [String] = []
            let titleText = titles.flatMap { $0.cells.filter { $0.kind == .text }.map(\.text) }.joined(separator: " ")
            for (label, text) in [(tr("io.fisoko.from_title"), titleText), (tr("io.fisoko.from_sheet_name"), sheet.name), (tr("io.fisoko.from_file_name"), fileName)] {
                let found = FISOKOVocabulary.work(in: text)
                if year == nil, let y = found.year { year = y; sources.append(tr("io.fisoko.year_from", ["label": label])) }
                if subject == nil, let s = found.subject { subject = s; sources.append(tr("io.fisoko.subject_from", ["label": label])) }
                if grade == nil, let g = found.grade { grade = g; sources.append(tr("io.fisoko.grade_from", ["label": label])) }
            }
            let firstRow = titles.first?.number ?? headerRow
            guard let year, let subject, let grade else {
                var missing: [String] = []
                if year == nil { missing.append("year = 2025") }
                if subject == nil { missing.append("subject = \"Математика\"") }
                if grade == nil { missing.append("grade = 5") }
                throw MsokoError(.data, tr("io.fisoko.sheet_block_from_row", ["sheet": sheet.name, "shown": shown, "first_row": firstRow, "value": missing.map { String($0.split(separator: " ")[0]) }.joined(separator: ", ")]),
                                 data: DataLocation(file: shown, line: firstRow),
                                 hint: tr("io.fisoko.give_load_profile", ["profile": options.profile.rawValue, "value": missing.joined(separator: ", ")]))
            }
            if nameColumn == nil {
                nameColumn = layout.loginColumn ?? layout.nameColumn
                nameHeader = layout.loginColumn != nil ? layout.loginHeader : (layout.nameHeader.isEmpty ? "group" : layout.nameHeader)
            }
            // The rows and their scope.
            var rowsOut: [(row: Int, scope: Scope, label: String, school: String, values: [(column: Int, role: Role, header: String, value: Double)], n: Double?)] = []
            var state = Scope.start
            var skippedTotals: [String] = []
            var skippedRows: [String] = []
            var russiaLabel = ""
            for row in data {
                var byColumn: [Int: XLSXCell] = [:]
                for cell in row.cells { byColumn[cell.column] = cell }
                let label = Self.text(byColumn[layout.nameColumn])
                var values: [(column: Int, role: Role, header: String, value: Double)] = []
                var n: Double?
                // A subheading merged across the table repeats its text in every column.
                if !label.isEmpty, layout.valueColumns.allSatisfy({ byColumn[$0.column].map { Self.text($0) == label } ?? true }) { continue }
                var unreadable = false
                var schoolsCount: Double?
                for column in layout.valueColumns {
                    let cell = byColumn[column.column]
                    let value: Double
                    switch Self.number(cell) {
                    case .none: continue
                    case .value(let number): value = number
                    case .bad:
                        if options.ignoreErrors { unreadable = true; continue }
                        throw error(row.number, column.column, tr(column.role == .participants ? "io.fisoko.not_a_number_participants" : "io.fisoko.not_a_number_percentage", ["value": cell.map(XLSXReader.describe) ?? tr("io.fisoko.the_cell"), "header": column.header]),
                                    header: column.header, hint: tr("io.fisoko.values_numbers_none_ignore"))
                    }
                    switch column.role {
                    case .participants: n = value
                    case .schoolsCount: schoolsCount = value
                    default: values.append((column.column, column.role, column.header, value))
                    }
                }
                let name = FISOKOVocabulary.normalize(label)
                if label.isEmpty {
                    if values.isEmpty && n == nil { continue }
                    throw error(row.number, layout.nameColumn, tr("io.fisoko.row_figures_without_group"),
                                header: layout.nameHeader)
                }
                if name.hasPrefix("макс") { continue }   // a row of max scores under the task numbers
                if unreadable { skippedRows.append(tr("io.fisoko.report.label_row", ["label": label, "row": row.number])); continue }
                if Self.isTotal(name) { skippedTotals.append(tr("io.fisoko.report.label_row", ["label": label, "row": row.number])); continue }
                if values.isEmpty && n == nil { continue }
                let scope: Scope
                if Self.isRussia(name) {
                    guard state == .start else {
                        throw error(row.number, layout.nameColumn, tr("io.fisoko.all_russia_comes_after", ["label": label]),
                                    header: layout.nameHeader, hint: tr("io.fisoko.fis_oko_lists_region"))
                    }
                    scope = .russia
                    russiaLabel = label
                } else {
                    switch state {
                    case .start, .russia:
                        if Self.isRegion(name) {
                            scope = .region
                        } else if Self.isMunicipality(name) && !Self.isSchool(name) && state == .start {
                            scope = .municipality
                        } else {
                            let after = state == .russia ? tr("io.fisoko.follows", ["russia_label": russiaLabel]) : tr("io.fisoko.first_row")
                            throw error(row.number, layout.nameColumn, tr("io.fisoko.should_region_but_does", ["label": label, "after": after]),
                                        header: layout.nameHeader,
                                        hint: tr("io.fisoko.region_reads_fis_oko"))
                        }
                    case .region:
                        if Self.isSchool(name) || (options.schools?.schoolID(for: label) != nil && !Self.isMunicipality(name)) {
                            scope = .school
                        } else if Self.isMunicipality(name) {
                            scope = .municipality
                        } else {
                            throw error(row.number, layout.nameColumn, tr("io.fisoko.should_municipality_follows_region", ["label": label]),
                                        header: layout.nameHeader,
                                        hint: tr("io.fisoko.municipality_reads_school_login"))
                        }
                    case .municipality, .school:
                        // A second municipality (a region's report lists them all): its rows would
                        // pass for schools. It reads as one and counts more than one school.
                        if Self.isMunicipality(name), !Self.isSchool(name), options.schools?.schoolID(for: label) == nil,
                           schoolsCount.map({ $0 > 1 }) ?? true {
                            throw error(row.number, layout.nameColumn, tr("io.fisoko.reads_second_municipality_this", ["label": label]),
                                        header: layout.nameHeader,
                                        hint: tr("io.fisoko.cut_other_municipalities_out", ["label": label]))
                        }
                        scope = .school
                    }
                }
                state = scope
                // The school: the login column's value, else a login inside the name
                // (`МБОУ СОШ №1 (sch093101)`), else the name as written.
                let login = layout.loginColumn.map { Self.text(byColumn[$0]) } ?? ""
                let school = !login.isEmpty ? login : (label.firstMatch(of: /(?i)(?:^|[^a-z0-9])(sch\d+)(?![0-9])/).map { String($0.1) } ?? label)
                rowsOut.append((row.number, scope, label, school, values, n))
            }
            // Fractions or percent, per block.
            let allValues = rowsOut.flatMap { $0.values.map(\.value) }
            let fractions = !allValues.isEmpty && allValues.allSatisfy { $0 <= 1 }
            var figuresHere: [Figure] = []
            for row in rowsOut {
                let scopeName = FISOKOReports.scopeNames[row.scope.rawValue - 1]
                for item in row.values {
                    var value = item.value
                    if fractions { value = (value * 100 * 1_000_000).rounded() / 1_000_000 }
                    guard value >= 0, value <= 100 else {
                        throw error(row.row, item.column, tr("io.fisoko.percentage", ["value": NumberFormat.shortest(item.value)]), header: item.header)
                    }
                    let indicator: String, task: String?
                    switch item.role {
                    case .mark(let mark): indicator = "mark\(mark)_pct"; task = nil
                    case .task(let number): indicator = "solve_rate"; task = number
                    default: continue
                    }
                    figuresHere.append(Figure(year: year, subject: subject, grade: grade, scope: scopeName, indicator: indicator, task: task,
                                              value: value, n: row.n, school: row.scope == .school ? row.school : nil, sheetRow: row.row,
                                              sheet: sheet.name))
                }
                if options.profile == .marks {
                    let sum = row.values.reduce(0) { $0 + $1.value } * (fractions ? 100 : 1)
                    if row.values.count == 4, abs(sum - 100) > 1.5 {
                        notes.append(tr("io.fisoko.sheet_row_shares_add", ["shown": shown, "sheet": sheet.name, "row": row.row, "label": row.label, "value": NumberFormat.shortest((sum * 10).rounded() / 10)]))
                    }
                }
            }
            figures += figuresHere
            blocks += 1
            let counts = [Scope.russia, .region, .municipality, .school].map { scope in rowsOut.filter { $0.scope == scope }.count }
            var work = tr("io.fisoko.report.work_rows", ["subject": subject, "grade": grade, "year": year, "first": headerRow, "last": data.last?.number ?? headerRow])
            let missing = zip(["Россия", tr("io.fisoko.region"), tr("io.fisoko.municipality")], counts).filter { $0.1 == 0 }.map(\.0)
            if !missing.isEmpty { work += tr("io.fisoko.report.no_row_for", ["value": missing.joined(separator: ", ")]) }
            work += tr("io.fisoko.report.work_schools", ["count": counts[3]])
            works.append(work)
            if fractions { fractionWorks.append("\(subject) \(grade)") }
            if !sources.isEmpty { workSources.insert(sources.joined(separator: ", ")) }
            if !skippedRows.isEmpty {
                notes.append(tr("io.fisoko.sheet_row_unreadable_cell", ["shown": shown, "sheet": sheet.name, "skipped_rows_count": skippedRows.count, "value": skippedRows.joined(separator: ", ")]))
            }
            if !skippedTotals.isEmpty {
                notes.append(tr("io.fisoko.sheet_total_row_skipped", ["shown": shown, "sheet": sheet.name, "skipped_totals_count": skippedTotals.count, "value": skippedTotals.joined(separator: ", ")]))
            }
        }
    }
}
