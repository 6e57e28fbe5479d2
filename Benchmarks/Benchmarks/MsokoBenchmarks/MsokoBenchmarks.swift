// The same work as compare.py gives DuckDB, pandas and sqlite3: read a 1M-row task-score CSV,
// then filter + four aggregates by two keys. Data: `python3 make_data.py` (Benchmarks/data/).
import Benchmark
import Foundation
import MsokoKit

final class NullSink: OutputSink {
    func table(_ table: Table) {}
    func text(_ text: String) {}
    func note(_ text: String) {}
}

let dataPath: String = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return ProcessInfo.processInfo.environment["MSOKO_BENCH_CSV"] ?? here.appendingPathComponent("data/task_scores_1m.csv").path
}()

let query = """
scores | where grade >= 5 and score is not null
       | summarize n = count(), mean_score = mean(score), total = sum(score), sd = stddev(score) by school_id, task
"""

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(20), maxIterations: 10)

    Benchmark("read CSV 1M rows") { benchmark in
        var options = CSVOptions()
        options.types = ["task": .text]
        for _ in benchmark.scaledIterations {
            let report = try CSVReader.read(path: dataPath, options: options)
            blackHole(report.table.rowCount)
        }
    }

    Benchmark("filter + 4 aggregates by 2 keys (1M rows in memory)") { benchmark in
        let session = Session(sink: NullSink())
        try session.run(text: "load \"\(dataPath)\" as scores with types = {task: \"text\"}", name: "<setup>")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try session.run(text: query, name: "<bench>")
        }
    }
}
