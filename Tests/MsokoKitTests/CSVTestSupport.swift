import Foundation
import Testing
@testable import MsokoKit

/// Helpers shared by the CSV reader's tests.
enum CSVTestSupport {
    /// The corpus vendored in the repository (`TestPaths.corpus`). Nil when it is missing, and
    /// the tests that need it then record a failure instead of passing silently.
    static let corpus: URL? = {
        let candidate = TestPaths.corpus
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder) && isFolder.boolValue
            ? candidate : nil
    }()

    /// The path of a corpus file; records a failure when the corpus is missing.
    static func path(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let corpus else {
            Issue.record("the test corpus is missing: expected Tests/Fixtures/corpus in the repository",
                         sourceLocation: sourceLocation)
            return nil
        }
        let path = corpus.appendingPathComponent(relative).path
        if !FileManager.default.fileExists(atPath: path) {
            Issue.record("corpus file missing: \(path)", sourceLocation: sourceLocation)
            return nil
        }
        return path
    }

    static func read(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> CSVReadReport {
        var options = CSVOptions()
        configure(&options)
        return try CSVReader.read(bytes: Array(text.utf8), fileName: "test.csv", options: options)
    }

    static func read(path: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> CSVReadReport {
        var options = CSVOptions()
        configure(&options)
        return try CSVReader.read(path: path, options: options)
    }

    /// Reads a file twice: once to learn the names, then with every column typed as text.
    static func readAllText(path: String, _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> CSVReadReport {
        let first = try read(path: path, configure)
        return try read(path: path) { options in
            configure(&options)
            for name in first.table.names { options.types[name] = .text }
        }
    }

    /// Every cell as displayed (`nil` for null).
    static func cells(_ table: Table) -> [[String?]] {
        (0..<table.rowCount).map { row in
            table.row(row).map { $0.isNull ? nil : $0.plainText }
        }
    }

    /// The error a read throws, if any.
    static func error(_ body: () throws -> CSVReadReport) -> MsokoError? {
        do {
            _ = try body()
            return nil
        } catch let error as MsokoError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }
}
