import CFuzzer
import Foundation
import MsokoKit

// The CSV reader on arbitrary bytes, with the options drawn from the first byte (FuzzInputs.csv).
// Any input must give a table or an MsokoError.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0,
          let input = FuzzInputs.csv(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    _ = try? CSVReader.read(bytes: input.file, fileName: "fuzz.csv", options: input.options)
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
exit(LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) })
