import Foundation
import Testing
@testable import MsokoKit

/// The message catalogue (Sources/MsokoKit/Localization): every text in both languages with the
/// same placeholders, every key the code names present, every entry used.
@Suite struct MessageCatalogueTests {
    @Test func noKeyIsGivenTwice() {
        #expect(Messages.duplicateKeys == [])
    }

    @Test func everyMessageHasBothLanguagesWithTheSamePlaceholders() {
        for message in Messages.all {
            #expect(!message.en.isEmpty && !message.ru.isEmpty, "\(message.key): a language is empty")
            #expect(Set(Messages.placeholders(message.en)) == Set(Messages.placeholders(message.ru)),
                    "\(message.key): placeholders differ: \(Messages.placeholders(message.en)) vs \(Messages.placeholders(message.ru))")
            // Plural forms: two in English (one, other), three in Russian (one, few, many).
            for (text, forms) in [(message.en, 2), (message.ru, 3)] {
                for choice in Self.pluralChoices(text) {
                    #expect(choice.count == forms, "\(message.key): `\(choice.joined(separator: "|"))` should have \(forms) forms")
                }
            }
            // Russian text is Russian: it has Cyrillic letters unless it is only code and symbols.
            let hasLatinWords = message.en.range(of: "[A-Za-z]{3,}", options: .regularExpression) != nil
            let russian = message.ru.range(of: "\\p{Script=Cyrillic}", options: .regularExpression) != nil
            #expect(russian || !hasLatinWords || message.ru == message.en && Self.isCodeOnly(message.en),
                    "\(message.key): the Russian text has no Russian words: \(message.ru)")
        }
    }

    static func pluralChoices(_ text: String) -> [[String]] {
        var result: [[String]] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let inside = rest[rest.index(after: open)..<close]
            if let hash = inside.firstIndex(of: "#") {
                result.append(inside[inside.index(after: hash)...].split(separator: "|", omittingEmptySubsequences: false).map(String.init))
            }
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    static func isCodeOnly(_ text: String) -> Bool {
        text.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
            .range(of: "[A-Za-z]{3,}", options: .regularExpression) == nil
    }

    /// Every string literal in Sources that looks like a catalogue key (`area.name`, lower case)
    /// and stands as the first argument of `tr(` or in a `tr(… ? "a" : "b")` is in the catalogue;
    /// every catalogue key is named somewhere outside the catalogue.
    @Test func keysUsedByTheCodeAreInTheCatalogueAndEveryEntryIsUsed() throws {
        let sources = TestPaths.repository.appendingPathComponent("Sources")
        let catalogue = sources.appendingPathComponent("MsokoKit/Localization").path
        var used = Set<String>()
        var literals = Set<String>()
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        let call = try NSRegularExpression(pattern: #"\btr\(\s*([^,)]*)"#)
        let literal = try NSRegularExpression(pattern: #""([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)""#)
        for file in files where file.hasSuffix(".swift") {
            let path = sources.appendingPathComponent(file).path
            if path.hasPrefix(catalogue) { continue }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in literal.matches(in: text, range: range) {
                if let r = Range(match.range(at: 1), in: text) { literals.insert(String(text[r])) }
            }
            for match in call.matches(in: text, range: range) {
                guard let r = Range(match.range(at: 1), in: text) else { continue }
                let argument = String(text[r])
                for inner in literal.matches(in: argument, range: NSRange(argument.startIndex..., in: argument)) {
                    if let k = Range(inner.range(at: 1), in: argument) { used.insert(String(argument[k])) }
                }
            }
        }
        let known = Set(Messages.byKey.keys)
        let missing = used.subtracting(known).sorted()
        #expect(missing == [], "keys named by `tr(` but not in the catalogue")
        // Keys built at run time name their prefix as a literal (`"help.verb."`): those count as used.
        let unused = known.subtracting(literals).filter { key in !literals.contains { key.hasPrefix($0 + ".") } }.sorted()
        #expect(unused == [], "catalogue entries no code names")
    }

    @Test func placeholdersAreFilledAndPluralsFollowRussianRules() {
        let message = Message("test.files", en: "{count} {count#file|files} in {folder}", ru: "{count} {count#файл|файла|файлов} в {folder}")
        #expect(Messages.fill(message.en, ["count": 1, "folder": "x"], language: .en) == "1 file in x")
        #expect(Messages.fill(message.en, ["count": 0, "folder": "x"], language: .en) == "0 files in x")
        let russian: [(Int, String)] = [(0, "файлов"), (1, "файл"), (2, "файла"), (4, "файла"), (5, "файлов"), (11, "файлов"),
                                        (12, "файлов"), (14, "файлов"), (21, "файл"), (22, "файла"), (25, "файлов"),
                                        (101, "файл"), (111, "файлов"), (112, "файлов"), (1_002, "файла")]
        for (count, word) in russian {
            #expect(Messages.fill(message.ru, ["count": count, "folder": "x"], language: .ru) == "\(count) \(word) в x")
        }
        // A missing value leaves the placeholder visible rather than failing.
        #expect(Messages.fill("a {b} c", [:], language: .en) == "a {b} c")
        #expect(Messages.fill("to close `{`", [:], language: .en) == "to close `{`")
        #expect(Messages.fill("{n} then `{`", ["n": 2], language: .en) == "2 then `{`")
        #expect(Messages.text("no.such.key") == "no.such.key")
    }

    @Test func theLanguageComesFromTheLocaleVariablesInPOSIXOrder() {
        #expect(Language.fromEnvironment([:]) == .en)
        #expect(Language.fromEnvironment(["LANG": "ru_RU.UTF-8"]) == .ru)
        #expect(Language.fromEnvironment(["LANG": "C.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LANG": "ru_RU.UTF-8", "LC_ALL": "C"]) == .en)
        #expect(Language.fromEnvironment(["LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.KOI8-R"]) == .ru)
        #expect(Language.fromEnvironment(["LANG": "ru_RU.UTF-8", "LC_ALL": ""]) == .ru)
        #expect(Language.fromEnvironment(["LANG": "de_DE.UTF-8"]) == .en)
    }

    @Test func aTaskCanSpeakAnotherLanguageThanTheProcess() {
        let english = Language.$scoped.withValue(.en) { tr("diag.error") }
        let russian = Language.$scoped.withValue(.ru) { tr("diag.error") }
        #expect(english == "error")
        #expect(russian == "ошибка")
    }
}
