import Foundation

/// One message of the catalogue: a stable key and its text in each language.
///
/// Placeholders are `{name}`; `{name#form|form|…}` chooses a word form by the number given as
/// `name` (English: one|other; Russian: one|few|many — 1 файл, 2 файла, 5 файлов), without
/// printing the number itself. Every language of an entry names the same placeholders (a test
/// checks it).
public struct Message: Sendable {
    public let key: String
    public let en: String
    public let ru: String

    public init(_ key: String, en: String, ru: String) {
        self.key = key
        self.en = en
        self.ru = ru
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .en: return en
        case .ru: return ru
        }
    }
}

/// The message catalogue: every text msoko says to a person, in English and Russian, in one
/// place (the files of `Localization/Catalogue/`). Code names a message by its key:
///
///     throw MsokoError(.name, tr("name.unknown_column", ["name": name]))
public enum Messages {
    /// Every part of the catalogue; a new part is listed here.
    static let parts: [[Message]] = [
        MessageCatalogue.general,
        MessageCatalogue.errors,
        MessageCatalogue.core,
        MessageCatalogue.io,
        MessageCatalogue.verbs,
        MessageCatalogue.reports,
        MessageCatalogue.register,
        MessageCatalogue.engine,
        MessageCatalogue.bind,
        MessageCatalogue.attach,
        MessageCatalogue.csvMapping,
        MessageCatalogue.remote,
        MessageCatalogue.help,
        MessageCatalogue.sqlCompiler,
    ]

    /// Key → message. A key given twice keeps the first; `duplicateKeys` names them for the test.
    public static let byKey: [String: Message] = {
        var table: [String: Message] = [:]
        for part in parts {
            for message in part where table[message.key] == nil { table[message.key] = message }
        }
        return table
    }()

    public static var all: [Message] { parts.flatMap { $0 } }

    public static var duplicateKeys: [String] {
        var seen = Set<String>()
        var duplicates: [String] = []
        for message in all where !seen.insert(message.key).inserted { duplicates.append(message.key) }
        return duplicates
    }

    /// The text of `key` in `language` with its placeholders filled. An unknown key shows itself
    /// (a test finds every key the code uses in the catalogue); a placeholder without a value is
    /// left as written.
    public static func text(_ key: String, _ arguments: [String: Any] = [:], language: Language = Language.current) -> String {
        guard let message = byKey[key] else { return key }
        return fill(message.text(language), arguments, language: language)
    }

    /// The placeholder names a template uses, in order of first appearance.
    public static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inside = rest[rest.index(after: open)..<close]
            let name = String(inside.prefix { $0 != "#" })
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func fill(_ template: String, _ arguments: [String: Any], language: Language) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[rest.startIndex..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]  // a lone `{` is text
                break
            }
            let inside = rest[rest.index(after: open)..<close]
            let parts = inside.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if let value = arguments[name] {
                if parts.count == 2 {
                    let forms = parts[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    out += pluralForm(forms, count: integer(value), language: language)
                } else {
                    out += "\(value)"
                }
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func integer(_ value: Any) -> Int {
        switch value {
        case let number as Int: return number
        case let number as Int64: return Int(number)
        case let number as Double: return number.isFinite && abs(number) < 1e15 ? Int(number) : 5
        default: return Int("\(value)") ?? 5
        }
    }

    /// English: one|other. Russian: one (1, 21, 101…), few (2–4, 22–24…), many (0, 5–20, 25–30…).
    public static func pluralForm(_ forms: [String], count: Int, language: Language) -> String {
        guard !forms.isEmpty else { return "" }
        let n = abs(count)
        switch language {
        case .en:
            return n == 1 ? forms[0] : forms[min(1, forms.count - 1)]
        case .ru:
            let lastTwo = n % 100, last = n % 10
            let index: Int
            if last == 1 && lastTwo != 11 { index = 0 } else if (2...4).contains(last) && !(12...14).contains(lastTwo) { index = 1 } else { index = 2 }
            return forms[min(index, forms.count - 1)]
        }
    }
}

/// The catalogue's text for `key` in the current language: `tr("io.no_file", ["path": path])`.
public func tr(_ key: String, _ arguments: [String: Any] = [:]) -> String {
    Messages.text(key, arguments)
}

/// The parts of the catalogue, one static array per area (Localization/Catalogue/*.swift).
public enum MessageCatalogue {}
