import Foundation

/// A table of the report as WordprocessingML: fixed layout, column widths in proportion to
/// their content, numbers right-aligned, the header row repeated on every page.
///
/// Widths: a column is never narrower than its longest word (header in bold included), so no
/// word is broken in the middle; the rest of the text width is shared in proportion to how much
/// wider than that each column would like to be (its longest cell on one line). When the
/// longest words alone do not fit the page at 10 pt, the table's font steps down to 8 pt, then
/// the table goes on landscape pages (10 pt down to 7 pt); the template places a landscape
/// table in its own section (`landscape`, `landscape_start`, `landscape_end` in its context).
public enum DocxTable {
    /// The text width of the report's A4 portrait page (11906 − 1418 − 850 twips).
    public static let textWidth = 9638
    /// The text width of an A4 landscape page (16838 − 1418 − 850 twips).
    public static let landscapeWidth = 14570
    /// Cell margins (108 twips each side) and a little slack for rounding in the renderer.
    static let cellPadding = 216.0 + 60.0
    /// What is tried, in order: portrait at 10, 9, 8 pt, then landscape at 10, 9, 8, 7 pt (sizes
    /// in half-points). The first where every column's longest word fits wins.
    static let attempts: [(size: Int, landscape: Bool)] = [(20, false), (18, false), (16, false), (20, true), (18, true), (16, true), (14, true)]

    /// The widths (twips), the font size (half-points) and the orientation a table gets.
    public static func layout(header: [String], rows: [[String]]) -> (widths: [Int], size: Int, landscape: Bool) {
        let count = header.count
        guard count > 0 else { return ([], 20, false) }
        var chosen = attempts[attempts.count - 1]
        var minimum: [Double] = []
        for attempt in attempts {
            chosen = attempt
            minimum = (0..<count).map { column in
                var widest = longestWord(header[column], size: attempt.size, bold: true)
                for row in rows where column < row.count { widest = max(widest, longestWord(row[column], size: attempt.size, bold: false)) }
                return widest + cellPadding
            }
            if minimum.reduce(0, +) <= Double(attempt.landscape ? landscapeWidth : textWidth) { break }
        }
        let size = chosen.size, width = chosen.landscape ? landscapeWidth : textWidth
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
            // Even landscape at 7 pt cannot hold every longest word: shrink all in proportion
            // (the renderer will break the longest words).
            widths = minimum.map { $0 * total / minimumSum }
        }
        var rounded = widths.map { Int($0.rounded(.down)) }
        if let last = rounded.indices.last { rounded[last] += width - rounded.reduce(0, +) }
        return (rounded, size, chosen.landscape)
    }

    /// The paragraph that ends the portrait part before a landscape table (its section's
    /// properties), and the one that ends the landscape section after it.
    public static let portraitSectionEnd = "<w:p><w:pPr><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1418\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:pPr></w:p>"
    public static let landscapeSectionEnd = "<w:p><w:pPr><w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1418\" w:right=\"1134\" w:bottom=\"850\" w:left=\"1134\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:pPr></w:p>"

    /// The table's markup (`<w:tbl>`, or a note paragraph when there are no rows).
    public static func markup(header: [String], rows: [[String]], numeric: [Bool], emptyNote: String) -> String {
        guard !rows.isEmpty else {
            return "<w:p><w:pPr><w:pStyle w:val=\"Small\"/></w:pPr><w:r><w:t>\(escape(emptyNote))</w:t></w:r></w:p>"
        }
        let (widths, size, _) = layout(header: header, rows: rows)
        let runProperties = size == 20 ? "" : "<w:rPr><w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
        let boldProperties = "<w:rPr><w:b/>" + (size == 20 ? "" : "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>") + "</w:rPr>"
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
        if character == "…" { return 1.0 }
        if character.isUppercase { return 0.75 }
        if character.isLetter { return 0.64 }
        return 0.7
    }
}
