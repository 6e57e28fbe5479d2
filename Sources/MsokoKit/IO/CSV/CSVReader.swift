// The CSV/TSV reader: the hot path of every `load`.
//
// Design. Loading a 50 MB export must take a fraction of a second, so the reader is written by
// hand over raw bytes instead of going through Foundation or a `String` per cell:
//
//  0. Bytes in. A file is mapped, not read into an array, and its pages are dropped behind
//     each front-to-back pass (`CSVMappedFile.release`), so the file is never resident whole.
//     Its encoding is detected (BOM, UTF-8 validity — the same sweep finds NUL bytes —,
//     Cyrillic single-byte heuristics) and anything that is not UTF-8 is transcoded to UTF-8
//     once, with 128-entry tables (CSVEncoding.swift). From here on everything is UTF-8 bytes
//     behind an `UnsafeBufferPointer`.
//  1. Sniffing (CSVSniffer.swift) looks at the first records only: delimiter, decimal comma,
//     header.
//  2. The data records are parsed in chunks of a few MB, two at a time on two threads
//     (CSVChunks.swift). Pass 1 of a chunk (CSVTokenizer.swift) splits records and fields,
//     respecting quotes, into the chunk's own offset index (UInt32 per field) — no copying, no
//     decoding, no allocation per record; ragged rows, NUL bytes and undecodable bytes are
//     caught here, per record (an error, or a skipped row).
//  3. Pass 2 of a chunk (CSVColumnBuilder.swift) builds a piece of each column from the
//     chunk's index: numbers are parsed straight from the bytes (CSVValueParsing.swift: exact
//     integers, correctly rounded doubles), the piece's type is settled while building (int →
//     double → text promotion), and text is dictionary-encoded through a byte-slice hash table
//     (CSVByteInterner.swift), so a cell becomes a `String` only the first time its value is
//     seen. The pieces are appended to the columns in file order (CSVColumnAccumulator.swift),
//     which settles each column's type as one pass over the whole column would, and the
//     chunk's index is reused for the next chunk.
//
// Errors name the physical line where the record starts (counted lazily from the buffer, only
// when an error is reported), the field and the column, with the line's text and a caret.

import Foundation
import Dispatch

/// Options of `load … with …` for CSV/TSV files; nil means "sniff it".
public struct CSVOptions: Sendable {
    /// nil = sniff among `,` `;` tab `|`.
    public var delimiter: UInt8? = nil
    /// nil = detect; see `CSVEncoding.named` for the accepted names.
    public var encoding: String? = nil
    /// nil = sniff (`.` or `,`); `,` means `3,5` is 3.5.
    public var decimal: UInt8? = nil
    /// A digit-group separator, e.g. `.` or space: `200.000.000` is 200000000.
    public var thousands: UInt8? = nil
    /// nil = sniff.
    public var header: Bool? = nil
    /// Physical lines to skip before the header.
    public var skip: Int = 0
    /// Per-column type overrides, by header name.
    public var types: [String: DataType] = [:]
    /// Skip (and count) ragged rows, rows with NUL or undecodable bytes, and values that do
    /// not convert to a type given in `types`.
    public var ignoreErrors: Bool = false
    /// Read a row with fewer fields than the header as if the missing ones were empty (DuckDB's
    /// `null_padding`); extra fields that are all empty are dropped too.
    public var nullPadding: Bool = false
    /// Add a first column `source_row`: the physical line each record starts on.
    public var provenance: Bool = false
    /// A column named in `types` may be absent (one file of a glob load: the stacked table has
    /// it from the other files).
    public var typedColumnsMayBeAbsent: Bool = false
    /// Build only these columns (and those named in `types`): a batch run's `load` whose dataset
    /// one pipeline reads (`Plan/ReaderPushdown.swift`). Every row is still read, so each column
    /// is typed over the whole file as in a full load; nil builds every column.
    public var onlyColumns: Set<String>? = nil
    public init() {}
}

/// A loaded table and what the reader decided about the file.
public struct CSVReadReport: Sendable {
    public var table: Table
    public var delimiter: UInt8
    public var encoding: String
    public var decimal: UInt8
    public var header: Bool
    /// Rows dropped under `ignoreErrors`.
    public var skippedRows: Int
    /// The first few of them, for the message.
    public var skippedExamples: [DataLocation]
}

/// Reads CSV/TSV files into tables (see the design notes at the top of this file).
public enum CSVReader {
    /// How many skipped rows are kept as examples.
    static let exampleLimit = 5

    /// Reads the file at `path`. The file is mapped, not read: its pages are read in as the
    /// parse reaches them and dropped behind it, so they are never all resident at once.
    public static func read(path: String, options: CSVOptions) throws(MsokoError) -> CSVReadReport {
        guard let file = try CSVMappedFile(path) else {
            // A file system that cannot map files: read it whole, as before.
            return try read(bytes: readFile(path), fileName: path, options: options)
        }
        return try read(mapped: file, fileName: path, options: options)
    }

    /// Parses a mapped file. A file shortened while it is read (another program rewriting it)
    /// fails the whole load with a message, whatever the passes made of the zeros they saw
    /// instead of the missing pages (`CSVMappingGuard`); so does one rewritten, touched or
    /// replaced with content of any length (`CSVFileIdentity`). Internal so a test can truncate
    /// the file between mapping and parsing.
    static func read(mapped file: CSVMappedFile, fileName: String, options: CSVOptions) throws(MsokoError) -> CSVReadReport {
        let release: @Sendable (Range<Int>) -> Void = { range in file.release(range) }
        func intact() throws(MsokoError) {
            if file.changed { throw MsokoError(.file(path: fileName, problem: .changedWhileRead)) }
        }
        let report: CSVReadReport
        do {
            report = try read(buffer: file.buffer, release: release, fileName: fileName, options: options, intact: intact)
        } catch {
            // An error made of the zeros (a NUL byte, a ragged row) is not the real problem.
            try intact()
            throw error
        }
        beforeFinalCheck?()
        try intact()
        withExtendedLifetime(file) {}
        return report
    }

    /// Tests: runs after the parse, just before the last check that the file is unchanged (to
    /// rewrite or touch the file there). Task-local, so parallel tests do not see each other's.
    @TaskLocal static var beforeFinalCheck: (@Sendable () -> Void)? = nil

    /// Reads CSV bytes; `fileName` is what error messages call the file.
    public static func read(bytes: [UInt8], fileName: String, options: CSVOptions) throws(MsokoError) -> CSVReadReport {
        let result: Result<CSVReadReport, MsokoError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(MsokoError) {
                return .success(try read(buffer: buffer, release: nil, fileName: fileName, options: options))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func read(buffer bytes: UnsafeBufferPointer<UInt8>, release: (@Sendable (Range<Int>) -> Void)?,
                     fileName: String, options: CSVOptions,
                     intact: () throws(MsokoError) -> Void = {}) throws(MsokoError) -> CSVReadReport {
        if options.skip < 0 {
            throw MsokoError(.data, tr("io.csv.skip_must_more", ["skip": options.skip]))
        }
        if let delimiter = options.delimiter,
           delimiter == CSVScanner.quote || delimiter == CSVScanner.lf || delimiter == CSVScanner.cr {
            throw MsokoError(.data, tr("io.csv.delimiter_cannot_quote_line"))
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw MsokoError(.data, kind: .file(path: fileName, problem: .zipArchive))
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw MsokoError(.data, kind: .file(path: fileName, problem: .legacyWorkbook))
        }
        let input = try CSVDecoder.decode(bytes, explicit: options.encoding, release: release)
        // Detection, validation and transcoding have read the whole mapping: their findings
        // are not used if a page of it was missing.
        try intact()
        func parse(_ buffer: UnsafeBufferPointer<UInt8>, release: (@Sendable (Range<Int>) -> Void)?) throws(MsokoError) -> CSVReadReport {
            guard buffer.count < Int(UInt32.max) else {
                throw MsokoError(.file(path: fileName, problem: .tooLarge))
            }
            guard let base = buffer.baseAddress, buffer.count > input.start else {
                return emptyReport(options: options, encoding: input.encoding)
            }
            var parse = CSVParse(base: base, end: buffer.count, start: input.start, fileName: fileName,
                                 options: options, encoding: input.encoding, badBytes: input.badBytes, release: release,
                                 knownNULs: input.bytes == nil ? input.nuls : nil)
            return try parse.run()
        }
        guard let transcoded = input.bytes else { return try parse(bytes, release: release) }
        // The original bytes are not needed any more: only the UTF-8 copy is parsed.
        release?(0..<bytes.count)
        let result: Result<CSVReadReport, MsokoError> = transcoded.withUnsafeBufferPointer { buffer in
            do throws(MsokoError) {
                return .success(try parse(buffer, release: nil))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func emptyReport(options: CSVOptions, encoding: CSVEncoding) -> CSVReadReport {
        CSVReadReport(table: Table(), delimiter: options.delimiter ?? UInt8(ascii: ","), encoding: encoding.name,
                      decimal: options.decimal ?? UInt8(ascii: "."), header: options.header ?? true,
                      skippedRows: 0, skippedExamples: [])
    }

    /// The largest file the reader takes: field offsets are 32-bit.
    static let maximumBytes = Int(UInt32.max) - 1

    /// The whole file, or an `.io` error that says why not (missing, a folder, a pipe or a
    /// device — see `InputFile` —, or 4 GiB and more).
    static func readFile(_ path: String) throws(MsokoError) -> [UInt8] {
        let (descriptor, size) = try InputFile.openRegular(path, shownPath: path)
        defer { close(descriptor) }
        if size > Int64(maximumBytes) {
            throw tooLarge(path)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(Int(size), 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc_read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw MsokoError(.file(path: path, problem: .cannotRead(errno: errno)))
            }
            if got == 0 { break }
            // A file that grows while it is read stops here too.
            if bytes.count + got > maximumBytes { throw tooLarge(path) }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    static func tooLarge(_ path: String) -> MsokoError {
        MsokoError(.file(path: path, problem: .tooLarge))
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Glibc.read(fd, buffer, count)
}
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Darwin.read(fd, buffer, count)
}
#endif

/// A file mapped read-only for the reader. `release(_:)` drops the pages of a range
/// from memory (they are read again from the file if touched again, e.g. for a message).
final class CSVMappedFile: @unchecked Sendable {
    private let mapping: UnsafeMutableRawPointer?
    let count: Int
    /// The file, kept open to compare its size after the passes; -1 for an empty file.
    private let descriptor: Int32
    /// The path it was opened by, and what it was then (nil for an empty file).
    private let path: String
    private let identity: CSVFileIdentity?
    /// The mapping's slot in `CSVMappingGuard` (nil for an empty file: nothing is mapped).
    private let slot: Int?
    private static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Nil when the file exists but cannot be mapped.
    init?(_ path: String) throws(MsokoError) {
        let (descriptor, size) = try InputFile.openRegular(path, shownPath: path)
        if size > Int64(CSVReader.maximumBytes) {
            close(descriptor)
            throw CSVReader.tooLarge(path)
        }
        count = Int(max(size, 0))
        self.path = path
        guard count > 0 else {
            close(descriptor)
            mapping = nil
            slot = nil
            identity = nil
            self.descriptor = -1
            return
        }
        // Before the first byte is read: a write after this point shows as a change.
        identity = CSVFileIdentity.of(descriptor: descriptor)
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else {
            close(descriptor)
            return nil
        }
        // Unguarded, a page cut off by a truncation would kill the process: read instead.
        guard let slot = CSVMappingGuard.register(start: address, count: count) else {
            munmap(address, count)
            close(descriptor)
            return nil
        }
        mapping = address
        self.slot = slot
        self.descriptor = descriptor
        // The parse reads front to back: let the kernel read ahead.
        _ = madvise(address, count, MADV_SEQUENTIAL)
    }

    deinit {
        if let slot { CSVMappingGuard.unregister(slot) }
        if let mapping { munmap(mapping, count) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether a read hit a page past the file's end (the guard mapped zeros there).
    var faulted: Bool { slot.map(CSVMappingGuard.truncated) ?? false }

    /// Whether the file got shorter while mapped: a read hit a page past its new end (the
    /// guard's flag), or the last page's tail, which reads as zeros without a fault, is gone.
    var truncated: Bool {
        guard let slot else { return false }
        if faulted { return true }
        var status = stat()
        return fstat(descriptor, &status) == 0 && Int(status.st_size) < count
    }

    /// Whether the file may differ from what the passes read: shortened (`truncated`), or
    /// written to, touched, grown or replaced under its path since it was opened.
    var changed: Bool {
        if truncated { return true }
        guard let identity, descriptor >= 0 else { return false }
        return identity.differs(descriptor: descriptor, path: path, count: count)
    }

    var buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: mapping.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }, count: count)
    }

    /// Drops the pages of `range` that it ends: both ends are rounded down to a page, so the
    /// page holding `range.lowerBound` goes (its bytes before the range were consumed by the
    /// previous range of the same pass) and the one holding `upperBound` stays (the next range
    /// still reads it). Safe from two threads at once: a page dropped while another thread reads
    /// it is read again from the file.
    func release(_ range: Range<Int>) {
        guard let mapping else { return }
        let from = min(range.lowerBound, count) / Self.pageSize * Self.pageSize
        let upTo = range.upperBound >= count ? count : range.upperBound / Self.pageSize * Self.pageSize
        guard upTo > from else { return }
        _ = madvise(mapping + from, upTo - from, MADV_DONTNEED)
    }
}
