import Foundation
import Testing
@testable import MsokoKit

/// Hostile or generated input cannot crash or stall the front end (issue 11): each test is one
/// of the issue's reproducers. Before the fix the deep ones overflowed the stack (the test
/// process died), the noisy ones printed hundreds of megabytes, and the `def` ones ran for
/// minutes; now each either works or stops with one bounded message.
@Suite struct DeepInputTests {
    /// `expression` evaluated on a one-row table: its value as CSV text, or the errors.
    func value(of expression: String, defs: String = "") -> (value: String, err: String, ok: Bool) {
        let script = defs + "vpr | head 1 | derive v = " + expression + " | select v\n"
        let result = runScript("run \"data/setup.msoko\"\n" + script, format: .csv)
        let lines = result.out.split(separator: "\n")
        return (lines.count == 2 ? String(lines[1]) : result.out, result.err, result.ok)
    }

    func nested(_ open: String, _ core: String, _ close: String, _ count: Int) -> String {
        String(repeating: open, count: count) + core + String(repeating: close, count: count)
    }

    func isNestingError(_ err: String) -> Bool {
        err.contains("error: expression nested too deeply: more than \(NestingLimit.levels) levels")
    }

    // MARK: the parser

    @Test func parenthesesTwoThousandDeepAreRefused() {
        let result = value(of: nested("(", "1", ")", 2_138))
        #expect(!result.ok)
        #expect(isNestingError(result.err), "\(result.err.prefix(300))")
        #expect(result.err.count < 1_500, "the message echoes a bounded excerpt")
    }

    @Test func parenthesesWithinTheLimitWork() {
        // The statement's own expression is one level; each bracket is another.
        #expect(value(of: nested("(", "7", ")", NestingLimit.levels - 1)).value == "7")
        #expect(isNestingError(value(of: nested("(", "7", ")", NestingLimit.levels)).err))
    }

    @Test func notsAndNestedCallsAreRefused() {
        let nots = value(of: String(repeating: "not ", count: 2_474) + "true")
        #expect(isNestingError(nots.err), "\(nots.err.prefix(300))")
        let calls = value(of: nested("abs(", "-1", ")", 1_675))
        #expect(isNestingError(calls.err), "\(calls.err.prefix(300))")
        let minus = value(of: String(repeating: "- ", count: 5_000) + "mark")
        #expect(isNestingError(minus.err), "\(minus.err.prefix(300))")
    }

    @Test func nestingWithinTheLimitWorks() {
        #expect(value(of: String(repeating: "not ", count: 200) + "true").value == "true")
        #expect(value(of: nested("abs(", "-1", ")", 200)).value == "1")
    }

    @Test func operatorsOfEveryPrecedenceCountAsLevels() {
        // `a or b and not c == d + e * f` nests without brackets: six levels for each bracket.
        let step = "(false or true and 1 == 1 + 1 * abs"
        let deep = String(repeating: step, count: 60) + "(1)" + String(repeating: "))", count: 60)
        #expect(isNestingError(value(of: deep).err))
    }

    // MARK: flat chains

    @Test func generatedSumOf2500TermsWorks() {
        let terms = (1...2_500).map(String.init).joined(separator: " + ")
        #expect(value(of: terms).value == "3126250")
    }

    @Test func longChainsOfEveryKindWork() {
        #expect(value(of: Array(repeating: "1", count: 2_474).joined(separator: " - ")).value == "-2472")
        #expect(value(of: Array(repeating: "1", count: 3_000).joined(separator: " * ") + " * 0").value == "0")
        #expect(value(of: Array(repeating: "true", count: 3_000).joined(separator: " and ")).value == "true")
        #expect(value(of: Array(repeating: "mark > 9", count: 3_000).joined(separator: " or ")).value == "false")
    }

    @Test func hundredThousandTermSumParsesEvaluatesAndIsFreed() {
        let terms = Array(repeating: "1", count: 100_000).joined(separator: " + ")
        let (statements, errors) = Parser.parse(SourceFile(name: "<sum>", text: "param x = " + terms))
        #expect(errors.isEmpty)
        #expect(statements.count == 1)
        #expect(value(of: terms).value == "100000")
    }

    @Test func syntaxErrorAfter88000TermsIsReportedAndTheTreeFreed() {
        let terms = Array(repeating: "1", count: 88_000).joined(separator: " + ")
        let result = value(of: terms + " + * 2")
        #expect(result.err.contains("error: expected a value, found `*`"), "\(result.err.prefix(300))")
        #expect(result.err.count < 1_500)
    }

    @Test func messagesAboutAStepOfAChainNameItsText() {
        let overflow = value(of: "1 + 9223372036854775807 + 2")
        #expect(overflow.err.contains("error: integer overflow in `1 + 9223372036854775807`"), "\(overflow.err)")
        let logic = value(of: "true and mark > 3 and 5")
        #expect(logic.err.contains("error: `and` needs true/false values on both sides, but `5` is int"), "\(logic.err)")
        let text = value(of: "1 + 2 + school_id")
        #expect(text.err.contains("error: cannot apply `+` to int and text"), "\(text.err)")
        #expect(text.err.contains("^~~~~~~~~~~~~~~~~"), "the caret covers `1 + 2 + school_id`: \(text.err)")
    }

    // MARK: defs

    @Test func defCallingItselfIsAnErrorNotAStackOverflow() {
        // The issue's 201-byte script: a recursive `def` wrapped in thirty calls.
        let defs = "def f(x) = " + nested("abs(", "f(x)", ")", 30) + "\n"
        let result = value(of: "f(mark)", defs: defs)
        #expect(result.err.contains("error: `f` calls itself: a `def` cannot be recursive"), "\(result.err.prefix(400))")
    }

    @Test func mutualRecursionNamesTheCycle() {
        let defs = "def f(x) = g(x) + 1\ndef g(x) = h(x) * 2\ndef h(x) = f(x)\n"
        let result = value(of: "f(mark)", defs: defs)
        #expect(result.err.contains("error: `f` calls itself through `g`, `h`: a `def` cannot be recursive"), "\(result.err)")
    }

    @Test func defPassedItsOwnCallIsNotRecursion() {
        #expect(value(of: "d(d(d(mark)))", defs: "def d(x) = x + 1\n").value == "8")
    }

    @Test func recursiveDefAsAGroupKeyIsAnErrorNotAStall() {
        let script = "run \"data/setup.msoko\"\ndef f(x) = f(x) + f(x)\nvpr | summarize n = count() by k = f(mark)\n"
        let result = runScript(script)
        #expect(result.err.contains("`f` calls itself"), "\(result.err)")
    }

    @Test func defDoublingItsArgument24DeepIsQuick() {
        let clock = ContinuousClock()
        let start = clock.now
        let result = value(of: nested("d(", "1", ")", 24), defs: "def d(x) = x + x\n")
        #expect(result.value == "16777216")
        #expect(clock.now - start < .seconds(5), "each argument is evaluated once, not copied at every use")
    }

    @Test func defsCallingEachOtherTwiceStopAtTheExpansionLimit() {
        var defs = "def d0(x) = x + x\n"
        for level in 1..<24 { defs += "def d\(level)(x) = d\(level - 1)(x) + d\(level - 1)(x)\n" }
        let result = value(of: "d23(1)", defs: defs)
        #expect(result.err.contains("error: expression expands more than \(Evaluator.maximumExpansions) `def` calls"), "\(result.err)")
        // Within the limit the same shape works.
        #expect(value(of: "d8(1)", defs: defs).value == "512")
    }

    @Test func defBodiesCountTowardsTheNestingLimit() {
        let defs = "def f(x) = " + nested("abs(", "x", ")", 200) + "\n"
        #expect(value(of: "f(-3)", defs: defs).value == "3")
        #expect(isNestingError(value(of: "f(f(-3))", defs: defs).err))
    }

    @Test func argumentsGrowingThroughDefsStopAtTheLimit() {
        // Each `def` wraps its argument in 100 calls and passes it on; the last aggregates it. The
        // argument grew to 10,000 levels, and looking into it for nested aggregates overflowed
        // the stack before anything was evaluated.
        var defs = ""
        for level in 1..<100 { defs += "def f\(level)(x) = f\(level + 1)(" + nested("abs(", "x", ")", 100) + ")\n" }
        defs += "def f100(x) = sum(x)\n"
        let result = runScript("run \"data/setup.msoko\"\n" + defs + "vpr | summarize s = f1(mark) by school_id\n")
        #expect(isNestingError(result.err), "\(result.err.prefix(400))")
    }

    @Test func aggregateInsideADefArgumentIsStillRefused() {
        let result = value(of: "quality(mean(mark))")
        #expect(result.err.contains("error: an aggregate cannot contain another aggregate"), "\(result.err)")
    }

    @Test func sharedArgumentIsEvaluatedPerScope() {
        // In `summarize`, `k` is the input rows inside `count_if` and the group keys outside it:
        // the value kept for one scope must not stand for the other.
        let script = "run \"data/setup.msoko\"\ndef g(k) = if(count_if(k == k) > 0, k, null)\n"
            + "vpr | summarize s = g(school_id), n = count() by school_id\n"
        let result = runScript(script, format: .csv)
        #expect(result.out == "school_id,s,n\nS01,S01,10\nS02,S02,7\nS03,S03,5\n", "\(result.out)\(result.err)")
    }

    // MARK: diagnostics

    @Test func tenKilobytesOfStrayCharactersAreOneBoundedError() {
        for size in [10_240, 30_720] {
            let result = runScript(String(repeating: "@", count: size) + "\n")
            #expect(!result.ok)
            #expect(result.err.contains("error: \(size) unexpected characters `@@@@@@@@@@…`"), "\(result.err.prefix(300))")
            #expect(result.err.utf8.count < 1_500, "\(result.err.utf8.count) bytes of diagnostics")
        }
    }

    @Test func manyErrorsStopAtTwentyAndCountTheRest() {
        let result = runScript(String(repeating: "@ ", count: 5_000) + "\n")
        #expect(result.err.components(separatedBy: "error: unexpected character `@`").count - 1 == Parser.maximumReportedErrors)
        #expect(result.err.contains("error: … and 4980 more syntax errors (и ещё 4980 ошибок)"), "\(result.err.suffix(300))")
        #expect(result.err.utf8.count < 20_000, "\(result.err.utf8.count) bytes of diagnostics")
    }

    @Test func russianCountsAgree() {
        #expect(Parser.russianErrors(1) == "ошибка")
        #expect(Parser.russianErrors(3) == "ошибки")
        #expect(Parser.russianErrors(11) == "ошибок")
        #expect(Parser.russianErrors(21) == "ошибка")
        #expect(Parser.russianErrors(112) == "ошибок")
        #expect(Parser.russianErrors(4980) == "ошибок")
    }

    @Test func longLinesAreShownAsAWindowAroundTheCaret() {
        let line = "vpr | derive " + (1...2_000).map { "c\($0) = \($0)" }.joined(separator: ", ") + ", bad = mark +"
        let result = runScript("run \"data/setup.msoko\"\n" + line + " * 2\n")
        #expect(result.err.contains("error: expected a value, found `*`"), "\(result.err.prefix(300))")
        let longest = result.err.split(separator: "\n").map(\.count).max() ?? 0
        #expect(longest <= DiagnosticRenderer.excerptLength + 20, "longest line of the message: \(longest)")
        #expect(result.err.contains(" 2 | …c1"), "the start of the line is cut: \(result.err)")
        #expect(result.err.contains("c2000 = 2000, bad = mark + * 2\n"), "the caret's surroundings are shown: \(result.err)")
    }

    @Test func longMessagesAreElided() {
        // A megabyte-long name: elided in the message, and "did you mean" only compares it with
        // names of about its length (it took seconds against every column).
        let name = String(repeating: "x", count: 1_000_000)
        let result = runScript("run \"data/setup.msoko\"\nvpr | where `\(name)` > 1\n")
        #expect(result.err.contains("error: unknown column"), "\(result.err.prefix(300))")
        #expect(result.err.utf8.count < 2_000, "\(result.err.utf8.count) bytes of diagnostics")
    }
}
