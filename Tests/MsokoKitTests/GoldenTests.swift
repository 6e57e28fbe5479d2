import Foundation
import Testing
@testable import MsokoKit

/// The main suite: every `Tests/Golden/cases/**/NAME.msoko` runs in a fresh session (working
/// folder `Tests/Golden`); its stdout must equal `NAME.out` and its stderr (notes and errors with
/// carets) `NAME.err`; a case with a `.err` file containing `error:` must fail, others must succeed.
/// Directives in the first lines: `# format: csv`, `# param: name=value`.
/// A case that writes to stderr runs once more in Russian against `NAME.err.ru`.
/// `MSOKO_RECORD=1 swift test --filter Golden` rewrites the expectations; review them with `git diff`.
@Suite struct GoldenTests {
    static var cases: [String] {
        let root = TestPaths.golden.appendingPathComponent("cases")
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".msoko") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 20, "golden cases are missing from \(TestPaths.golden.path)")
    }

    @Test(arguments: cases)
    func golden(_ relativePath: String) throws {
        let caseURL = TestPaths.golden.appendingPathComponent("cases").appendingPathComponent(relativePath)
        let (text, format, parameters) = try Self.load(caseURL)
        let result = runScript(text, name: "cases/" + relativePath, format: format, parameters: parameters)
        let base = caseURL.deletingPathExtension()
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        let recording = ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1"
        if recording {
            try write(result.out, to: outURL)
            try write(result.err, to: errURL)
        } else {
            let expectedOut = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let expectedErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            #expect(result.out == expectedOut, "stdout of \(relativePath)")
            #expect(result.err == expectedErr, "stderr of \(relativePath)")
            #expect(result.ok == !expectedErr.contains("error:"), "exit of \(relativePath)")
        }
        try checkRussian(relativePath, caseURL, text: text, format: format, parameters: parameters,
                         englishErr: recording ? result.err : (try? String(contentsOf: errURL, encoding: .utf8)) ?? "", recording: recording)
    }

    /// The same case in Russian, for what it says on stderr (errors, notes, warnings): a case
    /// with a `NAME.err` also has `NAME.err.ru`, what an analyst with a Russian locale reads.
    /// Recorded and reviewed like the English files; the run must end the same way. Run after the
    /// English run of the same case, not beside it: cases that save files share their folder.
    func checkRussian(_ relativePath: String, _ caseURL: URL, text: String, format: OutputFormat,
                      parameters: [String: String], englishErr: String, recording: Bool) throws {
        let russianURL = caseURL.deletingPathExtension().appendingPathExtension("err").appendingPathExtension("ru")
        guard !englishErr.isEmpty else {
            if recording { try? FileManager.default.removeItem(at: russianURL) }
            #expect(!FileManager.default.fileExists(atPath: russianURL.path), "\(relativePath): a Russian expectation without an English one")
            return
        }
        let result = Language.$scoped.withValue(.ru) {
            runScript(text, name: "cases/" + relativePath, format: format, parameters: parameters)
        }
        if recording {
            try write(result.err, to: russianURL)
            return
        }
        let expected = (try? String(contentsOf: russianURL, encoding: .utf8)) ?? ""
        #expect(result.err == expected, "Russian stderr of \(relativePath)")
        #expect(result.ok == !englishErr.contains("error:"), "exit of \(relativePath) in Russian")
        #expect(!result.err.contains(" error:"), "\(relativePath): an English label in the Russian run")
    }

    /// A case's script and its directives (`# format: csv`, `# param: name=value`).
    static func load(_ caseURL: URL) throws -> (String, OutputFormat, [String: String]) {
        let text = try String(contentsOf: caseURL, encoding: .utf8)
        var format = OutputFormat.table
        var parameters: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(5) {
            if line.hasPrefix("# format: "), let f = OutputFormat(rawValue: String(line.dropFirst(10))) { format = f }
            if line.hasPrefix("# param: ") {
                let pair = line.dropFirst(9).split(separator: "=", maxSplits: 1)
                if pair.count == 2 { parameters[String(pair[0])] = String(pair[1]) }
            }
        }
        return (text, format, parameters)
    }

    func write(_ text: String, to url: URL) throws {
        if text.isEmpty {
            try? FileManager.default.removeItem(at: url)
        } else {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
