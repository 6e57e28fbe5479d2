import Foundation

/// Every `load … with profile = "…"`: the FIS OKO profiles (IO/FISOKO), the regional exam
/// centre's ОГЭ/ЕГЭ protocols (IO/GIA) and the ВПР task catalogues (IO/Profiles). Each reads an
/// `.xlsx` workbook or a CSV file: a workbook's sheet and a CSV file (`CSVRowStream`) are both
/// streamed as rows of cells into the profile's `XLSXRowSink`.
enum ImportProfile: Equatable {
    case fisoko(FISOKOProfile)
    case gia(GIAProfile)
    case catalogue(CatalogueProfile)

    static var names: [String] { FISOKOProfile.names + GIAProfile.allCases.map(\.rawValue) + CatalogueProfile.allCases.map(\.rawValue) }

    static func named(_ text: String) -> ImportProfile? {
        let name = text.lowercased()
        if let p = FISOKOProfile(rawValue: name) { return .fisoko(p) }
        if let p = GIAProfile(rawValue: name) { return .gia(p) }
        if let p = CatalogueProfile(rawValue: name) { return .catalogue(p) }
        return nil
    }
}

/// A profile's sink: it says when the sheet it read holds no header the profile knows, so that
/// the next sheet is tried — by a flag, not by the words of its error, which follow the language.
protocol ProfileRowSink: XLSXRowSink {
    /// Set when the header was not found: the error's message for the sheet or file described
    /// as the argument (`sheet `Лист1``).
    var headerMissing: ((String) -> String)? { get }
}

/// Where a profile's rows come from, for messages: a sheet of a workbook or a CSV file.
struct ProfileSource: Sendable {
    /// The file as the script wrote it.
    var shown: String
    /// The sheet's name; nil for a CSV file.
    var sheet: String?
    /// The file name without folder and extension (it may name the work).
    var fileName: String

    init(shown: String, sheet: String?) {
        self.shown = shown
        self.sheet = sheet
        fileName = URL(fileURLWithPath: shown).deletingPathExtension().lastPathComponent
    }

    /// `sheet `Лист1`, cell F7` in a workbook; `line 7, field 6 (cell F7 in Excel)` in a CSV file.
    func place(_ column: Int, _ row: Int) -> String {
        let cell = XLSXSheetStream.columnLetters(column) + String(row)
        if let sheet { return tr("io.profile.sheet_cell", ["sheet": sheet, "cell": cell]) }
        return tr("io.profile.line_field_cell_excel", ["row": row, "value": column + 1, "cell": cell])
    }

    /// `sheet `Лист1`, row 7` / `line 7`.
    func place(row: Int) -> String {
        if let sheet { return tr("io.profile.sheet_row", ["sheet": sheet, "row": row]) }
        return tr("io.gia.line", ["line": row])
    }

    /// What the sheet or file is called in "does not look like" messages.
    var what: String { sheet.map { tr("io.profile.sheet_of", ["sheet": $0, "file": shown]) } ?? "`\(shown)`" }

    func error(_ column: Int, _ row: Int, header: String?, _ message: String, hint: String? = nil) -> MsokoError {
        MsokoError(.data, "\(place(column, row)): \(message)",
                   data: DataLocation(file: shown, line: row, field: column + 1, columnName: header), hint: hint)
    }
}

/// The common options of the ОГЭ/ЕГЭ and catalogue profiles.
struct ProfileOptions {
    var year: Int?
    var subject: String?
    var grade: Int?
    var exam: String?
    /// `schools = "DATASET"`: the protocol's school codes or names become the district's school_id.
    var schools: FISOKOSchoolMap?
    var sheet: Value?
    var ignoreErrors = false
    var limits = XLSXLimits()
    var csv = CSVRowStream.Options()
}

/// Reads a file with an import profile: the options, the sheet (or the CSV file), the sink.
enum ProfileLoader {

    /// Called first by both loaders: nil when the load has no `profile` or (for a workbook) a
    /// FIS OKO profile, which the workbook loader reads itself.
    static func loadIfProfile(path: String, shownPath: String, options items: [StageItem], session: Session,
                              range: SourceRange, csv: Bool) throws -> Table? {
        guard let item = items.first(where: { $0.name == "profile" }) else { return nil }
        let value = try session.evaluator.constant(item.expr)
        guard case .text(let text) = value, let profile = ImportProfile.named(text) else {
            throw MsokoError(.syntax, tr("io.profile.unknown_profile", ["plain_text": value.plainText]), at: item.expr.range,
                             hint: Suggest.hint(for: value.plainText, among: ImportProfile.names)
                                ?? tr("io.profile.profiles", ["profiles": ImportProfile.names.map { "\"\($0)\"" }.joined(separator: ", ")]))
        }
        if case .fisoko = profile, !csv { return nil }
        var options = ProfileOptions()
        var fisoko = FISOKOOptions()
        var allowed = ["profile", "year", "subject", "ignore_errors"]
        switch profile {
        case .fisoko(let p): allowed += ["grade", "mark_scales", "schools"] + (p.isReport ? ["scopes"] : [])
        case .gia: allowed += ["exam", "schools"]
        case .catalogue: allowed += ["grade"]
        }
        allowed += csv ? ["encoding", "delimiter"] : LoadOptions.all.filter { $0.applies == .workbook }.map(\.name)
        let evaluator = session.evaluator
        for option in items {
            guard let name = option.name else {
                throw MsokoError(.syntax, tr("io.profile.load_options_written_name"), at: option.range)
            }
            let at = option.expr.range
            guard allowed.contains(name) else {
                let why = ["types", "skip", "header"].contains(name)
                    ? tr("io.profile.does_apply_profile_profile", ["name": name])
                    : tr(csv ? "io.profile.does_apply_profile_csv" : "io.profile.does_apply_profile", ["name": name, "text": text])
                throw MsokoError(.syntax, why, at: option.nameRange ?? option.range,
                                 hint: tr("io.profile.options_this_profile") + allowed.joined(separator: ", "))
            }
            if name == "profile" { continue }
            let value = try evaluator.constant(option.expr)
            switch name {
            case "year", "grade":
                guard case .int(let n) = value else { throw MsokoError(.type, tr("io.profile.whole_number", ["name": name]), at: at) }
                if name == "year" { options.year = Int(n); fisoko.year = Int(n) } else { options.grade = Int(n); fisoko.grade = Int(n) }
            case "subject":
                guard case .text(let s) = value, !s.isEmpty else { throw MsokoError(.type, tr("io.profile.subject_is_text"), at: at) }
                options.subject = s
                fisoko.subject = s
            case "exam":
                guard case .text(let s) = value, let exam = GIAVocabulary.exam(named: s) else {
                    throw MsokoError(.type, tr("io.profile.exam"), at: at)
                }
                options.exam = exam
            case "ignore_errors":
                guard case .bool(let flag) = value else { throw MsokoError(.type, tr("io.profile.ignore_errors_true_false"), at: at) }
                options.ignoreErrors = flag
                fisoko.ignoreErrors = flag
            case "schools":
                guard case .text(let dataset) = value else {
                    throw MsokoError(.type, tr("io.profile.schools_names_loaded_dataset"), at: at)
                }
                let table = try session.dataset(dataset, at: at)
                do {
                    fisoko.schools = try FISOKOSchoolMap(table, datasetName: dataset)
                    options.schools = fisoko.schools
                } catch {
                    throw error.placed(at: at)
                }
            case "scopes":
                fisoko.scopes = try FISOKOReports.scopes(value, at: at)
            case "mark_scales":
                guard case .text(let dataset) = value else {
                    throw MsokoError(.type, tr("io.profile.mark_scales_names_loaded"), at: at)
                }
                fisoko.markScales = try session.dataset(dataset, at: at)
            case "encoding":
                guard case .text(let s) = value else { throw MsokoError(.type, tr("io.profile.encoding_is_text"), at: at) }
                options.csv.encoding = s
            case "delimiter":
                options.csv.delimiter = try Loader.singleByte(value, option: name, at: at, allowTab: true)
            case "sheet":
                switch value {
                case .text, .int: options.sheet = value
                default: throw MsokoError(.type, tr("io.profile.sheet_sheet_name_quotes"), at: at)
                }
            default:   // max_cells, max_unzipped_mb, max_ratio
                guard case .int(let n) = value, n >= 1 else { throw MsokoError(.type, tr("io.profile.whole_number_more", ["name": name]), at: at) }
                switch name {
                case "max_cells": options.limits.maxCells = Int(n)
                case "max_unzipped_mb":
                    options.limits.maxUnzippedBytes = UInt64(n).multipliedReportingOverflow(by: 1 << 20).overflow ? .max : UInt64(n) << 20
                default: options.limits.maxRatio = UInt64(n)
                }
            }
        }
        let readable = session.readablePath(path)
        do {
            let report: (table: Table, notes: [String])
            var kind = ""
            switch profile {
            case .fisoko(let p):
                // A CSV file stands as one sheet named after the file.
                fisoko.profile = p
                let sheet = XLSXPackage.Sheet(name: URL(fileURLWithPath: shownPath).lastPathComponent, position: 1, partPath: "", hidden: false)
                let fileName = URL(fileURLWithPath: shownPath).deletingPathExtension().lastPathComponent
                let result: FISOKOImporter.Report
                if p.isReport {
                    let csvOptions = options.csv
                    result = try FISOKOReports.read(sheets: [sheet], shown: shownPath, options: fisoko, fileName: fileName) { sheet throws(MsokoError) in
                        let collector = FISOKOReports.RowCollector(sheet: sheet.name, shown: shownPath)
                        _ = try CSVRowStream.read(path: readable, shownPath: shownPath, options: csvOptions, into: collector)
                        return collector.rows
                    }
                } else {
                    let sink = FISOKOImporter.Sink(shown: shownPath, sheet: sheet, options: fisoko)
                    _ = try CSVRowStream.read(path: readable, shownPath: shownPath, options: options.csv, into: sink)
                    result = try sink.finish(fileName: fileName)
                }
                report = (result.table, result.notes)
                kind = result.kind
            case .gia(let p):
                report = try read(path: readable, shownPath: shownPath, options: options, csv: csv) { source in
                    GIAImporter.Sink(source: source, profile: p, options: options)
                } finish: { (sink) throws(MsokoError) in try sink.finish() }
                kind = tr("io.gia.kind")
            case .catalogue(let p):
                report = try read(path: readable, shownPath: shownPath, options: options, csv: csv) { source in
                    CatalogueImporter.Sink(source: source, profile: p, options: options)
                } finish: { (sink) throws(MsokoError) in try sink.finish() }
                kind = tr("io.catalogue.kind")
            }
            Loader.describe(report.notes.first, kind: kind, session: session)
            for note in report.notes.dropFirst() { session.sink.note(note) }
            return report.table
        } catch {
            var placed = error.placed(at: range)
            if placed.data == nil {
                placed = placed.showingFile([readable], as: shownPath)
                if placed.stage == .io, placed.hint == nil, InputFile.kind(readable) == .missing {
                    placed.hint = Session.siblingHint(path, shown: shownPath)
                }
            }
            throw placed
        }
    }

    /// Streams the CSV file, or the chosen sheet, or else the first sheet whose rows the sink
    /// recognises (a cover sheet may come first), into a new sink.
    static func read<S: ProfileRowSink>(path: String, shownPath: String, options: ProfileOptions, csv: Bool,
                                        sink make: (ProfileSource) -> S,
                                        finish: (S) throws(MsokoError) -> (table: Table, notes: [String])) throws(MsokoError) -> (table: Table, notes: [String]) {
        if csv {
            let sink = make(ProfileSource(shown: shownPath, sheet: nil))
            _ = try CSVRowStream.read(path: path, shownPath: shownPath, options: options.csv, into: sink)
            return try finish(sink)
        }
        let package = try XLSXPackage.open(path: path, shownPath: shownPath, limits: options.limits)
        if options.sheet != nil {
            let sheet = try package.sheet(options.sheet)
            let sink = make(ProfileSource(shown: shownPath, sheet: sheet.name))
            try XLSXSheetStream.read(package, sheet: sheet) { _ in sink }
            return try finish(sink)
        }
        var first: (error: MsokoError, message: (String) -> String, sheet: String)?
        for sheet in package.sheets.filter({ !$0.hidden }) + package.sheets.filter(\.hidden) {
            let sink = make(ProfileSource(shown: shownPath, sheet: sheet.name))
            do {
                try XLSXSheetStream.read(package, sheet: sheet) { _ in sink }
                return try finish(sink)
            } catch {
                // Only a sheet without the profile's header sends us on to the next one.
                guard let message = sink.headerMissing else { throw error }
                if first == nil { first = (error, message, sheet.name) }
                continue
            }
        }
        if package.sheets.count > 1, let first {
            throw MsokoError(.data, tr("io.profile.no_other_sheet", ["message": first.message(tr("io.profile.sheet", ["sheet": first.sheet])),
                                                                     "file": shownPath,
                                                                     "sheets": package.sheets.map { "`\($0.name)`" }.joined(separator: ", ")]),
                             hint: first.error.hint)
        }
        throw first?.error ?? MsokoError(.data, tr("io.profile.no_sheets", ["file": shownPath]))
    }

    /// The profile's columns with no rows (typed as the profile types them), for an absent
    /// `optional` file loaded with a profile; nil without a profile.
    static func emptyTable(options: [StageItem], session: Session) throws -> Table? {
        guard let item = options.first(where: { $0.name == "profile" }),
              case .text(let name) = try session.evaluator.constant(item.expr), let profile = ImportProfile.named(name) else { return nil }
        let names: [String]
        switch profile {
        case .fisoko(.results): names = FISOKOProfile.resultsColumns
        case .fisoko(.tasks): names = FISOKOProfile.tasksColumns
        case .fisoko(.catalogue): names = FISOKOProfile.catalogueColumns
        case .fisoko(.marks), .fisoko(.completion): names = FISOKOProfile.referenceColumns
        case .gia(.results): names = GIAProfile.resultsColumns
        case .gia(.tasks): names = GIAProfile.tasksColumns
        case .catalogue(.tasks): names = CatalogueProfile.tasksColumns
        case .catalogue(.skills): names = CatalogueProfile.skillsColumns
        }
        let text: Set<String> = ["exam", "subject", "school_id", "class_id", "pupil_code", "status", "task", "level", "skill_code", "skill",
                                 "scope", "indicator"]
        return Table(names: names, columns: names.map { Column.nulls(text.contains($0) ? .text : $0 == "value" ? .double : .int, count: 0) }, rowCount: 0)
    }

}

enum ProfileRows {
    /// The row of column numbers (1, 2, 3, …) that Russian forms put under their header.
    static func isColumnNumbering(_ cells: [XLSXCell]) -> Bool {
        guard cells.count >= 3 else { return false }
        for (index, cell) in cells.enumerated() {
            guard cell.kind == .number || cell.kind == .numericText, cell.number == Double(index + 1) else { return false }
        }
        return true
    }
}

/// Typed accumulators shared by the profiles (rows go straight into columns).
typealias ProfileTextColumn = FISOKOImporter.TextColumn
typealias ProfileNumberColumn = FISOKOImporter.NumberColumn

/// Year, subject and grade as the options, the title rows, the sheet name and the file name say
/// them (in that order), with a note of where each was found.
struct WorkFinder {
    var year: Int?, subject: String?, grade: Int?
    var sources: [String] = []

    init(options: ProfileOptions, titles: [String], source: ProfileSource) {
        year = options.year; subject = options.subject; grade = options.grade
        var places = [(tr("io.profile.from_title"), titles.joined(separator: " "))]
        if let sheet = source.sheet { places.append((tr("io.profile.from_sheet_name"), sheet)) }
        places.append((tr("io.profile.from_file_name"), source.fileName))
        for (label, text) in places {
            let found = FISOKOVocabulary.work(in: text)
            if year == nil, let y = found.year { year = y; sources.append(tr("io.profile.year_from", ["label": label])) }
            if subject == nil, let s = found.subject ?? Self.subject(declined: text) { subject = s; sources.append(tr("io.profile.subject_from", ["label": label])) }
            if grade == nil, let g = found.grade { grade = g; sources.append(tr("io.profile.grade_from", ["label": label])) }
        }
    }

    /// A subject named in another case, as titles write it: «по математике», «по русскому
    /// языку» — every word of the subject's name by its stem (the word without its last two
    /// letters, for words of five letters or more).
    static func subject(declined text: String) -> String? {
        let words = FISOKOVocabulary.normalize(text.replacingOccurrences(of: "_", with: " "))
            .split(whereSeparator: { !$0.isLetter }).map(String.init)
        for subject in FISOKOVocabulary.subjects {
            let stems = FISOKOVocabulary.normalize(subject).split(separator: " ").map { $0.count >= 5 ? String($0.dropLast(2)) : String($0.dropLast()) }
            guard let first = stems.first else { continue }
            for (index, word) in words.enumerated() where word.hasPrefix(first) && index + stems.count <= words.count {
                if zip(stems, words[index...]).allSatisfy({ $1.hasPrefix($0) }) { return subject }
            }
        }
        return nil
    }
}
