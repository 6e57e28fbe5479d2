/// Comparison of two operands, column against column or against a single value, typed so the
/// loops run over plain arrays. Result: a bool column; a null on either side gives null.
public enum CompareOp: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

    @inline(__always) func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        }
    }

    /// The same comparison with the sides swapped (`5 < x` is `x > 5`).
    var flipped: CompareOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}

enum CompareKernels {
    static func compare<T: Comparable>(_ op: CompareOp, _ lhs: [T], _ rhs: [T]) -> [Bool] {
        var out = [Bool](repeating: false, count: lhs.count)
        lhs.withUnsafeBufferPointer { l in
            rhs.withUnsafeBufferPointer { r in
                out.withUnsafeMutableBufferPointer { o in
                    switch op {
                    case .eq: for i in 0..<l.count { o[i] = l[i] == r[i] }
                    case .ne: for i in 0..<l.count { o[i] = l[i] != r[i] }
                    case .lt: for i in 0..<l.count { o[i] = l[i] < r[i] }
                    case .le: for i in 0..<l.count { o[i] = l[i] <= r[i] }
                    case .gt: for i in 0..<l.count { o[i] = l[i] > r[i] }
                    case .ge: for i in 0..<l.count { o[i] = l[i] >= r[i] }
                    }
                }
            }
        }
        return out
    }

    static func compare<T: Comparable>(_ op: CompareOp, _ lhs: [T], scalar s: T) -> [Bool] {
        var out = [Bool](repeating: false, count: lhs.count)
        lhs.withUnsafeBufferPointer { l in
            out.withUnsafeMutableBufferPointer { o in
                switch op {
                case .eq: for i in 0..<l.count { o[i] = l[i] == s }
                case .ne: for i in 0..<l.count { o[i] = l[i] != s }
                case .lt: for i in 0..<l.count { o[i] = l[i] < s }
                case .le: for i in 0..<l.count { o[i] = l[i] <= s }
                case .gt: for i in 0..<l.count { o[i] = l[i] > s }
                case .ge: for i in 0..<l.count { o[i] = l[i] >= s }
                }
            }
        }
        return out
    }

    /// Compares two single values of compatible types; nil when either is null.
    static func compareValues(_ op: CompareOp, _ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return op.holds(x, y)
        case (.text(let x), .text(let y)):
            switch op {
            case .eq: return x == y
            case .ne: return x != y
            case .lt: return StringDictionary.less(x, y)
            case .le: return !StringDictionary.less(y, x)
            case .gt: return StringDictionary.less(y, x)
            case .ge: return !StringDictionary.less(x, y)
            }
        case (.bool(let x), .bool(let y)): return op.holds(x ? 1 : 0, y ? 1 : 0)
        case (.date(let x), .date(let y)): return op.holds(x, y)
        case (.date(let x), .text(let y)): return DateCodec.parse(y).map { op.holds(x, $0) }
        case (.text(let x), .date(let y)): return DateCodec.parse(x).map { op.holds($0, y) }
        default:
            if let x = a.asDouble, let y = b.asDouble { return op.holds(x, y) }
            return nil
        }
    }

    /// Whether two types can be compared at all.
    static func comparable(_ a: DataType, _ b: DataType) -> Bool {
        if a == .null || b == .null { return true }
        if a.isNumeric && b.isNumeric { return true }
        if (a == .date && b == .text) || (a == .text && b == .date) { return true }
        return a == b
    }

    /// The kernel entry: `lhs op rhs` over `count` rows.
    static func evaluate(_ op: CompareOp, _ lhs: Operand, _ rhs: Operand, count: Int) -> Operand {
        if lhs.type == .null || rhs.type == .null { return .scalar(.null) }
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)):
            return .scalar(compareValues(op, a, b).map(Value.bool) ?? .null)
        case (.scalar, .column):
            return evaluate(op.flipped, rhs, lhs, count: count)
        case (.column(let column), .scalar(let value)):
            if value.isNull { return .scalar(.null) }
            return .column(Column(.bool(columnVsScalar(op, column, value)), validity: column.validity))
        case (.column(let a), .column(let b)):
            let validity = combinedValidity(lhs, rhs, count: count)
            return .column(Column(.bool(columnVsColumn(op, a, b)), validity: validity))
        }
    }

    static func columnVsScalar(_ op: CompareOp, _ column: Column, _ value: Value) -> [Bool] {
        switch column.storage {
        case .int(let values):
            if case .int(let s) = value { return compareInts(op, values, scalar: s) }
            if let s = value.asDouble { return compareInts(op, values, scalar: s) }
        case .double(let values):
            if let s = value.asDouble { return compare(op, values, scalar: s) }
        case .text(let codes, let dictionary):
            // Decide once per distinct string, then look the answer up by code.
            var byCode = [Bool](repeating: false, count: dictionary.count)
            for (code, text) in dictionary.values.enumerated() {
                byCode[code] = compareValues(op, .text(text), value) ?? false
            }
            var out = [Bool](repeating: false, count: codes.count)
            codes.withUnsafeBufferPointer { c in
                byCode.withUnsafeBufferPointer { table in
                    out.withUnsafeMutableBufferPointer { o in
                        for i in 0..<c.count { o[i] = table[Int(c[i])] }
                    }
                }
            }
            return out
        case .date(let values):
            if case .date(let s) = value { return compare(op, values, scalar: s) }
            if case .text(let t) = value, let s = DateCodec.parse(t) { return compare(op, values, scalar: s) }
        case .bool(let values):
            if case .bool(let s) = value { return compare(op, values.map { $0 ? 1 : 0 }, scalar: s ? 1 : 0) }
        case .null:
            break
        }
        return [Bool](repeating: false, count: column.count)
    }

    static func columnVsColumn(_ op: CompareOp, _ a: Column, _ b: Column) -> [Bool] {
        switch (a.storage, b.storage) {
        case (.int(let x), .int(let y)): return compareInts(op, x, y)
        case (.date(let x), .date(let y)): return compare(op, x, y)
        case (.text(let xc, let xd), .text(let yc, let yd)) where xd === yd:
            return compare(op, xc.map { xd.ranks[Int($0)] }, yc.map { yd.ranks[Int($0)] })
        default:
            if let x = a.doubles, let y = b.doubles, a.type.isNumeric || b.type.isNumeric {
                return compare(op, x, y)
            }
            return (0..<a.count).map { row in compareValues(op, a.value(at: row), b.value(at: row)) ?? false }
        }
    }

    // MARK: Integers at any storage width

    /// `column op s` over an integer column of any width: each value is widened in the loop
    /// (`Int64` for an integer constant, `Double` for a fractional one), never as a copy.
    static func compareInts<S: Comparable>(_ op: CompareOp, _ values: IntVector, scalar s: S) -> [Bool]
        where S: IntComparand {
        func run<T: NarrowInt>(_ values: [T]) -> [Bool] {
            [Bool](unsafeUninitializedCapacity: values.count) { o, initialized in
                values.withUnsafeBufferPointer { l in
                    switch op {
                    case .eq: for i in 0..<l.count { o[i] = S.from(l[i]) == s }
                    case .ne: for i in 0..<l.count { o[i] = S.from(l[i]) != s }
                    case .lt: for i in 0..<l.count { o[i] = S.from(l[i]) < s }
                    case .le: for i in 0..<l.count { o[i] = S.from(l[i]) <= s }
                    case .gt: for i in 0..<l.count { o[i] = S.from(l[i]) > s }
                    case .ge: for i in 0..<l.count { o[i] = S.from(l[i]) >= s }
                    }
                }
                initialized = values.count
            }
        }
        switch values.values {
        case .int8(let v): return run(v)
        case .int16(let v): return run(v)
        case .int32(let v): return run(v)
        case .int64(let v): return run(v)
        }
    }

    /// `x op y` over two integer columns of any widths, compared as 64-bit values.
    static func compareInts(_ op: CompareOp, _ x: IntVector, _ y: IntVector) -> [Bool] {
        func both<A: NarrowInt, B: NarrowInt>(_ x: [A], _ y: [B]) -> [Bool] {
            let n = Swift.min(x.count, y.count)
            return [Bool](unsafeUninitializedCapacity: x.count) { o, initialized in
                x.withUnsafeBufferPointer { l in
                    y.withUnsafeBufferPointer { r in
                        switch op {
                        case .eq: for i in 0..<n { o[i] = Int64(l[i]) == Int64(r[i]) }
                        case .ne: for i in 0..<n { o[i] = Int64(l[i]) != Int64(r[i]) }
                        case .lt: for i in 0..<n { o[i] = Int64(l[i]) < Int64(r[i]) }
                        case .le: for i in 0..<n { o[i] = Int64(l[i]) <= Int64(r[i]) }
                        case .gt: for i in 0..<n { o[i] = Int64(l[i]) > Int64(r[i]) }
                        case .ge: for i in 0..<n { o[i] = Int64(l[i]) >= Int64(r[i]) }
                        }
                    }
                }
                for i in n..<x.count { o[i] = false }
                initialized = x.count
            }
        }
        func right<A: NarrowInt>(_ x: [A]) -> [Bool] {
            switch y.values {
            case .int8(let v): return both(x, v)
            case .int16(let v): return both(x, v)
            case .int32(let v): return both(x, v)
            case .int64(let v): return both(x, v)
            }
        }
        switch x.values {
        case .int8(let v): return right(v)
        case .int16(let v): return right(v)
        case .int32(let v): return right(v)
        case .int64(let v): return right(v)
        }
    }
}

/// What an integer column is compared with: a 64-bit integer or a double.
protocol IntComparand: Comparable {
    static func from<T: NarrowInt>(_ value: T) -> Self
}

extension Int64: IntComparand {
    @inline(__always) static func from<T: NarrowInt>(_ value: T) -> Int64 { Int64(value) }
}

extension Double: IntComparand {
    @inline(__always) static func from<T: NarrowInt>(_ value: T) -> Double { Double(value) }
}
