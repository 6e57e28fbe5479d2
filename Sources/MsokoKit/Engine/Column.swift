/// The values of a column, by type. Integers are stored at the narrowest width their range
/// needs (`IntVector`). Text is dictionary-encoded: 32-bit codes into a shared
/// `StringDictionary`. Null rows hold an arbitrary placeholder (0, 0.0, code 0, false) and are
/// marked in the column's validity bitmap.
public enum ColumnStorage: Sendable {
    case int(IntVector)
    case double([Double])
    case text(codes: [Int32], dictionary: StringDictionary)
    case bool([Bool])
    case date([Int32])
    case null(count: Int)
}

/// A typed column with null validity. Value semantics (copy-on-write arrays).
public struct Column: Sendable {
    public var storage: ColumnStorage
    /// nil means no nulls.
    public var validity: Bitmap?

    public init(_ storage: ColumnStorage, validity: Bitmap? = nil) {
        self.storage = storage
        if let validity, validity.allSet {
            self.validity = nil
        } else {
            self.validity = validity
        }
    }

    public var count: Int {
        switch storage {
        case .int(let v): return v.count
        case .double(let v): return v.count
        case .text(let codes, _): return codes.count
        case .bool(let v): return v.count
        case .date(let v): return v.count
        case .null(let count): return count
        }
    }

    public var type: DataType {
        switch storage {
        case .int: return .int
        case .double: return .double
        case .text: return .text
        case .bool: return .bool
        case .date: return .date
        case .null: return .null
        }
    }

    @inline(__always) public func isNull(_ row: Int) -> Bool {
        if case .null = storage { return true }
        guard let validity else { return false }
        return !validity[row]
    }

    public var nullCount: Int {
        if case .null(let count) = storage { return count }
        guard let validity else { return 0 }
        return validity.count - validity.setCount
    }

    /// One cell as a boxed value (for display and other cold paths).
    public func value(at row: Int) -> Value {
        if isNull(row) { return .null }
        switch storage {
        case .int(let v): return .int(v[row])
        case .double(let v): return .double(v[row])
        case .text(let codes, let dictionary): return .text(dictionary.values[Int(codes[row])])
        case .bool(let v): return .bool(v[row])
        case .date(let v): return .date(v[row])
        case .null: return .null
        }
    }

    /// The rows at `indices`, in that order. An index of -1 gives a null row (outer joins).
    ///
    /// Hot after every `where`: the values are copied through unsafe buffers into arrays made at
    /// their size, and the validity is built a word at a time.
    public func gather(_ indices: [Int32]) -> Column {
        let anyMissing = indices.withUnsafeBufferPointer { indices in
            var negative: Int32 = 0
            for source in indices { negative |= source }     // the sign bit survives the or
            return negative < 0
        }
        var validity: Bitmap? = nil
        if self.validity != nil || anyMissing {
            validity = Bitmap.gathering(self.validity, indices)
        }
        @inline(__always) func pick<T>(_ values: [T], _ zero: T) -> [T] {
            [T](unsafeUninitializedCapacity: indices.count) { out, initialized in
                values.withUnsafeBufferPointer { buffer in
                    indices.withUnsafeBufferPointer { indices in
                        if anyMissing {
                            for (i, source) in indices.enumerated() { out[i] = source < 0 ? zero : buffer[Int(source)] }
                        } else {
                            for (i, source) in indices.enumerated() { out[i] = buffer[Int(source)] }
                        }
                    }
                }
                initialized = indices.count
            }
        }
        switch storage {
        case .int(let v): return Column(.int(v.gather(indices)), validity: validity)
        case .double(let v): return Column(.double(pick(v, 0)), validity: validity)
        case .text(let codes, let d): return Column(.text(codes: pick(codes, 0), dictionary: d), validity: validity)
        case .bool(let v): return Column(.bool(pick(v, false)), validity: validity)
        case .date(let v): return Column(.date(pick(v, 0)), validity: validity)
        case .null: return Column(.null(count: indices.count))
        }
    }

    /// The first `n` rows.
    public func prefix(_ n: Int) -> Column {
        let n = min(n, count)
        return gather((0..<n).map { Int32($0) })
    }

    /// A column of `count` copies of one value.
    public static func constant(_ value: Value, count: Int) -> Column {
        switch value {
        case .null: return Column(.null(count: count))
        case .int(let v): return Column(.int(IntVector(repeating: v, count: count)))
        case .double(let v): return Column(.double([Double](repeating: v, count: count)))
        case .text(let v):
            return Column(.text(codes: [Int32](repeating: 0, count: count), dictionary: StringDictionary([v])))
        case .bool(let v): return Column(.bool([Bool](repeating: v, count: count)))
        case .date(let v): return Column(.date([Int32](repeating: v, count: count)))
        }
    }

    /// A column of `count` nulls that has a type (`.null` gives the untyped all-null column).
    public static func nulls(_ type: DataType, count: Int) -> Column {
        let none = Bitmap(count: count, value: false)
        switch type {
        case .null: return Column(.null(count: count))
        case .int: return Column(.int(IntVector(repeating: 0, count: count)), validity: none)
        case .double: return Column(.double([Double](repeating: 0, count: count)), validity: none)
        case .text:
            // Null rows still hold code 0, so a non-empty column's dictionary needs an entry.
            return Column(.text(codes: [Int32](repeating: 0, count: count), dictionary: count == 0 ? .empty : StringDictionary([""])), validity: none)
        case .bool: return Column(.bool([Bool](repeating: false, count: count)), validity: none)
        case .date: return Column(.date([Int32](repeating: 0, count: count)), validity: none)
        }
    }

    /// Builds a column from boxed values; the type is the widest present (int+double → double;
    /// otherwise mixed types become text).
    public static func from(_ values: [Value]) -> Column {
        var type: DataType = .null
        for value in values where !value.isNull {
            let t = value.type
            if type == .null { type = t } else if type != t {
                type = (type.isNumeric && t.isNumeric) ? .double : .text
            }
        }
        var validity = Bitmap(count: values.count, value: true)
        for (row, value) in values.enumerated() where value.isNull { validity.clear(row) }
        switch type {
        case .null: return Column(.null(count: values.count))
        case .int:
            return Column(.int(values.map { if case .int(let v) = $0 { return v } else { return 0 } }), validity: validity)
        case .double:
            return Column(.double(values.map { $0.asDouble ?? 0 }), validity: validity)
        case .bool:
            return Column(.bool(values.map { if case .bool(let v) = $0 { return v } else { return false } }), validity: validity)
        case .date:
            return Column(.date(values.map { if case .date(let v) = $0 { return v } else { return 0 } }), validity: validity)
        case .text:
            var builder = StringDictionaryBuilder()
            let codes = values.map { value -> Int32 in value.isNull ? 0 : builder.intern(value.plainText) }
            return Column(.text(codes: codes, dictionary: builder.build()), validity: validity)
        }
    }

    /// Numeric values as doubles (ints widened); nil for non-numeric columns.
    public var doubles: [Double]? {
        switch storage {
        case .double(let v): return v
        case .int(let v): return v.doubles
        case .null(let count): return [Double](repeating: 0, count: count)
        default: return nil
        }
    }
}
