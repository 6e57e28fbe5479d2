import Foundation
import ZIPFoundation

/// How a fuzzer's bytes become a reader's input — one definition shared by the libFuzzer
/// harnesses (Fuzz/) and the tests that replay what they found (FuzzRegressionTests), so a saved
/// finding is replayed exactly as it was found. Not used by msoko itself.
public enum FuzzInputs {
    /// FuzzScript: the input as a script, or nil when it names a statement that reaches outside
    /// the session (files, other scripts): the readers have their own targets, and a fuzzer must
    /// not write into the machine.
    public static func script(_ input: [UInt8]) -> String? {
        let text = String(decoding: input, as: UTF8.self)
        let lower = text.lowercased()
        let outside = ["load", "save", "run", "register", "drafts", "report", "attach", "import", "template", "export"]
        return outside.contains(where: { lower.contains($0) }) ? nil : text
    }

    /// FuzzScript's session: a fresh one working in `folder`, with two small datasets (`t`, `s`)
    /// of every column type, nulls, a repeated key and an id with a leading zero.
    public static func scriptSession(workingIn folder: String) -> Session {
        var table = Table(names: [], columns: [], rowCount: 6)
        table.set("year", Column.from([2024, 2024, 2025, 2025, 2025, 2025].map { Value.int($0) }))
        table.set("school_id", Column.from(["S01", "S01", "S02", "S02", "S03", "0315"].map { Value.text($0) }))
        table.set("grade", Column.from([5, 6, 5, 6, 5, 4].map { Value.int($0) }))
        table.set("score", Column.from([Value.double(12.5), .double(3), .null, .double(20), .double(7.25), .double(0)]))
        table.set("mark", Column.from([Value.int(4), .int(2), .int(5), .null, .int(3), .int(3)]))
        table.set("ok", Column.from([Value.bool(true), .bool(false), .bool(true), .null, .bool(false), .bool(true)]))
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: folder)
        session.setDataset("t", table)
        session.setDataset("s", table)
        return session
    }

    /// FuzzCSV: the first byte picks the options — sniffed or a fixed delimiter (`;`, tab, `,`),
    /// header or not, errors ignored or not; the rest is the file. nil for an empty input.
    public static func csv(_ input: [UInt8]) -> (options: CSVOptions, file: [UInt8])? {
        guard let selector = input.first else { return nil }
        var options = CSVOptions()
        switch selector % 4 {
        case 1: options.delimiter = UInt8(ascii: ";")
        case 2: options.delimiter = UInt8(ascii: "\t")
        case 3: options.delimiter = UInt8(ascii: ",")
        default: break
        }
        if selector & 0x10 != 0 { options.header = false }
        if selector & 0x20 != 0 { options.ignoreErrors = true }
        return (options, Array(input.dropFirst()))
    }

    /// The parts of FuzzXLSX's base workbook, in the order of Fuzz/Corpus/xlsx/part<i>.bin.
    public static let xlsxPartNames = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                       "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]

    /// The base workbook's parts from a folder holding part<i>.bin (each file's first byte is i,
    /// so each seed replaces its own part with itself); nil when one is missing.
    public static func xlsxBaseParts(in folder: URL) -> [Data]? {
        var parts: [Data] = []
        for index in xlsxPartNames.indices {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("part\(index).bin").path),
                  !data.isEmpty else { return nil }
            parts.append(Data(data.dropFirst()))
        }
        return parts
    }

    /// FuzzXLSX: a mutated ZIP would mostly stop at the ZIP layer, so the first byte picks one part
    /// of the small valid base workbook and the rest of the input replaces that part's XML. The
    /// package's bytes, or nil for an empty input.
    public static func xlsx(_ input: Data, base: [Data]) -> Data? {
        guard let selector = input.first, base.count == xlsxPartNames.count,
              let archive = try? Archive(data: Data(), accessMode: .create, pathEncoding: nil) else { return nil }
        let chosen = Int(selector) % xlsxPartNames.count
        let replacement = Data(input.dropFirst())
        for (index, name) in xlsxPartNames.enumerated() {
            let content = index == chosen ? replacement : base[index]
            try? archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate,
                                  provider: { position, length in content.subdata(in: Int(position)..<Int(position) + length) })
        }
        return archive.data
    }
}
