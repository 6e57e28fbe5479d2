import Foundation
import Testing
@testable import MsokoKit

/// Every ```msoko block of README.md runs without error on the sample district.
@Suite struct ReadmeExamplesTests {
    static var blocks: [String] {
        let url = TestPaths.repository.appendingPathComponent("README.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var blocks: [String] = []
        var current: [String]? = nil
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```msoko") { current = []; continue }
            if let lines = current, line.hasPrefix("```") { blocks.append(lines.joined(separator: "\n")); current = nil; continue }
            current?.append(String(line))
        }
        return blocks
    }

    @Test func readmeHasExamples() { #expect(Self.blocks.count >= 2) }

    @Test(arguments: blocks)
    func blockRuns(_ block: String) {
        let result = runScript("run \"Datasets/district.msoko\"\n" + block, name: "README.md", in: TestPaths.repository)
        #expect(result.ok, "\(block)\n\(result.err)")
        #expect(!result.out.isEmpty)
    }
}
