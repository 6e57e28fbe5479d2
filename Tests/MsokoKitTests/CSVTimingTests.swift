import Foundation
import Testing
import MsokoKit

/// A timing harness for the CSV reader, skipped unless `MSOKO_CSV_TIMING=1`. It measures and
/// prints, it does not assert (machines differ). Run it in a release build:
///
///     MSOKO_CSV_TIMING=1 swift test -c release -Xswiftc -enable-testing \
///         --scratch-path .build-csv-rel --filter CSVTiming
@Suite struct CSVTimingTests {
    /// 1M rows shaped like vpr_task_scores.csv: ints, Cyrillic subjects, school and class codes,
    /// pupil codes, tasks such as `9.1`, scores with ~10 % empty. Deterministic (an LCG).
    static func syntheticTaskScores(rows: Int) -> [UInt8] {
        let subjects = ["Математика", "Русский язык", "Окружающий мир", "История", "Биология", "География",
                        "Физика", "Химия", "Обществознание", "Английский язык"].map { Array($0.utf8) }
        let letters = ["А", "Б", "В", "Г"].map { Array($0.utf8) }
        let tasks = (1...15).map { Array(String($0).utf8) } + ["9.1", "9.2", "10.1", "10.2"].map { Array($0.utf8) }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func digits(_ value: Int, width: Int, into out: inout [UInt8]) {
            var text = Array(String(value).utf8)
            while text.count < width { text.insert(UInt8(ascii: "0"), at: 0) }
            out += text
        }
        var out: [UInt8] = []
        out.reserveCapacity(rows * 52)
        out += Array("year,subject,grade,school_id,class_id,pupil_code,task,score\n".utf8)
        for _ in 0..<rows {
            let grade = 4 + next(8)
            out += Array(String(2023 + next(3)).utf8); out.append(UInt8(ascii: ","))
            out += subjects[next(subjects.count)]; out.append(UInt8(ascii: ","))
            out += Array(String(grade).utf8); out.append(UInt8(ascii: ","))
            out.append(UInt8(ascii: "S")); digits(1 + next(40), width: 2, into: &out); out.append(UInt8(ascii: ","))
            out += Array(String(grade).utf8); out += letters[next(letters.count)]; out.append(UInt8(ascii: ","))
            out.append(UInt8(ascii: "P")); digits(next(70_000), width: 6, into: &out); out.append(UInt8(ascii: ","))
            out += tasks[next(tasks.count)]; out.append(UInt8(ascii: ","))
            if next(10) != 0 { out += Array(String(next(4)).utf8) }
            out.append(0x0A)
        }
        return out
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["MSOKO_CSV_TIMING"] == "1"))
    func timeOneMillionRows() throws {
        let bytes = Self.syntheticTaskScores(rows: 1_000_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-csv-timing-\(getpid()).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var best = Double.infinity
        var bestFromFile = Double.infinity
        var report: CSVReadReport? = nil
        for _ in 0..<5 {
            let clock = ContinuousClock()
            let start = clock.now
            report = try CSVReader.read(bytes: bytes, fileName: "timing.csv", options: CSVOptions())
            let elapsed = clock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            let fileStart = clock.now
            _ = try CSVReader.read(path: path, options: CSVOptions())
            let fileElapsed = clock.now - fileStart
            bestFromFile = min(bestFromFile, Double(fileElapsed.components.seconds) + Double(fileElapsed.components.attoseconds) * 1e-18)
        }
        let table = try #require(report?.table)
        let megabytes = Double(bytes.count) / 1_048_576
        print(String(format: "CSV timing: %d rows, %.1f MiB: best of 5 %.3f s from memory (%.0f MiB/s), %.3f s from file",
                     table.rowCount, megabytes, best, megabytes / best, bestFromFile))
        print("CSV timing: types \(table.columns.map(\.type.rawValue).joined(separator: ", "))")
        #expect(table.rowCount == 1_000_000)
    }
}
