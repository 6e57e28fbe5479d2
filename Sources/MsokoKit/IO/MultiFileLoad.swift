import Foundation

/// `load "returned/*.xlsx" as classes`, `load "protocols/" with profile = "fisoko"`: every
/// matching file read with the same options and stacked into one table by column name, with the
/// file's name in a first column `source_file` (docs/loading-many-files.md).
///
/// Which files. A glob's pattern is the last path component (`*`, `?`, `[abc]`, `[a-z]`,
/// `[!a]`); the folders before it are taken literally. A path ending in `/` is the folder: every
/// data file in it (.csv, .tsv, .tab, .txt, .xlsx, .xlsm — and .xls, so that a legacy workbook
/// is reported instead of silently missing). Neither is recursive. Hidden files (`.…`, which
/// include LibreOffice's `.~lock…#`) and Excel's lock files (`~$…`) are never read. Matching
/// ignores case (the files come from Windows, where `Школа 3.XLSX` is `*.xlsx`). Files are
/// taken in natural order: `school_2` before `school_10`.
///
/// Stacking. Columns in order of first appearance; a column a file lacks is null there; an int
/// column stacked on a double one is double; any other disagreement makes the column text in
/// every file, with a note naming the column and which files had which type.
enum MultiFileLoad {
    /// What a `load` path asks for, when it is not one file.
    struct Request {
        /// The folder, resolved.
        var folder: String
        /// The folder as the script wrote it, ending in `/` (or "" for the working folder).
        var shownFolder: String
        /// The last component's pattern; nil for "every data file in the folder".
        var pattern: String?
    }

    /// The extensions a folder load reads.
    static let dataExtensions: Set<String> = ["csv", "tsv", "tab", "txt", "xlsx", "xlsm", "xls"]

    /// Whether a path component holds a glob character.
    static func isPattern(_ component: String) -> Bool {
        component.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// nil when `shownPath` names one file (read as before): an existing regular file always is,
    /// even when its name holds `[` or `?`; a folder is read whole only when written with a
    /// trailing `/` (`load "data"` on a folder stays an error, so a slip cannot stack
    /// everything in it).
    static func request(resolved: String, shownPath: String) -> Request? {
        if case .regular = InputFile.kind(resolved) { return nil }
        if shownPath.hasSuffix("/") {
            var folder = resolved
            while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
            return Request(folder: folder, shownFolder: shownPath, pattern: nil)
        }
        let last = (shownPath as NSString).lastPathComponent
        guard isPattern(last) else { return nil }
        let folder = (resolved as NSString).deletingLastPathComponent
        let shownFolder = shownPath.contains("/") ? String(shownPath[...(shownPath.lastIndex(of: "/") ?? shownPath.startIndex)]) : ""
        return Request(folder: folder.isEmpty ? "." : folder, shownFolder: shownFolder, pattern: last)
    }

    // MARK: - Matching

    /// A glob match of one file name, by characters (not bytes) and ignoring case.
    ///
    /// Written here rather than calling Glibc's `fnmatch`: in the C locale a process starts in,
    /// `fnmatch`'s `?` and `[…]` see bytes, so `?` does not match a Cyrillic letter (two bytes in
    /// UTF-8) and `[АБ]` is a set of four bytes; it has no flag to ignore case either.
    static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name.lowercased()), glob = Array(pattern.lowercased())
        // Iterative matching with one backtrack point for the last `*` (linear for real names).
        var t = 0, g = 0
        var starGlob = -1, starText = 0
        while t < text.count {
            if g < glob.count {
                switch glob[g] {
                case "*":
                    starGlob = g
                    starText = t
                    g += 1
                    continue
                case "?":
                    t += 1; g += 1
                    continue
                case "[":
                    if let (matched, next) = bracket(glob, from: g, character: text[t]) {
                        if matched { t += 1; g = next; continue }
                    } else if text[t] == "[" {
                        t += 1; g += 1
                        continue
                    }
                default:
                    if glob[g] == text[t] { t += 1; g += 1; continue }
                }
            }
            guard starGlob >= 0 else { return false }
            g = starGlob + 1
            starText += 1
            t = starText
        }
        while g < glob.count && glob[g] == "*" { g += 1 }
        return g == glob.count
    }

    /// `[abc]`, `[a-z]`, `[!a]`/`[^a]` at `start`: whether `character` is in it and where the
    /// pattern continues; nil when the bracket is not closed (then `[` is an ordinary character).
    static func bracket(_ glob: [Character], from start: Int, character: Character) -> (Bool, Int)? {
        var i = start + 1
        var negated = false
        if i < glob.count && (glob[i] == "!" || glob[i] == "^") { negated = true; i += 1 }
        var matched = false
        var first = true
        while i < glob.count {
            if glob[i] == "]" && !first { return (matched != negated, i + 1) }
            first = false
            if i + 2 < glob.count && glob[i + 1] == "-" && glob[i + 2] != "]" {
                if glob[i] <= character && character <= glob[i + 2] { matched = true }
                i += 3
            } else {
                if glob[i] == character { matched = true }
                i += 1
            }
        }
        return nil
    }

    /// Natural order: runs of digits compare as numbers (`2` before `10`), the rest ignoring
    /// case; ties by the exact text, so the order never depends on the file system.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let x = chunks(a.lowercased()), y = chunks(b.lowercased())
        for (left, right) in zip(x, y) where left != right {
            let leftDigits = left.first?.isASCII == true && left.first?.isNumber == true
            let rightDigits = right.first?.isASCII == true && right.first?.isNumber == true
            if leftDigits && rightDigits {
                let l = left.drop { $0 == "0" }, r = right.drop { $0 == "0" }
                if l.count != r.count { return l.count < r.count }
                if l != r { return l < r }
                return left.count < right.count
            }
            return left < right
        }
        if x.count != y.count { return x.count < y.count }
        return a < b
    }

    private static func chunks(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inDigits = false
        for character in text {
            let digit = character.isASCII && character.isNumber
            if !current.isEmpty && digit != inDigits {
                result.append(current)
                current = ""
            }
            inDigits = digit
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Files that are never data: hidden ones and Office lock files.
    static func isHiddenOrTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~$")
    }

    /// The files a request reads (names relative to the folder, in natural order), the lock files
    /// skipped, and the other entries skipped (not data files, folders).
    struct Selection {
        var files: [String] = []
        var lockFiles: [String] = []
        var others: [String] = []
        /// Every visible entry of the folder, for the message when nothing matches.
        var entries: [String] = []
    }

    static func select(_ request: Request, shownPath: String) throws(MsokoError) -> Selection {
        switch InputFile.kind(request.folder) {
        case .folder: break
        case .missing:
            let shown = request.shownFolder.isEmpty ? "." : request.shownFolder
            throw MsokoError(.io, tr("io.many.no_folder", ["folder": shown]), hint: Session.siblingHint(request.folder, shown: String(shown.dropLast(shown.hasSuffix("/") ? 1 : 0))))
        default:
            throw MsokoError(.io, tr("io.many.not_a_folder", ["folder": request.shownFolder]))
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: request.folder)
        } catch {
            throw MsokoError(.io, tr("io.many.cannot_list", ["folder": request.shownFolder.isEmpty ? "." : request.shownFolder,
                                                              "reason": error.localizedDescription]))
        }
        var selection = Selection()
        for name in entries.sorted(by: naturalLess) {
            if name.hasPrefix(".") { continue }
            selection.entries.append(name)
            if let pattern = request.pattern, !matches(name, pattern: pattern) { continue }
            if name.hasPrefix("~$") { selection.lockFiles.append(name); continue }
            let full = (request.folder as NSString).appendingPathComponent(name)
            let ext = (name as NSString).pathExtension.lowercased()
            if InputFile.kind(full) == .folder || !dataExtensions.contains(ext) {
                selection.others.append(name)
                continue
            }
            selection.files.append(name)
        }
        return selection
    }

    /// The error for a pattern or folder that gives no file: what the folder holds, and a
    /// pattern that would match when the extension looks like a slip (`*.xslx`).
    static func nothingMatches(_ request: Request, selection: Selection) -> MsokoError {
        let shownFolder = request.shownFolder.isEmpty ? tr("io.many.working_folder") : "`\(request.shownFolder)`"
        let listed = selection.entries.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            + (selection.entries.count > 8 ? tr("io.many.in_all", ["count": selection.entries.count]) : "")
        let holds = selection.entries.isEmpty ? tr("io.many.folder_empty") : tr("io.many.folder_holds", ["files": listed])
        guard let pattern = request.pattern else {
            return MsokoError(.io, tr("io.many.no_data_file", ["folder": shownFolder, "holds": holds]))
        }
        var hint: String? = nil
        let patternExtension = (pattern as NSString).pathExtension
        if !patternExtension.isEmpty, !isPattern(patternExtension) {
            let extensions = Array(Set(selection.entries.map { ($0 as NSString).pathExtension }.filter { !$0.isEmpty })).sorted()
            if let better = Suggest.closest(to: patternExtension, among: extensions), better.lowercased() != patternExtension.lowercased() {
                let stem = (pattern as NSString).deletingPathExtension
                hint = tr("io.did_you_mean", ["name": "\(request.shownFolder)\(stem).\(better)"])
            }
        }
        if hint == nil, let close = Suggest.closest(to: pattern, among: selection.entries) {
            hint = tr("io.did_you_mean", ["name": request.shownFolder + close])
        }
        return MsokoError(.io, tr("io.many.no_match", ["folder": shownFolder, "pattern": pattern, "holds": holds]), hint: hint)
    }

    /// At most this many files with a problem are named one per line; the rest are counted.
    static let problemLines = 10

    /// The one line a glob or folder load says: how many files it read, of which kinds, and how
    /// many it skipped and why.
    static func summary(shownPath: String, read: Int, kinds: [(kind: String, count: Int)], lockFiles: Int, others: Int,
                        unreadable: Int) -> String {
        var line = tr("io.many.summary", ["path": shownPath, "count": read])
        if !kinds.isEmpty { line += " (" + kinds.map { "\($0.kind): \($0.count)" }.joined(separator: ", ") + ")" }
        let skipped = lockFiles + others + unreadable
        if skipped > 0 {
            var reasons: [String] = []
            if lockFiles > 0 { reasons.append(tr("io.many.skipped_lock", ["count": lockFiles])) }
            if others > 0 { reasons.append(tr("io.many.skipped_other", ["count": others])) }
            if unreadable > 0 { reasons.append(tr("io.many.skipped_broken", ["count": unreadable])) }
            line += tr("io.many.summary_skipped", ["count": skipped, "reasons": reasons.joined(separator: ", ")])
        }
        return line
    }

    // MARK: - Stacking

    /// One file's table and its name.
    struct Part {
        var name: String
        var table: Table
    }

    /// Stacks the parts by column name under a first column `source_file`; `provenance`
    /// columns (`source_sheet`, `source_row`) come next. Returns the table and the notes about
    /// columns whose types disagreed.
    static func stack(_ parts: [Part]) -> (Table, [String]) {
        var order: [String] = []
        var seen = Set<String>()
        for part in parts {
            for name in part.table.names where seen.insert(name).inserted { order.append(name) }
        }
        let provenance = ["source_sheet", "source_row"].filter { seen.contains($0) }
        order = provenance + order.filter { !provenance.contains($0) }
        let total = parts.reduce(0) { $0 + $1.table.rowCount }
        var notes: [String] = []
        var names = ["source_file"]
        var columns: [Column] = [sourceFileColumn(parts, total: total)]
        for name in order {
            var pieces = parts.map { $0.table.column(name) ?? Column(.null(count: $0.table.rowCount)) }
            var stacked = Column.concatenate(pieces)
            if stacked == nil {
                // Types that cannot share a column: text in every file, and say where each came from.
                var byType: [(DataType, [String])] = []
                for (part, piece) in zip(parts, pieces) where part.table.index(of: name) != nil && piece.type != .null {
                    if let index = byType.firstIndex(where: { $0.0 == piece.type }) { byType[index].1.append(part.name) }
                    else { byType.append((piece.type, [part.name])) }
                }
                let described = byType.map { type, files in
                    tr("io.many.type_in_files", ["type": type.rawValue, "files": files.prefix(3).joined(separator: ", ")
                        + (files.count > 3 ? tr("io.many.and_more", ["count": files.count - 3]) : "")])
                }
                let key = name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? name : "`\(name)`"
                notes.append(tr("io.many.types_disagree", ["column": name, "types": described.joined(separator: "; "),
                                                               "example": "types = {\(key): \"…\"}"]))
                pieces = pieces.map(asText)
                stacked = Column.concatenate(pieces)
            }
            names.append(name)
            columns.append(stacked ?? Column(.null(count: total)))
        }
        let unique = Table.uniqueNames(names)
        if unique != names, let clash = zip(names, unique).first(where: { $0 != $1 }) {
            notes.append(tr("io.many.source_file_clash", ["column": clash.0, "renamed": clash.1]))
        }
        return (Table(names: unique, columns: columns, rowCount: total), notes)
    }

    /// `source_file`: one dictionary entry per file, a code per row.
    static func sourceFileColumn(_ parts: [Part], total: Int) -> Column {
        var codes: [Int32] = []
        codes.reserveCapacity(total)
        for (index, part) in parts.enumerated() {
            codes.append(contentsOf: repeatElement(Int32(index), count: part.table.rowCount))
        }
        if parts.isEmpty { return Column(.text(codes: [], dictionary: StringDictionary([]))) }
        return Column(.text(codes: codes, dictionary: StringDictionary(parts.map(\.name))))
    }

    /// A column as text, as `text(x)` shows its values (only for columns whose types disagree).
    static func asText(_ column: Column) -> Column {
        if column.type == .text { return column }
        if column.type == .null { return Column(.text(codes: [Int32](repeating: 0, count: column.count), dictionary: StringDictionary([])),
                                                validity: Bitmap(count: column.count, value: false)) }
        return Column.from((0..<column.count).map { row in
            let value = column.value(at: row)
            return value.isNull ? .null : .text(value.plainText)
        })
    }
}

/// Collects the notes of the files of a glob load, to say each only once.
final class NoteCollector: OutputSink {
    let forward: OutputSink
    var notes: [String] = []
    /// What the current file was read as (`protocol export`, `task catalogue`…), when its
    /// reader says so; its one-line description is then not said for each file.
    var kind: String?

    init(forward: OutputSink) { self.forward = forward }

    func table(_ table: Table) { forward.table(table) }
    func text(_ text: String) { forward.text(text) }
    func note(_ text: String) { notes.append(text) }
}

extension Loader {
    /// The one line that says what a file was read as (`…: protocol export, sheet …: 41 pupils`):
    /// said when the file is loaded alone; in a glob or folder load the files are only counted
    /// by `kind` in the load's one line.
    static func describe(_ summary: String?, kind: String, session: Session) {
        if let collector = session.sink as? NoteCollector {
            collector.kind = kind
        } else if let summary {
            session.sink.note(summary)
        }
    }

    /// A glob or folder load: each file through `load` with the same options, then stacked.
    static func loadMany(_ request: MultiFileLoad.Request, shownPath: String, options: [StageItem], session: Session,
                         range: SourceRange, dataset: String?) throws -> Table {
        var options = options
        var optional: String? = nil
        if let index = options.firstIndex(where: { $0.name == "optional" }) {
            optional = try LoadOptions.optional(options.remove(at: index), evaluator: session.evaluator)
        }
        var ignoreErrors = false
        if let option = options.first(where: { $0.name == "ignore_errors" }),
           case .bool(let flag) = try session.evaluator.constant(option.expr) {
            ignoreErrors = flag
        }
        let selection: MultiFileLoad.Selection
        do {
            selection = try MultiFileLoad.select(request, shownPath: shownPath)
        } catch {
            // An absent folder with `optional` is an absent file; a folder that is there is not.
            if let optional, InputFile.kind(request.folder) == .missing {
                return try absentMany(shownPath: shownPath, options: options, skipped: optional, session: session, dataset: dataset)
            }
            throw error.placed(at: range)
        }
        // Problems name their files (a lock file, a file that could not be read); the files
        // read well are only counted, by kind, in one line for the whole load.
        var problems: [String] = []
        for lock in selection.lockFiles {
            problems.append(tr("io.many.lock_file", ["file": request.shownFolder + lock]))
        }
        if !selection.others.isEmpty {
            let listed = selection.others.prefix(5).joined(separator: ", ") + (selection.others.count > 5 ? ", …" : "")
            problems.append(tr("io.many.not_data_files", ["path": shownPath, "files": listed]))
        }
        if selection.files.isEmpty {
            for problem in problems { session.sink.note(problem) }
            if let optional {
                return try absentMany(shownPath: shownPath, options: options, skipped: optional, session: session, dataset: dataset)
            }
            throw MultiFileLoad.nothingMatches(request, selection: selection).placed(at: range)
        }
        // Each file's notes are collected and said once for all the files they apply to.
        let sink = session.sink
        let collector = NoteCollector(forward: sink)
        session.sink = collector
        defer { session.sink = sink }
        var parts: [MultiFileLoad.Part] = []
        var fileNotes: [(file: String, notes: [String])] = []
        var kinds: [(kind: String, count: Int)] = []
        var brokenCount = 0
        session.clearSkippedFiles(dataset: dataset ?? "")
        for name in selection.files {
            let filePath = (request.folder as NSString).appendingPathComponent(name)
            let shownFile = request.shownFolder + name
            collector.notes = []
            collector.kind = nil
            // Ctrl-C between files stops the load (the reader itself stops inside a large workbook).
            if msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted(.loading(file: shownFile)), at: range)
            }
            do {
                let table = try load(path: filePath, shownPath: shownFile, options: options, session: session, range: range,
                                     dataset: dataset, oneOfMany: true)
                parts.append(MultiFileLoad.Part(name: name, table: table))
                if let kind = collector.kind, let index = kinds.firstIndex(where: { $0.kind == kind }) { kinds[index].count += 1 } else if let kind = collector.kind { kinds.append((kind, 1)) }
            } catch let error as MsokoError {
                // A mistake in the options is the same for every file; only a file's own
                // trouble is skipped under ignore_errors.
                guard ignoreErrors, error.stage != .syntax, error.stage != .interrupted else { throw error }
                let reason = error.data.map { tr("io.many.skipped_reason_line", ["message": error.message, "line": $0.line]) } ?? error.message
                brokenCount += 1
                problems.append(tr("io.many.skipped_unreadable", ["file": shownFile, "message": reason]))
                session.addSkippedFile(dataset: dataset ?? "", file: name, reason: reason)
            }
            fileNotes.append((shownFile, collector.notes))
        }
        session.sink = sink
        sink.note(MultiFileLoad.summary(shownPath: shownPath, read: parts.count, kinds: kinds, lockFiles: selection.lockFiles.count,
                                        others: selection.others.count, unreadable: brokenCount))
        for problem in problems.prefix(MultiFileLoad.problemLines) { sink.note(problem) }
        if problems.count > MultiFileLoad.problemLines {
            sink.note(tr("io.many.more_problems", ["count": problems.count - MultiFileLoad.problemLines]))
        }
        for note in mergedNotes(fileNotes) { sink.note(note) }
        guard !parts.isEmpty else {
            throw MsokoError(.io, tr("io.many.none_readable", ["count": selection.files.count, "path": shownPath]), at: range,
                             hint: tr("io.many.none_readable.hint"))
        }
        // A column of `types` may be missing from some files (null there), not from all.
        if let option = options.first(where: { $0.name == "types" }) {
            for (column, type) in try LoadOptions.types(option, evaluator: session.evaluator)
            where !parts.contains(where: { $0.table.index(of: column) != nil }) {
                let names = parts.flatMap(\.table.names)
                throw MsokoError(.name, tr("io.many.types_column_nowhere", ["column": column, "path": shownPath]), at: range,
                                 hint: Suggest.hint(for: column, among: Array(Set(names)).sorted())
                                    ?? tr("io.many.types_column_nowhere.hint", ["column": column, "example": "types = {\(column): \"\(type.rawValue)\"}"]))
            }
        }
        let (table, notes) = MultiFileLoad.stack(parts)
        for note in notes { sink.note("\(shownPath): " + note) }
        return table
    }

    /// The files' notes, each said once: a note that differs between files only by the file's
    /// name is said once with the files it applies to; a note that begins with a count
    /// (`FILE: 3 task scores were …`) and differs between files only by that count and the name
    /// is said once with the counts added up.
    static func mergedNotes(_ fileNotes: [(file: String, notes: [String])], language: Language = Language.current) -> [String] {
        let placeholder = "\u{1}FILE\u{1}"
        var order: [String] = []
        var files: [String: [String]] = [:]
        var originals: [String: String] = [:]
        for (file, notes) in fileNotes {
            for note in notes {
                let template = note.replacingOccurrences(of: file, with: placeholder)
                if files[template] == nil { order.append(template); originals[template] = note }
                files[template, default: []].append(file)
            }
        }
        // Templates that differ only by their leading count, under one key.
        var groups: [String: [(template: String, count: Int)]] = [:]
        var groupOrder: [String] = []
        for template in order {
            var key = template
            var count: Int? = nil
            if let split = leadingCount(template, placeholder: placeholder) {
                key = split.key
                count = split.count
            }
            if groups[key] == nil { groupOrder.append(key) }
            groups[key, default: []].append((template, count ?? 0))
        }
        let position = Dictionary(fileNotes.enumerated().map { ($1.file, $0) }, uniquingKeysWith: { first, _ in first })
        func named(_ list: [String]) -> String {
            let names = list.prefix(3).joined(separator: ", ")
                + (list.count > 3 ? Messages.text("io.many.and_more", ["count": list.count - 3], language: language) : "")
            return Messages.text("io.many.files_listed", ["names": names, "count": list.count], language: language)
        }
        func single(_ template: String) -> String {
            let list = files[template] ?? []
            guard list.count > 1, template.contains(placeholder) else { return originals[template] ?? template }
            return template.replacingOccurrences(of: placeholder, with: named(list))
        }
        var result: [String] = []
        for key in groupOrder {
            let members = groups[key] ?? []
            guard members.count > 1 else {
                result += members.map { single($0.template) }
                continue
            }
            let total = members.reduce(0) { $0 + $1.count * (files[$1.template]?.count ?? 0) }
            let category = { (n: Int) in Messages.pluralForm(["one", "few", "many"], count: n, language: language) }
            // The words that go with the total: those of a file whose count takes the same form.
            guard let model = members.first(where: { category($0.count) == category(total) }),
                  let range = model.template.range(of: placeholder + ": \(model.count)") else {
                result += members.map { single($0.template) }
                continue
            }
            let list = members.flatMap { files[$0.template] ?? [] }.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }
            result.append(model.template.replacingCharacters(in: range, with: named(list) + ": \(total)"))
        }
        return result
    }

    /// `FILE: 3 task scores were …` → the count and a key for the note whatever the count: the
    /// words after the first three (those may change with the count: `1 pupil has`, `2 pupils
    /// have`); nil for a note that does not begin with a count.
    static func leadingCount(_ template: String, placeholder: String) -> (key: String, count: Int)? {
        guard template.hasPrefix(placeholder + ": ") else { return nil }
        let rest = template.dropFirst(placeholder.count + 2)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10, let count = Int(digits), rest.dropFirst(digits.count).first == " " else { return nil }
        let words = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count > 4 else { return nil }
        return (placeholder + ": \u{2} " + words.dropFirst(4).joined(separator: " "), count)
    }

    /// The empty table for an optional glob or folder with no file: `source_file` and the
    /// columns of `types`.
    static func absentMany(shownPath: String, options: [StageItem], skipped: String, session: Session,
                           dataset: String?) throws -> Table {
        var first = Table()
        first.set("source_file", Column.nulls(.text, count: 0))
        let table = try Loader.typedEmptyTable(options: options, allowed: LoadOptions.all.map(\.name), session: session, into: first)
        let columns = table.names.map { "`\($0)`" }.joined(separator: ", ")
        var note = dataset.map { tr("io.many.optional_none", ["path": shownPath, "dataset": $0, "columns": columns]) }
            ?? tr("io.many.optional_none.unnamed", ["path": shownPath, "columns": columns])
        if !skipped.isEmpty {
            note += "; " + skipped
            session.addLimitation(skipped, source: shownPath)
        }
        session.sink.note(note)
        return table
    }
}
