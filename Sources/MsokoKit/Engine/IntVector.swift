/// The signed integer widths an integer column can be stored at. Each conforming type knows
/// how to wrap an array of itself as an `IntVector` without changing its width, so the
/// width-generic kernels can hand back a result of the width they were given.
public protocol NarrowInt: FixedWidthInteger, SignedInteger, Sendable {
    static func vector(_ values: [Self]) -> IntVector
}

extension Int8: NarrowInt { public static func vector(_ values: [Int8]) -> IntVector { IntVector(values: .int8(values)) } }
extension Int16: NarrowInt { public static func vector(_ values: [Int16]) -> IntVector { IntVector(values: .int16(values)) } }
extension Int32: NarrowInt { public static func vector(_ values: [Int32]) -> IntVector { IntVector(values: .int32(values)) } }
extension Int64: NarrowInt { public static func vector(_ values: [Int64]) -> IntVector { IntVector(values: .int64(values)) } }

/// An integer column's values: 64-bit integers as the language sees them, stored at the
/// narrowest of 8, 16, 32 or 64 bits that holds the column's min…max.
///
/// Marks, grades, years and task numbers fit in 8 or 16 bits, so a loaded task-scores table
/// holds its integers in an eighth to a quarter of the memory 64 bits took. Reading a cell
/// (`v[row]`, `map`, `count`) works as on `[Int64]` for cold paths; the hot kernels switch on
/// `values` once and run a loop specialised for the width (see `CompareKernels`,
/// `ArithmeticKernels`, `GroupIndex`, `GroupedAggregation`, `SortKernel`).
///
/// The width is chosen when a column is built (readers, `Column.from`, kernels' results);
/// gathering rows keeps it (a subset fits), concatenation takes the wider of the parts.
/// Null rows hold the placeholder 0, which every width holds.
public struct IntVector: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible {
    public enum Values: Sendable {
        case int8([Int8])
        case int16([Int16])
        case int32([Int32])
        case int64([Int64])
    }

    public let values: Values

    public init(values: Values) { self.values = values }

    /// The narrowest storage that holds every value.
    public init(_ values: [Int64]) {
        self.init(narrowing: values)
    }

    /// The narrowest storage that holds every value, from any width.
    public init<T: NarrowInt>(narrowing values: [T]) {
        let (low, high) = values.withUnsafeBufferPointer { IntVector.range($0) }
        switch IntVector.bitWidth(low: low, high: high) {
        case 8: self.values = .int8(IntVector.convert(values))
        case 16: self.values = .int16(IntVector.convert(values))
        case 32: self.values = .int32(IntVector.convert(values))
        default: self.values = .int64(IntVector.convert(values))
        }
    }

    /// 64-bit storage whatever the values (tests compare narrow columns with wide ones).
    public init(wide values: [Int64]) { self.values = .int64(values) }

    public init(arrayLiteral elements: Int64...) { self.init(elements) }

    /// `count` copies of one value, at the width that value needs.
    public init(repeating value: Int64, count: Int) {
        switch IntVector.bitWidth(low: value, high: value) {
        case 8: values = .int8([Int8](repeating: Int8(truncatingIfNeeded: value), count: count))
        case 16: values = .int16([Int16](repeating: Int16(truncatingIfNeeded: value), count: count))
        case 32: values = .int32([Int32](repeating: Int32(truncatingIfNeeded: value), count: count))
        default: values = .int64([Int64](repeating: value, count: count))
        }
    }

    /// Builds a vector of `count` values computed by `value(row)`, in two passes: the first finds
    /// the range, the second writes at the width it needs. Kernels whose results may be wider or
    /// narrower than their inputs (arithmetic) use this so no 64-bit copy of the column is made.
    @inline(__always)
    static func build(count: Int, _ value: (Int) -> Int64) -> IntVector {
        var low: Int64 = 0, high: Int64 = 0
        for row in 0..<count {
            let v = value(row)
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        @inline(__always) func fill<T: NarrowInt>(_: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                for row in 0..<count { buffer[row] = T(truncatingIfNeeded: value(row)) }
                initialized = count
            }
        }
        switch bitWidth(low: low, high: high) {
        case 8: return IntVector(values: .int8(fill(Int8.self)))
        case 16: return IntVector(values: .int16(fill(Int16.self)))
        case 32: return IntVector(values: .int32(fill(Int32.self)))
        default: return IntVector(values: .int64(fill(Int64.self)))
        }
    }

    /// The fewest bits (8, 16, 32, 64) whose signed range holds low…high.
    public static func bitWidth(low: Int64, high: Int64) -> Int {
        if low >= Int64(Int8.min) && high <= Int64(Int8.max) { return 8 }
        if low >= Int64(Int16.min) && high <= Int64(Int16.max) { return 16 }
        if low >= Int64(Int32.min) && high <= Int64(Int32.max) { return 32 }
        return 64
    }

    /// Min and max as 64-bit values; (0, 0) for no values.
    @inline(__always)
    static func range<T: NarrowInt>(_ values: UnsafeBufferPointer<T>) -> (Int64, Int64) {
        guard var low = values.first else { return (0, 0) }
        var high = low
        for v in values {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        return (Int64(low), Int64(high))
    }

    @inline(__always)
    static func convert<S: NarrowInt, T: NarrowInt>(_ values: [S]) -> [T] {
        if S.self == T.self { return unsafeBitCast(values, to: [T].self) }   // same width: no copy
        return [T](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            values.withUnsafeBufferPointer { source in
                for i in 0..<source.count { buffer[i] = T(truncatingIfNeeded: source[i]) }
            }
            initialized = values.count
        }
    }

    /// Bits per value as stored.
    public var bitWidth: Int {
        switch values {
        case .int8: return 8
        case .int16: return 16
        case .int32: return 32
        case .int64: return 64
        }
    }

    /// Bytes the values take.
    public var storageBytes: Int { count * bitWidth / 8 }

    // MARK: Collection of Int64

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch values {
        case .int8(let v): return v.count
        case .int16(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        }
    }

    public subscript(position: Int) -> Int64 {
        switch values {
        case .int8(let v): return Int64(v[position])
        case .int16(let v): return Int64(v[position])
        case .int32(let v): return Int64(v[position])
        case .int64(let v): return v[position]
        }
    }

    public static func == (a: IntVector, b: IntVector) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public var description: String { Array(self).description }

    // MARK: Width-generic operations

    /// The values as doubles (numeric kernels that mix ints with doubles).
    public var doubles: [Double] {
        @inline(__always) func widen<T: NarrowInt>(_ v: [T]) -> [Double] { v.map { Double($0) } }
        switch values {
        case .int8(let v): return widen(v)
        case .int16(let v): return widen(v)
        case .int32(let v): return widen(v)
        case .int64(let v): return widen(v)
        }
    }

    /// The values at `indices`, same width; -1 gives the placeholder 0 (a null row).
    public func gather(_ indices: [Int32]) -> IntVector {
        @inline(__always) func pick<T: NarrowInt>(_ values: [T]) -> IntVector {
            let result = [T](unsafeUninitializedCapacity: indices.count) { out, initialized in
                values.withUnsafeBufferPointer { buffer in
                    indices.withUnsafeBufferPointer { indices in
                        for (i, source) in indices.enumerated() { out[i] = source < 0 ? 0 : buffer[Int(source)] }
                    }
                }
                initialized = indices.count
            }
            return T.vector(result)
        }
        switch values {
        case .int8(let v): return pick(v)
        case .int16(let v): return pick(v)
        case .int32(let v): return pick(v)
        case .int64(let v): return pick(v)
        }
    }

    /// Parts end to end at the widest part's width (a nil part is `count` placeholder zeros),
    /// never wider: stacking an 8-bit and a 64-bit column gives 64 bits, two 8-bit ones 8.
    static func concatenate(_ parts: [(vector: IntVector?, count: Int)]) -> IntVector {
        let width = parts.reduce(8) { Swift.max($0, $1.vector?.bitWidth ?? 8) }
        let total = parts.reduce(0) { $0 + $1.count }
        func stack<T: NarrowInt>(_: T.Type) -> [T] {
            var out: [T] = []
            out.reserveCapacity(total)
            for part in parts {
                guard let vector = part.vector else {
                    out.append(contentsOf: repeatElement(0, count: part.count))
                    continue
                }
                switch vector.values {
                case .int8(let v): out.append(contentsOf: v.lazy.map { T(truncatingIfNeeded: $0) })
                case .int16(let v): out.append(contentsOf: v.lazy.map { T(truncatingIfNeeded: $0) })
                case .int32(let v): out.append(contentsOf: v.lazy.map { T(truncatingIfNeeded: $0) })
                case .int64(let v): out.append(contentsOf: v.lazy.map { T(truncatingIfNeeded: $0) })
                }
            }
            return out
        }
        switch width {
        case 8: return Int8.vector(stack(Int8.self))
        case 16: return Int16.vector(stack(Int16.self))
        case 32: return Int32.vector(stack(Int32.self))
        default: return Int64.vector(stack(Int64.self))
        }
    }
}

extension ColumnStorage {
    /// Integer storage from 64-bit values, narrowed to the width their range needs. Readers and
    /// kernels build `[Int64]` and pass it here; the narrowing is this one call.
    public static func int(_ values: [Int64]) -> ColumnStorage { .int(IntVector(values)) }
}
