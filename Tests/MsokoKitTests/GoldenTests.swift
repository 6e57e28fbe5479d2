import Foundation
import Testing
@testable import MsokoKit

/// The main suite: every `Tests/Golden/cases/**/NAME.msoko` runs in a fresh session (working
/// folder `Tests/Golden`); its stdout must equal `NAME.out` and its stderr (notes and errors with
/// carets) `NAME.err`; a case with a `.err` file containing `error:` must fail, others must succeed.
/// Directives in the first lines: `# format: csv`, `# param: name=value`.
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
        let result = runScript(text, name: "cases/" + relativePath, format: format, parameters: parameters)
        let base = caseURL.deletingPathExtension()
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        if ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1" {
            try write(result.out, to: outURL)
            try write(result.err, to: errURL)
            return
        }
        let expectedOut = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let expectedErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        #expect(result.out == expectedOut, "stdout of \(relativePath)")
        #expect(result.err == expectedErr, "stderr of \(relativePath)")
        #expect(result.ok == !expectedErr.contains("error:"), "exit of \(relativePath)")
    }

    func write(_ text: String, to url: URL) throws {
        if text.isEmpty {
            try? FileManager.default.removeItem(at: url)
        } else {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
