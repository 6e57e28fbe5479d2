import Testing
@testable import MsokoKit

/// Integer columns are stored at 8, 16, 32 or 64 bits by their range (`Engine/IntVector.swift`).
/// Every kernel must give what it gave when every integer was 64-bit: these tests run each one
/// on narrow columns and on the same values forced to 64-bit storage, and compare.
@Suite struct NarrowIntegerTests {
    /// The values as a column stored at the width their range needs.
    static func narrow(_ values: [Int64?]) -> Column {
        Column.from(values.map { $0.map(Value.int) ?? .null })
    }

    /// The same values forced to 64-bit storage, as every integer column was before.
    static func wide(_ values: [Int64?]) -> Column {
        let column = narrow(values)
        guard case .int(let v) = column.storage else { return column }
        return Column(.int(IntVector(wide: Array(v))), validity: column.validity)
    }

    static func width(_ column: Column) -> Int? {
        if case .int(let v) = column.storage { return v.bitWidth }
        return nil
    }

    static func values(_ column: Column) -> [Value] { (0..<column.count).map { column.value(at: $0) } }

    static func values(_ operand: Operand, count: Int) -> [Value] { (0..<count).map { operand.value(at: $0) } }

    // MARK: Widths

    @Test func widthsAtTheBoundaries() {
        let cases: [([Int64], Int)] = [
            ([127], 8), ([128], 16), ([-128], 8), ([-129], 16),
            ([0, 127, -128], 8),
            ([32767], 16), ([32768], 32), ([-32768], 16), ([-32769], 32),
            ([Int64(Int32.max)], 32), ([Int64(Int32.max) + 1], 64),
            ([Int64(Int32.min)], 32), ([Int64(Int32.min) - 1], 64),
            ([Int64.max], 64), ([Int64.min], 64), ([Int64.min, Int64.max], 64),
            ([], 8), ([2024, 2025], 16), ([4, 5, 1, 0], 8),
        ]
        for (values, expected) in cases {
            let vector = IntVector(values)
            #expect(vector.bitWidth == expected, "\(values)")
            #expect(Array(vector) == values, "\(values)")
        }
        #expect(IntVector(repeating: 300, count: 3).bitWidth == 16)
        #expect(IntVector(repeating: 300, count: 3) == [300, 300, 300])
        #expect(IntVector(narrowing: [Int32(5), -3]).bitWidth == 8)
    }

    @Test func nullsKeepPlaceholderZeroAndDoNotWiden() {
        let column = Self.narrow([1, nil, 100, nil])
        #expect(Self.width(column) == 8)
        #expect(column.nullCount == 2)
        #expect(Self.values(column) == [.int(1), .null, .int(100), .null])
        if case .int(let v) = column.storage { #expect(v[1] == 0 && v[3] == 0) }
        #expect(Self.width(Column.nulls(.int, count: 4)) == 8)
        #expect(Self.width(Column.constant(.int(70_000), count: 2)) == 32)
    }

    @Test func readersNarrow() throws {
        let table = try runTable("a,b,c,d\n1,300,70000,5000000000\n-5,,2,1\n")
        #expect(table.columns.map(Self.width) == [8, 16, 32, 64])
        #expect(table.row(1) == [.int(-5), .null, .int(2), .int(1)])
    }

    func runTable(_ csv: String) throws -> Table {
        try CSVTestSupport.read(csv).table
    }

    // MARK: Arithmetic

    /// `lhs op rhs` as values, or the failure.
    static func arithmetic(_ op: BinaryOp, _ lhs: Operand, _ rhs: Operand, count: Int) -> Result<[Value], ArithmeticKernels.Failure> {
        do {
            let result = try ArithmeticKernels.evaluate(op, lhs, rhs, count: count)
            return .success(values(result, count: count))
        } catch {
            return .failure(error)
        }
    }

    static func sameResult(_ a: Result<[Value], ArithmeticKernels.Failure>, _ b: Result<[Value], ArithmeticKernels.Failure>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): return x == y
        case (.failure(let x), .failure(let y)): return "\(x)" == "\(y)"
        default: return false
        }
    }

    @Test func eightBitPlusTwoHundredGivesWideResults() throws {
        let column = Self.narrow([100, 127, -128, nil])
        #expect(Self.width(column) == 8)
        let sum = try ArithmeticKernels.evaluate(.add, .column(column), .scalar(.int(200)), count: 4)
        #expect(Self.values(sum, count: 4) == [.int(300), .int(327), .int(72), .null])
        if case .column(let c) = sum { #expect(Self.width(c) == 16) }
        let product = try ArithmeticKernels.evaluate(.multiply, .column(column), .column(column), count: 4)
        #expect(Self.values(product, count: 4) == [.int(10_000), .int(16_129), .int(16_384), .null])
    }

    @Test func arithmeticMatchesSixtyFourBitStorageAtEveryWidth() {
        let samples: [[Int64?]] = [
            [1, -1, 127, -128, nil, 0],
            [300, -300, 32767, -32768, nil, 7],
            [70_000, -70_000, Int64(Int32.max), Int64(Int32.min), nil, 3],
            [Int64.max, Int64.min, 1, -1, nil, 0],
            [Int64.max / 2, 2, 3, 4, 5, 6],
        ]
        let constants: [Int64] = [0, 1, -1, 200, 70_000, Int64.max, Int64.min, 3_037_000_500]
        for sample in samples {
            for op in [BinaryOp.add, .subtract, .multiply, .remainder, .divide] {
                for other in samples where other.count == sample.count {
                    let narrow = Self.arithmetic(op, .column(Self.narrow(sample)), .column(Self.narrow(other)), count: sample.count)
                    let wide = Self.arithmetic(op, .column(Self.wide(sample)), .column(Self.wide(other)), count: sample.count)
                    #expect(Self.sameResult(narrow, wide), "\(sample) \(op) \(other)")
                }
                for constant in constants {
                    for (l, r) in [(Operand.column(Self.narrow(sample)), Operand.scalar(.int(constant))),
                                   (.scalar(.int(constant)), .column(Self.narrow(sample)))] {
                        let wl: Operand = { if case .column = l { return .column(Self.wide(sample)) } else { return l } }()
                        let wr: Operand = { if case .column = r { return .column(Self.wide(sample)) } else { return r } }()
                        let narrow = Self.arithmetic(op, l, r, count: sample.count)
                        let wide = Self.arithmetic(op, wl, wr, count: sample.count)
                        #expect(Self.sameResult(narrow, wide), "\(sample) \(op) \(constant)")
                    }
                }
            }
        }
        // Overflow is still an error at every width, not a wrap.
        for sample: [Int64?] in [[127], [32767], [Int64(Int32.max)], [Int64.max]] {
            let result = Self.arithmetic(.multiply, .column(Self.narrow(sample)), .scalar(.int(Int64.max)), count: 1)
            #expect(Self.sameResult(result, .failure(.overflow)), "\(sample)")
        }
    }

    // MARK: Comparisons, aggregates, sort, groups

    @Test func comparisonsMatchSixtyFourBitStorage() {
        let a: [Int64?] = [1, 127, -128, nil, 300, 70_000, Int64.max]
        let b: [Int64?] = [1, 128, -129, 5, nil, 69_999, Int64.min]
        let ops: [CompareOp] = [.eq, .ne, .lt, .le, .gt, .ge]
        for op in ops {
            let narrow = CompareKernels.evaluate(op, .column(Self.narrow(a)), .column(Self.narrow(b)), count: a.count)
            let wide = CompareKernels.evaluate(op, .column(Self.wide(a)), .column(Self.wide(b)), count: a.count)
            #expect(Self.values(narrow, count: a.count) == Self.values(wide, count: a.count), "\(op)")
            for constant: Value in [.int(127), .int(128), .int(-129), .int(Int64.max), .double(126.5), .double(1e300)] {
                let n = CompareKernels.evaluate(op, .column(Self.narrow(a)), .scalar(constant), count: a.count)
                let w = CompareKernels.evaluate(op, .column(Self.wide(a)), .scalar(constant), count: a.count)
                #expect(Self.values(n, count: a.count) == Self.values(w, count: a.count), "\(op) \(constant)")
            }
        }
    }

    @Test func groupedAggregatesMatchSixtyFourBitStorage() throws {
        let values: [Int64?] = [5, 4, nil, 3, 120, -7, 5, nil, 2, 2]
        let keys: [Int64?] = [2024, 2025, 2024, 2025, 2024, 2025, 2024, nil, 2025, 2024]
        for (x, key) in [(Self.narrow(values), Self.narrow(keys)), (Self.narrow(values.map { $0.map { $0 * 1000 } }), Self.narrow(keys))] {
            let wideX = Column(.int(IntVector(wide: x.int64s.map(Array.init) ?? [])), validity: x.validity)
            let narrowIndex = GroupIndex(keys: [key], rowCount: key.count)
            let wideIndex = GroupIndex(keys: [Self.wide(keys)], rowCount: keys.count)
            #expect(narrowIndex.groups == wideIndex.groups)
            let functions: [AggregateFunction] = [.count, .sum, .mean, .min, .max, .first, .last, .stddev, .var, .median, .mode, .distinct_count]
            for function in functions {
                let narrow = try GroupedAggregation.compute(function, arguments: [x], parameter: nil,
                                                            groups: narrowIndex.groups, groupCount: narrowIndex.groupCount)
                let wide = try GroupedAggregation.compute(function, arguments: [wideX], parameter: nil,
                                                          groups: wideIndex.groups, groupCount: wideIndex.groupCount)
                #expect(Self.values(narrow) == Self.values(wide), "\(function)")
            }
        }
        // Sum overflow is reported as before, whatever the width of the column.
        let big = Self.narrow([Int64.max, 1])
        #expect(throws: MsokoError.self) {
            try GroupedAggregation.compute(.sum, arguments: [big], parameter: nil, groups: [0, 0], groupCount: 1)
        }
        // A sum of 8-bit values that needs more than 8 bits.
        let many = Self.narrow([Int64](repeating: 100, count: 10))
        let total = try GroupedAggregation.compute(.sum, arguments: [many], parameter: nil,
                                                   groups: [Int32](repeating: 0, count: 10), groupCount: 1)
        #expect(Self.values(total) == [.int(1000)])
    }

    @Test func sortAndGroupsMatchAcrossWidths() {
        let samples: [[Int64?]] = [
            [3, -1, nil, 127, -128, 3, 0],
            [300, -1, nil, 32767, -32768, 300, 0],
            [70_000, -1, nil, 5, -70_000, 70_000, 0],
            [Int64.max, -1, nil, Int64.min, 5, Int64.max, 0],
        ]
        for sample in samples {
            for descending in [false, true] {
                let narrow = SortKernel.indices(rowCount: sample.count, keys: [.init(Self.narrow(sample), descending: descending)])
                let wide = SortKernel.indices(rowCount: sample.count, keys: [.init(Self.wide(sample), descending: descending)])
                #expect(narrow == wide, "\(sample)")
            }
            let narrowIndex = GroupIndex(keys: [Self.narrow(sample), Self.narrow([1, 1, 2, 2, 1, 1, 2])], rowCount: sample.count)
            let wideIndex = GroupIndex(keys: [Self.wide(sample), Self.wide([1, 1, 2, 2, 1, 1, 2])], rowCount: sample.count)
            #expect(narrowIndex.groups == wideIndex.groups)
            #expect(narrowIndex.groupCount == wideIndex.groupCount)
        }
    }

    @Test func gatherKeepsTheWidth() {
        let column = Self.narrow([300, nil, -5])
        let gathered = column.gather([2, -1, 0, 1])
        #expect(Self.width(gathered) == 16)
        #expect(Self.values(gathered) == [.int(-5), .null, .int(300), .null])
    }

    // MARK: Concatenation and joins

    @Test func concatenationTakesTheWiderWidth() throws {
        let small = Self.narrow([1, nil, -128])
        let large = Self.wide([Int64.max, 2])
        let both = try #require(Column.concatenate([small, large]))
        #expect(Self.width(both) == 64)
        #expect(Self.values(both) == [.int(1), .null, .int(-128), .int(Int64.max), .int(2)])
        let twoSmall = try #require(Column.concatenate([small, Self.narrow([5])]))
        #expect(Self.width(twoSmall) == 8)
        let withNulls = try #require(Column.concatenate([Column(.null(count: 2)), Self.narrow([300])]))
        #expect(Self.width(withNulls) == 16)
        #expect(Self.values(withNulls) == [.null, .null, .int(300)])
        let mixed = try #require(Column.concatenate([small, Column.from([.double(0.5)])]))
        #expect(mixed.type == .double)
        #expect(Self.values(mixed) == [.double(1), .null, .double(-128), .double(0.5)])
    }

    @Test func joinKeysOfDifferentWidthsMatch() {
        let left = Self.narrow([1, 300, 70_000, nil, 5])
        let right = Self.wide([70_000, 5, 1, 9, 300, 1])
        let (l, r) = JoinVerb.match([left], [right], leftCount: 5, rightCount: 6, kind: "inner")
        let (wl, wr) = JoinVerb.match([Self.wide([1, 300, 70_000, nil, 5])], [right], leftCount: 5, rightCount: 6, kind: "inner")
        #expect(l == wl)
        #expect(r == wr)
        #expect(zip(l, r).map { [$0, $1] } == [[0, 2], [0, 5], [1, 4], [2, 0], [4, 1]])
    }

    @Test func pipelinesOnNarrowColumns() {
        let script = """
        load "data/vpr.csv" as vpr
        vpr | derive big = grade * 100000000000 + mark | summarize s = sum(big), m = max(grade + 200) by year | sort year
        """
        let result = runScript(script, format: .csv)
        #expect(result.ok, "\(result.err)")
        #expect(!result.out.isEmpty)
    }
}
