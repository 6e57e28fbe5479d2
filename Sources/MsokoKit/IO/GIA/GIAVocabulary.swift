import Foundation

/// The shapes an ОГЭ/ЕГЭ result protocol can be read into (`load … with profile = "…"`).
public enum GIAProfile: String, Sendable, CaseIterable {
    /// One row per participant: the canonical `gia_results` columns, then `variant` and `status`.
    case results = "gia"
    /// One row per participant who sat the exam and task, decoded from the answer strings.
    case tasks = "gia-tasks"

    public static let resultsColumns = ["year", "exam", "subject", "school_id", "class_id", "pupil_code",
                                        "primary_score", "mark", "test_score", "variant", "status"]
    public static let tasksColumns = ["year", "exam", "subject", "school_id", "class_id", "pupil_code",
                                      "task", "part", "score", "max_score"]
}

/// The role of one column of a protocol.
enum GIAColumn: Equatable, CaseIterable {
    case school, classID, pupil, variant, short, extended, primary, mark, testScore, status
    /// A subject per row, in protocols that hold several subjects.
    case subject

    /// How the column is called in messages (the usual header words).
    var names: String {
        switch self {
        case .school: return "«Код ОО», «ОО», «Код школы», «Школа»"
        case .classID: return "«Класс»"
        case .pupil: return "«Код участника», «Номер участника», «Код работы»"
        case .variant: return "«Вариант»"
        case .short: return "«Ответы части 1», «Задания с кратким ответом», «Краткий ответ»"
        case .extended: return "«Часть 2», «Задания с развёрнутым ответом», «Развёрнутый ответ»"
        case .primary: return "«Первичный балл», «Сумма баллов»"
        case .mark: return "«Отметка», «Оценка», «Отметка по пятибалльной шкале»"
        case .testScore: return "«Тестовый балл», «Балл по 100-балльной шкале»"
        case .status: return "«Статус», «Явка»"
        case .subject: return "«Предмет», «Учебный предмет»"
        }
    }
}

/// Header and cell words of the regional exam centres' protocols (layouts differ by region, so
/// the columns are found by their words, never by their position).
enum GIAVocabulary {
    /// A header's words normalized (`FISOKOVocabulary.normalize`), and in a header that holds
    /// Cyrillic, a word made only of Latin look-alikes is read as Cyrillic too (`Код OO` typed
    /// with Latin O's is `код оо`).
    static func header(_ text: String) -> String {
        let n = FISOKOVocabulary.normalize(text)
        guard n.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }) else { return n }
        return n.split(separator: " ").map { word in
            word.allSatisfy({ FISOKOVocabulary.lookalikes[$0] != nil }) ? String(word.map { FISOKOVocabulary.lookalikes[$0] ?? $0 }) : String(word)
        }.joined(separator: " ")
    }

    static func role(of header: String) -> GIAColumn? {
        let n = Self.header(header)
        guard !n.isEmpty else { return nil }
        if ["код оо", "оо", "код школы", "школа", "код оу", "оу", "код образовательной организации", "логин оо", "код ппэ оо"].contains(n)
            || n.hasPrefix("код оо ") || n.hasPrefix("код школы ") { return .school }
        if n == "класс" || n.hasPrefix("класс (") || n == "класс/группа" { return .classID }
        if n.hasPrefix("код участника") || n.hasPrefix("номер участника") || n.hasPrefix("код работы")
            || n == "уникальный код участника" { return .pupil }
        if n == "вариант" || n.hasPrefix("номер варианта") || n.hasPrefix("вариант (") || n == "№ варианта" { return .variant }
        if n.contains("кратк") { return .short }
        if n.contains("развернут") { return .extended }
        let part = n.hasPrefix("часть ") || n.hasPrefix("ответы части ") || n.hasPrefix("ответы на задания части ")
            || n.hasPrefix("задания части ")
        if part, n.hasSuffix(" 1") || n.contains(" 1 ") { return .short }
        if part, n.hasSuffix(" 2") || n.contains(" 2 ") { return .extended }
        if n.contains("тестовый балл") || n.contains("100-балл") || n.contains("100 балл") || n.contains("стобалл") { return .testScore }
        if n.hasPrefix("первичный балл") || n == "первичные баллы" || n == "сумма баллов" || n == "всего баллов"
            || n.hasPrefix("сумма первичных баллов") { return .primary }
        if n.hasPrefix("отметка") || n.hasPrefix("оценка") { return .mark }
        if n == "статус" || n == "явка" || n == "статус участника" { return .status }
        if n == "предмет" || n == "учебный предмет" || n == "название предмета" || n == "наименование предмета" { return .subject }
        return nil
    }

    /// `ОГЭ`/`ЕГЭ` (and `OGE`/`EGE`, `ГИА-9`/`ГИА-11`) as the canonical name.
    static func exam(named text: String) -> String? {
        switch FISOKOVocabulary.normalize(text) {
        case "огэ", "oge", "гиа-9", "гиа 9": return "ОГЭ"
        case "егэ", "ege", "гиа-11", "гиа 11": return "ЕГЭ"
        default: return nil
        }
    }

    /// The exam a title, sheet name or file name mentions.
    static func exam(in text: String) -> String? {
        let lower = FISOKOVocabulary.normalize(text.replacingOccurrences(of: "_", with: " "))
        let hasOGE = lower.firstMatch(of: /(?:^|[^а-яa-z])(огэ|oge|гиа-9)(?![а-яa-z0-9])/) != nil
        let hasEGE = lower.firstMatch(of: /(?:^|[^а-яa-z])(егэ|ege|гиа-11)(?![а-яa-z0-9])/) != nil
        if hasOGE != hasEGE { return hasOGE ? "ОГЭ" : "ЕГЭ" }
        return nil
    }

    /// A cheap test run on every cell before the words are normalized: at least three letters
    /// other than `X`/`Х` (Latin or Cyrillic, either case), so answer strings such as `++-X+Х`
    /// and numbers are passed over at once.
    static func mayHoldWord(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let letter = (0x61...0x7A).contains(v | 0x20) || (0x0400...0x04FF).contains(v)
            guard letter, v != 0x58, v != 0x78, v != 0x0425, v != 0x0445 else { continue }
            letters += 1
            if letters >= 3 { return true }
        }
        return false
    }

    /// The text without the spaces around it (cheap when there are none, as in most cells).
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The participant did not sit the exam: `отсутствовал`, `неявка`, `не явился`, `отс.`.
    static func isAbsent(_ text: String) -> Bool {
        guard mayHoldWord(text) else { return false }
        return FISOKOVocabulary.isAbsent(text) || FISOKOVocabulary.normalize(text).hasPrefix("неяв")
    }

    /// The work was annulled (the participant was removed): `удалён`, `аннулирован`.
    static func isAnnulled(_ text: String) -> Bool {
        guard mayHoldWord(text) else { return false }
        let n = FISOKOVocabulary.normalize(text)
        return n.hasPrefix("удален") || n.hasPrefix("аннулир")
    }

    /// A total or summary line under the table (`Итого`, `Всего`, `Среднее`).
    static func isTotal(_ text: String) -> Bool {
        guard mayHoldWord(text) else { return false }
        let n = FISOKOVocabulary.normalize(text)
        return n.hasPrefix("итого") || n == "всего" || n.hasPrefix("всего:") || n.hasPrefix("всего участников")
            || n.hasPrefix("среднее") || n.hasPrefix("средний балл")
    }

    /// One decoded task of an answer string.
    struct Task: Equatable {
        var score: Double?
        var maxScore: Double?
        /// A short-answer task marked `+`/`-` (maximum 1), not with digits.
        var plusMinus: Bool
    }

    /// The short-answer string, one character per task: `+` one point, `-` none (maximum 1), a
    /// digit its points (tasks worth 2 in some subjects; maximum not in the protocol), `X`/`x`/
    /// Cyrillic `Х`/`х`/`?`/`*` no answer (score null). Spaces are ignored. Another character is
    /// an error: its position and the character.
    static func decodeShort(_ text: String) -> Result<[Task], DecodeError> {
        var tasks: [Task] = []
        var position = 0
        for character in text where !character.isWhitespace {
            position += 1
            switch character {
            case "+": tasks.append(Task(score: 1, maxScore: 1, plusMinus: true))
            case "-", "−", "–": tasks.append(Task(score: 0, maxScore: 1, plusMinus: true))
            case "X", "x", "Х", "х", "?", "*": tasks.append(Task(score: nil, maxScore: nil, plusMinus: false))
            default:
                if let digit = character.wholeNumberValue, character.isASCII {
                    tasks.append(Task(score: Double(digit), maxScore: nil, plusMinus: false))
                } else {
                    return .failure(DecodeError(message: tr("io.gia.character_which_digit_x", ["position": position, "character": character])))
                }
            }
        }
        return .success(tasks)
    }

    struct DecodeError: Error { var message: String }

    /// The extended-answer string: points and, in brackets, the maximum of each task —
    /// `2(2)1(3)0(2)`; `X(2)` is no answer (score null, maximum 2). Spaces between tasks and around
    /// the brackets are allowed; a task without its bracketed maximum is an error.
    static func decodeExtended(_ text: String) -> Result<[Task], DecodeError> {
        // Over the UTF-8 bytes: a protocol of a region holds millions of these cells.
        let bytes = Array(text.utf8)
        var tasks: [Task] = []
        var index = 0
        let open = UInt8(ascii: "("), close = UInt8(ascii: ")")
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func skipSpaces() {
            while index < bytes.count {
                if isSpace(bytes[index]) { index += 1 }
                else if bytes[index] == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { index += 2 }
                else { break }
            }
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        /// A whole number of at most 6 digits, else nil.
        func number(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty, range.count <= 6 else { return nil }
            var value = 0
            for b in bytes[range] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        skipSpaces()
        while index < bytes.count {
            let number_ = tasks.count + 1
            let pointsStart = index
            while index < bytes.count, bytes[index] != open, bytes[index] != close, !isSpace(bytes[index]) { index += 1 }
            let pointsRange = pointsStart..<index
            skipSpaces()
            guard index < bytes.count, bytes[index] == open, !pointsRange.isEmpty else {
                return .failure(DecodeError(message: pointsRange.isEmpty
                    ? tr("io.gia.extended_no_points", ["number_": number_])
                    : tr("io.gia.extended_no_maximum", ["number_": number_, "value": string(pointsRange)])))
            }
            index += 1
            skipSpaces()
            let maxStart = index
            while index < bytes.count, bytes[index] != close, !isSpace(bytes[index]) { index += 1 }
            let maxRange = maxStart..<index
            skipSpaces()
            guard index < bytes.count, bytes[index] == close else {
                return .failure(DecodeError(message: index >= bytes.count
                    ? tr("io.gia.extended_unclosed_bracket", ["number_": number_, "value": string(maxRange)])
                    : tr("io.gia.extended_bad_maximum", ["number_": number_, "value": string(maxStart..<min(bytes.count, index + 1))])))
            }
            index += 1
            skipSpaces()
            guard let maxScore = number(maxRange) else {
                return .failure(DecodeError(message: tr("io.gia.extended_bad_maximum", ["number_": number_, "value": string(maxRange)])))
            }
            let points = bytes[pointsRange]
            let noAnswer = points.elementsEqual([0x58]) || points.elementsEqual([0x78]) || points.elementsEqual([0xD0, 0xA5])
                || points.elementsEqual([0xD1, 0x85]) || points.elementsEqual([0x3F]) || points.elementsEqual([0x2A])
            if noAnswer {
                tasks.append(Task(score: nil, maxScore: Double(maxScore), plusMinus: false))
            } else if let score = number(pointsRange) {
                guard score <= maxScore else {
                    return .failure(DecodeError(message: tr("io.gia.extended_over_maximum", ["number_": number_, "score": score, "max_score": maxScore])))
                }
                tasks.append(Task(score: Double(score), maxScore: Double(maxScore), plusMinus: false))
            } else {
                return .failure(DecodeError(message: tr("io.gia.extended_bad_points", ["number_": number_, "value": string(pointsRange)])))
            }
        }
        return .success(tasks)
    }
}
