import Foundation
import Testing
@testable import MsokoKit

/// Help in Russian (HelpText, Catalogue/HelpRussian*.swift): every registry entry has its
/// Russian text, the code in it survives translation, and `help` speaks Russian under `.ru`.
/// The English help is checked byte for byte by the golden case `language/help` and by
/// ReferenceDocTests.
@Suite struct HelpLanguageTests {
    static let cyrillic = "\\p{Script=Cyrillic}"

    @Test func everyVerbFunctionAggregateOptionAndTopicHasARussianText() {
        let entries = HelpText.entries
        // The registries are all there: a verb, an aggregate, a function, an option, a topic.
        let keys = Set(entries.map(\.key))
        for key in ["verb.where.summary", "verb.where.details", "aggregate.median", "function.round", "loadoption.delimiter",
                    "loadoption.applies.csv", "topic.param", "topic.syntax", "command.describe"] {
            #expect(keys.contains(key), "\(key) is not among the registry's help entries")
        }
        #expect(entries.count == keys.count, "two registry entries share a key")
        for entry in entries {
            let russian = HelpText.russian[entry.key] ?? ""
            #expect(!russian.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(entry.key): no Russian text")
            #expect(russian.range(of: Self.cyrillic, options: .regularExpression) != nil || Self.codeOnly.contains(entry.key),
                    "\(entry.key): the Russian text has no Cyrillic: \(russian)")
            #expect(russian != entry.english || Self.codeOnly.contains(entry.key), "\(entry.key): the Russian text is the English one")
        }
    }

    /// Entries whose text is a name, the same in both languages.
    static let codeOnly: Set<String> = ["loadoption.applies.csv", "loadoption.applies.workbook"]

    @Test func everyRussianTextTranslatesAnEntryOfTheRegistries() {
        #expect(HelpText.duplicateKeys == [], "a key is given in two parts of the Russian help")
        let known = Set(HelpText.entries.map(\.key))
        let stale = Set(HelpText.russian.keys).subtracting(known).sorted()
        #expect(stale == [], "Russian texts for entries the registries no longer have")
    }

    /// The analogue of placeholders for help: each `code` span of the English is in the Russian,
    /// character for character (column names, keywords, examples inside a sentence).
    @Test func everyCodeSpanOfTheEnglishIsInTheRussian() {
        for entry in HelpText.entries {
            let russian = HelpText.russian[entry.key] ?? ""
            let english = Self.codeSpans(entry.english)
            let kept = Self.codeSpans(russian)
            for span in english where !kept.contains(span) {
                Issue.record("\(entry.key): `\(span)` of the English is missing from the Russian")
            }
            // The Russian adds no code of its own (a translated keyword would show up here).
            for span in kept where !english.contains(span) {
                Issue.record("\(entry.key): `\(span)` is in the Russian but not in the English")
            }
        }
    }

    static func codeSpans(_ text: String) -> [String] {
        var spans: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "`") else { break }
            spans.append(String(rest[after..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return spans
    }

    @Test func codeSpansAreFoundAsWritten() {
        #expect(Self.codeSpans("a `x` b `y == 1` c") == ["x", "y == 1"])
        #expect(Self.codeSpans("no code") == [])
        #expect(Self.codeSpans("odd `one") == [])
    }

    static func help(_ topic: String, _ language: Language) -> (out: String, err: String, ok: Bool) {
        Language.$scoped.withValue(language) { runScript("help " + topic) }
    }

    @Test func theOverviewSpeaksRussian() {
        let result = Self.help("", .ru)
        #expect(result.ok, "\(result.err)")
        let out = result.out
        for heading in ["Инструкции (", "Глаголы (`help where`, …):", "Агрегатные функции: ", "Функции: ", "Команды:", "Выражения: `help syntax`."] {
            #expect(out.contains(heading), "the Russian overview lacks «\(heading)»")
        }
        for english in ["Statements (", "Verbs (", "Aggregates:", "Commands:", "a pipeline;", "keep the rows where"] {
            #expect(!out.contains(english), "the Russian overview still says «\(english)»")
        }
        // Each verb's line: its name as written (code), then a Russian summary.
        let lines = out.split(separator: "\n").map(String.init)
        for verb in VerbRegistry.all {
            let line = lines.first { $0.hasPrefix("  " + verb.name + " ") }
            #expect(line?.range(of: Self.cyrillic, options: .regularExpression) != nil, "verb line of `\(verb.name)`: \(line ?? "missing")")
        }
        // Names of functions and aggregates are code: listed as in English.
        #expect(out.contains("quantile, min, max"))
        #expect(out.contains("regex_match"))
    }

    @Test func helpWhereSpeaksRussianAndKeepsItsCode() throws {
        let result = Self.help("where", .ru)
        #expect(result.ok, "\(result.err)")
        let out = result.out
        let verb = try #require(VerbRegistry.lookup("where"))
        #expect(out.hasPrefix("where CONDITION\n\n  "), "the syntax line is code and stays first")
        #expect(out.contains("\nПримеры:\n"))
        #expect(!out.contains("Examples:"))
        for example in verb.examples { #expect(out.contains("  " + example + "\n"), "example kept as code: \(example)") }
        for code in ["`mark >= 4`", "`and`", "`or`", "`not`", "`grade in [5, 6]`", "`journal_mark is null`"] {
            #expect(out.contains(code), "\(code) kept")
        }
        #expect(!out.contains("keep the rows"))
        #expect(out.range(of: "строк", options: .regularExpression) != nil)
        // Wrapped like the English: no line of prose wider than 96 columns.
        for line in out.split(separator: "\n") where !line.hasPrefix("  vpr") {
            #expect(DisplayWidth.of(String(line)) <= 96, "too wide: \(line)")
        }
    }

    @Test func helpLoadListsEveryOptionWithARussianText() {
        let result = Self.help("load", .ru)
        #expect(result.ok, "\(result.err)")
        #expect(result.out.contains("Параметры (`with NAME = VALUE, …`"))
        #expect(result.out.contains("\nПримеры:\n"))
        for option in LoadOptions.all {
            #expect(result.out.contains("    \(option.name) = \(option.value)   ["), "option \(option.name) listed as code")
        }
        #expect(result.out.contains("[любой файл]"))
        #expect(!result.out.contains("[any file]"))
        #expect(!result.out.contains("the field separator"))
    }

    @Test func functionsAggregatesAndTopicsSpeakRussian() {
        for topic in ["round", "median", "quantile", "param", "syntax", "let"] {
            let result = Self.help(topic, .ru)
            #expect(result.ok, "\(topic): \(result.err)")
            #expect(result.out.range(of: Self.cyrillic, options: .regularExpression) != nil, "help \(topic): \(result.out)")
        }
        let median = Self.help("median", .ru).out
        #expect(median.hasPrefix("median(x)   (агрегатная)\n"))
        #expect(median.contains("\nПример:\n  vpr | summarize median_score = median(primary_score) by school_id\n"))
        let round = Self.help("round", .ru).out
        #expect(round.hasPrefix("round(x, digits = 0)\n\n  "))
        #expect(round.contains("`digits`"))
        let syntax = Self.help("syntax", .ru).out
        #expect(syntax.contains("== != < <= > >=   and or not"), "operators are code")
        #expect(!syntax.contains("Nulls propagate"))
    }

    /// A prelude indicator: its definition is code (as written), its explanation Russian.
    @Test func aPreludeIndicatorIsExplainedInRussian() {
        let result = Self.help("sou", .ru)
        #expect(result.ok, "\(result.err)")
        #expect(result.out.hasPrefix("sou(m) = (100 * count_if(m == 5)"), "the definition is code")
        #expect(result.out.contains("`sou_na`"))
        #expect(result.out.hasSuffix("  определена в прелюдии\n"))
        #expect(!result.out.contains("every pupil who wrote"))
        // A function defined in a script keeps its own comment and names its file.
        let own = Language.$scoped.withValue(.ru) { runScript("# доля пятёрок\ndef fives(m) = pct(m == 5)\nhelp fives", name: "own.msoko") }
        #expect(own.out.contains("  доля пятёрок\n"))
        #expect(own.out.hasSuffix("  определена в own.msoko\n"), "\(own.out)")
    }

    @Test func anUnknownTopicIsReportedInRussian() {
        let result = Self.help("wherre", .ru)
        #expect(!result.ok)
        #expect(result.err.contains("справки по `wherre` нет"), "\(result.err)")
    }

    @Test func theSameTopicInEnglishIsUnchanged() {
        let english = Self.help("where", .en).out
        #expect(english.hasPrefix("where CONDITION\n\n  keep the rows where the condition holds.\n"))
        #expect(english.contains("\nExamples:\n"))
        #expect(!english.contains("Примеры"))
    }

    /// `functions` and `verbs` keep their column names (a table one may save) and give Russian
    /// summaries.
    @Test func theFunctionsAndVerbsTablesHaveRussianSummaries() {
        let verbs = Language.$scoped.withValue(.ru) { runScript("verbs", format: .csv) }
        #expect(verbs.ok, "\(verbs.err)")
        #expect(verbs.out.hasPrefix("verb,syntax,summary\n"))
        #expect(!verbs.out.contains("keep the rows where"))
        let functions = Language.$scoped.withValue(.ru) { runScript("functions", format: .csv) }
        #expect(functions.out.hasPrefix("name,kind,signature,summary\n"))
        #expect(functions.out.contains("median,агрегатная,median(x),"))
        #expect(functions.out.contains("abs,скалярная,abs(x),"))
    }
}
