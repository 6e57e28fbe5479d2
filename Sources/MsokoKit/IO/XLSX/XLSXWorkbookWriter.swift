import Foundation

/// A workbook of several sheets for people to fill in: styles with locked and unlocked cells,
/// frozen header rows, sheet protection, column widths, drop-down lists and number checks (data
/// validation), hidden sheets. `XLSXWriter` stays the one-sheet writer of `save`; this one writes
/// forms (the collection templates of `template`). Text is always an inline string, never a formula.
///
/// Parts of a sheet are written in the order ECMA-376 Part 1 (§18.3.1.99 CT_Worksheet) requires —
/// Excel refuses a sheet whose elements are out of order: sheetPr, dimension, sheetViews,
/// sheetFormatPr, cols, sheetData, sheetProtection, mergeCells, dataValidations, pageMargins, pageSetup.
public struct XLSXWorkbook: Sendable {
    /// The cell formats of `styles`, by role; `input`, `suggestion` and `open` leave the cell
    /// unlocked under sheet protection, the others keep it locked.
    public enum Style: Int, Sendable, CaseIterable {
        case plain = 0        // locked, no decoration (Excel's default)
        case title            // bold 14 pt, locked
        case header           // bold on grey, thin border, wrapped, locked
        case input            // unlocked, thin border: a cell to fill in
        case suggestion       // unlocked, light yellow, thin border: pre-filled, to be checked
        case locked           // light grey, thin border, locked: pre-filled, not to be changed
        case note             // wrapped text, top-aligned, locked (instructions)
        case noteBold         // bold, wrapped, locked
        case open             // unlocked, no decoration: the blank rows below a form
    }

    public enum CellValue: Sendable, Equatable {
        case text(String)
        case number(Double)
        case empty
    }

    public struct Cell: Sendable {
        public var value: CellValue
        public var style: Style
        public init(_ value: CellValue, _ style: Style = .plain) {
            self.value = value
            self.style = style
        }
        public static func text(_ text: String?, _ style: Style) -> Cell { Cell(text.map { .text($0) } ?? .empty, style) }
        public static func number(_ number: Double?, _ style: Style) -> Cell { Cell(number.map { .number($0) } ?? .empty, style) }
    }

    /// A column's width in characters and the style of its cells that are not written (so the
    /// blank rows below a form's data stay fillable under protection).
    public struct ColumnFormat: Sendable {
        public var width: Double
        public var style: Style
        public init(width: Double, style: Style = .plain) {
            self.width = width
            self.style = style
        }
    }

    /// A data validation over a range (`sqref`): a drop-down list or a whole-number range.
    public struct Validation: Sendable {
        public enum Rule: Sendable, Equatable {
            /// `"a,b,c"` written into the rule (≤ 255 characters, no commas or quotes in items).
            case inlineList([String])
            /// A range of cells, e.g. `'Списки'!$A$2:$A$14` (a hidden list sheet, or another sheet's column).
            case rangeList(String)
            case wholeNumber(min: Int, max: Int)
        }
        public var range: String
        public var rule: Rule
        public var promptTitle: String
        public var prompt: String
        public var error: String
        /// `stop` refuses other values; `warning` asks.
        public var strict: Bool
        public init(range: String, rule: Rule, promptTitle: String = "", prompt: String = "", error: String, strict: Bool = true) {
            self.range = range
            self.rule = rule
            self.promptTitle = promptTitle
            self.prompt = prompt
            self.error = error
            self.strict = strict
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        public var hidden = false
        /// Rows from sheet row 1, cells from column A; a nil cell is not written.
        public var rows: [[Cell?]] = []
        public var columns: [ColumnFormat] = []
        /// Heights in points of rows that need them (0-based row index), e.g. wrapped paragraphs:
        /// Excel does not grow a row for wrapped text when it opens a file.
        public var rowHeights: [Int: Double] = [:]
        /// Rows kept in view when scrolling (the title and the header).
        public var frozenRows = 0
        public var protected = false
        public var validations: [Validation] = []
        /// Ranges such as `A1:F1`.
        public var merges: [String] = []
        public var tabColor: String?
        public init(name: String) { self.name = name }
    }

    public var sheets: [Sheet] = []
    /// The tab shown when the file opens (0-based; must be a visible sheet).
    public var activeSheet = 0
    public var title = ""
    public init() {}

    /// Excel's limit on the text of a list written into the rule.
    public static let inlineListLimit = 255

    /// Whether these items can be written into the rule itself: Excel takes at most 255
    /// characters there, and a comma or a quote inside an item cannot be written at all.
    public static func fitsInline(_ items: [String]) -> Bool {
        let joined = items.joined(separator: ",")
        return joined.count <= inlineListLimit && !items.contains { $0.contains(",") || $0.contains("\"") || $0.isEmpty }
    }

    /// `'Лист'!$A$2:$A$9`, the sheet name quoted (quotes in it doubled).
    public static func reference(sheet: String, column: Int, fromRow: Int, toRow: Int) -> String {
        let letters = XLSXSheetStream.columnLetters(column)
        return "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'!$\(letters)$\(fromRow):$\(letters)$\(max(fromRow, toRow))"
    }
}

/// Serialises an `XLSXWorkbook` into an `.xlsx` package.
public enum XLSXWorkbookWriter {
    public static func data(for workbook: XLSXWorkbook) throws(MsokoError) -> Data {
        guard !workbook.sheets.isEmpty else { throw MsokoError(.io, tr("io.xlsx.workbook_needs_least_one")) }
        var names = Set<String>()
        for sheet in workbook.sheets {
            let name = XLSXWriter.sanitizedSheetName(sheet.name)
            guard sheet.rows.count <= XLSXWriter.maxRows else {
                throw MsokoError(.io, tr("io.xlsx.sheet_would_have_rows", ["name": name, "rows_count": sheet.rows.count, "max_rows": XLSXWriter.maxRows]))
            }
            guard names.insert(name.lowercased()).inserted else { throw MsokoError(.io, tr("io.xlsx.two_sheets_named", ["name": name])) }
        }
        var parts: [(String, Data)] = [
            ("[Content_Types].xml", Data(contentTypes(sheetCount: workbook.sheets.count).utf8)),
            ("_rels/.rels", Data(rootRelationships.utf8)),
            ("docProps/core.xml", Data(coreProperties(title: workbook.title).utf8)),
            ("xl/workbook.xml", Data(workbookXML(workbook).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships(sheetCount: workbook.sheets.count).utf8)),
            ("xl/styles.xml", Data(styles.utf8)),
        ]
        for (index, sheet) in workbook.sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Data(sheetXML(sheet, selected: index == workbook.activeSheet).utf8)))
        }
        return try XLSXWriter.package(parts)
    }

    // MARK: package parts

    static func contentTypes(sheetCount: Int) -> String {
        var overrides = ""
        for number in 1...sheetCount {
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            \(overrides)\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            </Types>
            """
    }

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static func coreProperties(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(XLSXWriter.escape(title, attribute: false))</dc:title>\
        <dc:creator>msoko</dc:creator></cp:coreProperties>
        """
    }

    static func workbookXML(_ workbook: XLSXWorkbook) -> String {
        var sheets = ""
        for (index, sheet) in workbook.sheets.enumerated() {
            let name = XLSXWriter.escape(XLSXWriter.sanitizedSheetName(sheet.name), attribute: true)
            sheets += "<sheet name=\"\(name)\" sheetId=\"\(index + 1)\"\(sheet.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(index + 1)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <bookViews><workbookView activeTab="\(workbook.activeSheet)"/></bookViews>\
            <sheets>\(sheets)</sheets></workbook>
            """
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var relationships = ""
        for number in 1...sheetCount {
            relationships += "<Relationship Id=\"rId\(number)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(relationships)\
            <Relationship Id="rId\(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    /// Cell formats in `XLSXWorkbook.Style` order. Fonts: 0 normal, 1 bold, 2 bold 14 pt. Fills: 0
    /// none, 1 gray125 (both required first), 2 grey header, 3 light yellow, 4 light grey.
    /// Borders: 0 none, 1 thin.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left style="thin"><color rgb="FFA6A6A6"/></left><right style="thin"><color rgb="FFA6A6A6"/></right>\
        <top style="thin"><color rgb="FFA6A6A6"/></top><bottom style="thin"><color rgb="FFA6A6A6"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="9">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyProtection="1"><protection locked="0"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="3" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyProtection="1"><protection locked="0"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="4" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyProtection="1"><protection locked="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    // MARK: the sheet

    static func sheetXML(_ sheet: XLSXWorkbook.Sheet, selected: Bool) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        out += "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        if let color = sheet.tabColor { out += "<sheetPr><tabColor rgb=\"\(color)\"/></sheetPr>" }
        let width = max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0)
        if width > 0 {
            out += "<dimension ref=\"A1:\(XLSXSheetStream.columnLetters(width - 1))\(max(1, sheet.rows.count))\"/>"
        }
        out += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        if sheet.frozenRows > 0 {
            let top = sheet.frozenRows + 1
            out += "<pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"A\(top)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            out += "<selection pane=\"bottomLeft\" activeCell=\"A\(top)\" sqref=\"A\(top)\"/>"
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            out += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                let style = column.style == .plain ? "" : " style=\"\(column.style.rawValue)\""
                out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(NumberFormat.shortest(column.width))\"\(style) customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let number = rowIndex + 1
            if let height = sheet.rowHeights[rowIndex] {
                out += "<row r=\"\(number)\" ht=\"\(NumberFormat.shortest(height))\" customHeight=\"1\">"
            } else {
                out += "<row r=\"\(number)\">"
            }
            for (columnIndex, cell) in row.enumerated() {
                guard let cell else { continue }
                let reference = XLSXSheetStream.columnLetters(columnIndex) + String(number)
                let style = cell.style == .plain ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .text(let text):
                    out += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is>\(XLSXWriter.textElement(text))</is></c>"
                case .number(let value) where value.isFinite:
                    out += "<c r=\"\(reference)\"\(style)><v>\(NumberFormat.shortest(value))</v></c>"
                case .number(let value):
                    out += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is>\(XLSXWriter.textElement(NumberFormat.shortest(value)))</is></c>"
                case .empty:
                    out += "<c r=\"\(reference)\"\(style)/>"
                }
            }
            out += "</row>"
        }
        out += "</sheetData>"
        if sheet.protected {
            // No password: the protection guards the headers and lists against slips, not against
            // the school. Rows may be inserted and deleted, columns widened, filters used.
            out += "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\" "
            out += "insertRows=\"0\" deleteRows=\"0\" sort=\"0\" autoFilter=\"0\"/>"
        }
        if !sheet.merges.isEmpty {
            out += "<mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        if !sheet.validations.isEmpty {
            out += "<dataValidations count=\"\(sheet.validations.count)\">"
            for validation in sheet.validations { out += validationXML(validation) }
            out += "</dataValidations>"
        }
        out += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        out += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/>"
        out += "</worksheet>"
        return out
    }

    static func validationXML(_ validation: XLSXWorkbook.Validation) -> String {
        func attribute(_ text: String, limit: Int) -> String { XLSXWriter.escape(String(text.prefix(limit)), attribute: true) }
        var type: String
        var formulas: String
        switch validation.rule {
        case .inlineList(let items):
            type = "type=\"list\""
            formulas = "<formula1>" + XLSXWriter.escape("\"" + items.joined(separator: ",") + "\"", attribute: false) + "</formula1>"
        case .rangeList(let range):
            type = "type=\"list\""
            formulas = "<formula1>" + XLSXWriter.escape(range, attribute: false) + "</formula1>"
        case .wholeNumber(let min, let max):
            type = "type=\"whole\" operator=\"between\""
            formulas = "<formula1>\(min)</formula1><formula2>\(max)</formula2>"
        }
        // Excel's limits: titles 32 characters, prompt and error 255.
        var out = "<dataValidation \(type)\(validation.strict ? "" : " errorStyle=\"warning\"") allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\""
        out += " errorTitle=\"\(attribute("Проверьте значение", limit: 32))\" error=\"\(attribute(validation.error, limit: 255))\""
        if !validation.prompt.isEmpty {
            out += " promptTitle=\"\(attribute(validation.promptTitle, limit: 32))\" prompt=\"\(attribute(validation.prompt, limit: 255))\""
        }
        out += " sqref=\"\(validation.range)\">" + formulas + "</dataValidation>"
        return out
    }
}
