import Foundation
import Dispatch

/// Text encodings of CSV input: naming, detection, and decoding to UTF-8 bytes before parsing.
///
/// Everything the tokenizer sees is UTF-8, so the other encodings are transcoded up front with
/// 128-entry tables (fast, and the same on Linux and macOS whatever Foundation does). Bytes that
/// do not decode are remembered by offset, so the tokenizer can name the row and field they are
/// in (an error, or a skipped row under `ignore_errors`).
enum CSVEncoding: Equatable, Sendable {
    case utf8
    case utf8BOM
    case utf16LE
    case utf16BE
    case cp1251
    case macCyrillic
    case koi8r
    case latin1

    /// The name reported back to the user.
    var name: String {
        switch self {
        case .utf8: return "utf-8"
        case .utf8BOM: return "utf-8-sig"
        case .utf16LE: return "utf-16le"
        case .utf16BE: return "utf-16be"
        case .cp1251: return "cp1251"
        case .macCyrillic: return "maccyrillic"
        case .koi8r: return "koi8-r"
        case .latin1: return "latin1"
        }
    }

    /// The names `encoding=` accepts (case-insensitive); nil for an unknown name.
    /// `utf-16` means "by the BOM, little-endian without one" (as Python's codec on x86).
    static func named(_ text: String) -> CSVEncoding? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "utf-8-sig", "utf8-sig": return .utf8BOM
        case "utf-16", "utf16": return .utf16LE
        case "utf-16le", "utf-16-le", "utf16le": return .utf16LE
        case "utf-16be", "utf-16-be", "utf16be": return .utf16BE
        case "cp1251", "windows-1251", "win-1251", "win1251": return .cp1251
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1": return .latin1
        case "maccyrillic", "mac-cyrillic", "x-mac-cyrillic": return .macCyrillic
        case "koi8-r", "koi8r": return .koi8r
        default: return nil
        }
    }

    static let knownNames = ["utf-8", "utf-8-sig", "utf-16", "utf-16le", "utf-16be", "cp1251",
                             "windows-1251", "latin1", "iso-8859-1", "maccyrillic", "x-mac-cyrillic",
                             "koi8-r"]

    var singleByteTable: [UInt16]? {
        switch self {
        case .cp1251: return CSVEncodingTables.cp1251
        case .macCyrillic: return CSVEncodingTables.macCyrillic
        case .koi8r: return CSVEncodingTables.koi8r
        case .latin1: return CSVEncodingTables.latin1
        default: return nil
        }
    }
}

/// A byte of the input that is not text: its offset in the decoded UTF-8 buffer, what is wrong
/// ("bytes are not valid UTF-8") and how to fix it ("use encoding=…").
struct CSVBadByte: Sendable {
    var offset: Int
    var problem: String
    var fix: String
}

/// The input as UTF-8 bytes, ready for the tokenizer.
struct CSVDecodedInput {
    var bytes: [UInt8]
    /// The first byte after a byte-order mark.
    var start: Int
    var encoding: CSVEncoding
    /// Undecodable input, in offset order (only when an encoding was given explicitly, or a BOM
    /// declared it): each is an error, or skips its row under `ignore_errors`.
    var badBytes: [CSVBadByte]
}

/// `CSVDecodedInput` for input given as a buffer.
struct CSVDecodedBuffer {
    /// The transcoded bytes; nil when the input is UTF-8 already and is parsed where it lies
    /// (a mapped file is never copied).
    var bytes: [UInt8]?
    var start: Int
    var encoding: CSVEncoding
    var badBytes: [CSVBadByte]
    /// The offsets of NUL bytes, when validation already swept the whole buffer (saves the
    /// parse a second pass over a large file).
    var nuls: [Int]? = nil
}

enum CSVDecoder {
    /// Detects (when `explicit` is nil) or applies the encoding and returns UTF-8 bytes.
    static func decode(_ raw: [UInt8], explicit: String?) throws(MsokoError) -> CSVDecodedInput {
        let input = try raw.withUnsafeBufferPointer { (buffer) throws(MsokoError) -> CSVDecodedBuffer in
            try decode(buffer, explicit: explicit, release: nil)
        }
        return CSVDecodedInput(bytes: input.bytes ?? raw, start: input.start, encoding: input.encoding,
                               badBytes: input.badBytes)
    }

    /// `release(range)` is told when the bytes of `range` will not be needed soon (a mapped
    /// file drops those pages, so validating a large file does not make it resident).
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, explicit: String?,
                       release: (@Sendable (Range<Int>) -> Void)?) throws(MsokoError) -> CSVDecodedBuffer {
        if let explicit {
            guard let encoding = CSVEncoding.named(explicit) else {
                throw MsokoError(.name, tr("io.csv.unknown_encoding_known", ["explicit": explicit, "value": CSVEncoding.knownNames.joined(separator: ", ")]),
                                 hint: Suggest.hint(for: explicit.lowercased(), among: CSVEncoding.knownNames))
            }
            return apply(encoding, to: raw, explicit: true, knownValid: false)
        }
        var nuls: [Int]? = nil
        let detected = detect(raw, release: release, nuls: &nuls)
        // `detect` says .utf8 only after validating every byte: no need to do it twice.
        var input = apply(detected, to: raw, explicit: false, knownValid: detected == .utf8)
        if detected == .utf8 { input.nuls = nuls }
        return input
    }

    /// Guesses the encoding: a BOM decides; else valid UTF-8 is UTF-8; else Windows-1251 or
    /// MacCyrillic when most high bytes are Cyrillic letters in that encoding (MacCyrillic only
    /// when it explains strictly more of them: its capitals sit at 0x80–0x9F, where Windows-1251
    /// has punctuation and rare letters); else Latin-1, which decodes anything.
    /// KOI8-R is not guessed (its letters occupy the same range as Windows-1251's): name it.
    static func detect(_ raw: UnsafeBufferPointer<UInt8>) -> CSVEncoding {
        var nuls: [Int]? = nil
        return detect(raw, release: nil, nuls: &nuls)
    }

    /// `detect`; when it validates the whole buffer as UTF-8 with `release` given, `nuls` gets
    /// the NUL bytes' offsets, found in the same sweep.
    static func detect(_ raw: UnsafeBufferPointer<UInt8>, release: (@Sendable (Range<Int>) -> Void)?, nuls: inout [Int]?) -> CSVEncoding {
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { return .utf8BOM }
        if raw.count >= 2, raw[0] == 0xFF, raw[1] == 0xFE { return .utf16LE }
        if raw.count >= 2, raw[0] == 0xFE, raw[1] == 0xFF { return .utf16BE }
        if let utf16 = guessBOMlessUTF16(raw) { return utf16 }
        let firstBad = firstInvalidUTF8Windowed(raw, release: release, nuls: &nuls)
        if firstBad == nil { return .utf8 }
        var histogram = [Int](repeating: 0, count: 256)
        raw.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte >= 0x80 { histogram[Int(byte)] += 1 }
        }
        let high = histogram[0x80...].reduce(0, +)
        // Cyrillic letters А–я, Ё, ё in each encoding.
        let cp1251Letters = histogram[0xC0...0xFF].reduce(0, +) + histogram[0xA8] + histogram[0xB8]
        let macLetters = histogram[0x80...0x9F].reduce(0, +) + histogram[0xDD...0xFE].reduce(0, +)
        if max(cp1251Letters, macLetters) * 2 > high {
            return macLetters > cp1251Letters ? .macCyrillic : .cp1251
        }
        return .latin1
    }

    /// UTF-16 without a BOM: Latin and Cyrillic text has 0x00 or 0x04 (the Cyrillic block) as
    /// the high byte of almost every unit, and a zero among them for every ASCII character.
    static func guessBOMlessUTF16(_ raw: UnsafeBufferPointer<UInt8>) -> CSVEncoding? {
        let n = min(raw.count, 4096) & ~1
        guard n >= 8 else { return nil }
        var highEven = 0, highOdd = 0, zeroEven = 0, zeroOdd = 0
        for index in stride(from: 0, to: n, by: 2) {
            let even = raw[index], odd = raw[index + 1]
            if even == 0 { zeroEven += 1; highEven += 1 } else if even == 4 { highEven += 1 }
            if odd == 0 { zeroOdd += 1; highOdd += 1 } else if odd == 4 { highOdd += 1 }
        }
        let units = n / 2
        if highOdd * 10 >= units * 9 && zeroOdd > 0 && zeroEven * 20 < units { return .utf16LE }
        if highEven * 10 >= units * 9 && zeroEven > 0 && zeroOdd * 20 < units { return .utf16BE }
        return nil
    }

    static func apply(_ encoding: CSVEncoding, to raw: UnsafeBufferPointer<UInt8>, explicit: Bool,
                      knownValid: Bool) -> CSVDecodedBuffer {
        switch encoding {
        case .utf8, .utf8BOM:
            let start = (raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) ? 3 : 0
            var offsets: [Int] = []
            if !knownValid { raw.withUnsafeBufferPointer { buffer in
                var position = start
                while let offset = firstInvalidUTF8(buffer, from: position) {
                    offsets.append(offset)
                    position = offset + 1
                }
            } }
            let fix = offsets.isEmpty ? "" : invalidUTF8Fix(raw)
            let bad = offsets.map { CSVBadByte(offset: $0, problem: tr("io.csv.not_utf8"), fix: fix) }
            return CSVDecodedBuffer(bytes: nil, start: start, encoding: start == 3 ? .utf8BOM : .utf8, badBytes: bad)
        case .utf16LE, .utf16BE:
            var bigEndian = encoding == .utf16BE
            var start = 0
            if raw.count >= 2 {
                if raw[0] == 0xFF && raw[1] == 0xFE { bigEndian = false; start = 2 }
                else if raw[0] == 0xFE && raw[1] == 0xFF { bigEndian = true; start = 2 }
            }
            let (bytes, bad) = transcodeUTF16(raw, from: start, bigEndian: bigEndian)
            return CSVDecodedBuffer(bytes: bytes, start: 0, encoding: bigEndian ? .utf16BE : .utf16LE, badBytes: bad)
        case .cp1251, .macCyrillic, .koi8r, .latin1:
            let table = encoding.singleByteTable ?? CSVEncodingTables.latin1
            let (bytes, bad) = transcodeSingleByte(raw, table: table, name: encoding.name, reportUndefined: explicit)
            return CSVDecodedBuffer(bytes: bytes, start: 0, encoding: encoding, badBytes: bad)
        }
    }

    /// The fix when bytes given as UTF-8 are not: the encoding the bytes look like.
    static func invalidUTF8Fix(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var guess = detect(UnsafeBufferPointer(rebasing: raw.prefix(1 << 20)))
        if guess == .utf8 || guess == .utf8BOM { guess = .cp1251 }
        return tr("io.csv.file_looks_like_use", ["guess_name": guess.name])
    }

    /// `firstInvalidUTF8` from the start, for a mapped file: a large buffer is checked in two
    /// halves on two threads (the second half starts at an ASCII byte, which no sequence
    /// continues through, so the answer is the same as one pass), each half also swept for NUL
    /// bytes while it is in memory; `nuls` gets their offsets when the whole buffer is valid.
    /// Each half goes in windows of `validationWindow` bytes, cut at ASCII bytes too, and a
    /// window's pages are released as soon as it is checked: the file is never resident whole
    /// (it used to be, for the length of this sweep, which was the 1M-row load's peak).
    static func firstInvalidUTF8Windowed(_ buffer: UnsafeBufferPointer<UInt8>, release: (@Sendable (Range<Int>) -> Void)?,
                                         nuls: inout [Int]?) -> Int? {
        guard let release, let base = buffer.baseAddress else { return firstInvalidUTF8(buffer, from: 0) }
        let n = buffer.count
        let middle = asciiCut(base, n, after: n >= (8 << 20) ? n / 2 : n)
        let halves = CSVValidationHalves()
        let bounds = [(0, middle), (middle, n)]
        let whole = CSVSendableBuffer(buffer: buffer)
        let window = max(1, validationWindow)
        DispatchQueue.concurrentPerform(iterations: middle < n ? 2 : 1) { half in
            let (from, to) = bounds[half]
            let base = whole.buffer.baseAddress.unsafelyUnwrapped
            var found: [Int] = []
            var bad: Int? = nil
            var p = from
            while p < to {
                let windowEnd = min(to, asciiCut(base, to, after: p + window))
                // The window ends at an ASCII byte (or the half's end), so checking it as if
                // the buffer ended there gives the answer the whole buffer would.
                bad = firstInvalidUTF8(UnsafeBufferPointer(start: base, count: windowEnd), from: p)
                if bad != nil { break }
                var q = p
                while q < windowEnd, let hit = memchr(base + q, 0, windowEnd - q) {
                    let offset = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    found.append(offset)
                    q = offset + 1
                }
                release(p..<windowEnd)
                p = windowEnd
            }
            halves.set(half, bad: bad, nuls: bad == nil ? found : [])
        }
        // Pages at the windows' and halves' edges, and those read back by a message's bad byte.
        release(0..<n)
        if let bad = halves.bad[0] ?? halves.bad[1] { return bad }
        nuls = halves.nuls[0] + halves.nuls[1]
        return nil
    }

    /// Bytes a validation window spans (tests make it tiny to put edges everywhere).
    @TaskLocal static var validationWindow = 1 << 20

    /// The first offset at or after `offset` (and before `n`) holding an ASCII byte, else `n`.
    static func asciiCut(_ base: UnsafePointer<UInt8>, _ n: Int, after offset: Int) -> Int {
        var p = min(offset, n)
        while p < n && base[p] >= 0x80 { p += 1 }
        return p
    }

    /// The offset of the first byte at or after `from` that starts an invalid UTF-8 sequence
    /// (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        let n = buffer.count
        var i = from
        while i < n {
            // ASCII fast path: eight bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { return nil }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            @inline(__always) func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                i + k < n && base[i + k] >= low && base[i + k] <= high
            }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return i }
                i += 2
            case 0xE0:
                guard cont(1, 0xA0), cont(2) else { return i }
                i += 3
            case 0xE1...0xEC, 0xEE...0xEF:
                guard cont(1), cont(2) else { return i }
                i += 3
            case 0xED:
                guard cont(1, 0x80, 0x9F), cont(2) else { return i }
                i += 3
            case 0xF0:
                guard cont(1, 0x90), cont(2), cont(3) else { return i }
                i += 4
            case 0xF1...0xF3:
                guard cont(1), cont(2), cont(3) else { return i }
                i += 4
            case 0xF4:
                guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    @inline(__always) static func appendUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>, at position: inout Int) {
        if scalar < 0x80 {
            out[position] = UInt8(scalar); position += 1
        } else if scalar < 0x800 {
            out[position] = UInt8(0xC0 | (scalar >> 6))
            out[position + 1] = UInt8(0x80 | (scalar & 0x3F)); position += 2
        } else if scalar < 0x10000 {
            out[position] = UInt8(0xE0 | (scalar >> 12))
            out[position + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[position + 2] = UInt8(0x80 | (scalar & 0x3F)); position += 3
        } else {
            out[position] = UInt8(0xF0 | (scalar >> 18))
            out[position + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[position + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[position + 3] = UInt8(0x80 | (scalar & 0x3F)); position += 4
        }
    }

    /// One table lookup per high byte; ASCII is copied as is.
    static func transcodeSingleByte(_ raw: UnsafeBufferPointer<UInt8>, table: [UInt16], name: String,
                                    reportUndefined: Bool) -> ([UInt8], [CSVBadByte]) {
        var bad: [CSVBadByte] = []
        let output = raw.withUnsafeBufferPointer { input -> [UInt8] in
            table.withUnsafeBufferPointer { table in
                [UInt8](unsafeUninitializedCapacity: input.count * 3) { out, initialized in
                    guard let outBase = out.baseAddress else { initialized = 0; return }
                    var position = 0
                    for byte in input {
                        if byte < 0x80 {
                            outBase[position] = byte; position += 1
                        } else {
                            let scalar = table[Int(byte) - 0x80]
                            if scalar == 0xFFFD && reportUndefined {
                                let hex = String(byte, radix: 16, uppercase: true)
                                bad.append(CSVBadByte(offset: position, problem: tr("io.csv.byte_x_defined", ["hex": hex, "name": name]),
                                                                fix: tr("io.csv.file_another_encoding")))
                            }
                            appendUTF8(UInt32(scalar), to: outBase, at: &position)
                        }
                    }
                    initialized = position
                }
            }
        }
        return (output, bad)
    }

    /// UTF-16 to UTF-8; an unpaired surrogate or an odd last byte becomes U+FFFD and is reported.
    static func transcodeUTF16(_ raw: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool) -> ([UInt8], [CSVBadByte]) {
        var bad: [CSVBadByte] = []
        let output = raw.withUnsafeBufferPointer { input -> [UInt8] in
            let units = (input.count - start) / 2
            return [UInt8](unsafeUninitializedCapacity: units * 3 + 3) { out, initialized in
                guard let outBase = out.baseAddress, let inBase = input.baseAddress else { initialized = 0; return }
                @inline(__always) func unit(_ k: Int) -> UInt32 {
                    let a = UInt32(inBase[start + 2 * k]), b = UInt32(inBase[start + 2 * k + 1])
                    return bigEndian ? (a << 8 | b) : (b << 8 | a)
                }
                var position = 0
                var k = 0
                while k < units {
                    let u = unit(k)
                    if u >= 0xD800 && u <= 0xDBFF, k + 1 < units, case let low = unit(k + 1), low >= 0xDC00 && low <= 0xDFFF {
                        appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: outBase, at: &position)
                        k += 2
                        continue
                    }
                    if u >= 0xD800 && u <= 0xDFFF {
                        bad.append(CSVBadByte(offset: position, problem: tr("io.csv.invalid_utf_unpaired_surrogate"),
                                                        fix: tr("io.csv.really_utf16")))
                        appendUTF8(0xFFFD, to: outBase, at: &position)
                    } else {
                        appendUTF8(u, to: outBase, at: &position)
                    }
                    k += 1
                }
                if (input.count - start) % 2 == 1 {
                    bad.append(CSVBadByte(offset: position, problem: tr("io.csv.invalid_utf_odd_number"),
                                                    fix: tr("io.csv.really_utf16")))
                    appendUTF8(0xFFFD, to: outBase, at: &position)
                }
                initialized = position
            }
        }
        return (output, bad)
    }
}

/// Decoding tables for bytes 0x80–0xFF, generated from Python 3.11's codecs
/// (`bytes([b]).decode(name)`); 0xFFFD marks a byte the encoding does not define.
enum CSVEncodingTables {
    /// Bytes 0x80–0xFF of cp1251, from Python cp1251 codec (0xFFFD = not defined).
    static let cp1251: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]
    /// Bytes 0x80–0xFF of macCyrillic, from Python mac_cyrillic codec (0xFFFD = not defined).
    static let macCyrillic: [UInt16] = [
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x2020, 0x00B0, 0x0490, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x0406,
        0x00AE, 0x00A9, 0x2122, 0x0402, 0x0452, 0x2260, 0x0403, 0x0453,
        0x221E, 0x00B1, 0x2264, 0x2265, 0x0456, 0x00B5, 0x0491, 0x0408,
        0x0404, 0x0454, 0x0407, 0x0457, 0x0409, 0x0459, 0x040A, 0x045A,
        0x0458, 0x0405, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
        0x00BB, 0x2026, 0x00A0, 0x040B, 0x045B, 0x040C, 0x045C, 0x0455,
        0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x201E,
        0x040E, 0x045E, 0x040F, 0x045F, 0x2116, 0x0401, 0x0451, 0x044F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x20AC,
    ]
    /// Bytes 0x80–0xFF of koi8r, from Python koi8_r codec (0xFFFD = not defined).
    static let koi8r: [UInt16] = [
        0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
        0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
        0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
        0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
        0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556,
        0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
        0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565,
        0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
        0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
        0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
        0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432,
        0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
        0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413,
        0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
        0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
        0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
    ]
    /// ISO-8859-1: every byte is the code point of the same number.
    static let latin1: [UInt16] = (0x80...0xFF).map { UInt16($0) }
}

extension UnsafeBufferPointer {
    /// Lets the decoder's array-era code read a buffer the same way it reads an array.
    @inline(__always) func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(self)
    }
}

/// The two halves' answers of a parallel validation.
private final class CSVValidationHalves: @unchecked Sendable {
    var bad: [Int?] = [nil, nil]
    var nuls: [[Int]] = [[], []]
    let lock = NSLock()
    func set(_ half: Int, bad: Int?, nuls: [Int]) {
        lock.lock()
        self.bad[half] = bad
        self.nuls[half] = nuls
        lock.unlock()
    }
}

/// A read-only buffer handed to the validation threads.
private struct CSVSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}
