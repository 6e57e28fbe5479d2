import Foundation

/// The cases a letter needs: the addressee in the dative («Директору … Иванову И. И.»), a
/// teacher in the genitive («в классах учителя Исаевой Е. Б.»), accusative («направить учителя
/// Исаеву Е. Б.») or instrumental («закрепить за учителем Исаевой Е. Б.»).
public enum GrammaticalCase: String, CaseIterable, Sendable {
    case nominative, genitive, dative, accusative, instrumental
}

public enum Gender: String, Sendable {
    case male, female
}

/// Declension of Russian names and positions by rules kept as data (`Rules/declension/*.tsv`:
/// suffix rules and exceptions per name part and gender, the gender signs, the positions, the
/// words that set a teacher's case). The code only applies the first row that fits; what the
/// rows say is Russian grammar, carried over from the open petrovich rule set and tested on a
/// list of names (Tests/MsokoKitTests/DeclensionTests.swift).
public struct Declension: Sendable {
    /// One row: which words it fits (`kind` word/first_part/ending/adjective/noun, the gender or
    /// nil for any, the matches) and how each case changes the word.
    struct Rule: Sendable {
        var kind: String
        var gender: Gender?
        var matches: [String]
        var changes: [GrammaticalCase: String]
    }

    struct GenderSign: Sendable {
        var part: String
        var kind: String
        var matches: [String]
        var gender: Gender
    }

    var surnames: [Rule] = []
    var firstNames: [Rule] = []
    var patronymics: [Rule] = []
    var positions: [Rule] = []
    var genderSigns: [GenderSign] = []
    var contexts: [(before: String, grammaticalCase: GrammaticalCase)] = []

    static let declinedCases: [GrammaticalCase] = [.genitive, .dative, .accusative, .instrumental]

    /// Reads the rule files of `folder` (a resolved path: `…/Rules/declension`).
    public static func load(folder: String) throws(MsokoError) -> Declension {
        var rules = Declension()
        rules.surnames = try ruleFile(folder + "/surnames.tsv")
        rules.firstNames = try ruleFile(folder + "/first_names.tsv")
        rules.patronymics = try ruleFile(folder + "/patronymics.tsv")
        rules.positions = try ruleFile(folder + "/positions.tsv")
        for (line, fields) in try rows(folder + "/gender.tsv", columns: ["part", "kind", "match", "gender"]) {
            guard let gender = Gender(rawValue: fields["gender"] ?? "") else {
                throw MsokoError(.data, tr("declension.unknown_gender", ["value": fields["gender"] ?? ""]), data: DataLocation(file: folder + "/gender.tsv", line: line),
                                 hint: tr("declension.unknown_gender.hint"))
            }
            rules.genderSigns.append(GenderSign(part: fields["part"] ?? "", kind: fields["kind"] ?? "", matches: list(fields["match"]), gender: gender))
        }
        for (line, fields) in try rows(folder + "/contexts.tsv", columns: ["before", "case"]) {
            guard let grammaticalCase = GrammaticalCase(rawValue: fields["case"] ?? "") else {
                throw MsokoError(.data, tr("declension.unknown_case", ["value": fields["case"] ?? ""]), data: DataLocation(file: folder + "/contexts.tsv", line: line),
                                 hint: GrammaticalCase.allCases.map(\.rawValue).joined(separator: ", "))
            }
            rules.contexts.append((before: (fields["before"] ?? "").lowercased(), grammaticalCase: grammaticalCase))
        }
        rules.contexts.sort { $0.before.count > $1.before.count }
        return rules
    }

    /// The rules shipped with msoko (`Rules/declension`, found as templates are), or nil.
    static func shipped(session: Session) throws(MsokoError) -> Declension? {
        guard let path = session.findShipped("Rules/declension/surnames.tsv") else { return nil }
        return try load(folder: (path as NSString).deletingLastPathComponent)
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// Tab-separated rows after the header (`#` lines are comments), with their line numbers.
    static func rows(_ path: String, columns: [String]) throws(MsokoError) -> [(Int, [String: String])] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw MsokoError(.io, tr("declension.unreadable", ["path": path]))
        }
        var header: [String]?
        var out: [(Int, [String: String])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                header = fields
                for column in columns where !fields.contains(column) {
                    throw MsokoError(.data, tr("declension.no_column", ["name": column]), data: DataLocation(file: path, line: index + 1, lineText: line),
                                     hint: tr("declension.columns.hint", ["list": columns.joined(separator: ", ")]))
                }
                continue
            }
            var row: [String: String] = [:]
            for (position, name) in names.enumerated() where position < fields.count { row[name] = fields[position] }
            out.append((index + 1, row))
        }
        return out
    }

    static func ruleFile(_ path: String) throws(MsokoError) -> [Rule] {
        var rules: [Rule] = []
        let columns = ["kind", "gender", "match"] + declinedCases.map(\.rawValue)
        for (line, fields) in try rows(path, columns: columns) {
            let genderText = fields["gender"] ?? ""
            let gender = Gender(rawValue: genderText)
            guard gender != nil || genderText == "any" else {
                throw MsokoError(.data, tr("declension.unknown_gender", ["value": genderText]), data: DataLocation(file: path, line: line),
                                 hint: tr("declension.unknown_gender.hint"))
            }
            var changes: [GrammaticalCase: String] = [.nominative: "."]
            for grammaticalCase in declinedCases {
                let change = fields[grammaticalCase.rawValue] ?? ""
                guard !change.isEmpty else {
                    throw MsokoError(.data, tr("declension.no_case", ["case": grammaticalCase.rawValue]), data: DataLocation(file: path, line: line),
                                     hint: tr("declension.no_case.hint"))
                }
                changes[grammaticalCase] = change
            }
            rules.append(Rule(kind: fields["kind"] ?? "", gender: gender, matches: list(fields["match"]), changes: changes))
        }
        return rules
    }

    /// `.` leaves the word; each leading `-` drops a letter; the rest is appended.
    static func apply(_ change: String, to word: String) -> String {
        if change == "." { return word }
        let drop = change.prefix { $0 == "-" }.count
        return String(word.dropLast(drop)) + change.dropFirst(drop)
    }

    /// The first rule of `rules` that fits `word` (of a person of `gender`, nil when unknown:
    /// then only rules for any gender apply), applied for `grammaticalCase`.
    static func decline(_ word: String, _ rules: [Rule], gender: Gender?, case grammaticalCase: GrammaticalCase,
                        kinds: Set<String> = ["word", "ending"]) -> String? {
        let lower = word.lowercased()
        for rule in rules where kinds.contains(rule.kind) && (rule.gender == nil || rule.gender == gender) {
            let fits = rule.kind == "ending" || rule.kind == "adjective" || rule.kind == "noun"
                ? rule.matches.contains { lower.hasSuffix($0) && lower.count > $0.count || lower == $0 && rule.kind != "ending" }
                : rule.matches.contains(lower)
            if fits { return apply(rule.changes[grammaticalCase] ?? ".", to: word) }
        }
        return nil
    }

    /// Surname in a case: a double surname (Петров-Водкин) declines each part, except a first
    /// part that never changes (Бонч-Бруевич).
    public func surname(_ word: String, gender: Gender?, case grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return word }
        let parts = word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1 {
            return parts.enumerated().map { position, part in
                if position == 0, Self.decline(part, surnames, gender: gender, case: grammaticalCase, kinds: ["first_part"]) != nil { return part }
                return surname(part, gender: gender, case: grammaticalCase)
            }.joined(separator: "-")
        }
        return Self.decline(word, surnames, gender: gender, case: grammaticalCase) ?? word
    }

    public func firstName(_ word: String, gender: Gender?, case grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return word }
        return Self.decline(word, firstNames, gender: gender, case: grammaticalCase) ?? word
    }

    public func patronymic(_ word: String, gender: Gender?, case grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return word }
        return Self.decline(word, patronymics, gender: gender, case: grammaticalCase) ?? word
    }

    /// The person's gender: from the patronymic (and «оглы»/«кызы»), else the first name, else
    /// the surname; nil when none of them tells.
    public func gender(surname: String?, firstName: String?, patronymic: String?, suffix: String? = nil) -> Gender? {
        func sign(_ part: String, _ word: String?) -> Gender? {
            guard let word, !word.isEmpty, !isInitial(word) else { return nil }
            let lower = word.lowercased()
            for sign in genderSigns where sign.part == part {
                if sign.kind == "word" ? sign.matches.contains(lower) : sign.matches.contains(where: { lower.hasSuffix($0) && lower.count > $0.count }) {
                    return sign.gender
                }
            }
            return nil
        }
        return sign("patronymic", suffix) ?? sign("patronymic", patronymic) ?? sign("first_name", firstName)
            ?? sign("surname", surname.map { String($0.split(separator: "-").last ?? "") })
    }

    func isInitial(_ word: String) -> Bool { word.hasSuffix(".") && word.count <= 3 }

    /// A name as written (`Фамилия Имя Отчество`, `Фамилия И. О.`, `Фамилия`) split into its parts.
    struct Parts {
        var surname: String
        var first: String?
        var patronymic: String?
        var suffix: String?
    }

    func parts(_ name: String) -> Parts? {
        // «Н.В.» written without a space is two initials
        let spaced = name.replacingOccurrences(of: RussianTypography.nbsp, with: " ")
        var tokens: [String] = []
        for token in spaced.split(separator: " ") {
            var rest = String(token)
            while rest.count > 2, let dot = rest.firstIndex(of: "."), rest.index(after: dot) < rest.endIndex,
                  rest.distance(from: rest.startIndex, to: dot) == 1 {
                tokens.append(String(rest[...dot]))
                rest = String(rest[rest.index(after: dot)...])
            }
            tokens.append(rest)
        }
        guard let surname = tokens.first else { return nil }
        var parts = Parts(surname: surname)
        if tokens.count > 1 { parts.first = tokens[1] }
        if tokens.count > 2 { parts.patronymic = tokens[2] }
        if tokens.count > 3 { parts.suffix = tokens[3] }
        return parts
    }

    /// A full name in a case, every part declined: «Максимова Наталья Викторовна» →
    /// «Максимовой Натальи Викторовны»; initials stay.
    public func fullName(_ name: String, case grammaticalCase: GrammaticalCase) -> String {
        guard let parts = parts(name) else { return name }
        let gender = gender(surname: parts.surname, firstName: parts.first, patronymic: parts.patronymic, suffix: parts.suffix)
        var out = [surname(parts.surname, gender: gender, case: grammaticalCase)]
        if let first = parts.first { out.append(isInitial(first) ? first : firstName(first, gender: gender, case: grammaticalCase)) }
        if let patronymic = parts.patronymic { out.append(isInitial(patronymic) ? patronymic : self.patronymic(patronymic, gender: gender, case: grammaticalCase)) }
        if let suffix = parts.suffix { out.append(suffix) }
        return out.joined(separator: " ")
    }

    /// «Фамилия И. О.» in a case, with no-break spaces: «Максимовой Н. В.».
    public func shortName(_ name: String, case grammaticalCase: GrammaticalCase) -> String {
        guard let parts = parts(name) else { return name }
        let gender = gender(surname: parts.surname, firstName: parts.first, patronymic: parts.patronymic, suffix: parts.suffix)
        let initials = [parts.first, parts.patronymic].compactMap { $0?.first.map { "\($0)." } }
        return ([surname(parts.surname, gender: gender, case: grammaticalCase)] + initials).joined(separator: RussianTypography.nbsp)
    }

    /// «И. О. Фамилия» (the signature), with no-break spaces: «Н. В. Максимова».
    public func signatureName(_ name: String) -> String {
        guard let parts = parts(name) else { return name }
        let initials = [parts.first, parts.patronymic].compactMap { $0?.first.map { "\($0)." } }
        return (initials + [parts.surname]).joined(separator: RussianTypography.nbsp)
    }

    /// «Имя Отчество» for «Уважаемая Наталья Викторовна!», nil without both; and the gender.
    public func salutation(_ name: String) -> (String, Gender?)? {
        guard let parts = parts(name), let first = parts.first, let patronymic = parts.patronymic,
              !isInitial(first), !isInitial(patronymic) else { return nil }
        let words = [first, patronymic] + (parts.suffix.map { [$0] } ?? [])
        return (words.joined(separator: " "), gender(surname: parts.surname, firstName: first, patronymic: patronymic, suffix: parts.suffix))
    }

    /// A position in a case: «Директор» → «Директору», «Заведующий методическим кабинетом» →
    /// «Заведующему методическим кабинетом», «Руководитель РМО учителей математики» →
    /// «Руководителю РМО учителей математики».
    public func position(_ text: String, case grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for index in words.indices {
            let word = words[index]
            if word.hasSuffix(".") { break }
            if let head = Self.decline(word, positions, gender: nil, case: grammaticalCase, kinds: ["head"]) {
                words[index] = head
                break
            }
            if let adjective = Self.decline(word, positions, gender: nil, case: grammaticalCase, kinds: ["adjective"]) {
                words[index] = adjective
                continue
            }
            if let noun = Self.decline(word, positions, gender: nil, case: grammaticalCase, kinds: ["noun"]) { words[index] = noun }
            break
        }
        return words.joined(separator: " ")
    }

    /// The case a name takes after `text` (what precedes it in a sentence): the longest entry of
    /// contexts.tsv that `text` ends with; nominative when none.
    public func caseAfter(_ text: String) -> GrammaticalCase {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        return contexts.first { lower.hasSuffix($0.before) && (lower.count == $0.before.count || !(lower.dropLast($0.before.count).last?.isLetter ?? false)) }?
            .grammaticalCase ?? .nominative
    }
}
