import Foundation

/// One document per addressee from the recommendation records: the context the draft
/// templates read, and the files (Markdown, HTML, DOCX) written through the session.
public enum Drafts {
    public struct Addressee {
        public var level: String
        public var id: String
        public var rows: [Int]
        /// The school whose own documents these are (a school's head, its ШМО), if any.
        public var school: String?
        public var fileStem: String
    }

    /// Groups records by (addressee_level, addressee_id), in order of first appearance.
    public static func addressees(_ table: Table) -> [Addressee] {
        var order: [String] = []
        var groups: [String: Addressee] = [:]
        for row in 0..<table.rowCount {
            let level = table.column("addressee_level")?.value(at: row).plainText ?? ""
            let id = table.column("addressee_id")?.value(at: row).plainText ?? ""
            let key = level + "\u{1}" + id
            if groups[key] == nil {
                order.append(key)
                var school: String?
                if level == "school" || level == "shmo" {
                    school = String(id.split(separator: ":").first ?? "").trimmingCharacters(in: .whitespaces)
                }
                groups[key] = Addressee(level: level, id: id, rows: [], school: school, fileStem: fileStem(level: level, id: id))
            }
            groups[key]?.rows.append(row)
        }
        return order.compactMap { groups[$0] }
    }

    /// `school-S04`, `shmo-S04-ШМО_учителей_русского_языка`, `rmo-РМО_учителей_математики`.
    static func fileStem(level: String, id: String) -> String {
        let cleaned = id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "_" }.joined()
        var collapsed = ""
        for character in cleaned where !(character == "_" && collapsed.hasSuffix("_")) { collapsed.append(character) }
        return level + "-" + collapsed.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }

    /// "Максимова Наталья Викторовна" → "Максимова Н. В."
    static func shortName(_ full: String) -> String {
        let parts = full.split(separator: " ")
        guard let surname = parts.first else { return full }
        return ([String(surname)] + parts.dropFirst().compactMap { $0.first.map { "\($0)." } }).joined(separator: " ")
    }

    /// Replaces `word` where it stands alone — not inside a longer code (`T20` in `T209`) — by
    /// what `replacement` makes of the text before it (so a name can take the case the preceding words ask for).
    static func replacingWholeWord(_ word: String, in text: String, by replacement: (String) -> String) -> String {
        func isWordCharacter(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        var out = ""
        var rest = Substring(text)
        while let found = rest.range(of: word) {
            let before = found.lowerBound > rest.startIndex ? rest[rest.index(before: found.lowerBound)] : (out.last)
            let after = found.upperBound < rest.endIndex ? rest[found.upperBound] : nil
            out += rest[rest.startIndex..<found.lowerBound]
            out += (isWordCharacter(before) || isWordCharacter(after)) ? String(rest[found]) : replacement(out)
            rest = rest[found.upperBound...]
        }
        return out + rest
    }

    /// What a draft needs besides the records: the document language, the district's settings
    /// (letterhead, signer, performer, numbering), the heads of the addressees, the declension
    /// rules (Russian letters), and the position of this letter in the run (its number).
    public struct Letter {
        public var lang: String = "ru"
        public var settings = LetterSettings()
        public var heads: [String: (position: String, name: String)] = [:]
        public var declension: Declension?
        public var sequence: Int = 0
        public init() {}
    }

    /// The template context for one addressee. Teacher codes become names only when the draft is
    /// addressed to the teacher's own school (`teachers` has teacher_id, teacher_name, school_id).
    public static func context(for addressee: Addressee, records: Table, teachers: Table?, schools: Table?,
                               labels: [String: String], date: String, letter: Letter = Letter()) -> [String: Any] {
        let russian = letter.lang == "ru"
        var names: [String: String] = [:]
        if let school = addressee.school, let teachers,
           let ids = teachers.column("teacher_id"), let full = teachers.column("teacher_name"), let schoolColumn = teachers.column("school_id") {
            for row in 0..<teachers.rowCount where schoolColumn.value(at: row).plainText == school {
                names[ids.value(at: row).plainText] = full.value(at: row).plainText
            }
        }
        // Every mention of a teacher's code, wherever the rules put it («учителю T209», «в классах
        // учителя T209», «за учителем T209»), becomes the teacher's name in the case the words
        // before it ask for (Rules/declension/contexts.tsv): «Власовой Т. Н.». A letter never names
        // a teacher in one paragraph and codes them in the next.
        func named(_ text: String) -> String {
            guard !names.isEmpty else { return text }
            var out = text
            for (code, full) in names.sorted(by: { $0.key.count > $1.key.count }) where !code.isEmpty && out.contains(code) {
                out = replacingWholeWord(code, in: out) { before in
                    guard russian, let declension = letter.declension else { return shortName(full) }
                    return declension.shortName(full, case: declension.caseAfter(before))
                }
            }
            return out
        }
        func prose(_ text: String) -> String { russian ? RussianTypography.prose(named(text)) : named(text) }
        func number(_ text: String) -> String { russian ? RussianTypography.number(text) : text }
        func shownDate(_ text: String) -> String { russian ? RussianTypography.date(text) : text }
        var title = addressee.id
        var schoolName: String?
        if let school = addressee.school, let schools, let ids = schools.column("school_id"), let nameColumn = schools.column("school_name") {
            for row in 0..<schools.rowCount where ids.value(at: row).plainText == school {
                schoolName = nameColumn.value(at: row).plainText
            }
        }
        if addressee.level == "school", let schoolName { title = schoolName }
        if addressee.level == "department" { title = labels["department_title"] ?? addressee.id }
        func value(_ name: String, _ row: Int) -> String { records.column(name)?.value(at: row).plainText ?? "" }
        var items: [[String: Any]] = []
        var year = ""
        for (position, row) in addressee.rows.enumerated() {
            year = value("year", row)
            let indicator = value("indicator", row)
            var item: [String: Any] = [
                "number": position + 1,
                "rec_id": value("rec_id", row),
                "problem": prose(value("problem", row)),
                "evidence": prose(value("evidence", row)),
                "causes": prose(value("causes", row)),
                "action": prose(value("action", row)),
                "action_type": value("action_type", row),
                "action_type_label": labels["action_" + value("action_type", row)] ?? value("action_type", row),
                "responsible": prose(value("responsible", row)),
                "due": shownDate(value("due", row)),
                "due_long": russian ? RussianTypography.longDate(value("due", row)) : RussianTypography.englishLongDate(value("due", row)),
                "course_id": value("course_id", row),
                "indicator": indicator,
                "indicator_label": labels["indicator_" + indicator] ?? indicator,
                "baseline": number(value("baseline", row)),
                "target": number(value("target", row)),
                "status": value("status", row),
                "status_label": labels["status_" + value("status", row)] ?? value("status", row),
                "finding_id": value("finding_id", row),
            ]
            item["has_causes"] = !value("causes", row).isEmpty
            item["has_indicator"] = !indicator.isEmpty
            item["has_course"] = !value("course_id", row).isEmpty
            items.append(item)
        }
        var context: [String: Any] = [
            "title": russian ? RussianTypography.prose(title) : title,
            "addressee_id": addressee.id,
            "addressee_level": addressee.level,
            "addressee_label": labels["level_" + addressee.level] ?? addressee.level,
            "year": year,
            "date": date,
            "count": items.count,
            "recommendations": items,
            "named_teachers": !names.isEmpty,
        ]
        for (key, part) in LetterParts.make(for: addressee, title: title, year: year, labels: labels, letter: letter, schoolName: schoolName) {
            context[key] = part
        }
        return context
    }

    /// Labels of the levels, action types and indicators for the templates, from
    /// `labels.tsv` in the template folder (key, text).
    static func labels(folder: String, session: Session) -> [String: String] {
        guard let path = session.findShipped(folder + "/labels.tsv"), let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var labels: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            if parts.count == 2 { labels[parts[0]] = parts[1] }
        }
        return labels
    }
}
