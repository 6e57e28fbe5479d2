import Foundation

/// The district's settings for its letters (`Datasets/settings.csv`: key, value, comment — a
/// file the analyst edits in Excel; docs/letters.md). Every key is optional: a letter shows a
/// visible placeholder for what is missing.
public struct LetterSettings {
    /// The keys msoko reads, with what each is (docs/letters.md lists the same).
    public static let keys: [(key: String, meaning: String)] = [
        ("department_parent", "the body above the department, first line of the letterhead (optional)"),
        ("department_name", "the department's name, as on its letterhead"),
        ("department_address", "postal address"),
        ("department_phone", "phone"),
        ("department_email", "e-mail"),
        ("head_position", "the position of the department's head, who signs the letters"),
        ("head_name", "the head's full name (Фамилия Имя Отчество)"),
        ("cabinet_position", "who signs the memo to the department's own head (e.g. Заведующий методическим кабинетом)"),
        ("cabinet_name", "that person's full name"),
        ("performer_name", "the performer («Исполнитель»): full name"),
        ("performer_phone", "the performer's phone"),
        ("number_pattern", "outgoing number, {n} the letter's sequence number (01-12/{n})"),
        ("first_number", "the number the first letter of the run gets (default 1)"),
        ("letter_date", "the letters' date (2025-12-01 or 01.12.2025); empty: a blank to fill in"),
    ]

    public var values: [String: String] = [:]
    public init() {}

    /// From a table with columns `key` and `value` (other columns, such as `comment`, ignored).
    public init(table: Table) {
        guard let keys = table.column("key"), let values = table.column("value") else { return }
        for row in 0..<table.rowCount {
            let key = keys.value(at: row).plainText.trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { self.values[key] = values.value(at: row).plainText.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The value of `key`, nil when absent or empty.
    public subscript(key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// Keys of the file msoko does not know (misspelt ones, most likely).
    public var unknownKeys: [String] {
        let known = Set(Self.keys.map(\.key))
        return values.keys.filter { !known.contains($0) }.sorted()
    }
}

/// The parts of an official letter (ГОСТ Р 7.0.97-2016; DOMAIN.md «Russian official documents»)
/// for the draft templates: letterhead, outgoing number and date, addressee block (in the dative
/// in Russian), heading, salutation, signature block, «Исполнитель». What the settings do not say
/// is a bracketed placeholder from labels.tsv (`[ФИО руководителя]`), and is listed in `missing`.
public enum LetterParts {
    public static func make(for addressee: Drafts.Addressee, title: String, year: String, labels: [String: String],
                            letter: Drafts.Letter, schoolName: String? = nil) -> [String: Any] {
        let russian = letter.lang == "ru"
        let settings = letter.settings
        var missing: [String] = []
        func label(_ key: String) -> String { labels[key] ?? key }
        func setting(_ key: String, placeholder: String) -> String {
            if let value = settings[key] { return value }
            missing.append(key)
            return label(placeholder)
        }
        func typeset(_ text: String) -> String { russian ? RussianTypography.prose(text) : text }
        func declined(position: String) -> String {
            guard russian, let declension = letter.declension else { return position }
            return declension.position(position, case: .dative)
        }
        func declined(name: String) -> String {
            guard russian, let declension = letter.declension else { return name }
            return declension.shortName(name, case: .dative)
        }
        func signature(_ name: String) -> String {
            guard let declension = letter.declension else { return name }
            return declension.signatureName(name)
        }

        // Letterhead
        var letterhead: [[String: Any]] = []
        if let parent = settings["department_parent"] { letterhead.append(["text": typeset(parent)]) }
        letterhead.append(["text": typeset(setting("department_name", placeholder: "placeholder_department"))])
        var contacts: [String] = []
        if let address = settings["department_address"] { contacts.append(address) }
        if let phone = settings["department_phone"] { contacts.append(label("phone_prefix") + " " + phone) }
        if let email = settings["department_email"] { contacts.append(label("email_prefix") + " " + email) }
        if contacts.isEmpty { missing.append("department_address"); contacts.append(label("placeholder_contacts")) }

        // Outgoing number and date
        var number = label("blank_number")
        if let pattern = settings["number_pattern"] {
            let first = Int(settings["first_number"] ?? "1") ?? 1
            number = pattern.replacingOccurrences(of: "{n}", with: String(first + letter.sequence))
        } else {
            missing.append("number_pattern")
        }
        var date = label("blank_date")
        if let given = settings["letter_date"] {
            date = russian ? RussianTypography.date(given) : (RussianTypography.isoParts(given).map { String(format: "%04d-%02d-%02d", $0.0, $0.1, $0.2) } ?? given)
        } else {
            missing.append("letter_date")
        }

        // Addressee, and who signs
        let head = letter.heads[addressee.id]
        var lines: [String] = []
        var headName = head?.name ?? ""
        var signerPosition = setting("head_position", placeholder: "placeholder_position")
        var signerName = settings["head_name"].map(signature) ?? label("placeholder_signer")
        if settings["head_name"] == nil { missing.append("head_name") }
        switch addressee.level {
        case "school":
            // heads.csv gives Russian positions: an English letter says «Head of».
            let position = russian && head?.position.isEmpty == false ? head?.position ?? "" : label("head_school")
            lines = [declined(position: position) + " " + typeset(title)]
        case "shmo", "rmo":
            let association = addressee.level == "shmo"
                ? String(addressee.id.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) : addressee.id
            let position = russian && head?.position.isEmpty == false ? head?.position ?? "" : label("head_association") + " " + association
            lines = [declined(position: position)]
            if let schoolName { lines.append(typeset(schoolName)) }
        case "department":
            lines = [declined(position: signerPosition)]
            headName = settings["head_name"] ?? ""
            signerPosition = setting("cabinet_position", placeholder: "placeholder_position")
            signerName = settings["cabinet_name"].map(signature) ?? label("placeholder_signer")
            if settings["cabinet_name"] == nil { missing.append("cabinet_name") }
        default:
            lines = [label("level_" + addressee.level) + " " + typeset(title)]
        }
        if headName.isEmpty {
            lines.append(label("placeholder_head_name"))
            missing.append("head:" + addressee.id)
        } else {
            lines.append(declined(name: headName))
        }
        var salutation = ""
        if russian, let declension = letter.declension, let (words, gender) = declension.salutation(headName) {
            salutation = label(gender == .female ? "salutation_female" : "salutation_male") + " " + words + "!"
        } else if !russian, !headName.isEmpty {
            salutation = label("salutation_male") + " " + headName + ","
        }

        return [
            "letterhead": letterhead,
            "contacts": typeset(contacts.joined(separator: "; ")),
            "outgoing_number": number,
            "letter_date": date,
            "addressee_lines": lines.map { ["text": $0] },
            "heading": label("letter_heading").replacingOccurrences(of: "{year}", with: year),
            "salutation": salutation,
            "has_salutation": !salutation.isEmpty,
            "signer_position": typeset(signerPosition),
            "signer_name": signerName,
            "performer_name": settings["performer_name"].map { letter.declension?.shortName($0, case: .nominative) ?? $0 } ?? label("placeholder_performer"),
            "performer_phone": settings["performer_phone"] ?? label("placeholder_phone"),
            "missing": missing + (settings["performer_name"] == nil ? ["performer_name"] : []),
        ]
    }
}
