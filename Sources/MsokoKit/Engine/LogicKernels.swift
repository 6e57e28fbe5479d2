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
        if aKnown == nil && bKnown == nil {
            return .column(Column(.bool(bytewise(a, b, count: count, and: isAnd))))
        }
        var out = [Bool](repeating: false, count: count)
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
            if case .null = c.storage { return .column(Column(.bool([Bool](repeating: !negated, count: count)))) }
            guard let validity = c.validity else { return .column(Column(.bool([Bool](repeating: negated, count: count)))) }
            return .column(Column(.bool(bools(validity, count: count, inverted: !negated))))
        }
    }

    /// `a[i] and b[i]` (or `or`) for two bool arrays of `count` rows, as bytes (a Bool is one
    /// byte, 0 or 1), so the loops have no branch and the compiler vectorises them.
    static func bytewise(_ a: [Bool], _ b: [Bool], count: Int, and isAnd: Bool) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in
                    out.withMemoryRebound(to: UInt8.self) { out in
                        if isAnd {
                            for row in 0..<count { out[row] = a[row] & b[row] }
                        } else {
                            for row in 0..<count { out[row] = a[row] | b[row] }
                        }
                    }
                }
            }
            initialized = count
        }
    }

    /// A bitmap's bits as bools (or their negation), a word at a time.
    static func bools(_ bitmap: Bitmap, count: Int, inverted: Bool) -> [Bool] {
        let flip: UInt8 = inverted ? 1 : 0
        return [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            bitmap.words.withUnsafeBufferPointer { words in
                out.withMemoryRebound(to: UInt8.self) { out in
                    var row = 0
                    for word in words {
                        let end = Swift.min(row + 64, count)
                        var bits = word
                        while row < end {
                            out[row] = UInt8(truncatingIfNeeded: bits & 1) ^ flip
                            bits >>= 1
                            row += 1
                        }
                    }
                }
            }
            initialized = count
        }
    }
}
