/// `x in [a, b, c]`: one pass over a column (by dictionary code for text, by a set for whole
/// numbers), null when the value is null.
enum MembershipKernel {
    static func evaluate(_ operand: Operand, _ members: [Value], negated: Bool, count: Int) -> Operand {
        let nonNull = members.filter { !$0.isNull }
        func contains(_ v: Value) -> Bool? {
            if v.isNull { return nil }
            return nonNull.contains { CompareKernels.compareValues(.eq, v, $0) == true }
        }
        switch operand {
        case .scalar(let v):
            return .scalar(contains(v).map { .bool($0 != negated) } ?? .null)
        case .column(let column):
            if case .null = column.storage { return .scalar(.null) }
            var out = [Bool](repeating: false, count: count)
            if let (codes, dictionary) = column.textParts {
                let byCode = dictionary.values.map { (contains(.text($0)) ?? false) != negated }
                for row in 0..<count { out[row] = byCode[Int(codes[row])] }
            } else if let ints = column.int64s, nonNull.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
                let set = Set(nonNull.compactMap { if case .int(let v) = $0 { return v } else { return nil } })
                for row in 0..<count { out[row] = set.contains(ints[row]) != negated }
            } else {
                for row in 0..<count { out[row] = (contains(column.value(at: row)) ?? false) != negated }
            }
            return .column(Column(.bool(out), validity: column.validity))
        }
    }
}
