import CFuzzer
import Foundation
import MsokoKit

// The CSV reader on arbitrary bytes, with the options drawn from the first byte: sniffed or
// fixed delimiter, header or not, typed or not. Any input must give a table or an MsokoError.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let selector = bytes[0]
    var options = CSVOptions()
    switch selector % 4 {
    case 1: options.delimiter = UInt8(ascii: ";")
    case 2: options.delimiter = UInt8(ascii: "\t")
    case 3: options.delimiter = UInt8(ascii: ",")
    default: break
    }
    if selector & 0x10 != 0 { options.header = false }
    if selector & 0x20 != 0 { options.ignoreErrors = true }
    _ = try? CSVReader.read(bytes: Array(bytes.dropFirst()), fileName: "fuzz.csv", options: options)
    return 0
}

var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
var count = CommandLine.argc
exit(LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) })
