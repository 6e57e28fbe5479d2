import Foundation

/// A table of the report as WordprocessingML: fixed layout, column widths in proportion to
/// their content, numbers right-aligned, the header row repeated on every page.
///
/// Widths: a column is never narrower than its longest word (header in bold included), so no
/// word is broken in the middle; the rest of the text width is shared in proportion to how much
/// wider than that each column would like to be (its longest cell on one line). When the
/// longest words alone do not fit the page at 10 pt, the table's font steps down (9, 8, 7 pt);
/// the text keeps the portrait page, so a section's heading stays with its table.
public enum DocxTable {
    /// The text width of the report's A4 portrait page (11906 − 1418 − 850 twips).
    public static let textWidth = 9638
    /// Cell margins (108 twips each side) and a little slack for rounding in the renderer.
    static let cellPadding = 216.0 + 60.0
    /// Font sizes tried, in half-points (10 pt first).
    static let sizes = [20, 18, 16, 14]

    /// The widths (twips) and the font size (half-points) a table gets.
    public static func layout(header: [String], rows: [[String]], width: Int = textWidth) -> (widths: [Int], size: Int) {
        let count = header.count
        guard count > 0 else { return ([], sizes[0]) }
        var size = sizes[0]
        var minimum: [Double] = []
        for candidate in sizes {
            size = candidate
            minimum = (0..<count).map { column in
                var widest = longestWord(header[column], size: candidate, bold: true)
                for row in rows where column < row.count { widest = max(widest, longestWord(row[column], size: candidate, bold: false)) }
                return widest + cellPadding
            }
            if minimum.reduce(0, +) <= Double(width) { break }
        }
        let desired: [Double] = (0..<count).map { column in
            var widest = textWidth(header[column], size: size, bold: true)
            for row in rows where column < row.count { widest = max(widest, textWidth(row[column], size: size, bold: false)) }
            return max(minimum[column], widest + cellPadding)
        }
        let total = Double(width)
        var widths: [Double]
        let desiredSum = desired.reduce(0, +), minimumSum = minimum.reduce(0, +)
        if desiredSum <= total {
            widths = desired.map { $0 * total / desiredSum }
        } else if minimumSum < total {
            let spare = desired.indices.map { desired[$0] - minimum[$0] }
            let spareSum = spare.reduce(0, +)
            widths = minimum.indices.map { minimum[$0] + (total - minimumSum) * (spareSum > 0 ? spare[$0] / spareSum : 1 / Double(count)) }
        } else {
            widths = minimum.map { $0 * total / minimumSum }
        }
        var rounded = widths.map { Int($0.rounded(.down)) }
        if let last = rounded.indices.last { rounded[last] += width - rounded.reduce(0, +) }
        return (rounded, size)
    }

    /// The table's markup (`<w:tbl>`, or a note paragraph when there are no rows).
    public static func markup(header: [String], rows: [[String]], numeric: [Bool], emptyNote: String) -> String {
        guard !rows.isEmpty else {
            return "<w:p><w:pPr><w:pStyle w:val=\"Small\"/></w:pPr><w:r><w:t>\(escape(emptyNote))</w:t></w:r></w:p>"
        }
        let (widths, size) = layout(header: header, rows: rows)
        let runProperties = size == sizes[0] ? "" : "<w:rPr><w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
        let boldProperties = "<w:rPr><w:b/>" + (size == sizes[0] ? "" : "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>") + "</w:rPr>"
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"Grid\"/><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        for (column, name) in header.enumerated() {
            xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEF3F8\"/></w:tcPr><w:p><w:pPr><w:keepNext/>"
            xml += (column < numeric.count && numeric[column]) ? "<w:jc w:val=\"right\"/>" : ""
            xml += "</w:pPr><w:r>\(boldProperties)<w:t xml:space=\"preserve\">\(escape(name))</w:t></w:r></w:p></w:tc>"
        }
        xml += "</w:tr>"
        for row in rows {
            xml += "<w:tr>"
            for column in 0..<header.count {
                let text = column < row.count ? row[column] : ""
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/></w:tcPr><w:p>"
                if (column < numeric.count && numeric[column]) { xml += "<w:pPr><w:jc w:val=\"right\"/></w:pPr>" }
                xml += text.isEmpty ? "</w:p></w:tc>" : "<w:r>\(runProperties)<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p></w:tc>"
            }
            xml += "</w:tr>"
        }
        return xml + "</w:tbl><w:p/>"
    }

    static func escape(_ text: String) -> String { XLSXWriter.escape(text, attribute: false) }

    /// The widest word of a text (twips), words split at spaces only: a no-break space or a
    /// hyphen-free code stays one word.
    static func longestWord(_ text: String, size: Int, bold: Bool) -> Double {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { textWidth(String($0), size: size, bold: bold) }.max() ?? 0
    }

    /// An estimate of a text's width on one line (twips) at `size` half-points. The widths per
    /// character are those of a wide serif (DejaVu Serif, which LibreOffice substitutes for
    /// Times New Roman where that is missing), so the estimate errs on the wide side in Word.
    static func textWidth(_ text: String, size: Int, bold: Bool) -> Double {
        var ems = 0.0
        for character in text {
            ems += emWidth(character)
        }
        return ems * Double(size) * 10 * (bold ? 1.1 : 1.0)
    }

    static func emWidth(_ character: Character) -> Double {
        if character == " " || character == "\u{00A0}" { return 0.32 }
        if character.isNumber { return 0.64 }
        if ".,:;'|!".contains(character) { return 0.34 }
        if "()[]-–—«»\"/".contains(character) { return 0.45 }
        if "шщжюмыШЩЖЮМЫmwMW%№".contains(character) { return 0.95 }
        if character.isUppercase { return 0.75 }
        if character.isLetter { return 0.62 }
        return 0.7
    }
}
