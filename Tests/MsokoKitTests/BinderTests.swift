import Foundation
import Testing
@testable import MsokoKit

/// The bind stage (`Plan/Binder.swift`): a whole script is checked before any statement of it
/// runs, every statement's first error is reported together, and a script that runs binds.
@Suite struct BinderTests {
    /// A session with the fixture's `vpr` and `schools` loaded (their columns known to the binder).
    static func session() -> (Session, CollectingSink) {
        let sink = CollectingSink(format: .csv)
        let session = Session(sink: sink, workingDirectory: TestPaths.golden.path)
        do {
            try session.run(text: "load \"data/vpr.csv\" as vpr\nload \"data/schools.csv\" as schools", name: "<setup>")
        } catch {
            Issue.record("setup failed: \(error.errors.map(\.message))")
        }
        return (session, sink)
    }

    /// The errors of running `text` in `session`, rendered; nil when it ran.
    static func errors(_ text: String, in session: Session) -> [MsokoError]? {
        do {
            try session.run(text: text, name: "<test>")
            return nil
        } catch {
            return error.errors
        }
    }

    static func temporaryFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-bind-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func everyStatementsErrorIsReportedBeforeAnythingRuns() throws {
        let (session, sink) = Self.session()
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("written.csv").path
        let script = """
            vpr | save "\(target)"
            vpr | where mrak >= 4 | count
            vpr | count by school_id
            vpr | head 3
            vpr | summarize m = meen(mark) by school_id
            """
        let errors = try #require(Self.errors(script, in: session))
        #expect(errors.map(\.message) == ["unknown column `mrak`", "unknown function `meen`"])
        #expect(errors.map { $0.range?.location ?? "" } == ["<test>:2:13", "<test>:5:21"])
        #expect(errors[0].hint == "did you mean `mark`?")
        #expect(!FileManager.default.fileExists(atPath: target), "statement 1 must not have run")
        #expect(sink.output.isEmpty, "no statement printed anything")
    }

    @Test func bindErrorsAreTheRunTimeErrors() throws {
        // The same mistakes, found while running (after a `load` the binder cannot see into)
        // and before (the dataset's columns known): the same message, place and hint.
        let cases = [
            "vpr | where mrak >= 4 | count",
            "vpr | derive y = upper(mark, 2)",
            "vpr | summarize m = meen(mark) by school_id",
            "vpr | where subject > 3",
            "vpr | summarize n = count() by k = mean(mark)",
            "vpr | select school_id, n = count(), x = school_id + 1",
            "vpr | join schools on shcool_id",
        ]
        for text in cases {
            let (known, _) = Self.session()
            let bound = try #require(Self.errors(text, in: known))
            let (late, _) = Self.session()
            let ran = try #require(Self.errors("load \"data/vpr.csv\" as vpr\n" + text, in: late))
            #expect(bound.count == 1 && ran.count == 1)
            #expect(bound.first?.message == ran.first?.message, "\(text)")
            #expect(bound.first?.hint == ran.first?.hint, "\(text)")
            #expect(bound.first?.range?.start == ran.first.map { ($0.range?.start ?? 0) - "load \"data/vpr.csv\" as vpr\n".utf8.count })
        }
    }

    @Test func specErrorsAreFoundWhateverTheInput() throws {
        // A loaded file's columns are unknown to the binder, but the verbs, options and
        // functions are not: these are reported before the load runs.
        let (session, sink) = Self.session()
        let script = """
            load "data/tasks.csv" as t
            t | frobnicate
            t | save "x.csv" with escape_formulas = "yes"
            t | derive y = round(task, 1, 2, 3)
            t | summarize x = mean(sum(task))
            """
        let errors = try #require(Self.errors(script, in: session))
        #expect(errors.map(\.message) == ["unknown verb `frobnicate`", "`escape_formulas` is true or false",
                                          "`round` takes 1 to 2 arguments, got 4", "an aggregate cannot contain another aggregate"])
        #expect(session.datasets["t"] == nil, "the load did not run")
        #expect(sink.output.isEmpty)
    }

    @Test func aDefWithATypoUsedTwiceIsOneError() throws {
        let (session, _) = Self.session()
        let script = """
            def good(m) = pct(m >= 4) + mena(m)
            vpr | summarize a = good(mark)
            vpr | summarize b = good(journal_mark) by school_id
            """
        let errors = try #require(Self.errors(script, in: session))
        #expect(errors.map(\.message) == ["unknown function `mena`"])
        #expect(errors.first?.range?.location == "<test>:1:29")
        #expect(session.functions["good"] == nil, "a script that failed to bind defines nothing")
    }

    @Test func aggregatesWhereTheEvaluatorTakesThemBind() {
        // An aggregate in `where` is taken over the whole table (a window): it runs today, so it binds.
        let (session, sink) = Self.session()
        #expect(Self.errors("vpr | where mark > mean(mark) | count", in: session) == nil)
        #expect(!sink.output.isEmpty)
    }

    @Test func columnsMadeByEarlierStatementsBind() throws {
        let (session, sink) = Self.session()
        let script = """
            param pass_mark = 3
            def passed(m) = m >= $pass_mark
            let x = vpr | derive pass = passed(mark), gap = journal_mark - mark
            x | where pass and gap > 0 | count by school_id
            let y = x | summarize n = count(), q = pct(pass) by school_id | join schools on school_id
            y | select school_id, q, n | sort q desc | head 2
            """
        #expect(Self.errors(script, in: session) == nil)
        #expect(sink.output.contains("school_id,q,n"))
        // A typo in a column the script made is found before anything runs.
        let (other, otherSink) = Self.session()
        let errors = try #require(Self.errors(script + "\ny | where passs > 0 | count", in: other))
        #expect(errors.map(\.message) == ["unknown column `passs`"])
        #expect(otherSink.output.isEmpty)
    }

    @Test func aLoadedDatasetIsCheckedWhenItRuns() throws {
        let (session, sink) = Self.session()
        let script = """
            load "data/classes.csv" as c
            c | count
            c | where clas_id == "5А" | count
            """
        let errors = try #require(Self.errors(script, in: session))
        #expect(errors.map(\.message) == ["unknown column `clas_id`"])
        #expect(errors.first?.range?.location == "<test>:3:11")
        #expect(sink.output.hasPrefix("n\n"), "the statements before it ran")
    }

    @Test func runOfAnotherScriptBinds() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appendingPathComponent("other.msoko")
        try """
            let made = vpr | derive newcol = 1
            def plus_one(x) = x + 1
            vpr | where mark > 3 | count
            """.write(to: other, atomically: true, encoding: .utf8)
        let (session, sink) = Self.session()
        let script = """
            run "\(other.path)"
            made | derive z = plus_one(newcol) | where z == 2 | count
            """
        #expect(Self.errors(script, in: session) == nil)
        #expect(sink.output.split(separator: "\n").count == 4, "two counts, each a header and a row")
        // The called script is bound when it runs: its own mistakes are all reported then.
        try """
            vpr | where mrak > 3 | count
            vpr | derive q = meen(mark)
            """.write(to: other, atomically: true, encoding: .utf8)
        let errors = try #require(Self.errors("vpr | count\nrun \"\(other.path)\"", in: session))
        #expect(errors.map(\.message) == ["unknown column `mrak`", "unknown function `meen`"])
    }

    @Test func optionValuesAreCheckedByOneChecker() throws {
        let (session, _) = Self.session()
        let errors = try #require(Self.errors("vpr | save \"x.csv\" with dialect = \"excel\"", in: session))
        #expect(errors.map(\.message) == ["unknown dialect `excel` for `save`"])
        #expect(errors.first?.hint == "did you mean `excel-ru`?" || errors.first?.hint?.hasPrefix("allowed:") == true)
    }

    @Test func quietFollowsEffects() {
        // A verb with effects ends a statement quietly; of the pure ones only `expect` (a check
        // that passes its input on) says so itself.
        for verb in VerbRegistry.all {
            #expect(verb.quiet == (verb.effects != .pure || verb.name == "expect"), "\(verb.name)")
        }
        #expect(VerbRegistry.all.filter(\.conditions).map(\.name) == ["where"])
    }

    @Test func aHugeExpressionBindsWithoutDeepRecursion() {
        // A generated sum of 20,000 terms on a loaded (unknown) dataset: the static walk.
        let (session, sink) = Self.session()
        let sum = Array(repeating: "mark", count: 20_000).joined(separator: " + ")
        let script = "load \"data/vpr.csv\" as v\nv | derive s = \(sum) | summarize m = max(s)\nvpr | derive s = \(sum) | summarize m = max(s)"
        #expect(Self.errors(script, in: session) == nil)
        #expect(sink.output.split(separator: "\n").count == 4)
    }
}
