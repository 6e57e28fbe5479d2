import Testing
@testable import MsokoKit

/// `where … | summarize` and `where … | count` gather only the columns the second stage reads
/// (`Plan/LateMaterialisation.swift`); each case here must print exactly what the two stages
/// print when run apart (the filtered table bound with `let`, which gathers every column).
@Suite struct LateMaterialisationTests {
    static let load = "load \"data/vpr.csv\" as vpr\ndef good(m) = pct(m >= 4)\n"

    static let pairs: [(filter: String, consumer: String)] = [
        ("where grade >= 5 and mark is not null", "summarize n = count(), m = mean(mark), s = sum(primary_score), sd = stddev(primary_score) by school_id, subject"),
        ("where subject == \"Математика\"", "count by school_id"),
        ("where mark >= 4", "count"),
        ("where year == 1900", "summarize n = count(), m = mean(mark)"),
        ("where year == 1900", "count by school_id"),
        ("where true", "summarize n = count() by grade"),
        ("where mark is null", "summarize q = good(journal_mark) by school_id"),
        ("where grade == 5", "summarize band = count() by b = floor(primary_score / 5)"),
        ("where grade == 5", "summarize n = count() by school_id, school_id"),
        ("where grade == 5", "summarize n = count(mark) by shcool_id"),
        ("where grade == 5", "summarize n = count(mrk)"),
        ("where grade", "count"),
        ("where grade >= 5", "summarize x = pct(status)"),
    ]

    @Test(arguments: pairs.indices)
    func fusedPairPrintsWhatTwoStagesPrint(_ case: Int) {
        let (filter, consumer) = Self.pairs[`case`]
        let fused = runScript(Self.load + "vpr | \(filter) | \(consumer)\n", format: .csv)
        let apart = runScript(Self.load + "let kept = vpr | \(filter)\nkept | \(consumer)\n", format: .csv)
        #expect(fused.ok == apart.ok)
        #expect(fused.out == apart.out)
        if !fused.ok {
            // Only the place differs: the pipeline stands on another line in each script.
            #expect(Self.messages(fused.err) == Self.messages(apart.err))
        }
    }

    /// The message and hint lines of rendered errors, without their place, excerpt and caret.
    static func messages(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
            .filter { $0.contains("error") || $0.contains("hint") || $0.contains("did you mean") }
            .map { line in line.range(of: " error: ").map { String(line[$0.lowerBound...]) } ?? line }
    }

    @Test func selectionKernelKeepsTrueValidRows() {
        var validity = Bitmap(count: 4, value: true)
        validity.clear(1)
        guard case .rows(let rows) = SelectionKernel.select([true, true, false, true], validity: validity) else {
            Issue.record("expected a selection")
            return
        }
        #expect(rows == [0, 3])
        guard case .all = SelectionKernel.select([true, true], validity: nil) else {
            Issue.record("every row is true: the table passes through")
            return
        }
    }
}
