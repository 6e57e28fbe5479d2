/// `and`, `or`, `not` with SQL's three-valued logic, and `is null` (`in [...]` is in Plan/Evaluator.swift).
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
