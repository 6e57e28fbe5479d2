/// A named set of equally long columns: what every verb takes and gives.
public struct Table: Sendable {
    public private(set) var names: [String]
    public private(set) var columns: [Column]
    public private(set) var rowCount: Int

    public init(names: [String] = [], columns: [Column] = [], rowCount: Int? = nil) {
        self.names = names
        self.columns = columns
        self.rowCount = rowCount ?? columns.first?.count ?? 0
    }

    public var columnCount: Int { columns.count }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// Adds a column, or replaces the one with the same name in place.
    public mutating func set(_ name: String, _ column: Column) {
        if columns.isEmpty { rowCount = column.count }
        if let existing = index(of: name) {
            columns[existing] = column
        } else {
            names.append(name)
            columns.append(column)
        }
    }

    public mutating func rename(at index: Int, to name: String) { names[index] = name }

    /// The rows at `indices` (a selection vector), in that order.
    public func gather(_ indices: [Int32]) -> Table {
        Table(names: names, columns: columns.map { $0.gather(indices) }, rowCount: indices.count)
    }

    /// Only the columns at these positions, in this order, with these names.
    public func project(_ positions: [Int], names newNames: [String]? = nil) -> Table {
        Table(names: newNames ?? positions.map { names[$0] }, columns: positions.map { columns[$0] },
              rowCount: rowCount)
    }

    public func prefix(_ n: Int) -> Table {
        let n = max(0, min(n, rowCount))
        return gather((0..<n).map { Int32($0) })
    }

    /// One row as boxed values (for display and tests).
    public func row(_ index: Int) -> [Value] { columns.map { $0.value(at: index) } }

    /// Column names as readers give them: an empty name becomes `columnN` (N = its position);
    /// a repeated name gets `_2`, `_3`, … (never clashing with a name given in the file).
    ///
    /// Linear in the number of names: each base name remembers the next suffix to try, so a
    /// header that repeats one name 100,000 times does not restart the search from `_2` for
    /// every repeat (it did, and took minutes). A candidate is skipped only when it is taken,
    /// and each taken name is skipped at most once per base that could produce it.
    public static func uniqueNames(_ raw: [String]) -> [String] {
        let given = raw.enumerated().map { $0.element.isEmpty ? "column\($0.offset + 1)" : $0.element }
        let original = Set(given)
        var seen = Set<String>()
        seen.reserveCapacity(given.count)
        var nextSuffix: [String: Int] = [:]
        var result: [String] = []
        result.reserveCapacity(given.count)
        for name in given {
            if !seen.contains(name) {
                seen.insert(name)
                result.append(name)
                continue
            }
            var suffix = nextSuffix[name] ?? 2
            var candidate = "\(name)_\(suffix)"
            while seen.contains(candidate) || original.contains(candidate) {
                suffix += 1
                candidate = "\(name)_\(suffix)"
            }
            nextSuffix[name] = suffix + 1
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}

/// What a table holds in memory, to measure storage choices (`describe` reports it).
extension Table {
    /// Bytes held by the columns' values, their validity bitmaps and their text dictionaries.
    /// A dictionary shared by several columns (or a column and its filtered copy) is counted
    /// once. Per string: its 16-byte `String`, its UTF-8 bytes when they do not fit inline
    /// (more than 15), and its 4-byte rank. Array headers and the table itself are left out.
    public var storageBytes: Int {
        var total = 0
        var seen = Set<ObjectIdentifier>()
        for column in columns {
            total += column.validity.map { $0.words.count * 8 } ?? 0
            switch column.storage {
            case .int(let v): total += v.storageBytes
            case .double(let v): total += v.count * 8
            case .text(let codes, let dictionary):
                total += codes.count * 4
                if seen.insert(ObjectIdentifier(dictionary)).inserted {
                    total += dictionary.ranks.count * 4
                    for value in dictionary.values {
                        let bytes = value.utf8.count
                        total += 16 + (bytes > 15 ? bytes : 0)
                    }
                }
            case .bool(let v): total += v.count
            case .date(let v): total += v.count * 4
            case .null: break
            }
        }
        return total
    }
}
