import Foundation
import ZIPFoundation

/// Writes a table as a minimal `.xlsx` package: one sheet, the header row in bold and frozen,
/// text as inline strings (`t="inlineStr"`, so text is never run as a formula), numbers as
/// numbers, booleans as `t="b"`, dates as serials (1900 system) in an ISO `yyyy-mm-dd` style;
/// nulls are empty cells. NaN and infinities, which a cell cannot hold as numbers, are written
/// as text.
public enum XLSXWriter {
    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    /// The package's bytes.
    public static func data(for table: Table, sheetName: String = "Лист1") throws(MsokoError) -> Data {
        guard table.rowCount + 1 <= maxRows else {
            throw MsokoError(.io, tr("io.xlsx.table_has_rows_excel", ["row_count": table.rowCount, "value": maxRows - 1]),
                             hint: tr("io.xlsx.filter_summarize_first_save"))
        }
        guard table.columnCount <= maxColumns else {
            throw MsokoError(.io, tr("io.xlsx.table_has_columns_excel", ["column_count": table.columnCount, "max_columns": maxColumns]))
        }
        let parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(rootRelationships.utf8)),
            ("xl/workbook.xml", Data(workbook(sheetName: sanitizedSheetName(sheetName)).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships.utf8)),
            ("xl/styles.xml", Data(styles.utf8)),
            ("xl/worksheets/sheet1.xml", sheet(table)),
        ]
        return try package(parts)
    }

    /// A ZIP package of these parts (deflated), in memory.
    static func package(_ parts: [(String, Data)]) throws(MsokoError) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, bytes) in parts {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
            return data
        } catch {
            throw MsokoError(.io, tr("io.xlsx.cannot_build_workbook", ["value": XLSXPackage.describe(error)]))
        }
    }

    /// Excel's sheet-name rules: at most 31 characters, none of `[]:*?/\`, not empty.
    static func sanitizedSheetName(_ name: String) -> String {
        var cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        if cleaned.isEmpty { cleaned = "Лист1" }
        return String(cleaned.prefix(31))
    }

    // MARK: the fixed parts

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static func workbook(sheetName: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="\(escape(sheetName, attribute: true))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    }

    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Style 0: default; 1: ISO date; 2: bold (the header).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    // MARK: the sheet

    static func sheet(_ table: Table) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(256 + table.rowCount * table.columnCount * 24)
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        let letters = (0..<table.columnCount).map { XLSXSheetStream.columnLetters($0) }
        put("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        put("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if table.columnCount > 0 {
            put("<dimension ref=\"A1:\(letters[table.columnCount - 1])\(table.rowCount + 1)\"/>")
        }
        put("<sheetViews><sheetView workbookViewId=\"0\">")
        if table.rowCount > 0 {
            put("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        }
        put("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if table.columnCount > 0 {
            put("<cols>")
            for (index, width) in columnWidths(table).enumerated() {
                put("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
            }
            put("</cols>")
        }
        put("<sheetData>")
        put("<row r=\"1\">")
        for (index, name) in table.names.enumerated() {
            put("<c r=\"\(letters[index])1\" t=\"inlineStr\" s=\"2\"><is>\(textElement(name))</is></c>")
        }
        put("</row>")
        // Escaped text per dictionary entry, once per column.
        var escapedTexts: [[String]?] = table.columns.map { column in
            if case .text(_, let dictionary) = column.storage { return dictionary.values.map(textElement) }
            return nil
        }
        for row in 0..<table.rowCount {
            let number = row + 2
            put("<row r=\"\(number)\">")
            for (index, column) in table.columns.enumerated() where !column.isNull(row) {
                let reference = "\(letters[index])\(number)"
                switch column.storage {
                case .int(let values):
                    put("<c r=\"\(reference)\"><v>\(values[row])</v></c>")
                case .double(let values):
                    let value = values[row]
                    if value.isFinite {
                        put("<c r=\"\(reference)\"><v>\(NumberFormat.shortest(value))</v></c>")
                    } else {
                        put("<c r=\"\(reference)\" t=\"inlineStr\"><is>\(textElement(NumberFormat.shortest(value)))</is></c>")
                    }
                case .text(let codes, _):
                    let text = escapedTexts[index]?[Int(codes[row])] ?? ""
                    put("<c r=\"\(reference)\" t=\"inlineStr\"><is>\(text)</is></c>")
                case .bool(let values):
                    put("<c r=\"\(reference)\" t=\"b\"><v>\(values[row] ? 1 : 0)</v></c>")
                case .date(let values):
                    put("<c r=\"\(reference)\" s=\"1\"><v>\(NumberFormat.shortest(XLSXDates.serial(days: values[row])))</v></c>")
                case .null:
                    break
                }
            }
            put("</row>")
        }
        escapedTexts = []
        put("</sheetData>")
        if table.columnCount > 0 {
            put("<autoFilter ref=\"A1:\(letters[table.columnCount - 1])\(table.rowCount + 1)\"/>")
        }
        put("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        put("</worksheet>")
        return Data(out)
    }

    /// Widths from the header and the first 1,000 rows' text, 8–60 characters.
    static func columnWidths(_ table: Table) -> [Int] {
        let sample = min(table.rowCount, 1000)
        return table.columns.enumerated().map { index, column in
            var widest = table.names[index].count + 2
            for row in 0..<sample where !column.isNull(row) {
                widest = max(widest, column.value(at: row).plainText.count)
            }
            return min(60, max(8, widest + 1))
        }
    }

    /// `<t>…</t>`, with `xml:space="preserve"` when the text has edge whitespace.
    static func textElement(_ text: String) -> String {
        let escaped = escape(text, attribute: false)
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           CharacterSet.whitespacesAndNewlines.contains(first) || CharacterSet.whitespacesAndNewlines.contains(last) {
            return "<t xml:space=\"preserve\">\(escaped)</t>"
        }
        return "<t>\(escaped)</t>"
    }

    /// XML escaping, plus OOXML's `_xHHHH_` for control characters XML 1.0 cannot carry (and for
    /// a literal `_x` that would otherwise read as such an escape).
    static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "_":
                // `_x0041_` in the data must not read back as "A".
                if index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
                   scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                    out += "_x005F_"
                } else {
                    out += "_"
                }
            default:
                let value = scalar.value
                if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF {
                    let hex = String(value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else if value == 0x0D {
                    out += "_x000D_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
