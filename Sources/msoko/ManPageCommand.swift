import ArgumentParser
import Foundation
import MsokoKit

/// `msoko --generate-man-page` (hidden; `make man` runs it): the manual page msoko(1). The
/// command-line part comes from the argument parser's own description of the commands (the JSON
/// of `--experimental-dump-help`), the language part from MsokoKit's registries (`ManPage`).
enum ManPageCommand {
    /// The fields of the argument parser's tool description that the page uses.
    struct ToolInfo: Decodable {
        struct Command: Decodable {
            var commandName: String
            var abstract: String?
            var discussion: String?
            var arguments: [Argument]?
            var subcommands: [Command]?
        }
        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }
            var kind: String
            var names: [Name]?
            var valueName: String?
            var abstract: String?
            var isOptional: Bool?
            var isRepeating: Bool?
            var shouldDisplay: Bool?
        }
        var command: Command
    }

    static func render() -> String {
        let date = BuildCommit.date.isEmpty ? "" : BuildCommit.date
        guard let data = Msoko._dumpHelp().data(using: .utf8),
              let info = try? JSONDecoder().decode(ToolInfo.self, from: data) else {
            return ManPage.render(fallback, date: date)
        }
        let root = info.command
        var options: [ManPage.Entry] = []
        for argument in root.arguments ?? [] where argument.shouldDisplay ?? true && argument.kind != "positional" {
            options.append(entry(argument))
        }
        options.append(ManPage.Entry(synopsis: "--generate-completion-script bash|zsh|fish",
                                     summary: "Print a shell completion script (packages install them)."))
        var commands: [ManPage.Entry] = []
        var synopsis = ["msoko [--format F] [--param NAME=VALUE]… [--escape-formulas WHEN] [--init FILE]",
                        "msoko -c STATEMENTS [OPTIONS]"]
        for subcommand in root.subcommands ?? [] where subcommand.commandName != "help" {
            let positional = (subcommand.arguments ?? []).filter { $0.kind == "positional" && $0.shouldDisplay ?? true }
            let words = positional.map { ($0.valueName ?? "ARG").uppercased() + (($0.isRepeating ?? false) ? "…" : "") }
            let line = (["msoko", subcommand.commandName] + words).joined(separator: " ")
            synopsis.append(line + " [OPTIONS]")
            commands.append(ManPage.Entry(synopsis: line, summary: subcommand.abstract ?? ""))
        }
        let commandLine = ManPage.CommandLine(
            name: root.commandName, version: Version.number, summary: root.abstract ?? "",
            synopsis: synopsis, description: root.discussion ?? "", commands: commands, options: options)
        return ManPage.render(commandLine, date: date)
    }

    /// `--format <format>` and its help, as the argument parser describes them.
    static func entry(_ argument: ToolInfo.Argument) -> ManPage.Entry {
        let names = (argument.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }.joined(separator: ", ")
        let value = argument.kind == "option" ? " " + (argument.valueName ?? "VALUE").uppercased() : ""
        return ManPage.Entry(synopsis: names + value, summary: argument.abstract ?? "")
    }

    /// Only if the argument parser's description cannot be read (a future version's format).
    static let fallback = ManPage.CommandLine(
        name: "msoko", version: Version.number, summary: Msoko.configuration.abstract,
        synopsis: ["msoko [OPTIONS]", "msoko -c STATEMENTS [OPTIONS]", "msoko run FILE… [OPTIONS]"],
        description: Msoko.configuration.discussion, commands: [],
        options: [ManPage.Entry(synopsis: "-h, --help", summary: "Show help for the command line.")])
}
