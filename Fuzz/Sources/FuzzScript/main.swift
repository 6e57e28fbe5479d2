import CFuzzer
import Foundation
import MsokoKit

// Whole statements on a small table: the input is a script, run in a fresh session whose
// working folder is a temporary one, with two small datasets (`t`, `s`) to work on. Statements
// that reach outside the session (files, other scripts) are skipped: the readers have their own
// targets, and a fuzzer must not write into the machine. Any input must end in a result or an
// MsokoFailure: a crash, a hang (libFuzzer's -timeout) or a runaway allocation is a finding.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-fuzz-script-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

let small: Table = {
    var table = Table(names: [], columns: [], rowCount: 6)
    table.set("year", Column.from([2024, 2024, 2025, 2025, 2025, 2025].map { Value.int($0) }))
    table.set("school_id", Column.from(["S01", "S01", "S02", "S02", "S03", "0315"].map { Value.text($0) }))
    table.set("grade", Column.from([5, 6, 5, 6, 5, 4].map { Value.int($0) }))
    table.set("score", Column.from([Value.double(12.5), .double(3), .null, .double(20), .double(7.25), .double(0)]))
    table.set("mark", Column.from([Value.int(4), .int(2), .int(5), .null, .int(3), .int(3)]))
    table.set("ok", Column.from([Value.bool(true), .bool(false), .bool(true), .null, .bool(false), .bool(true)]))
    return table
}()

let outside = ["load", "save", "run", "register", "drafts", "report", "attach", "import", "template", "export"]

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lower = text.lowercased()
    if outside.contains(where: { lower.contains($0) }) { return 0 }
    let session = Session(sink: CollectingSink(format: .csv), workingDirectory: folder.path)
    session.setDataset("t", small)
    session.setDataset("s", small)
    try? session.run(SourceFile(name: "<fuzz>", text: text))
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
let status = LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
try? FileManager.default.removeItem(at: folder)
exit(status)
