import Foundation
import Testing
@testable import MsokoKit

/// The verbs' specs are the one truth of what a verb accepts: the option checker, completion,
/// help's syntax line and the Russian help all agree with them.
@Suite struct VerbSpecTests {
    /// The one stage of `t | STAGE`.
    static func stage(_ text: String) throws -> StageSyntax {
        let (statements, errors) = Parser.parse(SourceFile(name: "<test>", text: "t | " + text))
        #expect(errors.isEmpty, "\(text) parses")
        guard case .pipeline(let pipeline)? = statements.first?.kind, let stage = pipeline.stages.first else {
            throw MsokoError(.syntax, "no stage in \(text)")
        }
        return stage
    }

    /// `VERB "x" with NAME = 1` (the checker looks at names only).
    static func withStage(_ verb: VerbSpec, _ option: String) throws -> StageSyntax {
        try stage("\(verb.name) \"x\" with \(option) = 1")
    }

    @Test func everyDeclaredOptionPassesTheCheckerAndAnUndeclaredOneDoesNot() throws {
        for verb in VerbRegistry.all where verb.clauses.contains("with") {
            #expect(!verb.options.isEmpty, "\(verb.name) takes `with` but declares no option")
            for option in verb.options {
                #expect(throws: Never.self, "\(verb.name) with \(option.name)") { try VerbOptions.check(Self.withStage(verb, option.name), spec: verb) }
            }
            if !verb.datasetOptions, let first = verb.options.first {
                // A typo of a declared option: one message, with did-you-mean from the spec.
                let typo = String(first.name.dropLast()) + "x"
                do {
                    try VerbOptions.check(Self.withStage(verb, typo), spec: verb)
                    Issue.record("\(verb.name) accepted \(typo)")
                } catch let error as MsokoError {
                    #expect(error.message == "unknown option `\(typo)` for `\(verb.name)`")
                    #expect(error.hint?.contains("`\(first.name)`") == true, "\(verb.name): \(error.hint ?? "")")
                }
            }
        }
    }

    @Test func aClauseTheSpecDoesNotDeclareIsRejected() throws {
        let head = try #require(VerbRegistry.lookup("head"))
        #expect(throws: MsokoError.self) { try VerbArguments.noClauses(Self.stage("head 3 by mark"), except: Set(head.clauses)) }
        let summarize = try #require(VerbRegistry.lookup("summarize"))
        #expect(summarize.clauses == ["by"])
    }

    /// The syntax line help shows names every option after `with`, and nothing else.
    @Test func theSyntaxLineNamesExactlyTheDeclaredOptions() throws {
        let pattern = try NSRegularExpression(pattern: "([a-z_]+) = ")
        for verb in VerbRegistry.all where verb.clauses.contains("with") {
            guard let with = verb.syntax.range(of: "with ") else { Issue.record("\(verb.name): no `with` in its syntax"); continue }
            let tail = String(verb.syntax[with.upperBound...])
            let written = pattern.matches(in: tail, range: NSRange(tail.startIndex..., in: tail)).compactMap { match in
                Range(match.range(at: 1), in: tail).map { String(tail[$0]) }
            }
            #expect(Set(written) == Set(verb.options.map(\.name)), "\(verb.name): syntax \(written), spec \(verb.options.map(\.name))")
        }
    }

    @Test func everyOptionHasARussianHelpLine() {
        for verb in VerbRegistry.all {
            for option in verb.options {
                #expect(HelpText.russian[HelpText.Key.verbOption(verb.name, option.name)] != nil, "\(verb.name).\(option.name)")
            }
        }
    }

    @Test func completionOffersEveryDeclaredOption() {
        for verb in VerbRegistry.all where verb.clauses.contains("with") {
            let argument = CompletionContext.pathVerbs.contains(verb.name) ? "\"x\"" : "mark"
            let wants = CompletionContext.analyze("vpr | \(verb.name) \(argument) with ").wants
            #expect(wants == [.keywords(verb.options.map(\.completion))], "\(verb.name)")
            // And `with` itself after the verb's argument.
            let after = CompletionContext.analyze("vpr | \(verb.name) \(argument) ").wants
            #expect(after.contains { if case .keywords(let words) = $0 { return words.contains("with") }; return false }, "\(verb.name) offers with: \(after)")
        }
        // A choice's values after `NAME =`.
        #expect(CompletionContext.analyze("vpr | save \"x.csv\" with dialect = ").wants == [.keywords(["\"excel-ru\"", "\"rfc4180\""])])
        #expect(CompletionContext.analyze("vpr | save \"x.csv\" with format = ").wants.contains(.keywords(OutputFormat.allCases.map { "\"\($0.rawValue)\"" })))
    }

    /// Load options are declared once (`LoadOptions.all`): Tab and `help load` offer every one.
    @Test func loadOptionsCompleteAndAreHelpedFromTheirOneList() {
        let session = Session(sink: CollectingSink(), workingDirectory: TestPaths.golden.path)
        let offered = Completer(session: session).complete("load \"data/vpr.csv\" as v with ").candidates.map(\.text)
        #expect(offered == LoadOptions.all.map(\.name))
        for name in ["profile", "year", "mark_scales", "encoding"] { #expect(offered.contains(name), "\(name)") }
        let help = (try? Help.text(for: "load", session: session, at: SourceRange(file: SourceFile(name: "t", text: ""), start: 0, end: 0))) ?? ""
        for option in LoadOptions.all { #expect(help.contains("\(option.name) = "), "help load names \(option.name)") }
        #expect(help.contains("koi8-r"))
    }

    /// Functions are offered where the spec says the items are expressions; aggregates where they may aggregate.
    @Test func completionOffersFunctionsWhereTheSpecTakesExpressions() {
        #expect(CompletionContext.analyze("vpr | where ").wants == [.columns, .functions(aggregates: false)])
        #expect(CompletionContext.analyze("vpr | filter ").wants == [.columns, .functions(aggregates: false)])
        #expect(CompletionContext.analyze("vpr | mutate x = ").wants == [.columns, .functions(aggregates: true)])
        #expect(CompletionContext.analyze("vpr | expect ").wants == [.columns, .functions(aggregates: true)])
        #expect(CompletionContext.analyze("vpr | drop ").wants == [.columns])
    }

    @Test func onlyVerbsThatWriteOrDrawHaveEffects() {
        let effectful = Set(VerbRegistry.all.filter { $0.effects != .pure }.map(\.name))
        #expect(effectful == ["save", "register", "drafts", "report", "template", "bars", "histogram"])
    }

    @Test func completingAfterEffectfulVerbsWritesNothing() throws {
        let sink = CollectingSink()
        let session = Session(sink: sink, workingDirectory: TestPaths.golden.path)
        let setup = try String(contentsOf: TestPaths.golden.appendingPathComponent("data/setup.msoko"), encoding: .utf8)
        try session.run(SourceFile(name: "setup.msoko", text: setup))
        let quiet = CollectingSink()
        session.sink = quiet
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-effects-\(UUID().uuidString)")
        let completer = Completer(session: session)
        for stage in ["save \"\(folder.path)/x.csv\"", "template \"\(folder.path)/t\"", "report \"\(folder.path)/r\" with formats = \"html\"",
                      "bars school_id, school_id", "histogram school_id"] {
            _ = completer.complete("schools | \(stage) | where school_name == ")
            _ = completer.complete("schools | \(stage) | select ")
        }
        #expect(quiet.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
