import Foundation
import Testing
@testable import MsokoKit

/// Every input the fuzzers (Fuzz/, `make fuzz`) ever stopped on, replayed through the same path
/// the fuzz target takes: Tests/Fixtures/fuzz/<target>/ holds the files, each must now end in a
/// result or an MsokoError. The seed corpora (Fuzz/Corpus/) are replayed too, so the harnesses'
/// inputs stay valid as the language and readers change.
@Suite struct FuzzRegressionTests {
    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/Fixtures/fuzz")
    static let corpus = TestPaths.repository.appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ target: String) -> [URL] {
        var files: [URL] = []
        for folder in [fixtures.appendingPathComponent(target), corpus.appendingPathComponent(target)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { folder.appendingPathComponent($0) }
        }
        return files
    }

    // FuzzScript: statements on two small datasets in a session of their own (FuzzInputs.script).
    @Test(arguments: inputs("script")) func script(_ file: URL) throws {
        guard let text = FuzzInputs.script([UInt8](try Data(contentsOf: file))) else { return }
        let folder = Domain.temporaryFolder("fuzz-script")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try? FuzzInputs.scriptSession(workingIn: folder.path).run(SourceFile(name: file.lastPathComponent, text: text))
    }

    // FuzzCSV: the first byte picks the options, the rest is the file (FuzzInputs.csv).
    @Test(arguments: inputs("csv")) func csv(_ file: URL) throws {
        guard let input = FuzzInputs.csv([UInt8](try Data(contentsOf: file))) else { return }
        _ = try? CSVReader.read(bytes: input.file, fileName: file.lastPathComponent, options: input.options)
    }

    // FuzzXLSX: the first byte picks a part of the base workbook (Fuzz/Corpus/xlsx/part<i>.bin),
    // the rest replaces it; the package is read as a file (FuzzInputs.xlsx).
    @Test(arguments: inputs("xlsx")) func xlsx(_ file: URL) throws {
        let base = try #require(FuzzInputs.xlsxBaseParts(in: Self.corpus.appendingPathComponent("xlsx")))
        guard let zip = FuzzInputs.xlsx(try Data(contentsOf: file), base: base) else { return }
        let folder = Domain.temporaryFolder("fuzz-xlsx")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("book.xlsx")
        try zip.write(to: book)
        _ = try? XLSXReader.read(path: book.path, options: XLSXOptions())
    }
}
