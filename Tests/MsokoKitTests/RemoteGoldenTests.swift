import Foundation
import Testing
@testable import MsokoKit

/// Every golden case, once more with its district on PostgreSQL: the fixture tables
/// (`Tests/Golden/data/setup.msoko`) are saved to a schema of a throw-away server, the case's
/// `run "data/setup.msoko"` becomes `load "postgresql://…"` of each table with the same types,
/// and what the case prints must be its `.out` — the same answers, pushed down or not.
@Suite("Golden cases on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.available, "PostgreSQL could not be started"))
struct RemoteGoldenTests {
    static let setupLine = "run \"data/setup.msoko\""

    /// The fixture's loads: (path, dataset, `with …` text).
    static func fixtureLoads() throws -> [(path: String, name: String, options: String)] {
        let text = try String(contentsOf: TestPaths.golden.appendingPathComponent("data/setup.msoko"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
            guard line.hasPrefix("load \""), parts.count >= 3 else { return nil }
            let rest = parts[2...].joined(separator: "\"").trimmingCharacters(in: .whitespaces)
            let words = rest.split(separator: " ", maxSplits: 2).map(String.init)
            guard words.count >= 2, words[0] == "as" else { return nil }
            return (String(parts[1]), words[1], words.count > 2 ? words[2] : "")
        }
    }

    /// The fixture on the server once per process: the setup text that loads it from there.
    static let remoteSetup: Result<String, Error> = Result {
        let socket = try PostgresTestServer.server.socket
        let url = "postgresql://postgres@" + socket.replacingOccurrences(of: "/", with: "%2F") + "/postgres"
        let connection = try PGConnection(url: try PostgresTestServer.server.conninfo)
        try connection.execute("DROP SCHEMA IF EXISTS golden CASCADE; CREATE SCHEMA golden")
        let loads = try fixtureLoads()
        var upload = ""
        var setup = ""
        for load in loads {
            upload += "load \"\(load.path)\" as \(load.name) \(load.options)\n\(load.name) | save \"\(url)/golden.\(load.name)\"\n"
            setup += "load \"\(url)/golden.\(load.name)\" as \(load.name) \(load.options)\n"
        }
        let saved = runScript(upload)
        guard saved.ok else { throw MsokoError(.runtime, "upload failed: \(saved.err)") }
        return setup
    }

    /// Cases whose answer depends on what a server table does not have, with why
    /// (docs/pushdown.md, "Row order"; docs/postgresql.md).
    static let different: [String: String] = [
        // `describe` of a server's table reads its catalogue (types here and there), not its rows.
        "language/describe.msoko": "describe reads the catalogue",
        // `datasets` names where each dataset came from: the server's table, not the file.
        "language/let-def.msoko": "datasets names the server as the source",
    ]

    static var cases: [String] {
        GoldenTests.cases.filter { path in
            guard different[path] == nil else { return false }
            let url = TestPaths.golden.appendingPathComponent("cases").appendingPathComponent(path)
            guard let text = try? String(contentsOf: url, encoding: .utf8), text.contains(setupLine) else { return false }
            let err = (try? String(contentsOf: url.deletingPathExtension().appendingPathExtension("err"), encoding: .utf8)) ?? ""
            // Cases that fail are about messages (their places name the setup's lines); cases
            // that load files of their own or write files are about files.
            return !err.contains("error:") && !text.contains("load \"") && !text.contains("save ")
                && !text.contains("drafts") && !text.contains("report") && !text.contains("template")
        }
    }

    @Test func thereAreCases() { #expect(Self.cases.count >= 20) }

    @Test(arguments: cases)
    func sameAnswerOnTheServer(_ relativePath: String) throws {
        let setup = try Self.remoteSetup.get()
        let caseURL = TestPaths.golden.appendingPathComponent("cases").appendingPathComponent(relativePath)
        let (text, format, parameters) = try GoldenTests.load(caseURL)
        let remoteText = text.replacingOccurrences(of: Self.setupLine, with: setup)
        let result = runScript(remoteText, name: "cases/" + relativePath, format: format, parameters: parameters)
        let expected = (try? String(contentsOf: caseURL.deletingPathExtension().appendingPathExtension("out"), encoding: .utf8)) ?? ""
        #expect(result.ok, "\(relativePath)\n\(result.err)")
        #expect(result.out == expected, "stdout of \(relativePath) on the server")
    }
}
