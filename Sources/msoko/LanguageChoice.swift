import MsokoKit

/// Which language this run speaks: `--lang ru|en` (or `--lang=…`) anywhere among the arguments,
/// else the locale (LC_ALL, LC_MESSAGES, LANG). Read before ArgumentParser runs so that its help
/// and errors are already in that language; an unknown `--lang` value falls back to the locale
/// here and is reported by the parsed command.
enum LanguageChoice {
    static func resolve(arguments: [String], environment: [String: String]) -> Language {
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count {
                if let language = Language(rawValue: arguments[index + 1].lowercased()) { return language }
                break
            }
            if argument.hasPrefix("--lang=") {
                if let language = Language(rawValue: String(argument.dropFirst("--lang=".count)).lowercased()) { return language }
                break
            }
            index += 1
        }
        return Language.fromEnvironment(environment)
    }
}
