/// A validity bitmap: bit `i` set means row `i` holds a value; clear means null.
public struct Bitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int

    /// A bitmap of `count` bits, all set to `value`.
    public init(count: Int, value: Bool) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = [UInt64](repeating: value ? ~0 : 0, count: wordCount)
        if value, count & 63 != 0, wordCount > 0 {
            words[wordCount - 1] = (UInt64(1) << UInt64(count & 63)) - 1
        }
    }

    public init(_ bits: [Bool]) {
        self.init(count: bits.count, value: false)
        for (index, bit) in bits.enumerated() where bit { set(index) }
    }

    @inline(__always) public subscript(index: Int) -> Bool {
        get { words[index >> 6] & (UInt64(1) << UInt64(index & 63)) != 0 }
        set { if newValue { set(index) } else { clear(index) } }
    }

    @inline(__always) public mutating func set(_ index: Int) {
        words[index >> 6] |= UInt64(1) << UInt64(index & 63)
    }

    @inline(__always) public mutating func clear(_ index: Int) {
        words[index >> 6] &= ~(UInt64(1) << UInt64(index & 63))
    }

    /// Appends one bit.
    public mutating func append(_ bit: Bool) {
        if count & 63 == 0 { words.append(0) }
        count += 1
        if bit { set(count - 1) }
    }

    public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var allSet: Bool { setCount == count }

    /// Bitwise AND of two bitmaps of the same length.
    public func and(_ other: Bitmap) -> Bitmap {
        var result = self
        for index in result.words.indices { result.words[index] &= other.words[index] }
        return result
    }
}
