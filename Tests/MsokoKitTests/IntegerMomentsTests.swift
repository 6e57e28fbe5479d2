import Foundation
import Testing
@testable import MsokoKit

/// The mean, variance and standard deviation of integer columns, bit for bit against Python's
/// `statistics` (exact fractions, rounded once): Tests/Reference/integer_moments_reference.json,
/// written by Tests/Reference/make_integer_moments_reference.py.
@Suite struct IntegerMomentsTests {
    struct Reference: Decodable {
        struct Group: Decodable {
            var label: String
            var values: [Int64?]
            var mean: String?
            var `var`: String?
            var stddev: String?
        }
        var tool: String
        var groups: [Group]

        static func load() throws -> Reference {
            let url = CorpusTable.repositoryRoot.appendingPathComponent("Tests/Reference/integer_moments_reference.json")
            let data = try #require(FileManager.default.contents(atPath: url.path), "run python3 Tests/Reference/make_integer_moments_reference.py")
            return try JSONDecoder().decode(Reference.self, from: data)
        }
    }

    static func column(_ values: [Int64?]) -> Column {
        Column(.int(IntVector(values.map { $0 ?? 0 })), validity: Bitmap(values.map { $0 != nil }))
    }

    static func expected(_ hex: String?) throws -> Double? {
        guard let hex else { return nil }
        return try #require(Double(hex), "not a hex float: \(hex)")
    }

    static func check(_ result: Column, group: Int, _ expected: Double?, _ label: String) {
        let actual = result.value(at: group)
        switch (actual, expected) {
        case (.null, nil): break
        case (.double(let value), let expected?):
            #expect(value.bitPattern == expected.bitPattern, "\(label): \(value) (\(value.hexString)) vs Python \(expected) (\(expected.hexString))")
        default:
            Issue.record("\(label): \(actual) vs Python \(String(describing: expected))")
        }
    }

    /// Each group alone: small ranges take the integer path, values up to 2^40 the compensated one.
    @Test func eachGroupMatchesPythonBitForBit() throws {
        let reference = try Reference.load()
        #expect(reference.groups.count > 200)
        for group in reference.groups {
            let column = Self.column(group.values)
            let groups = [Int32](repeating: 0, count: group.values.count)
            for (function, expected) in [(AggregateFunction.mean, group.mean), (.var, group.var), (.stddev, group.stddev)] {
                let result = try GroupedAggregation.compute(function, arguments: [column], parameter: nil, groups: groups, groupCount: 1)
                Self.check(result, group: 0, try Self.expected(expected), "\(function.rawValue) of \(group.label)")
            }
        }
    }

    /// All the small-range groups as one grouped column, as `summarize … by` computes them.
    @Test func groupedColumnMatchesPythonBitForBit() throws {
        let reference = try Reference.load()
        let small = reference.groups.filter { !$0.label.hasPrefix("huge") }
        var values: [Int64?] = []
        var groups: [Int32] = []
        for (index, group) in small.enumerated() {
            values += group.values
            groups += [Int32](repeating: Int32(index), count: group.values.count)
        }
        // Interleave the rows so groups are not contiguous, as in a real table.
        var order = Array(0..<values.count)
        var generator = SplitMix64(seed: 7)
        order.shuffle(using: &generator)
        let column = Self.column(order.map { values[$0] })
        let shuffledGroups = order.map { groups[$0] }
        for function in [AggregateFunction.mean, .var, .stddev] {
            let result = try GroupedAggregation.compute(function, arguments: [column], parameter: nil, groups: shuffledGroups, groupCount: small.count)
            for (index, group) in small.enumerated() {
                let expected = function == .mean ? group.mean : function == .var ? group.var : group.stddev
                Self.check(result, group: index, try Self.expected(expected), "\(function.rawValue) of \(group.label), grouped")
            }
        }
    }

    @Test func whenTheSumsCanOverflowTheIntegerPathIsNotTaken() {
        #expect(IntegerMoments.fits(low: 0, high: 100, rows: 10_000_000))
        #expect(IntegerMoments.fits(low: -128, high: 127, rows: 1 << 30))
        #expect(!IntegerMoments.fits(low: 0, high: 9_999_999, rows: 10_000_000))    // pupil codes
        #expect(!IntegerMoments.fits(low: Int64.min, high: 0, rows: 2))
        #expect(!IntegerMoments.fits(low: 0, high: 1, rows: 1 << 31))
    }

    @Test func roundingOfFractionsIsCorrectAtTies() {
        // 1/3, 2/3 and 10/4 against Double's own correctly rounded division of exact operands.
        #expect(IntegerMoments.roundedQuotient(1, 3) == 1.0 / 3.0)
        #expect(IntegerMoments.roundedQuotient(2, 3) == 2.0 / 3.0)
        #expect(IntegerMoments.roundedQuotient(10, 4) == 2.5)
        // (2^53 + 1) / 1 is a tie between 2^53 and 2^53 + 2: ties go to even (2^53).
        #expect(IntegerMoments.roundedQuotient((1 << 53) + 1, 1) == 9007199254740992.0)
        // (2^53 + 3) / 1 ties between 2^53 + 2 and 2^53 + 4: even is 2^53 + 4.
        #expect(IntegerMoments.roundedQuotient((1 << 53) + 3, 1) == 9007199254740996.0)
        // Square roots: exact squares are exact, and √2 is the double nearest to it.
        #expect(IntegerMoments.roundedSquareRoot(9, 1) == 3)
        #expect(IntegerMoments.roundedSquareRoot(1, 4) == 0.5)
        #expect(IntegerMoments.roundedSquareRoot(2, 1) == 2.0.squareRoot())
        // √(1/3) as Python's statistics._float_sqrt_of_frac(1, 3) gives it (3.11.7).
        #expect(IntegerMoments.roundedSquareRoot(1, 3) == 0.5773502691896257)
    }
}

private extension Double {
    var hexString: String { String(format: "%a", self) }
}
