import Foundation
import Testing
@testable import MsokoKit

/// Issue 11, readers and files: hostile input cannot crash or stall msoko, and nothing is left
/// behind. Each test is built from one of the issue's reproducers. Most run the built executable
/// in a `Sandbox` — its own working folder and its own TMPDIR — so that a crash is a crash of
/// the child (seen as a signal, not as a dead test runner), a stall is a timeout, and
/// `Sandbox.expectNoDebris` can check that the run left no temporary file in the working
/// folder, in its TMPDIR or in /tmp.
@Suite(.serialized) struct HostileFilesTests {
    // MARK: crashes: invalid UTF-8 in the small parts of a workbook

    /// Where the stray byte goes in a part: an element name, an attribute name, a comment, a
    /// processing instruction (each of which made FoundationXML's XMLParser abort with SIGILL).
    static let placements: [(name: String, markup: String)] = [
        ("element name", "<x\(HostileBook.bad)/>"),
        ("attribute name", "<x a\(HostileBook.bad)=\"1\"/>"),
        ("comment", "<!-- \(HostileBook.bad) -->"),
        ("processing instruction", "<?pi \(HostileBook.bad)?>"),
    ]

    static let spoiledParts = ["xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]

    @Test(arguments: spoiledParts)
    func invalidUTF8InASmallPartIsDamagedNotACrash(_ part: String) throws {
        for placement in Self.placements {
            let sandbox = try Sandbox()
            defer { sandbox.dispose() }
            try sandbox.write(try HostileBook.zip(HostileBook.parts(spoiling: part, with: placement.markup)), "book.xlsx")
            let run = try sandbox.run("load \"book.xlsx\" as t\nt | count")
            #expect(run.exited && run.status == 1, "\(part), \(placement.name): \(run.summary)")
            #expect(run.err.contains("`book.xlsx` is damaged: \(part) is not well-formed XML (byte 0xFF is not UTF-8, at byte "),
                    "\(part), \(placement.name): \(run.err)")
            sandbox.expectNoDebris(run)
        }
    }

    @Test func damagedRootRelationshipsFallBackToTheUsualWorkbook() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        var parts = HostileBook.parts()
        parts["_rels/.rels"] = HostileBook.bytes("<?xml version=\"1.0\"?><Relationships\(HostileBook.bad)></Relationships\(HostileBook.bad)>")
        try sandbox.write(try HostileBook.zip(parts), "book.xlsx")
        let run = try sandbox.run("load \"book.xlsx\" as t\nt | count")
        #expect(run.exited && run.status == 0, "\(run.summary)")
        sandbox.expectNoDebris(run)
    }

    /// Random damage to every part: a table or a MsokoError, never a trap (in process: a crash
    /// here kills the test runner, which is the point).
    @Test func randomlySpoiledWorkbooksNeverCrash() throws {
        var generator = SplitMix64(state: 11)
        let parts = HostileBook.parts()
        let names = parts.keys.sorted()
        let folder = try XLSXTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<150 {
            var spoiled = parts
            let name = names[Int.random(in: 0..<names.count, using: &generator)]
            var bytes = [UInt8](spoiled[name] ?? Data())
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = UInt8.random(in: 0x80...0xFF, using: &generator)
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8.random(in: 0...0xFF, using: &generator), at: at)
                }
            }
            spoiled[name] = Data(bytes)
            let path = folder.appendingPathComponent("r\(round).xlsx").path
            try HostileBook.zip(spoiled).write(to: URL(fileURLWithPath: path))
            do {
                _ = try XLSXReader.read(path: path, options: XLSXOptions())
            } catch {
                // Typed: only a MsokoError can get here, with a message.
                #expect(!error.message.isEmpty, "\(name) spoiled")
            }
        }
    }

    // MARK: the XML front door itself

    final class Recorder: XMLPartHandler {
        var events: [String] = []
        var wantsText: Bool { true }
        func startElement(_ name: String, attributes: [String: String]) {
            events.append("<\(name)" + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + ">")
        }
        func endElement(_ name: String) { events.append("</\(name)>") }
        func text(_ text: String) { events.append(text) }
    }

    func scan(_ text: String) throws(XMLPartScanner.Malformed) -> [String] {
        let recorder = Recorder()
        try XMLPartScanner.scan(Data(text.utf8), into: recorder)
        return recorder.events
    }

    @Test func scannerReadsWhatWorkbookPartsHold() throws {
        let events = try scan("\u{FEFF}<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e \"boom\">]><!-- c --><x:sst xmlns:x='u' a=\"1&amp;2\tb\">"
                              + "<si><t xml:space=\"preserve\">Ёж &lt;&#x44F;&#65;&gt;\r\n</t><t><![CDATA[<raw>]]></t></si><e/></x:sst>\n")
        #expect(events == ["<x:sst a=1&2 b xmlns:x=u>", "<si>", "<t xml:space=preserve>", "Ёж <яA>\n", "</t>", "<t>", "<raw>", "</t>", "</si>",
                           "<e>", "</e>", "</x:sst>"])
    }

    @Test func scannerRefusesWhatIsNotWellFormed() {
        let cases: [(String, String)] = [
            ("", "the part is empty"),
            ("<a><b></a>", "an end tag that does not match its start tag"),
            ("<a>&boom;</a>", "an unknown entity `&boom;`"),
            ("<a x=1/>", "an attribute value without quotes"),
            ("<a x=\"1\" x=\"2\"/>", "an attribute given twice"),
            ("<a><!-- open</a>", "an unterminated comment"),
            ("<a/><b/>", "a second root element"),
            ("<a>", "the part ends before its XML does (truncated?)"),
            ("junk<a/>", "text outside the root element"),
            ("<a>&#0;</a>", "a character reference to a character XML does not allow"),
        ]
        for (text, reason) in cases {
            #expect(throws: XMLPartScanner.Malformed.self, "\(text)") { _ = try scan(text) }
            do { _ = try scan(text) } catch { #expect(error.reason == reason, "\(text): \(error.reason)") }
        }
        let bad = Data(Array("<a>ok".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8))
        #expect(throws: XMLPartScanner.Malformed(offset: 5, reason: "byte 0xED is not UTF-8")) {
            try XMLPartScanner.scan(bad, into: Recorder())
        }
    }

    @Test func scannerSurvivesEveryTruncationAndRandomBytes() {
        let whole = Array(HostileBook.sharedStrings.utf8)
        for length in 0..<whole.count {
            _ = try? XMLPartScanner.scan(Data(whole[..<length]), into: Recorder())
        }
        var generator = SplitMix64(state: 3)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in
                Array("<>/=\"'&;#x!-?[]a \u{0}".utf8).randomElement(using: &generator) ?? 0
            }
            _ = try? XMLPartScanner.scan(Data(bytes), into: Recorder())
        }
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var generator = SplitMix64(state: 5)
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ -> UInt8 in
                Int.random(in: 0..<3, using: &generator) == 0 ? UInt8.random(in: 0...0x7F, using: &generator) : UInt8.random(in: 0x80...0xFF, using: &generator)
            }
            let ours = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalid(in: $0) }
            #expect((ours == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            if let ours { #expect(String(validating: bytes[..<ours], as: UTF8.self) != nil) }
        }
    }

    // MARK: stalls

    /// 20,000 copies of one name took 43 s (the suffix search restarted per duplicate); 100,000
    /// never ended.
    @Test func aHeaderRepeatingOneName100000TimesIsLinear() throws {
        let start = Date()
        let names = Table.uniqueNames(Array(repeating: "балл", count: 100_000))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(Set(names).count == 100_000)
        #expect(names.prefix(3) == ["балл", "балл_2", "балл_3"] && names.last == "балл_100000")
        // Names given in the file are never taken by a suffix, wherever they stand.
        #expect(Table.uniqueNames(["a", "a", "a_2", "", "a", "column4"]) == ["a", "a_3", "a_2", "column4", "a_4", "column4_2"])

        let header = Array(repeating: "x", count: 20_000).joined(separator: ",")
        let row = Array(repeating: "1", count: 20_000).joined(separator: ",")
        let csvStart = Date()
        let report = try CSVReader.read(bytes: Array((header + "\n" + row + "\n").utf8), fileName: "wide.csv", options: CSVOptions())
        #expect(Date().timeIntervalSince(csvStart) < 20)
        #expect(report.table.columnCount == 20_000 && report.table.names.last == "x_20000")
    }

    /// A row of 40,000 cells without `r=` took 3.6 s, a million never ended: columns beyond ZZZ
    /// are refused at once, and a row just under the cap reads in linear time.
    @Test func aRowOfCellsWithoutReferences() throws {
        for count in [40_000, 1_000_000] {
            let sandbox = try Sandbox()
            defer { sandbox.dispose() }
            let cells = String(repeating: "<c><v>1</v></c>", count: count)
            try sandbox.write(try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData><row>\(cells)</row></sheetData>")), "wide.xlsx")
            let run = try sandbox.run("load \"wide.xlsx\" as t", timeout: 60)
            #expect(run.exited && run.status == 1, "\(count): \(run.summary)")
            #expect(run.err.contains("`wide.xlsx` is damaged: sheet `S`, row 1 has a cell beyond column ZZZ (the 18,278th)"), "\(run.err)")
            #expect(run.seconds < 20, "\(count) cells took \(run.seconds) s")
            sandbox.expectNoDebris(run)
        }
        let cells = String(repeating: "<c><v>1</v></c>", count: 18_000)
        let path = try XLSXTestSupport.file(try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData><row>\(cells)</row><row>\(cells)</row></sheetData>")))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let start = Date()
        let table = try XLSXReader.read(path: path, options: XLSXOptions()).table
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(table.columnCount == 18_000 && table.rowCount == 1 && table.names.last == "1_18000")
    }

    /// Merged ranges stacked over the same cells: each copy counts as a cell, so a small sheet
    /// cannot make millions of them, and filling is linear in the copies it makes.
    @Test func stackedMergesAreCountedAsCells() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        let merges = String(repeating: "<mergeCell ref=\"A1:AMJ2\"/>", count: 5_000)
        let data = "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row></sheetData><mergeCells>\(merges)</mergeCells>"
        try sandbox.write(try HostileBook.zip(HostileBook.parts(sheetData: data)), "merged.xlsx")
        let run = try sandbox.run("load \"merged.xlsx\" as t with max_cells = 1000000", timeout: 60)
        #expect(run.exited && run.status == 1, "\(run.summary)")
        #expect(run.err.contains("`merged.xlsx`: sheet `S` has more than the 1,000,000 cells a sheet may have (`max_cells`)"), "\(run.err)")
        #expect(run.seconds < 20)
        sandbox.expectNoDebris(run)
    }

    // MARK: what is not a regular file

    @Test func pipesDevicesAndFoldersAreRefusedWithoutWaiting() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        #expect(mkfifo(sandbox.work.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        #expect(mkfifo(sandbox.work.appendingPathComponent("pipe.xlsx").path, 0o600) == 0)
        try FileManager.default.createDirectory(at: sandbox.work.appendingPathComponent("d.xlsx"), withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("pipe.csv", "`pipe.csv` is a named pipe (FIFO), not a regular file: msoko reads only regular files"),
            ("pipe.xlsx", "`pipe.xlsx` is a named pipe (FIFO), not a regular file"),
            ("/dev/zero", "`/dev/zero` is a character device, not a regular file"),
            ("d.xlsx", "`d.xlsx` is a folder, not a file"),
            ("/tmp", "`/tmp` is a folder, not a file"),
        ]
        for (path, message) in cases {
            let run = try sandbox.run("load \"\(path)\" as t", timeout: 20)
            #expect(run.exited && run.status == 1, "\(path): \(run.summary)")
            #expect(run.err.contains("<command line>:1:1: file error: " + message), "\(path): \(run.err)")
            #expect(!run.err.contains("did you mean"), "\(path): \(run.err)")
            #expect(!run.err.contains("empty (0 bytes)"), "\(path): \(run.err)")
            sandbox.expectNoDebris(run)
        }
        let script = try sandbox.run("run \"pipe.csv\"", timeout: 20)
        #expect(script.exited && script.status == 1 && script.err.contains("is a named pipe (FIFO)"), "\(script.summary)")
    }

    // MARK: ZIP bombs and limits

    /// The issue's bomb (4 MB that unpacks to 4 GiB) declares its size in the ZIP directory: it
    /// is refused before anything is unpacked. The same with a declared ratio of a bomb, and a
    /// part that unpacks to more than it declares is stopped where it said it would end.
    @Test func zipBombsAreRefusedBeforeUnpacking() throws {
        let sheet = "xl/worksheets/sheet1.xml"
        // 8 MiB of spaces inside the sheet: deflates to a few kilobytes.
        let padding = String(repeating: " ", count: 8 << 20)
        let real = try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\(padding)</sheetData>"))
        let cases: [(declared: UInt32, message: String)] = [
            (0xFFFF_FFF0, "`bomb.xlsx`: the part \(sheet) unpacks to 4.0 GiB, more than the 2.0 GiB a part may (`max_unzipped_mb = 2048`)"),
            (150 << 20, "`bomb.xlsx` looks like a ZIP bomb: the part \(sheet) unpacks from "),
            (1 << 20, "`bomb.xlsx` is damaged: the part \(sheet) unpacks to more than the 1048576 bytes its ZIP directory declares"),
        ]
        for (declared, message) in cases {
            let sandbox = try Sandbox()
            defer { sandbox.dispose() }
            try sandbox.write(try HostileBook.declaring(declared, for: sheet, in: real), "bomb.xlsx")
            let run = try sandbox.run("load \"bomb.xlsx\" as t")
            #expect(run.exited && run.status == 1, "\(declared): \(run.summary)")
            #expect(run.err.contains(message), "\(declared): \(run.err)")
            #expect(run.seconds < 10)
            sandbox.expectNoDebris(run)
        }
    }

    @Test func limitsAreLoadOptions() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        let rows = (1...40).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c><c r=\"B\($0)\"><v>1</v></c></row>" }.joined()
        try sandbox.write(try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData>\(rows)</sheetData>")), "book.xlsx")
        // A sparse sheet costs its rows × columns: row k has one cell, in column k.
        let diagonal = (1...30).map { "<row r=\"\($0)\"><c r=\"\(XLSXSheetStream.columnLetters($0 - 1))\($0)\"><v>1</v></c></row>" }.joined()
        try sandbox.write(try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData>\(diagonal)</sheetData>")), "sparse.xlsx")
        let cases: [(String, Int32, String)] = [
            ("load \"book.xlsx\" as t with max_cells = 30", 1, "`book.xlsx`: sheet `S` has more than the 30 cells a sheet may have (`max_cells`)"),
            ("load \"sparse.xlsx\" as t with max_cells = 500, header = false", 1,
             "`sparse.xlsx`: sheet `S` makes a table of 23 rows × 23 columns, more than the 500 cells a sheet may have (`max_cells`)"),
            ("load \"book.xlsx\" as t with max_unzipped_mb = 0", 1, "`max_unzipped_mb` is a whole number, 1 or more"),
            ("load \"book.xlsx\" as t with max_ratio = \"a\"", 1, "`max_ratio` is a whole number, 1 or more"),
            ("load \"book.xlsx\" as t with max_cells = 80, max_unzipped_mb = 1, max_ratio = 2\nt | count", 0, "the header is on row 2"),
        ]
        for (script, status, message) in cases {
            let run = try sandbox.run(script)
            #expect(run.exited && run.status == status, "\(script): \(run.summary)")
            #expect(run.err.contains(message), "\(script): \(run.err)")
            sandbox.expectNoDebris(run)
        }
        let csv = try sandbox.run("load \"/dev/null.csv\" as t with max_cells = 5")
        #expect(csv.err.contains("`max_cells` is an option for .xlsx workbooks"), "\(csv.summary)")
    }

    // MARK: signals and staged files

    /// Ctrl-C or SIGTERM while a large workbook is unpacked and read, after a `save`: the
    /// unpacked part and the staged output are removed, nothing says "wrote", and the exit
    /// status is 128 + the signal.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalDuringALoadLeavesNothing(_ signal: Int32) throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        let rows = (1...60_000).map { row in "<row r=\"\(row)\">" + (0..<6).map { "<c r=\"\(["A", "B", "C", "D", "E", "F"][$0])\(row)\"><v>\(row % 97 + $0)</v></c>" }.joined() + "</row>" }.joined()
        try sandbox.write(try HostileBook.zip(HostileBook.parts(sheetData: "<sheetData>\(rows)</sheetData>")), "big.xlsx")
        try sandbox.write(Data("a,b\n1,2\n".utf8), "small.csv")
        let script = "load \"small.csv\" as s\ns | save \"out.csv\"\nload \"big.xlsx\" as t\nt | count"
        // Once the output is staged, the workbook is being unpacked or read for seconds.
        let run = try sandbox.run(script, timeout: 120, signal: signal, after: 0.3) { sandbox in
            sandbox.entries(sandbox.work).contains { $0.hasPrefix(".out.csv.tmp-") }
        }
        #expect(run.signalSent, "the run ended before the signal: \(run.summary)")
        // The unpacked part has no name even while it is read: nothing a SIGKILL could leave.
        #expect(run.temporaryAtSignal.isEmpty, "named temporary files: \(run.temporaryAtSignal.sorted())")
        #expect(run.exited && run.status == 128 + signal, "\(run.summary)")
        #expect(run.err.contains("msoko: stopped by"), "\(run.err)")
        #expect(!run.err.contains("wrote"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.work.appendingPathComponent("out.csv").path))
        sandbox.expectNoDebris(run)
    }

    @Test func wroteIsSaidOnlyOnceTheFileIsInPlace() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        try sandbox.write(Data("a,b\n1,2\n".utf8), "small.csv")
        let failing = try sandbox.run("load \"small.csv\" as s\ns | save \"new/deep/out.csv\"\ns | where nope")
        #expect(failing.exited && failing.status == 1)
        #expect(!failing.err.contains("wrote"), "\(failing.err)")
        // The folders staging made for the failed run are gone too.
        sandbox.expectNoDebris(failing)
        let passing = try sandbox.run("load \"small.csv\" as s\ns | save \"out.csv\"\ns | count")
        #expect(passing.exited && passing.status == 0)
        #expect(passing.err == "wrote out.csv (1 row)\n", "\(passing.err)")
        sandbox.expectNoDebris(passing, except: ["out.csv"])
        #expect(FileManager.default.fileExists(atPath: sandbox.work.appendingPathComponent("out.csv").path))
        #expect(!sandbox.entries(sandbox.work).contains { $0.contains(".tmp-") })

        // In the library: staged, the note waits for the commit.
        let sink = CollectingSink(format: .csv)
        let session = Session(sink: sink, workingDirectory: sandbox.work.path)
        session.stagesWrites = true
        try session.run(text: "load \"small.csv\" as s\ns | save \"again.csv\"", name: "<test>")
        #expect(!sink.notes.contains { $0.hasPrefix("wrote") })
        try session.commitStagedWrites()
        #expect(sink.notes.last == "wrote again.csv (1 row)")
    }

    /// A killed run's temporary files (`.NAME.tmp-PID-N`) are removed by the next run that writes
    /// into their folder; a running msoko's file (its process alive) and everything else stay.
    @Test func aKilledRunsTemporaryFilesAreRemovedByTheNextRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        try sandbox.write(Data("a,b\n1,2\n".utf8), "small.csv")
        // A PID that is certainly gone: a process that has run and been waited for.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let out = sandbox.work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let stale = [".findings.csv.tmp-\(dead)-12345", ".report.html.tmp-\(dead)-4000000000"]
        let kept = [".findings.csv.tmp-\(getpid())-1",          // a running msoko's (alive: this process)
                    ".notes.tmp-abc", ".x.tmp-\(dead)", "notes.txt", "findings.csv.tmp-\(dead)-1"]
        for name in stale + kept { try Data("x".utf8).write(to: out.appendingPathComponent(name)) }
        // A folder with the pattern's name is not a file of ours.
        try FileManager.default.createDirectory(at: out.appendingPathComponent(".d.tmp-\(dead)-7"), withIntermediateDirectories: true)
        let run = try sandbox.run("load \"small.csv\" as s\ns | save \"out/findings.csv\"")
        #expect(run.exited && run.status == 0, "\(run.err)")
        let left = Set(sandbox.entries(out))
        for name in stale { #expect(!left.contains(name), "\(name) is still there") }
        for name in kept + [".d.tmp-\(dead)-7", "findings.csv"] { #expect(left.contains(name), "\(name) was removed") }
    }

    @Test func aFolderOrAPipeAsASaveTargetIsOneErrorWithAPlace() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        try sandbox.write(Data("a,b\n1,2\n".utf8), "small.csv")
        // A folder named like a file (the issue's reproducer) and one without an extension.
        try FileManager.default.createDirectory(at: sandbox.work.appendingPathComponent("results.csv"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sandbox.work.appendingPathComponent("results"), withIntermediateDirectories: true)
        #expect(mkfifo(sandbox.work.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        let folder = try sandbox.run("load \"small.csv\" as s\ns | save \"results.csv\"")
        #expect(folder.exited && folder.status == 1)
        #expect(folder.err == """
            <command line>:2:10: file error: cannot save to `results.csv`: it is a folder
             2 | s | save "results.csv"
               |          ^~~~~~~~~~~~~
              = give a file name inside it, e.g. `results.csv/result.csv`

            """, "\(folder.err)")
        sandbox.expectNoDebris(folder)
        let bare = try sandbox.run("load \"small.csv\" as s\ns | save \"results\"")
        #expect(bare.err.contains("error: cannot save to `results`: it is a folder"), "\(bare.err)")
        let pipe = try sandbox.run("load \"small.csv\" as s\ns | save \"pipe.csv\"", timeout: 20)
        #expect(pipe.exited && pipe.status == 1 && pipe.err.contains("cannot save to `pipe.csv`: it is a named pipe (FIFO), not a regular file"), "\(pipe.summary)")
        sandbox.expectNoDebris(pipe)
    }

    @Test func savingThroughALinkWritesTheFileItNames() throws {
        let sandbox = try Sandbox()
        defer { sandbox.dispose() }
        try sandbox.write(Data("a,b\n1,2\n".utf8), "small.csv")
        try sandbox.write(Data("old\n".utf8), "target.csv")
        try FileManager.default.createSymbolicLink(atPath: sandbox.work.appendingPathComponent("link.csv").path, withDestinationPath: "target.csv")
        let run = try sandbox.run("load \"small.csv\" as s\ns | save \"link.csv\"")
        #expect(run.exited && run.status == 0, "\(run.summary)")
        #expect(try String(contentsOf: sandbox.work.appendingPathComponent("target.csv"), encoding: .utf8) == "a,b\n1,2\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: sandbox.work.appendingPathComponent("link.csv").path)) == "target.csv")
    }
}

// MARK: - helpers

/// Workbooks with exactly the bytes a case needs, packed by msoko's own ZIP writer
/// (ZIPFoundation).
enum HostileBook {
    /// Written where an invalid byte (0xFF) goes.
    static let bad = "\u{1}BAD\u{1}"
    static let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let slot = "<!--SLOT-->"

    static let sharedStrings = "<?xml version=\"1.0\"?><sst xmlns=\"\(ns)\">\(slot)<si><t>имя</t></si><si><r><t>оце</t></r><r><t>нка</t></r><rPh><t>x</t></rPh></si></sst>"

    /// Text as bytes, with `bad` made an invalid UTF-8 byte.
    static func bytes(_ text: String) -> Data {
        var data = Data()
        let pieces = text.components(separatedBy: bad)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { data.append(0xFF) }
            data.append(contentsOf: Array(piece.utf8))
        }
        return data
    }

    /// The parts of a small valid workbook (one sheet `S`, shared strings, styles), with
    /// `markup` put just inside the root element of `spoiling`.
    static func parts(spoiling: String? = nil, with markup: String = "",
                      sheetData: String = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" s=\"1\"><v>45000</v></c></row></sheetData>") -> [String: Data] {
        let texts: [String: String] = [
            "[Content_Types].xml": "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>",
            "_rels/.rels": XLSXWriter.rootRelationships,
            "xl/workbook.xml": "<?xml version=\"1.0\"?><workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\">\(slot)<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(slot)<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
            "xl/styles.xml": "<?xml version=\"1.0\"?><styleSheet xmlns=\"\(ns)\">\(slot)<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>",
            "xl/sharedStrings.xml": sharedStrings,
            "xl/worksheets/sheet1.xml": "<?xml version=\"1.0\"?><worksheet xmlns=\"\(ns)\">\(slot)\(sheetData)</worksheet>",
        ]
        var parts: [String: Data] = [:]
        for (name, text) in texts {
            parts[name] = bytes(text.replacingOccurrences(of: slot, with: name == spoiling ? markup : ""))
        }
        return parts
    }

    static func zip(_ parts: [String: Data]) throws -> Data {
        let order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"]
        let names = order.filter { parts[$0] != nil } + parts.keys.filter { !order.contains($0) }.sorted()
        return try XLSXWriter.package(names.map { ($0, parts[$0] ?? Data()) })
    }

    /// The package with the uncompressed size of `entry` rewritten to `declared`, in both the
    /// local header and the central directory (as a bomb or a lying writer would have it).
    static func declaring(_ declared: UInt32, for entry: String, in package: Data) throws -> Data {
        var bytes = [UInt8](package)
        let name = Array(entry.utf8)
        func patch(signature: [UInt8], nameOffset: Int, nameLengthOffset: Int, sizeOffset: Int) -> Int {
            var patched = 0
            var index = 0
            while index + nameOffset + name.count <= bytes.count {
                if Array(bytes[index..<index + 4]) == signature {
                    let length = Int(bytes[index + nameLengthOffset]) | Int(bytes[index + nameLengthOffset + 1]) << 8
                    if length == name.count, Array(bytes[index + nameOffset..<index + nameOffset + length]) == name {
                        for byte in 0..<4 { bytes[index + sizeOffset + byte] = UInt8((declared >> (8 * UInt32(byte))) & 0xFF) }
                        patched += 1
                    }
                }
                index += 1
            }
            return patched
        }
        let local = patch(signature: [0x50, 0x4B, 0x03, 0x04], nameOffset: 30, nameLengthOffset: 26, sizeOffset: 22)
        let central = patch(signature: [0x50, 0x4B, 0x01, 0x02], nameOffset: 46, nameLengthOffset: 28, sizeOffset: 24)
        guard local == 1, central == 1 else { throw CocoaError(.fileReadCorruptFile) }
        return Data(bytes)
    }
}

/// One hostile case's folders: `work` (the working folder of the run) and `temporary` (its
/// TMPDIR), under a fresh folder that `dispose` removes.
struct Sandbox {
    let root: URL
    var work: URL { root.appendingPathComponent("work") }
    var temporary: URL { root.appendingPathComponent("tmp") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    func dispose() { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ data: Data, _ name: String) throws -> String {
        let url = work.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Every path under `folder`, hidden files included, relative to it.
    func entries(_ folder: URL) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return Set(enumerator.compactMap { $0 as? String })
    }

    struct Run {
        var out: String
        var err: String
        var status: Int32
        /// False when the child died of a signal it did not handle (a crash).
        var exited: Bool
        var pid: Int32
        var seconds: Double
        var signalSent = false
        /// What TMPDIR held when the signal was sent.
        var temporaryAtSignal: Set<String> = []
        /// What the working folder held before the run.
        var before: Set<String>
        var summary: String { "status \(status)\(exited ? "" : " (killed by a signal)") after \(String(format: "%.1f", seconds)) s; stderr: \(err)" }
    }

    /// Runs `msoko -c script` in `work` with TMPDIR = `temporary`. A run longer than `timeout`
    /// is a stall: it is killed and recorded as an issue. With `signal`, the signal is sent
    /// `after` seconds once `when` holds (polled every 5 ms).
    func run(_ script: String, timeout: Double = 60, signal: Int32? = nil, after delay: Double = 0,
             when: ((Sandbox) -> Bool)? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let before = entries(work)
        let process = Process()
        process.executableURL = TestPaths.executable
        process.arguments = ["-c", script]
        process.currentDirectoryURL = work
        var environment = withEnglishMessages(ProcessInfo.processInfo.environment)
        environment["TMPDIR"] = temporary.path
        environment["NO_COLOR"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let outURL = root.appendingPathComponent("stdout"), errURL = root.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        var signalSent = false
        var temporaryAtSignal: Set<String> = []
        var readyAt: Date?
        while process.isRunning {
            if let signal, !signalSent {
                if readyAt == nil, when?(self) ?? true { readyAt = Date() }
                if let readyAt, Date().timeIntervalSince(readyAt) >= delay {
                    temporaryAtSignal = entries(temporary)
                    kill(process.processIdentifier, signal)
                    signalSent = true
                }
            }
            if Date().timeIntervalSince(start) > timeout {
                Issue.record("stalled: `\(script.prefix(80))` ran longer than \(timeout) s", sourceLocation: sourceLocation)
                process.terminate()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Run(out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                   err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                   status: process.terminationStatus, exited: process.terminationReason == .exit,
                   pid: process.processIdentifier, seconds: Date().timeIntervalSince(start),
                   signalSent: signalSent, temporaryAtSignal: temporaryAtSignal, before: before)
    }

    /// The run left nothing behind: the working folder holds what it held before (no staged
    /// `.NAME.tmp-…`, no folder made for a failed save), its TMPDIR is empty, and /tmp has no
    /// `msoko-xlsx-PID-…` of that process.
    func expectNoDebris(_ run: Run, except expected: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation) {
        let now = entries(work)
        let added = now.subtracting(run.before).subtracting(expected)
        #expect(added.isEmpty, "left in the working folder: \(added.sorted())", sourceLocation: sourceLocation)
        let temporaryLeft = entries(temporary)
        #expect(temporaryLeft.isEmpty, "left in TMPDIR: \(temporaryLeft.sorted())", sourceLocation: sourceLocation)
        let shared = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        let ours = shared.filter { $0.hasPrefix("msoko-xlsx-\(run.pid)-") }
        #expect(ours.isEmpty, "left in /tmp: \(ours)", sourceLocation: sourceLocation)
    }
}
