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

    /// The bits of `source` at `indices` (all set when `source` is nil); an index of -1 gives a
    /// clear bit. Built a word at a time, with no per-bit bounds or uniqueness checks.
    static func gathering(_ source: Bitmap?, _ indices: [Int32]) -> Bitmap {
        var result = Bitmap(count: indices.count, value: false)
        let empty: [UInt64] = []
        (source?.words ?? empty).withUnsafeBufferPointer { sourceWords in
            indices.withUnsafeBufferPointer { indices in
                result.words.withUnsafeMutableBufferPointer { out in
                    var row = 0
                    for wordIndex in 0..<out.count {
                        let end = Swift.min(row + 64, indices.count)
                        var word: UInt64 = 0
                        var bit: UInt64 = 0
                        while row < end {
                            let source = Int(indices[row])
                            let set: UInt64
                            if source < 0 { set = 0 }
                            else if sourceWords.isEmpty { set = 1 }
                            else { set = (sourceWords[source >> 6] >> UInt64(source & 63)) & 1 }
                            word |= set << bit
                            bit += 1
                            row += 1
                        }
                        out[wordIndex] = word
                    }
                }
            }
        }
        return result
    }

    /// Bitwise AND of two bitmaps of the same length.
    public func and(_ other: Bitmap) -> Bitmap {
        var result = self
        for index in result.words.indices { result.words[index] &= other.words[index] }
        return result
    }
}
