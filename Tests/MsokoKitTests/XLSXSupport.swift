import Foundation
import Testing
@testable import MsokoKit

/// Helpers for the workbook tests: the corpus (read-only, beside the repository), hand-made
/// packages with exactly the XML a case needs, and a session to load into.
enum XLSXTestSupport {
    static var corpus: URL {
        get throws {
            let url = TestPaths.corpus
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("csvkit/test.xlsx").path) else {
                throw CorpusMissing(path: url.path)
            }
            return url
        }
    }

    struct CorpusMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "the test corpus is missing: expected it at \(path) (Tests/Fixtures/corpus in the repository)" }
    }

    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/xlsx")

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-xlsx-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A workbook made of the given sheet XML bodies (`<sheetData>…` and what follows), with
    /// optional styles, shared strings and workbook properties.
    static func workbook(sheets: [(name: String, body: String)], sharedStrings: [String]? = nil,
                         cellFormats: [Int] = [0], customFormats: [Int: String] = [:], date1904: Bool = false) throws -> Data {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, Data)] = []
        var overrides = ""
        var sheetList = ""
        var relationships = ""
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            parts.append(("xl/worksheets/sheet\(number).xml", Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(ns)\">\(sheet.body)</worksheet>".utf8)))
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            sheetList += "<sheet name=\"\(XLSXWriter.escape(sheet.name, attribute: true))\" sheetId=\"\(number)\" r:id=\"rId\(number)\"/>"
            relationships += "<Relationship Id=\"rId\(number)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
        }
        let formats = customFormats.map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\(XLSXWriter.escape($0.value, attribute: true))\"/>" }.joined()
        let xfs = cellFormats.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        parts.append(("xl/styles.xml", Data("<?xml version=\"1.0\"?><styleSheet xmlns=\"\(ns)\"><numFmts>\(formats)</numFmts><cellXfs count=\"\(cellFormats.count)\">\(xfs)</cellXfs></styleSheet>".utf8)))
        relationships += "<Relationship Id=\"rIdS\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        if let sharedStrings {
            let items = sharedStrings.map { "<si><t xml:space=\"preserve\">\(XLSXWriter.escape($0, attribute: false))</t></si>" }.joined()
            parts.append(("xl/sharedStrings.xml", Data("<?xml version=\"1.0\"?><sst xmlns=\"\(ns)\">\(items)</sst>".utf8)))
            relationships += "<Relationship Id=\"rIdT\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        parts.append(("xl/workbook.xml", Data("<?xml version=\"1.0\"?><workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>".utf8)))
        parts.append(("xl/_rels/workbook.xml.rels", Data("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relationships)</Relationships>".utf8)))
        parts.append(("_rels/.rels", Data(XLSXWriter.rootRelationships.utf8)))
        parts.append(("[Content_Types].xml", Data("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>\(overrides)</Types>".utf8)))
        return try XLSXWriter.package(parts)
    }

    /// Writes `data` as `name` in a new temporary folder and returns the file's path.
    static func file(_ data: Data, named name: String = "book.xlsx") throws -> String {
        let url = try temporaryFolder().appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Reads the first sheet (or the given one) of the file.
    static func read(_ path: String, _ configure: (inout XLSXOptions) -> Void = { _ in }) throws -> Table {
        var options = XLSXOptions()
        configure(&options)
        return try XLSXReader.read(path: path, options: options).table
    }

    /// Runs statements in a session working in `folder`; returns the session and its notes.
    static func session(_ text: String, in folder: URL) throws -> (Session, [String]) {
        let sink = CollectingSink(format: .csv)
        let session = Session(sink: sink, workingDirectory: folder.path)
        try session.run(SourceFile(name: "<test>", text: text))
        return (session, sink.notes)
    }

    /// A table's cells as text rows (null → ""), for comparing with expected text.
    static func textRows(_ table: Table) -> [[String]] {
        (0..<table.rowCount).map { row in table.columns.map { $0.value(at: row).plainText } }
    }

    /// A simple comma split (for files known to have no quoted fields).
    static func plainCSV(_ url: URL) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return (header, lines)
    }
}
