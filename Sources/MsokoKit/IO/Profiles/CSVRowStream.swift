import Foundation

/// Streams a CSV/TSV file as rows of cells into an `XLSXRowSink`, so every import profile
/// (FIS OKO, ОГЭ/ЕГЭ protocols, task catalogues) reads CSV exports as well as workbooks.
///
/// The bytes go through the CSV reader's own front door: the encoding is detected as for any
/// CSV (`CSVDecoder`: a BOM, valid UTF-8, else Windows-1251 or MacCyrillic) and the delimiter
/// sniffed (`CSVSniffer`) unless the options name them. Each record becomes one row numbered by
/// the physical line it starts on (so "row 7" is line 7 of the file, as a text editor shows it,
/// and row 7 when Excel opens the file); fields become cells in column order, empty fields are
/// left out (as a sheet leaves out empty cells). A field that reads as a plain number (`12`,
/// `4,5`) is `numericText` — a number stored as text, its characters kept — and anything else
/// is text, so a code with leading zeros (`0315`) stays a code.
enum CSVRowStream {
    struct Options {
        var encoding: String?
        var delimiter: UInt8?
    }

    /// What was decided about the file (for notes).
    struct Report {
        var encoding: String
        var delimiter: UInt8
    }

    static func read(path: String, shownPath: String, options: Options, into sink: XLSXRowSink) throws(MsokoError) -> Report {
        let raw = try CSVReader.readFile(path)
        if raw.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw MsokoError(.data, tr("io.profile.zip_archive_xlsx_workbook", ["shown_path": shownPath]),
                             hint: tr("io.profile.give_file_xlsx_extension"))
        }
        let input = try CSVDecoder.decode(raw, explicit: options.encoding)
        if let bad = input.badBytes.first {
            let line = 1 + input.bytes[..<min(bad.offset, input.bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw MsokoError(.data, "line \(line): \(bad.problem)",
                             data: DataLocation(file: shownPath, line: line), hint: bad.fix)
        }
        let result: Result<Report, MsokoError> = input.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > input.start else {
                return .success(Report(encoding: input.encoding.name, delimiter: options.delimiter ?? UInt8(ascii: ",")))
            }
            do throws(MsokoError) {
                let delimiter = options.delimiter ?? CSVSniffer.delimiter(base: base, from: input.start, end: buffer.count)
                try stream(base: base, start: input.start, end: buffer.count, delimiter: delimiter, shownPath: shownPath, into: sink)
                return .success(Report(encoding: input.encoding.name, delimiter: delimiter))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func stream(base: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: UInt8, shownPath: String,
                       into sink: XLSXRowSink) throws(MsokoError) {
        let scanner = CSVScanner(base: base, end: end, delimiter: delimiter)
        let scratch = CSVByteScratch()
        var fields = CSVFieldScratch(capacity: 64)
        defer { fields.deallocate() }
        var position = start
        var line = 1
        var counted = start
        /// Counts the line breaks between `counted` and `upTo` (quoted line breaks too).
        func advanceLine(to upTo: Int) {
            var p = counted
            while p < upTo {
                let byte = base[p]
                if byte == CSVScanner.lf { line += 1 } else if byte == CSVScanner.cr, !(p + 1 < end && base[p + 1] == CSVScanner.lf) { line += 1 }
                p += 1
            }
            counted = upTo
        }
        var records = 0
        while position < end {
            if base[position] == CSVScanner.lf || base[position] == CSVScanner.cr {
                position = scanner.afterLineBreak(position)
                continue
            }
            advanceLine(to: position)
            guard case .record(let next) = scanner.scanRecord(from: position, into: &fields) else {
                throw MsokoError(.data, tr("io.profile.line_quoted_field_never", ["line": line]),
                                 data: DataLocation(file: shownPath, line: line))
            }
            var cells: [XLSXCell] = []
            for index in 0..<fields.count {
                let (pointer, count, _) = CSVScanner.content(base: base, start: fields.starts[index], end: fields.ends[index], scratch: scratch)
                // Spaces, tabs and no-break spaces around the value are not part of it.
                var from = 0, to = count
                while from < to {
                    if pointer[from] == 0x20 || pointer[from] == 0x09 { from += 1 }
                    else if to - from >= 2, pointer[from] == 0xC2, pointer[from + 1] == 0xA0 { from += 2 }
                    else { break }
                }
                while to > from {
                    if pointer[to - 1] == 0x20 || pointer[to - 1] == 0x09 { to -= 1 }
                    else if to - from >= 2, pointer[to - 2] == 0xC2, pointer[to - 1] == 0xA0 { to -= 2 }
                    else { break }
                }
                guard to > from else { continue }
                let trimmed = String(decoding: UnsafeBufferPointer(start: pointer + from, count: to - from), as: UTF8.self)
                if let number = XLSXNumberText.parse(trimmed) {
                    cells.append(XLSXCell(column: index, kind: .numericText, number: number, text: trimmed))
                } else {
                    cells.append(XLSXCell(column: index, kind: .text, text: trimmed))
                }
            }
            if !cells.isEmpty { try sink.row(line, cells) }
            records += 1
            if records & 0xFFF == 0, msokoInterruptRequested {
                msokoInterruptRequested = false
                throw MsokoError(.interrupted(.reading(file: shownPath)))
            }
            position = next
        }
    }
}
