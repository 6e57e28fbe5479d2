import Foundation
import Testing
import ZIPFoundation
@testable import MsokoKit

/// Every input the fuzzers (Fuzz/, `make fuzz`) ever stopped on, replayed through the same path
/// the fuzz target takes: Tests/Fixtures/fuzz/<target>/ holds the files, each must now end in a
/// result or an MsokoError. The seed corpora (Fuzz/Corpus/) are replayed too, so the harnesses'
/// inputs stay valid as the language and readers change.
@Suite struct FuzzRegressionTests {
    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/fuzz")
    static let corpus = TestPaths.repository.appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ target: String) -> [URL] {
        var files: [URL] = []
        for folder in [fixtures.appendingPathComponent(target), corpus.appendingPathComponent(target)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { folder.appendingPathComponent($0) }
        }
        return files
    }

    // FuzzScript: statements on two small datasets in a session of their own.
    static let outside = ["load", "save", "run", "register", "drafts", "report", "attach", "import", "template", "export"]

    @Test(arguments: inputs("script")) func script(_ file: URL) throws {
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        guard !Self.outside.contains(where: { text.lowercased().contains($0) }) else { return }
        let folder = Domain.temporaryFolder("fuzz-script")
        defer { try? FileManager.default.removeItem(at: folder) }
        var table = Table(names: [], columns: [], rowCount: 3)
        table.set("year", Column.from([Value.int(2024), .int(2025), .null]))
        table.set("school_id", Column.from([Value.text("S01"), .text("0315"), .null]))
        table.set("score", Column.from([Value.double(12.5), .null, .double(0)]))
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: folder.path)
        session.setDataset("t", table)
        session.setDataset("s", table)
        _ = try? session.run(SourceFile(name: file.lastPathComponent, text: text))
    }

    // FuzzCSV: the first byte picks the options, the rest is the file.
    @Test(arguments: inputs("csv")) func csv(_ file: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        guard let selector = bytes.first else { return }
        var options = CSVOptions()
        switch selector % 4 {
        case 1: options.delimiter = UInt8(ascii: ";")
        case 2: options.delimiter = UInt8(ascii: "\t")
        case 3: options.delimiter = UInt8(ascii: ",")
        default: break
        }
        if selector & 0x10 != 0 { options.header = false }
        if selector & 0x20 != 0 { options.ignoreErrors = true }
        _ = try? CSVReader.read(bytes: Array(bytes.dropFirst()), fileName: file.lastPathComponent, options: options)
    }

    // FuzzXLSX: the first byte picks a part of the base workbook (Fuzz/Corpus/xlsx/part<i>.bin,
    // whose own first byte is i), the rest replaces it; the package is read as a file.
    static let partNames = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                            "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]

    @Test(arguments: inputs("xlsx")) func xlsx(_ file: URL) throws {
        let bytes = try Data(contentsOf: file)
        guard let selector = bytes.first else { return }
        let base = try Self.partNames.indices.map { index in
            try Data(contentsOf: Self.corpus.appendingPathComponent("xlsx/part\(index).bin")).dropFirst()
        }
        let chosen = Int(selector) % Self.partNames.count
        let archive = try Archive(accessMode: .create)
        for (index, name) in Self.partNames.enumerated() {
            let content = Data(index == chosen ? bytes.dropFirst() : base[index])
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate,
                                 provider: { position, length in content.subdata(in: Int(position)..<Int(position) + length) })
        }
        let folder = Domain.temporaryFolder("fuzz-xlsx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("book.xlsx")
        try #require(archive.data).write(to: book)
        _ = try? XLSXReader.read(path: book.path, options: XLSXOptions())
    }
}
