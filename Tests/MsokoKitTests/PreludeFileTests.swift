import Foundation
import Testing
@testable import MsokoKit

/// The prelude as a file (Scripts/lib/prelude.msoko): the compiled copy is the same text, the file
/// is found from the repository, an analyst's edit of it takes effect, and a file with errors is
/// said and not used.
@Suite struct PreludeFileTests {
    /// A fresh folder with `Scripts/lib/prelude.msoko` holding `text` (nil: no prelude file).
    static func project(prelude text: String?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-prelude-\(UUID().uuidString)")
        let lib = folder.appendingPathComponent("Scripts/lib")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        if let text { try text.write(to: lib.appendingPathComponent("prelude.msoko"), atomically: true, encoding: .utf8) }
        return folder
    }

    /// The compiled copy is the fallback when no file is found: it must be the shipped file.
    @Test func theCompiledCopyIsTheShippedFile() throws {
        let shipped = try String(contentsOf: TestPaths.repository.appendingPathComponent(Prelude.path), encoding: .utf8)
        #expect(shipped == Prelude.builtIn + "\n",
                "Scripts/lib/prelude.msoko and Prelude.builtIn (Session/Prelude.swift) differ: copy the file's text into Prelude.builtIn")
    }

    @Test func theRepositorysFileIsLoadedAndShown() {
        let session = Session(sink: CollectingSink(), workingDirectory: TestPaths.golden.path)
        #expect(session.prelude.file?.hasSuffix("/" + Prelude.path) == true, "\(String(describing: session.prelude.file))")
        #expect(session.prelude.functionNames == Prelude.builtInLoaded.functionNames)
        #expect(session.functions["sou"]?.origin == "prelude")
        let shown = runScript("prelude")
        #expect(shown.ok)
        #expect(shown.out == Prelude.builtIn + "\n")
        #expect(shown.err.hasPrefix("the prelude from /") && shown.err.contains(Prelude.path), "\(shown.err)")
    }

    @Test func anAnalystsEditTakesEffect() throws {
        let edited = Prelude.builtIn.replacingOccurrences(
            of: "# качество знаний: share of marks 4 and 5, percent\ndef quality(m) = pct(m >= 4)",
            with: "# качество знаний, our district's way: share of marks 5 only\ndef quality(m) = pct(m >= 5)")
            + "\n# share of marks 2\ndef low_share(m) = pct(m == 2)\n"
        #expect(edited != Prelude.builtIn + "\n")
        let folder = try Self.project(prelude: edited)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "mark\n5\n4\n2\n5\n".write(to: folder.appendingPathComponent("marks.csv"), atomically: true, encoding: .utf8)
        let result = runScript("""
            load "marks.csv" as marks
            marks | summarize q = quality(mark), low = low_share(mark)
            """, format: .csv, in: folder)
        #expect(result.ok, "\(result.err)")
        #expect(result.out == "q,low\n50,25\n", "\(result.out)")
        // `help` shows the edited definition and its comment as written, in either language.
        let help = runScript("help quality", in: folder)
        #expect(help.out.hasPrefix("quality(m) = pct(m >= 5)\n"), "\(help.out)")
        #expect(help.out.contains("our district's way"))
        let russian = Language.$scoped.withValue(.ru) { runScript("help quality", in: folder) }
        #expect(russian.out.contains("our district's way"), "an edited comment is not replaced by the shipped one's translation")
        #expect(runScript("help", in: folder).out.contains("low_share"))
        let shown = runScript("prelude", in: folder)
        #expect(shown.out == edited)
        #expect(shown.err.contains(folder.appendingPathComponent(Prelude.path).path), "\(shown.err)")
    }

    @Test func aFileWithErrorsIsSaidAndTheBuiltInOneIsUsed() throws {
        let folder = try Self.project(prelude: "def quality(m) = pct(m >= )\nload \"x.csv\"\ndef round(x) = x\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = CollectingSink()
        let session = Session(sink: sink, workingDirectory: folder.path)
        #expect(session.prelude.file == nil)
        #expect(session.functions["quality"]?.body.sourceText == "pct(m >= 4)")
        let note = sink.notes.joined(separator: "\n")
        #expect(note.hasPrefix("the prelude \(folder.appendingPathComponent(Prelude.path).path) has errors"), "\(note)")
        #expect(note.contains("the prelude holds only `def`s and comments"), "\(note)")
        #expect(note.contains("`round` is a built-in function"), "\(note)")
    }

    @Test func withoutAFileTheBuiltInOneIsUsedAndSaidSo() throws {
        let folder = try Self.project(prelude: nil)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shown = runScript("prelude", in: folder)
        #expect(shown.ok)
        #expect(shown.out == Prelude.builtIn + "\n")
        #expect(shown.err.hasPrefix("the built-in prelude: \(Prelude.path) is not in this folder"), "\(shown.err)")
        #expect(runScript("help sou", in: folder).out.hasSuffix("  defined in prelude\n"))
    }
}
