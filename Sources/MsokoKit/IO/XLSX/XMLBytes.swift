import Foundation

/// The byte-level primitives both hand-written XML scanners share (`XLSXSheetScanner` for sheets,
/// `XMLPartScanner` for the small parts): bounds-checked reads and memchr/memcmp searches over
/// one part's bytes. A protocol with a constrained extension rather than a wrapped struct, so the
/// calls stay direct (statically dispatched and inlined) in the scanners' hot loops.
protocol XMLBytes {
    var base: UnsafePointer<UInt8> { get }
    var count: Int { get }
}

extension XMLBytes {
    /// The byte at `index`, or nil outside the part.
    @inline(__always) func byte(_ index: Int) -> UInt8? {
        index >= 0 && index < count ? base[index] : nil
    }

    /// The index of `target` at or after `from`, or nil.
    @inline(__always) func find(_ target: UInt8, from: Int) -> Int? {
        guard from >= 0, from < count else { return nil }
        guard let hit = memchr(base + from, Int32(target), count - from) else { return nil }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }

    /// The index of the byte sequence at or after `from`, or nil.
    func find(_ needle: StaticString, from: Int) -> Int? {
        let length = needle.utf8CodeUnitCount
        let pointer = needle.utf8Start
        var index = from
        while let hit = find(pointer[0], from: index) {
            guard hit + length <= count else { return nil }
            if memcmp(base + hit, pointer, length) == 0 { return hit }
            index = hit + 1
        }
        return nil
    }

    /// Whether the literal's bytes stand at `index`.
    @inline(__always) func hasPrefix(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        return index >= 0 && index + length <= count && memcmp(base + index, literal.utf8Start, length) == 0
    }

    /// XML's white space: space, LF, CR, tab.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
