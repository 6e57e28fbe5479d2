/// Turns a sheet's rows into a table: finds the header, names the columns, streams the data
/// rows into column builders.
///
/// The header: with `skip = n`, the first non-empty row after the first n sheet rows; without
/// it, the first of the opening rows (up to `lookahead`) that holds at least two different
/// values and covers at least 80 % of the columns the widest of those rows covers, or half of
/// them with mostly different values (a title merged across the sheet covers it all, but with
/// one value; a level row Б/П/В repeats a few). A two-row header (group
/// cells merged across columns over the real names, or names merged down over two rows) is
/// joined "top bottom". Rows with no value are dropped.
final class XLSXTableBuilder: XLSXRowSink {
    struct Options {
        var skip: Int?
        var header = true
        var types: [String: DataType] = [:]
        var ignoreErrors = false
        /// The most rows × columns the table may have (`XLSXLimits.maxCells`).
        var maxCells = XLSXLimits().maxCells
    }

    static let lookahead = 30

    let options: Options
    let merges: [XLSXMerge]
    private var buffered: [(number: Int, cells: [XLSXCell])] = []
    private var headerDone = false
    private var headerNames: [Int: String] = [:]
    private var columns: [Int: XLSXColumnBuilder] = [:]
    /// The sheet row of each data row (for messages and `provenance`).
    private(set) var rowNumbers: [Int32] = []
    /// 1-based sheet row numbers of the header (for messages).
    private(set) var headerRows: [Int] = []

    /// The error for a table over `maxCells`, given its shape ("10 rows × 5 columns").
    private let tooManyCells: (String) -> MsokoError

    init(options: Options, merges: [XLSXMerge], tooManyCells: @escaping (String) -> MsokoError) {
        self.options = options
        self.merges = merges
        self.tooManyCells = tooManyCells
    }

    func row(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
        if headerDone {
            try appendData(number, cells)
            return
        }
        if let skip = options.skip, number <= skip { return }
        buffered.append((number, cells))
        if !options.header || options.skip != nil {
            if !options.header || buffered.count >= 2 { try decideHeader() }
        } else if buffered.count >= Self.lookahead {
            try decideHeader()
        }
    }

    // MARK: the header

    private func decideHeader() throws(MsokoError) {
        headerDone = true
        let rows = buffered
        buffered = []
        guard options.header, !rows.isEmpty else {
            for row in rows { try appendData(row.number, row.cells) }
            return
        }
        var headerIndex = 0
        if options.skip == nil {
            let coverage = rows.map { Set($0.cells.map(\.column)).count }
            let widest = coverage.max() ?? 0
            headerIndex = rows.indices.first { index in
                let distinct = Set(rows[index].cells.map(\.displayText)).count
                if widest <= 1 { return true }
                guard distinct >= 2 else { return false }
                // Most of the width, or half of it with names that are mostly different (a row
                // of levels Б/П/В over some columns repeats a few values).
                return coverage[index] * 5 >= widest * 4
                    || (coverage[index] * 2 >= widest && distinct * 5 >= coverage[index] * 3)
            } ?? 0
        }
        let top = rows[headerIndex]
        var names: [Int: String] = [:]
        for cell in top.cells { names[cell.column] = Self.headerText(cell) }
        headerRows = [top.number]
        var dataStart = headerIndex + 1
        if dataStart < rows.count, rows[dataStart].number == top.number + 1, joinsTwoRows(top, rows[dataStart]) {
            let bottom = rows[dataStart]
            headerRows.append(bottom.number)
            for cell in bottom.cells {
                let lower = Self.headerText(cell)
                let upper = names[cell.column] ?? ""
                if upper.isEmpty || upper == lower { names[cell.column] = lower } else if !lower.isEmpty { names[cell.column] = upper + " " + lower }
            }
            dataStart += 1
        }
        headerNames = names
        for row in rows[dataStart...] { try appendData(row.number, row.cells) }
    }

    /// A header continues on the next row when a name is merged down into it, or when a cell
    /// merged across columns stands over text in the next row (and that row holds only text).
    private func joinsTwoRows(_ top: (number: Int, cells: [XLSXCell]), _ next: (number: Int, cells: [XLSXCell])) -> Bool {
        let startingHere = merges.filter { $0.firstRow == top.number }
        if startingHere.contains(where: { $0.lastRow >= next.number }) { return true }
        let nextIsText = next.cells.allSatisfy { $0.kind == .text }
        guard nextIsText else { return false }
        return startingHere.contains { merge in
            merge.width > 1 && next.cells.contains { $0.column >= merge.firstColumn && $0.column <= merge.lastColumn }
        }
    }

    /// Header text: the display text with runs of whitespace (line breaks included) made one space.
    static func headerText(_ cell: XLSXCell) -> String {
        cell.displayText.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // MARK: data

    private func appendData(_ number: Int, _ cells: [XLSXCell]) throws(MsokoError) {
        let rowIndex = rowNumbers.count
        rowNumbers.append(Int32(clamping: number))
        for cell in cells {
            columns[cell.column, default: XLSXColumnBuilder()].append(cell, at: rowIndex)
        }
        // Every column is padded to every row in the end, so the table's rows × columns is
        // what it costs, however sparse the sheet.
        let (cells, overflow) = rowNumbers.count.multipliedReportingOverflow(by: max(columns.count, headerNames.count))
        if overflow || cells > options.maxCells {
            throw tooManyCells(tr("io.xlsx.rows_columns", ["value": XLSXLimits.grouped(UInt64(rowNumbers.count)), "value2": XLSXLimits.grouped(UInt64(max(columns.count, headerNames.count)))]))
        }
    }

    /// The table, once every row has arrived. `location` names a failing cell for messages.
    func finish(location: (_ row: Int, _ column: Int, _ name: String) -> DataLocation,
                failedCell: (_ cell: XLSXCell, _ type: DataType, _ reference: String) -> String,
                skippedNote: (Int) -> Void) throws(MsokoError) -> Table {
        if !headerDone { try decideHeader() }
        let rowCount = rowNumbers.count
        let positions = Set(columns.keys).union(headerNames.keys).sorted()
        let rawNames = positions.enumerated().map { headerNames[$0.element] ?? "" }
        let names = Table.uniqueNames(rawNames)
        // The names are unique: columns are collected in order, not `set` one by one (which
        // looks each name up and made a 40,000-column sheet take seconds).
        var built: [Column] = []
        built.reserveCapacity(positions.count)
        var failures = 0
        for (index, position) in positions.enumerated() {
            var builder = columns[position] ?? XLSXColumnBuilder()
            builder.pad(to: rowCount)
            let name = names[index]
            let explicit = options.types[name]
            let type = explicit ?? builder.sniffedType()
            let column = try builder.build(as: type, explicit: explicit != nil) { (row, cell) throws(MsokoError) in
                let sheetRow = Int(rowNumbers[row])
                let reference = XLSXSheetStream.columnLetters(position) + String(sheetRow)
                if options.ignoreErrors { failures += 1; return }
                throw MsokoError(.data, failedCell(cell, type, reference), data: location(sheetRow, index + 1, name))
            }
            built.append(column)
        }
        let table = built.isEmpty ? Table(names: [], columns: [], rowCount: 0) : Table(names: names, columns: built, rowCount: rowCount)
        if failures > 0 { skippedNote(failures) }
        return table
    }

}
