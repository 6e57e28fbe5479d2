import Foundation
import ZIPFoundation

/// An opened `.xlsx` package: its sheets in tab order, the date system, the cell styles that
/// show dates, and the shared strings. Sheets themselves are streamed (`XLSXSheetStream`).
///
/// Every failure is an `MsokoError(.io)` naming the file as the user wrote it: a path that is not
/// a regular file, a legacy or an encrypted workbook, a file that is not a ZIP package, a ZIP
/// without a workbook, a damaged part, a part over the limits (`XLSXLimits`: a ZIP bomb).
/// Every part is unpacked through `withPart` — the limits checked, into a temporary file that
/// has no name and is gone when it returns — and read by our own scanners, never by `XMLParser`.
final class XLSXPackage {
    struct Sheet {
        var name: String
        /// 1-based position in tab order (hidden sheets count).
        var position: Int
        var partPath: String
        var hidden: Bool
    }

    let shownPath: String
    let archive: Archive
    let limits: XLSXLimits
    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false
    private(set) var numberStyles: [XLSXParts.NumberStyle] = []
    private var sharedStringsPath: String?
    private var sharedStringsCache: [String]?

    private init(shownPath: String, archive: Archive, limits: XLSXLimits) {
        self.shownPath = shownPath
        self.archive = archive
        self.limits = limits
    }

    // MARK: opening

    static func open(path: String, shownPath: String, limits: XLSXLimits = XLSXLimits()) throws(MsokoError) -> XLSXPackage {
        let kind = InputFile.kind(path)
        if kind == .missing { throw MsokoError(.io, tr("io.xlsx.cannot_open_such_file", ["shown_path": shownPath])) }
        if let refusal = InputFile.refusal(kind, shownPath: shownPath, reading: .workbook) { throw refusal }
        let (descriptor, _) = try InputFile.openRegular(path, shownPath: shownPath)
        var headBytes = [UInt8](repeating: 0, count: 8)
        let got = read(descriptor, &headBytes, 8)
        close(descriptor)
        let head = Data(headBytes.prefix(max(got, 0)))
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw compoundFileError(path: path, shownPath: shownPath)
        }
        guard head.starts(with: [0x50, 0x4B]) else {
            if head.isEmpty {
                throw MsokoError(.io, tr("io.xlsx.empty_bytes_excel_workbook", ["shown_path": shownPath]))
            }
            throw MsokoError(.io, tr("io.xlsx.excel_workbook_xlsx_file", ["shown_path": shownPath]),
                             hint: tr("io.xlsx.if_csv_text_file"))
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw damaged(shownPath, tr("io.xlsx.zip_directory_cannot_read"))
        }
        let workbookPath = officeDocumentPath(archive) ?? "xl/workbook.xml"
        guard archive[workbookPath] != nil else {
            let isOpenDocument = archive["content.xml"] != nil
            throw MsokoError(.io, tr("io.xlsx.zip_archive_but_excel", ["shown_path": shownPath, "workbook_path": workbookPath]),
                             hint: isOpenDocument ? tr("io.xlsx.looks_like_opendocument_file") : tr("io.xlsx.open_excel_save_xlsx"))
        }
        let package = XLSXPackage(shownPath: shownPath, archive: archive, limits: limits)
        try package.readWorkbook(workbookPath)
        return package
    }

    /// An OLE compound file: an encrypted (password-protected) OOXML workbook carries the stream
    /// `EncryptionInfo`; anything else is a legacy binary workbook under a new name.
    static func compoundFileError(path: String, shownPath: String) -> MsokoError {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? Data()
        let marker = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if data.range(of: marker) != nil {
            return MsokoError(.io, tr("io.xlsx.encrypted_password_protected_workbook", ["shown_path": shownPath]),
                              hint: tr("io.xlsx.open_excel_remove_password"))
        }
        return MsokoError(.io, tr("io.xlsx.legacy_excel_workbook_xls", ["shown_path": shownPath]),
                          hint: tr("io.xlsx.open_excel_libreoffice_save"))
    }

    static func damaged(_ shownPath: String, _ reason: String) -> MsokoError {
        MsokoError(.io, tr("io.xlsx.damaged", ["shown_path": shownPath, "reason": reason]),
                   hint: tr("io.xlsx.open_excel_which_can"))
    }

    private static func officeDocumentPath(_ archive: Archive) -> String? {
        guard let data = try? smallEntry(archive, "_rels/.rels"),
              let rels = try? data.withUnsafeBytes({ buffer throws(XMLPartScanner.Malformed) in try XLSXParts.relationships(buffer) })
        else { return nil }
        guard let target = rels.first(where: { $0.type.hasSuffix("/officeDocument") })?.target else { return nil }
        return XLSXParts.resolve(target, from: "")
    }

    /// The root relationships are read before anything else is known; they are tiny, so they
    /// are read into memory, and a damaged or oversized one falls back to the usual path.
    private static func smallEntry(_ archive: Archive, _ path: String) throws -> Data {
        guard let entry = archive[path], entry.uncompressedSize <= 1 << 20 else { throw CocoaError(.fileReadTooLarge) }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            data.append(chunk)
            if data.count > 1 << 20 { throw CocoaError(.fileReadTooLarge) }
        }
        return data
    }

    private func readWorkbook(_ workbookPath: String) throws(MsokoError) {
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let workbook = try withPart(workbookPath) { buffer, malformed throws(MsokoError) in
            do throws(XMLPartScanner.Malformed) { return try XLSXParts.workbook(buffer) } catch { throw malformed(error) }
        }
        var relationships: [XLSXParts.Relationship] = []
        if archive[relsPath] != nil {
            relationships = try withPart(relsPath) { buffer, malformed throws(MsokoError) in
                do throws(XMLPartScanner.Malformed) { return try XLSXParts.relationships(buffer) } catch { throw malformed(error) }
            }
        }
        var targets: [String: String] = [:]
        for relationship in relationships { targets[relationship.id] = XLSXParts.resolve(relationship.target, from: folder) }
        for (index, entry) in workbook.sheets.enumerated() {
            // Without relationships, fall back to the conventional part names.
            let part = targets[entry.relationshipID] ?? "\(folder)/worksheets/sheet\(index + 1).xml"
            sheets.append(Sheet(name: entry.name, position: index + 1, partPath: part, hidden: entry.hidden))
        }
        func related(_ suffix: String, _ fallback: String) -> String? {
            if let rel = relationships.first(where: { $0.type.hasSuffix(suffix) }) {
                return XLSXParts.resolve(rel.target, from: folder)
            }
            return archive[fallback] != nil ? fallback : nil
        }
        date1904 = workbook.date1904
        if let stylesPath = related("/styles", "\(folder)/styles.xml"), archive[stylesPath] != nil {
            numberStyles = try withPart(stylesPath) { buffer, malformed throws(MsokoError) in
                do throws(XMLPartScanner.Malformed) { return try XLSXParts.styles(buffer) } catch { throw malformed(error) }
            }
        }
        sharedStringsPath = related("/sharedStrings", "\(folder)/sharedStrings.xml")
    }

    /// A part of a package msoko wrote itself, whole (the writer's tests read their output).
    static func entryData(_ archive: Archive, _ path: String) throws -> Data {
        guard let entry = archive[path] else { throw CocoaError(.fileNoSuchFile) }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }

    // MARK: sheets

    /// The sheet a `sheet = …` option names: text is a name (exact, then ignoring case and
    /// surrounding spaces), a whole number a 1-based position in tab order. Without the option,
    /// the first visible sheet.
    func sheet(_ choice: Value?) throws(MsokoError) -> Sheet {
        guard !sheets.isEmpty else { throw XLSXPackage.damaged(shownPath, tr("io.xlsx.workbook_lists_sheets")) }
        let list = sheets.map { "`\($0.name)`" }.joined(separator: ", ")
        switch choice {
        case nil, .null?:
            return sheets.first { !$0.hidden } ?? sheets[0]
        case .int(let position)?:
            guard position >= 1, position <= sheets.count else {
                throw MsokoError(.name, tr("io.xlsx.has_sheet_so_there", ["shown_path": shownPath, "sheets_count": sheets.count, "position": position]),
                                 hint: tr("io.xlsx.sheets_tab_order", ["list": list]))
            }
            return sheets[Int(position) - 1]
        case .text(let name)?:
            if let exact = sheets.first(where: { $0.name == name }) { return exact }
            let folded = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let loose = sheets.first(where: { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == folded }) { return loose }
            throw MsokoError(.name, tr("io.xlsx.has_sheet", ["shown_path": shownPath, "name": name]),
                             hint: Suggest.closest(to: name, among: sheets.map(\.name)).map { tr("io.xlsx.did_you_mean_sheets", ["value": $0, "list": list]) } ?? tr("io.xlsx.sheets_list", ["list": list]))
        default:
            throw MsokoError(.type, tr("io.xlsx.sheet_sheet_name_quotes"))
        }
    }

    // MARK: parts

    /// Unpacks a part into a temporary file — streamed, so a large sheet never sits in memory,
    /// and within `limits` — and hands its mapped bytes to `body`, with a function that words a
    /// scanner's complaint as this part being damaged. The file loses its name as soon as it is
    /// made (only the open descriptor holds it), so nothing is left in the temporary folder
    /// whatever happens — an error, Ctrl-C, SIGTERM, even SIGKILL.
    func withPart<T>(_ partPath: String,
                     _ body: (UnsafeRawBufferPointer, (XMLPartScanner.Malformed) -> MsokoError) throws(MsokoError) -> T) throws(MsokoError) -> T {
        let file = try extract(partPath)
        defer { file.remove() }
        return try file.withMappedContents { buffer throws(MsokoError) in
            try body(buffer) { problem in self.malformedPart(partPath, problem, in: buffer) }
        }
    }

    /// "`book.xlsx` is damaged: xl/workbook.xml is not well-formed XML (…, at byte 57, line 1)".
    func malformedPart(_ partPath: String, _ problem: XMLPartScanner.Malformed, in buffer: UnsafeRawBufferPointer) -> MsokoError {
        let line = XLSXSheetScanner.line(of: problem.offset, in: buffer)
        return XLSXPackage.damaged(shownPath, tr("io.xlsx.well_formed_xml_byte", ["part_path": partPath, "reason": problem.reason, "offset": problem.offset, "line": line]))
    }

    /// Stops an extraction from inside ZIPFoundation's consumer.
    private struct Stop: Error { var error: MsokoError }

    /// The part unpacked into a new temporary file without a name (open for reading), or an
    /// error: missing, over the limits, damaged, no room in the temporary folder, or Ctrl-C.
    func extract(_ partPath: String) throws(MsokoError) -> TemporaryFile {
        guard let entry = archive[partPath] else {
            throw XLSXPackage.damaged(shownPath, tr("io.xlsx.part_missing", ["part_path": partPath]))
        }
        let declared = entry.uncompressedSize
        try limits.check(part: partPath, of: shownPath, unpacked: declared, packed: entry.compressedSize)
        let folder = FileManager.default.temporaryDirectory.path
        let file: TemporaryFile
        do {
            file = try TemporaryFile.create(in: folder, prefix: "msoko-xlsx-", suffix: ".xml")
        } catch {
            throw MsokoError(.io, tr("io.xlsx.cannot_create_temporary_file", ["folder": folder, "shown_path": shownPath, "reason": error.reason]))
        }
        file.unlinkName()
        var produced: UInt64 = 0
        let shownPath = self.shownPath
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                produced += UInt64(chunk.count)
                // A size in the ZIP directory that lies: the part stops where it said it would.
                if produced > declared {
                    throw Stop(error: XLSXPackage.damaged(shownPath, tr("io.xlsx.part_over_declared", ["part_path": partPath, "declared": declared])))
                }
                if msokoInterruptRequested {
                    msokoInterruptRequested = false
                    throw Stop(error: MsokoError(.interrupted(.unpacking(file: shownPath))))
                }
                do throws(TemporaryFileError) {
                    try file.write(chunk)
                } catch {
                    throw Stop(error: MsokoError(.io, tr("io.xlsx.cannot_unpack_into", ["shown_path": shownPath, "folder": folder, "reason": error.reason]),
                                                 hint: error.code == ENOSPC ? tr("io.xlsx.free_some_space_there") : nil))
                }
            }
        } catch let stop as Stop {
            file.remove()
            throw stop.error
        } catch {
            file.remove()
            throw XLSXPackage.damaged(shownPath, tr("io.xlsx.part_cannot_decompressed", ["part_path": partPath, "value": XLSXPackage.describe(error)]))
        }
        return file
    }

    static func describe(_ error: Error) -> String {
        if let archiveError = error as? Archive.ArchiveError { return "\(archiveError)" }
        if let fileError = error as? TemporaryFileError { return fileError.reason }
        return (error as NSError).localizedDescription
    }

    /// The shared-string table, read on first use.
    func sharedStrings() throws(MsokoError) -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        guard let path = sharedStringsPath, archive[path] != nil else {
            sharedStringsCache = []
            return []
        }
        let strings = try withPart(path) { buffer, malformed throws(MsokoError) in
            do throws(XMLPartScanner.Malformed) { return try XLSXParts.sharedStrings(buffer) } catch { throw malformed(error) }
        }
        sharedStringsCache = strings
        return strings
    }

    func numberStyle(_ index: Int) -> XLSXParts.NumberStyle {
        index >= 0 && index < numberStyles.count ? numberStyles[index] : .general
    }
}
