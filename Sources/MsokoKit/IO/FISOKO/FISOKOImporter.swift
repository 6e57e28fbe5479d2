import Foundation

/// Reads a FIS OKO export (either shape) into one of the canonical tables.
///
/// The header row is the row holding `Код участника` (Ф1) or `код обучающегося` (protocol);
/// when that name is merged down over two rows, the lower row is the header. Task levels
/// (Б/П/В) come from the row above the header, max scores from the task headers (`9.1 (1б)`).
/// Year, subject and grade come from the options, else from the title rows above the header,
/// the sheet name, the file name (in that order); the grade, failing all that, from the class
/// column (`5А` → 5).
///
/// Cell values: an absence word (`отсутствовал`, `не явился`, `неявка`, `н/я` …) in any cell of
/// the row but the journal mark, or no task score and no total at all → status `absent`, primary
/// score and mark null, no task rows (an absent pupil never counts as a «2»). `X`/`x`/`Х`/`х` or an empty task cell → score null (no answer; 0
/// points in solve rates). `не пройд.` → score null, counted in a note. `н/а`, `нет отметки`,
/// empty → journal mark null.
public enum FISOKOImporter {
    public struct Report: Sendable {
        public var table: Table
        public var notes: [String]
        /// What the file was read as, for the line a glob load says (`protocol export`); the
        /// first note describes the file.
        public var kind: String = ""
    }

    public static func read(path: String, shownPath: String? = nil, options: FISOKOOptions) throws(MsokoError) -> Report {
        let shown = shownPath ?? path
        let package = try XLSXPackage.open(path: path, shownPath: shown, limits: options.limits)
        let fileName = URL(fileURLWithPath: shown).deletingPathExtension().lastPathComponent
        if options.scopes != nil, !options.profile.isReport {
            throw MsokoError(.syntax, tr("io.fisoko.scopes_goes_report_profiles", ["profile": options.profile.rawValue]),
                             hint: tr("io.fisoko.protocol_rows_are_pupils"))
        }
        if options.profile.isReport {
            return try FISOKOReports.read(package, options: options, fileName: fileName)
        }
        if options.sheet != nil {
            return try read(package, sheet: try package.sheet(options.sheet), options: options, fileName: fileName)
        }
        // Without `sheet`, the first sheet that holds an export (a cover sheet may come first).
        let candidates = package.sheets.filter { !$0.hidden } + package.sheets.filter(\.hidden)
        for sheet in candidates {
            let sink = Sink(shown: package.shownPath, sheet: sheet, options: options)
            do {
                try XLSXSheetStream.read(package, sheet: sheet) { _ in sink }
                return try sink.finish(fileName: fileName)
            } catch {
                // Only a sheet without an export's header sends us on to the next one.
                guard sink.headerMissing else { throw error }
                continue
            }
        }
        throw MsokoError(.data, tr("io.fisoko.no_export_sheet", ["file": shown, "reason": tr("io.fisoko.no_export_header"),
                                                                 "sheets": package.sheets.map { "`\($0.name)`" }.joined(separator: ", ")]),
                         hint: tr("io.fisoko.no_export_sheet.hint"))
    }

    static func read(_ package: XLSXPackage, sheet: XLSXPackage.Sheet, options: FISOKOOptions, fileName: String) throws(MsokoError) -> Report {
        let sink = Sink(shown: package.shownPath, sheet: sheet, options: options)
        try XLSXSheetStream.read(package, sheet: sheet) { _ in sink }
        return try sink.finish(fileName: fileName)
    }

    /// Typed accumulators, so rows go straight into columns.
    struct TextColumn {
        var builder = StringDictionaryBuilder()
        var codes: [Int32] = []
        var validity = Bitmap(count: 0, value: true)
        mutating func append(_ text: String?) {
            codes.append(text.map { builder.intern($0) } ?? 0)
            validity.append(text != nil)
        }
        func column() -> Column { Column(.text(codes: codes, dictionary: builder.build()), validity: validity) }
    }

    struct NumberColumn {
        var values: [Double] = []
        var validity = Bitmap(count: 0, value: true)
        mutating func append(_ value: Double?) {
            values.append(value ?? 0)
            validity.append(value != nil)
        }
        /// Int when every value is whole, else double.
        func column() -> Column {
            if values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e15 }) {
                return Column(.int(values.map { Int64($0) }), validity: validity)
            }
            return Column(.double(values), validity: validity)
        }
    }

    final class Sink: XLSXRowSink {
        let shown: String
        let sheet: XLSXPackage.Sheet
        let options: FISOKOOptions

        private var preamble: [(number: Int, cells: [XLSXCell])] = []
        private var shape: FISOKOShape?
        private var keyColumn = 0
        private var headerRow = 0
        private var headerFound = false
        /// Set when the sheet has no export's header (the next sheet is then tried).
        private(set) var headerMissing = false
        private var roles: [Int: FISOKOColumn] = [:]
        private var headerNames: [Int: String] = [:]
        private var taskColumns: [(column: Int, number: String, maxScore: Double?, level: String?)] = []
        /// The leftmost column of each non-task role.
        private var roleColumns: [(role: FISOKOColumn, column: Int)] = []
        private var absenceColumns: [Int] = []

        // Per pupil, in file order.
        private var schools = TextColumn(), classes = TextColumn(), pupils = TextColumn(), statuses = TextColumn()
        private var variants = NumberColumn(), primaries = NumberColumn(), marks = NumberColumn(), journals = NumberColumn()
        private var pupilRows: [Int] = []
        /// Task scores of present pupils: pupil index, task index, score.
        private var scorePupil: [Int32] = []
        private var scoreTask: [Int32] = []
        private var scores = NumberColumn()
        private var notTaught = 0
        private var unreadJournal = 0
        private var nulledCells = 0
        private var absent = 0
        /// Pupils read as absent by an absence word outside the score cells, or by an empty score block.
        private var absentElsewhere = 0
        private var absentEmpty = 0
        private var journalColumn: Int { roleColumns.first { $0.role == .journal }?.column ?? -1 }

        init(shown: String, sheet: XLSXPackage.Sheet, options: FISOKOOptions) {
            self.shown = shown
            self.sheet = sheet
            self.options = options
        }

        func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            if headerFound {
                try pupil(number, cells)
                return
            }
            if let (found, column) = FISOKOVocabulary.keyHeader(cells) {
                // The key name merged down over two rows: the lower row is the header.
                if shape != nil, headerRow == number - 1, column == keyColumn {
                    preamble.append((number, cells))
                    headerRow = number
                    return
                }
                if shape == nil {
                    shape = found
                    keyColumn = column
                    headerRow = number
                    preamble.append((number, cells))
                    return
                }
            }
            if shape != nil {
                setUpHeader()
                headerFound = true
                try pupil(number, cells)
                return
            }
            preamble.append((number, cells))
            if preamble.count > 60 {
                throw notAnExport()
            }
        }

        private func notAnExport() -> MsokoError {
            headerMissing = true
            return MsokoError(.data, tr("io.fisoko.not_an_export", ["sheet": sheet.name, "file": shown, "reason": tr("io.fisoko.no_export_header")]),
                              hint: tr("io.fisoko.not_an_export.hint"))
        }

        private func setUpHeader() {
            guard let header = preamble.last(where: { $0.number == headerRow }) else { return }
            let levelRow = preamble.last(where: { $0.number == headerRow - 1 })
            for cell in header.cells {
                let name = XLSXTableBuilder.headerText(cell)
                headerNames[cell.column] = name
                var role = FISOKOVocabulary.role(of: name)
                // Task numbers are tasks only after the pupil's own columns (a numeric header
                // elsewhere, such as a region code, is not a task).
                if case .task = role, cell.column < keyColumn { role = .ignored }
                // Protocol export: the first "отметка" column after the journal is the VPR mark.
                roles[cell.column] = role
                if !roleColumns.contains(where: { $0.role == role }), role != .ignored {
                    if case .task = role {} else { roleColumns.append((role, cell.column)) }
                }
                switch role {
                case .task, .primary, .mark: absenceColumns.append(cell.column)
                default: break
                }
                if case .task(let number, let maxScore) = role {
                    let level = levelRow?.cells.first { $0.column == cell.column }.flatMap { FISOKOVocabulary.level($0.displayText) }
                    taskColumns.append((cell.column, number, maxScore, level))
                }
            }
        }

        private func reference(_ column: Int, _ row: Int) -> String {
            XLSXSheetStream.columnLetters(column) + String(row)
        }

        private func bad(_ cell: XLSXCell, _ row: Int, _ what: String) throws(MsokoError) {
            if options.ignoreErrors { nulledCells += 1; return }
            let name = headerNames[cell.column] ?? ""
            throw MsokoError(.data, tr("io.fisoko.sheet_cell", ["sheet": sheet.name, "value": reference(cell.column, row), "what": what]),
                             data: DataLocation(file: shown, line: row, field: cell.column + 1, columnName: name),
                             hint: tr("io.fisoko.scores_numbers_x_answer"))
        }

        private func pupil(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            var byColumn: [Int: XLSXCell] = [:]
            for cell in cells { byColumn[cell.column] = cell }
            // A row without a pupil code is a total or a note under the table.
            guard let code = byColumn[keyColumn], !code.isEmpty else { return }
            // Absent: an absence word in any cell of the row but the journal mark (which is about
            // the previous term), or no task score and no total at all — never a pupil who scored 0.
            var isAbsent = false
            for cell in cells where cell.kind == .text && cell.column != journalColumn && FISOKOVocabulary.isAbsent(cell.text) {
                isAbsent = true
                if !absenceColumns.contains(cell.column) { absentElsewhere += 1 }
                break
            }
            if !isAbsent, !taskColumns.isEmpty,
               taskColumns.allSatisfy({ byColumn[$0.column]?.isEmpty ?? true }),
               roleColumns.first(where: { $0.role == .primary }).map({ byColumn[$0.column]?.isEmpty ?? true }) ?? true {
                isAbsent = true
                absentEmpty += 1
            }
            func cell(_ role: FISOKOColumn) -> XLSXCell? {
                guard let column = roleColumns.first(where: { $0.role == role })?.column else { return nil }
                return byColumn[column]
            }
            func text(_ role: FISOKOColumn) -> String? {
                guard let cell = cell(role), !cell.isEmpty else { return nil }
                return cell.displayText.trimmingCharacters(in: .whitespaces)
            }
            pupilRows.append(number)
            schools.append(text(.school))
            // An absence word in the class cell is not a class.
            classes.append(text(.classID).flatMap { FISOKOVocabulary.isAbsent($0) ? nil : $0 })
            pupils.append(code.displayText.trimmingCharacters(in: .whitespaces))
            statuses.append(isAbsent ? "absent" : "present")
            if isAbsent { absent += 1 }
            // Variant: a number, or the digits of "Вариант 2".
            if let variant = cell(.variant), !variant.isEmpty {
                if variant.kind == .number || variant.kind == .numericText {
                    variants.append(variant.number)
                } else {
                    variants.append(Double(variant.displayText.filter { $0.isASCII && $0.isNumber }))
                }
            } else {
                variants.append(nil)
            }
            // The journal mark is given for absent pupils too.
            if let journal = cell(.journal), !journal.isEmpty {
                if journal.kind == .number || journal.kind == .numericText {
                    journals.append(journal.number)
                } else {
                    if !FISOKOVocabulary.isNoMark(journal.displayText) { unreadJournal += 1 }
                    journals.append(nil)
                }
            } else {
                journals.append(nil)
            }
            let pupilIndex = Int32(pupilRows.count - 1)
            var sum = 0.0
            var anyScore = false
            if !isAbsent {
                for (taskIndex, task) in taskColumns.enumerated() {
                    var score: Double?
                    if let cell = byColumn[task.column], !cell.isEmpty {
                        switch cell.kind {
                        case .number, .numericText:
                            score = cell.number
                        case .text where FISOKOVocabulary.isNoAnswer(cell.text):
                            score = nil
                        case .text where FISOKOVocabulary.isNotTaught(cell.text):
                            notTaught += 1
                        default:
                            try bad(cell, number, tr("io.fisoko.score_task_number", ["value": XLSXReader.describe(cell), "number": task.number]))
                        }
                    }
                    if let score { sum += score; anyScore = true }
                    scorePupil.append(pupilIndex)
                    scoreTask.append(Int32(taskIndex))
                    scores.append(score)
                }
            }
            var primary: Double?
            if !isAbsent {
                if let cell = cell(.primary), !cell.isEmpty {
                    if cell.kind == .number || cell.kind == .numericText {
                        primary = cell.number
                    } else {
                        try bad(cell, number, tr("io.fisoko.primary_score_number", ["value": XLSXReader.describe(cell)]))
                    }
                } else if anyScore || !taskColumns.isEmpty {
                    primary = sum
                }
            }
            primaries.append(primary)
            var mark: Double?
            if !isAbsent {
                if let cell = cell(.mark), !cell.isEmpty, cell.kind == .number || cell.kind == .numericText {
                    mark = cell.number
                }
            }
            marks.append(mark)
        }

        // MARK: the result

        func finish(fileName: String) throws(MsokoError) -> Report {
            if !headerFound {
                guard shape != nil else { throw notAnExport() }
                setUpHeader()
                headerFound = true
            }
            guard let shape else { throw notAnExport() }
            guard roles.values.contains(.pupil) else { throw notAnExport() }
            // The work: options, then the title rows, the sheet name, the file name.
            var year = options.year, subject = options.subject, grade = options.grade
            var sources: [String] = []
            let titles = preamble.filter { $0.number < headerRow - 1 || ($0.number == headerRow - 1 && taskColumns.allSatisfy { $0.level == nil }) }
                .flatMap { $0.cells.filter { $0.kind == .text }.map(\.text) }
            for (label, text) in [(tr("io.fisoko.from_title"), titles.joined(separator: " ")), (tr("io.fisoko.from_sheet_name"), sheet.name), (tr("io.fisoko.from_file_name"), fileName)] {
                let found = FISOKOVocabulary.work(in: text)
                if year == nil, let y = found.year { year = y; sources.append(tr("io.fisoko.year_from", ["label": label])) }
                if subject == nil, let s = found.subject { subject = s; sources.append(tr("io.fisoko.subject_from", ["label": label])) }
                if grade == nil, let g = found.grade { grade = g; sources.append(tr("io.fisoko.grade_from", ["label": label])) }
            }
            let classColumn = classes.column()
            if grade == nil {
                let leading = Set((0..<classColumn.count).compactMap { row -> Int? in
                    guard case .text(let text) = classColumn.value(at: row) else { return nil }
                    return Int(text.prefix { $0.isASCII && $0.isNumber })
                })
                if leading.count == 1, let only = leading.first { grade = only; sources.append(tr("io.fisoko.grade_from_classes")) }
            }
            var missing: [String] = []
            if year == nil { missing.append("year = 2025") }
            if subject == nil { missing.append("subject = \"Математика\"") }
            if grade == nil { missing.append("grade = 5") }
            guard let year, let subject, let grade else {
                throw MsokoError(.data, tr("io.fisoko.does_say_which_work", ["shown": shown, "value": missing.map { String($0.split(separator: " ")[0]) }.joined(separator: ", ")]),
                                 hint: tr("io.fisoko.give_load_profile", ["profile": options.profile.rawValue, "value": missing.joined(separator: ", ")]))
            }
            var notes: [String] = []
            let pupilCount = pupilRows.count
            var summary = tr("io.fisoko.sheet_pupil_absent_task", ["shown": shown, "shape": shape.rawValue, "sheet": sheet.name, "subject": subject, "grade": grade, "year": year, "pupil_count": pupilCount, "absent": absent, "task_columns_count": taskColumns.count])
            if !sources.isEmpty { summary += " (\(sources.joined(separator: ", ")))" }
            notes.append(summary)
            if absentEmpty > 0 {
                notes.append(tr("io.fisoko.pupil_task_score_total", ["shown": shown, "absent_empty": absentEmpty]))
            }
            if absentElsewhere > 0 {
                notes.append(tr("io.fisoko.pupil_marked_absent_outside", ["shown": shown, "absent_elsewhere": absentElsewhere]))
            }
            if notTaught > 0 {
                notes.append(tr("io.fisoko.task_score_topic_taught", ["shown": shown, "not_taught": notTaught]))
            }
            if unreadJournal > 0 {
                notes.append(tr("io.fisoko.journal_mark_number_read", ["shown": shown, "unread_journal": unreadJournal]))
            }
            if nulledCells > 0 {
                notes.append(tr("io.fisoko.unreadable_cell_read_null", ["shown": shown, "nulled_cells": nulledCells]))
            }
            let marksColumn = try marksFor(year: year, subject: subject, grade: grade, notes: &notes)
            // The school as the file names it (a login, a name), or the district's id through `schools`.
            var schoolColumn = schools.column()
            if let map = options.schools {
                let column = roleColumns.first { $0.role == .school }?.column
                schoolColumn = try map.map(schoolColumn, rows: pupilRows, sheetColumn: column, sheet: sheet.name, shown: shown,
                                           columnName: column.flatMap { headerNames[$0] } ?? "school", ignoreErrors: options.ignoreErrors, notes: &notes)
            }
            var table = Table()
            switch options.profile {
            case .results:
                let n = pupilCount
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("subject", Column.constant(.text(subject), count: n))
                table.set("grade", Column.constant(.int(Int64(grade)), count: n))
                table.set("school_id", schoolColumn)
                table.set("class_id", classIDs(classColumn, grade: grade))
                table.set("pupil_code", pupils.column())
                table.set("variant", variants.column())
                table.set("status", statuses.column())
                table.set("primary_score", primaries.column())
                table.set("mark", marksColumn)
                table.set("journal_mark", journals.column())
                if n == 0 { table = Table(names: FISOKOProfile.resultsColumns, columns: FISOKOProfile.resultsColumns.map { _ in Column(.null(count: 0)) }, rowCount: 0) }
            case .tasks:
                let n = scorePupil.count
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("subject", Column.constant(.text(subject), count: n))
                table.set("grade", Column.constant(.int(Int64(grade)), count: n))
                table.set("school_id", schoolColumn.gather(scorePupil))
                table.set("class_id", classIDs(classColumn, grade: grade).gather(scorePupil))
                table.set("pupil_code", pupils.column().gather(scorePupil))
                let taskDictionary = StringDictionary(taskColumns.map(\.number))
                table.set("task", Column(.text(codes: scoreTask, dictionary: taskDictionary)))
                table.set("score", scores.column())
                if n == 0 { table = Table(names: FISOKOProfile.tasksColumns, columns: FISOKOProfile.tasksColumns.map { _ in Column(.null(count: 0)) }, rowCount: 0) }
            case .marks, .completion:
                break   // read by FISOKOReports, never by this sink
            case .catalogue:
                let n = taskColumns.count
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("subject", Column.constant(.text(subject), count: n))
                table.set("grade", Column.constant(.int(Int64(grade)), count: n))
                table.set("task", Column.from(taskColumns.map { .text($0.number) }))
                var maxScores = NumberColumn()
                for task in taskColumns { maxScores.append(task.maxScore) }
                table.set("max_score", maxScores.column())
                var levels = TextColumn()
                for task in taskColumns { levels.append(task.level) }
                table.set("level", levels.column())
                if taskColumns.allSatisfy({ $0.maxScore == nil }) {
                    notes.append(tr("io.fisoko.carries_max_scores_levels", ["shown": shown, "shape": shape.rawValue]))
                }
            }
            return Report(table: table, notes: notes, kind: shape.label)
        }

        /// A class given as a letter only (`А`) is prefixed with the grade (`5А`).
        private func classIDs(_ column: Column, grade: Int) -> Column {
            guard case .text(let codes, let dictionary) = column.storage,
                  dictionary.values.contains(where: { value in !value.isEmpty && value.allSatisfy { $0.isLetter } }) else { return column }
            let values = dictionary.values.map { value in value.allSatisfy { $0.isLetter } ? "\(grade)\(value)" : value }
            return Column(.text(codes: codes, dictionary: StringDictionary(values)), validity: column.validity)
        }

        /// The mark column: from the export, or from `mark_scales` when the export has none.
        private func marksFor(year: Int, subject: String, grade: Int, notes: inout [String]) throws(MsokoError) -> Column {
            if roleColumns.contains(where: { $0.role == .mark }) { return marks.column() }
            guard let scales = options.markScales else {
                if options.profile == .results {
                    notes.append(tr("io.fisoko.export_has_mark_column", ["shown": shown]))
                }
                return marks.column()
            }
            let needed = ["year", "subject", "grade", "mark", "min_score", "max_score"]
            for name in needed where scales.index(of: name) == nil {
                throw MsokoError(.name, tr("io.fisoko.mark_scales_have_column", ["name": name]), hint: tr("io.fisoko.mark_scales_have_columns") + needed.joined(separator: ", "))
            }
            var bands: [(low: Double, high: Double, mark: Double)] = []
            for row in 0..<scales.rowCount {
                let values = needed.map { scales.column($0)?.value(at: row) ?? .null }
                guard values[0].asDouble == Double(year), values[1].plainText == subject, values[2].asDouble == Double(grade),
                      let mark = values[3].asDouble, let low = values[4].asDouble, let high = values[5].asDouble else { continue }
                bands.append((low, high, mark))
            }
            guard !bands.isEmpty else {
                throw MsokoError(.data, tr("io.fisoko.mark_scales_have_rows", ["subject": subject, "grade": grade, "year": year]),
                                 hint: tr("io.fisoko.check_year_subject_grade"))
            }
            var result = NumberColumn()
            for row in 0..<primaries.values.count {
                guard primaries.validity[row] else { result.append(nil); continue }
                let score = primaries.values[row]
                result.append(bands.first { score >= $0.low && score <= $0.high }?.mark)
            }
            return result.column()
        }
    }
}
