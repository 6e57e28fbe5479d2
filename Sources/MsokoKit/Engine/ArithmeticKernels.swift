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
            if case .date(let d) = c.storage, type == .int { return .column(Column(.int(d.map { Int64($0) }), validity: c.validity)) }
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
            var out = [Int64](repeating: 0, count: count)
            var validity = combinedValidity(lhs, rhs, count: count)
            var overflow = false
            for row in 0..<min(count, a.count, b.count) {
                let (v, o, isNull) = apply(a[row], b[row])
                out[row] = v
                if o && (validity?[row] ?? true) { overflow = true }
                if isNull {
                    if validity == nil { validity = Bitmap(count: count, value: true) }
                    validity?.clear(row)
                }
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

    static func concatenate(_ lhs: Operand, _ rhs: Operand, count: Int) -> Operand {
        if case .scalar(let a) = lhs, case .scalar(let b) = rhs {
            return .scalar(.text(a.plainText + b.plainText))
        }
        var builder = StringDictionaryBuilder()
        var codes = [Int32](repeating: 0, count: count)
        let validity = combinedValidity(lhs, rhs, count: count)
        for row in 0..<count where validity?[row] ?? true {
            codes[row] = builder.intern(lhs.value(at: row).plainText + rhs.value(at: row).plainText)
        }
        return .column(Column(.text(codes: codes, dictionary: builder.build()), validity: validity))
    }
}

/// `and`, `or`, `not` with SQL's three-valued logic, `is null`, and `in [...]`.
enum LogicKernels {
    /// A bool operand as (value, known) per row; nil operand type means not bool.
    static func truthColumns(_ operand: Operand, count: Int) -> (values: [Bool], known: Bitmap?)? {
        switch operand {
        case .scalar(.bool(let b)): return ([Bool](repeating: b, count: count), nil)
        case .scalar(.null): return ([Bool](repeating: false, count: count), Bitmap(count: count, value: false))
        case .column(let c):
            if case .null(let n) = c.storage { return ([Bool](repeating: false, count: n), Bitmap(count: n, value: false)) }
            guard let values = c.bools else { return nil }
            return (values, c.validity)
        default: return nil
        }
    }

    static func andOr(_ isAnd: Bool, _ lhs: Operand, _ rhs: Operand, count: Int) -> Operand? {
        if case .scalar(let a) = lhs, case .scalar(let b) = rhs {
            let x: Bool? = { if case .bool(let v) = a { return v }; return nil }()
            let y: Bool? = { if case .bool(let v) = b { return v }; return nil }()
            if isAnd {
                if x == false || y == false { return .scalar(.bool(false)) }
                if let x, let y { return .scalar(.bool(x && y)) }
            } else {
                if x == true || y == true { return .scalar(.bool(true)) }
                if let x, let y { return .scalar(.bool(x || y)) }
            }
            return .scalar(.null)
        }
        guard let (a, aKnown) = truthColumns(lhs, count: count),
              let (b, bKnown) = truthColumns(rhs, count: count) else { return nil }
        var out = [Bool](repeating: false, count: count)
        if aKnown == nil && bKnown == nil {
            for row in 0..<count { out[row] = isAnd ? (a[row] && b[row]) : (a[row] || b[row]) }
            return .column(Column(.bool(out)))
        }
        var known = Bitmap(count: count, value: true)
        for row in 0..<count {
            let ak = aKnown?[row] ?? true
            let bk = bKnown?[row] ?? true
            let av = a[row], bv = b[row]
            if isAnd {
                if (ak && !av) || (bk && !bv) { out[row] = false }
                else if ak && bk { out[row] = true }
                else { known.clear(row) }
            } else {
                if (ak && av) || (bk && bv) { out[row] = true }
                else if ak && bk { out[row] = false }
                else { known.clear(row) }
            }
        }
        return .column(Column(.bool(out), validity: known))
    }

    static func not(_ operand: Operand, count: Int) -> Operand? {
        switch operand {
        case .scalar(.bool(let b)): return .scalar(.bool(!b))
        case .scalar(.null): return .scalar(.null)
        case .column(let c):
            if case .null = c.storage { return operand }
            guard let values = c.bools else { return nil }
            return .column(Column(.bool(values.map { !$0 }), validity: c.validity))
        default: return nil
        }
    }

    static func isNull(_ operand: Operand, negated: Bool, count: Int) -> Operand {
        switch operand {
        case .scalar(let v): return .scalar(.bool(v.isNull != negated))
        case .column(let c):
            var out = [Bool](repeating: negated, count: count)
            if case .null = c.storage {
                out = [Bool](repeating: !negated, count: count)
            } else if let validity = c.validity {
                for row in 0..<count { out[row] = validity[row] == negated }
            }
            return .column(Column(.bool(out)))
        }
    }
}
