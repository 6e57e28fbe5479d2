import Foundation

/// The small parts of a workbook, each read with a throwaway `XMLPartHandler` over
/// `XMLPartScanner` (never Foundation's `XMLParser`, which a stray byte crashes): relationships,
/// the workbook (sheet names and order, date system), the styles (which cell styles show
/// dates), and the shared strings (mapped from a file: they can be large).
enum XLSXParts {
    /// `x:row` → `row`: some writers prefix every element with a namespace.
    @inline(__always) static func localName(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    // MARK: relationships

    struct Relationship { var id: String; var type: String; var target: String }

    final class RelationshipsHandler: XMLPartHandler {
        var relationships: [Relationship] = []
        func startElement(_ elementName: String, attributes: [String: String]) {
            guard localName(elementName) == "Relationship" else { return }
            relationships.append(Relationship(id: attributes["Id"] ?? "", type: attributes["Type"] ?? "",
                                              target: attributes["Target"] ?? ""))
        }
    }

    static func relationships(_ part: UnsafeRawBufferPointer) throws(XMLPartScanner.Malformed) -> [Relationship] {
        let handler = RelationshipsHandler()
        try XMLPartScanner.scan(part, into: handler)
        return handler.relationships
    }

    /// A relationship target as a path inside the package, relative to the part's folder.
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    // MARK: workbook

    struct SheetEntry { var name: String; var relationshipID: String; var hidden: Bool }

    final class WorkbookHandler: XMLPartHandler {
        var sheets: [SheetEntry] = []
        var date1904 = false
        func startElement(_ elementName: String, attributes: [String: String]) {
            switch localName(elementName) {
            case "workbookPr":
                // Extensions repeat the element (`x14:workbookPr`) without the attribute.
                if let flag = attributes["date1904"]?.lowercased() { date1904 = flag == "1" || flag == "true" }
            case "sheet":
                let id = attributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value ?? ""
                let state = attributes["state"] ?? "visible"
                sheets.append(SheetEntry(name: attributes["name"] ?? "", relationshipID: id, hidden: state != "visible"))
            default:
                break
            }
        }
    }

    static func workbook(_ part: UnsafeRawBufferPointer) throws(XMLPartScanner.Malformed) -> WorkbookHandler {
        let handler = WorkbookHandler()
        try XMLPartScanner.scan(part, into: handler)
        return handler
    }

    // MARK: styles

    /// How a cell style shows a number.
    enum NumberStyle: UInt8 { case general, date, dateTime, time }

    final class StylesHandler: XMLPartHandler {
        var formats: [Int: String] = [:]
        var cellFormatIDs: [Int] = []
        var inCellXfs = false
        func startElement(_ elementName: String, attributes: [String: String]) {
            switch localName(elementName) {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) { formats[id] = attributes["formatCode"] ?? "" }
            case "cellXfs":
                inCellXfs = true
            case "xf" where inCellXfs:
                cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default:
                break
            }
        }
        func endElement(_ elementName: String) {
            if localName(elementName) == "cellXfs" { inCellXfs = false }
        }
    }

    /// The number style of each cell style index (`s="3"` on a cell).
    static func styles(_ part: UnsafeRawBufferPointer) throws(XMLPartScanner.Malformed) -> [NumberStyle] {
        let handler = StylesHandler()
        try XMLPartScanner.scan(part, into: handler)
        return handler.cellFormatIDs.map { classify(id: $0, code: handler.formats[$0]) }
    }

    /// Built-in formats 14–17 and 22 show dates (22 with a time), 18–21 and 45–47 times; a custom
    /// format shows a date when its first section has d, m or y outside quotes and brackets, and
    /// a time when it has h or s (an `m` next to h or s is minutes).
    static func classify(id: Int, code: String?) -> NumberStyle {
        switch id {
        case 14...17: return .date
        case 18...21, 45...47: return .time
        case 22: return .dateTime
        default: break
        }
        guard let code else { return .general }
        var letters = ""
        var inQuote = false, inBracket = false, escaped = false
        var elapsed = false
        var bracket = ""
        for character in code {
            if escaped { escaped = false; continue }
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    // [h], [mm], [ss]: elapsed time; [Red], [$-419], [>=100]: not letters of the format.
                    if !bracket.isEmpty, bracket.allSatisfy({ "hHmMsS".contains($0) }) { elapsed = true }
                    bracket = ""
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuote = true
            case "\\", "_", "*": escaped = true
            case "[": inBracket = true
            case ";": break
            default: letters.append(character)
            }
            if character == ";" { break }
        }
        let lower = letters.lowercased()
        let hasTime = lower.contains("h") || lower.contains("s") || elapsed
        let hasDay = lower.contains("d") || lower.contains("y")
        let hasMonth = lower.contains("m") && !hasTime
        if hasDay || hasMonth { return hasTime ? .dateTime : .date }
        return hasTime ? .time : .general
    }

    // MARK: shared strings

    final class SharedStringsHandler: XMLPartHandler {
        var strings: [String] = []
        var current = ""
        var inItem = false, inText = false, inPhonetic = false
        func startElement(_ elementName: String, attributes: [String: String]) {
            switch localName(elementName) {
            case "si": inItem = true; current = ""
            case "t": inText = inItem && !inPhonetic
            case "rPh": inPhonetic = true
            default: break
            }
        }
        var wantsText: Bool { inText }
        func text(_ string: String) {
            if current.isEmpty { current = string } else { current += string }
        }
        func endElement(_ elementName: String) {
            switch localName(elementName) {
            case "si": strings.append(unescapeOOXML(current)); inItem = false
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }
    }

    static func sharedStrings(_ part: UnsafeRawBufferPointer) throws(XMLPartScanner.Malformed) -> [String] {
        let handler = SharedStringsHandler()
        try XMLPartScanner.scan(part, into: handler)
        return handler.strings
    }

    /// Whether the UTF-8 of `text` has `_x` anywhere (a superset of what `unescapeOOXML` changes).
    static func mayHoldEscape(_ text: String) -> Bool {
        var previousUnderscore = false
        for byte in text.utf8 {
            if previousUnderscore && byte == UInt8(ascii: "x") { return true }
            previousUnderscore = byte == UInt8(ascii: "_")
        }
        return false
    }

    /// `_x000D_` and other `_xHHHH_` escapes that OOXML uses for characters XML cannot carry.
    static func unescapeOOXML(_ text: String) -> String {
        // A byte check first: Foundation's `contains` goes through CFString and is slow per cell.
        guard Self.mayHoldEscape(text) else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            result += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16),
               let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                result += "_x"
                rest = after
            }
        }
        return result + rest
    }
}
