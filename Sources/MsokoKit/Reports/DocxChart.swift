import Foundation

/// One chart of the report, as data: what the SVG (HTML) and the native Word chart (DOCX) are
/// both drawn from.
public struct ReportChart: Sendable {
    public enum Kind: Sendable { case stackedBars, histogram, groupedBars }
    public var kind: Kind
    public var title: String
    public var categories: [String]
    /// Series in legend order; a nil value draws no bar (a suppressed group, a missing figure).
    public var series: [(name: String, values: [Double?])]
    public var categoryAxis: String
    public var valueAxis: String
}

/// A native Word chart (DrawingML, `word/charts/chartN.xml`): the chart carries its figures in
/// its caches, so Word and LibreOffice draw it and a user can restyle it. No workbook is
/// embedded: Word's «Edit data» asks for one, restyling does not.
public enum DocxChart {
    static let chartNamespaces = "xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
    static let colors = ["C0392B", "E67E22", "27AE60", "2471A3", "7F8C8D", "8E44AD"]
    static let groupedColors = ["2471A3", "95A5A6", "F1C40F", "C0392B", "8E44AD", "16A085"]
    /// The text width in EMU (9638 twips × 635).
    static let width = 9638 * 635

    /// The paragraph that places chart number `index` (its relationship `rIdChart<index>`).
    public static func inline(index: Int, chart: ReportChart) -> String {
        let height: Int
        switch chart.kind {
        case .stackedBars: height = Int((1.2 + 0.27 * Double(chart.categories.count)) * 914_400)
        case .histogram, .groupedBars: height = Int(2.9 * 914_400)
        }
        let name = escape(chart.title.isEmpty ? "Chart \(index)" : chart.title)
        return "<w:p><w:pPr><w:keepLines/><w:spacing w:before=\"120\" w:after=\"120\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(width)\" cy=\"\(height)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"\(index)\" name=\"\(name)\" descr=\"\(name)\"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rIdChart\(index)\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    }

    /// The chart part (`word/charts/chart<index>.xml`).
    public static func part(_ chart: ReportChart, language: String) -> String {
        let barDirection = chart.kind == .stackedBars ? "bar" : "col"
        let grouping: String
        switch chart.kind {
        case .stackedBars: grouping = "percentStacked"
        case .histogram: grouping = "stacked"
        case .groupedBars: grouping = "clustered"
        }
        let palette = chart.kind == .groupedBars ? groupedColors : (chart.kind == .histogram && chart.series.count == 1 ? ["2471A3"] : colors)
        let rows = chart.categories.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace \(chartNamespaces)><c:lang val=\"\(language)\"/><c:roundedCorners val=\"0\"/><c:chart>"
        if !chart.title.isEmpty { xml += title(chart.title, size: 1100, language: language) + "<c:autoTitleDeleted val=\"0\"/>" } else { xml += "<c:autoTitleDeleted val=\"1\"/>" }
        xml += "<c:plotArea><c:layout/><c:barChart><c:barDir val=\"\(barDirection)\"/><c:grouping val=\"\(grouping)\"/><c:varyColors val=\"0\"/>"
        for (index, series) in chart.series.enumerated() {
            let column = columnName(index + 1)
            xml += "<c:ser><c:idx val=\"\(index)\"/><c:order val=\"\(index)\"/>"
            xml += "<c:tx><c:strRef><c:f>Sheet1!$\(column)$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>\(escape(series.name))</c:v></c:pt></c:strCache></c:strRef></c:tx>"
            xml += "<c:spPr><a:solidFill><a:srgbClr val=\"\(palette[index % palette.count])\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>"
            if chart.kind == .stackedBars {
                xml += "<c:dLbls><c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"800\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang=\"\(language)\"/></a:p></c:txPr><c:dLblPos val=\"ctr\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
            }
            xml += "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$\(rows + 1)</c:f><c:strCache><c:ptCount val=\"\(rows)\"/>"
            for (row, category) in chart.categories.enumerated() { xml += "<c:pt idx=\"\(row)\"><c:v>\(escape(category))</c:v></c:pt>" }
            xml += "</c:strCache></c:strRef></c:cat>"
            xml += "<c:val><c:numRef><c:f>Sheet1!$\(column)$2:$\(column)$\(rows + 1)</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"\(rows)\"/>"
            for (row, value) in series.values.enumerated() {
                if let value, value.isFinite { xml += "<c:pt idx=\"\(row)\"><c:v>\(NumberFormat.shortest(value))</c:v></c:pt>" }
            }
            xml += "</c:numCache></c:numRef></c:val></c:ser>"
        }
        let gap = chart.kind == .histogram ? 15 : (chart.kind == .stackedBars ? 40 : 60)
        xml += "<c:gapWidth val=\"\(gap)\"/>"
        if chart.kind != .groupedBars { xml += "<c:overlap val=\"100\"/>" }
        xml += "<c:axId val=\"50010001\"/><c:axId val=\"50010002\"/></c:barChart>"
        // Categories: top to bottom for horizontal bars (reversed axis, values crossing at the
        // last category so they stay at the bottom); labels thinned on long score ranges.
        let reversed = chart.kind == .stackedBars
        xml += "<c:catAx><c:axId val=\"50010001\"/><c:scaling><c:orientation val=\"\(reversed ? "maxMin" : "minMax")\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"\(reversed ? "l" : "b")\"/>"
        if !chart.categoryAxis.isEmpty { xml += title(chart.categoryAxis, size: 900, language: language, bold: false) }
        xml += "<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/>"
        if chart.kind == .histogram && rows > 31 { xml += "<c:tickLblSkip val=\"5\"/>" } else if chart.kind != .stackedBars { xml += "<c:tickLblSkip val=\"1\"/>" }
        xml += "<c:noMultiLvlLbl val=\"0\"/></c:catAx>"
        xml += "<c:valAx><c:axId val=\"50010002\"/><c:scaling><c:orientation val=\"minMax\"/>"
        if chart.kind == .groupedBars { xml += "<c:max val=\"100\"/><c:min val=\"0\"/>" }
        xml += "</c:scaling><c:delete val=\"0\"/><c:axPos val=\"\(reversed ? "b" : "l")\"/><c:majorGridlines><c:spPr><a:ln w=\"3175\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>"
        if !chart.valueAxis.isEmpty { xml += title(chart.valueAxis, size: 900, language: language, bold: false) }
        xml += "<c:numFmt formatCode=\"\(chart.kind == .stackedBars ? "0%" : "0")\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"50010001\"/><c:crosses val=\"\(reversed ? "max" : "autoZero")\"/><c:crossBetween val=\"between\"/>"
        if chart.kind == .groupedBars { xml += "<c:majorUnit val=\"25\"/>" }
        xml += "</c:valAx></c:plotArea>"
        if chart.series.count > 1 || chart.kind != .histogram { xml += "<c:legend><c:legendPos val=\"t\"/><c:overlay val=\"0\"/></c:legend>" }
        xml += "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
        xml += "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"><a:latin typeface=\"Arial\"/><a:cs typeface=\"Arial\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"\(language)\"/></a:p></c:txPr></c:chartSpace>"
        return xml
    }

    static func title(_ text: String, size: Int, language: String, bold: Bool = true) -> String {
        "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"\(size)\" b=\"\(bold ? 1 : 0)\"/></a:pPr><a:r><a:rPr lang=\"\(language)\" sz=\"\(size)\" b=\"\(bold ? 1 : 0)\"/><a:t>\(escape(text))</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>"
    }

    /// A spreadsheet column name: 1 → A, 27 → AA (the cache's formula references).
    static func columnName(_ number: Int) -> String { XLSXSheetStream.columnLetters(number - 1) }

    static func escape(_ text: String) -> String { XLSXWriter.escape(text, attribute: true) }
}
