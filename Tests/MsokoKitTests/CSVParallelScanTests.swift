import Testing
@testable import MsokoKit

/// Pass 1 on two cores (`IO/CSV/CSVParallelScan.swift`) must give what the sequential scan gives.
/// A file with a quote anywhere is scanned sequentially, so each case reads a clean file and the
/// same file with one quoted record added at its end, and compares every row before it.
@Suite struct CSVParallelScanTests {
    /// About 1.5 MB: above `CSVParallelScan.minimumBytes`, so the clean file takes both cores.
    static func lines(_ rows: Int = 60_000, line: (Int) -> String) -> String {
        (0..<rows).map(line).joined()
    }

    static func sameAsSequential(_ text: String, header: String, extra: String,
                                 _ configure: @escaping (inout CSVOptions) -> Void = { _ in }) throws {
        #expect(text.utf8.count >= CSVParallelScan.minimumBytes)
        let parallel = try CSVTestSupport.read(header + text, configure)
        let sequential = try CSVTestSupport.read(header + text + extra, configure)
        #expect(parallel.table.names == sequential.table.names)
        #expect(parallel.table.rowCount + 1 == sequential.table.rowCount)
        let parallelCells = CSVTestSupport.cells(parallel.table)
        let sequentialCells = Array(CSVTestSupport.cells(sequential.table).dropLast())
        #expect(parallelCells == sequentialCells)
        #expect(parallel.table.columns.map(\.type) == sequential.table.columns.map(\.type))
    }

    @Test func plainRowsBlankLinesAndCRLF() throws {
        let text = Self.lines { row in
            let ending = row % 3 == 0 ? "\r\n" : "\n"
            let blank = row % 1000 == 999 ? "\n\n" : ""
            return "\(row),S\(row % 600),\(row % 7 == 0 ? "" : String(row % 3)),Математика\(ending)\(blank)"
        }
        try Self.sameAsSequential(text, header: "id,school_id,score,subject\n", extra: "1,\"S1\",2,x\n")
    }

    @Test func trailingDelimiterAndNullPadding() throws {
        let text = Self.lines(120_000) { row in row % 5 == 0 ? "\(row);a\(row % 9)\n" : "\(row);a\(row % 9);\(row % 4);\n" }
        try Self.sameAsSequential(text, header: "id;code;n;\n", extra: "1;\"b\";2;\n") { $0.nullPadding = true }
    }

    @Test func aRaggedRowInTheSecondHalfIsReportedAtItsLine() throws {
        let rows = 60_000
        let text = Self.lines(rows) { row in row == rows - 10 ? "\(row),1,2\n" : "\(row),1\n" }
        let error = CSVTestSupport.error { try CSVTestSupport.read("a,b\n" + text) }
        #expect(error?.data?.line == rows - 10 + 2)
        let skipped = try CSVTestSupport.read("a,b\n" + text) { $0.ignoreErrors = true }
        #expect(skipped.table.rowCount == rows - 1)
        #expect(skipped.skippedRows == 1)
    }
}
