import Foundation
import Testing
@testable import MsokoKit

/// docs/reference.md is generated from the registries; it must be current.
@Suite struct ReferenceDocTests {
    @Test func referenceIsCurrent() throws {
        let url = TestPaths.repository.appendingPathComponent("docs/reference.md")
        let generated = Help.referenceMarkdown()
        if ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(committed == generated, "docs/reference.md is out of date: MSOKO_RECORD=1 swift test --filter Reference")
    }
}
