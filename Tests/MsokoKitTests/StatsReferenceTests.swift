import Foundation
import Testing
@testable import MsokoKit

/// Compares the aggregates with values computed by independent tools (Python `statistics`,
/// numpy, scipy, statsmodels, DuckDB) on the corpus files: Tests/Reference/stats_reference.json,
/// written by Tests/Reference/make_reference.py. Counts and integer sums must match exactly,
/// selections (min, max, first, last, mode) exactly, everything else within 1e-12 relative.
@Suite struct StatsReferenceTests {
    static let relativeTolerance = 1e-12

    @Test func groupedAggregatesMatchTheReferenceTools() throws {
        let reference = try ReferenceFile.load()
        var tables: [String: CorpusTable] = [:]
        var compared = 0
        var mismatches = 0
        for entry in reference.cases {
            let function = try #require(AggregateFunction(rawValue: entry.function))
            if tables[entry.file] == nil { tables[entry.file] = try CorpusTable(path: CorpusTable.corpusURL(entry.file)) }
            let table = try #require(tables[entry.file])
            var arguments = try entry.args.map { name in try table.column(name, nullIfZero: entry.null_if_zero) }
            if let threshold = entry.condition_ge { arguments = [Self.atLeast(arguments[0], threshold)] }
            let (groups, groupIndex) = table.groups(by: entry.by)

            let label = "\(entry.function)(\(entry.args.joined(separator: ", "))\(entry.p.map { ", \($0)" } ?? ""))"
                + "\(entry.null_if_zero ? " with 0 as null" : "")\(entry.condition_ge.map { " >= \($0)" } ?? "")"
                + " by \(entry.by ?? "—") in \(entry.file)"
            let result = try GroupedAggregation.compute(function, arguments: arguments, parameter: entry.p,
                                                        groups: groups, groupCount: groupIndex.count)
            #expect(result.count == groupIndex.count, "\(label): one row per group")
            #expect(result.type.rawValue == entry.type, "\(label): result type")
            for (key, expected) in entry.results {
                let group = try #require(groupIndex[key], "\(label): group \(key) missing")
                let actual = result.value(at: group)
                compared += 1
                if !Self.matches(actual, expected, function: function) {
                    mismatches += 1
                    if mismatches <= 40 {
                        Issue.record("\(label) [\(key)]: got \(actual), reference \(expected)")
                    }
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(compared) values differ from the reference")
        #expect(compared > 2000, "the reference file should hold thousands of values, found \(compared)")
    }

    @Test func plainStatisticsMatchTheReferenceTools() throws {
        let reference = try ReferenceFile.load()
        var tables: [String: CorpusTable] = [:]
        for entry in reference.statistics {
            if tables[entry.file] == nil { tables[entry.file] = try CorpusTable(path: CorpusTable.corpusURL(entry.file)) }
            let table = try #require(tables[entry.file])
            let columns = try entry.args.map { try #require(table.column($0, nullIfZero: false).doubles) }
            let names = entry.args
            switch entry.function {
            case "spearman":
                let expected = try #require(entry.value)
                let actual = try #require(Statistics.spearman(columns[0], columns[1]))
                #expect(Self.close(actual, expected), "spearman(\(names)) in \(entry.file): \(actual) vs \(expected)")
            case "mean_ci":
                let expected = try #require(entry.interval)
                let z = try #require(entry.z)
                let actual = try #require(Statistics.meanConfidenceInterval(columns[0], z: z))
                #expect(Self.close(actual.low, expected[0]) && Self.close(actual.high, expected[1]),
                        "mean CI of \(names[0]) in \(entry.file): \(actual) vs \(expected)")
            case "wilson":
                let expected = try #require(entry.interval)
                let threshold = try #require(entry.condition_ge)
                let successes = columns[0].filter { $0 >= threshold }.count
                #expect(successes == entry.successes)
                let z = try #require(entry.z)
                let actual = try #require(Statistics.wilson(successes: successes, trials: columns[0].count, z: z))
                #expect(Self.close(actual.low, expected[0]) && Self.close(actual.high, expected[1]),
                        "Wilson interval of \(names[0]) >= \(threshold) in \(entry.file): \(actual) vs \(expected)")
            default:
                Issue.record("unknown reference statistic \(entry.function)")
            }
        }
    }

    // MARK: Comparing

    static func close(_ actual: Double, _ expected: Double) -> Bool {
        actual == expected || abs(actual - expected) <= relativeTolerance * max(abs(actual), abs(expected))
    }

    static func matches(_ actual: Value, _ expected: ReferenceValue, function: AggregateFunction) -> Bool {
        switch (actual, expected) {
        case (.null, .null): return true
        case (.int(let value), .number(let integer, _)): return integer == value
        case (.double(let value), .number(_, let number)):
            // Selections return one of the inputs: exactly.
            switch function {
            case .min, .max, .first, .last, .mode: return value == number
            default: return close(value, number)
            }
        case (.text(let value), .text(let text)): return value == text
        default: return false
        }
    }

    /// `column >= threshold` as a bool column, null where the column is null.
    static func atLeast(_ column: Column, _ threshold: Double) -> Column {
        let values = column.doubles ?? []
        return Column(.bool(values.map { $0 >= threshold }), validity: column.validity)
    }
}

/// Tests/Reference/stats_reference.json, decoded with `JSONDecoder`, which reads numbers
/// correctly rounded (`JSONSerialization` on Linux can miss the last digit or two).
struct ReferenceFile: Decodable {
    struct Case: Decodable {
        var file: String
        var by: String?
        var function: String
        var args: [String]
        var p: Double?
        var null_if_zero: Bool
        var condition_ge: Double?
        var type: String
        var results: [String: ReferenceValue]
    }

    struct Statistic: Decodable {
        var file: String
        var function: String
        var args: [String]
        var value: Double?
        var interval: [Double]?
        var z: Double?
        var condition_ge: Double?
        var successes: Int?
    }

    var cases: [Case]
    var statistics: [Statistic]

    static func load() throws -> ReferenceFile {
        let url = CorpusTable.repositoryRoot.appendingPathComponent("Tests/Reference/stats_reference.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TestFailure("reference file missing: \(url.path); run python3 Tests/Reference/make_reference.py")
        }
        return try JSONDecoder().decode(ReferenceFile.self, from: data)
    }
}

/// One expected result: null, a number (kept as an exact integer too when it is one), or text.
enum ReferenceValue: Decodable, CustomStringConvertible {
    case null
    case number(Int64?, Double)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .number(try? container.decode(Int64.self), try container.decode(Double.self))
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .number(let integer, let number): return integer.map { String($0) } ?? "\(number)"
        case .text(let text): return "\"\(text)\""
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A corpus CSV file read by a minimal test-only splitter (comma, header line, double-quoted
/// fields with "" escapes): the real reader lives elsewhere and is tested on its own.
struct CorpusTable {
    var header: [String]
    var rows: [[String]]

    /// The repository root: this file is Tests/MsokoKitTests/StatsReferenceTests.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The corpus vendored in the repository: Tests/Fixtures/corpus.
    static func corpusURL(_ relativePath: String) -> URL {
        TestPaths.corpus.appendingPathComponent(relativePath)
    }

    init(path: URL) throws {
        guard let data = FileManager.default.contents(atPath: path.path),
              let text = String(data: data, encoding: .utf8) else {
            throw TestFailure("corpus file missing or not UTF-8: \(path.path) (the repository is expected beside shared/)")
        }
        var records = Self.split(text)
        guard !records.isEmpty else { throw TestFailure("empty corpus file \(path.path)") }
        header = records.removeFirst()
        rows = records
    }

    static func split(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\r": break
            case "\n":
                record.append(field); field = ""
                records.append(record); record = []
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// A column typed as the reference says: ints, doubles, else text. With `nullIfZero`,
    /// zeros become nulls.
    func column(_ name: String, nullIfZero: Bool) throws -> Column {
        guard let index = header.firstIndex(of: name) else { throw TestFailure("no column \(name)") }
        let texts = rows.map { $0[index] }
        if texts.allSatisfy({ Int64($0) != nil }) {
            let values = texts.map { Int64($0)! }
            return Column(.int(values), validity: nullIfZero ? Bitmap(values.map { $0 != 0 }) : nil)
        }
        if texts.allSatisfy({ Double($0) != nil }) {
            let values = texts.map { Double($0)! }
            return Column(.double(values), validity: nullIfZero ? Bitmap(values.map { $0 != 0 }) : nil)
        }
        var builder = StringDictionaryBuilder()
        let codes = texts.map { builder.intern($0) }
        return Column(.text(codes: codes, dictionary: builder.build()))
    }

    /// Group ids by the raw text of a key column, in order of first appearance; one group ""
    /// when `by` is nil.
    func groups(by key: String?) -> (groups: [Int32], index: [String: Int]) {
        guard let key, let column = header.firstIndex(of: key) else {
            return ([Int32](repeating: 0, count: rows.count), ["": 0])
        }
        var index: [String: Int] = [:]
        let groups = rows.map { row -> Int32 in
            let text = row[column]
            if let group = index[text] { return Int32(group) }
            index[text] = index.count
            return Int32(index.count - 1)
        }
        return (groups, index)
    }
}
