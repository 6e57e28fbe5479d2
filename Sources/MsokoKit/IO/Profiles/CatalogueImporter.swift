import Foundation

/// The shapes a ВПР task catalogue (the work's description table) can be read into.
public enum CatalogueProfile: String, Sendable, CaseIterable {
    /// One row per task: the canonical `tasks` columns (skill_code is the task's first code).
    case tasks = "vpr-catalogue"
    /// One row per task and further code: the canonical `task_skills` columns.
    case skills = "vpr-catalogue-skills"

    public static let tasksColumns = ["year", "subject", "grade", "task", "max_score", "level", "skill_code", "skill"]
    public static let skillsColumns = ["year", "subject", "grade", "task", "skill_code"]
}

/// The role of one column of a catalogue.
enum CatalogueColumn: Equatable {
    case task, skill, contentCodes, skillCodes, level, maxScore
    /// «Блоки ПООП …»: the skill's wording when the table has no «Проверяемые умения» column.
    case blocks

    var names: String {
        switch self {
        case .task: return "«№ задания», «Номер задания»"
        case .skill: return "«Проверяемые требования (умения)», «Проверяемые умения»"
        case .contentCodes: return "«Код КЭС», «КЭС»"
        case .skillCodes: return "«Код КТ», «КПУ», «Коды проверяемых умений»"
        case .level: return "«Уровень сложности»"
        case .maxScore: return "«Максимальный балл»"
        case .blocks: return "«Блоки ПООП …»"
        }
    }

    static func role(of header: String) -> CatalogueColumn? {
        let n = GIAVocabulary.header(header)
        guard !n.isEmpty else { return nil }
        if ["№ задания", "номер задания", "№ задачи", "задание", "№ п/п задания", "№", "номер"].contains(n)
            || n.hasPrefix("№ задани") || n.hasPrefix("номер задани") { return .task }
        if n.contains("максимальн") || n == "макс. балл" || n == "балл" { return .maxScore }
        if n.hasPrefix("уровень") { return .level }
        if n.contains("кэс") || (n.contains("элемент") && n.contains("содержан")) { return .contentCodes }
        if n.contains("кпу") || n.contains("код кт") || n == "кт" || n.hasPrefix("кт ") || n.contains("коды проверяемых")
            || n.contains("код проверяемого") || n.contains("коды умений") || n.contains("код умения") { return .skillCodes }
        if n.hasPrefix("проверяем") || n.hasPrefix("планируемые результаты") || n == "умение" || n == "умения" { return .skill }
        if n.hasPrefix("блоки поо") || n.hasPrefix("блок поо") || n.hasPrefix("блоки фоп") { return .blocks }
        return nil
    }
}

/// Reads a ВПР task catalogue (task, checked requirement, codifier codes, level, maximum) from a
/// workbook sheet or a CSV file. docs/sources/task-catalogues.md.
enum CatalogueImporter {
    /// `Б`/`базовый`, `П`/`повышенный`, `В`/`высокий` (Latin look-alikes too) → `Б`/`П`/`В`.
    static func level(_ text: String) -> String? {
        let n = FISOKOVocabulary.normalize(text).trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if n == "b" { return "В" }   // a Latin B passes for Cyrillic В, not Б
        if let letter = FISOKOVocabulary.level(n) { return letter }
        if n.hasPrefix("баз") { return "Б" }
        if n.hasPrefix("повыш") { return "П" }
        if n.hasPrefix("высок") { return "В" }
        return nil
    }

    /// Codes written `1.1; 1.2`, `1.1, 3.4` or one per line; in order, without repeats.
    static func codes(_ text: String) -> [String] {
        var out: [String] = []
        for piece in text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline || $0.isWhitespace }) {
            let code = piece.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
            if !code.isEmpty, !out.contains(code) { out.append(code) }
        }
        return out
    }

    /// `1`, `9.1`, `№ 3`, `3.`, `Задание 3` → `1`, `9.1`, `3`; nil when it is no task number.
    static func taskNumber(_ cell: XLSXCell) -> String? {
        var text = FISOKOVocabulary.normalize(cell.displayText)
        for prefix in ["задание", "№"] where text.hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        if text.hasSuffix(".") { text.removeLast() }
        return FISOKOVocabulary.isTaskNumber(text) ? text : nil
    }

    final class Sink: ProfileRowSink {
        /// Set when the sheet holds no catalogue (ProfileRowSink).
        var headerMissing: ((String) -> String)?
        let source: ProfileSource
        let profile: CatalogueProfile
        let options: ProfileOptions

        private var preamble: [(number: Int, cells: [XLSXCell])] = []
        private var pendingHeader: (number: Int, cells: [XLSXCell])?
        private var headerRows: [Int] = []
        private var headerFound = false
        private var columns: [CatalogueColumn: Int] = [:]
        private var headerNames: [Int: String] = [:]

        private struct Task {
            var number: String
            var row: Int
            var maxScore: Double?
            var level: String?
            var codes: [String]
            var skill: String?
        }
        private var tasks: [Task] = []
        private var totalRow: (place: String, value: Double)?
        private var skippedRows: [Int] = []
        private var nulled = 0

        init(source: ProfileSource, profile: CatalogueProfile, options: ProfileOptions) {
            self.source = source
            self.profile = profile
            self.options = options
        }

        private func roles(_ cells: [XLSXCell]) -> [Int: CatalogueColumn] {
            var roles: [Int: CatalogueColumn] = [:]
            for cell in cells where cell.kind == .text {
                if let role = CatalogueColumn.role(of: cell.text) { roles[cell.column] = role }
            }
            return roles
        }

        func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            if headerFound { try task(number, cells); return }
            if let header = pendingHeader {
                // A second header row: no task number under the task header, and known words.
                let taskColumn = roles(header.cells).first { $0.value == .task }?.key ?? -1
                let below = cells.first { $0.column == taskColumn }
                let continuation = (below.map { taskNumber($0) == nil } ?? true) && !roles(cells).isEmpty
                setUpHeader(header, second: continuation ? (number, cells) : nil)
                if !continuation { try task(number, cells) }
                return
            }
            let found = Set(roles(cells).values)
            if found.contains(.task), found.contains(.maxScore) || found.contains(.level) || found.contains(.skillCodes) || found.contains(.contentCodes) {
                pendingHeader = (number, cells)
                return
            }
            preamble.append((number, cells))
            if preamble.count > 60 {
                throw notACatalogue("io.catalogue.not_a_catalogue_60")
            }
        }

        private func taskNumber(_ cell: XLSXCell) -> String? { CatalogueImporter.taskNumber(cell) }

        private func setUpHeader(_ top: (number: Int, cells: [XLSXCell]), second: (number: Int, cells: [XLSXCell])?) {
            headerFound = true
            headerRows = [top.number] + (second.map { [$0.number] } ?? [])
            var texts: [Int: (top: String?, bottom: String?)] = [:]
            for cell in top.cells { texts[cell.column, default: (nil, nil)].top = XLSXTableBuilder.headerText(cell) }
            for cell in second?.cells ?? [] { texts[cell.column, default: (nil, nil)].bottom = XLSXTableBuilder.headerText(cell) }
            for column in texts.keys.sorted() {
                guard let (top, bottom) = texts[column] else { continue }
                let name = [top, bottom].compactMap { $0 }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: " ")
                headerNames[column] = name
                let role = bottom.flatMap(CatalogueColumn.role(of:)) ?? top.flatMap(CatalogueColumn.role(of:)) ?? CatalogueColumn.role(of: name)
                if let role, columns[role] == nil { columns[role] = column }
                // «№ задания» over a bare «№» (which may be a row counter).
                else if role == .task, name.lowercased().contains("задан"),
                        let current = columns[.task], !(headerNames[current] ?? "").lowercased().contains("задан") { columns[.task] = column }
            }
        }

        private func bad(_ cell: XLSXCell, _ row: Int, _ message: String) throws(MsokoError) {
            if options.ignoreErrors { nulled += 1; return }
            throw source.error(cell.column, row, header: headerNames[cell.column], message,
                               hint: tr("io.profile.fix_cell_ignore_errors"))
        }

        private func task(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            var byColumn: [Int: XLSXCell] = [:]
            for cell in cells where !cell.isEmpty { byColumn[cell.column] = cell }
            func cell(_ role: CatalogueColumn) -> XLSXCell? { columns[role].flatMap { byColumn[$0] } }
            if let total = cells.first(where: { $0.kind == .text && GIAVocabulary.isTotal($0.text) }) {
                if let m = cell(.maxScore), m.kind == .number || m.kind == .numericText { totalRow = (source.place(total.column, number), m.number) }
                return
            }
            if ProfileRows.isColumnNumbering(cells) { return }   // 1 2 3 … under the header
            guard let taskCell = cell(.task) else {
                // A part heading («Часть 1») or a note: no task number.
                if !cells.isEmpty { skippedRows.append(number) }
                return
            }
            guard let task = taskNumber(taskCell) else {
                try bad(taskCell, number, tr("io.profile.task_number", ["value": XLSXReader.describe(taskCell)]))
                return
            }
            var maxScore: Double?
            if let m = cell(.maxScore) {
                if m.kind == .number || m.kind == .numericText { maxScore = m.number } else {
                    try bad(m, number, tr("io.profile.maximum_task_number", ["value": XLSXReader.describe(m), "task": task]))
                }
            }
            var level: String?
            if let l = cell(.level) {
                level = CatalogueImporter.level(l.displayText)
                if level == nil { try bad(l, number, tr("io.profile.level_task", ["value": XLSXReader.describe(l), "task": task])) }
            }
            let codeCell = cell(.skillCodes) ?? (columns[.skillCodes] == nil ? cell(.contentCodes) : nil)
            let codes = codeCell.map { CatalogueImporter.codes($0.displayText) } ?? []
            let skill = (columns[.skill] != nil ? cell(.skill) : cell(.blocks)).map { $0.displayText.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            // The same task again (its number merged down over a row per skill): more codes.
            if let last = tasks.indices.last, tasks[last].number == task {
                for code in codes where !tasks[last].codes.contains(code) { tasks[last].codes.append(code) }
                if tasks[last].skill == nil { tasks[last].skill = skill }
                if tasks[last].maxScore == nil { tasks[last].maxScore = maxScore }
                if tasks[last].level == nil { tasks[last].level = level }
                return
            }
            if let earlier = tasks.first(where: { $0.number == task }) {
                throw source.error(taskCell.column, number, header: headerNames[taskCell.column],
                                   "task \(task) appears again (first on \(source.place(row: earlier.row)))",
                                   hint: tr("io.profile.catalogue_lists_each_task"))
            }
            tasks.append(Task(number: task, row: number, maxScore: maxScore, level: level, codes: codes, skill: skill))
        }

        /// `key` is "io.catalogue.not_a_catalogue" or "io.catalogue.not_a_catalogue_60".
        private func notACatalogue(_ key: String) -> MsokoError {
            let task = CatalogueColumn.task.names, maxScore = CatalogueColumn.maxScore.names
            let message = { (what: String) in tr(key, ["what": what, "task": task, "max_score": maxScore]) }
            headerMissing = message
            return MsokoError(.data, message(source.what), hint: tr("io.catalogue.not_a_catalogue.hint"))
        }

        func finish() throws(MsokoError) -> (table: Table, notes: [String]) {
            if !headerFound {
                guard let header = pendingHeader else { throw notACatalogue("io.catalogue.not_a_catalogue") }
                setUpHeader(header, second: nil)
            }
            let headerLine = headerRows.first ?? 1
            let found = headerNames.keys.sorted().compactMap { headerNames[$0] }.map { "«\($0)»" }.joined(separator: ", ")
            for role in [CatalogueColumn.maxScore] where columns[role] == nil {
                throw MsokoError(.data, tr("io.catalogue.no_max_score_column", ["value": source.place(row: headerLine), "names": role.names]),
                                 data: DataLocation(file: source.shown, line: headerLine), hint: tr("io.profile.header_holds") + found)
            }
            if columns[.skillCodes] == nil, columns[.contentCodes] == nil {
                throw MsokoError(.data, tr("io.catalogue.no_skill_code_column", ["value": source.place(row: headerLine), "names": CatalogueColumn.skillCodes.names, "names2": CatalogueColumn.contentCodes.names]),
                                 data: DataLocation(file: source.shown, line: headerLine), hint: tr("io.profile.header_holds") + found)
            }
            let titles = preamble.flatMap { $0.cells.filter { $0.kind == .text }.map(\.text) }
            let work = WorkFinder(options: options, titles: titles, source: source)
            var lacking: [String] = []
            if work.year == nil { lacking.append("year = 2025") }
            if work.subject == nil { lacking.append("subject = \"Математика\"") }
            if work.grade == nil { lacking.append("grade = 5") }
            guard let year = work.year, let subject = work.subject, let grade = work.grade else {
                throw MsokoError(.data, tr("io.profile.does_say_which_work", ["shown": source.shown, "value": lacking.map { String($0.split(separator: " ")[0]) }.joined(separator: ", ")]),
                                 hint: tr("io.profile.give_load_profile", ["profile": profile.rawValue, "value": lacking.joined(separator: ", ")]))
            }
            var notes: [String] = []
            let total = tasks.reduce(0.0) { $0 + ($1.maxScore ?? 0) }
            var summary = tr("io.profile.task_catalogue_task_maximum", ["shown": source.shown, "value": source.sheet.map { ", sheet `\($0)`" } ?? "", "subject": subject, "grade": grade, "year": year, "tasks_count": tasks.count, "value2": NumberFormat.shortest(total)])
            if !work.sources.isEmpty { summary += " (\(work.sources.joined(separator: ", ")))" }
            notes.append(summary)
            if columns[.skillCodes] == nil {
                notes.append(tr("io.profile.skill_code_column_skill", ["shown": source.shown, "names": CatalogueColumn.skillCodes.names]))
            }
            if let totalRow, totalRow.value != total {
                notes.append(tr("io.profile.total_says_tasks_maxima", ["shown": source.shown, "place": totalRow.place, "value": NumberFormat.shortest(totalRow.value), "value2": NumberFormat.shortest(total)]))
            }
            let noCode = tasks.filter { $0.codes.isEmpty }.map(\.number)
            if !noCode.isEmpty { notes.append(tr("io.profile.task_skill_code", ["shown": source.shown, "no_code_count": noCode.count, "value": noCode.joined(separator: ", ")])) }
            if nulled > 0 { notes.append(tr("io.profile.unreadable_cell_read_empty", ["shown": source.shown, "nulled": nulled])) }

            var table = Table()
            switch profile {
            case .tasks:
                let n = tasks.count
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("subject", Column.constant(.text(subject), count: n))
                table.set("grade", Column.constant(.int(Int64(grade)), count: n))
                table.set("task", Column.from(tasks.map { .text($0.number) }))
                var maxima = ProfileNumberColumn()
                var levels = ProfileTextColumn(), codes = ProfileTextColumn(), skills = ProfileTextColumn()
                for task in tasks {
                    maxima.append(task.maxScore); levels.append(task.level); codes.append(task.codes.first); skills.append(task.skill)
                }
                table.set("max_score", maxima.column())
                table.set("level", levels.column())
                table.set("skill_code", codes.column())
                table.set("skill", skills.column())
            case .skills:
                let extra = tasks.flatMap { task in task.codes.dropFirst().map { (task.number, $0) } }
                let n = extra.count
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("subject", Column.constant(.text(subject), count: n))
                table.set("grade", Column.constant(.int(Int64(grade)), count: n))
                table.set("task", Column.from(extra.map { .text($0.0) }))
                table.set("skill_code", Column.from(extra.map { .text($0.1) }))
            }
            if table.rowCount == 0 {
                let names = profile == .tasks ? CatalogueProfile.tasksColumns : CatalogueProfile.skillsColumns
                let types: [String: DataType] = ["year": .int, "grade": .int, "max_score": .int]
                table = Table(names: names, columns: names.map { Column.nulls(types[$0] ?? .text, count: 0) }, rowCount: 0)
            }
            return (table, notes)
        }
    }
}
