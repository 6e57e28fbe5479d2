import Foundation
import XCTest
@testable import MsokoKit

/// PRODUCT.md's file contract, kept: the whole year (Scripts/year.msoko) runs on a district whose
/// files have exactly the columns PRODUCT.md lists and whose optional files are absent; and what
/// it finds does not depend on the shape of the ids.
final class ContractTests: XCTestCase {
    /// The columns PRODUCT.md ("The sample district", the table of core files) lists for each
    /// file: "all a district can be expected to have". Optional columns (`reference_results.n`,
    /// `mark_scales.exam`, `schools.fisoko_login`, `classes.pupils`) are not among them.
    static let contractColumns: [String: [String]] = [
        "schools.csv": ["school_id", "school_name", "settlement", "school_type", "rural"],
        "teachers.csv": ["teacher_id", "teacher_name", "school_id", "subject", "category", "experience_years"],
        "classes.csv": ["year", "school_id", "class_id", "grade", "subject", "teacher_id"],
        "tasks.csv": ["year", "subject", "grade", "task", "max_score", "level", "skill_code", "skill"],
        "mark_scales.csv": ["year", "subject", "grade", "mark", "min_score", "max_score"],
        "vpr_results.csv": ["year", "subject", "grade", "school_id", "class_id", "pupil_code", "variant", "status",
                            "primary_score", "mark", "journal_mark"],
        "vpr_task_scores.csv": ["year", "subject", "grade", "school_id", "class_id", "pupil_code", "task", "score"],
        "reference_results.csv": ["year", "subject", "grade", "scope", "indicator", "task", "value"],
        "courses.csv": ["course_id", "title", "skill_codes", "hours", "provider"],
        "course_enrolments.csv": ["teacher_id", "course_id", "year", "status"],
    ]
    /// PRODUCT.md's optional files, and teacher_diagnostics.csv (the regional centre runs the
    /// diagnostics every few years): a district may have none of them.
    static let absentFiles = ["gia_results.csv", "task_skills.csv", "recommendations.csv", "teacher_diagnostics.csv"]

    static let datasets = TestPaths.repository.appendingPathComponent("Datasets")

    override func tearDown() {
        for folder in made { try? FileManager.default.removeItem(at: folder) }
        made = []
    }

    var made: [URL] = []

    func folder(_ name: String) -> URL {
        let url = Domain.temporaryFolder(name)
        made.append(url)
        return url
    }

    /// Runs Scripts/year.msoko in-process on `data`, writing into `out`; the notes it printed.
    func runYear(data: URL, out: URL) throws -> [String] {
        let session = try Domain.session("run \"Scripts/year.msoko\"", parameters: ["data": data.path, "out": out.path, "year": "2025"])
        return (session.sink as? CollectingSink)?.notes ?? []
    }

    func testYearRunsOnExactlyTheContractColumnsWithoutOptionalFiles() throws {
        let data = folder("contract-data")
        for (file, columns) in Self.contractColumns {
            let (header, rows) = Domain.parseCSV(try String(contentsOf: Self.datasets.appendingPathComponent(file), encoding: .utf8))
            let positions = try columns.map { column in
                try XCTUnwrap(header.firstIndex(of: column), "Datasets/\(file) has no contract column \(column)")
            }
            try writeCSV(columns, rows.map { row in positions.map { row[$0] } }, to: data.appendingPathComponent(file))
        }
        for file in Self.absentFiles {
            XCTAssertFalse(FileManager.default.fileExists(atPath: data.appendingPathComponent(file).path))
        }
        let out = folder("contract-out")
        let notes = try runYear(data: data, out: out)

        let findings = try Domain.readCSV(out.appendingPathComponent("findings.csv"))
        XCTAssertEqual(findings.header, DomainAnnualTests.contract)
        XCTAssertFalse(findings.rows.isEmpty, "findings on the contract-only district")
        XCTAssertFalse(findings.rows.contains { $0["kind"] == "dynamics" && $0["scope"] == "teacher" }, "no register of last year, no monitoring")
        let register = try Domain.readCSV(out.appendingPathComponent("recommendations.csv"))
        XCTAssertFalse(register.rows.isEmpty, "the register starts with this year's recommendations")
        XCTAssertEqual(register.header, RegisterContract.columns)
        // Beside each file people open, a workbook that Russian Excel opens right by double-click:
        // the same header and rows as the machine CSV.
        for (csv, workbook) in [("findings.csv", "findings.xlsx"), ("recommendations.csv", "recommendations.xlsx"), ("monitoring.csv", "monitoring.xlsx")] {
            let machine = try Domain.readCSV(out.appendingPathComponent(csv))
            let session = try Domain.session("load \"\(out.appendingPathComponent(workbook).path)\" as book")
            let book = try XCTUnwrap(session.datasets["book"]?.table, workbook)
            XCTAssertEqual(book.names, machine.header, workbook)
            XCTAssertEqual(book.rowCount, machine.rows.count, workbook)
        }

        // One note for each absent file, and one for each optional column added.
        for file in Self.absentFiles {
            let said = notes.filter { $0.contains("/\(file) is absent") }
            XCTAssertEqual(said.count, 1, "one note on \(file) in:\n" + notes.joined(separator: "\n"))
        }
        for (file, column) in [("reference_results.csv", "n"), ("mark_scales.csv", "exam"), ("schools.csv", "fisoko_login"), ("classes.csv", "pupils")] {
            let said = notes.filter { $0.contains("/\(file)) has no column `\(column)`") }
            XCTAssertEqual(said.count, 1, "one note on \(file) lacking \(column) in:\n" + notes.joined(separator: "\n"))
        }
    }

    func testFindingsDoNotDependOnTheShapeOfIds() throws {
        // Every school and teacher id gets another shape (`S03` → `sch0931NN`, `T009` → a code of
        // digits with a leading zero), in reverse order, consistently in every file: in the id
        // columns and inside last year's register's addressee_id and finding_id.
        let schoolIds = try ids(in: "schools.csv", column: "school_id")
        let teacherIds = try ids(in: "teachers.csv", column: "teacher_id")
        var rename: [String: String] = [:]
        for (index, id) in schoolIds.enumerated() { rename[id] = String(format: "sch0931%02d", schoolIds.count - index) }
        for (index, id) in teacherIds.enumerated() { rename[id] = String(format: "0%03d", teacherIds.count - index) }

        let data = folder("renamed-data")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.datasets.path).filter { $0.hasSuffix(".csv") && $0 != "truth.csv" }
        for file in files {
            let (header, rows) = Domain.parseCSV(try String(contentsOf: Self.datasets.appendingPathComponent(file), encoding: .utf8))
            let renamed = rows.map { row in
                zip(header, row).map { column, value in
                    ["school_id", "teacher_id", "addressee_id", "finding_id"].contains(column) ? Self.replacingIds(value, rename) : value
                }
            }
            try writeCSV(header, renamed, to: data.appendingPathComponent(file))
        }

        let originalOut = folder("original-out")
        _ = try runYear(data: Self.datasets, out: originalOut)
        let renamedOut = folder("renamed-out")
        _ = try runYear(data: data, out: renamedOut)

        let original = try Domain.readCSV(originalOut.appendingPathComponent("findings.csv")).rows
        let renamed = try Domain.readCSV(renamedOut.appendingPathComponent("findings.csv")).rows
        func kinds(_ rows: [[String: String]]) -> [String: Int] {
            rows.reduce(into: [:]) { counts, row in counts["\(row["kind"] ?? "") \(row["scope"] ?? "")", default: 0] += 1 }
        }
        XCTAssertEqual(kinds(renamed), kinds(original), "findings by kind and scope")
        // The original findings with their ids renamed are the very same findings: values,
        // evidence, wording. (Renaming this way round: a new teacher id such as `0008` is also
        // a run of digits inside a number, an old one such as `T009` is not.)
        func lines(_ rows: [[String: String]], _ map: [String: String]) -> [String] {
            rows.map { row in row.keys.sorted().map { "\($0)=\(Self.replacingIds(row[$0] ?? "", map))" }.joined(separator: "|") }.sorted()
        }
        XCTAssertEqual(lines(renamed, [:]), lines(original, rename))
        let originalRegister = try Domain.readCSV(originalOut.appendingPathComponent("recommendations.csv")).rows
        let renamedRegister = try Domain.readCSV(renamedOut.appendingPathComponent("recommendations.csv")).rows
        XCTAssertEqual(renamedRegister.count, originalRegister.count, "recommendations in the register")
        let originalMonitoring = try Domain.readCSV(originalOut.appendingPathComponent("monitoring.csv")).rows
        let renamedMonitoring = try Domain.readCSV(renamedOut.appendingPathComponent("monitoring.csv")).rows
        XCTAssertEqual(lines(renamedMonitoring, [:]), lines(originalMonitoring, rename), "monitoring of last year's register")
    }

    /// The distinct values of a column of a sample file, in file order.
    func ids(in file: String, column: String) throws -> [String] {
        let (header, rows) = Domain.parseCSV(try String(contentsOf: Self.datasets.appendingPathComponent(file), encoding: .utf8))
        let position = try XCTUnwrap(header.firstIndex(of: column))
        var seen: Set<String> = []
        return rows.map { $0[position] }.filter { seen.insert($0).inserted }
    }

    /// Replaces every run of letters and digits that is a key of `map` (`F2025-objectivity-S03`,
    /// `S11: ШМО …`); everything else is kept as it is.
    static func replacingIds(_ text: String, _ map: [String: String]) -> String {
        guard !map.isEmpty else { return text }
        var out = ""
        var word = ""
        func flush() {
            out += map[word] ?? word
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber { word.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }

    func writeCSV(_ header: [String], _ rows: [[String]], to url: URL) throws {
        func field(_ value: String) -> String {
            value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var text = header.map(field).joined(separator: ",") + "\n"
        for row in rows { text += row.map(field).joined(separator: ",") + "\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
