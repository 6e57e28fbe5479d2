/// Collects one column's cells as they stream in, then types the column once at the end.
///
/// Kinds are one byte a cell; numbers and text codes are only allocated when the column holds
/// such cells, so a numeric column costs 9 bytes a row and a text column 5.
struct XLSXColumnBuilder {
    private(set) var kinds: [UInt8] = []
    private var numbers: [Double] = []
    private var codes: [Int32] = []
    private var dictionary = StringDictionaryBuilder()
    private var hasNumbers = false
    private var hasCodes = false

    var count: Int { kinds.count }

    mutating func pad(to rowCount: Int) {
        guard kinds.count < rowCount else { return }
        let extra = rowCount - kinds.count
        kinds.append(contentsOf: repeatElement(XLSXCellKind.empty.rawValue, count: extra))
        if hasNumbers { numbers.append(contentsOf: repeatElement(0, count: extra)) }
        if hasCodes { codes.append(contentsOf: repeatElement(0, count: extra)) }
    }

    /// Appends `cell` as row `rowIndex` (earlier missing rows become empty).
    mutating func append(_ cell: XLSXCell, at rowIndex: Int) {
        pad(to: rowIndex)
        kinds.append(cell.kind.rawValue)
        let needsNumber = cell.kind != .text && cell.kind != .empty && cell.kind != .error
        let needsText = cell.kind == .text || cell.kind == .numericText
        if needsNumber && !hasNumbers {
            hasNumbers = true
            numbers = [Double](repeating: 0, count: kinds.count - 1)
        }
        if needsText && !hasCodes {
            hasCodes = true
            codes = [Int32](repeating: 0, count: kinds.count - 1)
        }
        if hasNumbers { numbers.append(needsNumber ? cell.number : 0) }
        if hasCodes { codes.append(needsText ? dictionary.intern(cell.text) : 0) }
    }

    /// The cell at `row` again (for messages and explicit conversions).
    func cell(_ row: Int) -> XLSXCell {
        let kind = XLSXCellKind(rawValue: kinds[row]) ?? .empty
        var cell = XLSXCell(column: 0, kind: kind)
        if hasNumbers { cell.number = numbers[row] }
        if hasCodes, kind == .text || kind == .numericText { cell.text = dictionary.values[Int(codes[row])] }
        return cell
    }

    private func isNullToken(_ row: Int) -> Bool {
        XLSXNumberText.nullTokens.contains(dictionary.values[Int(codes[row])])
    }

    /// The sniffed type: numbers (with numbers stored as text, and the CSV reader's null tokens
    /// as nulls) → int when all are whole, else double; only booleans → bool; only dates → date
    /// (date-times too when every time of day is midnight); anything else → text.
    func sniffedType() -> DataType {
        var numeric = 0, nullTokens = 0, bools = 0, dates = 0, dateTimes = 0, other = 0
        var allWhole = true
        var midnight = true
        for row in 0..<kinds.count {
            switch XLSXCellKind(rawValue: kinds[row]) ?? .empty {
            case .empty, .error: continue
            case .number, .numericText:
                numeric += 1
                let value = numbers[row]
                if value != value.rounded(.towardZero) || abs(value) >= 9.007_199_254_740_992e15 { allWhole = false }
            case .text:
                if isNullToken(row) { nullTokens += 1 } else { other += 1 }
            case .bool: bools += 1
            case .date: dates += 1
            case .dateTime:
                dateTimes += 1
                if XLSXDates.secondOfDay(numbers[row]) != 0 { midnight = false }
            case .time: other += 1
            }
        }
        let kindsPresent = [numeric > 0, bools > 0, dates + dateTimes > 0, other > 0].filter { $0 }.count
        if kindsPresent == 0 { return nullTokens > 0 ? .text : .null }
        if kindsPresent > 1 { return .text }
        if numeric > 0 { return allWhole ? .int : .double }
        if nullTokens > 0 { return .text }
        if bools > 0 { return .bool }
        if dates + dateTimes > 0 { return (dateTimes == 0 || midnight) ? .date : .text }
        return .text
    }

    /// The column as `type`. `failed` gets each row whose cell does not convert (left null).
    func build(as type: DataType, explicit: Bool, failed: (Int, XLSXCell) throws(MsokoError) -> Void) throws(MsokoError) -> Column {
        let rowCount = kinds.count
        var validity = Bitmap(count: rowCount, value: true)
        func kind(_ row: Int) -> XLSXCellKind { XLSXCellKind(rawValue: kinds[row]) ?? .empty }
        func isEmptyOrToken(_ row: Int) -> Bool {
            let k = kind(row)
            return k == .empty || k == .error || (k == .text && (isNullToken(row) || dictionary.values[Int(codes[row])].isEmpty))
        }
        switch type {
        case .null:
            return Column(.null(count: rowCount))
        case .int:
            var values = [Int64](repeating: 0, count: rowCount)
            for row in 0..<rowCount {
                let k = kind(row)
                if (k == .number || k == .numericText), numbers[row] == numbers[row].rounded(.towardZero),
                   abs(numbers[row]) < 9.2e18 {
                    values[row] = Int64(numbers[row])
                } else if k == .bool, explicit {
                    values[row] = Int64(numbers[row])
                } else {
                    validity.clear(row)
                    if !isEmptyOrToken(row) { try failed(row, cell(row)) }
                }
            }
            return Column(.int(values), validity: validity)
        case .double:
            var values = [Double](repeating: 0, count: rowCount)
            for row in 0..<rowCount {
                let k = kind(row)
                if k == .number || k == .numericText {
                    values[row] = numbers[row]
                } else {
                    validity.clear(row)
                    if !isEmptyOrToken(row) { try failed(row, cell(row)) }
                }
            }
            return Column(.double(values), validity: validity)
        case .bool:
            var values = [Bool](repeating: false, count: rowCount)
            for row in 0..<rowCount {
                let k = kind(row)
                if k == .bool || (explicit && k == .number && (numbers[row] == 0 || numbers[row] == 1)) {
                    values[row] = numbers[row] != 0
                } else if explicit, k == .text, let flag = Self.boolText(dictionary.values[Int(codes[row])]) {
                    values[row] = flag
                } else {
                    validity.clear(row)
                    if !isEmptyOrToken(row) { try failed(row, cell(row)) }
                }
            }
            return Column(.bool(values), validity: validity)
        case .date:
            var values = [Int32](repeating: 0, count: rowCount)
            for row in 0..<rowCount {
                let k = kind(row)
                if k == .date || k == .dateTime || (explicit && k == .number) {
                    values[row] = XLSXDates.days(numbers[row])
                } else if explicit, k == .text, let days = DateCodec.parse(dictionary.values[Int(codes[row])]) {
                    values[row] = days
                } else {
                    validity.clear(row)
                    if !isEmptyOrToken(row) { try failed(row, cell(row)) }
                }
            }
            return Column(.date(values), validity: validity)
        case .text:
            // Text cells keep their codes (and dictionary); other cells add their display text.
            var builder = StringDictionaryBuilder()
            if hasCodes { builder = StringDictionaryBuilder(dictionary.build()) }
            var out = [Int32](repeating: 0, count: rowCount)
            for row in 0..<rowCount {
                switch kind(row) {
                case .empty, .error:
                    validity.clear(row)
                case .text, .numericText:
                    out[row] = codes[row]
                default:
                    out[row] = builder.intern(cell(row).displayText)
                }
            }
            return Column(.text(codes: out, dictionary: builder.build()), validity: validity)
        }
    }

    static func boolText(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "истина", "да", "1": return true
        case "false", "ложь", "нет", "0": return false
        default: return nil
        }
    }
}
