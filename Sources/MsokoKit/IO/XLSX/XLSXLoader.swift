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
                throw MsokoError(.syntax, "load options are written `name = value`", at: option.range,
                                 hint: "for example `with sheet = \"Лист1\"`")
            }
            let at = option.expr.range
            // `types` is a record, which is not a constant value: read before evaluating.
            let value = name == "types" ? Value.null : try evaluator.constant(option.expr)
            switch name {
            case "sheet":
                switch value {
                case .text, .int: xlsx.sheet = value; fisoko.sheet = value
                default: throw MsokoError(.type, "`sheet` is a sheet name in quotes or a position (1 = the first tab)", at: at)
                }
            case "skip":
                guard case .int(let n) = value, n >= 0 else {
                    throw MsokoError(.type, "`skip` is a whole number of sheet rows above the header", at: at)
                }
                xlsx.skip = Int(n)
            case "header":
                guard case .bool(let flag) = value else { throw MsokoError(.type, "`header` is true or false", at: at) }
                xlsx.header = flag
            case "ignore_errors":
                guard case .bool(let flag) = value else { throw MsokoError(.type, "`ignore_errors` is true or false", at: at) }
                xlsx.ignoreErrors = flag
                fisoko.ignoreErrors = flag
            case "types":
                for (column, type) in try LoadOptions.types(option, evaluator: evaluator) { xlsx.types[column] = type }
            case "provenance":
                guard case .bool(let flag) = value else { throw MsokoError(.type, "`provenance` is true or false", at: at) }
                xlsx.provenance = flag
            case "profile":
                guard case .text(let text) = value, let chosen = FISOKOProfile(rawValue: text.lowercased()) else {
                    throw MsokoError(.syntax, "unknown profile `\(value.plainText)`", at: at,
                                     hint: Suggest.hint(for: value.plainText, among: FISOKOProfile.names)
                                        ?? "profiles: " + FISOKOProfile.names.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                profile = chosen
                fisoko.profile = chosen
            case "year", "grade":
                guard case .int(let n) = value else { throw MsokoError(.type, "`\(name)` is a whole number", at: at) }
                if name == "year" { fisoko.year = Int(n) } else { fisoko.grade = Int(n) }
                profileOnly.append((name, option.nameRange ?? option.range))
            case "subject":
                guard case .text(let text) = value, !text.isEmpty else { throw MsokoError(.type, "`subject` is text, e.g. \"Математика\"", at: at) }
                fisoko.subject = text
                profileOnly.append((name, option.nameRange ?? option.range))
            case "max_cells", "max_unzipped_mb", "max_ratio":
                guard case .int(let n) = value, n >= 1 else {
                    throw MsokoError(.type, "`\(name)` is a whole number, 1 or more", at: at,
                                     hint: LoadOptions.all.first { $0.name == name }.map { "the default is \($0.value)" })
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
                    throw MsokoError(.type, "`mark_scales` names a loaded dataset, in quotes: `mark_scales = \"mark_scales\"`", at: at)
                }
                fisoko.markScales = try session.dataset(dataset, at: at)
                profileOnly.append((name, option.nameRange ?? option.range))
            case "schools":
                guard case .text(let dataset) = value else {
                    throw MsokoError(.type, "`schools` names a loaded dataset, in quotes: `schools = \"schools\"`", at: at)
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
                    throw MsokoError(.syntax, "`\(name)` is an option for CSV files; a workbook's cells are already typed", at: option.nameRange ?? option.range,
                                     hint: "workbook options: " + workbookOptions.joined(separator: ", "))
                }
                throw MsokoError(.syntax, "unknown load option `\(name)`", at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: workbookOptions) ?? "workbook options: " + workbookOptions.joined(separator: ", "))
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
                throw MsokoError(.syntax, "`provenance` is not available with a FIS OKO profile yet: the profile reshapes the sheet's rows", at: range,
                                 hint: "load the sheet without `profile` (`with provenance = true`) to see its rows; a folder or glob load still adds `source_file`")
            }
            if !xlsx.types.isEmpty || xlsx.skip != nil || !xlsx.header {
                throw MsokoError(.syntax, "`types`, `skip` and `header` do not apply with `profile`: the profile finds the header and types the columns itself", at: range)
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
            throw MsokoError(.syntax, "`\(name)` goes with a FIS OKO profile", at: at,
                             hint: "add `profile = \"fisoko\"` (or \"fisoko-tasks\", \"fisoko-tasks-catalogue\")")
        }
        let report: XLSXReadReport
        do {
            report = try XLSXReader.read(path: readable, shownPath: shownPath, options: xlsx)
        } catch {
            throw placed(error)
        }
        for column in xlsx.types.keys where report.table.index(of: column) == nil && !oneOfMany {
            throw MsokoError(.name, "`types` names a column `\(column)` that `\(shownPath)` does not have", at: range,
                             hint: Suggest.hint(for: column, among: report.table.names) ?? VerbArguments.columnList(report.table))
        }
        if xlsx.sheet == nil, report.sheetCount > 1 {
            session.sink.note("\(shownPath): read sheet `\(report.sheetName)` (\(report.sheetPosition) of \(report.sheetCount)); choose another with `sheet = \"…\"` or `sheet = 2`")
        }
        if xlsx.skip == nil, let first = report.headerRows.first, first > 1 {
            let rows = report.headerRows.map(String.init).joined(separator: "–")
            session.sink.note("\(shownPath): the header is on row\(report.headerRows.count > 1 ? "s" : "") \(rows) of sheet `\(report.sheetName)`; the rows above were skipped as titles (`skip = …` to choose)")
        }
        if report.nulledCells > 0 {
            session.sink.note("\(shownPath): \(report.nulledCells) cell\(report.nulledCells == 1 ? "" : "s") that did not convert to the type in `types` read as null (ignore_errors = true)")
        }
        return report.table
    }
}
