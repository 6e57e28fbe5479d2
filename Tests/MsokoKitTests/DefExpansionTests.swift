import Foundation
import Testing
@testable import MsokoKit

/// `def` calls expanded once, in the bound plan (`Plan/DefExpansion.swift`), and the values of
/// their arguments kept by each evaluation rather than by the tree (`Evaluation`).
@Suite struct DefExpansionTests {
    /// A session with the fixture's `vpr` loaded by an earlier entry: the script's environment
    /// is closed (no `run`), so the binder expands its `def` calls.
    static func session() -> Session {
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.golden.path)
        do {
            try session.run(text: "load \"data/vpr.csv\" as vpr", name: "<setup>")
        } catch {
            Issue.record("setup failed: \(error.errors.map(\.message))")
        }
        return session
    }

    /// The first stage of the pipeline in `text` (one statement), as parsed.
    static func stage(_ text: String) throws -> StageSyntax {
        let (statements, errors) = Parser.parse(SourceFile(name: "<test>", text: text))
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        guard case .pipeline(let pipeline)? = statements.last?.kind, let stage = pipeline.stages.first else {
            throw ParseFailure()
        }
        return stage
    }

    struct ParseFailure: Error {}

    static func scalar(_ operand: Operand) -> Value? {
        if case .scalar(let value) = operand { return value }
        return nil
    }

    /// The expression of the first item of the first stage of `text`.
    static func expression(_ text: String) throws -> Expr {
        try stage(text).items[0].expr
    }

    static func table(_ name: String, _ values: [Int64]) -> Table {
        Table(names: [name], columns: [Column.from(values.map { Value.int($0) })], rowCount: values.count)
    }

    static func values(_ column: Column, count: Int) -> [Value] {
        (0..<count).map { column.value(at: $0) }
    }

    /// The expanded call at the root of `expr`, if it is one.
    static func expandedCall(_ expr: Expr) -> ExpandedCall? {
        if case .argument(let node) = expr.kind { return node.call }
        return nil
    }

    /// How many shared nodes (arguments and expanded calls) the tree holds, each counted once.
    static func sharedNodes(_ expr: Expr) -> Int {
        var nodes: Set<ObjectIdentifier> = []
        expr.walk { node in if case .argument(let shared) = node.kind { nodes.insert(ObjectIdentifier(shared)) } }
        return nodes.count
    }

    // MARK: the cache belongs to the evaluation

    @Test func anExpandedTreeEvaluatedTwiceGivesEachTablesAnswer() throws {
        let session = Self.session()
        try session.run(text: "def twice(x) = x + x\ndef centred(x) = x - mean(x)", name: "<defs>")
        for (text, first, second) in [
            ("t | derive y = twice(a)", [2, 4, 6] as [Int64], [20, 40, 60] as [Int64]),
            ("t | derive y = twice(twice(a))", [4, 8, 12], [40, 80, 120]),
        ] {
            let expanded = try #require(DefExpansion.expand(try Self.expression(text), functions: session.functions))
            #expect(Self.expandedCall(expanded)?.function.name == "twice")
            let evaluator = session.evaluator
            let one = try evaluator.column(expanded, in: Scope(table: Self.table("a", [1, 2, 3])))
            let other = try evaluator.column(expanded, in: Scope(table: Self.table("a", [10, 20, 30])))
            #expect(Self.values(one, count: 3) == first.map { .int($0) }, "\(text)")
            // With the values kept in the argument nodes, this was the first table's answer again.
            #expect(Self.values(other, count: 3) == second.map { .int($0) }, "\(text)")
        }
        // An argument used over the rows (inside `mean`) and over the scope: both per table.
        let centred = try #require(DefExpansion.expand(try Self.expression("t | derive y = centred(a)"), functions: session.functions))
        let one = try session.evaluator.column(centred, in: Scope(table: Self.table("a", [1, 2, 3])))
        let other = try session.evaluator.column(centred, in: Scope(table: Self.table("a", [10, 20, 60])))
        #expect(Self.values(one, count: 3) == [.double(-1), .double(0), .double(1)])
        #expect(Self.values(other, count: 3) == [.double(-20), .double(-10), .double(30)])
    }

    @Test func aBoundStatementRunTwiceGivesEachRunsAnswer() throws {
        // The bound plan is the tree that runs: a pipeline bound once and run against a dataset
        // that changed in between gives the new answer.
        let session = Self.session()
        let (statements, errors) = Parser.parse(SourceFile(name: "<test>", text: "def twice(x) = x + x\nt | derive y = twice(a) | select y"))
        #expect(errors.isEmpty)
        session.setDataset("t", Self.table("a", [1, 2, 3]))
        let (plan, bindErrors) = Binder.bind(statements, session: session)
        #expect(bindErrors.isEmpty)
        try session.run(text: "def twice(x) = x + x", name: "<defs>")
        let pipeline = try #require(plan.statements[1].pipeline)
        #expect(Self.expandedCall(pipeline.stages[0].syntax.items[0].expr) != nil, "the binder expanded the call")
        let first = try session.runPipeline(pipeline)
        session.setDataset("t", Self.table("a", [7, 8, 9]))
        let second = try session.runPipeline(pipeline)
        #expect(Self.values(first.columns[0], count: 3) == [.int(2), .int(4), .int(6)])
        #expect(Self.values(second.columns[0], count: 3) == [.int(14), .int(16), .int(18)])
    }

    @Test func anEvaluationKeepsOneValuePerScopeUntilTheCallIsDone() throws {
        let expr = try Self.expression("t | derive y = a")
        let argument = FunctionArgument(expr, callers: [])
        let other = FunctionArgument(expr, callers: [])
        let evaluation = Evaluation(10, for: expr.range)
        evaluation.keep(.scalar(.int(1)), of: argument, in: .given)
        evaluation.keep(.scalar(.int(2)), of: argument, in: .aggregateRows)
        evaluation.keep(.scalar(.int(3)), of: other, in: .given)
        #expect(evaluation.value(of: argument, in: .given).map(Self.scalar) == .int(1))
        #expect(evaluation.value(of: argument, in: .aggregateRows).map(Self.scalar) == .int(2))
        #expect(evaluation.value(of: argument, in: .constant) == nil)
        evaluation.forget([argument])
        #expect(evaluation.value(of: argument, in: .given) == nil)
        #expect(evaluation.value(of: other, in: .given).map(Self.scalar) == .int(3))
        // A new evaluation of the same tree starts with nothing.
        #expect(Evaluation(10, for: expr.range).value(of: other, in: .given) == nil)
    }

    // MARK: where the binder expands

    @Test func theBinderExpandsWhereTheDefsAreKnownOnly() throws {
        let session = Self.session()
        let script = """
            def twice(x) = x + x
            vpr | derive y = twice(mark) | summarize s = sum(twice(mark)), q = quality(mark) by k = twice(grade)
            run "data/setup.msoko"
            vpr | derive y = twice(mark)
            """
        let (statements, errors) = Parser.parse(SourceFile(name: "<test>", text: script))
        #expect(errors.isEmpty)
        let (plan, bindErrors) = Binder.bind(statements, session: session)
        #expect(bindErrors.isEmpty)
        let stages = try #require(plan.statements[1].pipeline?.stages)
        #expect(Self.expandedCall(stages[0].syntax.items[0].expr)?.function.name == "twice")
        // `sum(…)` stays a call of the aggregate; its argument is the expanded `twice`.
        guard case .call("sum", let arguments) = stages[1].syntax.items[0].expr.kind else {
            Issue.record("sum(…) is no longer a call")
            return
        }
        #expect(Self.expandedCall(arguments[0])?.function.name == "twice")
        #expect(Self.expandedCall(stages[1].syntax.items[1].expr)?.function.origin == "prelude")
        let key = try #require(stages[1].syntax.clause("by")?.items.first)
        #expect(Self.expandedCall(key.expr)?.function.name == "twice")
        // After `run "SCRIPT"` any `def` may have been redefined: left to the run.
        let afterRun = try #require(plan.statements[3].pipeline?.stages)
        guard case .call("twice", _) = afterRun[0].syntax.items[0].expr.kind else {
            Issue.record("a call after `run` was expanded")
            return
        }
    }

    @Test func aDefRedefinedLaterIsTheOneThatStoodAtEachStatement() throws {
        // Today's semantics, kept: a statement uses the `def`s as they stand when it runs,
        // including the `def`s a body calls (`g` here), looked up by name.
        let script = """
            def g(x) = x + 1
            def f(x) = g(x) * 2
            vpr | head 1 | derive a = f(mark) | select a
            def g(x) = x + 100
            vpr | head 1 | derive b = f(mark) | select b
            def f(x) = g(x) - 1
            vpr | head 1 | derive c = f(mark) | select c
            """
        // The first pupil's mark is 5: (5 + 1) * 2, (5 + 100) * 2, 5 + 100 - 1.
        let expected = "a\n12\n\nb\n210\n\nc\n104\n"
        let session = Self.session()
        let sink = CollectingSink(format: .csv)
        session.sink = sink
        try session.run(text: script, name: "<test>")
        #expect(sink.output == expected)
        // The same run with the environment open (nothing expanded by the binder).
        let open = runScript("run \"data/setup.msoko\"\n" + script, format: .csv)
        #expect(open.out == expected, "\(open.err)")
        // Entries of a session, one at a time (as the REPL runs them).
        let entries = Self.session()
        let entriesSink = CollectingSink(format: .csv)
        entries.sink = entriesSink
        for line in script.split(separator: "\n") { try entries.run(text: String(line), name: "<entry>") }
        #expect(entriesSink.output == expected)
    }

    @Test func aDefDefinedAfterTheStatementIsUnknownThere() throws {
        let session = Self.session()
        let result: [MsokoError]
        do {
            try session.run(text: "vpr | derive y = later(mark)\ndef later(x) = x", name: "<test>")
            result = []
        } catch {
            result = error.errors
        }
        #expect(result.map(\.message) == ["unknown function `later`"])
        #expect(result.first?.range?.location == "<test>:1:18")
    }

    // MARK: linear, and the limits unchanged

    @Test func aDefDoublingItsArgument24DeepBindsAndRunsQuickly() throws {
        let nested = String(repeating: "d(", count: 24) + "1" + String(repeating: ")", count: 24)
        let script = "def d(x) = x + x\nvpr | head 1 | derive v = \(nested) | select v"
        let session = Self.session()
        let sink = CollectingSink(format: .csv)
        session.sink = sink
        let (statements, _) = Parser.parse(SourceFile(name: "<test>", text: script))
        let clock = ContinuousClock()
        let start = clock.now
        let (plan, bindErrors) = Binder.bind(statements, session: session)
        let bound = clock.now - start
        #expect(bindErrors.isEmpty)
        let expr = try #require(plan.statements[1].pipeline?.stages[1].syntax.items[0].expr)
        #expect(Self.expandedCall(expr) != nil)
        // One node per call and one per argument: 48, where copying the argument at each use
        // would have made 2^24 - 1 calls.
        #expect(Self.sharedNodes(expr) == 48)
        try session.run(text: script, name: "<test>")
        #expect(sink.output == "v\n16777216\n")
        #expect(bound < .seconds(1), "binding took \(bound)")
        #expect(clock.now - start < .seconds(5))
    }

    @Test func aDefChainEightyDeepIsExpandedInLinearTime() throws {
        // 80 levels of 3 (the call, its body, the argument): within the nesting limit.
        let nested = String(repeating: "d(", count: 80) + "mark" + String(repeating: ")", count: 80)
        let expr = try Self.expression("vpr | derive v = \(nested)")
        let session = Self.session()
        try session.run(text: "def d(x) = x + x - x", name: "<defs>")
        let expanded = try #require(DefExpansion.expand(expr, functions: session.functions))
        #expect(Self.sharedNodes(expanded) == 160)
        #expect(expanded.height <= NestingLimit.levels)
        let vpr = try #require(session.datasets["vpr"]?.table)
        let column = try session.evaluator.column(expanded, in: Scope(table: vpr))
        #expect(column.value(at: 0) == .int(5))
    }

    @Test func recursionIsLeftToTheRunAndSaysWhatItSaid() throws {
        let session = Self.session()
        try session.run(text: "def f(x) = g(x) + 1\ndef g(x) = f(x)", name: "<defs>")
        let expr = try Self.expression("vpr | derive y = f(mark)")
        #expect(DefExpansion.expand(expr, functions: session.functions) == nil)
        let result: [MsokoError]
        do {
            try session.run(text: "def f(x) = g(x) + 1\ndef g(x) = f(x)\nvpr | derive y = f(mark)", name: "<test>")
            result = []
        } catch {
            result = error.errors
        }
        #expect(result.count == 1)
        #expect(result.first?.message.hasPrefix("`f` calls itself through `g`: a `def` cannot be recursive") == true)
        #expect(result.first?.range?.location == "<test>:2:12")
        #expect(result.first?.hint == "write the steps out, or compute them one after another with `derive`")
    }

    @Test func callsPastTheExpansionLimitAreLeftToTheRun() throws {
        var defs = "def d0(x) = x + x\n"
        for level in 1..<16 { defs += "def d\(level)(x) = d\(level - 1)(x) + d\(level - 1)(x)\n" }
        let session = Self.session()
        try session.run(text: defs, name: "<defs>")
        #expect(DefExpansion.expand(try Self.expression("vpr | derive y = d15(mark)"), functions: session.functions) == nil)
        #expect(DefExpansion.expand(try Self.expression("vpr | derive y = d8(mark)"), functions: session.functions) != nil)
        let result: [MsokoError]
        do {
            try session.run(text: defs + "vpr | derive y = d15(mark)", name: "<test>")
            result = []
        } catch {
            result = error.errors
        }
        #expect(result.count == 1)
        #expect(result.first?.message.hasPrefix("expression expands more than 10000 `def` calls") == true)
        #expect(result.first?.range?.location == "<test>:17:18")
        #expect(result.first?.hint?.hasPrefix("the last was `d2` at <test>:4:21;") == true, "\(result.first?.hint ?? "")")
    }

    @Test func anExpandedTreeStillCountsItsCallsWhenItRuns() throws {
        // Bound, six chains of 60 calls are 360 expansions. Run, each argument is evaluated
        // over the scope and again inside `sum`, and the inner calls with it: past the limit.
        // The run counts the bound plan's calls as it counted its own, and stops at the same call.
        let session = Self.session()
        try session.run(text: "def e(x) = x * 0 + sum(x)", name: "<defs>")
        let chain = String(repeating: "e(", count: 60) + "mark" + String(repeating: ")", count: 60)
        let written = try Self.expression("vpr | derive y = " + Array(repeating: chain, count: 6).joined(separator: " + "))
        let expanded = try #require(DefExpansion.expand(written, functions: session.functions))
        // One row: `sum(x)` is `x`, and the values stay small.
        let pupil = Self.table("mark", [5])
        let asWritten = Self.failure { try session.evaluator.column(written, in: Scope(table: pupil)) }
        let asBound = Self.failure { try session.evaluator.column(expanded, in: Scope(table: pupil)) }
        #expect(asWritten?.message.hasPrefix("expression expands more than 10000 `def` calls") == true)
        #expect(asBound?.message == asWritten?.message)
        #expect(asBound?.range?.location == asWritten?.range?.location)
        #expect(asBound?.hint == asWritten?.hint)
        #expect(asBound?.hint?.contains("the last was `e` at <test>:1:") == true, "\(asBound?.hint ?? "")")
    }

    static func failure(_ body: () throws -> Column) -> MsokoError? {
        do {
            _ = try body()
            return nil
        } catch let error as MsokoError {
            return error
        } catch {
            return MsokoError(.runtime, "\(error)", at: nil)
        }
    }

    @Test func treesTooDeepAreLeftToTheRun() throws {
        let session = Self.session()
        let wrapped = String(repeating: "abs(", count: 200) + "x" + String(repeating: ")", count: 200)
        try session.run(text: "def f(x) = \(wrapped)", name: "<defs>")
        #expect(DefExpansion.expand(try Self.expression("vpr | derive y = f(-3)"), functions: session.functions) != nil)
        #expect(DefExpansion.expand(try Self.expression("vpr | derive y = f(f(-3))"), functions: session.functions) == nil)
        let result: [MsokoError]
        do {
            try session.run(text: "vpr | head 1 | derive y = f(f(-3))", name: "<test>")
            result = []
        } catch {
            result = error.errors
        }
        #expect(result.first?.message.hasPrefix("expression nested too deeply: more than \(NestingLimit.levels) levels") == true,
                "\(result.map(\.message))")
    }

    @Test func anUnusedParameterLeavesTheCallToTheRun() throws {
        // `k(mark, sum(mark))` as a group key is refused (an aggregate in a key) though `y` is
        // never evaluated: the expression as written is what is checked.
        let session = Self.session()
        try session.run(text: "def k(x, y) = x", name: "<defs>")
        #expect(DefExpansion.expand(try Self.expression("vpr | derive z = k(mark, sum(mark))"), functions: session.functions) == nil)
        let result: [MsokoError]
        do {
            try session.run(text: "vpr | summarize n = count() by g = k(mark, sum(mark))", name: "<test>")
            result = []
        } catch {
            result = error.errors
        }
        #expect(result.map(\.message) == ["a group key cannot be an aggregate"], "\(result.map(\.message))")
    }

    // MARK: the bound plan runs as the written one did

    /// Stages whose results (or errors) must be the same whether the evaluator expands the calls
    /// as it goes or runs the bound plan's expansion: prelude `def`s and the script's own.
    static let stages = [
        "summarize q = quality(mark), p = pass_rate(mark), s = sou(mark), m = mark_pct(mark, 5) by school_id",
        "summarize q = quality(mark) by school_id, g = twice(grade)",
        "derive t = task_status(100 * primary_score / 20, \"Б\"), share = twice(mark) / sum(mark) by school_id",
        "derive w = centred(primary_score)",
        "summarize m = mean(quality(mark)) by school_id",
        "summarize m = quality(mean(mark)) by school_id",
        "summarize m = mean(twice(mark) + quality(mark))",
        "derive q = quality(school_id)",
        "derive q = twice(school_id)",
        "derive q = twice(shcool_id)",
        "where twice(mark) >= 8",
        "sort twice(mark) desc, pupil_code",
        "summarize n = count() by c = class_letter(class_id, grade)",
        "summarize n = count() by k = twice(sum(mark))",
        "derive k = nested(mark, 2)",
        "save \"/nonexistent/never.csv\" with when = quality(mark) > 100",
        "count by k = twice(grade), subject",
    ]

    @Test(arguments: stages.indices)
    func aStageRunsAsWrittenAndAsBoundAlike(_ index: Int) throws {
        let session = Self.session()
        try session.run(text: """
            def twice(x) = x + x
            def centred(x) = x - mean(x)
            def nested(x, n) = twice(twice(x) * n) + twice(x)
            """, name: "<defs>")
        let written = try Self.stage("vpr | " + Self.stages[index])
        let verb = try #require(VerbRegistry.lookup(written.verb))
        let bound = written.expandingDefs(session.functions, for: verb, open: false)
        let vpr = try #require(session.datasets["vpr"]?.table)
        let expressions = bound.items.map(\.expr) + bound.clauses.flatMap { $0.items.map(\.expr) }
        #expect(expressions.contains { Self.sharedNodes($0) > 0 }, "something was expanded")
        let asWritten = Result { try verb.run(written, vpr, session) }
        let asBound = Result { try verb.run(bound, vpr, session) }
        switch (asWritten, asBound) {
        case (.success(let one), .success(let other)):
            #expect(one.names == other.names)
            #expect(one.rowCount == other.rowCount)
            for (a, b) in zip(one.columns, other.columns) {
                #expect(Self.values(a, count: one.rowCount) == Self.values(b, count: other.rowCount))
            }
        case (.failure(let one as MsokoError), .failure(let other as MsokoError)):
            #expect(one.message == other.message)
            #expect(one.range?.location == other.range?.location)
            #expect(one.hint == other.hint)
        default:
            Issue.record("as written: \(asWritten); as bound: \(asBound)")
        }
    }
}
