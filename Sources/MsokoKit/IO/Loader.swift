import Foundation

/// `load "path" as name with options`: checks the options and hands the file to its reader.
/// The options are declared in `LoadOptions`.
enum Loader {
    static var csvOptions: [String] { LoadOptions.csvNames }

    /// Reads the file at `path` (resolved; `shownPath` as the script wrote it). With
    /// `optional = true` an absent file gives an empty table with the columns of `types` and one
    /// note naming `dataset`; any other failure is still an error.
    static func load(path: String, shownPath: String, options: [StageItem], session: Session, range: SourceRange,
                     dataset: String? = nil, oneOfMany: Bool = false, onlyColumns: Set<String>? = nil) throws -> Table {
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
            throw MsokoError(.io, tr("io.load.legacy_excel_workbook_xls", ["shown_path": shownPath]), at: range,
                             hint: tr("io.load.open_excel_libreoffice_save"))
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
        csv.onlyColumns = onlyColumns
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { csv.delimiter = UInt8(ascii: "\t") }
        let evaluator = session.evaluator
        for option in options {
            guard let name = option.name else {
                throw MsokoError(.syntax, tr("io.load.load_options_written_name"), at: option.range,
                                 hint: tr("io.load.options_example"))
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
                    throw MsokoError(.type, tr("io.load.encoding_is_text"), at: where_)
                }
                csv.encoding = encoding
            case "header":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, tr("io.load.header_true_false"), at: where_)
                }
                csv.header = flag
            case "ignore_errors":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, tr("io.load.ignore_errors_true_false"), at: where_)
                }
                csv.ignoreErrors = flag
            case "skip":
                guard case .int(let n) = try evaluator.constant(option.expr), n >= 0 else {
                    throw MsokoError(.type, tr("io.load.skip_whole_number_lines"), at: where_)
                }
                csv.skip = Int(n)
            case "null_padding", "provenance":
                guard case .bool(let flag) = try evaluator.constant(option.expr) else {
                    throw MsokoError(.type, tr("io.load.true_false", ["name": name]), at: where_)
                }
                if name == "null_padding" { csv.nullPadding = flag } else { csv.provenance = flag }
            case "types":
                for (column, type) in try LoadOptions.types(option, evaluator: evaluator) { csv.types[column] = type }
            case _ where !LoadOptions.csvNames.contains(name) && LoadOptions.workbookNames.contains(name):
                throw MsokoError(.syntax, tr("io.load.option_xlsx_workbooks_read", ["name": name, "shown_path": shownPath]), at: option.nameRange ?? option.range,
                                 hint: tr("io.load.csv_options", ["options": csvOptions.joined(separator: ", ")]))
            default:
                throw MsokoError(.syntax, tr("io.load.unknown_load_option", ["name": name]), at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: csvOptions) ?? tr("io.load.options", ["options": csvOptions.joined(separator: ", ")]))
            }
        }
        let report: CSVReadReport
        do {
            report = try CSVReader.read(path: session.readablePath(path), options: csv)
        } catch {
            // Messages name the file as the script wrote it, never the resolved path (which
            // differs from machine to machine): the reader's error carries the path it was given.
            var placed = error.placed(at: range).showingFile([session.readablePath(path), path], as: shownPath)
            if case .missingFile = placed.kind, placed.hint == nil {
                placed.hint = Session.siblingHint(path, shown: shownPath)
            }
            throw placed
        }
        for column in csv.types.keys where report.table.index(of: column) == nil && !oneOfMany {
            throw MsokoError(.name, tr("io.load.types_names_column_that", ["column": column, "shown_path": shownPath]), at: range,
                             hint: Suggest.hint(for: column, among: report.table.names) ?? VerbArguments.columnList(report.table))
        }
        if report.skippedRows > 0 {
            var note = tr("io.load.skipped_bad_row_ignore", ["shown_path": shownPath, "skipped_rows": report.skippedRows])
            let lines = report.skippedExamples.prefix(3).map { tr("io.load.line", ["line": $0.line]) }
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
        let columns = table.names.map { "`\($0)`" }.joined(separator: ", ")
        var note: String
        switch (dataset, table.columnCount == 0) {
        case (let name?, false): note = tr("io.load.absent_optional", ["shown_path": shownPath, "dataset": name, "columns": columns])
        case (nil, false): note = tr("io.load.absent_optional.unnamed", ["shown_path": shownPath, "columns": columns])
        case (let name?, true): note = tr("io.load.absent_optional.no_columns", ["shown_path": shownPath, "dataset": name])
        case (nil, true): note = tr("io.load.absent_optional.unnamed_no_columns", ["shown_path": shownPath])
        }
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
                throw MsokoError(.syntax, tr("io.load.load_options_written_name"), at: option.range)
            }
            guard allowed.contains(name) else {
                throw MsokoError(.syntax, tr("io.load.unknown_load_option", ["name": name]), at: option.nameRange ?? option.range,
                                 hint: Suggest.hint(for: name, among: allowed) ?? tr("io.load.options", ["options": allowed.joined(separator: ", ")]))
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
            throw MsokoError(.type, tr("io.load.one_character_quotes", ["option": option]), at: range)
        }
        if allowTab, text == "tab" || text == "\\t" { text = "\t" }
        // "space" is any of the spaces Russian Excel groups digits with (U+0020, U+00A0,
        // U+202F): the number parser takes all three for a space separator.
        if option == "thousands", text == "space" || text == "\u{00A0}" || text == "\u{202F}" { text = " " }
        guard text.utf8.count == 1, let byte = text.utf8.first else {
            throw MsokoError(.type, tr("io.load.must_single_ascii_character", ["option": option, "text": text]), at: range,
                             hint: allowTab ? tr("io.load.tab_is_backslash_t") : nil)
        }
        return byte
    }
}
