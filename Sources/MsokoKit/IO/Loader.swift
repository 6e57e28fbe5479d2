import Foundation

/// `load "path" as name with options`: checks the options and hands the file to its reader.
/// The options are declared in `LoadOptions`.
enum Loader {
    static var csvOptions: [String] { LoadOptions.csvNames }

    /// Reads the file at `path` (resolved; `shownPath` as the script wrote it). With
    /// `optional = true` an absent file gives an empty table with the columns of `types` and one
    /// note naming `dataset`; any other failure is still an error.
    static func load(path: String, shownPath: String, options: [StageItem], session: Session, range: SourceRange,
                     dataset: String? = nil, oneOfMany: Bool = false) throws -> Table {
        if let request = MultiFileLoad.request(resolved: session.readablePath(path), shownPath: shownPath) {
            return try loadMany(request, shownPath: shownPath, options: options, session: session, range: range, dataset: dataset)
        }
        var options = options
        if let index = options.firstIndex(where: { $0.name == "optional" }) {
            let option = options.remove(at: index)
            if let skipped = try LoadOptions.optional(option, evaluator: session.evaluator),
               !FileManager.default.fileExists(atPath: session.readablePath(path)) {
                return try absent(path: path, shownPath: shownPath, options: options, skipped: skipped, session: session, dataset: dataset)
            }
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".xls") {
            throw MsokoError(.io, "`\(shownPath)` is a legacy Excel 97–2003 workbook (.xls), which msoko does not read", at: range,
                             hint: "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8)")
        }
        // Import profiles read workbooks and CSV files alike (IO/Profiles/ImportProfiles.swift);
        // FIS OKO profiles on a workbook go on to the workbook loader.
        if let table = try ProfileLoader.loadIfProfile(path: path, shownPath: shownPath, options: options, session: session, range: range,
                                                       csv: !(lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm"))) {
            return table
        }
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
            return try loadWorkbook(path: path, shownPath: shownPath, options: options, session: session, range: range,
                                    oneOfMany: oneOfMany)
        }
        var csv = CSVOptions()
        csv.typedColumnsMayBeAbsent = oneOfMany
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { csv.delimiter = UInt8(ascii: "\t") }
        let evaluator = session.evaluator
        for option in options {
            guard let name = option.name else {
                throw MsokoError(.syntax, "load options are written `name = value`", at: option.range,
                                 hint: "for example `with delimiter = \";\", encoding = \"cp1251\"`")
            }
            let where_ = option.expr.range
            switch name {
            case "delimiter":
                csv.delimiter = try singleByte(try evaluator.constant(option.expr), option: name, at: where_, allowTab: true)
            case "decimal":
                csv.decimal = try singleByte(try evaluator.constant(option.expr), option: name, at: where_, allowTab: false)
            case "thousands":
                csv.thousands = try singleByte(try evaluator.constant(option.expr), option: name, at: where_, allowTab: false)
            case "encoding":
                guard case .text(let encoding) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, "`encoding` is text, e.g. \"cp1251\"", at: where_)
                }
                csv.encoding = encoding
            case "header":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, "`header` is true or false", at: where_)
                }
                csv.header = flag
            case "ignore_errors":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, "`ignore_errors` is true or false", at: where_)
                }
                csv.ignoreErrors = flag
            case "skip":
                guard case .int(let n) = try evaluator.constant(option.expr), n >= 0 else {
                    throw MsokoError(.type, "`skip` is a whole number of lines", at: where_)
                }
                csv.skip = Int(n)
            case "null_padding", "provenance":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, "`\(name)` is true or false", at: where_)
                }
                if name == "null_padding" { csv.nullPadding = flag } else { csv.provenance = flag }
            case "types":
                for (column, type) in try LoadOptions.types(option, evaluator: evaluator) { csv.types[column] = type }
            case _ where !LoadOptions.csvNames.contains(name) && LoadOptions.workbookNames.contains(name):
                throw MsokoError(.syntax, "`\(name)` is an option for .xlsx workbooks, and `\(shownPath)` is read as CSV", at: option.nameRange ?? option.range,
                                 hint: "CSV options: " + csvOptions.joined(separator: ", "))
            default:
                throw MsokoError(.syntax, "unknown load option `\(name)`", at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: csvOptions) ?? "options: " + csvOptions.joined(separator: ", "))
            }
        }
        let report: CSVReadReport
        do {
            report = try CSVReader.read(path: session.readablePath(path), options: csv)
        } catch {
            var placed = error.placed(at: range)
            if var data = placed.data, data.file == session.readablePath(path) { data.file = shownPath; placed.data = data }
            if placed.data == nil {
                // Messages name the file as the script wrote it, never the resolved path (which
                // differs from machine to machine).
                placed.message = placed.message.replacingOccurrences(of: session.readablePath(path), with: shownPath)
                    .replacingOccurrences(of: path, with: shownPath)
                placed.hint = placed.hint?.replacingOccurrences(of: session.readablePath(path), with: shownPath)
            }
            if placed.data == nil, placed.stage == .io {
                if placed.hint == nil, InputFile.kind(session.readablePath(path)) == .missing {
                    placed.hint = Session.siblingHint(path, shown: shownPath)
                }
            }
            throw placed
        }
        for column in csv.types.keys where report.table.index(of: column) == nil && !oneOfMany {
            throw MsokoError(.name, "`types` names a column `\(column)` that `\(shownPath)` does not have", at: range,
                             hint: Suggest.hint(for: column, among: report.table.names) ?? VerbArguments.columnList(report.table))
        }
        if report.skippedRows > 0 {
            var note = "\(shownPath): skipped \(report.skippedRows) bad row\(report.skippedRows == 1 ? "" : "s") (ignore_errors = true)"
            let lines = report.skippedExamples.prefix(3).map { "line \($0.line)" }
            if !lines.isEmpty { note += ": " + lines.joined(separator: ", ") + (report.skippedRows > lines.count ? ", …" : "") }
            session.sink.note(note)
        }
        return report.table
    }

    /// The empty table that stands for an absent optional file: the columns of `types`, in the
    /// order written, with no rows; other options are still checked, so a misspelt one is not
    /// silently ignored until the file turns up.
    static func absent(path: String, shownPath: String, options: [StageItem], skipped: String, session: Session,
                       dataset: String?) throws -> Table {
        let lower = path.lowercased()
        let workbook = lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
        var allowed = workbook ? LoadOptions.workbookNames : LoadOptions.csvNames
        if options.contains(where: { $0.name == "profile" }) { allowed += LoadOptions.all.filter { $0.applies == .profile }.map(\.name) }
        var table = try typedEmptyTable(options: options, allowed: allowed, session: session)
        if table.columnCount == 0, let empty = try ProfileLoader.emptyTable(options: options, session: session) { table = empty }
        var note = "\(shownPath) is absent (optional): "
        note += dataset.map { "`\($0)` is" } ?? "the dataset is"
        note += table.columnCount == 0 ? " an empty table (0 rows, no columns)"
            : " an empty table (0 rows; " + table.names.map { "`\($0)`" }.joined(separator: ", ") + ")"
        if !skipped.isEmpty {
            note += "; " + skipped
            session.addLimitation(skipped, source: (shownPath as NSString).lastPathComponent)
        }
        session.sink.note(note)
        return table
    }

    /// The empty table an absent optional file (or a glob matching nothing) stands for: the
    /// columns of `types`, in the order written, appended to `table`. The other options are
    /// still checked against `allowed`, so a misspelt one is an error now, not when files turn up.
    static func typedEmptyTable(options: [StageItem], allowed: [String], session: Session, into table: Table = Table()) throws -> Table {
        var table = table
        for option in options {
            guard let name = option.name else {
                throw MsokoError(.syntax, "load options are written `name = value`", at: option.range)
            }
            guard allowed.contains(name) else {
                throw MsokoError(.syntax, "unknown load option `\(name)`", at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: allowed) ?? "options: " + allowed.joined(separator: ", "))
            }
            if name == "types" {
                for (column, type) in try LoadOptions.types(option, evaluator: session.evaluator) {
                    table.set(column, Column.nulls(type, count: 0))
                }
            }
        }
        return table
    }

    static func singleByte(_ value: Value, option: String, at range: SourceRange, allowTab: Bool) throws -> UInt8 {
        guard case .text(var text) = value else {
            throw MsokoError(.type, "`\(option)` is one character in quotes", at: range)
        }
        if allowTab, text == "tab" || text == "\\t" { text = "\t" }
        // "space" is any of the spaces Russian Excel groups digits with (U+0020, U+00A0,
        // U+202F): the number parser takes all three for a space separator.
        if option == "thousands", text == "space" || text == "\u{00A0}" || text == "\u{202F}" { text = " " }
        guard text.utf8.count == 1, let byte = text.utf8.first else {
            throw MsokoError(.type, "`\(option)` must be a single ASCII character, got \"\(text)\"", at: range,
                             hint: allowTab ? "for a tab write \"\\t\"" : nil)
        }
        return byte
    }
}
