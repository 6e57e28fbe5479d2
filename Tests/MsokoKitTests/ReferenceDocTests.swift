import Foundation
import Testing
@testable import MsokoKit

/// docs/reference.md and docs/reference.ru.md are generated from the registries; they must be current.
@Suite struct ReferenceDocTests {
    @Test(arguments: [(Language.en, "docs/reference.md"), (Language.ru, "docs/reference.ru.md")])
    func referenceIsCurrent(_ language: Language, _ path: String) throws {
        let url = TestPaths.repository.appendingPathComponent(path)
        let generated = Help.referenceMarkdown(language: language)
        if ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(committed == generated, "\(path) is out of date: MSOKO_RECORD=1 swift test --filter Reference")
    }

    /// The Russian reference is the same document: the same statements, verbs, aggregates and
    /// functions, each under its own name, with the same examples.
    @Test func theRussianReferenceHasWhatTheEnglishHas() {
        let english = Help.referenceMarkdown(language: .en)
        let russian = Help.referenceMarkdown(language: .ru)
        func headings(_ text: String) -> [String] { text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map(String.init) }
        func codeBlocks(_ text: String) -> [String] { text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element) }
        #expect(headings(russian) == headings(english))
        // Every example block is identical, except the expression summary (help syntax), which is translated.
        let englishBlocks = codeBlocks(english), russianBlocks = codeBlocks(russian)
        #expect(englishBlocks.count == russianBlocks.count)
        let differing = zip(englishBlocks, russianBlocks).filter { $0.0 != $0.1 }
        #expect(differing.count == 1 && differing.first?.0.hasPrefix("\nExpressions") == true)
        #expect(russian.hasPrefix("# Справочник языка msoko\n"))
        #expect(!russian.contains("| statement | does |"))
    }
}
