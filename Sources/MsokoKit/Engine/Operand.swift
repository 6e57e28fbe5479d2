/// What an expression evaluates to: a whole column, or one value that stands for every row
/// (a literal, a parameter, an aggregate over the whole table). Kernels take either side in
/// either form, so literals never become columns on the hot path.
public enum Operand: Sendable {
    case column(Column)
    case scalar(Value)

    public var type: DataType {
        switch self {
        case .column(let c): return c.type
        case .scalar(let v): return v.type
        }
    }

    public func materialize(count: Int) -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v): return Column.constant(v, count: count)
        }
    }

    public func value(at row: Int) -> Value {
        switch self {
        case .column(let c): return c.value(at: row)
        case .scalar(let v): return v
        }
    }

    var validity: Bitmap? {
        if case .column(let c) = self {
            if case .null(let count) = c.storage { return Bitmap(count: count, value: false) }
            return c.validity
        }
        return nil
    }
}

/// Combines the validity of two operands: a row is valid only when both are.
func combinedValidity(_ a: Operand, _ b: Operand, count: Int) -> Bitmap? {
    switch (a.validity, b.validity) {
    case (nil, nil): return nil
    case (let x?, nil): return x
    case (nil, let y?): return y
    case (let x?, let y?): return x.and(y)
    }
}

/// Typed views of a column's storage used by the kernels.
extension Column {
    var int64s: IntVector? { if case .int(let v) = storage { return v } else { return nil } }
    var days: [Int32]? { if case .date(let v) = storage { return v } else { return nil } }
    var bools: [Bool]? { if case .bool(let v) = storage { return v } else { return nil } }
    var textParts: (codes: [Int32], dictionary: StringDictionary)? {
        if case .text(let codes, let d) = storage { return (codes, d) } else { return nil }
    }
}
