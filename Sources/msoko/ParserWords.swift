import Foundation
import MsokoKit

/// ArgumentParser writes its headings and its own errors in English ("USAGE:", "Error: Unknown
/// option"); the package has no hook for another language. In a Russian run those fixed phrases
/// are replaced by the catalogue's (`cli.parser.*`) in the text it produced — only at the starts
/// of lines and in the phrases it always writes the same way, so our own texts are untouched.
enum ParserWords {
    /// (English phrase as ArgumentParser writes it, catalogue key).
    static let phrases: [(String, String)] = [
        ("OVERVIEW:", "cli.parser.overview"),
        ("USAGE:", "cli.parser.usage"),
        ("ARGUMENTS:", "cli.parser.arguments"),
        ("OPTIONS:", "cli.parser.options"),
        ("SUBCOMMANDS:", "cli.parser.subcommands"),
        ("Show help information.", "cli.parser.show_help"),
        ("Show the version.", "cli.parser.show_version"),
        ("See 'msoko help <subcommand>' for detailed help.", "cli.parser.see_subcommand_help"),
        ("Error: ", "cli.parser.error"),
        ("Usage: ", "cli.parser.usage_line"),
        ("Help: ", "cli.parser.help_line"),
        ("Unknown option", "cli.parser.unknown_option"),
        ("Missing expected argument", "cli.parser.missing_argument"),
        ("Missing value for", "cli.parser.missing_value"),
        ("(default:", "cli.parser.default"),
    ]

    static func localized(_ text: String) -> String {
        guard Language.current != .en else { return text }
        var out = text
        // "See 'msoko --help' for more information."
        while let start = out.range(of: "See '"), let end = out.range(of: "' for more information.", range: start.upperBound..<out.endIndex) {
            let command = String(out[start.upperBound..<end.lowerBound])
            out.replaceSubrange(start.lowerBound..<end.upperBound, with: tr("cli.parser.see_more", ["command": command]))
        }
        for (english, key) in phrases {
            out = out.replacingOccurrences(of: english, with: tr(key))
        }
        return out
    }
}
