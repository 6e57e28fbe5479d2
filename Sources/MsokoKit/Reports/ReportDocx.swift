import Foundation

/// The annual report's WordprocessingML package: DocxPackage's parts plus what a report needs
/// and a letter does not — native chart parts (`word/charts/chartN.xml`), the heading and
/// table-of-contents styles, and a table of contents.
///
/// The table of contents is a TOC field (`TOC \o "1-3" \h \z \u`) placed where the template
/// writes `{{{toc}}}`. Its shown result is filled in here — one line per Heading1–3 paragraph,
/// linked to a bookmark on the heading — so LibreOffice and a PDF show it as it is; page numbers
/// come when Word updates the field (settings.xml asks it to on opening) or in LibreOffice with
/// Tools ▸ Update ▸ Update All.
public enum ReportDocx {
    /// What the template writes where the table of contents goes (`{{{toc}}}`).
    public static let tocMarker = "<!--msoko:toc-->"

    public static func data(body: String, title: String, charts: [String], tocTitle: String, language: String) throws(MsokoError) -> Data {
        let bodyWithToc = tableOfContents(in: numberDrawings(joinLandscapeSections(body)), title: tocTitle)
        let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>\(bodyWithToc)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1418" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
        var overrides = "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
        var relationships = "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
        for index in charts.indices {
            overrides += "<Override PartName=\"/word/charts/chart\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            relationships += "<Relationship Id=\"rIdChart\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart\(index + 1).xml\"/>"
        }
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(DocxPackage.contentTypes.replacingOccurrences(of: "</Types>", with: overrides + "</Types>").utf8)),
            ("_rels/.rels", Data(DocxPackage.rootRelationships.utf8)),
            ("word/document.xml", Data(document.utf8)),
            ("word/_rels/document.xml.rels", Data(DocxPackage.documentRelationships.replacingOccurrences(of: "</Relationships>", with: relationships + "</Relationships>").utf8)),
            ("word/styles.xml", Data(styles(language: language).utf8)),
            ("word/settings.xml", Data(settings.utf8)),
            ("docProps/core.xml", Data(DocxPackage.core(title: title).utf8)),
            ("docProps/app.xml", Data(DocxPackage.app.utf8)),
        ]
        for (index, chart) in charts.enumerated() { parts.append(("word/charts/chart\(index + 1).xml", Data(chart.utf8))) }
        return try DocxPackage.zip(parts)
    }

    /// Word asks to update the fields (the table of contents' page numbers) when the file opens.
    /// Children in the schema's order (defaultTabStop … updateFields … compat): Word checks it.
    static let settings = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
    """

    /// DocxPackage's styles plus Heading3, the TOC levels and the TOC heading (Word's built-in
    /// names, so Word's own table of contents and navigation pane find them), each added only
    /// when the base styles lack it.
    static func styles(language: String) -> String {
        let extra: [(id: String, xml: String)] = [
            ("Heading3", "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"160\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>"),
            ("TOCHeading", "<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"),
            ("TOC1", "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"60\"/></w:pPr></w:style>"),
            ("TOC2", "<w:style w:type=\"paragraph\" w:styleId=\"TOC2\"><w:name w:val=\"toc 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"40\"/><w:ind w:left=\"240\"/></w:pPr></w:style>"),
            ("TOC3", "<w:style w:type=\"paragraph\" w:styleId=\"TOC3\"><w:name w:val=\"toc 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"40\"/><w:ind w:left=\"480\"/></w:pPr></w:style>"),
            ("Hyperlink", "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:uiPriority w:val=\"99\"/><w:rPr><w:color w:val=\"1F4E79\"/></w:rPr></w:style>"),
        ]
        var styles = DocxPackage.styles
        let added = extra.filter { !styles.contains("w:styleId=\"\($0.id)\"") }.map(\.xml).joined()
        styles = styles.replacingOccurrences(of: "</w:styles>", with: added + "</w:styles>")
        return language == "ru-RU" ? styles : styles.replacingOccurrences(of: "<w:lang w:val=\"ru-RU\"/>", with: "<w:lang w:val=\"\(language)\"/>")
    }

    /// Two landscape tables in a row share their pages' orientation: the portrait section the
    /// second would open between them (an empty portrait page) is dropped.
    static func joinLandscapeSections(_ body: String) -> String {
        var result = body
        for separator in ["", "\n", "\r\n"] {
            result = result.replacingOccurrences(of: DocxTable.landscapeSectionEnd + separator + DocxTable.portraitSectionEnd, with: DocxTable.landscapeSectionEnd + separator)
        }
        return result
    }

    /// Drawing ids (`wp:docPr id`) numbered 1, 2, … in document order: unique even when a
    /// template shows a chart twice.
    static func numberDrawings(_ body: String) -> String {
        var out = ""
        var rest = body[...]
        var next = 1
        while let range = rest.range(of: "<wp:docPr id=\"") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            if let quote = rest.firstIndex(of: "\"") { rest = rest[quote...] }
            out += String(next)
            next += 1
        }
        return out + rest
    }

    /// Headings (`Heading1`–`Heading3` paragraphs): level, the escaped text of their runs.
    static func headings(in body: String) -> [(level: Int, text: String, range: Range<String.Index>)] {
        var found: [(level: Int, text: String, range: Range<String.Index>)] = []
        var searchFrom = body.startIndex
        while let start = body.range(of: "<w:p><w:pPr><w:pStyle w:val=\"Heading", range: searchFrom..<body.endIndex) {
            guard let end = body.range(of: "</w:p>", range: start.upperBound..<body.endIndex) else { break }
            let paragraph = body[start.lowerBound..<end.upperBound]
            searchFrom = end.upperBound
            guard let levelCharacter = body[start.upperBound...].first, let level = Int(String(levelCharacter)), (1...3).contains(level) else { continue }
            var text = ""
            var rest = paragraph[...]
            while let open = rest.range(of: "<w:t"), let close = rest.range(of: ">", range: open.upperBound..<rest.endIndex),
                  let stop = rest.range(of: "</w:t>", range: close.upperBound..<rest.endIndex) {
                if rest[open.upperBound..<close.lowerBound].hasSuffix("/") { rest = rest[close.upperBound...]; continue }
                text += rest[close.upperBound..<stop.lowerBound]
                rest = rest[stop.upperBound...]
            }
            found.append((level, text, start.lowerBound..<end.upperBound))
        }
        return found
    }

    /// The body with each heading bookmarked and the marker replaced by the TOC field (no
    /// marker: the body unchanged).
    static func tableOfContents(in body: String, title: String) -> String {
        guard body.contains(tocMarker) else { return body }
        let found = headings(in: body)
        var marked = ""
        var cursor = body.startIndex
        var entries = ""
        for (index, heading) in found.enumerated() {
            let name = "_Toc" + String(format: "%08d", index + 1)
            let paragraph = String(body[heading.range])
            marked += body[cursor..<heading.range.lowerBound]
            let afterProperties = paragraph.range(of: "</w:pPr>").map(\.upperBound) ?? paragraph.startIndex
            marked += paragraph[..<afterProperties] + "<w:bookmarkStart w:id=\"\(index + 1)\" w:name=\"\(name)\"/>"
                + paragraph[afterProperties...].dropLast("</w:p>".count) + "<w:bookmarkEnd w:id=\"\(index + 1)\"/></w:p>"
            cursor = heading.range.upperBound
            let field = index == 0
                ? "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                : ""
            entries += "<w:p><w:pPr><w:pStyle w:val=\"TOC\(heading.level)\"/></w:pPr>\(field)<w:hyperlink w:anchor=\"\(name)\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t xml:space=\"preserve\">\(heading.text)</w:t></w:r></w:hyperlink></w:p>"
        }
        marked += body[cursor...]
        let toc: String
        if found.isEmpty {
            toc = ""
        } else {
            toc = "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:t>\(XLSXWriter.escape(title, attribute: false))</w:t></w:r></w:p>"
                + entries + "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        }
        return marked.replacingOccurrences(of: tocMarker, with: toc)
    }
}
