import Foundation
import Testing
@testable import MsokoKit

/// Hand-computed cases for the grouped aggregates: nulls, ties, empty groups, single values,
/// several groups, text order, overflow, accuracy.
@Suite struct StatsAggregateTests {
    /// One aggregate, results as boxed values per group.
    func aggregate(_ function: AggregateFunction, _ arguments: [Column], p: Double? = nil,
                   groups: [Int32], groupCount: Int) throws -> [Value] {
        let column = try GroupedAggregation.compute(function, arguments: arguments, parameter: p,
                                                    groups: groups, groupCount: groupCount)
        #expect(column.count == groupCount)
        return (0..<column.count).map { column.value(at: $0) }
    }

    /// x = [1, null, 3, 4, null, 10, 2]; group 0 holds 1, null, 3, 2; group 1 holds 4, 10;
    /// group 2 holds one null; group 3 has no rows.
    let x = Column.from([.int(1), .null, .int(3), .int(4), .null, .int(10), .int(2)])
    let groups: [Int32] = [0, 0, 0, 1, 2, 1, 0]

    @Test func countsSkipNullsAndKeepEmptyGroupsAtZero() throws {
        #expect(try aggregate(.count, [], groups: groups, groupCount: 4) == [.int(4), .int(2), .int(1), .int(0)])
        #expect(try aggregate(.count, [x], groups: groups, groupCount: 4) == [.int(3), .int(2), .int(0), .int(0)])
        #expect(try aggregate(.distinct_count, [x], groups: groups, groupCount: 4) == [.int(3), .int(2), .int(0), .int(0)])
    }

    @Test func distributiveAggregatesOfInts() throws {
        #expect(try aggregate(.sum, [x], groups: groups, groupCount: 4) == [.int(6), .int(14), .null, .null])
        #expect(try aggregate(.min, [x], groups: groups, groupCount: 4) == [.int(1), .int(4), .null, .null])
        #expect(try aggregate(.max, [x], groups: groups, groupCount: 4) == [.int(3), .int(10), .null, .null])
        #expect(try aggregate(.first, [x], groups: groups, groupCount: 4) == [.int(1), .int(4), .null, .null])
        #expect(try aggregate(.last, [x], groups: groups, groupCount: 4) == [.int(2), .int(10), .null, .null])
    }

    @Test func algebraicAggregatesOfInts() throws {
        #expect(try aggregate(.mean, [x], groups: groups, groupCount: 4) == [.double(2), .double(7), .null, .null])
        #expect(try aggregate(.var, [x], groups: groups, groupCount: 4) == [.double(1), .double(18), .null, .null])
        #expect(try aggregate(.stddev, [x], groups: groups, groupCount: 4)
                == [.double(1), .double(18.0.squareRoot()), .null, .null])
    }

    @Test func holisticAggregatesOfInts() throws {
        #expect(try aggregate(.median, [x], groups: groups, groupCount: 4) == [.double(2), .double(7), .null, .null])
        // Group 1 = [4, 10]: h = 0.25 · 1, 4 + 0.25 · 6 = 5.5.
        #expect(try aggregate(.quantile, [x], p: 0.25, groups: groups, groupCount: 4)
                == [.double(1.5), .double(5.5), .null, .null])
        // All values tie in both groups: the smallest wins.
        #expect(try aggregate(.mode, [x], groups: groups, groupCount: 4) == [.int(1), .int(4), .null, .null])
    }

    @Test func singleValues() throws {
        let one = Column.from([.double(3.25)])
        for function in [AggregateFunction.mean, .median, .min, .max, .first, .last, .mode, .sum] {
            #expect(try aggregate(function, [one], groups: [0], groupCount: 1) == [.double(3.25)], "\(function)")
        }
        #expect(try aggregate(.quantile, [one], p: 0.9, groups: [0], groupCount: 1) == [.double(3.25)])
        #expect(try aggregate(.var, [one], groups: [0], groupCount: 1) == [.null])
        #expect(try aggregate(.stddev, [one], groups: [0], groupCount: 1) == [.null])
        #expect(try aggregate(.corr, [one, one], groups: [0], groupCount: 1) == [.null])
    }

    @Test func quantileInterpolatesLinearly() throws {
        let values = Column.from([4, 1, 3, 2].map { Value.int($0) })
        let zeros: [Int32] = [0, 0, 0, 0]
        #expect(try aggregate(.median, [values], groups: zeros, groupCount: 1) == [.double(2.5)])
        #expect(try aggregate(.quantile, [values], p: 0, groups: zeros, groupCount: 1) == [.double(1)])
        #expect(try aggregate(.quantile, [values], p: 1, groups: zeros, groupCount: 1) == [.double(4)])
        #expect(try aggregate(.quantile, [values], p: 0.75, groups: zeros, groupCount: 1) == [.double(3.25)])
        // h = 0.1 · 3 = 0.3 → 1 + 0.3 · (2 − 1)
        let tenth = try aggregate(.quantile, [values], p: 0.1, groups: zeros, groupCount: 1)
        #expect(tenth[0].asDouble.map { abs($0 - 1.3) < 1e-15 } == true)
        // p may come as a second (constant) argument too; outside 0...1 is an error, not a trap.
        #expect(try aggregate(.quantile, [values, Column.constant(.double(0.5), count: 4)], p: 0.5,
                              groups: zeros, groupCount: 1) == [.double(2.5)])
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.quantile, arguments: [values], parameter: 1.5, groups: zeros, groupCount: 1)
        }
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.quantile, arguments: [values], parameter: nil, groups: zeros, groupCount: 1)
        }
    }

    @Test func modeTiesGoToTheSmallest() throws {
        let values = Column.from([5, 3, 3, 2, 5, 2, 9].map { Value.int($0) })
        #expect(try aggregate(.mode, [values], groups: [Int32](repeating: 0, count: 7), groupCount: 1) == [.int(2)])
        let clear = Column.from([5, 3, 3, 2, 9].map { Value.int($0) })
        #expect(try aggregate(.mode, [clear], groups: [0, 0, 0, 0, 0], groupCount: 1) == [.int(3)])
        let words = Column.from(["б", "а", "Я", "б", "а", "Я"].map { Value.text($0) })
        // Three-way tie; code-point order puts uppercase Я (U+042F) before а (U+0430).
        #expect(try aggregate(.mode, [words], groups: [Int32](repeating: 0, count: 6), groupCount: 1) == [.text("Я")])
        let flags = Column.from([.bool(true), .bool(false), .bool(true), .null])
        #expect(try aggregate(.mode, [flags], groups: [0, 0, 0, 0], groupCount: 1) == [.bool(true)])
        #expect(try aggregate(.mode, [Column.from([.bool(true), .bool(false)])], groups: [0, 0], groupCount: 1)
                == [.bool(false)])
    }

    @Test func textOrdersByCodePoint() throws {
        // Dictionary order (insertion) differs from code-point order, so ranks must be used.
        let words = Column.from([.text("апельсин"), .text("Яблоко"), .text("яблоко"), .text("Ёж"), .text("ель"), .null])
        let groups: [Int32] = [0, 0, 1, 1, 1, 1]
        #expect(try aggregate(.min, [words], groups: groups, groupCount: 2) == [.text("Яблоко"), .text("Ёж")])
        #expect(try aggregate(.max, [words], groups: groups, groupCount: 2) == [.text("апельсин"), .text("яблоко")])
        #expect(try aggregate(.first, [words], groups: groups, groupCount: 2) == [.text("апельсин"), .text("яблоко")])
        #expect(try aggregate(.last, [words], groups: groups, groupCount: 2) == [.text("Яблоко"), .text("ель")])
        #expect(try aggregate(.distinct_count, [words], groups: groups, groupCount: 2) == [.int(2), .int(3)])
        let result = try GroupedAggregation.compute(.min, arguments: [words], parameter: nil, groups: groups, groupCount: 2)
        #expect(result.type == .text)
    }

    @Test func datesAndBools() throws {
        let dates = Column.from(["2025-03-01", "2024-12-31", "2025-01-15"].map { Value.date(DateCodec.parse($0)!) })
        #expect(try aggregate(.min, [dates], groups: [0, 0, 0], groupCount: 1).map(\.plainText) == ["2024-12-31"])
        #expect(try aggregate(.max, [dates], groups: [0, 0, 0], groupCount: 1).map(\.plainText) == ["2025-03-01"])
        let flags = Column.from([.bool(true), .null, .bool(false), .bool(true)])
        #expect(try aggregate(.min, [flags], groups: [0, 0, 0, 1], groupCount: 2) == [.bool(false), .bool(true)])
        #expect(try aggregate(.max, [flags], groups: [0, 0, 0, 1], groupCount: 2) == [.bool(true), .bool(true)])
    }

    @Test func conditionsCountAndPercent() throws {
        let condition = Column.from([.bool(true), .bool(false), .null, .bool(true), .null, .bool(false)])
        let groups: [Int32] = [0, 0, 0, 0, 1, 2]
        #expect(try aggregate(.count_if, [condition], groups: groups, groupCount: 4) == [.int(2), .int(0), .int(0), .int(0)])
        let percents = try aggregate(.pct, [condition], groups: groups, groupCount: 4)
        #expect(percents == [.double(200.0 / 3), .null, .double(0), .null])
    }

    @Test func correlationUsesRowsWhereBothArePresent() throws {
        let x = Column.from([.int(1), .int(2), .null, .int(4), .int(1), .int(2), .int(3)])
        let y = Column.from([.double(1), .null, .double(3), .double(4), .double(5), .double(5), .double(5)])
        // Group 0: pairs (1, 1), (4, 4) → r = 1. Group 1: y is constant → null. Group 2: no rows.
        #expect(try aggregate(.corr, [x, y], groups: [0, 0, 0, 0, 1, 1, 1], groupCount: 3) == [.double(1), .null, .null])
        let up = Column.from([1, 2, 3, 4, 5].map { Value.double($0) })
        let down = Column.from([10, 8, 6, 4, 2].map { Value.double($0) })
        #expect(try aggregate(.corr, [up, down], groups: [0, 0, 0, 0, 0], groupCount: 1) == [.double(-1)])
    }

    @Test func integerSumOverflowIsAnError() throws {
        let huge = Column.from([.int(Int64.max), .int(1)])
        do {
            _ = try GroupedAggregation.compute(.sum, arguments: [huge], parameter: nil, groups: [0, 0], groupCount: 1)
            Issue.record("expected an overflow error")
        } catch {
            #expect(error.stage == .runtime)
            #expect(error.message.contains("64-bit"))
        }
        // The same values in different groups do not overflow.
        #expect(try aggregate(.sum, [huge], groups: [0, 1], groupCount: 2) == [.int(Int64.max), .int(1)])
        let low = Column.from([.int(Int64.min), .int(-1)])
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.sum, arguments: [low], parameter: nil, groups: [0, 0], groupCount: 1)
        }
    }

    @Test func compensatedSumsAndStableVariance() throws {
        // Naive summation loses the 1; Neumaier keeps it.
        let cancelling = Column.from([.double(1e100), .double(1), .double(-1e100)])
        #expect(try aggregate(.sum, [cancelling], groups: [0, 0, 0], groupCount: 1) == [.double(1)])
        // Ten times 0.1 sums to 0.9999999999999999 naively; the compensated mean is 0.1.
        let tenths = Column.from([Value](repeating: .double(0.1), count: 10))
        #expect(try aggregate(.mean, [tenths], groups: [Int32](repeating: 0, count: 10), groupCount: 1) == [.double(0.1)])
        // The textbook one-pass formula fails on large offsets; the exact variance is 30.
        let offset = Column.from([4.0, 7, 13, 16].map { Value.double(1e9 + $0) })
        #expect(try aggregate(.var, [offset], groups: [0, 0, 0, 0], groupCount: 1) == [.double(30)])
        #expect(try aggregate(.mean, [offset], groups: [0, 0, 0, 0], groupCount: 1) == [.double(1e9 + 10)])
    }

    @Test func nanOrdersLast() throws {
        let values = Column.from([.double(2), .double(.nan), .double(1)])
        let zeros: [Int32] = [0, 0, 0]
        #expect(try aggregate(.min, [values], groups: zeros, groupCount: 1) == [.double(1)])
        #expect(try aggregate(.max, [values], groups: zeros, groupCount: 1).first?.asDouble?.isNaN == true)
        #expect(try aggregate(.median, [values], groups: zeros, groupCount: 1) == [.double(2)])
        #expect(try aggregate(.distinct_count, [Column.from([.double(.nan), .double(.nan), .double(0), .double(-0.0)])],
                              groups: [0, 0, 0, 0], groupCount: 1) == [.int(2)])
    }

    @Test func untypedNullColumns() throws {
        let nothing = Column(.null(count: 3))
        let groups: [Int32] = [0, 1, 1]
        #expect(try aggregate(.count, [nothing], groups: groups, groupCount: 2) == [.int(0), .int(0)])
        #expect(try aggregate(.distinct_count, [nothing], groups: groups, groupCount: 2) == [.int(0), .int(0)])
        #expect(try aggregate(.count_if, [nothing], groups: groups, groupCount: 2) == [.int(0), .int(0)])
        for function in [AggregateFunction.mean, .sum, .median, .var, .min, .mode, .first, .pct] {
            #expect(try aggregate(function, [nothing], p: 0.5, groups: groups, groupCount: 2) == [.null, .null], "\(function)")
        }
        let mean = try GroupedAggregation.compute(.mean, arguments: [nothing], parameter: nil, groups: groups, groupCount: 2)
        #expect(mean.type == .double)
    }

    @Test func typeErrorsSayWhatWasExpected() throws {
        do {
            _ = try AggregateFunction.mean.resultType(argumentTypes: [.text])
            Issue.record("expected a type error")
        } catch {
            #expect(error.stage == .type)
            #expect(error.message == "mean() needs a number, got text")
        }
        #expect(throws: MsokoError.self) { try AggregateFunction.count_if.resultType(argumentTypes: [.int]) }
        #expect(throws: MsokoError.self) { try AggregateFunction.sum.resultType(argumentTypes: [.bool]) }
        #expect(throws: MsokoError.self) { try AggregateFunction.quantile.resultType(argumentTypes: [.int]) }
        #expect(throws: MsokoError.self) { try AggregateFunction.count.resultType(argumentTypes: [.int, .int]) }
        do {
            _ = try AggregateFunction.corr.resultType(argumentTypes: [.int, .text])
            Issue.record("expected a type error")
        } catch {
            #expect(error.message == "corr() needs a number as its second argument, got text")
        }
        // The kernel checks types too: a text column never reaches a numeric loop.
        let words = Column.from([.text("a")])
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.stddev, arguments: [words], parameter: nil, groups: [0], groupCount: 1)
        }
    }

    @Test func resultTypes() throws {
        #expect(try AggregateFunction.sum.resultType(argumentTypes: [.int]) == .int)
        #expect(try AggregateFunction.sum.resultType(argumentTypes: [.double]) == .double)
        #expect(try AggregateFunction.mean.resultType(argumentTypes: [.int]) == .double)
        #expect(try AggregateFunction.max.resultType(argumentTypes: [.date]) == .date)
        #expect(try AggregateFunction.mode.resultType(argumentTypes: [.text]) == .text)
        #expect(try AggregateFunction.count.resultType(argumentTypes: []) == .int)
        #expect(try AggregateFunction.pct.resultType(argumentTypes: [.bool]) == .double)
        #expect(try AggregateFunction.quantile.resultType(argumentTypes: [.int, .double]) == .double)
        #expect(AggregateFunction.count.argumentCount == 0...1)
    }

    @Test func badCallsAreErrorsNotCrashes() throws {
        let values = Column.from([.int(1), .int(2)])
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.sum, arguments: [values], parameter: nil, groups: [0], groupCount: 1)
        }
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.sum, arguments: [values], parameter: nil, groups: [0, 2], groupCount: 2)
        }
    }

    @Test func registryDescribesEveryFunction() {
        for function in AggregateFunction.allCases {
            #expect(!function.summary.isEmpty)
            #expect(function.signature.hasPrefix(function.rawValue + "("))
            #expect(function.example.contains(function.rawValue + "("), "\(function.rawValue) example")
        }
        #expect(AggregateFunction(rawValue: "var") == .var)
    }

    /// Many groups, nulls across bitmap words, unsorted group ids: each grouped result equals
    /// the plain statistic of that group's values.
    @Test func groupedAgreesWithPlainStatistics() throws {
        var generator = SplitMix64(seed: 2025)
        let rowCount = 5_000, groupCount = 37
        var values: [Value] = []
        var groups: [Int32] = []
        for _ in 0..<rowCount {
            groups.append(Int32(generator.next() % UInt64(groupCount)))
            values.append(generator.next() % 10 == 0 ? .null : .double(Double(generator.next() % 10_000) / 100 - 20))
        }
        let column = Column.from(values)
        var perGroup = [[Double]](repeating: [], count: groupCount)
        for row in 0..<rowCount { if let v = values[row].asDouble { perGroup[Int(groups[row])].append(v) } }
        let checks: [(AggregateFunction, Double?, ([Double]) -> Double?)] = [
            (.mean, nil, Statistics.mean), (.var, nil, Statistics.variance), (.stddev, nil, Statistics.stddev),
            (.median, nil, Statistics.median), (.quantile, 0.9, { Statistics.quantile($0, p: 0.9) }),
            (.mode, nil, Statistics.mode),
        ]
        for (function, p, plain) in checks {
            let results = try aggregate(function, [column], p: p, groups: groups, groupCount: groupCount)
            for group in 0..<groupCount {
                #expect(results[group].asDouble == plain(perGroup[group]), "\(function) group \(group)")
            }
        }
        let counts = try aggregate(.count, [column], groups: groups, groupCount: groupCount)
        #expect(counts == perGroup.map { .int(Int64($0.count)) })
    }
}

