import Foundation

/// The conventions of a Russian document (PRODUCT.md, DOMAIN.md «Russian official documents»):
/// decimal comma, `DD.MM.YYYY` and «20 декабря 2025 г.», «ёлочки», the minus sign, no-break
/// spaces before `%`, after `№` and in «Максимова Н. В.». Used by the drafts; the report may call
/// it too. Machine files (findings.csv, recommendations.csv) never pass through here.
public enum RussianTypography {
    /// U+00A0, the no-break space.
    public static let nbsp = "\u{00A0}"
    static let nbspCharacter: Character = "\u{00A0}"

    static let genitiveMonths = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                                 "октября", "ноября", "декабря"]
    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                "October", "November", "December"]

    /// A number as a Russian text shows it: `33.9` → `33,9`, `-0.4` → `−0,4`; the digits of
    /// `value`'s shortest form are kept (round before, if fewer are wanted).
    public static func number(_ value: Double) -> String {
        number(Value.double(value).plainText)
    }

    /// The same for a number already written the machine way (`"33.9"`, `"-12"`); any other
    /// text is returned as it is.
    public static func number(_ text: String) -> String {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              body.filter({ $0 == "." }).count <= 1, body.first != ".", body.last != "." else { return text }
        return (text.hasPrefix("-") ? "\u{2212}" : "") + body.replacingOccurrences(of: ".", with: ",")
    }

    /// `2025-12-20` → `20.12.2025`; anything that is not an ISO date is returned as it is.
    public static func date(_ iso: String) -> String {
        guard let (year, month, day) = isoParts(iso) else { return iso }
        return String(format: "%02d.%02d.%04d", day, month, year)
    }

    /// `2025-12-20` → «20 декабря 2025 г.» (for prose); anything else is returned as it is.
    public static func longDate(_ iso: String) -> String {
        guard let (year, month, day) = isoParts(iso) else { return iso }
        return "\(day)" + nbsp + genitiveMonths[month - 1] + " \(year)" + nbsp + "г."
    }

    /// `2025-12-20` → `20 December 2025`, the English document's long date.
    public static func englishLongDate(_ iso: String) -> String {
        guard let (year, month, day) = isoParts(iso) else { return iso }
        return "\(day) \(englishMonths[month - 1]) \(year)"
    }

    /// Also accepts `20.12.2025` (how an analyst types a date in the settings file).
    static func isoParts(_ text: String) -> (Int, Int, Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let dotted = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        var parts: [Int]
        if iso.count == 3, iso[0].count == 4, iso[1].count == 2, iso[2].count == 2 {
            parts = iso.compactMap { Int($0) }
        } else if dotted.count == 3, dotted[0].count == 2, dotted[1].count == 2, dotted[2].count == 4 {
            parts = dotted.reversed().compactMap { Int($0) }
        } else {
            return nil
        }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// Russian conventions in a sentence composed the machine way (the register's problem,
    /// evidence and action texts). Changes only what is unambiguous:
    /// - a decimal number `33.9` → `33,9`; not codes (`Р2.3.2`, `R2025-…`, `М4.3.1`), not task
    ///   numbers (`№9.1, 9.2`, `задания 6, 7.1`), not numbers glued to letters;
    /// - a hyphen-minus before a number (`ρ = -0.4`) → the minus sign `−`;
    /// - an ISO date → `DD.MM.YYYY`;
    /// - the space before `%` and after `№` → no-break (`№4` → `№ 4`); the spaces in
    ///   «Максимова Н. В.» and «Н. В. Максимова» → no-break;
    /// - straight double quotes → «ёлочки».
    public static func prose(_ text: String) -> String {
        let characters = Array(text)
        var out: [Character] = []
        out.reserveCapacity(characters.count + 8)
        var index = 0
        var quoteOpen = false
        func isWordCharacter(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        while index < characters.count {
            let character = characters[index]
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            // An ISO date standing alone.
            if character.isASCII, character.isNumber, !isWordCharacter(previous), previous != ".", previous != "-",
               index + 10 <= characters.count {
                let candidate = String(characters[index..<index + 10])
                let after = index + 10 < characters.count ? characters[index + 10] : nil
                if isoParts(candidate) != nil, candidate.contains("-"), !isWordCharacter(after), after != "-" {
                    out.append(contentsOf: date(candidate))
                    index += 10
                    continue
                }
            }
            // A number: digits with at most one `.` followed by digits.
            if character.isASCII, character.isNumber, !isWordCharacter(previous), previous != "." {
                var end = index
                var dots = 0
                while end < characters.count, characters[end].isASCII,
                      characters[end].isNumber || (characters[end] == "." && end + 1 < characters.count && characters[end + 1].isASCII && characters[end + 1].isNumber) {
                    if characters[end] == "." { dots += 1 }
                    end += 1
                }
                let following = end < characters.count ? characters[end] : nil
                var token = Array(characters[index..<end])
                let isCode = dots > 1 || isWordCharacter(following) || previous == "-" && index >= 2 && isWordCharacter(characters[index - 2])
                if dots == 1, !isCode, !isTaskNumber(characters, start: index) {
                    token = token.map { $0 == "." ? "," : $0 }
                }
                out.append(contentsOf: token)
                index = end
                continue
            }
            // A hyphen-minus that is a sign: after a space, `(`, `=` or the start, before a digit.
            if character == "-", let next, next.isASCII, next.isNumber,
               previous == nil || previous == " " || previous == nbspCharacter || previous == "(" || previous == "[" {
                out.append("\u{2212}")
                index += 1
                continue
            }
            if character == " " {
                // before % and after №
                if next == "%" || previous == "№" { out.append(nbspCharacter); index += 1; continue }
                // «Н. В.»: between two initials, and between an initial and the surname that
                // follows (И. О. Фамилия)
                if isInitial(characters, endingAt: index - 1), let next, next.isUppercase {
                    out.append(nbspCharacter); index += 1; continue
                }
                // «Максимова Н.»: a surname before an initial
                if let previous, previous.isLetter, previous.isLowercase, startsWithInitial(characters, at: index + 1) {
                    out.append(nbspCharacter); index += 1; continue
                }
            }
            if character == "№", let next, next.isNumber {
                out.append(character); out.append(nbspCharacter); index += 1; continue
            }
            if character == "\"" {
                let opens = !quoteOpen && (previous == nil || previous == " " || previous == nbspCharacter || previous == "(" || previous == "\n")
                if opens { out.append("«"); quoteOpen = true } else if quoteOpen { out.append("»"); quoteOpen = false } else { out.append(character) }
                index += 1
                continue
            }
            out.append(character)
            index += 1
        }
        return String(out)
    }

    /// `X.` where X is one capital letter standing alone (`Н.` in «Максимова Н. В.»).
    static func isInitial(_ characters: [Character], endingAt dot: Int) -> Bool {
        guard dot >= 1, characters[dot] == ".", characters[dot - 1].isUppercase, characters[dot - 1].isLetter else { return false }
        let before = dot >= 2 ? characters[dot - 2] : nil
        return before == nil || before == " " || before == nbspCharacter || before == "(" || before == "."
    }

    static func startsWithInitial(_ characters: [Character], at index: Int) -> Bool {
        guard index + 1 < characters.count, characters[index].isUppercase, characters[index].isLetter, characters[index + 1] == "." else { return false }
        let after = index + 2 < characters.count ? characters[index + 2] : nil
        return after == nil || after == " " || after == nbspCharacter || after == "," || after == ")" || after == ";"
    }

    /// Whether the number at `start` is a task number: written after `№` or after «задание/
    /// задания/заданий…», possibly as a later item of a list (`№6, 7.1, 7.2`).
    static func isTaskNumber(_ characters: [Character], start: Int) -> Bool {
        var index = start - 1
        while index >= 0 {
            let character = characters[index]
            if character == "№" { return true }
            if (character.isASCII && character.isNumber) || character == "." || character == "," || character == " " || character == nbspCharacter {
                index -= 1
                continue
            }
            break
        }
        var word: [Character] = []
        while index >= 0, characters[index].isLetter {
            word.insert(characters[index], at: 0)
            index -= 1
        }
        return String(word).lowercased().hasPrefix("задани")
    }
}
