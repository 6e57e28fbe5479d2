import Foundation
import Testing
@testable import MsokoKit

/// Projection pushed into the CSV reader in batch runs (`Plan/ReaderPushdown.swift`): which
/// loads qualify, that only the pipeline's columns are built, and that every answer and every
/// error is the one a full load gives.
@Suite struct ReaderPushdownTests {
    static let load = "load \"data/vpr.csv\" as vpr\n"

    /// The columns the plan of `script` builds for its first statement (a load); nil: all.
    static func planned(_ script: String) -> Set<String>? {
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.golden.path)
        let (statements, errors) = Parser.parse(SourceFile(name: "<test>", text: script))
        #expect(errors.isEmpty)
        let (plan, _) = Binder.bind(statements, session: session)
        return ReaderPushdown.columns(in: plan)[0]
    }

    @Test func aSummaryReadsOnlyTheColumnsItNames() {
        #expect(Self.planned(Self.load + "vpr | where grade >= 5 and mark is not null | summarize m = mean(mark) by school_id")
                == ["grade", "mark", "school_id"])
        #expect(Self.planned(Self.load + "vpr | count") == [])
        #expect(Self.planned(Self.load + "vpr | derive gap = mark - journal_mark | where gap > 1 | count by school_id")
                == ["mark", "journal_mark", "school_id"])
        #expect(Self.planned(Self.load + "vpr | sort primary_score desc | head 3 | select school_id, pupil_code")
                == ["primary_score", "school_id", "pupil_code"])
        #expect(Self.planned(Self.load + "let x = vpr | summarize n = count() by subject") == ["subject"])
    }

    @Test func anythingElseLoadsEveryColumn() {
        let full = [
            "vpr | where grade >= 5",                                            // prints every column
            "vpr | count\nvpr | count by grade",                                 // read twice
            "vpr | join schools on school_id | count",                           // a join
            "vpr | count by school_id\ndatasets",                                // a command after
            "vpr | count by school_id\nrun \"x.msoko\"",                         // a nested script after
            "def good(m) = pct(m >= 4)\nvpr | summarize q = good(mark)",        // a def's body
            "vpr | where subject == \"vpr\" | count",                            // its name as text too
            "let vpr = vpr | count by grade",                                    // rebound
            "vpr | pivot subject, mark",                                         // not a closing verb
        ]
        for script in full {
            #expect(Self.planned(Self.load + script) == nil, "\(script)")
        }
        for options in ["with provenance = true", "with ignore_errors = true", "with optional = true"] {
            #expect(Self.planned("load \"data/vpr.csv\" as vpr \(options)\nvpr | count by grade") == nil)
        }
        // `vpr_2024` is another name: `vpr` is still read once.
        #expect(Self.planned(Self.load + "load \"data/schools.csv\" as vpr_2024\nvpr | count by grade") == ["grade"])
    }

    /// Each pipeline prints the same with and without the shortcut, errors included.
    static let pipelines = [
        "vpr | where grade >= 5 and mark is not null | summarize n = count(), m = mean(mark), s = sum(primary_score), sd = stddev(primary_score) by school_id, subject",
        "vpr | count",
        "vpr | count by school_id",
        "vpr | derive gap = mark - journal_mark | where gap >= 1 | summarize n = count(), g = mean(gap) by class_id",
        "vpr | sort primary_score desc, pupil_code | head 5 | select school_id, pupil_code, primary_score",
        "vpr | where mark is null | summarize n = count(), codes = list(pupil_code) by school_id",
        "vpr | summarize n = count(mrk)",
        "vpr | where grade == 5 | count by shcool_id",
        "vpr | select school_id, nothing_here",
    ]

    @Test(arguments: pipelines.indices)
    func theSameAnswerAsAFullLoad(_ index: Int) {
        let script = Self.load + Self.pipelines[index] + "\n"
        let pushed = runScript(script, format: .csv, pushdown: true)
        let full = runScript(script, format: .csv, pushdown: false)
        #expect(pushed.ok == full.ok)
        #expect(pushed.out == full.out)
        #expect(pushed.err == full.err)
        #expect(!pushed.out.isEmpty || !pushed.ok)
    }

    @Test func theLoadedDatasetHoldsOnlyTheColumnsRead() throws {
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.golden.path)
        session.pushesIntoReader = true
        try session.run(text: Self.load + "vpr | where grade >= 5 | count by school_id", name: "<test>")
        #expect(session.datasets["vpr"]?.table.names == ["grade", "school_id"])
        // The next script of the session (a nested `run`, the workbench) loads whole tables.
        try session.run(text: Self.load + "vpr | count by school_id", name: "<test>")
        #expect(session.datasets["vpr"]?.table.columnCount == 11)
    }

    // MARK: - The reader

    static func read(_ text: String, only: Set<String>?, types: [String: DataType] = [:]) -> Result<Table, MsokoError> {
        var options = CSVOptions()
        options.onlyColumns = only
        options.types = types
        do {
            return .success(try CSVReader.read(bytes: Array(text.utf8), fileName: "t.csv", options: options).table)
        } catch {
            return .failure(error)
        }
    }

    @Test func aColumnIsTypedOverEveryRow() throws {
        // `b` turns text on its last row; reading `b` alone must see that row too.
        let text = "a,b,c\n1,2,x\n3,4,y\n5,five,z\n"
        let table = try Self.read(text, only: ["b"]).get()
        #expect(table.names == ["b"])
        #expect(table.rowCount == 3)
        #expect(table.columns[0].type == .text)
        let all = try Self.read(text, only: nil).get()
        #expect(all.names == ["a", "b", "c"])
    }

    @Test func errorsInColumnsNotBuiltAreStillErrors() {
        // A ragged row: the same message whichever columns are built.
        let ragged = "a,b,c\n1,2,3\n4,5\n"
        guard case .failure(let pushed) = Self.read(ragged, only: ["a"]),
              case .failure(let full) = Self.read(ragged, only: nil) else {
            Issue.record("a ragged row must fail the load")
            return
        }
        #expect(pushed.message == full.message)
        #expect(pushed.data?.line == 3)
        // A value that does not convert to its explicit type, in a column the pipeline does not read.
        let typed = "a,b\n1,2\n3,x\n"
        guard case .failure(let error) = Self.read(typed, only: ["a"], types: ["b": .int]) else {
            Issue.record("a typed column is checked even when not read")
            return
        }
        #expect(error.data?.line == 3)
        #expect(error.data?.columnName == "b")
    }

    @Test func aNameTheFileLacksBuildsEveryColumn() throws {
        let table = try Self.read("a,b\n1,2\n", only: ["a", "zzz"]).get()
        #expect(table.names == ["a", "b"])
        // Nothing read at all: one column keeps the row count.
        let counted = try Self.read("a,b\n1,2\n3,4\n", only: []).get()
        #expect(counted.names == ["a"])
        #expect(counted.rowCount == 2)
    }
}
