import Foundation
import Testing
@testable import MsokoKit

/// Typed argument records (`Plan/StageArguments.swift`): the binder reads every stage into its
/// verb's record, the verbs run with it, and every option value goes through one checker.
@Suite struct StageArgumentsTests {
    /// The bound stages of a one-statement pipeline, bound against the fixture session.
    static func stages(_ text: String) throws -> [BoundStage] {
        let (session, _) = BinderTests.session()
        let (statements, parseErrors) = Parser.parse(SourceFile(name: "<test>", text: text))
        #expect(parseErrors.isEmpty)
        let (plan, errors) = Binder.bind(statements, session: session)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        return try #require(plan.statements.last?.pipeline).stages
    }

    @Test func theBinderStoresEachStagesRecordAsTypedData() throws {
        let stages = try Self.stages("vpr | where mark >= 4 | summarize n = count(), mean(mark) by school_id, band = floor(primary_score / 5) | sort n desc, school_id | head 5")
        let filter = try #require(stages[0].arguments as? WhereVerb.Arguments)
        #expect(filter.condition.sourceText == "mark >= 4")
        let summary = try #require(stages[1].arguments as? SummarizeVerb.Arguments)
        // An unnamed aggregate is named by its text, a plain key by its column.
        #expect(summary.aggregates.map(\.name) == ["n", "mean(mark)"])
        #expect(summary.keys.map(\.name) == ["school_id", "band"])
        #expect(summary.keys[1].expr.sourceText == "floor(primary_score / 5)")
        let order = try #require(stages[2].arguments as? SortVerb.Arguments)
        #expect(order.keys.map(\.expr.sourceText) == ["n", "school_id"])
        #expect(order.keys.map(\.descending) == [true, false])
        let head = try #require(stages[3].arguments as? HeadVerb.Arguments)
        #expect(head.rows.count?.sourceText == "5")
        #expect(stages[3].arguments as? TailVerb.Arguments == nil)
        // A record is its own verb's: the SQL compiler tells stages apart by the record's type.
        #expect(stages[0].arguments as? SortVerb.Arguments == nil)
    }

    @Test func joinRenameAndCountRecords() throws {
        let stages = try Self.stages("vpr | join schools on school_id kind = left | rename school = school_id, name = school_name | count by school, subject")
        let join = try #require(stages[0].arguments as? JoinVerb.Arguments)
        #expect(join.dataset.name == "schools")
        #expect(join.keys.map(\.left) == ["school_id"] && join.keys.map(\.right) == ["school_id"])
        #expect(join.knownKind == .left)
        let rename = try #require(stages[1].arguments as? RenameVerb.Arguments)
        #expect(rename.pairs.map(\.newName) == ["school", "name"])
        #expect(rename.pairs.map(\.oldName) == ["school_id", "school_name"])
        let count = try #require(stages[2].arguments as? CountVerb.Arguments)
        #expect(count.keys.map(\.name) == ["school", "subject"])

        let differentNames = try Self.stages("schools | rename id = school_id | join schools on id == school_id kind = \"anti\"")
        let anti = try #require(differentNames[1].arguments as? JoinVerb.Arguments)
        #expect(anti.keys.map(\.left) == ["id"] && anti.keys.map(\.right) == ["school_id"])
        #expect(anti.knownKind == .anti)
    }

    /// `head $n` and `kind = $kind` are known only when the statement runs: the record keeps the
    /// expression and the verb evaluates it; the result is the one the constant gives.
    @Test func aParameterStaysAnExpressionUntilItRuns() throws {
        let stages = try Self.stages("param n = 3\nvpr | head $n")
        let head = try #require(stages.first?.arguments as? HeadVerb.Arguments)
        #expect(head.rows.count?.sourceText == "$n")

        let (session, sink) = BinderTests.session()
        try session.run(text: "param n = 3\nvpr | head $n | count", name: "<test>")
        #expect(sink.output.contains("\n3\n"), "\(sink.output)")

        let (constant, constantSink) = BinderTests.session()
        try constant.run(text: "schools | join vpr on school_id kind = semi | count", name: "<test>")
        let (parameter, parameterSink) = BinderTests.session()
        try parameter.run(text: "param k = \"semi\"\nschools | join vpr on school_id kind = $k | count", name: "<test>")
        #expect(!constantSink.output.isEmpty && parameterSink.output == constantSink.output)
        let joined = try Self.stages("param k = \"semi\"\nschools | join vpr on school_id kind = $k")
        let join = try #require(joined.first?.arguments as? JoinVerb.Arguments)
        #expect(join.knownKind == nil && join.kindItem?.expr.sourceText == "$k")
    }

    /// The checks that need no table are made when the record is built — by the binder, even on a
    /// dataset whose columns are unknown until it is loaded — so a later statement's malformed
    /// stage stops the script before an earlier `save` writes anything.
    @Test func shapeMistakesStopTheScriptBeforeAnythingRuns() throws {
        let (session, _) = BinderTests.session()
        let folder = BinderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("early.csv").path
        let errors = try #require(BinderTests.errors("""
            load "data/vpr.csv" as fresh
            fresh | count | save "\(target)"
            fresh | where mark > 3, mark < 5
            fresh | derive mark + 1
            """, in: session))
        #expect(errors.map(\.message) == ["`where` takes one condition", "`derive` needs a name for each new column"])
        // The place is the second condition, as when the verb ran.
        #expect(errors.first?.range?.location == "<test>:3:25")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func wholeNumberOptionsAreCheckedByTheOneChecker() throws {
        let (session, _) = BinderTests.session()
        let prefix = "vpr | count by mark | bars mark, n with width = "
        for written in ["0", "201", "\"wide\"", "12.5"] {
            let errors = try #require(BinderTests.errors(prefix + written, in: session), "\(written)")
            #expect(errors.map(\.message) == ["`width` is a whole number from 1 to 200"], "\(written)")
            // The value is pointed at (columns count from 1).
            #expect(errors.first?.range?.column == prefix.count + 1)
            #expect(errors.first?.hint?.contains("cells") == true, "the option's own help is the hint")
        }
        let bins = try #require(BinderTests.errors("vpr | histogram primary_score with bins = 0", in: session))
        #expect(bins.map(\.message) == ["`bins` is a whole number from 1 to 1000"])
        // A parameter's value is checked by the binder when it knows it, with the same message.
        let parameter = try #require(BinderTests.errors("param w = 500\nvpr | count by mark | bars mark, n with width = $w", in: session))
        #expect(parameter.map(\.message) == ["`width` is a whole number from 1 to 200"])
        // In range, the verb reads the checked value: 4 cells at most.
        let (drawing, sink) = BinderTests.session()
        try drawing.run(text: "vpr | count by mark | bars mark, n with width = 4", name: "<test>")
        let longest = sink.output.split(separator: "\n").map { $0.filter { "▏▎▍▌▋▊▉█".contains($0) }.count }.max()
        #expect(longest == 4, "\(sink.output)")
    }

    @Test func listOptionsNameTheWordThatIsNotAllowed() throws {
        let (session, _) = BinderTests.session()
        let folder = BinderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try #require(BinderTests.errors("vpr | count by school_id | report \"\(folder.path)/r\" with formats = \"html, pdf\"", in: session))
        #expect(report.map(\.message) == ["unknown `pdf` in `formats` for `report`"])
        #expect(report.first?.hint == "allowed: `html`, `docx`")
        let close = try #require(BinderTests.errors("vpr | count by school_id | report \"\(folder.path)/r\" with formats = \"htm\"", in: session))
        #expect(close.first?.hint == "did you mean `html`?")
        let drafts = try #require(BinderTests.errors("vpr | drafts \"\(folder.path)/d\" with formats = \"md,txt\"", in: session))
        #expect(drafts.map(\.message) == ["unknown `txt` in `formats` for `drafts`"])
        #expect(drafts.first?.hint == "allowed: `md`, `html`, `docx`")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Completion, a retried fused pair and tests run a verb from syntax: the record is built
    /// with the same builder, so the message is the binder's.
    @Test func aStageOutsideABoundPlanBuildsTheSameRecord() throws {
        let (session, _) = BinderTests.session()
        let (statements, _) = Parser.parse(SourceFile(name: "<test>", text: "vpr | sort"))
        guard case .pipeline(let pipeline)? = statements.first?.kind, let stage = pipeline.stages.first else {
            Issue.record("no pipeline")
            return
        }
        let spec = try #require(VerbRegistry.lookup("sort"))
        let table = try session.dataset("vpr", at: nil)
        #expect(throws: MsokoError.self) { try spec.run(stage, table, session) }
        do {
            _ = try spec.run(stage, table, session)
        } catch let error as MsokoError {
            let bound = try #require(BinderTests.errors("vpr | sort", in: session))
            #expect([error.message] == bound.map(\.message))
        }
    }

    @Test func aRecordOfAnotherVerbIsRefused() throws {
        let (session, _) = BinderTests.session()
        let stages = try Self.stages("vpr | sort mark")
        let table = try session.dataset("vpr", at: nil)
        let spec = try #require(VerbRegistry.lookup("where"))
        #expect(throws: MsokoError.self) { try spec.run(stages[0].arguments, table, session) }
    }

    /// The fused `where | summarize` reads the consumer's columns from its record.
    @Test func lateMaterialisationReadsTheConsumersRecord() throws {
        let (session, _) = BinderTests.session()
        let table = try session.dataset("vpr", at: nil)
        let stages = try Self.stages("vpr | where mark > 2 | summarize m = mean(primary_score) by school_id | sort m")
        let positions = LateMaterialisation.columnsRead(by: stages[1], from: table, session: session)
        let expected = try ["primary_score", "school_id"].map { try #require(table.index(of: $0)) }.sorted()
        #expect(positions == expected)
        let counted = try Self.stages("vpr | where mark > 2 | count by subject")
        #expect(LateMaterialisation.columnsRead(by: counted[1], from: table, session: session) == [try #require(table.index(of: "subject"))])
        #expect(LateMaterialisation.columnsRead(by: stages[2], from: table, session: session) == nil)
    }
}
