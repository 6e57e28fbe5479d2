import CFuzzer
import Foundation
import MsokoKit

// The workbook reader on mutated parts inside a valid package (FuzzInputs.xlsx: the input's first
// byte picks a part of a small valid workbook, the rest replaces that part's XML). The package is
// written to a temporary file and read as `load "book.xlsx"` would. Any input must give a table
// or an MsokoError, and leave no temporary file behind.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-fuzz-xlsx-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let book = folder.appendingPathComponent("book.xlsx")

// The base workbook: Fuzz/Corpus/xlsx/part<i>.bin. Run from the repository root.
let baseParts: [Data] = {
    guard let parts = FuzzInputs.xlsxBaseParts(in: URL(fileURLWithPath: "Fuzz/Corpus/xlsx")) else {
        FileHandle.standardError.write(Data("FuzzXLSX: run from the repository root (Fuzz/Corpus/xlsx/part<i>.bin is missing)\n".utf8))
        exit(2)
    }
    return parts
}()

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0,
          let zip = FuzzInputs.xlsx(Data(UnsafeBufferPointer(start: data, count: size)), base: baseParts),
          (try? zip.write(to: book)) != nil else { return 0 }
    _ = try? XLSXReader.read(path: book.path, options: XLSXOptions())
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
let status = LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
try? FileManager.default.removeItem(at: folder)
exit(status)
