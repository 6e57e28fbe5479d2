import Foundation

/// `load "book.xlsx" [as name] [with …]`: the workbook options, then the reader or a FIS OKO
/// profile.
extension Loader {
    static var workbookOptions: [String] { LoadOptions.workbookNames }
    static var csvOnlyOptions: [String] { LoadOptions.csvOnlyNames }

    static func loadWorkbook(path: String, shownPath: String, options: [StageItem], session: Session,
                             range: SourceRange, oneOfMany: Bool = false) throws -> Table {
        let evaluator = session.evaluator
        var xlsx = XLSXOptions()
        var fisoko = FISOKOOptions()
        var profile: FISOKOProfile?
        var profileOnly: [(String, SourceRange)] = []
        for option in options {
            guard let name = option.name else {
                throw MsokoError(.syntax, tr("io.xlsx.load_options_written_name"), at: option.range,
                                 hint: tr("io.xlsx.example_sheet"))
            }
            let at = option.expr.range
            // `types` is a record, which is not a constant value: read before evaluating.
            let value = name == "types" ? Value.null : try evaluator.constant(option.expr)
            switch name {
            case "sheet":
                switch value {
                case .text, .int: xlsx.sheet = value; fisoko.sheet = value
                default: throw MsokoError(.type, tr("io.xlsx.sheet_sheet_name_quotes"), at: at)
                }
            case "skip":
                guard case .int(let n) = value, n >= 0 else {
                    throw MsokoError(.type, tr("io.xlsx.skip_whole_number_sheet"), at: at)
                }
                xlsx.skip = Int(n)
            case "header":
                guard case .bool(let flag) = value else { throw MsokoError(.type, tr("io.xlsx.header_true_false"), at: at) }
                xlsx.header = flag
            case "ignore_errors":
                guard case .bool(let flag) = value else { throw MsokoError(.type, tr("io.xlsx.ignore_errors_true_false"), at: at) }
                xlsx.ignoreErrors = flag
                fisoko.ignoreErrors = flag
            case "types":
                for (column, type) in try LoadOptions.types(option, evaluator: evaluator) { xlsx.types[column] = type }
            case "provenance":
                guard case .bool(let flag) = value else { throw MsokoError(.type, tr("io.xlsx.provenance_true_false"), at: at) }
                xlsx.provenance = flag
            case "profile":
                guard case .text(let text) = value, let chosen = FISOKOProfile(rawValue: text.lowercased()) else {
                    throw MsokoError(.syntax, tr("io.xlsx.unknown_profile", ["plain_text": value.plainText]), at: at,
                                     hint: Suggest.hint(for: value.plainText, among: FISOKOProfile.names)
                                        ?? tr("io.profile.profiles", ["profiles": FISOKOProfile.names.map { "\"\($0)\"" }.joined(separator: ", ")]))
                }
                profile = chosen
                fisoko.profile = chosen
            case "year", "grade":
                guard case .int(let n) = value else { throw MsokoError(.type, tr("io.xlsx.whole_number", ["name": name]), at: at) }
                if name == "year" { fisoko.year = Int(n) } else { fisoko.grade = Int(n) }
                profileOnly.append((name, option.nameRange ?? option.range))
            case "subject":
                guard case .text(let text) = value, !text.isEmpty else { throw MsokoError(.type, tr("io.xlsx.subject_is_text"), at: at) }
                fisoko.subject = text
                profileOnly.append((name, option.nameRange ?? option.range))
            case "max_cells", "max_unzipped_mb", "max_ratio":
                guard case .int(let n) = value, n >= 1 else {
                    throw MsokoError(.type, tr("io.xlsx.whole_number_more", ["name": name]), at: at,
                                     hint: LoadOptions.all.first { $0.name == name }.map { tr("io.xlsx.default_is", ["value": $0.value]) })
                }
                switch name {
                case "max_cells": xlsx.limits.maxCells = Int(n)
                case "max_unzipped_mb":
                    xlsx.limits.maxUnzippedBytes = UInt64(n).multipliedReportingOverflow(by: 1 << 20).overflow ? .max : UInt64(n) << 20
                default: xlsx.limits.maxRatio = UInt64(n)
                }
                fisoko.limits = xlsx.limits
            case "mark_scales":
                guard case .text(let dataset) = value else {
                    throw MsokoError(.type, tr("io.xlsx.mark_scales_names_loaded"), at: at)
                }
                fisoko.markScales = try session.dataset(dataset, at: at)
                profileOnly.append((name, option.nameRange ?? option.range))
            case "schools":
                guard case .text(let dataset) = value else {
                    throw MsokoError(.type, tr("io.xlsx.schools_names_loaded_dataset"), at: at)
                }
                let table = try session.dataset(dataset, at: at)
                do {
                    fisoko.schools = try FISOKOSchoolMap(table, datasetName: dataset)
                } catch {
                    throw error.placed(at: at)
                }
                profileOnly.append((name, option.nameRange ?? option.range))
            case "scopes":
                fisoko.scopes = try FISOKOReports.scopes(value, at: at)
                profileOnly.append((name, option.nameRange ?? option.range))
            default:
                if csvOnlyOptions.contains(name) {
                    throw MsokoError(.syntax, tr("io.xlsx.option_csv_files_workbook", ["name": name]), at: option.nameRange ?? option.range,
                                     hint: tr("io.xlsx.workbook_options", ["options": workbookOptions.joined(separator: ", ")]))
                }
                throw MsokoError(.syntax, tr("io.xlsx.unknown_load_option", ["name": name]), at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: workbookOptions) ?? tr("io.xlsx.workbook_options", ["options": workbookOptions.joined(separator: ", ")]))
            }
        }
        let readable = session.readablePath(path)
        func placed(_ error: MsokoError) -> MsokoError {
            var placed = error.placed(at: range)
            if placed.data == nil, placed.stage == .io, placed.hint == nil, InputFile.kind(readable) == .missing {
                placed.hint = Session.siblingHint(path, shown: shownPath)
            }
            return placed
        }
        if profile != nil {
            if xlsx.provenance {
                throw MsokoError(.syntax, tr("io.xlsx.provenance_available_fis_oko"), at: range,
                                 hint: tr("io.xlsx.load_sheet_without_profile"))
            }
            if !xlsx.types.isEmpty || xlsx.skip != nil || !xlsx.header {
                throw MsokoError(.syntax, tr("io.xlsx.types_skip_header_do"), at: range)
            }
            do {
                let report = try FISOKOImporter.read(path: readable, shownPath: shownPath, options: fisoko)
                Loader.describe(report.notes.first, kind: report.kind, session: session)
                for note in report.notes.dropFirst() { session.sink.note(note) }
                return report.table
            } catch {
                throw placed(error)
            }
        }
        if let (name, at) = profileOnly.first {
            throw MsokoError(.syntax, tr("io.xlsx.goes_fis_oko_profile", ["name": name]), at: at,
                             hint: tr("io.xlsx.add_profile_fisoko_fisoko"))
        }
        let report: XLSXReadReport
        do {
            report = try XLSXReader.read(path: readable, shownPath: shownPath, options: xlsx)
        } catch {
            throw placed(error)
        }
        for column in xlsx.types.keys where report.table.index(of: column) == nil && !oneOfMany {
            throw MsokoError(.name, tr("io.xlsx.types_names_column_that", ["column": column, "shown_path": shownPath]), at: range,
                             hint: Suggest.hint(for: column, among: report.table.names) ?? VerbArguments.columnList(report.table))
        }
        if xlsx.sheet == nil, report.sheetCount > 1 {
            session.sink.note(tr("io.xlsx.read_sheet_choose_another", ["shown_path": shownPath, "sheet_name": report.sheetName, "sheet_position": report.sheetPosition, "sheet_count": report.sheetCount]))
        }
        if xlsx.skip == nil, let first = report.headerRows.first, first > 1 {
            let rows = report.headerRows.map(String.init).joined(separator: "–")
            session.sink.note(tr("io.xlsx.header_row_sheet_rows", ["shown_path": shownPath, "rows_count": report.headerRows.count, "rows": rows, "sheet_name": report.sheetName]))
        }
        if report.nulledCells > 0 {
            session.sink.note(tr("io.xlsx.cell_that_did_convert", ["shown_path": shownPath, "nulled_cells": report.nulledCells]))
        }
        return report.table
    }
}
