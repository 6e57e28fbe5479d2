import Foundation
import Testing
@testable import MsokoKit

/// The encoding validation of a mapped file goes in windows and releases each window's pages as
/// soon as it is checked (it used to make the whole file resident). Windows are cut at ASCII
/// bytes, so the first invalid byte and the NUL bytes found must be exactly those of one pass
/// over the whole buffer, wherever the windows fall.
@Suite struct CSVMemoryValidationTests {
    final class Releases: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var ranges: [Range<Int>] = []
        func add(_ range: Range<Int>) {
            lock.lock()
            ranges.append(range)
            lock.unlock()
        }
    }

    /// Random bytes: mostly ASCII, UTF-8 sequences of 2–4 bytes, and (when `invalid`) stray
    /// continuation bytes, truncated sequences and surrogates now and then; NULs here and there.
    static func bytes(count: Int, invalid: Bool, generator: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 4)
        let sequences: [[UInt8]] = [Array("é".utf8), Array("Ж".utf8), Array("€".utf8), Array("𝄞".utf8)]
        let broken: [[UInt8]] = [[0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]]
        while out.count < count {
            let roll = Int.random(in: 0..<1000, using: &generator)
            if roll < 600 {
                out.append(UInt8.random(in: 0x20...0x7E, using: &generator))
            } else if roll < 990 {
                out += sequences[Int.random(in: 0..<sequences.count, using: &generator)]
            } else if roll < 996 {
                out.append(0)
            } else if invalid {
                out += broken[Int.random(in: 0..<broken.count, using: &generator)]
            } else {
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    static func check(_ bytes: [UInt8], windows: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        bytes.withUnsafeBufferPointer { buffer in
            // The reference: one pass (and, independently, the standard library's validation).
            let expectedBad = CSVDecoder.firstInvalidUTF8(buffer, from: 0)
            #expect((expectedBad == nil) == (String(validating: buffer, as: UTF8.self) != nil), sourceLocation: sourceLocation)
            let expectedNULs = bytes.indices.filter { bytes[$0] == 0 }
            for window in windows {
                let releases = Releases()
                var nuls: [Int]? = nil
                let bad = CSVDecoder.$validationWindow.withValue(window) {
                    CSVDecoder.firstInvalidUTF8Windowed(buffer, release: { releases.add($0) }, nuls: &nuls)
                }
                #expect(bad == expectedBad, "window \(window)", sourceLocation: sourceLocation)
                #expect(nuls == (expectedBad == nil ? expectedNULs : nil), "window \(window)", sourceLocation: sourceLocation)
                let ranges = releases.ranges
                #expect(ranges.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= bytes.count }, sourceLocation: sourceLocation)
                // The last release is the whole buffer; the ones before it came during the sweep.
                #expect(ranges.last == 0..<bytes.count, sourceLocation: sourceLocation)
                if expectedBad == nil && bytes.count > 2 * window {
                    let during = ranges.dropLast().sorted { $0.lowerBound < $1.lowerBound }
                    #expect(during.count >= 2, "window \(window)", sourceLocation: sourceLocation)
                    // Contiguous windows: together they are the whole buffer, each checked once.
                    var covered = 0
                    for range in during where range.lowerBound == covered { covered = range.upperBound }
                    #expect(covered == bytes.count, "window \(window)", sourceLocation: sourceLocation)
                    #expect(during.map(\.count).reduce(0, +) == bytes.count, "window \(window)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func smallBuffersGiveTheAnswerOfOnePass() {
        var generator = SplitMix64(seed: 1402)
        for round in 0..<60 {
            let bytes = Self.bytes(count: Int.random(in: 1...3000, using: &generator), invalid: round % 2 == 1,
                                   generator: &generator)
            Self.check(bytes, windows: [1, 2, 3, 5, 17, 64, 1 << 20])
        }
    }

    @Test func aBufferValidatedInHalvesGivesTheAnswerOfOnePass() {
        // 8 MB and more is checked in two halves on two threads, each in windows.
        var generator = SplitMix64(seed: 9)
        let valid = Self.bytes(count: 9 << 20, invalid: false, generator: &generator)
        Self.check(valid, windows: [4093, 1 << 20])
        // One bad byte late in the second half, then one early in the first: the first wins.
        var late = valid
        // An ASCII byte after an ASCII byte: replacing it breaks no sequence but its own.
        var lateOffset = late.count - 5000
        while late[lateOffset - 1] >= 0x80 || late[lateOffset] >= 0x80 { lateOffset += 1 }
        late[lateOffset] = 0xFF
        Self.check(late, windows: [1 << 20])
        var both = late
        var earlyOffset = 100
        while both[earlyOffset - 1] >= 0x80 || both[earlyOffset] >= 0x80 { earlyOffset += 1 }
        both[earlyOffset] = 0x80
        both.withUnsafeBufferPointer { buffer in
            var nuls: [Int]? = nil
            let bad = CSVDecoder.$validationWindow.withValue(1 << 20) {
                CSVDecoder.firstInvalidUTF8Windowed(buffer, release: { _ in }, nuls: &nuls)
            }
            #expect(bad == earlyOffset)
            #expect(bad == CSVDecoder.firstInvalidUTF8(buffer, from: 0))
        }
    }
}
