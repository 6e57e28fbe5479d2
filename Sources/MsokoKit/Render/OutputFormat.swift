/// How a table is printed or saved.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, jsonl, markdown

    /// The format for a file name's extension.
    public static func forPath(_ path: String) -> OutputFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return .tsv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".txt") { return .table }
        return nil
    }
}

/// Options for files people open (CSV written by `save`).
public struct WriteOptions: Sendable {
    /// Prefix `'` to text cells that spreadsheets would run as formulas (`SpreadsheetSafety`).
    public var escapeFormulas = true
    /// UTF-8 with BOM, `;`, decimal comma.
    public var excelRussian = false
    /// Overrides the format chosen by extension.
    public var format: OutputFormat?
    public init() {}
}

/// Renders tables in the text formats. Files written by `save` get the options above; CSV and TSV
/// printed to stdout escape formulas when `escapesStandardOutput` says so.
public enum TableWriter {
    /// Whether CSV/TSV printed to stdout (`forFile: false`) gets a leading `'` on text a
    /// spreadsheet would run as a formula. The executable sets it once, before anything is
    /// printed, from `--escape-formulas` (by default: when stdout is a regular file,
    /// `StandardOutputEscaping`); the library's default, for tests and embedders, is raw.
    nonisolated(unsafe) public static var escapesStandardOutput = false

    public static func render(_ table: Table, format: OutputFormat, options: WriteOptions = WriteOptions(), forFile: Bool = false,
                              tableStyle: TableStyle = TableStyle()) -> String {
        switch format {
        case .table: return TableRenderer.render(table, style: tableStyle)
        case .csv: return delimited(table, separator: options.excelRussian ? ";" : ",", options: options, forFile: forFile)
        case .tsv: return delimited(table, separator: "\t", options: options, forFile: forFile)
        case .json: return json(table, lines: false)
        case .jsonl: return json(table, lines: true)
        case .markdown: return markdown(table)
        }
    }

    static func cellText(_ value: Value, decimalComma: Bool) -> String {
        switch value {
        case .double(let d):
            let text = NumberFormat.shortest(d)
            return decimalComma ? text.replacingOccurrences(of: ".", with: ",") : text
        default:
            return value.plainText
        }
    }

    /// CSV or TSV. Written into bytes column by column's type, not through boxed cells: a
    /// summary of 10,000 groups is printed after every query of a benchmark run, and the boxed
    /// path spent longer formatting it than the query took. A text column's distinct values are
    /// quoted and escaped once each (when the table has at least as many rows as the dictionary
    /// has entries), then copied per row.
    static func delimited(_ table: Table, separator: Character, options: WriteOptions, forFile: Bool) -> String {
        let decimalComma = options.excelRussian
        let escapeFormulas = forFile ? options.escapeFormulas : escapesStandardOutput
        func field(_ text: String, isText: Bool) -> String {
            var text = text
            if escapeFormulas, isText, SpreadsheetSafety.needsEscape(text) { text = "'" + text }
            if separator == "\t" && !forFile {
                // TSV on stdout: no quoting; tabs and newlines inside values are escaped.
                return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
            }
            if text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(64 + table.rowCount * max(table.columnCount, 1) * 8)
        out.append(contentsOf: (table.names.map { field($0, isText: true) }.joined(separator: String(separator)) + "\n").utf8)
        let separatorBytes = Array(String(separator).utf8)
        // Each text column's fields by code, made once when the rows outnumber the codes.
        let textFields: [[[UInt8]]?] = table.columns.map { column in
            guard case .text(_, let dictionary) = column.storage, table.rowCount >= dictionary.count else { return nil }
            return dictionary.values.map { Array(field($0, isText: true).utf8) }
        }
        for row in 0..<table.rowCount {
            for (index, column) in table.columns.enumerated() {
                if index > 0 { out.append(contentsOf: separatorBytes) }
                if column.isNull(row) { continue }
                switch column.storage {
                case .int(let values):
                    appendDecimal(values[row], to: &out)
                case .double(let values) where !decimalComma:
                    // Digits, `.`, `-`, `e`, NaN, Infinity: nothing to quote or escape.
                    out.append(contentsOf: NumberFormat.shortest(values[row]).utf8)
                case .text(let codes, let dictionary):
                    if let fields = textFields[index] {
                        out.append(contentsOf: fields[Int(codes[row])])
                    } else {
                        out.append(contentsOf: field(dictionary.values[Int(codes[row])], isText: true).utf8)
                    }
                default:
                    out.append(contentsOf: field(cellText(column.value(at: row), decimalComma: decimalComma), isText: column.type == .text).utf8)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The decimal digits of `value` (what `String(value)` gives), without making a string.
    @inline(__always) static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[position]) }
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func jsonValue(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return String(v)
        case .double(let d): return d.isFinite ? NumberFormat.shortest(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return jsonString(s)
        case .date: return jsonString(value.plainText)
        }
    }

    static func json(_ table: Table, lines: Bool) -> String {
        let keys = table.names.map(jsonString)
        var rows: [String] = []
        for row in 0..<table.rowCount {
            let fields = zip(keys, table.columns).map { key, column in "\(key): \(jsonValue(column.value(at: row)))" }
            rows.append("{" + fields.joined(separator: ", ") + "}")
        }
        if lines { return rows.map { $0 + "\n" }.joined() }
        if rows.isEmpty { return "[]\n" }
        return "[\n" + rows.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
    }

    static func markdown(_ table: Table) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "| " + table.names.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.type.isNumeric ? " ---: |" : " --- |" }.joined() + "\n"
        for row in 0..<table.rowCount {
            out += "| " + table.columns.map { column -> String in
                let value = column.value(at: row)
                if case .double(let d) = value { return NumberFormat.fixed(d, decimals: 2) }
                return escape(value.plainText)
            }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
