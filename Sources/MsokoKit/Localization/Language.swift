import Foundation

/// The language people read: messages, notes, help, errors. Keywords of the query language,
/// column names and codes never change with it.
///
/// Chosen once per process (`--lang`, else the POSIX locale variables LC_ALL, LC_MESSAGES,
/// LANG in that order of precedence); a task may override it for what it runs (the tests run
/// the same script in both languages side by side).
public enum Language: String, Sendable, CaseIterable {
    case en, ru

    /// `LANG=ru_RU.UTF-8` → .ru; `C`, `POSIX`, `en_US.UTF-8`, unset → .en. The first of
    /// LC_ALL, LC_MESSAGES, LANG that is set and non-empty decides (POSIX precedence).
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return Language(localeName: value) ?? .en
            }
        }
        return .en
    }

    /// `ru`, `ru_RU`, `ru_RU.UTF-8`, `russian`, `en`, `en_GB.UTF-8`… — nil for what names neither.
    public init?(localeName: String) {
        let lowered = localeName.lowercased()
        if lowered.hasPrefix("ru") { self = .ru; return }
        if lowered.hasPrefix("en") || lowered == "c" || lowered == "posix" || lowered.hasPrefix("c.") { self = .en; return }
        return nil
    }

    /// The language of this process, set by the executable before anything runs.
    nonisolated(unsafe) private static var processLanguage: Language = .en
    /// An override for the work of one task (tests; nested runs).
    @TaskLocal public static var scoped: Language?

    public static var current: Language { scoped ?? processLanguage }

    /// Called once by the executable, before any thread starts.
    public static func setProcessLanguage(_ language: Language) { processLanguage = language }
}
