import Foundation

/// Options of `load "book.xlsx" with …` that the workbook reader understands.
public struct XLSXOptions: Sendable {
    /// A sheet name (text) or a 1-based position in tab order (int); nil = the first visible sheet.
    public var sheet: Value?
    /// Sheet rows to skip before the header; nil = detect title rows.
    public var skip: Int?
    public var header = true
    /// Per-column type overrides, by header name.
    public var types: [String: DataType] = [:]
    /// Cells that do not convert to a type named in `types` become null instead of an error.
    public var ignoreErrors = false
    public init() {}
}

public struct XLSXReadReport: Sendable {
    public var table: Table
    /// The sheet that was read.
    public var sheetName: String
    public var sheetPosition: Int
    public var sheetCount: Int
    /// Sheet rows taken as the header (1-based; empty without a header).
    public var headerRows: [Int]
    /// Cells set to null under `ignore_errors`.
    public var nulledCells: Int
}

/// Reads one sheet of an `.xlsx`/`.xlsm` workbook into a table. See `XLSXTableBuilder` for how
/// the header is found and `XLSXColumnBuilder` for how columns are typed.
public enum XLSXReader {
    public static func read(path: String, shownPath: String? = nil, options: XLSXOptions) throws(MsokoError) -> XLSXReadReport {
        let shown = shownPath ?? path
        let package = try XLSXPackage.open(path: path, shownPath: shown)
        let sheet = try package.sheet(options.sheet)
        var builderOptions = XLSXTableBuilder.Options()
        builderOptions.skip = options.skip
        builderOptions.header = options.header
        builderOptions.types = options.types
        builderOptions.ignoreErrors = options.ignoreErrors
        var builder: XLSXTableBuilder?
        try XLSXSheetStream.read(package, sheet: sheet) { merges in
            let made = XLSXTableBuilder(options: builderOptions, merges: merges)
            builder = made
            return made
        }
        guard let builder else { throw MsokoError(.io, "cannot read `\(shown)`") }
        var nulled = 0
        let table = try builder.finish(
            location: { row, field, name in DataLocation(file: shown, line: row, field: field, columnName: name) },
            failedCell: { cell, type, reference in
                "sheet `\(sheet.name)`, cell \(reference): \(describe(cell)) is not \(article(type)) \(type.rawValue)"
            },
            skippedNote: { nulled = $0 })
        return XLSXReadReport(table: table, sheetName: sheet.name, sheetPosition: sheet.position,
                              sheetCount: package.sheets.count, headerRows: builder.headerRows, nulledCells: nulled)
    }

    /// The names of the sheets in tab order (for messages and completion).
    public static func sheetNames(path: String) throws(MsokoError) -> [String] {
        try XLSXPackage.open(path: path, shownPath: path).sheets.map(\.name)
    }

    static func describe(_ cell: XLSXCell) -> String {
        switch cell.kind {
        case .text, .numericText: return "\"\(cell.text)\""
        case .bool: return cell.displayText
        case .date: return "the date \(cell.displayText)"
        case .dateTime: return "the date-time \(cell.displayText)"
        case .time: return "the time \(cell.displayText)"
        default: return "`\(cell.displayText)`"
        }
    }

    static func article(_ type: DataType) -> String { type == .int ? "an" : "a" }
}
