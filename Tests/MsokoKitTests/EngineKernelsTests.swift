import Testing
@testable import MsokoKit

/// The selection, gather, logic and group-index kernels against one-row-at-a-time versions
/// written here, on random data with nulls, at lengths around the 64-bit word boundaries.
@Suite struct EngineKernelsTests {
    static let lengths = [0, 1, 63, 64, 65, 127, 128, 1000, 4099]

    static func randomBitmap(_ count: Int, _ rng: inout SplitMix64, density: UInt64 = 3) -> Bitmap {
        Bitmap((0..<count).map { _ in rng.next() % 4 < density })
    }

    @Test func selectionKeepsTheTrueValidRows() {
        var rng = SplitMix64(seed: 11)
        for count in Self.lengths {
            for density: UInt64 in [0, 1, 3, 4] {
                let values = (0..<count).map { _ in rng.next() % 4 < density }
                let validity = rng.next() % 2 == 0 ? nil : Self.randomBitmap(count, &rng)
                let expected = (0..<count).filter { values[$0] && (validity?[$0] ?? true) }.map(Int32.init)
                switch SelectionKernel.select(values, validity: validity) {
                case .all: #expect(expected.count == count, "all kept at \(count)")
                case .rows(let rows): #expect(rows == expected, "count \(count), density \(density)")
                }
            }
        }
    }

    @Test func gatherCopiesValuesAndNulls() {
        var rng = SplitMix64(seed: 12)
        for count in Self.lengths where count > 0 {
            let values = (0..<count).map { _ in Int64(rng.next() % 1000) - 500 }
            let validity = Self.randomBitmap(count, &rng)
            let column = Column(.int(IntVector(values)), validity: validity)
            let indices = (0..<(count * 2)).map { _ in rng.next() % 8 == 0 ? Int32(-1) : Int32(rng.next() % UInt64(count)) }
            let gathered = column.gather(indices)
            for (out, source) in indices.enumerated() {
                let expected: Value = source < 0 || !validity[Int(source)] ? .null : .int(values[Int(source)])
                #expect(gathered.value(at: out) == expected, "row \(out) from \(source)")
            }
        }
    }

    @Test func andOrAndIsNullFollowTheRowByRowDefinition() {
        var rng = SplitMix64(seed: 13)
        for count in Self.lengths {
            let a = (0..<count).map { _ in rng.next() % 2 == 0 }
            let b = (0..<count).map { _ in rng.next() % 2 == 0 }
            for isAnd in [true, false] {
                guard case .column(let result)? = LogicKernels.andOr(isAnd, .column(Column(.bool(a))), .column(Column(.bool(b))), count: count) else {
                    Issue.record("no column"); continue
                }
                #expect(result.bools == (0..<count).map { isAnd ? a[$0] && b[$0] : a[$0] || b[$0] })
            }
            let validity = Self.randomBitmap(count, &rng)
            let column = Column(.int(IntVector((0..<count).map { Int64($0) })), validity: validity)
            for negated in [true, false] {
                guard case .column(let result) = LogicKernels.isNull(.column(column), negated: negated, count: count) else {
                    Issue.record("no column"); continue
                }
                #expect(result.bools == (0..<count).map { validity[$0] == negated })
            }
        }
    }

    @Test func groupsAreNumberedByFirstAppearance() {
        var rng = SplitMix64(seed: 14)
        for count in Self.lengths {
            let dictionary = StringDictionary((0..<7).map { "k\($0)" })
            let codes = (0..<count).map { _ in Int32(rng.next() % 7) }
            let textKey = Column(.text(codes: codes, dictionary: dictionary), validity: Self.randomBitmap(count, &rng))
            let intKey = Column(.int(IntVector((0..<count).map { _ in Int64(rng.next() % 5) * 1_000_003 })))
            let third = Column(.int(IntVector((0..<count).map { _ in Int64(rng.next() % 3) })), validity: Self.randomBitmap(count, &rng))
            for keys in [[textKey], [intKey], [textKey, intKey], [textKey, intKey, third]] {
                let index = GroupIndex(keys: keys, rowCount: count)
                var seen: [[Value]: Int32] = [:]
                var firstRows: [Int32] = []
                var expected: [Int32] = []
                for row in 0..<count {
                    let key = keys.map { $0.value(at: row) }
                    if let group = seen[key] { expected.append(group); continue }
                    seen[key] = Int32(firstRows.count)
                    expected.append(Int32(firstRows.count))
                    firstRows.append(Int32(row))
                }
                #expect(index.groups == expected, "\(keys.count) keys, \(count) rows")
                #expect(index.firstRows == firstRows)
                #expect(index.groupCount == firstRows.count)
            }
        }
    }
}
