import Foundation
import Testing
@testable import MsokoKit

/// `summarize` computes its plain aggregates side by side on both cores (Engine/ParallelAggregates)
/// when the input has at least `minimumRows` rows. Each aggregate is still computed whole by one
/// thread, so the table must be exactly — to the last printed digit — what the same aggregates
/// give one per `summarize` (fewer than two plain aggregates: the serial path).
@Suite struct ParallelAggregatesTests {
    /// 150,000 rows: a key of 37 values, a double and an int with nulls, from a fixed LCG.
    static func writeData() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-paragg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var state: UInt64 = 20_261_202
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var text = "k,x,y\n"
        for _ in 0..<150_000 {
            let k = "K\(next() % 37)"
            let x = next() % 20 == 0 ? "" : String(Double(next() % 1_000_000) / 1000.0 - 200)
            let y = next() % 17 == 0 ? "" : String(Int(next() % 200) - 50)
            text += "\(k),\(x),\(y)\n"
        }
        try text.write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    static let aggregates = ["n = count()", "c = count(x)", "m = mean(x)", "s = sum(y)", "sd = stddev(x)", "v = var(y)",
                             "md = median(y)", "lo = min(x)", "hi = max(y)", "q = quantile(x, 0.9)", "r = round(mean(y), 2)"]

    @Test func sideBySideEqualsOneAtATime() throws {
        #expect(ParallelAggregates.minimumRows <= 150_000)
        let folder = try Self.writeData()
        defer { try? FileManager.default.removeItem(at: folder) }
        let load = "load \"data.csv\" as t\n"
        let together = runScript(load + "t | summarize \(Self.aggregates.joined(separator: ", ")) by k\n", format: .csv, in: folder)
        #expect(together.ok, "\(together.err)")
        let rows = together.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 38)
        for (index, aggregate) in Self.aggregates.enumerated() {
            let alone = runScript(load + "t | summarize \(aggregate) by k\n", format: .csv, in: folder)
            #expect(alone.ok, "\(alone.err)")
            let single = alone.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            #expect(single.count == rows.count)
            for (row, cells) in zip(rows, single) {
                #expect(row[0] == cells[0])
                #expect(row[index + 1] == cells[1], "\(aggregate): \(row) vs \(cells)")
            }
        }
    }

    /// An aggregate that fails is left to the evaluator, which gives its usual message.
    @Test func aFailingAggregateKeepsItsMessage() throws {
        let folder = try Self.writeData()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = runScript("load \"data.csv\" as t\nt | summarize n = count(), m = mean(k), s = sum(y) by k\n", format: .csv, in: folder)
        #expect(!result.ok)
        #expect(result.err.contains("mean"))
        let serial = runScript("load \"data.csv\" as t\nt | summarize m = mean(k) by k\n", format: .csv, in: folder)
        #expect(LateMaterialisationTests.messages(result.err) == LateMaterialisationTests.messages(serial.err))
    }
}
