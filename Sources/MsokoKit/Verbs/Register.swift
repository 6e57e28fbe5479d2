import Foundation

/// `register "PATH" [with seed = "dataset", dialect = "excel-ru", xlsx_copy = true]` — merges
/// records into the register file.
enum RegisterVerb {
    static let spec = VerbSpec(
        name: "register",
        syntax: "register \"PATH\" [with seed = \"DATASET\", dialect = \"rfc4180\"|\"excel-ru\", xlsx_copy = true]",
        summary: "append new recommendation records to the register file, keeping what is there (and the analyst's statuses)",
        details: "Reads the register at PATH if it exists (else starts from the dataset named by `seed`, e.g. last year's register), keeps every row it has exactly as the analyst left it (status, wording, due date), and appends the input's rows whose rec_id is not there yet. Writes the contract's columns atomically (staged in batch runs, like `save`); CSV cells that a spreadsheet would run as formulas get a leading `'`. Statuses outside issued/in_progress/done/not_done are kept and reported. `dialect = \"excel-ru\"` writes the CSV the way Russian Excel opens by double-click (UTF-8 with BOM, `;`, decimal comma); the default `rfc4180` keeps the machine contract (UTF-8, `,`, `.`); either is read back. `xlsx_copy = true` also writes the register as a workbook beside the CSV (`recommendations.xlsx`: frozen header, filters) for people to open and edit; when that workbook is newer than the CSV — the analyst edited it — the next `register` reads the analyst's edits from it, and says so. Passes the merged register on; a statement ending in `register` prints nothing.",
        examples: [
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend | register \"out/recommendations.csv\" with xlsx_copy = true",
        ],
        clauses: ["with"],
        options: [
            VerbOption("seed", .dataset, "the dataset to start from when PATH does not exist yet (last year's register)"),
            VerbOption("dialect", .choice(["rfc4180", "excel-ru"]), "`excel-ru`: the CSV as Russian Excel opens it; `rfc4180` (default): the machine contract"),
            VerbOption("xlsx_copy", .bool, "also write the register as a workbook beside the CSV, and read the analyst's edits back from it"),
        ],
        effects: .writesFiles,
        arguments: Arguments.self
    ) { arguments, table, session in
        let item = arguments.path
        guard case .text(let path) = try session.evaluator.constant(item.expr), !path.isEmpty else {
            throw MsokoError(.syntax, tr("register.needs_path"), at: arguments.range, hint: tr("register.needs_path.hint"))
        }
        var seed: Table?
        var options = WriteOptions()
        var xlsxCopy = false
        for option in arguments.options {
            switch option.name {
            case "seed":
                seed = try session.dataset(try option.text(session), at: option.expr.range)
            case "dialect":
                options.excelRussian = try option.text(session) == "excel-ru"
            case "xlsx_copy":
                xlsxCopy = try option.flag(session)
            default: break  // VerbOptions.check has rejected any other name.
            }
        }
        for name in RegisterContract.columns where table.index(of: name) == nil {
            throw MsokoError(.name, tr("register.missing_column", ["name": name]), at: arguments.range)
        }
        let isWorkbook = path.lowercased().hasSuffix(".xlsx")
        let copyPath = isWorkbook || !xlsxCopy ? nil : (path as NSString).deletingPathExtension + ".xlsx"
        // The register as it is now: the file at PATH — or the workbook beside it, when the two
        // differ and the workbook is the newer: the analyst edited it (their statuses must not be
        // lost). Equal contents mean nobody edited either, whatever their times.
        func load(_ shown: String) throws -> Table? {
            let readable = session.readablePath(session.resolvePath(shown))
            guard FileManager.default.fileExists(atPath: readable) else { return nil }
            return try Loader.load(path: readable, shownPath: shown, options: [], session: session, range: item.range)
        }
        var base = try load(path) ?? seed
        if let copyPath, let copy = try load(copyPath), Self.newer(copyPath, than: path, session: session),
           base.map({ Self.cells($0) != Self.cells(copy) }) ?? true {
            base = copy
            session.sink.note(tr("register.read_edited_copy", ["copy": copyPath, "path": path]))
        }
        let merge = Register.merge(base: base, new: table)
        let data: Data
        if isWorkbook {
            data = try XLSXWriter.data(for: merge.table, sheetName: "recommendations")
        } else {
            var bytes = Data()
            if options.excelRussian { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            bytes.append(contentsOf: Array(TableWriter.render(merge.table, format: .csv, options: options, forFile: true).utf8))
            data = bytes
        }
        try session.writeFile(data, to: path)
        if let copyPath {
            try session.writeFile(try XLSXWriter.data(for: merge.table, sheetName: "recommendations"), to: copyPath)
        }
        session.noteWritten(tr("register.wrote", ["path": path + (copyPath.map { ", " + $0 } ?? ""), "rows": merge.table.rowCount,
                                                 "kept": merge.kept, "added": merge.added]))
        if !merge.unknownStatuses.isEmpty {
            session.sink.note(tr("register.unknown_statuses", ["list": merge.unknownStatuses.joined(separator: "; ")]))
        }
        return merge.table
    }

    struct Arguments: StageArguments {
        /// The register file (text; it may be a parameter).
        let path: StageItem
        /// `seed`, `dialect`, `xlsx_copy`, in the order written.
        let options: [OptionArgument]
        let range: SourceRange

        init(_ syntax: ArgumentSyntax) throws {
            guard syntax.items.count == 1, let item = syntax.items.first, item.name == nil else {
                throw MsokoError(.syntax, tr("register.needs_path"), at: syntax.range, hint: tr("register.needs_path.hint"))
            }
            path = item
            options = syntax.options
            range = syntax.range
        }
    }

    /// Whether `copy` was modified after `path` (or `path` does not exist).
    static func newer(_ copy: String, than path: String, session: Session) -> Bool {
        let manager = FileManager.default
        let copyFile = session.readablePath(session.resolvePath(copy))
        let file = session.readablePath(session.resolvePath(path))
        guard let copyDate = (try? manager.attributesOfItem(atPath: copyFile))?[.modificationDate] as? Date else { return false }
        guard let date = (try? manager.attributesOfItem(atPath: file))?[.modificationDate] as? Date else { return true }
        return copyDate > date
    }

    /// The register's cells as text, the way the CSV holds them (formula-like text escaped), to
    /// tell whether a workbook and a CSV say the same.
    static func cells(_ table: Table) -> [[String]] {
        let columns = RegisterContract.columns.map { table.column($0) }
        return (0..<table.rowCount).map { row in
            columns.map { column in
                let text = column?.value(at: row).plainText ?? ""
                return SpreadsheetSafety.needsEscape(text) ? SpreadsheetSafety.escaped(text) : text
            }
        }
    }
}
