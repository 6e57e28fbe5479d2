/// Rows → dense group ids by the values of one or more key columns (nulls form their own group).
/// Used by `summarize`, `count by`, `distinct`, `pivot` and `join`.
///
/// Each key column is first turned into dense ids (text: its dictionary codes, no hashing;
/// other types: a hash of the raw value), then the columns are combined pairwise.
public struct GroupIndex {
    public var groups: [Int32]
    public var groupCount: Int
    /// The first row of each group, in group-id order (groups are numbered by first appearance).
    public var firstRows: [Int32]

    public init(keys: [Column], rowCount: Int) {
        if keys.isEmpty {
            groups = [Int32](repeating: 0, count: rowCount)
            groupCount = rowCount > 0 ? 1 : 0
            firstRows = rowCount > 0 ? [0] : []
            return
        }
        var (ids, cardinality) = GroupIndex.denseIDs(keys[0])
        // `combine` numbers the pairs it meets in row order, so after it the ids are already the
        // groups by first appearance; one key's ids (dictionary codes, hashed values) are not.
        var ordered = false
        for key in keys.dropFirst() {
            let (next, nextCardinality) = GroupIndex.denseIDs(key)
            (ids, cardinality) = GroupIndex.combine(ids, cardinality, next, nextCardinality)
            ordered = true
        }
        if ordered {
            (groups, groupCount, firstRows) = GroupIndex.firstAppearance(ids, groupCount: cardinality)
            return
        }
        // Renumber by first appearance so group order is deterministic.
        var renumber = [Int32](repeating: -1, count: cardinality)
        var firstRows: [Int32] = []
        var groups = [Int32](repeating: 0, count: ids.count)
        ids.withUnsafeBufferPointer { source in
            renumber.withUnsafeMutableBufferPointer { renumber in
                groups.withUnsafeMutableBufferPointer { out in
                    for row in 0..<source.count {
                        let id = Int(source[row])
                        var group = renumber[id]
                        if group < 0 {
                            group = Int32(firstRows.count)
                            renumber[id] = group
                            firstRows.append(Int32(row))
                        }
                        out[row] = group
                    }
                }
            }
        }
        self.groups = groups
        self.groupCount = firstRows.count
        self.firstRows = firstRows
    }

    /// Ids that already number groups 0, 1, 2, … in order of first appearance, with the first
    /// row of each group.
    static func firstAppearance(_ ids: [Int32], groupCount: Int) -> ([Int32], Int, [Int32]) {
        guard !ids.isEmpty else { return (ids, 0, []) }
        var firstRows = [Int32](repeating: 0, count: groupCount)
        ids.withUnsafeBufferPointer { ids in
            firstRows.withUnsafeMutableBufferPointer { firstRows in
                var seen = 0
                for row in 0..<ids.count where Int(ids[row]) == seen {
                    firstRows[seen] = Int32(row)
                    seen += 1
                    if seen == firstRows.count { break }
                }
            }
        }
        return (ids, groupCount, firstRows)
    }

    /// Dense ids 0..<cardinality for one column; equal values (and all nulls) share an id.
    static func denseIDs(_ column: Column) -> ([Int32], Int) {
        let count = column.count
        switch column.storage {
        case .null:
            return ([Int32](repeating: 0, count: count), 1)
        case .text(let codes, let dictionary):
            // Codes are already dense; nulls get one id past the dictionary.
            guard let validity = column.validity else { return (codes, max(1, dictionary.count)) }
            let nullID = Int32(dictionary.count)
            var ids = codes
            for row in 0..<count where !validity[row] { ids[row] = nullID }
            return (ids, dictionary.count + 1)
        case .bool(let values):
            var ids = values.map { Int32($0 ? 1 : 0) }
            if let validity = column.validity { for row in 0..<count where !validity[row] { ids[row] = 2 } }
            return (ids, 3)
        case .int(let values):
            switch values.values {
            case .int8(let v): return hashIDs(v, column.validity)
            case .int16(let v): return hashIDs(v, column.validity)
            case .int32(let v): return hashIDs(v, column.validity)
            case .int64(let v): return hashIDs(v, column.validity)
            }
        case .date(let values):
            return hashIDs(values, column.validity)
        case .double(let values):
            return hashIDs(values.map { v -> Int64 in
                if v == 0 { return 0 }                       // -0.0 equals 0.0
                if v.isNaN { return Int64(bitPattern: Double.nan.bitPattern) }
                return Int64(bitPattern: v.bitPattern)
            }, column.validity)
        }
    }

    /// Dense ids for integer keys of any width (dates are 32-bit days, doubles their bits).
    static func hashIDs<T: NarrowInt>(_ values: [T], _ validity: Bitmap?) -> ([Int32], Int) {
        var next: Int32 = 0
        var nullID: Int32 = -1
        // Small ranges (marks, grades, years) index an array directly; others hash.
        let (low, high) = values.withUnsafeBufferPointer { IntVector.range($0) }
        if !values.isEmpty, high.subtractingReportingOverflow(low).partialValue < 1 << 20,
           !high.subtractingReportingOverflow(low).overflow {
            var table = [Int32](repeating: -1, count: Int(high - low) + 1)
            // Every slot is written below, so the ids start uninitialised (no 4-bytes-a-row memset).
            let ids = [Int32](unsafeUninitializedCapacity: values.count) { ids, initialized in
                values.withUnsafeBufferPointer { values in
                    table.withUnsafeMutableBufferPointer { table in
                        if let validity {
                            for row in 0..<values.count {
                                if !validity[row] {
                                    if nullID < 0 { nullID = next; next += 1 }
                                    ids[row] = nullID
                                    continue
                                }
                                let slot = Int(Int64(values[row]) &- low)
                                if table[slot] < 0 { table[slot] = next; next += 1 }
                                ids[row] = table[slot]
                            }
                        } else {
                            for row in 0..<values.count {
                                let slot = Int(Int64(values[row]) &- low)
                                var id = table[slot]
                                if id < 0 { id = next; table[slot] = id; next += 1 }
                                ids[row] = id
                            }
                        }
                    }
                }
                initialized = values.count
            }
            return (ids, Int(max(next, 1)))
        }
        var ids = [Int32](repeating: 0, count: values.count)
        var map: [T: Int32] = [:]
        for row in 0..<values.count {
            if let validity, !validity[row] {
                if nullID < 0 { nullID = next; next += 1 }
                ids[row] = nullID
                continue
            }
            if let id = map[values[row]] {
                ids[row] = id
            } else {
                map[values[row]] = next
                ids[row] = next
                next += 1
            }
        }
        return (ids, Int(max(next, 1)))
    }

    /// Pairs of ids → dense ids numbered in order of first appearance (row order).
    static func combine(_ a: [Int32], _ aCardinality: Int, _ b: [Int32], _ bCardinality: Int) -> ([Int32], Int) {
        let product = aCardinality.multipliedReportingOverflow(by: bCardinality)
        var next: Int32 = 0
        if !product.overflow, product.partialValue <= 1 << 22 {
            var table = [Int32](repeating: -1, count: product.partialValue)
            let ids = [Int32](unsafeUninitializedCapacity: a.count) { ids, initialized in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        table.withUnsafeMutableBufferPointer { table in
                            for row in 0..<a.count {
                                let slot = Int(a[row]) &* bCardinality &+ Int(b[row])
                                var id = table[slot]
                                if id < 0 { id = next; table[slot] = id; next += 1 }
                                ids[row] = id
                            }
                        }
                    }
                }
                initialized = a.count
            }
            return (ids, Int(max(next, 1)))
        }
        var ids = [Int32](repeating: 0, count: a.count)
        do {
            var map: [Int64: Int32] = [:]
            for row in 0..<a.count {
                let key = Int64(a[row]) << 32 | Int64(b[row])
                if let id = map[key] { ids[row] = id } else { map[key] = next; ids[row] = next; next += 1 }
            }
        }
        return (ids, Int(max(next, 1)))
    }
}
