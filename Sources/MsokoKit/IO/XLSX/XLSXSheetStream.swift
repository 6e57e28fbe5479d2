import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A merged range, 1-based rows and 0-based columns, inclusive.
struct XLSXMerge: Sendable, Equatable {
    var firstRow: Int, lastRow: Int
    var firstColumn: Int, lastColumn: Int

    var isVertical: Bool { lastRow > firstRow }
    var width: Int { lastColumn - firstColumn + 1 }
    func contains(row: Int, column: Int) -> Bool {
        row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
    }
}

/// Receives a sheet's rows in order.
///
/// `row` gets the 1-based row number and the row's non-empty cells in column order, merged
/// ranges already filled with their top-left value. Errors thrown here stop the stream and reach
/// the caller of `XLSXSheetStream.read` unchanged.
protocol XLSXRowSink: AnyObject {
    func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError)
}

/// Streams one worksheet: the part is extracted to a temporary file, scanned once for merged
/// ranges (they follow the cell data in the XML), then parsed with `XMLParser` over an input
/// stream, so memory holds one row at a time, never the sheet's XML or a DOM of it.
enum XLSXSheetStream {
    static func read(_ package: XLSXPackage, sheet: XLSXPackage.Sheet,
                     sink makeSink: ([XLSXMerge]) throws(MsokoError) -> XLSXRowSink) throws(MsokoError) {
        let strings = try package.sharedStrings()
        let url = try package.extractToTemporaryFile(sheet.partPath)
        defer { try? FileManager.default.removeItem(at: url) }
        let merges = scanMerges(url)
        let sink = try makeSink(merges)
        guard let stream = InputStream(url: url) else {
            throw MsokoError(.io, "cannot read the extracted sheet of `\(package.shownPath)`")
        }
        let parser = XMLParser(stream: stream)
        let handler = SheetHandler(package: package, sheet: sheet, strings: strings, merges: merges, sink: sink, parser: parser)
        let ok = XLSXParts.parse(parser, with: handler)
        if let failure = handler.failure { throw failure }
        if !ok {
            let line = parser.lineNumber
            throw XLSXPackage.damaged(package.shownPath, "sheet `\(sheet.name)` is not well-formed XML (near line \(line) of \(sheet.partPath))")
        }
        try handler.flushRow()
    }

    // MARK: merged ranges

    /// Finds every `<mergeCell ref="A1:C2"/>` with a byte scan of the file, in chunks.
    static func scanMerges(_ url: URL) -> [XLSXMerge] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        let needle = Array("mergeCell".utf8)
        var merges: [XLSXMerge] = []
        var carry: [UInt8] = []
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            var buffer = carry
            buffer.append(contentsOf: chunk)
            var index = 0
            var consumedUpTo = 0
            let limit = buffer.count - needle.count
            while index <= limit {
                if buffer[index] == needle[0], buffer[index..<(index + needle.count)].elementsEqual(needle) {
                    // Must be the element `mergeCell` (not `mergeCells`), followed by its attributes.
                    guard let close = buffer[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
                    let after = index + needle.count
                    if after < buffer.count, buffer[after] == UInt8(ascii: " ") || buffer[after] == UInt8(ascii: "\t")
                        || buffer[after] == UInt8(ascii: "\n") || buffer[after] == UInt8(ascii: "\r") {
                        let element = String(decoding: buffer[after..<close], as: UTF8.self)
                        if let merge = parseMergeElement(element) { merges.append(merge) }
                    }
                    index = close + 1
                    consumedUpTo = index
                    continue
                }
                index += 1
            }
            // Keep an unfinished tail (a split element) for the next chunk.
            let keepFrom = max(consumedUpTo, buffer.count - 512)
            carry = Array(buffer[keepFrom...])
            if carry.count > 4096 { carry = Array(carry.suffix(512)) }
        }
        return merges
    }

    static func parseMergeElement(_ attributes: String) -> XLSXMerge? {
        guard let refStart = attributes.range(of: "ref=") else { return nil }
        let rest = attributes[refStart.upperBound...]
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let body = rest.dropFirst().prefix { $0 != quote }
        let corners = body.split(separator: ":")
        guard let first = corners.first.flatMap({ reference(String($0)) }) else { return nil }
        let last = corners.count > 1 ? reference(String(corners[1])) ?? first : first
        return XLSXMerge(firstRow: min(first.row, last.row), lastRow: max(first.row, last.row),
                         firstColumn: min(first.column, last.column), lastColumn: max(first.column, last.column))
    }

    /// `C5` → row 5, column 2 (0-based). Nil for anything else.
    static func reference(_ text: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1; letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1; letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(byte - UInt8(ascii: "0")); digits += 1
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (row, column - 1)
    }

    /// `2` → `C` (0-based column to letters).
    static func columnLetters(_ column: Int) -> String {
        var number = column + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    // MARK: the parser delegate

    final class SheetHandler: NSObject, XMLParserDelegate {
        let package: XLSXPackage
        let sheet: XLSXPackage.Sheet
        let strings: [String]
        let sink: XLSXRowSink
        weak var parser: XMLParser?
        var failure: MsokoError?

        /// Merges not yet started, by first row; merges covering the current row; anchor values.
        private var pendingMerges: [XLSXMerge]
        private var activeMerges: [(merge: XLSXMerge, anchor: XLSXCell?)] = []

        private var rowNumber = 0
        private var rowOpen = false
        private var cells: [XLSXCell] = []
        private var nextColumn = 0

        private var cellColumn = 0
        private var cellType = ""
        private var cellStyle = 0
        private var cellOpen = false
        private var value = ""
        private var inlineText = ""
        private enum Capture { case none, value, inline }
        private var capture = Capture.none
        private var inInline = false
        private var inPhonetic = false

        init(package: XLSXPackage, sheet: XLSXPackage.Sheet, strings: [String], merges: [XLSXMerge],
             sink: XLSXRowSink, parser: XMLParser) {
            self.package = package
            self.sheet = sheet
            self.strings = strings
            // Merges wider than a sheet could sensibly hold (whole-row merges) are not filled.
            self.pendingMerges = merges.filter { $0.width <= 1024 && $0.lastRow - $0.firstRow < 100_000 }
                .sorted { ($0.firstRow, $0.firstColumn) > ($1.firstRow, $1.firstColumn) }
            self.sink = sink
            self.parser = parser
        }

        func fail(_ error: MsokoError) {
            if failure == nil { failure = error }
            parser?.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            guard failure == nil else { return }
            switch XLSXParts.localName(elementName) {
            case "row":
                do { try flushRow() } catch { fail(error); return }
                rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                rowOpen = true
                nextColumn = 0
            case "c":
                if !rowOpen { rowOpen = true; rowNumber += 1; nextColumn = 0 }
                if let reference = attributes["r"], let place = XLSXSheetStream.reference(reference) {
                    cellColumn = place.column
                } else {
                    cellColumn = nextColumn
                }
                nextColumn = cellColumn + 1
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                cellOpen = true
                value = ""
                inlineText = ""
            case "v" where cellOpen:
                capture = .value
            case "is" where cellOpen:
                inInline = true
            case "rPh":
                inPhonetic = true
            case "t" where inInline && !inPhonetic:
                capture = .inline
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            switch capture {
            case .none: break
            case .value: value += string
            case .inline: inlineText += string
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil else { return }
            switch XLSXParts.localName(elementName) {
            case "v", "t": capture = .none
            case "rPh": inPhonetic = false
            case "is": inInline = false
            case "c":
                cellOpen = false
                capture = .none
                if let cell = makeCell() { cells.append(cell) }
            case "row":
                do { try flushRow() } catch { fail(error) }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {}

        private func makeCell() -> XLSXCell? {
            var cell = XLSXCell(column: cellColumn, kind: .empty)
            switch cellType {
            case "s":
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { return nil }
                guard let index = Int(trimmed), index >= 0, index < strings.count else {
                    fail(XLSXPackage.damaged(package.shownPath, "sheet `\(sheet.name)`, cell \(XLSXSheetStream.columnLetters(cellColumn))\(rowNumber) refers to shared string \(trimmed), which does not exist"))
                    return nil
                }
                setText(&cell, strings[index])
            case "inlineStr":
                setText(&cell, XLSXParts.unescapeOOXML(inlineText))
            case "str":
                setText(&cell, XLSXParts.unescapeOOXML(value))
            case "b":
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { return nil }
                cell.kind = .bool
                cell.number = (trimmed == "1" || trimmed.lowercased() == "true") ? 1 : 0
            case "e":
                guard !value.isEmpty else { return nil }
                cell.kind = .error
                cell.text = value
            case "d":
                // ISO 8601 in the cell itself (written by some tools instead of a serial).
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard let days = DateCodec.parse(String(trimmed.prefix(10))) else {
                    if trimmed.isEmpty { return nil }
                    setText(&cell, trimmed)
                    break
                }
                var serial = XLSXDates.serial(days: days)
                if trimmed.count > 10, let timePart = trimmed.split(separator: "T").dropFirst().first {
                    let pieces = timePart.prefix(8).split(separator: ":").compactMap { Double($0) }
                    if pieces.count >= 2 {
                        serial += (pieces[0] * 3600 + pieces[1] * 60 + (pieces.count > 2 ? pieces[2] : 0)) / 86_400
                    }
                }
                cell.kind = serial == serial.rounded(.down) ? .date : .dateTime
                cell.number = serial
            default:
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { return nil }
                guard let number = Double(trimmed) else {
                    setText(&cell, trimmed)
                    break
                }
                cell.number = number
                switch package.numberStyle(cellStyle) {
                case .general: cell.kind = .number
                case .date, .dateTime, .time:
                    if package.date1904 { cell.number += XLSXDates.offset1904 }
                    switch package.numberStyle(cellStyle) {
                    case .date: cell.kind = .date
                    case .dateTime: cell.kind = .dateTime
                    default: cell.kind = .time
                    }
                }
            }
            return cell
        }

        private func setText(_ cell: inout XLSXCell, _ text: String) {
            cell.text = text
            if let number = XLSXNumberText.parse(text) {
                cell.kind = .numericText
                cell.number = number
            } else {
                cell.kind = .text
            }
        }

        /// Hands the finished row to the sink, merged ranges filled.
        func flushRow() throws(MsokoError) {
            guard rowOpen else { return }
            rowOpen = false
            var row = cells
            cells = []
            // Merges that start at or before this row become active; finished ones drop out.
            activeMerges.removeAll { $0.merge.lastRow < rowNumber }
            while let next = pendingMerges.last, next.firstRow <= rowNumber {
                pendingMerges.removeLast()
                if next.lastRow >= rowNumber { activeMerges.append((next, nil)) }
            }
            if !activeMerges.isEmpty {
                if row.count > 1, zip(row, row.dropFirst()).contains(where: { $0.column >= $1.column }) {
                    row.sort { $0.column < $1.column }
                }
                var filled = false
                for index in activeMerges.indices {
                    let merge = activeMerges[index].merge
                    if merge.firstRow == rowNumber {
                        activeMerges[index].anchor = row.first { $0.column == merge.firstColumn && !$0.isEmpty }
                    }
                    guard let anchor = activeMerges[index].anchor else { continue }
                    for column in merge.firstColumn...merge.lastColumn {
                        if rowNumber == merge.firstRow && column == merge.firstColumn { continue }
                        var copy = anchor
                        copy.column = column
                        if let at = row.firstIndex(where: { $0.column == column }) { row[at] = copy } else { row.append(copy); filled = true }
                    }
                }
                if filled { row.sort { $0.column < $1.column } }
            }
            row.removeAll { $0.isEmpty }
            guard !row.isEmpty else { return }
            try sink.row(rowNumber, row)
        }
    }
}
