import CFuzzer
import Foundation
import MsokoKit
import ZIPFoundation

// The workbook reader on mutated parts inside a valid package: a mutated ZIP would mostly stop
// at the ZIP layer, so the input's first byte picks one part of a small, valid workbook and the
// rest of the input replaces that part's XML. The package is written to a temporary file and
// read as `load "book.xlsx"` would. Any input must give a table or an MsokoError, and leave no
// temporary file behind.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-fuzz-xlsx-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let book = folder.appendingPathComponent("book.xlsx")

// The base workbook's parts, in this order, are Fuzz/Corpus/xlsx/part<i>.bin without their first
// byte (which is i: each seed replaces its own part with itself). Run from the repository root.
let partNames = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]
let baseParts: [(String, Data)] = partNames.enumerated().map { index, name in
    guard let data = FileManager.default.contents(atPath: "Fuzz/Corpus/xlsx/part\(index).bin"), !data.isEmpty else {
        FileHandle.standardError.write(Data("FuzzXLSX: run from the repository root (Fuzz/Corpus/xlsx/part\(index).bin is missing)\n".utf8))
        exit(2)
    }
    return (name, data.dropFirst())
}

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let selector = Int(data[0]) % baseParts.count
    let replacement = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let archive = try? Archive(accessMode: .create) else { return 0 }
    for (index, part) in baseParts.enumerated() {
        let bytes = index == selector ? replacement : Data(part.1)
        try? archive.addEntry(with: part.0, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                              provider: { position, length in bytes.subdata(in: Int(position)..<Int(position) + length) })
    }
    guard let zip = archive.data, (try? zip.write(to: book)) != nil else { return 0 }
    _ = try? XLSXReader.read(path: book.path, options: XLSXOptions())
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
let status = LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
try? FileManager.default.removeItem(at: folder)
exit(status)
