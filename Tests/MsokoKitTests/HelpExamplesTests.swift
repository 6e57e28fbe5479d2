import Foundation
import Testing
@testable import MsokoKit

/// Every example shown by `help` runs without error on the fixture district.
@Suite struct HelpExamplesTests {
    static var examples: [String] {
        var all: [String] = []
        for verb in VerbRegistry.all { all += verb.examples }
        for aggregate in AggregateFunction.allCases { all.append(aggregate.example) }
        for function in ScalarFunctions.all { all.append(function.example) }
        return all
    }

    /// Function examples may be a stage alone (`derive x = …`); they run on `vpr`.
    static func statement(for example: String) -> String {
        let first = example.split(separator: " ").first.map(String.init) ?? ""
        if VerbRegistry.lookup(first) != nil { return "vpr | " + example }
        return example
    }

    @Test(arguments: examples)
    func exampleRuns(_ example: String) {
        // Runs in Tests/Golden; examples that save write under its ignored `out/` folder.
        let result = runScript("run \"data/setup.msoko\"\n" + Self.statement(for: example), name: "<example>")
        #expect(result.ok, "\(example)\n\(result.err)")
    }

    @Test func everyVerbHasAnExample() {
        for verb in VerbRegistry.all { #expect(!verb.examples.isEmpty, "verb \(verb.name)") }
    }
}
