import Foundation
import Testing
@testable import MsokoKit

/// Each `Tests/Reference/pipelines/NAME.msoko` must print, in CSV, what DuckDB computed from the
/// equivalent SQL in `NAME.sql` (committed as `NAME.csv` by make_pipeline_reference.py, with the
/// DuckDB version on its first line). Doubles agree to 1e-12 relative; everything else exactly.
@Suite struct PipelineReferenceTests {
    static let folder = TestPaths.repository.appendingPathComponent("Tests/Reference/pipelines")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".msoko") }.map { String($0.dropLast(6)) }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 7)
        #expect(FileManager.default.fileExists(atPath: TestPaths.corpus.path), "the corpus is missing at \(TestPaths.corpus.path)")
    }

    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(arguments: cases)
    func matchesDuckDB(_ name: String) throws {
        let script = try String(contentsOf: Self.folder.appendingPathComponent(name + ".msoko"), encoding: .utf8)
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(name + ".csv"), encoding: .utf8)
        // Paths in the scripts are relative to the repository root.
        let result = runScript(script, name: name, format: .csv, in: TestPaths.repository)
        #expect(result.ok, "\(result.err)")
        let actualRows = Self.rows(result.out)
        let expectedRows = Self.rows(expected)
        #expect(actualRows.count == expectedRows.count, "row count of \(name)")
        for (rowIndex, (actual, wanted)) in zip(actualRows, expectedRows).enumerated() {
            #expect(actual.count == wanted.count, "\(name) row \(rowIndex)")
            for (a, w) in zip(actual, wanted) {
                if let x = Double(a), let y = Double(w) {
                    let tolerance = 1e-12 * max(1, abs(y))
                    #expect(abs(x - y) <= tolerance, "\(name) row \(rowIndex): \(a) vs DuckDB \(w)")
                } else {
                    #expect(a == w, "\(name) row \(rowIndex): \(a) vs DuckDB \(w)")
                }
            }
        }
    }
}
