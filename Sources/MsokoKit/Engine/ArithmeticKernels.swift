/// `+ - * / %` over operands. Integers stay integers for `+ - * %` (overflow is an error, not a
/// wrap); `/` always gives a double; division by zero gives null. `+` on two texts joins them.
enum ArithmeticKernels {
    enum Failure: Error { case overflow, typeMismatch }

    static func evaluate(_ op: BinaryOp, _ lhs: Operand, _ rhs: Operand, count: Int) throws(Failure) -> Operand {
        if lhs.type == .null || rhs.type == .null { return .scalar(.null) }
        if lhs.type == .text || rhs.type == .text {
            guard op == .add, lhs.type == .text, rhs.type == .text else { throw .typeMismatch }
            return concatenate(lhs, rhs, count: count)
        }
        if lhs.type == .date, rhs.type == .int, op == .add || op == .subtract {
            // date ± days
            let shifted = try evaluate(op, convert(lhs, to: .int), rhs, count: count)
            return convert(shifted, to: .date)
        }
        if lhs.type == .date, rhs.type == .date, op == .subtract {
            return try evaluate(.subtract, convert(lhs, to: .int), convert(rhs, to: .int), count: count)
        }
        guard lhs.type.isNumeric, rhs.type.isNumeric else { throw .typeMismatch }
        if op != .divide, lhs.type == .int, rhs.type == .int {
            return try integerOp(op, lhs, rhs, count: count)
        }
        return doubleOp(op, lhs, rhs, count: count)
    }

    /// Reinterprets int ↔ date storage (days) without touching the values.
    static func convert(_ operand: Operand, to type: DataType) -> Operand {
        switch operand {
        case .scalar(.date(let d)) where type == .int: return .scalar(.int(Int64(d)))
        case .scalar(.int(let v)) where type == .date: return .scalar(.date(Int32(clamping: v)))
        case .column(let c):
            if case .date(let d) = c.storage, type == .int { return .column(Column(.int(IntVector(narrowing: d)), validity: c.validity)) }
            if case .int(let v) = c.storage, type == .date { return .column(Column(.date(v.map { Int32(clamping: $0) }), validity: c.validity)) }
            return operand
        default: return operand
        }
    }

    static func scalarDouble(_ operand: Operand) -> Double? {
        if case .scalar(let v) = operand { return v.asDouble }
        return nil
    }

    static func integerOp(_ op: BinaryOp, _ lhs: Operand, _ rhs: Operand, count: Int) throws(Failure) -> Operand {
        @inline(__always) func apply(_ a: Int64, _ b: Int64) -> (Int64, Bool, Bool) {
            // (value, overflow, null)
            switch op {
            case .add: let r = a.addingReportingOverflow(b); return (r.partialValue, r.overflow, false)
            case .subtract: let r = a.subtractingReportingOverflow(b); return (r.partialValue, r.overflow, false)
            case .multiply: let r = a.multipliedReportingOverflow(by: b); return (r.partialValue, r.overflow, false)
            default:
                if b == 0 { return (0, false, true) }
                let r = a.remainderReportingOverflow(dividingBy: b); return (r.partialValue, r.overflow, false)
            }
        }
        switch (lhs, rhs) {
        case (.scalar(.int(let a)), .scalar(.int(let b))):
            let (v, overflow, isNull) = apply(a, b)
            if overflow { throw .overflow }
            return isNull ? .scalar(.null) : .scalar(.int(v))
        default:
            let a = lhs.materialize(count: count).int64s ?? []
            let b = rhs.materialize(count: count).int64s ?? []
            let n = min(count, a.count, b.count)
            var validity = combinedValidity(lhs, rhs, count: count)
            // Two levels of width dispatch, then one loop typed for both widths. The operation
            // itself is always 64-bit, so an 8-bit column `+ 200` gives 64-bit results and
            // overflows exactly where 64-bit storage did.
            func kernel<A: NarrowInt, B: NarrowInt>(_ x: UnsafeBufferPointer<A>, _ y: UnsafeBufferPointer<B>) -> (IntVector, Bool) {
                var overflow = false
                // Pass 1: overflow and the rows that become null (`% 0`).
                for row in 0..<n {
                    let (_, o, isNull) = apply(Int64(x[row]), Int64(y[row]))
                    if o && (validity?[row] ?? true) { overflow = true }
                    if isNull {
                        if validity == nil { validity = Bitmap(count: count, value: true) }
                        validity?.clear(row)
                    }
                }
                if overflow { return ([], true) }
                // Pass 2 (range, then values at the width it needs); null rows hold 0.
                let known = validity
                let out = IntVector.build(count: count) { row in
                    guard row < n, known?[row] ?? true else { return 0 }
                    return apply(Int64(x[row]), Int64(y[row])).0
                }
                return (out, false)
            }
            func right<A: NarrowInt>(_ x: [A]) -> (IntVector, Bool) {
                x.withUnsafeBufferPointer { x in
                    switch b.values {
                    case .int8(let y): return y.withUnsafeBufferPointer { kernel(x, $0) }
                    case .int16(let y): return y.withUnsafeBufferPointer { kernel(x, $0) }
                    case .int32(let y): return y.withUnsafeBufferPointer { kernel(x, $0) }
                    case .int64(let y): return y.withUnsafeBufferPointer { kernel(x, $0) }
                    }
                }
            }
            let (out, overflow): (IntVector, Bool)
            switch a.values {
            case .int8(let x): (out, overflow) = right(x)
            case .int16(let x): (out, overflow) = right(x)
            case .int32(let x): (out, overflow) = right(x)
            case .int64(let x): (out, overflow) = right(x)
            }
            if overflow { throw .overflow }
            return .column(Column(.int(out), validity: validity))
        }
    }

    static func doubleOp(_ op: BinaryOp, _ lhs: Operand, _ rhs: Operand, count: Int) -> Operand {
        @inline(__always) func apply(_ a: Double, _ b: Double) -> Double? {
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide: return b == 0 ? nil : a / b
            default: return b == 0 ? nil : a.truncatingRemainder(dividingBy: b)
            }
        }
        if let a = scalarDouble(lhs), let b = scalarDouble(rhs) {
            return .scalar(apply(a, b).map(Value.double) ?? .null)
        }
        var validity = combinedValidity(lhs, rhs, count: count)
        var out = [Double](repeating: 0, count: count)
        let bScalar = scalarDouble(rhs)
        let aScalar = scalarDouble(lhs)
        let aValues = aScalar == nil ? (lhs.materialize(count: count).doubles ?? []) : []
        let bValues = bScalar == nil ? (rhs.materialize(count: count).doubles ?? []) : []
        out.withUnsafeMutableBufferPointer { o in
            for row in 0..<count {
                let a = aScalar ?? aValues[row]
                let b = bScalar ?? bValues[row]
                if let r = apply(a, b) {
                    o[row] = r
                } else {
                    if validity == nil { validity = Bitmap(count: count, value: true) }
                    validity?.clear(row)
                }
            }
        }
        return .column(Column(.double(out), validity: validity))
    }
}
