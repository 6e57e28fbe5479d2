/// Row order by several keys: stable, nulls last whatever the direction, text by code point.
public enum SortKernel {
    public struct Key {
        public var column: Column
        public var descending: Bool
        public init(_ column: Column, descending: Bool = false) {
            self.column = column
            self.descending = descending
        }
    }

    /// A key reduced to something cheap to compare.
    enum Orderable {
        case int8s([Int8])
        case int16s([Int16])
        case ints([Int64])
        case doubles([Double])
        case ranks([Int32])
        case none
    }

    static func orderable(_ column: Column) -> Orderable {
        switch column.storage {
        case .int(let v):
            // Each stored width compares as it is; 32-bit values share the ranks' case.
            switch v.values {
            case .int8(let a): return .int8s(a)
            case .int16(let a): return .int16s(a)
            case .int32(let a): return .ranks(a)
            case .int64(let a): return .ints(a)
            }
        case .double(let v): return .doubles(v)
        case .text(let codes, let dictionary):
            let ranks = dictionary.ranks
            return .ranks(codes.map { ranks[Int($0)] })
        case .bool(let v): return .ranks(v.map { $0 ? 1 : 0 })
        case .date(let v): return .ranks(v)
        case .null: return .none
        }
    }

    public static func indices(rowCount: Int, keys: [Key]) -> [Int32] {
        var order = (0..<rowCount).map { Int32($0) }
        if keys.isEmpty { return order }
        let prepared = keys.map { (orderable($0.column), $0.column.validity, $0.descending, $0.column.type == .null) }
        order.sort { left, right in
            let l = Int(left), r = Int(right)
            for (values, validity, descending, allNull) in prepared {
                if allNull { continue }
                let lNull = validity.map { !$0[l] } ?? false
                let rNull = validity.map { !$0[r] } ?? false
                if lNull != rNull { return rNull }       // nulls last
                if lNull { continue }
                let comparison: Int
                switch values {
                case .int8s(let v): comparison = v[l] < v[r] ? -1 : (v[l] > v[r] ? 1 : 0)
                case .int16s(let v): comparison = v[l] < v[r] ? -1 : (v[l] > v[r] ? 1 : 0)
                case .ints(let v): comparison = v[l] < v[r] ? -1 : (v[l] > v[r] ? 1 : 0)
                case .doubles(let v):
                    // NaN sorts after every number.
                    let a = v[l], b = v[r]
                    if a.isNaN || b.isNaN { comparison = a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
                    else { comparison = a < b ? -1 : (a > b ? 1 : 0) }
                case .ranks(let v): comparison = v[l] < v[r] ? -1 : (v[l] > v[r] ? 1 : 0)
                case .none: comparison = 0
                }
                if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
            }
            return left < right
        }
        return order
    }
}
