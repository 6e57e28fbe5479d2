import Foundation

// Why this is hand-written: a worksheet is by far the largest part of a workbook, and
// Foundation's `XMLParser` on Linux pays per element for a callback, a `String` element name and
// a `[String: String]` attribute dictionary (bridged from libxml2). A 150,302-row × 8-column sheet
// (52 MB of XML) took 3.4–6.1 s (48 MB peak) to load in a release build that way; with this
// scanner it takes 0.85 s (45 MB) on the same machine. This scanner reads the memory-mapped
// part byte by byte, recognises only what a sheet's cell data needs (`row`, `c`, `v`, `is`, `t`,
// `rPh`, with or without a namespace prefix), builds strings only for captured text, and drives
// `XLSXSheetStream.SheetHandler` through small typed entry points. Everything else (formulas,
// other elements, comments, processing instructions) is skipped, but tags are still matched
// and entities checked in captured text, so a damaged part is still reported as damaged.
// Scanning stops at `</sheetData>`.

/// Byte-level scanner of a worksheet's XML. All reads are bounds-checked against `count`.
struct XLSXSheetScanner: XMLBytes {
    /// Where and why the XML is not well-formed (byte offset into the part).
    struct Malformed: Error { var offset: Int; var reason: String }

    enum CellType { case number, shared, inline, string, bool, error, date }

    let base: UnsafePointer<UInt8>
    let count: Int
    private var position = 0
    /// Open elements as byte ranges of their qualified names, to match end tags.
    private var stack: [(start: Int, length: Int)] = []
    private var textBytes: [UInt8] = []

    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// Scans the bytes, calling the handler for every row and cell event. Handler errors are
    /// returned as `.handler`, well-formedness errors as `.malformed`.
    enum Failure: Error { case handler(MsokoError), malformed(Malformed) }

    static func scan(_ buffer: UnsafeRawBufferPointer, into handler: XLSXSheetStream.SheetHandler) -> Failure? {
        guard let raw = buffer.baseAddress, buffer.count > 0 else {
            return .malformed(Malformed(offset: 0, reason: tr("io.xlsx.part_empty")))
        }
        var scanner = XLSXSheetScanner(base: raw.assumingMemoryBound(to: UInt8.self), count: buffer.count)
        do throws(Failure) {
            try scanner.run(handler)
            return nil
        } catch {
            return error
        }
    }

    // MARK: bytes

    @inline(__always) private func malformed(_ offset: Int, _ reason: String) -> Failure {
        .malformed(Malformed(offset: offset, reason: reason))
    }

    @inline(__always) private static func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    // MARK: the main loop

    private enum Local { case row, c, v, inlineString, t, rPh, sheetData, other }

    private func local(start: Int, length: Int) -> Local {
        var from = start
        // The local name is what follows the last colon.
        var index = start + length - 1
        while index >= start {
            if base[index] == UInt8(ascii: ":") { from = index + 1; break }
            index -= 1
        }
        let size = start + length - from
        switch size {
        case 1:
            switch base[from] {
            case UInt8(ascii: "c"): return .c
            case UInt8(ascii: "v"): return .v
            case UInt8(ascii: "t"): return .t
            default: return .other
            }
        case 2: return base[from] == UInt8(ascii: "i") && base[from + 1] == UInt8(ascii: "s") ? .inlineString : .other
        case 3:
            if hasPrefix("row", at: from) { return .row }
            if hasPrefix("rPh", at: from) { return .rPh }
            return .other
        case 9: return hasPrefix("sheetData", at: from) ? .sheetData : .other
        default: return .other
        }
    }

    /// Asks the kernel to page out the part's bytes already scanned (every 8 MB), so a large
    /// mapped sheet does not stay resident. `MADV_PAGEOUT` keeps the contents (pages of a file
    /// are read again if touched), so it is safe on any memory; where it is unknown it is a no-op.
    private var advisedUpTo = 0
    private mutating func releaseScanned() {
        Self.pageOut(base, from: advisedUpTo, to: position)
        advisedUpTo = position
    }

    static func pageOut(_ base: UnsafePointer<UInt8>, from: Int, to: Int) {
        #if os(Linux)
        let page = 4096
        let start = (Int(bitPattern: base) + from + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + to) & ~(page - 1)
        if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(pointer, end - start, 21 /* MADV_PAGEOUT */)
        }
        #endif
    }

    private mutating func run(_ handler: XLSXSheetStream.SheetHandler) throws(Failure) {
        var sawRoot = false
        while position < count {
            if position - advisedUpTo >= 8 << 20 { releaseScanned() }
            guard let open = find(UInt8(ascii: "<"), from: position) else {
                // Trailing text after the last tag.
                position = count
                break
            }
            if open > position, handler.isCapturing {
                try appendText(from: position, to: open, handler)
            }
            guard let next = byte(open + 1) else { throw malformed(open, tr("io.xlsx.file_ends_inside_tag")) }
            switch next {
            case UInt8(ascii: "?"):
                guard let end = find("?>", from: open + 2) else { throw malformed(open, tr("io.xlsx.unterminated_processing_instruction")) }
                position = end + 2
            case UInt8(ascii: "!"):
                if hasPrefix("<!--", at: open) {
                    guard let end = find("-->", from: open + 4) else { throw malformed(open, tr("io.xlsx.unterminated_comment")) }
                    position = end + 3
                } else if hasPrefix("<![CDATA[", at: open) {
                    guard let end = find("]]>", from: open + 9) else { throw malformed(open, tr("io.xlsx.unterminated_cdata_section")) }
                    if stack.isEmpty { throw malformed(open, tr("io.xlsx.cdata_outside_root_element")) }
                    if handler.isCapturing {
                        handler.appendText(try decodeUTF8(from: open + 9, to: end))
                    }
                    position = end + 3
                } else {
                    // A document type declaration: skip it (brackets included).
                    guard !sawRoot else { throw malformed(open, tr("io.xlsx.declaration_inside_document")) }
                    var index = open + 2, depth = 0
                    while true {
                        guard let b = byte(index) else { throw malformed(open, tr("io.xlsx.unterminated_declaration")) }
                        if b == UInt8(ascii: "[") { depth += 1 } else if b == UInt8(ascii: "]") { depth -= 1 } else if b == UInt8(ascii: ">") && depth <= 0 { break }
                        index += 1
                    }
                    position = index + 1
                }
            case UInt8(ascii: "/"):
                // An end tag.
                let nameStart = open + 2
                var index = nameStart
                while let b = byte(index), !Self.isNameEnd(b) { index += 1 }
                let length = index - nameStart
                while let b = byte(index), Self.isSpace(b) { index += 1 }
                guard byte(index) == UInt8(ascii: ">") else { throw malformed(open, tr("io.xlsx.unterminated_end_tag")) }
                guard let top = stack.popLast(), top.length == length, length > 0,
                      memcmp(base + top.start, base + nameStart, length) == 0 else {
                    throw malformed(open, tr("io.xlsx.end_tag_that_does"))
                }
                position = index + 1
                if try endElement(local(start: nameStart, length: length), handler) { return }
            default:
                let nameStart = open + 1
                var index = nameStart
                while let b = byte(index), !Self.isNameEnd(b) { index += 1 }
                let length = index - nameStart
                guard length > 0, index < count else { throw malformed(open, tr("io.xlsx.tag_without_name_unterminated")) }
                if stack.isEmpty && sawRoot { throw malformed(open, tr("io.xlsx.second_root_element")) }
                sawRoot = true
                let kind = local(start: nameStart, length: length)
                // Attributes, then `>` or `/>`.
                var rowNumber: Int?? = nil
                var cellColumn: Int?? = nil
                var cellType = CellType.number
                var cellStyle = 0
                while true {
                    while let b = byte(index), Self.isSpace(b) { index += 1 }
                    guard let b = byte(index) else { throw malformed(open, tr("io.xlsx.unterminated_tag")) }
                    if b == UInt8(ascii: ">") { index += 1; break }
                    if b == UInt8(ascii: "/") {
                        guard byte(index + 1) == UInt8(ascii: ">") else { throw malformed(open, tr("io.xlsx.stray_tag")) }
                        index += 2
                        break
                    }
                    // name = "value"
                    let attributeStart = index
                    while let a = byte(index), !Self.isSpace(a), a != UInt8(ascii: "="), a != UInt8(ascii: ">"), a != UInt8(ascii: "/") { index += 1 }
                    let attributeLength = index - attributeStart
                    while let a = byte(index), Self.isSpace(a) { index += 1 }
                    guard attributeLength > 0, byte(index) == UInt8(ascii: "=") else { throw malformed(open, tr("io.xlsx.attribute_without_value")) }
                    index += 1
                    while let a = byte(index), Self.isSpace(a) { index += 1 }
                    guard let quote = byte(index), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                        throw malformed(open, tr("io.xlsx.attribute_value_without_quotes"))
                    }
                    let valueStart = index + 1
                    guard let valueEnd = find(quote, from: valueStart) else { throw malformed(open, tr("io.xlsx.unterminated_attribute_value")) }
                    index = valueEnd + 1
                    // `<` is not allowed raw in an attribute value.
                    if memchr(base + valueStart, Int32(UInt8(ascii: "<")), valueEnd - valueStart) != nil {
                        throw malformed(open, tr("io.xlsx.attribute_value"))
                    }
                    guard attributeLength == 1, kind == .row || kind == .c else { continue }
                    let name = base[attributeStart]
                    try withAttributeValue(from: valueStart, to: valueEnd) { value in
                        switch (kind, name) {
                        case (.row, UInt8(ascii: "r")): rowNumber = .some(Self.integer(value))
                        case (.c, UInt8(ascii: "r")): cellColumn = .some(Self.column(value))
                        case (.c, UInt8(ascii: "t")): cellType = Self.cellType(value)
                        case (.c, UInt8(ascii: "s")): cellStyle = Self.integer(value) ?? 0
                        default: break
                        }
                    }
                }
                let selfClosing = base[index - 2] == UInt8(ascii: "/") && base[index - 1] == UInt8(ascii: ">")
                position = index
                try startElement(kind, row: rowNumber ?? nil, column: cellColumn ?? nil, type: cellType, style: cellStyle, handler)
                if selfClosing {
                    if try endElement(kind, handler) { return }
                } else {
                    stack.append((nameStart, length))
                }
            }
        }
        if !stack.isEmpty || !sawRoot { throw malformed(count, tr("io.xlsx.file_ends_before_sheet")) }
    }

    private func startElement(_ kind: Local, row: Int?, column: Int?, type: CellType, style: Int,
                              _ handler: XLSXSheetStream.SheetHandler) throws(Failure) {
        switch kind {
        case .row:
            do throws(MsokoError) { try handler.startRow(number: row) } catch { throw .handler(error) }
        case .c: handler.startCell(column: column, type: type, style: style)
        case .v: handler.startValue()
        case .inlineString: handler.startInline()
        case .rPh: handler.startPhonetic()
        case .t: handler.startText()
        case .sheetData, .other: break
        }
    }

    /// True at the end of the sheet data: nothing after it is read.
    private func endElement(_ kind: Local, _ handler: XLSXSheetStream.SheetHandler) throws(Failure) -> Bool {
        switch kind {
        case .v, .t: handler.endCapture()
        case .rPh: handler.endPhonetic()
        case .inlineString: handler.endInline()
        case .c:
            if let error = handler.endCell() { throw .handler(error) }
        case .row:
            do throws(MsokoError) { try handler.endRow() } catch { throw .handler(error) }
        case .sheetData: return true
        case .other: break
        }
        return false
    }

    // MARK: text

    /// Text between `from` and `to`: line ends normalised, entities decoded.
    private mutating func appendText(from: Int, to: Int, _ handler: XLSXSheetStream.SheetHandler) throws(Failure) {
        let length = to - from
        let hasAmpersand = memchr(base + from, Int32(UInt8(ascii: "&")), length) != nil
        let hasReturn = memchr(base + from, 0x0D, length) != nil
        if !hasAmpersand && !hasReturn {
            handler.appendText(try decodeUTF8(from: from, to: to))
            return
        }
        textBytes.removeAll(keepingCapacity: true)
        try decode(from: from, to: to, into: &textBytes, attribute: false)
        guard let text = String(validating: textBytes, as: UTF8.self) else {
            throw malformed(from, tr("io.xlsx.text_not_utf8"))
        }
        handler.appendText(text)
    }

    private func decodeUTF8(from: Int, to: Int) throws(Failure) -> String {
        let bytes = UnsafeBufferPointer(start: base + from, count: to - from)
        // ASCII (numbers, indexes) needs no validation; the generic validator is slow per cell.
        var ascii = true
        for byte in bytes where byte >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw malformed(from, tr("io.xlsx.text_not_utf8"))
        }
        return text
    }

    /// Appends the bytes with `\r\n` and `\r` as `\n` (text) or whitespace as spaces (attribute
    /// values), and entity and character references decoded.
    private func decode(from: Int, to: Int, into output: inout [UInt8], attribute: Bool) throws(Failure) {
        var index = from
        while index < to {
            let b = base[index]
            if b == UInt8(ascii: "&") {
                guard let semicolon = find(UInt8(ascii: ";"), from: index + 1), semicolon < to, semicolon - index <= 12 else {
                    throw malformed(index, tr("io.xlsx.unterminated_entity_reference"))
                }
                let nameStart = index + 1
                let nameLength = semicolon - nameStart
                if hasPrefix("amp;", at: nameStart) { output.append(UInt8(ascii: "&")) }
                else if hasPrefix("lt;", at: nameStart) { output.append(UInt8(ascii: "<")) }
                else if hasPrefix("gt;", at: nameStart) { output.append(UInt8(ascii: ">")) }
                else if hasPrefix("quot;", at: nameStart) { output.append(UInt8(ascii: "\"")) }
                else if hasPrefix("apos;", at: nameStart) { output.append(UInt8(ascii: "'")) }
                else if nameLength >= 2, base[nameStart] == UInt8(ascii: "#") {
                    var code: UInt32 = 0
                    var digitsStart = nameStart + 1
                    let hex = base[digitsStart] == UInt8(ascii: "x")
                    if hex { digitsStart += 1 }
                    guard digitsStart < semicolon else { throw malformed(index, tr("io.xlsx.empty_character_reference")) }
                    for digitIndex in digitsStart..<semicolon {
                        let d = base[digitIndex]
                        let value: UInt32
                        switch d {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(d - UInt8(ascii: "0"))
                        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: value = UInt32(d - UInt8(ascii: "a") + 10)
                        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: value = UInt32(d - UInt8(ascii: "A") + 10)
                        default: throw malformed(index, tr("io.xlsx.bad_character_reference"))
                        }
                        code = code * (hex ? 16 : 10) + value
                        if code > 0x10FFFF { throw malformed(index, tr("io.xlsx.character_reference_out_range")) }
                    }
                    guard let scalar = Unicode.Scalar(code), code != 0,
                          code >= 0x20 || code == 0x09 || code == 0x0A || code == 0x0D,
                          code != 0xFFFE, code != 0xFFFF else {
                        throw malformed(index, tr("io.xlsx.character_reference_character_xml"))
                    }
                    output.append(contentsOf: scalar.utf8)
                } else {
                    throw malformed(index, tr("io.xlsx.unknown_entity", ["value": String(decoding: UnsafeBufferPointer(start: base + nameStart, count: nameLength), as: UTF8.self)]))
                }
                index = semicolon + 1
            } else if b == 0x0D {
                output.append(attribute ? 0x20 : 0x0A)
                if !attribute, index + 1 < to, base[index + 1] == 0x0A { index += 1 }
                index += 1
            } else if attribute && (b == 0x0A || b == 0x09) {
                output.append(0x20)
                index += 1
            } else {
                output.append(b)
                index += 1
            }
        }
    }

    // MARK: attributes

    /// An attribute value of `row` or `c`: the bytes in place (short ASCII in practice), or
    /// decoded when they hold a reference or whitespace.
    private func withAttributeValue(from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(Failure) {
        var plain = true
        for index in from..<to {
            let b = base[index]
            if b == UInt8(ascii: "&") || Self.isSpace(b) { plain = false; break }
        }
        if plain {
            body(UnsafeBufferPointer(start: base + from, count: to - from))
            return
        }
        var output: [UInt8] = []
        try decode(from: from, to: to, into: &output, attribute: true)
        output.withUnsafeBufferPointer { body($0) }
    }

    /// Like `Int(String)`: an optional sign, then decimal digits only.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { negative = bytes[0] == UInt8(ascii: "-"); index = 1 }
        guard index < bytes.count else { return nil }
        var value = 0
        while index < bytes.count {
            let b = bytes[index]
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(b - UInt8(ascii: "0"))
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// The 0-based column of a cell reference (`C5` → 2).
    static func column(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        XLSXSheetStream.reference(bytes)?.column
    }

    /// The `t` attribute; anything unknown reads as a number, as `n` does.
    static func cellType(_ bytes: UnsafeBufferPointer<UInt8>) -> CellType {
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "b"): return .bool
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .date
            default: return .number
            }
        case 3:
            return bytes[0] == UInt8(ascii: "s") && bytes[1] == UInt8(ascii: "t") && bytes[2] == UInt8(ascii: "r") ? .string : .number
        case 9:
            guard let start = bytes.baseAddress else { return .number }
            return memcmp(start, ("inlineStr" as StaticString).utf8Start, 9) == 0 ? .inline : .number
        default: return .number
        }
    }

    /// The 1-based line of a byte offset, for error messages.
    static func line(of offset: Int, in buffer: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for index in 0..<min(offset, buffer.count) where buffer[index] == 0x0A { line += 1 }
        return line
    }
}
