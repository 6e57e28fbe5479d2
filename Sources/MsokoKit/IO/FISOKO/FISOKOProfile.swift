import Foundation

/// The shapes a FIS OKO export can be read into (`load … with profile = "…"`).
public enum FISOKOProfile: String, Sendable, CaseIterable {
    /// One row per pupil: the canonical `vpr_results` columns.
    case results = "fisoko"
    /// One row per present pupil and task: the canonical `vpr_task_scores` columns.
    case tasks = "fisoko-tasks"
    /// One row per task: year, subject, grade, task, max_score, level — from the headers.
    case catalogue = "fisoko-tasks-catalogue"
    /// FIS OKO's «Статистика по отметкам»: `reference_results` rows mark2_pct … mark5_pct.
    case marks = "fisoko-marks"
    /// FIS OKO's «Выполнение заданий»: `reference_results` rows solve_rate per task.
    case completion = "fisoko-completion"

    static let names = allCases.map(\.rawValue)

    public static let resultsColumns = ["year", "subject", "grade", "school_id", "class_id", "pupil_code", "variant",
                                        "status", "primary_score", "mark", "journal_mark"]
    public static let tasksColumns = ["year", "subject", "grade", "school_id", "class_id", "pupil_code", "task", "score"]
    public static let catalogueColumns = ["year", "subject", "grade", "task", "max_score", "level"]
    /// The aggregate reports: `reference_results` with `n`; `school_id` too when school rows are kept.
    public static let referenceColumns = ["year", "subject", "grade", "scope", "indicator", "task", "value", "n"]

    /// Whether the profile reads an aggregate report rather than pupils' rows.
    var isReport: Bool { self == .marks || self == .completion }
}

/// What `load … with profile = "fisoko…"` was given besides the profile.
public struct FISOKOOptions: Sendable {
    public var profile: FISOKOProfile = .results
    public var year: Int?
    public var subject: String?
    public var grade: Int?
    /// A table in the `mark_scales` shape (year, subject, grade, mark, min_score, max_score),
    /// used to give marks when the export has no mark column (the protocol export).
    public var markScales: Table?
    public var sheet: Value?
    /// `schools = "DATASET"`: the file's school logins (or names) become the district's school_id.
    var schools: FISOKOSchoolMap?
    /// The report rows to keep (`fisoko-marks`, `fisoko-completion`); nil = russia, region, municipality.
    public var scopes: Set<String>?
    /// Cells that cannot be read (a score that is not a number) become null instead of an error.
    public var ignoreErrors = false
    /// How large the workbook may be once unpacked (as for any workbook).
    public var limits = XLSXLimits()
    public init() {}
}

/// The two layouts FIS OKO exports come in, recognised by their header row.
enum FISOKOShape: String {
    /// `логин школы | регион | номер обучающегося | код обучающегося | отметка за предыдущую
    /// четверть/триместр | пол | класс | вариант | всего баллов | балл за 1 … балл за N`.
    case protocol_ = "protocol export"
    /// «Ф1 Индивидуальные результаты»: `ОО | Муниципалитет | Название ОО | Код участника | Класс |
    /// Вариант | 1 (2б) | … | Первичный балл | Отметка | Отметка по журналу`, levels above.
    case individual = "«Ф1 Индивидуальные результаты»"

    /// The layout's name in messages.
    var label: String {
        switch self {
        case .protocol_: return tr("io.fisoko.kind_protocol")
        case .individual: return tr("io.fisoko.kind_individual")
        }
    }
}

/// The role of one column of an export.
enum FISOKOColumn: Equatable {
    case school, pupil, classID, variant, primary, mark, journal
    case task(number: String, maxScore: Double?)
    case ignored
}

/// Header and cell vocabulary of the exports.
enum FISOKOVocabulary {
    /// Lower case, `ё` → `е`, whitespace runs (no-break spaces too) → one space, trimmed; in a
    /// word that holds Cyrillic letters, Latin look-alikes (`a`, `e`, `o`, `p`, `c`, `x`, `y`,
    /// `k`, `m`, `t`, `h`, `b`) become the Cyrillic letters they pass for — exports typed by hand
    /// mix them (`Кoд учаcтника` with a Latin `o` and `c`). Words without Cyrillic stay as they are.
    static func normalize(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
            .split(whereSeparator: { $0.isWhitespace }).map(foldLookalikes).joined(separator: " ")
    }

    static let lookalikes: [Character: Character] = [
        "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "k": "к", "m": "м", "t": "т",
        "h": "н", "b": "в",
    ]

    /// A lower-case word with its Latin look-alikes made Cyrillic, if it holds any Cyrillic letter.
    static func foldLookalikes<S: StringProtocol>(_ word: S) -> String {
        guard word.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }),
              word.contains(where: { lookalikes[$0] != nil }) else { return String(word) }
        return String(word.map { lookalikes[$0] ?? $0 })
    }

    /// The shape whose key header this row holds, and that header's column.
    static func keyHeader(_ cells: [XLSXCell]) -> (FISOKOShape, Int)? {
        for cell in cells where cell.kind == .text {
            switch normalize(cell.text) {
            case "код участника": return (.individual, cell.column)
            case "код обучающегося": return (.protocol_, cell.column)
            default: continue
            }
        }
        return nil
    }

    static func role(of header: String) -> FISOKOColumn {
        let name = normalize(header)
        switch name {
        case "оо", "логин оо", "логин школы", "логин": return .school
        case "код участника", "код обучающегося": return .pupil
        case "класс": return .classID
        case "вариант": return .variant
        case "первичный балл", "всего баллов", "сумма баллов", "балл": return .primary
        case "отметка", "отметка за работу", "отметка по 5-балльной шкале": return .mark
        case "отметка по журналу", "отметка за предыдущую четверть/триместр", "отметка за предыдущую четверть",
             "отметка за предыдущий триместр":
            return .journal
        default: break
        }
        if name.hasPrefix("отметка за предыдущ") || name.hasPrefix("отметка по журнал") { return .journal }
        if name.hasPrefix("балл за ") {
            let number = String(name.dropFirst("балл за ".count)).trimmingCharacters(in: .whitespaces)
            if isTaskNumber(number) { return .task(number: number, maxScore: nil) }
        }
        return taskWithMax(name) ?? .ignored
    }

    /// `9.1 (1б)`, `3 (2 б.)`, or a bare task number `12` / `9.1`.
    static func taskWithMax(_ name: String) -> FISOKOColumn? {
        if isTaskNumber(name) { return .task(number: name, maxScore: nil) }
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else { return nil }
        let number = name[..<open].trimmingCharacters(in: .whitespaces)
        guard isTaskNumber(number) else { return nil }
        var inside = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        inside = inside.replacingOccurrences(of: " ", with: "")
        for suffix in ["баллов", "балла", "балл", "б.", "б"] where inside.hasSuffix(suffix) {
            inside.removeLast(suffix.count)
            break
        }
        let maxScore = Double(inside.replacingOccurrences(of: ",", with: "."))
        return .task(number: number, maxScore: maxScore)
    }

    /// `1`, `12`, `9.1`, `4.2.1`, `1K1`-style criteria are not in the VPR exports.
    static func isTaskNumber(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isNumber else { return false }
        return text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && !text.hasSuffix(".") && !text.contains("..")
    }

    /// Level letters in the row above the task headers (Latin look-alikes accepted).
    static func level(_ text: String) -> String? {
        switch text.trimmingCharacters(in: .whitespaces).uppercased() {
        case "Б", "B": return "Б"
        case "П": return "П"
        case "В": return "В"
        default: return nil
        }
    }

    /// The pupil did not sit the work.
    static func isAbsent(_ text: String) -> Bool {
        let name = normalize(text)
        return name.hasPrefix("отсутств") || name.hasPrefix("не явил") || name.hasPrefix("неявк")
            || ["отс", "отс.", "н/я", "н/я.", "н.я.", "н.я", "не участвовал", "не участвовала", "не писал", "не писала"].contains(name)
    }

    /// No answer: Latin X/x, Cyrillic Х/х.
    static func isNoAnswer(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed == "X" || trimmed == "x" || trimmed == "Х" || trimmed == "х"
    }

    /// The task's topic was not taught yet (`не пройд.`, `не пройдено`, `не проходили`).
    static func isNotTaught(_ text: String) -> Bool {
        let name = normalize(text)
        return name.hasPrefix("не пройд") || name.hasPrefix("не проход") || name == "н/п"
    }

    /// No journal mark (or no mark): `н/а`, `нет отметки`, `нет`, `-`, `—`, empty.
    static func isNoMark(_ text: String) -> Bool {
        let name = normalize(text)
        return name.isEmpty || ["н/а", "на", "нет отметки", "нет", "-", "—", "–", "н/о", "не аттестован", "неаттестован"].contains(name)
            || XLSXNumberText.nullTokens.contains(text.trimmingCharacters(in: .whitespaces))
    }

    static let subjects = ["Русский язык", "Математика", "Окружающий мир", "История", "Биология", "География",
                           "Обществознание", "Физика", "Химия", "Информатика", "Литература", "Английский язык",
                           "Немецкий язык", "Французский язык", "Иностранный язык"]

    /// Year, subject and grade as far as `text` (a title, a sheet name, a file name) says them.
    static func work(in text: String) -> (year: Int?, subject: String?, grade: Int?) {
        let spaced = text.replacingOccurrences(of: "_", with: " ")
        let lower = normalize(spaced)
        var year: Int?
        if let match = lower.firstMatch(of: /(20\d\d)\s*[\/\-–]\s*(20\d\d)/) {
            year = Int(match.2)   // an academic year 2024/2025: the VPR are written in its spring
        } else if let match = lower.firstMatch(of: /(?:^|[^0-9])(20\d\d)(?![0-9])/) {
            year = Int(match.1)
        }
        var subject: String?
        var subjectEnd: String.Index?
        for candidate in subjects {
            if let range = lower.range(of: normalize(candidate)) {
                if subject == nil || range.lowerBound < (subjectEnd ?? lower.endIndex) {
                    subject = candidate
                    subjectEnd = range.upperBound
                }
            }
        }
        var grade: Int?
        if let match = lower.firstMatch(of: /(?:^|[^0-9])(\d{1,2})\s*-?\s*(?:й\s+)?(?:класс|кл\b|кл\.)/) {
            grade = Int(match.1)
        } else if let match = lower.firstMatch(of: /класс\s*:?\s*(\d{1,2})(?![0-9])/) {
            grade = Int(match.1)
        } else if let end = subjectEnd, let match = lower[end...].firstMatch(of: /^[\s,.\-]*(\d{1,2})(?![0-9])/) {
            grade = Int(match.1)
        }
        if let g = grade, !(1...11).contains(g) { grade = nil }
        return (year, subject, grade)
    }
}
