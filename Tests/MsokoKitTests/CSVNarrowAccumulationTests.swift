import Foundation
import Testing
@testable import MsokoKit

/// Integer columns are accumulated at the narrowest width seen so far (`CSVNarrowInts`) and
/// widened when a later chunk needs more bits. Whatever the chunking, the finished column must
/// be what narrowing the whole column at once gives: same width, values and nulls.
@Suite struct CSVNarrowAccumulationTests {
    typealias T = CSVTestSupport

    /// `values` as one int column `v` (nil: an empty cell), with a row number column `k`.
    static func text(_ values: [Int64?]) -> String {
        var text = "k,v\n"
        for (row, value) in values.enumerated() { text += "\(row),\(value.map(String.init) ?? "")\n" }
        return text
    }

    static func column(_ text: String, chunk: Int, parallel: Bool,
                       _ configure: (inout CSVOptions) -> Void = { _ in }) -> Column? {
        CSVParse.$chunkBytes.withValue(chunk) {
            CSVParse.$parallelChunks.withValue(parallel) {
                try? T.read(text, configure).table.columns[1]
            }
        }
    }

    /// Every chunking gives the width `IntVector(narrowing:)` picks for the values, the values
    /// themselves and the nulls.
    static func expectNarrowest(_ values: [Int64?], sizes: [Int] = [1, 3, 7, 16, 40, 1 << 30],
                                _ configure: (inout CSVOptions) -> Void = { _ in },
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = IntVector(narrowing: values.map { $0 ?? 0 })
        let text = text(values)
        for size in sizes {
            for parallel in [false, true] {
                guard let column = column(text, chunk: size, parallel: parallel, configure),
                      case .int(let got) = column.storage else {
                    Issue.record("not an int column (chunk \(size), parallel \(parallel))", sourceLocation: sourceLocation)
                    return
                }
                #expect(got.bitWidth == expected.bitWidth, "chunk \(size), parallel \(parallel)",
                        sourceLocation: sourceLocation)
                #expect(got == expected, "chunk \(size), parallel \(parallel)", sourceLocation: sourceLocation)
                for (row, value) in values.enumerated() {
                    #expect(column.isNull(row) == (value == nil), "row \(row), chunk \(size)",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func widensInALaterChunk() {
        let small: [Int64?] = (0..<30).map { Int64($0 % 100) }
        for late: Int64 in [127, 128, 300, 32_767, 32_768, 70_000, 2_147_483_647, 2_147_483_648, Int64.max] {
            Self.expectNarrowest(small + [late] + small)
            Self.expectNarrowest(small + [late])
        }
    }

    @Test func negativeBoundaries() {
        let small: [Int64?] = (0..<30).map { Int64($0 % 7) - 3 }
        for late: Int64 in [-128, -129, -32_768, -32_769, -2_147_483_648, -2_147_483_649, Int64.min + 1] {
            Self.expectNarrowest(small + [late] + small)
        }
    }

    @Test func widensStepByStep() {
        // 8 → 16 → 32 → 64 bits, one widening per later chunk.
        var values: [Int64?] = (0..<20).map { Int64($0) }
        values += (0..<20).map { Int64(1_000 + $0) }
        values += (0..<20).map { Int64(100_000 + $0) }
        values += (0..<20).map { Int64(10_000_000_000 + $0) }
        Self.expectNarrowest(values)
        Self.expectNarrowest(values.reversed())
    }

    @Test func nullsAroundWidening() {
        var values: [Int64?] = (0..<25).map { (row: Int) -> Int64? in row % 3 == 0 ? nil : Int64(row) }
        let middle: [Int64?] = [nil, nil, 40_000, nil]
        values += middle
        values += (0..<25).map { (row: Int) -> Int64? in row % 4 == 0 ? nil : Int64(-row) }
        Self.expectNarrowest(values)
        // Nulls first (the column is empty until its first value), then a wide value.
        var leading = [Int64?](repeating: nil, count: 7)
        let later: [Int64?] = [5, 6, nil, -200, 7]
        leading += later
        Self.expectNarrowest(leading)
        // All nulls but one.
        var one = [Int64?](repeating: nil, count: 30)
        one.append(Int64.max)
        Self.expectNarrowest(one)
    }

    @Test func wideningInTheSecondThreadsChunk() {
        // Two chunks are parsed at a time: with chunks of ~40 bytes the second of each step is
        // the other thread's; a wide value lands in every position once.
        let base: [Int64?] = (0..<60).map { Int64($0 % 50) }
        for at in stride(from: 0, to: base.count, by: 3) {
            var values = base
            values[at] = 1_000_000
            Self.expectNarrowest(values, sizes: [20, 40, 64])
        }
    }

    @Test func intThenDoubleAfterWidening() {
        var text = "k,v\n"
        for row in 0..<40 { text += "\(row),\(row < 20 ? "\(row)" : row < 30 ? "\(70_000 + row)" : "\(row).5")\n" }
        let reference = Self.column(text, chunk: 1 << 30, parallel: false)
        for size in [1, 5, 16, 40] {
            for parallel in [false, true] {
                let column = Self.column(text, chunk: size, parallel: parallel)
                #expect(column?.type == .double)
                guard case .double(let got)? = column?.storage, case .double(let want)? = reference?.storage else {
                    Issue.record("not a double column")
                    return
                }
                #expect(got == want)
                #expect(got[25] == 70_025)
                #expect(got[35] == 35.5)
            }
        }
    }

    @Test func explicitIntTypeWithFailures() {
        // `types = {v: "int"}`: failing cells are nulls (ignore_errors) and do not widen.
        var text = "k,v\n"
        for row in 0..<40 { text += "\(row),\(row == 30 ? "x" : row == 20 ? "-40000" : "\(row)")\n" }
        for size in [1, 7, 40, 1 << 30] {
            let column = CSVParse.$chunkBytes.withValue(size) {
                try? T.read(text) { $0.types = ["v": .int]; $0.ignoreErrors = true }.table.columns[1]
            }
            guard case .int(let got)? = column?.storage else { continue }
            #expect(got.bitWidth == 32)
            #expect(got[20] == -40_000)
        }
    }
}
