import CFuzzer
import Foundation
import MsokoKit

// Whole statements on a small table: the input is a script, run in a fresh session whose working
// folder is a temporary one, with two small datasets (`t`, `s`) to work on; statements that reach
// outside the session are skipped (FuzzInputs.script, .scriptSession). Any input must end in a
// result or an MsokoFailure: a crash, a hang (libFuzzer's -timeout) or a runaway allocation is a
// finding.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-fuzz-script-\(getpid())")
try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0, let text = FuzzInputs.script(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    try? FuzzInputs.scriptSession(workingIn: folder.path).run(SourceFile(name: "<fuzz>", text: text))
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
let status = LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
try? FileManager.default.removeItem(at: folder)
exit(status)
