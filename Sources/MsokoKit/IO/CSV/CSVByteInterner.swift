import Foundation

/// Interns byte slices for a dictionary-encoded text column: an open-addressing hash table over
/// the bytes themselves, so a repeated value costs a hash and a `memcmp`, and only a new
/// distinct value becomes a `String`.
struct CSVByteInterner {
    /// The distinct values in code order (what the `StringDictionary` gets).
    private(set) var values: [String] = []
    /// The bytes of every distinct value, back to back; value `code` is
    /// `arena[offsets[code] ..< offsets[code + 1]]`.
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot → code + 1 (0 = empty). Capacity is a power of two, kept at most half full.
    private var slots: [Int32]
    private var mask: Int

    init(expectedDistinct: Int = 64) {
        var capacity = 64
        while capacity < expectedDistinct * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { values.count }

    /// A fast multiplicative hash over eight bytes at a time (not for adversaries: worst case is
    /// a slower column, never a wrong one).
    @inline(__always) static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        }
        h ^= h >> 29
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h
    }

    /// The code of these bytes (valid UTF-8), adding them if new.
    @inline(__always) mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = Self.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry) - 1
            if hashes[code] == h, offsets[code + 1] - offsets[code] == n, equalBytes(code, p, n) {
                return Int32(code)
            }
            slot = (slot + 1) & mask
        }
        return insert(p, n, hash: h, slot: slot)
    }

    @inline(__always) private func equalBytes(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return true }
        let start = offsets[code]
        return arena.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return Self.equal(base + start, p, n)
        }
    }

    /// Byte equality, eight bytes at a time (cells are short: a `memcmp` call costs more).
    @inline(__always) static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            if rawA.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rawB.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The values in code-point (UTF-8 byte) order, with `codes` rewritten to match.
    /// `StringDictionary` ranks its values by sorting them; handing it sorted values makes that
    /// sort a single linear run, and sorting here compares bytes, not `String`s.
    func sortedValues(remapping codes: UnsafeMutablePointer<Int32>, count: Int) -> [String] {
        let distinct = values.count
        guard distinct > 1 else { return values }
        let order: [Int] = arena.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return Array(0..<distinct) }
            return (0..<distinct).sorted { a, b in
                let startA = offsets[a], lengthA = offsets[a + 1] - startA
                let startB = offsets[b], lengthB = offsets[b + 1] - startB
                let common = min(lengthA, lengthB)
                if common > 0 {
                    let order = memcmp(base + startA, base + startB, common)
                    if order != 0 { return order < 0 }
                }
                return lengthA < lengthB
            }
        }
        var newCode = [Int32](repeating: 0, count: distinct)
        for (rank, code) in order.enumerated() { newCode[code] = Int32(rank) }
        newCode.withUnsafeBufferPointer { newCode in
            for row in 0..<count { codes[row] = newCode[Int(codes[row])] }
        }
        return order.map { values[$0] }
    }

    @inline(never) private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, slot: Int) -> Int32 {
        let code = values.count
        let bytes = UnsafeBufferPointer(start: p, count: n)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        hashes.append(h)
        values.append(String(decoding: bytes, as: UTF8.self))
        slots[slot] = Int32(code + 1)
        if values.count * 2 > slots.count { grow() }
        return Int32(code)
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for code in 0..<values.count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(code + 1)
        }
    }
}
