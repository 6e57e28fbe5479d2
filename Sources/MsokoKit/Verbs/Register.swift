import Foundation

/// `register "PATH" [with seed = "dataset"]` — merges records into the register file.
enum RegisterVerb {
    static let spec = VerbSpec(
        name: "register",
        syntax: "register \"PATH\" [with seed = \"DATASET\"]",
        summary: "append new recommendation records to the register file, keeping what is there (and the analyst's statuses)",
        details: "Reads the register at PATH if it exists (else starts from the dataset named by `seed`, e.g. last year's register), keeps every row it has exactly as the analyst left it (status, wording, due date), and appends the input's rows whose rec_id is not there yet. Writes the contract's columns atomically (staged in batch runs, like `save`); CSV cells that a spreadsheet would run as formulas get a leading `'`. Statuses outside issued/in_progress/done/not_done are kept and reported. Passes the merged register on; a statement ending in `register` prints nothing.",
        examples: [
            "vpr | where status == \"present\" | summarize value = round(mark_pct(mark, 2), 1), n = count() by year, school_id | derive finding_id = \"F\" + text(year) + \"-low_results-\" + school_id, kind = \"low_results\", scope = \"school\", indicator = \"mark2_pct\", reference = 10 | recommend | register \"out/recommendations.csv\"",
        ],
        quiet: true
    ) { stage, table, session in
        try VerbArguments.noClauses(stage, except: ["with"])
        guard stage.items.count == 1, let item = stage.items.first, item.name == nil,
              case .text(let path) = try session.evaluator.constant(item.expr), !path.isEmpty else {
            throw MsokoError(.syntax, "`register` takes the register's file path", at: stage.range,
                             hint: "for example `| register $out + \"/recommendations.csv\"`")
        }
        var seed: Table?
        for option in stage.clause("with")?.items ?? [] {
            switch option.name {
            case "seed":
                let name = try session.evaluator.constant(option.expr).plainText
                seed = try session.dataset(name, at: option.expr.range)
            default:
                throw MsokoError(.syntax, "unknown option `\(option.name ?? option.expr.sourceText)` for `register`", at: option.range,
                                 hint: "options: `seed = \"DATASET\"`")
            }
        }
        for name in RegisterContract.columns where table.index(of: name) == nil {
            throw MsokoError(.name, "the input has no column `\(name)`: `register` takes the output of `recommend`", at: stage.range)
        }
        let resolved = session.resolvePath(path)
        let readable = session.readablePath(resolved)
        var base = seed
        if FileManager.default.fileExists(atPath: readable) {
            base = try Loader.load(path: readable, shownPath: path, options: [], session: session, range: item.range)
        }
        let merge = Register.merge(base: base, new: table)
        let data: Data
        if path.lowercased().hasSuffix(".xlsx") {
            data = try XLSXWriter.data(for: merge.table, sheetName: "recommendations")
        } else {
            data = Data(TableWriter.render(merge.table, format: .csv, forFile: true).utf8)
        }
        try session.writeFile(data, to: path)
        session.noteWritten("wrote \(path) (\(merge.table.rowCount) rows: \(merge.kept) kept, \(merge.added) new)")
        if !merge.unknownStatuses.isEmpty {
            session.sink.note("register: statuses other than issued, in_progress, done, not_done kept as written: " + merge.unknownStatuses.joined(separator: "; "))
        }
        return merge.table
    }
}
