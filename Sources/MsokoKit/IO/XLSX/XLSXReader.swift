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
    /// How large a workbook may be once unpacked (`max_cells`, `max_unzipped_mb`, `max_ratio`).
    public var limits = XLSXLimits()
    /// Add first columns `source_sheet` (the sheet's name) and `source_row` (the sheet row).
    public var provenance = false
    public init() {}
}

/// What a workbook may cost before it is refused: a guard against damaged and hostile files (a
/// ZIP bomb of 4 MB unpacks to 4 GiB; a sheet of a million cells in one row), set far above
/// what real exports need. The `load` options `max_cells`, `max_unzipped_mb` and `max_ratio`
/// raise or lower them.
///
/// Why these numbers. Real sheets compress 9–17:1 (the fixtures, and generated sheets of
/// styled, repeated or zero cells); deflate cannot pass about 1,030:1, which is what bombs
/// use. Below 100 MB unpacked any ratio is allowed (a small part cannot hurt); above it, 200:1
/// — room for a generated sheet without cell references (177:1 measured) — stops a bomb before
/// anything is unpacked. 2 GiB is the most one part may unpack to (Excel's own limit of
/// 1,048,576 rows of a few columns fits). 50 million cells is a full Excel sheet of 48 columns;
/// a table that size is already several gigabytes in memory.
public struct XLSXLimits: Sendable, Equatable {
    /// The most cells a sheet may have: `<c>` elements read, and rows × columns of the table.
    public var maxCells = 50_000_000
    /// The most bytes one part of the package may unpack to.
    public var maxUnzippedBytes: UInt64 = 2 << 30
    /// The most a part larger than `ratioFreeBytes` may be compressed (unpacked ÷ packed).
    public var maxRatio: UInt64 = 200
    /// Parts up to this size unpacked may have any ratio.
    public static let ratioFreeBytes: UInt64 = 100 << 20
    /// A cell reference has at most three letters: column ZZZ is the 18,278th.
    public static let maxColumns = 18_278
    /// Merged ranges a sheet may have (real sheets have hundreds; each is filled row by row).
    public static let maxMerges = 1_000_000
    public init() {}

    /// Refuses a part whose sizes (from the ZIP directory, before anything is unpacked) are
    /// over the limits. The extraction then holds the part to its declared size.
    func check(part: String, of shownPath: String, unpacked: UInt64, packed: UInt64) throws(MsokoError) {
        if unpacked > maxUnzippedBytes {
            throw MsokoError(.io, tr("io.xlsx.part_over_limit", ["shown_path": shownPath, "part": part, "value": Self.size(unpacked), "value2": Self.size(maxUnzippedBytes), "value3": maxUnzippedBytes >> 20]),
                             hint: tr("io.xlsx.if_workbook_really_that", ["value": Self.suggestedMegabytes(unpacked)]))
        }
        if unpacked > Self.ratioFreeBytes, unpacked > packed.multipliedReportingOverflow(by: maxRatio).partialValue {
            let ratio = packed == 0 ? tr("io.xlsx.nothing_packed") : "\(Self.grouped(unpacked / packed)):1"
            throw MsokoError(.io, tr("io.xlsx.looks_like_zip_bomb", ["shown_path": shownPath, "part": part, "value": Self.size(packed), "value2": Self.size(unpacked), "ratio": ratio, "max_ratio": maxRatio]),
                             hint: tr("io.xlsx.if_you_trust_file", ["value": packed == 0 ? maxRatio * 10 : unpacked / packed + 1]))
        }
    }

    /// The error for a sheet with more cells than `maxCells`; `shape` says how many, when known
    /// ("1,000,000 rows × 60 columns").
    func tooManyCells(_ shownPath: String, sheet: String, shape: String?) -> MsokoError {
        let limit = Self.grouped(UInt64(maxCells))
        let what = shape.map { tr("io.xlsx.makes_table_more_than", ["value": $0, "limit": limit]) }
            ?? tr("io.xlsx.has_more_than_cells", ["limit": limit])
        return MsokoError(.io, tr("io.xlsx.too_many_cells", ["file": shownPath, "sheet": sheet, "what": what]),
                          hint: tr("io.xlsx.if_sheet_really_that", ["value": maxCells.multipliedReportingOverflow(by: 2).partialValue]))
    }

    /// 4294967296 → "4.0 GiB".
    static func size(_ bytes: UInt64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }

    static func grouped(_ number: UInt64) -> String {
        let digits = Array(String(number))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// A round number of megabytes above `bytes`.
    static func suggestedMegabytes(_ bytes: UInt64) -> UInt64 {
        ((bytes >> 20) / 1024 + 1) * 1024
    }
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
        let package = try XLSXPackage.open(path: path, shownPath: shown, limits: options.limits)
        let sheet = try package.sheet(options.sheet)
        var builderOptions = XLSXTableBuilder.Options()
        builderOptions.maxCells = options.limits.maxCells
        builderOptions.skip = options.skip
        builderOptions.header = options.header
        builderOptions.types = options.types
        builderOptions.ignoreErrors = options.ignoreErrors
        var builder: XLSXTableBuilder?
        try XLSXSheetStream.read(package, sheet: sheet) { merges in
            let made = XLSXTableBuilder(options: builderOptions, merges: merges) { shape in
                options.limits.tooManyCells(shown, sheet: sheet.name, shape: shape)
            }
            builder = made
            return made
        }
        guard let builder else { throw MsokoError(.io, tr("io.xlsx.cannot_read", ["shown": shown])) }
        var nulled = 0
        let table = try builder.finish(
            location: { row, field, name in DataLocation(file: shown, line: row, field: field, columnName: name) },
            failedCell: { cell, type, reference in
                tr("io.xlsx.sheet_cell", ["sheet": sheet.name, "reference": reference, "value": describe(cell), "a_type": withArticle(type)])
            },
            skippedNote: { nulled = $0 })
        var provided = table
        if options.provenance {
            // The sheet rows were kept for messages anyway: one Int32 per data row.
            let rows = builder.rowNumbers.map { Int64($0) }
            let sheetColumn = Column(.text(codes: [Int32](repeating: 0, count: rows.count),
                                           dictionary: StringDictionary([sheet.name])))
            provided = Table(names: Table.uniqueNames(["source_sheet", "source_row"] + table.names),
                             columns: [sheetColumn, Column(.int(rows))] + table.columns, rowCount: rows.count)
        }
        return XLSXReadReport(table: provided, sheetName: sheet.name, sheetPosition: sheet.position,
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
        case .date: return tr("io.xlsx.the_date", ["value": cell.displayText])
        case .dateTime: return tr("io.xlsx.the_date_time", ["value": cell.displayText])
        case .time: return tr("io.xlsx.the_time", ["value": cell.displayText])
        default: return "`\(cell.displayText)`"
        }
    }

    /// `an int`, `a date` in English; Russian has no articles (`int`).
    static func withArticle(_ type: DataType) -> String {
        Language.current == .en ? (type == .int ? "an " : "a ") + type.rawValue : type.rawValue
    }
}
