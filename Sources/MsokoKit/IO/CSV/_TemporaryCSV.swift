import Foundation
// TEMPORARY: replaced by the csv branch. A naive reader so the interpreter builds.
public struct CSVOptions: Sendable {
    public var delimiter: UInt8? = nil
    public var encoding: String? = nil
    public var decimal: UInt8? = nil
    public var thousands: UInt8? = nil
    public var header: Bool? = nil
    public var skip: Int = 0
    public var types: [String: DataType] = [:]
    public var ignoreErrors: Bool = false
    public init() {}
}
public struct CSVReadReport: Sendable {
    public var table: Table
    public var skippedRows: Int = 0
    public var skippedExamples: [DataLocation] = []
}
public enum CSVReader {
    public static func read(path: String, options: CSVOptions) throws(MsokoError) -> CSVReadReport {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw MsokoError(.io, "cannot open \(path): no such file")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return CSVReadReport(table: Table()) }
        var table = Table()
        for (index, name) in header.enumerated() {
            let cells = lines.dropFirst().map { index < $0.count ? $0[index] : "" }
            let values: [Value] = cells.map { c in
                if c.isEmpty { return .null }
                if let i = Int64(c) { return .int(i) }
                if let d = Double(c) { return .double(d) }
                return .text(c)
            }
            table.set(name, Column.from(values))
        }
        return CSVReadReport(table: table)
    }
}
