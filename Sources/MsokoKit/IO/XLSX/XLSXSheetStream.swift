import Foundation

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

/// Streams one worksheet: the part is extracted to a temporary file and memory-mapped, scanned
/// once for merged ranges (they follow the cell data in the XML), then scanned byte by byte
/// (`XLSXSheetScanner`), so the process holds one row at a time, never a `String` or a DOM of
/// the sheet's XML.
enum XLSXSheetStream {
    static func read(_ package: XLSXPackage, sheet: XLSXPackage.Sheet,
                     sink makeSink: ([XLSXMerge]) throws(MsokoError) -> XLSXRowSink) throws(MsokoError) {
        let strings = try package.sharedStrings()
        try package.withPart(sheet.partPath) { buffer, _ throws(MsokoError) in
            let merges = scanMerges(buffer)
            if merges.count > XLSXLimits.maxMerges {
                throw XLSXPackage.damaged(package.shownPath, tr("io.xlsx.sheet_has_more_than", ["sheet": sheet.name, "value": XLSXLimits.grouped(UInt64(XLSXLimits.maxMerges))]))
            }
            let sink = try makeSink(merges)
            let handler = SheetHandler(package: package, sheet: sheet, strings: strings, merges: merges, sink: sink)
            switch XLSXSheetScanner.scan(buffer, into: handler) {
            case nil: break
            case .handler(let error)?: throw error
            case .malformed(let problem)?:
                let line = XLSXSheetScanner.line(of: problem.offset, in: buffer)
                throw XLSXPackage.damaged(package.shownPath, tr("io.xlsx.sheet_well_formed_xml", ["sheet": sheet.name, "reason": problem.reason, "line": line, "part_path": sheet.partPath]))
            }
            try handler.flushRow()
        }
    }

    // MARK: merged ranges

    /// Finds every `<mergeCell ref="A1:C2"/>` with a byte scan of the (mapped) part.
    static func scanMerges(_ buffer: UnsafeRawBufferPointer) -> [XLSXMerge] {
        guard let raw = buffer.baseAddress else { return [] }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let count = buffer.count
        let needle: StaticString = "mergeCell"
        let length = needle.utf8CodeUnitCount
        var merges: [XLSXMerge] = []
        var index = 0
        var advisedUpTo = 0
        while index + length <= count {
            if index - advisedUpTo >= 8 << 20 {
                XLSXSheetScanner.pageOut(base, from: advisedUpTo, to: index)
                advisedUpTo = index
            }
            // At most 8 MB at a time, so the scanned pages are let go as the scan goes.
            let window = min(count - index, 8 << 20)
            guard let hit = memchr(base + index, Int32(UInt8(ascii: "m")), window) else { index += window; continue }
            let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            guard at + length <= count else { break }
            guard memcmp(base + at, needle.utf8Start, length) == 0 else { index = at + 1; continue }
            // Must be the element `mergeCell` (not `mergeCells`), followed by its attributes.
            let after = at + length
            guard let closeHit = memchr(base + at, Int32(UInt8(ascii: ">")), count - at) else { break }
            let close = UnsafeRawPointer(closeHit).assumingMemoryBound(to: UInt8.self) - base
            if after < count, base[after] == UInt8(ascii: " ") || base[after] == UInt8(ascii: "\t")
                || base[after] == UInt8(ascii: "\n") || base[after] == UInt8(ascii: "\r") {
                let element = String(decoding: UnsafeBufferPointer(start: base + after, count: close - after), as: UTF8.self)
                if let merge = parseMergeElement(element) {
                    merges.append(merge)
                    // One past the cap is enough to refuse the sheet.
                    if merges.count > XLSXLimits.maxMerges { break }
                }
            }
            index = close + 1
        }
        XLSXSheetScanner.pageOut(base, from: advisedUpTo, to: count)
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
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in reference(UnsafeBufferPointer(buffer)) }
    }

    /// The same over bytes (the sheet scanner reads `r="C5"` without making a String).
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in bytes {
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

    // MARK: rows and cells

    /// Turns the scanner's events into cells and rows (shared strings, styles, merged ranges).
    final class SheetHandler {
        let package: XLSXPackage
        let sheet: XLSXPackage.Sheet
        let strings: [String]
        let sink: XLSXRowSink
        private var failure: MsokoError?

        /// Merges not yet started, by first row; merges covering the current row; anchor values.
        private var pendingMerges: [XLSXMerge]
        private var activeMerges: [(merge: XLSXMerge, anchor: XLSXCell?)] = []

        private var rowNumber = 0
        private var rowOpen = false
        /// `<c>` elements so far, against `XLSXLimits.maxCells`.
        private var cellCount = 0
        private var rowsStarted = 0
        private var cells: [XLSXCell] = []
        private var nextColumn = 0

        private var cellColumn = 0
        private var cellType = XLSXSheetScanner.CellType.number
        private var cellStyle = 0
        private var cellOpen = false
        private var value = ""
        private var inlineText = ""
        private enum Capture { case none, value, inline }
        private var capture = Capture.none
        private var inInline = false
        private var inPhonetic = false

        init(package: XLSXPackage, sheet: XLSXPackage.Sheet, strings: [String], merges: [XLSXMerge],
             sink: XLSXRowSink) {
            self.package = package
            self.sheet = sheet
            self.strings = strings
            // Merges wider than a sheet could sensibly hold (whole-row merges) are not filled.
            self.pendingMerges = merges.filter { $0.width <= 1024 && $0.lastRow - $0.firstRow < 100_000 }
                .sorted { ($0.firstRow, $0.firstColumn) > ($1.firstRow, $1.firstColumn) }
            self.sink = sink
        }

        private func fail(_ error: MsokoError) {
            if failure == nil { failure = error }
        }

        /// `<row r="…">`: the previous row (if still open) is handed on first.
        func startRow(number: Int?) throws(MsokoError) {
            try flushRow()
            rowsStarted += 1
            if rowsStarted & 0xFFF == 0, msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted(.reading(file: package.shownPath)))
            }
            rowNumber = number ?? rowNumber + 1
            rowOpen = true
            nextColumn = 0
        }

        /// `</row>` (or the end of `<row/>`).
        func endRow() throws(MsokoError) {
            try flushRow()
        }

        /// `<c r="…" t="…" s="…">`; `column` is nil without a usable reference.
        func startCell(column: Int?, type: XLSXSheetScanner.CellType, style: Int) {
            if !rowOpen { rowOpen = true; rowNumber += 1; nextColumn = 0 }
            cellColumn = column ?? nextColumn
            nextColumn = cellColumn + 1
            cellCount += 1
            // Checked here, reported by `endCell`: a row of a million cells without references
            // is refused at column ZZZ, a sheet of too many cells at the limit.
            if cellColumn >= XLSXLimits.maxColumns {
                fail(XLSXPackage.damaged(package.shownPath, tr("io.xlsx.sheet_row_has_cell", ["sheet": sheet.name, "row_number": rowNumber, "value": XLSXLimits.grouped(UInt64(XLSXLimits.maxColumns))])))
            } else if cellCount > package.limits.maxCells {
                fail(package.limits.tooManyCells(package.shownPath, sheet: sheet.name, shape: nil))
            }
            cellType = type
            cellStyle = style
            cellOpen = true
            value = ""
            inlineText = ""
        }

        /// `</c>`: the cell is made; a bad shared-string index comes back as the error.
        func endCell() -> MsokoError? {
            cellOpen = false
            capture = .none
            if let cell = makeCell() { cells.append(cell) }
            return failure
        }

        func startValue() { if cellOpen { capture = .value } }
        func startInline() { if cellOpen { inInline = true } }
        func endInline() { inInline = false }
        func startPhonetic() { inPhonetic = true }
        func endPhonetic() { inPhonetic = false }
        func startText() { if inInline && !inPhonetic { capture = .inline } }
        /// `</v>` or `</t>`.
        func endCapture() { capture = .none }

        var isCapturing: Bool { capture != .none }

        func appendText(_ text: String) {
            switch capture {
            case .none: break
            case .value: if value.isEmpty { value = text } else { value += text }
            case .inline: if inlineText.isEmpty { inlineText = text } else { inlineText += text }
            }
        }

        /// `value` without leading and trailing spaces (`CharacterSet.whitespaces`), with a fast
        /// path for the usual case of none.
        private static func trimmed(_ text: String) -> String {
            guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
            // ASCII other than space and tab is never in the set.
            @inline(__always) func plain(_ scalar: Unicode.Scalar) -> Bool {
                scalar.value < 0x80 ? scalar != " " && scalar != "\t" : !CharacterSet.whitespaces.contains(scalar)
            }
            if plain(first) && plain(last) { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }

        private func makeCell() -> XLSXCell? {
            var cell = XLSXCell(column: cellColumn, kind: .empty)
            switch cellType {
            case .shared:
                let trimmed = Self.trimmed(value)
                guard !trimmed.isEmpty else { return nil }
                guard let index = Int(trimmed), index >= 0, index < strings.count else {
                    fail(XLSXPackage.damaged(package.shownPath, tr("io.xlsx.sheet_cell_refers_shared", ["sheet": sheet.name, "value": XLSXSheetStream.columnLetters(cellColumn), "row_number": rowNumber, "trimmed": trimmed])))
                    return nil
                }
                setText(&cell, strings[index])
            case .inline:
                setText(&cell, XLSXParts.unescapeOOXML(inlineText))
            case .string:
                setText(&cell, XLSXParts.unescapeOOXML(value))
            case .bool:
                let trimmed = Self.trimmed(value)
                guard !trimmed.isEmpty else { return nil }
                cell.kind = .bool
                cell.number = (trimmed == "1" || trimmed.lowercased() == "true") ? 1 : 0
            case .error:
                guard !value.isEmpty else { return nil }
                cell.kind = .error
                cell.text = value
            case .date:
                // ISO 8601 in the cell itself (written by some tools instead of a serial).
                let trimmed = Self.trimmed(value)
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
            case .number:
                let trimmed = Self.trimmed(value)
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
                // Columns → positions in the row, so that filling is linear in the cells it
                // makes (hostile merges stacked over the same columns made it quadratic).
                var position: [Int: Int] = [:]
                var firstFilled: [Int: Int] = [:]
                for (index, cell) in row.enumerated() {
                    if position[cell.column] == nil { position[cell.column] = index }
                    if !cell.isEmpty, firstFilled[cell.column] == nil { firstFilled[cell.column] = index }
                }
                var filled = false
                var copies = 0
                for index in activeMerges.indices {
                    let merge = activeMerges[index].merge
                    if merge.firstRow == rowNumber {
                        activeMerges[index].anchor = firstFilled[merge.firstColumn].map { row[$0] }
                    }
                    guard let anchor = activeMerges[index].anchor else { continue }
                    for column in merge.firstColumn...merge.lastColumn {
                        if rowNumber == merge.firstRow && column == merge.firstColumn { continue }
                        var copy = anchor
                        copy.column = column
                        copies += 1
                        if let at = position[column] {
                            row[at] = copy
                            firstFilled[column] = min(firstFilled[column] ?? at, at)
                        } else {
                            position[column] = row.count
                            firstFilled[column] = row.count
                            row.append(copy)
                            filled = true
                        }
                    }
                    // Copies count as cells: merges cannot multiply a small sheet past the limit.
                    if cellCount + copies > package.limits.maxCells {
                        throw package.limits.tooManyCells(package.shownPath, sheet: sheet.name, shape: nil)
                    }
                }
                cellCount += copies
                if filled { row.sort { $0.column < $1.column } }
            }
            row.removeAll { $0.isEmpty }
            guard !row.isEmpty else { return }
            try sink.row(rowNumber, row)
        }
    }
}
