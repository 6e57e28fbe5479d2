import Foundation

/// Maps the school named in a FIS OKO file — a login (`sch093101`), the district's own id, or
/// the school's full name — to the district's `school_id`, through a loaded schools table
/// (`load … with schools = "schools"`: school_id, and fisoko_login and/or school_name).
///
/// A value is matched, in this order, as a login, as a school_id, as a full name; each
/// comparison ignores case, `ё`/`е`, Latin look-alikes, quotes and runs of spaces. A text that
/// holds a known login among other words (`(sch093101) МБОУ СОШ №1`) matches that login.
struct FISOKOSchoolMap {
    private var logins: [String: String] = [:]
    private var ids: [String: String] = [:]
    private var names: [String: String] = [:]
    /// Names two schools share: matching them would be a guess.
    private var ambiguousNames: Set<String> = []
    /// The logins as the table writes them, for "did you mean".
    let knownLogins: [String]
    /// What the table offers to match by, for messages: "fisoko_login, school_id, school_name".
    let matchedBy: String
    let datasetName: String

    init(_ table: Table, datasetName: String) throws(MsokoError) {
        self.datasetName = datasetName
        guard let idColumn = table.column("school_id") else {
            throw MsokoError(.name, tr("io.fisoko.schools_table_has_column", ["dataset_name": datasetName]),
                             hint: tr("io.fisoko.schools_names_loaded_dataset"))
        }
        let loginColumn = table.column("fisoko_login")
        let nameColumn = table.column("school_name")
        guard loginColumn != nil || nameColumn != nil else {
            throw MsokoError(.name, tr("io.fisoko.schools_table_has_neither", ["dataset_name": datasetName]),
                             hint: tr("io.fisoko.add_column_fisoko_login"))
        }
        var known: [String] = []
        for row in 0..<table.rowCount {
            guard case .text(let id) = Self.text(idColumn.value(at: row)) else { continue }
            ids[Self.key(id)] = id
            if let loginColumn, case .text(let login) = Self.text(loginColumn.value(at: row)) {
                logins[Self.key(login)] = id
                known.append(login)
            }
            if let nameColumn, case .text(let name) = Self.text(nameColumn.value(at: row)) {
                let key = Self.key(name)
                if let other = names[key], other != id { ambiguousNames.insert(key) }
                names[key] = id
            }
        }
        knownLogins = known
        matchedBy = ["fisoko_login", "school_id", "school_name"].filter { table.index(of: $0) != nil }.joined(separator: ", ")
    }

    /// A cell value as trimmed text, nil when empty (ids may be ints in a CSV: `0315` stays text, `3` is 3).
    private static func text(_ value: Value) -> Value {
        switch value {
        case .null: return .null
        default:
            let text = value.plainText.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? .null : .text(text)
        }
    }

    /// The matching form of a login, id or name.
    static func key(_ text: String) -> String {
        let unquoted = text.filter { !"«»\"“”„'`".contains($0) }
        return FISOKOVocabulary.normalize(unquoted).replacingOccurrences(of: "№ ", with: "№")
    }

    /// The district's school_id for `text`, or nil when no school matches.
    func schoolID(for text: String) -> String? {
        let key = Self.key(text)
        if let id = logins[key] ?? ids[key] { return id }
        if !ambiguousNames.contains(key), let id = names[key] { return id }
        // A login among other words: `(sch093101) МБОУ СОШ №1`, `sch093101 - МБОУ …`.
        for word in key.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
            if let id = logins[String(word)] { return id }
        }
        return nil
    }

    /// The did-you-mean hint for an unknown school.
    func hint(for text: String) -> String {
        let candidates = knownLogins.isEmpty ? Array(ids.values).sorted() : knownLogins
        let suggestion = Suggest.closest(to: text.trimmingCharacters(in: .whitespaces).lowercased(), among: candidates.map { $0.lowercased() })
            .flatMap { lower in candidates.first { $0.lowercased() == lower } }
        let fix = tr("io.fisoko.add_school_column_fisoko", ["dataset_name": datasetName])
        if let suggestion { return tr("io.fisoko.did_you_mean_otherwise", ["suggestion": suggestion, "fix": fix]) }
        return fix
    }

    /// Maps a text column (one entry per output row, `rows[i]` its sheet row) to school_ids.
    /// Unknown schools are an error naming the first one's cell, or are kept as written with
    /// `ignoreErrors` (and counted in `notes`).
    func map(_ column: Column, rows: [Int], sheetColumn: Int?, sheet: String, sheets: [String]? = nil, shown: String, columnName: String,
             ignoreErrors: Bool, notes: inout [String]) throws(MsokoError) -> Column {
        var builder = StringDictionaryBuilder()
        var codes: [Int32] = []
        codes.reserveCapacity(column.count)
        var validity = Bitmap(count: 0, value: true)
        var cache: [String: String?] = [:]
        var unknown: [(text: String, row: Int, sheet: String)] = []
        for index in 0..<column.count {
            guard case .text(let text) = column.value(at: index) else {
                codes.append(0)
                validity.append(false)
                continue
            }
            let id: String?
            if let cached = cache[text] {
                id = cached
            } else {
                id = schoolID(for: text)
                cache[text] = id
                if id == nil {
                    let place = sheets.flatMap { index < $0.count ? $0[index] : nil } ?? sheet
                    unknown.append((text, index < rows.count ? rows[index] : 0, place))
                }
            }
            codes.append(builder.intern(id ?? text))
            validity.append(true)
        }
        if let first = unknown.first {
            let list = unknown.prefix(10).map { "`\($0.text)`" }.joined(separator: ", ") + (unknown.count > 10 ? tr("io.fisoko.and_more", ["value": unknown.count - 10]) : "")
            if !ignoreErrors {
                let cell = sheetColumn.map { XLSXSheetStream.columnLetters($0) + String(first.row) } ?? "row \(first.row)"
                let count = unknown.count == 1 ? "" : tr("io.fisoko.schools", ["unknown_count": unknown.count, "list": list])
                throw MsokoError(.data, tr("io.fisoko.sheet_cell_school_schools", ["sheet": first.sheet, "cell": cell, "text": first.text, "dataset_name": datasetName, "matched_by": matchedBy, "count": count]),
                                 data: DataLocation(file: shown, line: first.row, field: sheetColumn.map { $0 + 1 }, columnName: columnName),
                                 hint: hint(for: first.text))
            }
            notes.append(tr("io.fisoko.school_kept_written_ignore", ["shown": shown, "unknown_count": unknown.count, "dataset_name": datasetName, "list": list]))
        }
        return Column(.text(codes: codes, dictionary: builder.build()), validity: validity)
    }
}
