import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// An opened `.xlsx` package: its sheets in tab order, the date system, the cell styles that
/// show dates, and the shared strings. Sheets themselves are streamed (`XLSXSheetStream`).
///
/// Every failure is an `MsokoError(.io)` naming the file as the user wrote it: a legacy or an
/// encrypted workbook, a file that is not a ZIP package, a ZIP without a workbook, a damaged part.
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
    let sheets: [Sheet]
    let date1904: Bool
    let numberStyles: [XLSXParts.NumberStyle]
    private let sharedStringsPath: String?
    private var sharedStringsCache: [String]?

    private init(shownPath: String, archive: Archive, sheets: [Sheet], date1904: Bool,
                 numberStyles: [XLSXParts.NumberStyle], sharedStringsPath: String?) {
        self.shownPath = shownPath
        self.archive = archive
        self.sheets = sheets
        self.date1904 = date1904
        self.numberStyles = numberStyles
        self.sharedStringsPath = sharedStringsPath
    }

    // MARK: opening

    static func open(path: String, shownPath: String) throws(MsokoError) -> XLSXPackage {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw MsokoError(.io, "`\(shownPath)` is a folder, not a workbook")
            }
            throw MsokoError(.io, "cannot open \(shownPath): no such file")
        }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        try? handle.close()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw compoundFileError(path: path, shownPath: shownPath)
        }
        guard head.starts(with: [0x50, 0x4B]) else {
            if head.isEmpty {
                throw MsokoError(.io, "`\(shownPath)` is empty (0 bytes), not an Excel workbook")
            }
            throw MsokoError(.io, "`\(shownPath)` is not an Excel workbook: an .xlsx file is a ZIP package, and this file is not one",
                             hint: "if it is a CSV or text file, give it the .csv extension; otherwise open it in Excel and save it as .xlsx")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw damaged(shownPath, "its ZIP directory cannot be read (the file is truncated or corrupted)")
        }
        let workbookPath = officeDocumentPath(archive) ?? "xl/workbook.xml"
        guard archive[workbookPath] != nil else {
            let isOpenDocument = archive["content.xml"] != nil
            throw MsokoError(.io, "`\(shownPath)` is a ZIP archive but not an Excel workbook (it has no \(workbookPath))",
                             hint: isOpenDocument ? "it looks like an OpenDocument file: save it as .xlsx" : "open it in Excel and save it as .xlsx")
        }
        let package = try XLSXPackage.read(archive: archive, workbookPath: workbookPath, shownPath: shownPath)
        return package
    }

    /// An OLE compound file: an encrypted (password-protected) OOXML workbook carries the stream
    /// `EncryptionInfo`; anything else is a legacy binary workbook under a new name.
    static func compoundFileError(path: String, shownPath: String) -> MsokoError {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)) ?? Data()
        let marker = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if data.range(of: marker) != nil {
            return MsokoError(.io, "`\(shownPath)` is an encrypted (password-protected) workbook, which msoko cannot open",
                              hint: "open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password), and save it again")
        }
        return MsokoError(.io, "`\(shownPath)` is a legacy Excel 97–2003 workbook (.xls format) despite its name, which msoko does not read",
                          hint: "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8)")
    }

    static func damaged(_ shownPath: String, _ reason: String) -> MsokoError {
        MsokoError(.io, "`\(shownPath)` is damaged: \(reason)",
                   hint: "open it in Excel (which can often repair it) and save it again as .xlsx")
    }

    private static func officeDocumentPath(_ archive: Archive) -> String? {
        guard let data = try? entryData(archive, "_rels/.rels"), let rels = XLSXParts.relationships(data) else { return nil }
        guard let target = rels.first(where: { $0.type.hasSuffix("/officeDocument") })?.target else { return nil }
        return XLSXParts.resolve(target, from: "")
    }

    private static func read(archive: Archive, workbookPath: String, shownPath: String) throws(MsokoError) -> XLSXPackage {
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        guard let workbookData = try? entryData(archive, workbookPath) else {
            throw damaged(shownPath, "\(workbookPath) cannot be extracted")
        }
        guard let workbook = XLSXParts.workbook(workbookData) else {
            throw damaged(shownPath, "\(workbookPath) is not well-formed XML")
        }
        let relationships = (try? entryData(archive, relsPath)).flatMap { XLSXParts.relationships($0) } ?? []
        var targets: [String: String] = [:]
        for relationship in relationships { targets[relationship.id] = XLSXParts.resolve(relationship.target, from: folder) }
        var sheets: [Sheet] = []
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
        let stylesPath = related("/styles", "\(folder)/styles.xml")
        let styles = stylesPath.flatMap { try? entryData(archive, $0) }.map { XLSXParts.styles($0) } ?? []
        return XLSXPackage(shownPath: shownPath, archive: archive, sheets: sheets, date1904: workbook.date1904,
                           numberStyles: styles, sharedStringsPath: related("/sharedStrings", "\(folder)/sharedStrings.xml"))
    }

    /// A small part, whole.
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
        guard !sheets.isEmpty else { throw XLSXPackage.damaged(shownPath, "the workbook lists no sheets") }
        let list = sheets.map { "`\($0.name)`" }.joined(separator: ", ")
        switch choice {
        case nil, .null?:
            return sheets.first { !$0.hidden } ?? sheets[0]
        case .int(let position)?:
            guard position >= 1, position <= sheets.count else {
                throw MsokoError(.name, "`\(shownPath)` has \(sheets.count) sheet\(sheets.count == 1 ? "" : "s"), so there is no sheet \(position)",
                                 hint: "sheets in tab order: \(list)")
            }
            return sheets[Int(position) - 1]
        case .text(let name)?:
            if let exact = sheets.first(where: { $0.name == name }) { return exact }
            let folded = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let loose = sheets.first(where: { $0.name.trimmingCharacters(in: .whitespaces).lowercased() == folded }) { return loose }
            throw MsokoError(.name, "`\(shownPath)` has no sheet `\(name)`",
                             hint: Suggest.closest(to: name, among: sheets.map(\.name)).map { "did you mean `\($0)`? sheets: \(list)" } ?? "sheets: \(list)")
        default:
            throw MsokoError(.type, "`sheet` is a sheet name in quotes or a position (1 = the first tab)")
        }
    }

    /// Extracts a part to a temporary file (streamed, so a large sheet never sits in memory)
    /// and returns its URL; the caller deletes it.
    func extractToTemporaryFile(_ partPath: String) throws(MsokoError) -> URL {
        guard let entry = archive[partPath] else {
            throw XLSXPackage.damaged(shownPath, "the part \(partPath) is missing")
        }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("msoko-xlsx-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let output = FileHandle(forWritingAtPath: url.path) else {
            throw MsokoError(.io, "cannot create a temporary file in \(FileManager.default.temporaryDirectory.path) to read `\(shownPath)`")
        }
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                try output.write(contentsOf: chunk)
            }
            try output.close()
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(at: url)
            throw XLSXPackage.damaged(shownPath, "the part \(partPath) cannot be decompressed (\(XLSXPackage.describe(error)))")
        }
        return url
    }

    static func describe(_ error: Error) -> String {
        if let archiveError = error as? Archive.ArchiveError { return "\(archiveError)" }
        return (error as NSError).localizedDescription
    }

    /// The shared-string table, read on first use.
    func sharedStrings() throws(MsokoError) -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        guard let path = sharedStringsPath, archive[path] != nil else {
            sharedStringsCache = []
            return []
        }
        let url = try extractToTemporaryFile(path)
        defer { try? FileManager.default.removeItem(at: url) }
        guard let stream = InputStream(url: url), let strings = XLSXParts.sharedStrings(XMLParser(stream: stream)) else {
            throw XLSXPackage.damaged(shownPath, "\(path) is not well-formed XML")
        }
        sharedStringsCache = strings
        return strings
    }

    func numberStyle(_ index: Int) -> XLSXParts.NumberStyle {
        index >= 0 && index < numberStyles.count ? numberStyles[index] : .general
    }
}
