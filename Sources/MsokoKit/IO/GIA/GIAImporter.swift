import Foundation

/// Reads a regional exam centre's (РЦОИ) ОГЭ/ЕГЭ result protocol — a workbook sheet or a CSV
/// file — into `gia_results` or per-task scores. docs/sources/gia-protocols.md.
///
/// The header is the first row (of the first 60) holding a participant-code column and at least
/// two other known columns, found by their words; when the next row is a second header row (the
/// code merged down over it, or group cells such as «Результаты» over «Краткий ответ»), the two
/// are read together. Title rows above say the exam, subject and year when the options do not.
enum GIAImporter {
    final class Sink: ProfileRowSink {
        /// Set when the sheet holds no protocol (ProfileRowSink).
        var headerMissing: ((String) -> String)?
        let source: ProfileSource
        let profile: GIAProfile
        let options: ProfileOptions

        private var preamble: [(number: Int, cells: [XLSXCell])] = []
        private var pendingHeader: (number: Int, cells: [XLSXCell])?
        private var headerRows: [Int] = []
        private var headerFound = false
        private var columns: [GIAColumn: Int] = [:]
        private var headerNames: [Int: String] = [:]
        private var unknownHeaders: [String] = []

        // Per participant, in file order.
        private var subjects = ProfileTextColumn()
        private var subjectsSeen: [String] = []
        private var schools = ProfileTextColumn(), classes = ProfileTextColumn(), pupils = ProfileTextColumn(), statuses = ProfileTextColumn()
        private var variants = ProfileNumberColumn(), primaries = ProfileNumberColumn(), marks = ProfileNumberColumn(), testScores = ProfileNumberColumn()
        private var participants = 0
        /// The sheet row (CSV line) of each participant, for the school map's messages.
        private var participantRows: [Int] = []
        // Per participant and task (present participants).
        private var taskPupil: [Int32] = []
        private var taskNumber: [Int] = []
        private var taskPart: [Int64] = []
        private var taskScore = ProfileNumberColumn()
        private var taskMax: [Double?] = []
        private var taskPlusMinus: [Bool] = []
        private var shortTaskCount = 0
        // What the notes report.
        private var absent = 0, annulled = 0
        private var skipped: [String] = []
        private var totals: [String] = []
        private var mismatches: [String] = []
        private var mismatchCount = 0
        private var noAnswers = 0
        private var digitShort = false
        private var primaryFromSum = 0
        private var nulled = 0
        private var repeatedHeaders = 0
        private var firstShortCount: [String: Int] = [:]
        private var oddShort: [String] = []

        init(source: ProfileSource, profile: GIAProfile, options: ProfileOptions) {
            self.source = source
            self.profile = profile
            self.options = options
        }

        // MARK: finding the header

        private func roles(_ cells: [XLSXCell]) -> [Int: GIAColumn] {
            var roles: [Int: GIAColumn] = [:]
            for cell in cells where cell.kind == .text {
                if let role = GIAVocabulary.role(of: cell.text) { roles[cell.column] = role }
            }
            return roles
        }

        private func isHeader(_ cells: [XLSXCell]) -> Bool {
            let found = Set(roles(cells).values)
            return found.contains(.pupil) && found.count >= 3
        }

        func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            if headerFound {
                try participant(number, cells)
                return
            }
            if let header = pendingHeader {
                let pupilColumn = roles(header.cells).first { $0.value == .pupil }?.key ?? -1
                let below = cells.first { $0.column == pupilColumn }
                let continuation = (below == nil || (below?.kind == .text && GIAVocabulary.role(of: below?.text ?? "") == .pupil))
                    && !roles(cells).isEmpty
                setUpHeader(header, second: continuation ? (number, cells) : nil)
                if !continuation { try participant(number, cells) }
                return
            }
            if isHeader(cells) {
                pendingHeader = (number, cells)
                return
            }
            preamble.append((number, cells))
            if preamble.count > 60 { throw notAProtocol() }
        }

        private func notAProtocol() -> MsokoError {
            let names = GIAColumn.pupil.names
            let message = { (what: String) in tr("io.gia.not_a_protocol", ["what": what, "names": names]) }
            headerMissing = message
            return MsokoError(.data, message(source.what), hint: tr("io.gia.not_a_protocol.hint"))
        }

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
                let role = bottom.flatMap(GIAVocabulary.role(of:)) ?? top.flatMap(GIAVocabulary.role(of:)) ?? GIAVocabulary.role(of: name)
                if let role {
                    if columns[role] == nil { columns[role] = column }
                } else if !name.isEmpty {
                    unknownHeaders.append(name)
                }
            }
        }

        // MARK: participants

        private func bad(_ cell: XLSXCell, _ row: Int, _ message: String) throws(MsokoError) {
            if options.ignoreErrors { nulled += 1; return }
            throw source.error(cell.column, row, header: headerNames[cell.column], message,
                               hint: tr("io.gia.fix_cell_ignore_errors"))
        }

        private func participant(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
            var byColumn: [Int: XLSXCell] = [:]
            for cell in cells { byColumn[cell.column] = cell }
            if let total = cells.first(where: { $0.kind == .text && GIAVocabulary.isTotal($0.text) }) {
                totals.append(source.place(total.column, number) + " «\(total.text)»")
                return
            }
            func cell(_ role: GIAColumn) -> XLSXCell? {
                guard let column = columns[role], let cell = byColumn[column], !cell.isEmpty else { return nil }
                return cell
            }
            func text(_ role: GIAColumn) -> String? {
                cell(role).map { GIAVocabulary.trimmed($0.displayText) }
            }
            if ProfileRows.isColumnNumbering(cells) { repeatedHeaders += 1; return }
            // The header repeated under a page break (printed protocols pasted into Excel).
            if let codeCell = cell(.pupil), codeCell.kind == .text, GIAVocabulary.mayHoldWord(codeCell.text),
               GIAVocabulary.role(of: codeCell.text) == .pupil {
                repeatedHeaders += 1
                return
            }
            guard let code = text(.pupil), !code.isEmpty else {
                if roles(cells).count >= 2 { repeatedHeaders += 1 } else { skipped.append(String(number)) }
                return
            }
            var status = "present"
            for role in [GIAColumn.status, .short, .extended, .primary, .mark, .testScore, .variant] {
                guard let c = cell(role), c.kind == .text else { continue }
                if GIAVocabulary.isAbsent(c.text) { status = "absent"; break }
                if GIAVocabulary.isAnnulled(c.text) { status = "annulled"; break }
            }
            let shortText = status == "present" ? text(.short) : nil
            let extendedText = status == "present" ? text(.extended) : nil
            if status == "present", shortText == nil, extendedText == nil, cell(.primary) == nil {
                status = "absent"   // empty answers and no score: did not sit the exam
            }
            let pupilIndex = Int32(participants)
            participants += 1
            participantRows.append(number)
            if columns[.subject] != nil {
                // The subject's usual name when the cell names one (`МАТЕМАТИКА`, `Русский язык (ОГЭ)`).
                let written = text(.subject)
                let subject = written.map { FISOKOVocabulary.work(in: $0).subject ?? WorkFinder.subject(declined: $0) ?? $0 }
                if let subject, !subjectsSeen.contains(subject) { subjectsSeen.append(subject) }
                subjects.append(subject)
            }
            schools.append(text(.school))
            classes.append(text(.classID))
            pupils.append(code)
            statuses.append(status)
            if status == "absent" { absent += 1 }
            if status == "annulled" { annulled += 1 }
            if let v = cell(.variant) {
                if v.kind == .number || v.kind == .numericText { variants.append(v.number) } else {
                    variants.append(Double(v.displayText.filter { $0.isASCII && $0.isNumber }))
                }
            } else {
                variants.append(nil)
            }
            guard status == "present" else {
                primaries.append(nil); marks.append(nil); testScores.append(nil)
                return
            }
            // The answer strings.
            var decoded: [(part: Int64, task: GIAVocabulary.Task)] = []
            if let shortCell = cell(.short), let shortText {
                switch GIAVocabulary.decodeShort(shortText) {
                case .success(let tasks): decoded += tasks.map { (1, $0) }
                case .failure(let problem):
                    try bad(shortCell, number, tr("io.gia.short_answer_string", ["short_text": shortText, "message": problem.message]))
                }
            }
            let shortCount = decoded.count
            if let extendedCell = cell(.extended), let extendedText {
                switch GIAVocabulary.decodeExtended(extendedText) {
                case .success(let tasks): decoded += tasks.map { (2, $0) }
                case .failure(let problem):
                    try bad(extendedCell, number, tr("io.gia.extended_answer_string", ["extended_text": extendedText, "message": problem.message]))
                }
            }
            shortTaskCount = max(shortTaskCount, shortCount)
            // Extended tasks are numbered after the short ones: a short string of another length
            // than the first participant's shifts them, which the analyst should see.
            if shortText != nil {
                let subjectKey = columns[.subject] != nil ? (text(.subject) ?? "") : ""
                if let first = firstShortCount[subjectKey] {
                    if shortCount != first, let column = columns[.short] { oddShort.append(source.place(column, number) + " (\(shortCount) of \(first))") }
                } else {
                    firstShortCount[subjectKey] = shortCount
                }
            }
            var sum = 0.0
            for (index, entry) in decoded.enumerated() {
                taskPupil.append(pupilIndex)
                // Extended tasks are numbered after the short ones.
                taskNumber.append(index + 1)
                taskPart.append(entry.part)
                taskScore.append(entry.task.score)
                taskMax.append(entry.task.maxScore)
                taskPlusMinus.append(entry.task.plusMinus)
                if let s = entry.task.score { sum += s } else { noAnswers += 1 }
                if entry.part == 1, !entry.task.plusMinus, entry.task.score != nil { digitShort = true }
            }
            // The scores.
            func score(_ role: GIAColumn, _ what: String) throws(MsokoError) -> Double? {
                guard let c = cell(role) else { return nil }
                if c.kind == .number || c.kind == .numericText { return c.number }
                // `-`, `—`, `н/а`: no value (a missing primary score is then the answers' sum).
                if c.kind == .text, FISOKOVocabulary.isNoMark(c.text) { return nil }
                try bad(c, number, tr("io.gia.not_a_number", ["what": what, "value": XLSXReader.describe(c)]))
                return nil
            }
            var primary = try score(.primary, tr("io.gia.primary_score"))
            if let given = primary, !decoded.isEmpty, given != sum {
                mismatchCount += 1
                if mismatches.count < 5, let column = columns[.primary] {
                    mismatches.append(tr("io.gia.answers_give", ["value": source.place(column, number), "value2": NumberFormat.shortest(given), "value3": NumberFormat.shortest(sum)]))
                }
            }
            if primary == nil, !decoded.isEmpty { primary = sum; primaryFromSum += 1 }
            primaries.append(primary)
            marks.append(try score(.mark, "mark"))
            testScores.append(try score(.testScore, tr("io.gia.test_score")))
        }

        // MARK: the result

        func finish() throws(MsokoError) -> (table: Table, notes: [String]) {
            if !headerFound {
                guard let header = pendingHeader else { throw notAProtocol() }
                setUpHeader(header, second: nil)
            }
            let headerPlace = source.place(row: headerRows.first ?? 1)
            let found = headerNames.keys.sorted().compactMap { headerNames[$0] }.filter { !$0.isEmpty }.map { "«\($0)»" }.joined(separator: ", ")
            func missing(_ role: GIAColumn, _ what: String, _ why: String = "") -> MsokoError {
                MsokoError(.data, tr("io.gia.header_lacks_column", ["header_place": headerPlace, "what": what, "names": role.names, "why": why]),
                           data: DataLocation(file: source.shown, line: headerRows.first ?? 1),
                           hint: tr("io.gia.header_holds") + found + (unknownHeaders.isEmpty ? "" : tr("io.gia.recognised") + unknownHeaders.map { "«\($0)»" }.joined(separator: ", ")))
            }
            if columns[.school] == nil { throw missing(.school, tr("io.gia.school_word")) }
            if columns[.short] == nil, columns[.extended] == nil, columns[.primary] == nil {
                throw missing(.short, tr("io.gia.answers_primary_score"))
            }
            // The exam: the option, the titles, the sheet, the file name, else the columns.
            let titles = preamble.flatMap { $0.cells.filter { $0.kind == .text }.map(\.text) }
            var sources: [String] = []
            var exam = options.exam
            if exam == nil {
                var places = [(tr("io.gia.from_title"), titles.joined(separator: " "))]
                if let sheet = source.sheet { places.append((tr("io.gia.from_sheet_name"), sheet)) }
                places.append((tr("io.gia.from_file_name"), source.fileName))
                for (label, text) in places {
                    if let e = GIAVocabulary.exam(in: text) { exam = e; sources.append(tr("io.gia.exam_from", ["label": label])); break }
                }
            }
            if exam == nil {
                if columns[.testScore] != nil, columns[.mark] == nil { exam = "ЕГЭ"; sources.append(tr("io.gia.from_test_score_column")) }
                if columns[.mark] != nil, columns[.testScore] == nil { exam = "ОГЭ"; sources.append(tr("io.gia.from_mark_column")) }
            }
            let work = WorkFinder(options: options, titles: titles, source: source)
            sources += work.sources.filter { !(columns[.subject] != nil && options.subject == nil && $0.hasPrefix("subject")) }
            var lacking: [String] = []
            if exam == nil { lacking.append("exam = \"ОГЭ\"") }
            if work.year == nil { lacking.append("year = 2025") }
            // A subject column gives each row its subject (unless `subject = …` names one for all).
            let perRow = columns[.subject] != nil && options.subject == nil
            if work.subject == nil, !perRow { lacking.append("subject = \"Математика\"") }
            guard let exam, let year = work.year, let subject = perRow ? subjectsSeen.joined(separator: ", ") : work.subject else {
                throw MsokoError(.data, tr("io.gia.does_say_which_exam", ["shown": source.shown, "value": lacking.map { String($0.split(separator: " ")[0]) }.joined(separator: ", ")]),
                                 hint: tr("io.gia.give_load_profile", ["profile": profile.rawValue, "value": lacking.joined(separator: ", ")]))
            }
            if exam == "ОГЭ", columns[.mark] == nil { throw missing(.mark, tr("io.gia.mark_word"), tr("io.gia.oge_gives_marks")) }
            if exam == "ЕГЭ", columns[.testScore] == nil, columns[.mark] == nil {
                throw missing(.testScore, tr("io.gia.test_score"), tr("io.gia.ege_gives_scores"))
            }
            // ЕГЭ in basic mathematics is marked 2–5 and has no test score: its marks are kept.
            let keepMarks = exam == "ОГЭ" || columns[.testScore] == nil

            var notes: [String] = []
            var summary = tr("io.gia.protocol_participant_absent", ["shown": source.shown, "exam": exam, "value": source.sheet.map { tr("io.gia.comma_sheet", ["sheet": $0]) } ?? "", "value2": perRow ? tr("io.gia.subjects_from_column", ["column": headerNames[columns[.subject] ?? 0] ?? "", "subjects": subject]) : subject, "year": year, "participants": participants, "absent": absent, "value3": annulled > 0 ? tr("io.gia.annulled", ["count": annulled]) : ""])
            summary += tr("io.gia.header", ["value": headerRows.count > 1 ? tr("io.gia.rows", ["rows": headerRows.map(String.init).joined(separator: "–")]) : source.sheet == nil ? tr("io.gia.line", ["line": headerRows[0]]) : tr("io.gia.row_number", ["row": headerRows[0]])])
            if !sources.isEmpty { summary += " (\(sources.joined(separator: ", ")))" }
            notes.append(summary)
            if exam == "ЕГЭ", keepMarks { notes.append(tr("io.gia.protocol_marks_test_score", ["shown": source.shown])) }
            if columns[.classID] == nil { notes.append(tr("io.gia.protocol_has_class_column", ["shown": source.shown, "names": GIAColumn.classID.names])) }
            if mismatchCount > 0 {
                notes.append(tr("io.gia.primary_score_from_sum", ["shown": source.shown, "mismatch_count": mismatchCount]) + mismatches.joined(separator: "; ") + (mismatchCount > mismatches.count ? "; …" : ""))
            }
            if primaryFromSum > 0 { notes.append(tr("io.gia.empty_primary_score_taken", ["shown": source.shown, "primary_from_sum": primaryFromSum])) }
            if !totals.isEmpty { notes.append(tr("io.gia.skipped_total_row_participant", ["shown": source.shown, "totals_count": totals.count]) + totals.prefix(3).joined(separator: "; ")) }
            if repeatedHeaders > 0 { notes.append(tr("io.gia.skipped_repeated_header_row", ["shown": source.shown, "repeated_headers": repeatedHeaders])) }
            if !skipped.isEmpty { notes.append(tr(source.sheet == nil ? "io.gia.skipped_without_code_lines" : "io.gia.skipped_without_code_rows", ["shown": source.shown, "count": skipped.count, "places": skipped.prefix(5).joined(separator: ", ") + (skipped.count > 5 ? ", …" : "")])) }
            if !oddShort.isEmpty {
                notes.append(tr("io.gia.short_answer_string_another", ["shown": source.shown, "odd_short_count": oddShort.count]) + oddShort.prefix(5).joined(separator: "; ") + (oddShort.count > 5 ? "; …" : ""))
            }
            if nulled > 0 { notes.append(tr("io.gia.unreadable_cell_read_null", ["shown": source.shown, "nulled": nulled])) }
            if profile == .tasks, digitShort {
                notes.append(tr("io.gia.some_short_answer_tasks", ["shown": source.shown]))
            }

            let n = participants
            // School codes or names → the district's school_id (`schools = "DATASET"`).
            var schoolColumn = schools.column()
            if let map = options.schools {
                schoolColumn = try map.map(schoolColumn, rows: participantRows, sheetColumn: columns[.school], sheet: source.sheet ?? source.shown,
                                           shown: source.shown, columnName: columns[.school].flatMap { headerNames[$0] } ?? "school",
                                           ignoreErrors: options.ignoreErrors, notes: &notes)
            }
            var table = Table()
            switch profile {
            case .results:
                table.set("year", Column.constant(.int(Int64(year)), count: n))
                table.set("exam", Column.constant(.text(exam), count: n))
                table.set("subject", perRow ? subjects.column() : Column.constant(.text(subject), count: n))
                table.set("school_id", schoolColumn)
                table.set("class_id", classes.column())
                table.set("pupil_code", pupils.column())
                table.set("primary_score", primaries.column())
                table.set("mark", keepMarks ? marks.column() : Column.nulls(.int, count: n))
                table.set("test_score", exam == "ЕГЭ" ? testScores.column() : Column.nulls(.int, count: n))
                table.set("variant", variants.column())
                table.set("status", statuses.column())
            case .tasks:
                let rows = taskPupil.count
                // A short-answer task's maximum is 1 when the protocol marks it `+`/`-` for every
                // participant who answered; a task scored with digits somewhere has no maximum here.
                // Keyed by the row's subject too, when a subject column mixes several exams.
                let subjectCodes = perRow ? subjects.codes : []
                func key(_ row: Int) -> Int {
                    let subjectCode = perRow ? Int(subjectCodes[Int(taskPupil[row])]) : 0
                    return subjectCode * (shortTaskCount + 1) + taskNumber[row]
                }
                var plusMinusTask: [Int: Bool] = [:]
                for row in 0..<rows where taskPart[row] == 1 && taskScore.validity[row] {
                    plusMinusTask[key(row), default: true] = plusMinusTask[key(row), default: true] && taskPlusMinus[row]
                }
                var maxima = ProfileNumberColumn()
                var numbers: [String] = []
                numbers.reserveCapacity(rows)
                for row in 0..<rows {
                    if taskPart[row] == 1 {
                        maxima.append(plusMinusTask[key(row)] == true ? 1 : nil)
                    } else {
                        maxima.append(taskMax[row])
                    }
                    numbers.append(String(taskNumber[row]))
                }
                table.set("year", Column.constant(.int(Int64(year)), count: rows))
                table.set("exam", Column.constant(.text(exam), count: rows))
                table.set("subject", perRow ? subjects.column().gather(taskPupil) : Column.constant(.text(subject), count: rows))
                table.set("school_id", schoolColumn.gather(taskPupil))
                table.set("class_id", classes.column().gather(taskPupil))
                table.set("pupil_code", pupils.column().gather(taskPupil))
                table.set("task", Column.from(numbers.map { .text($0) }))
                table.set("part", Column(.int(taskPart)))
                table.set("score", taskScore.column())
                table.set("max_score", maxima.column())
            }
            if table.rowCount == 0 {
                let names = profile == .results ? GIAProfile.resultsColumns : GIAProfile.tasksColumns
                let text: Set<String> = ["exam", "subject", "school_id", "class_id", "pupil_code", "task", "status"]
                table = Table(names: names, columns: names.map { Column.nulls(text.contains($0) ? .text : .int, count: 0) }, rowCount: 0)
            }
            return (table, notes)
        }
    }
}
