import Foundation

// Why not Foundation's XMLParser: on Linux, FoundationXML aborts the whole process (SIGILL, a
// force-unwrap inside Foundation) when a workbook part has an invalid UTF-8 byte in an element
// or attribute name, a comment or a processing instruction — no error, no delegate call. A
// user's file must never be able to do that, so the small parts of a workbook (relationships,
// workbook, styles, shared strings) are read by this scanner, as the sheets already are by
// `XLSXSheetScanner`. It is the one front door: the whole part is checked to be UTF-8 first
// (a refusal names the byte offset), then scanned byte by byte.

/// Receives the events of a small part. Names are qualified (`x:sheet`); attribute values and
/// text arrive with entity and character references decoded.
protocol XMLPartHandler: AnyObject {
    func startElement(_ name: String, attributes: [String: String])
    func endElement(_ name: String)
    /// Whether text at this point is wanted (text is only decoded for a handler that asks).
    var wantsText: Bool { get }
    func text(_ text: String)
}

extension XMLPartHandler {
    func endElement(_ name: String) {}
    var wantsText: Bool { false }
    func text(_ text: String) {}
}

/// A byte-level scanner for well-formed XML of the kind workbook parts hold: elements,
/// attributes, text, CDATA, comments, processing instructions, a skipped document type
/// declaration, the five predefined entities and character references. Anything else (an
/// unknown entity, a tag that does not match, bytes that are not UTF-8) is `Malformed`.
/// All reads are bounds-checked; nothing recurses, so deep nesting costs memory, not stack.
struct XMLPartScanner: XMLBytes {
    /// Where and why the part is not well-formed (byte offset into the part).
    struct Malformed: Error, Equatable {
        var offset: Int
        var reason: String
    }

    let base: UnsafePointer<UInt8>
    let count: Int
    private var stack: [(start: Int, length: Int)] = []
    private var scratch: [UInt8] = []

    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// Checks and scans a whole part.
    static func scan(_ buffer: UnsafeRawBufferPointer, into handler: XMLPartHandler) throws(Malformed) {
        guard let raw = buffer.baseAddress, buffer.count > 0 else {
            throw Malformed(offset: 0, reason: tr("io.xlsx.part_empty"))
        }
        let bytes = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: buffer.count)
        if let bad = UTF8Check.firstInvalid(in: bytes) {
            throw Malformed(offset: bad, reason: tr("io.xlsx.byte_not_utf8", ["byte": String(format: "%02X", bytes[bad])]))
        }
        var scanner = XMLPartScanner(base: raw.assumingMemoryBound(to: UInt8.self), count: buffer.count)
        try scanner.run(handler)
    }

    static func scan(_ data: Data, into handler: XMLPartHandler) throws(Malformed) {
        let failure: Malformed? = data.withUnsafeBytes { buffer in
            do throws(Malformed) { try scan(buffer, into: handler); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    // MARK: bytes

    @inline(__always) private static func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }

    /// Bytes already checked to be UTF-8 as a String.
    private func string(from: Int, to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
    }

    // MARK: the main loop

    private mutating func run(_ handler: XMLPartHandler) throws(Malformed) {
        var position = 0
        var sawRoot = false
        // A UTF-8 byte-order mark.
        if hasPrefix("\u{FEFF}", at: 0) { position = 3 }
        while position < count {
            guard let open = find(UInt8(ascii: "<"), from: position) else {
                if !stack.isEmpty, handler.wantsText { try deliverText(from: position, to: count, handler) }
                position = count
                break
            }
            if open > position {
                if stack.isEmpty {
                    // Only whitespace may stand outside the root element.
                    for index in position..<open where !Self.isSpace(base[index]) {
                        throw Malformed(offset: index, reason: tr("io.xlsx.text_outside_root_element"))
                    }
                } else if handler.wantsText {
                    try deliverText(from: position, to: open, handler)
                }
            }
            guard let next = byte(open + 1) else { throw Malformed(offset: open, reason: tr("io.xlsx.part_ends_inside_tag")) }
            switch next {
            case UInt8(ascii: "?"):
                guard let end = find("?>", from: open + 2) else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_processing_instruction")) }
                position = end + 2
            case UInt8(ascii: "!"):
                if hasPrefix("<!--", at: open) {
                    guard let end = find("-->", from: open + 4) else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_comment")) }
                    position = end + 3
                } else if hasPrefix("<![CDATA[", at: open) {
                    guard let end = find("]]>", from: open + 9) else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_cdata_section")) }
                    guard !stack.isEmpty else { throw Malformed(offset: open, reason: tr("io.xlsx.cdata_outside_root_element")) }
                    if handler.wantsText { handler.text(string(from: open + 9, to: end)) }
                    position = end + 3
                } else if hasPrefix("<!DOCTYPE", at: open) {
                    // Skipped, internal subset included; the entities it may declare stay
                    // unknown, so a part that uses them is refused, never expanded.
                    guard !sawRoot else { throw Malformed(offset: open, reason: tr("io.xlsx.declaration_inside_document")) }
                    var index = open + 9, depth = 0
                    while true {
                        guard let b = byte(index) else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_declaration")) }
                        if b == UInt8(ascii: "[") { depth += 1 } else if b == UInt8(ascii: "]") { depth -= 1 } else if b == UInt8(ascii: ">") && depth <= 0 { break }
                        index += 1
                    }
                    position = index + 1
                } else {
                    throw Malformed(offset: open, reason: tr("io.xlsx.unknown_markup_declaration"))
                }
            case UInt8(ascii: "/"):
                let nameStart = open + 2
                var index = nameStart
                while let b = byte(index), !Self.isNameEnd(b) { index += 1 }
                let length = index - nameStart
                while let b = byte(index), Self.isSpace(b) { index += 1 }
                guard byte(index) == UInt8(ascii: ">") else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_end_tag")) }
                guard let top = stack.popLast(), top.length == length, length > 0,
                      memcmp(base + top.start, base + nameStart, length) == 0 else {
                    throw Malformed(offset: open, reason: tr("io.xlsx.end_tag_that_does"))
                }
                position = index + 1
                handler.endElement(string(from: nameStart, to: nameStart + length))
            default:
                let nameStart = open + 1
                var index = nameStart
                while let b = byte(index), !Self.isNameEnd(b), b != UInt8(ascii: "<") { index += 1 }
                let length = index - nameStart
                guard length > 0, index < count else { throw Malformed(offset: open, reason: tr("io.xlsx.tag_without_name_unterminated")) }
                if stack.isEmpty && sawRoot { throw Malformed(offset: open, reason: tr("io.xlsx.second_root_element")) }
                sawRoot = true
                var attributes: [String: String] = [:]
                var selfClosing = false
                while true {
                    while let b = byte(index), Self.isSpace(b) { index += 1 }
                    guard let b = byte(index) else { throw Malformed(offset: open, reason: tr("io.xlsx.unterminated_tag")) }
                    if b == UInt8(ascii: ">") { index += 1; break }
                    if b == UInt8(ascii: "/") {
                        guard byte(index + 1) == UInt8(ascii: ">") else { throw Malformed(offset: index, reason: tr("io.xlsx.stray_tag")) }
                        index += 2
                        selfClosing = true
                        break
                    }
                    let attributeStart = index
                    while let a = byte(index), !Self.isNameEnd(a), a != UInt8(ascii: "<") { index += 1 }
                    let attributeLength = index - attributeStart
                    while let a = byte(index), Self.isSpace(a) { index += 1 }
                    guard attributeLength > 0, byte(index) == UInt8(ascii: "=") else {
                        throw Malformed(offset: attributeStart, reason: tr("io.xlsx.attribute_without_value"))
                    }
                    index += 1
                    while let a = byte(index), Self.isSpace(a) { index += 1 }
                    guard let quote = byte(index), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                        throw Malformed(offset: index, reason: tr("io.xlsx.attribute_value_without_quotes"))
                    }
                    let valueStart = index + 1
                    guard let valueEnd = find(quote, from: valueStart) else { throw Malformed(offset: index, reason: tr("io.xlsx.unterminated_attribute_value")) }
                    if memchr(base + valueStart, Int32(UInt8(ascii: "<")), valueEnd - valueStart) != nil {
                        throw Malformed(offset: valueStart, reason: tr("io.xlsx.attribute_value"))
                    }
                    index = valueEnd + 1
                    let name = string(from: attributeStart, to: attributeStart + attributeLength)
                    guard attributes[name] == nil else { throw Malformed(offset: attributeStart, reason: tr("io.xlsx.attribute_given_twice")) }
                    attributes[name] = try decoded(from: valueStart, to: valueEnd, attribute: true)
                }
                position = index
                let name = string(from: nameStart, to: nameStart + length)
                handler.startElement(name, attributes: attributes)
                if selfClosing {
                    handler.endElement(name)
                } else {
                    stack.append((nameStart, length))
                }
            }
        }
        if !stack.isEmpty || !sawRoot {
            throw Malformed(offset: count, reason: tr("io.xlsx.part_ends_before_xml"))
        }
    }

    // MARK: text and references

    private mutating func deliverText(from: Int, to: Int, _ handler: XMLPartHandler) throws(Malformed) {
        handler.text(try decoded(from: from, to: to, attribute: false))
    }

    /// The bytes with `\r\n` and `\r` as `\n` (text) or whitespace as spaces (attribute values),
    /// and entity and character references decoded.
    private mutating func decoded(from: Int, to: Int, attribute: Bool) throws(Malformed) -> String {
        let length = to - from
        if length == 0 { return "" }
        let hasAmpersand = memchr(base + from, Int32(UInt8(ascii: "&")), length) != nil
        let hasReturn = memchr(base + from, 0x0D, length) != nil
        let hasOtherSpace = attribute && (memchr(base + from, 0x0A, length) != nil || memchr(base + from, 0x09, length) != nil)
        if !hasAmpersand && !hasReturn && !hasOtherSpace { return string(from: from, to: to) }
        scratch.removeAll(keepingCapacity: true)
        var index = from
        while index < to {
            let b = base[index]
            if b == UInt8(ascii: "&") {
                guard let semicolon = find(UInt8(ascii: ";"), from: index + 1), semicolon < to, semicolon - index <= 12 else {
                    throw Malformed(offset: index, reason: tr("io.xlsx.unterminated_entity_reference"))
                }
                let nameStart = index + 1
                let nameLength = semicolon - nameStart
                if hasPrefix("amp;", at: nameStart) { scratch.append(UInt8(ascii: "&")) }
                else if hasPrefix("lt;", at: nameStart) { scratch.append(UInt8(ascii: "<")) }
                else if hasPrefix("gt;", at: nameStart) { scratch.append(UInt8(ascii: ">")) }
                else if hasPrefix("quot;", at: nameStart) { scratch.append(UInt8(ascii: "\"")) }
                else if hasPrefix("apos;", at: nameStart) { scratch.append(UInt8(ascii: "'")) }
                else if nameLength >= 2, base[nameStart] == UInt8(ascii: "#") {
                    scratch.append(contentsOf: try characterReference(at: index, digitsFrom: nameStart + 1, to: semicolon).utf8)
                } else {
                    throw Malformed(offset: index, reason: tr("io.xlsx.unknown_entity", ["value": string(from: nameStart, to: semicolon)]))
                }
                index = semicolon + 1
            } else if b == 0x0D {
                scratch.append(attribute ? 0x20 : 0x0A)
                if !attribute, index + 1 < to, base[index + 1] == 0x0A { index += 1 }
                index += 1
            } else if attribute && (b == 0x0A || b == 0x09) {
                scratch.append(0x20)
                index += 1
            } else {
                scratch.append(b)
                index += 1
            }
        }
        // References decode to whole scalars and the rest was checked, so this is UTF-8.
        return String(decoding: scratch, as: UTF8.self)
    }

    /// `&#65;` or `&#x41;`: a character XML allows, or `Malformed`.
    private func characterReference(at reference: Int, digitsFrom start: Int, to end: Int) throws(Malformed) -> Unicode.Scalar {
        var digitsStart = start
        let hex = base[digitsStart] == UInt8(ascii: "x")
        if hex { digitsStart += 1 }
        guard digitsStart < end else { throw Malformed(offset: reference, reason: tr("io.xlsx.empty_character_reference")) }
        var code: UInt32 = 0
        for digitIndex in digitsStart..<end {
            let d = base[digitIndex]
            let value: UInt32
            switch d {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(d - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: value = UInt32(d - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: value = UInt32(d - UInt8(ascii: "A") + 10)
            default: throw Malformed(offset: reference, reason: tr("io.xlsx.bad_character_reference"))
            }
            code = code * (hex ? 16 : 10) + value
            if code > 0x10FFFF { throw Malformed(offset: reference, reason: tr("io.xlsx.character_reference_out_range")) }
        }
        guard let scalar = Unicode.Scalar(code), code != 0,
              code >= 0x20 || code == 0x09 || code == 0x0A || code == 0x0D,
              code != 0xFFFE, code != 0xFFFF else {
            throw Malformed(offset: reference, reason: tr("io.xlsx.character_reference_character_xml"))
        }
        return scalar
    }
}

/// UTF-8 validation that says where it fails.
enum UTF8Check {
    /// The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence
    /// (no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
    static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time.
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { index += 8; continue }
            }
            let lead = base[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = base[index + 1]
            guard second >= low, second <= high else { return index }
            for offset in 2..<max(length, 2) where base[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
