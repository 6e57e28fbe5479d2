import Foundation
@testable import MsokoKit

/// Helpers of the domain tests: a session on the repository (scripts run from the root, as
/// the README says), table lookups, and a small RFC 4180 reader for the files the scripts write.
enum Domain {
    /// Runs statements in a session whose working folder is the repository; throws on failure.
    static func session(_ text: String, parameters: [String: String] = [:]) throws -> Session {
        let session = Session(sink: CollectingSink(format: .csv), overrides: parameters,
                              workingDirectory: TestPaths.repository.path)
        session.stagesWrites = true
        do {
            try session.run(SourceFile(name: "<domain test>", text: text))
            try session.commitStagedWrites()
        } catch let failure as MsokoFailure {
            session.discardStagedWrites()
            throw DomainTestError(failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined())
        }
        return session
    }

    /// Rows of a dataset as [column: value].
    static func rows(_ session: Session, _ name: String) -> [[String: Value]] {
        guard let table = session.datasets[name]?.table else { return [] }
        return (0..<table.rowCount).map { row in
            Dictionary(uniqueKeysWithValues: zip(table.names, table.row(row)))
        }
    }

    /// Parses RFC 4180 CSV text into a header and rows of fields.
    static func parseCSV(_ text: String) -> (header: [String], rows: [[String]]) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = d }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else if c != "\r" {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        guard let header = records.first else { return ([], []) }
        return (header, Array(records.dropFirst()))
    }

    /// A CSV file as dictionaries keyed by the header.
    static func readCSV(_ url: URL) throws -> (header: [String], rows: [[String: String]]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let (header, rows) = parseCSV(text)
        return (header, rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    /// Runs a program from the repository's folder; its exit status and its stdout and stderr
    /// together.
    static func process(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.repository
        process.environment = withEnglishMessages(ProcessInfo.processInfo.environment)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct DomainTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Value {
    var text: String { plainText }
    var double: Double? { asDouble }
    var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}
