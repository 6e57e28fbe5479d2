/// Help's texts in the reader's language.
///
/// The registries (VerbRegistry, ScalarFunctions, AggregateFunction, LoadOptions, Help's
/// statement topics and commands) stay the one truth of what exists — names, syntax, examples —
/// and hold the English. The Russian texts live in the catalogue folder
/// (`Catalogue/HelpRussian*.swift`), keyed by the registry path of the English they translate:
///
///     verb.where.summary   verb.where.details   function.round   aggregate.median
///     loadoption.delimiter   loadoption.applies.csv   topic.load   topic.syntax   command.describe
///     prelude.quality (the comment above a prelude function's `def`, shown by `help quality`)
///
/// Syntax lines and examples are code and are never translated. A test checks that every
/// registry entry has its Russian text and that each `code` span of the English is in it.
public enum HelpText {
    /// The text of a registry entry in `language`: the English given, or the catalogue's Russian
    /// (the English when the catalogue lacks the key — the test makes that a failure).
    public static func localized(_ key: String, english: String, language: Language = Language.current) -> String {
        switch language {
        case .en: return english
        case .ru: return russian[key] ?? english
        }
    }

    /// Every part of the Russian help; a new part is listed here.
    static let russianParts: [[String: String]] = [
        MessageCatalogue.helpRussianTopics,
        MessageCatalogue.helpRussianVerbs,
        MessageCatalogue.helpRussianVerbOptions,
        MessageCatalogue.helpRussianFunctions,
        MessageCatalogue.helpRussianLoadOptions,
        MessageCatalogue.helpRussianPrelude,
    ]

    /// Key → Russian text. A key given in two parts keeps the first (`duplicateKeys` names it).
    static let russian: [String: String] = {
        var table: [String: String] = [:]
        for part in russianParts {
            for (key, text) in part where table[key] == nil { table[key] = text }
        }
        return table
    }()

    static var duplicateKeys: [String] {
        var seen = Set<String>()
        var duplicates: [String] = []
        for part in russianParts {
            for key in part.keys where !seen.insert(key).inserted { duplicates.append(key) }
        }
        return duplicates.sorted()
    }

    /// Every help text the registries hold, as (key, English): what must have a Russian text.
    static var entries: [(key: String, english: String)] {
        var out: [(String, String)] = []
        for statement in Help.statementTopics { out.append((Key.topic(statement.0), statement.2)) }
        out.append((Key.topic("syntax"), Help.syntaxEnglish))
        for (name, summary) in Help.commandHelp { out.append((Key.command(name), summary)) }
        for verb in VerbRegistry.all {
            out.append((Key.verbSummary(verb.name), verb.summary))
            if !verb.details.isEmpty { out.append((Key.verbDetails(verb.name), verb.details)) }
            for option in verb.options { out.append((Key.verbOption(verb.name, option.name), option.summary)) }
        }
        for aggregate in AggregateFunction.allCases { out.append((Key.aggregate(aggregate), aggregate.summary)) }
        for function in ScalarFunctions.all { out.append((Key.function(function.name), function.summary)) }
        for option in LoadOptions.all { out.append((Key.loadOption(option.name), option.summary)) }
        for applies in LoadOption.Applies.allCases { out.append((Key.applies(applies), applies.rawValue)) }
        for (name, lines) in Help.preludeComments { out.append((Key.prelude(name), lines.joined(separator: "\n"))) }
        return out
    }

    /// The registry paths, built in one place.
    enum Key {
        static func topic(_ name: String) -> String { "topic." + name }
        /// `describe NAME` → `command.describe`.
        static func command(_ usage: String) -> String { "command." + (usage.split(separator: " ").first.map(String.init) ?? usage) }
        static func verbSummary(_ name: String) -> String { "verb.\(name).summary" }
        static func verbDetails(_ name: String) -> String { "verb.\(name).details" }
        static func verbOption(_ verb: String, _ option: String) -> String { "verb.\(verb).option.\(option)" }
        static func aggregate(_ aggregate: AggregateFunction) -> String { "aggregate." + aggregate.rawValue }
        static func function(_ name: String) -> String { "function." + name }
        static func loadOption(_ name: String) -> String { "loadoption." + name }
        static func applies(_ applies: LoadOption.Applies) -> String { "loadoption.applies.\(applies)" }
        /// The `#` lines above a prelude function's `def`, joined by newlines.
        static func prelude(_ name: String) -> String { "prelude." + name }
    }
}

extension VerbSpec {
    /// The one-line help in the current language.
    var localizedSummary: String { HelpText.localized(HelpText.Key.verbSummary(name), english: summary) }
    /// The longer notes in the current language ("" when the verb has none).
    var localizedDetails: String {
        details.isEmpty ? "" : HelpText.localized(HelpText.Key.verbDetails(name), english: details)
    }
}

extension VerbOption {
    /// The option's one-line help in the current language.
    func localizedSummary(verb: String) -> String {
        HelpText.localized(HelpText.Key.verbOption(verb, name), english: summary)
    }
}

extension AggregateFunction {
    var localizedSummary: String { HelpText.localized(HelpText.Key.aggregate(self), english: summary) }
}

extension ScalarFunction {
    var localizedSummary: String { HelpText.localized(HelpText.Key.function(name), english: summary) }
}

extension LoadOption {
    var localizedSummary: String { HelpText.localized(HelpText.Key.loadOption(name), english: summary) }
}

extension LoadOption.Applies {
    var localizedName: String { HelpText.localized(HelpText.Key.applies(self), english: rawValue) }
}
