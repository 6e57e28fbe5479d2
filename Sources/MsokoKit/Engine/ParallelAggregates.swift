import Dispatch

/// The aggregates of one `summarize` computed side by side on both cores.
///
/// Each aggregate is computed whole by one thread, exactly as the serial path computes it (the
/// same kernel over the same rows in the same order), so results are identical to the last bit:
/// splitting one aggregate's rows between threads would change the order of floating-point
/// additions. Only items that are a plain aggregate of columns (`mean(score)`, `count()`) are
/// taken; anything else — expressions of aggregates, `quantile`'s p, a `def` — and any item whose
/// kernel throws are left to the evaluator, which then gives the same value or the same message.
enum ParallelAggregates {
    /// Fewer input rows than this are not worth a thread.
    static let minimumRows = 100_000

    /// One result per item: the column, or nil for the items the evaluator computes.
    static func compute(_ items: [StageItem], table: Table, groups: [Int32], groupCount: Int,
                        functions: [String: UserFunction]) -> [Column?] {
        var results = [Column?](repeating: nil, count: items.count)
        guard table.rowCount >= minimumRows else { return results }
        var jobs: [(position: Int, function: AggregateFunction, arguments: [Column])] = []
        for (position, item) in items.enumerated() {
            guard case .call(let name, let arguments) = item.expr.kind, functions[name] == nil,
                  let function = AggregateFunction(rawValue: name), function != .quantile,
                  function.argumentCount.contains(arguments.count) else { continue }
            var columns: [Column] = []
            for argument in arguments {
                guard let name = argument.columnName, let index = table.index(of: name) else { break }
                let column = table.columns[index]
                columns.append(column)
            }
            guard columns.count == arguments.count else { continue }
            jobs.append((position, function, columns))
        }
        guard jobs.count >= 2 else { return results }
        // The costliest first: the threads take iterations in order, so a standard deviation
        // (two compensated passes) started last would finish alone after the cheap ones.
        jobs.sort { cost($0.function) > cost($1.function) }
        let computed = UnsafeMutableBufferPointer<Column?>.allocate(capacity: jobs.count)
        computed.initialize(repeating: nil)
        defer {
            computed.deinitialize()
            computed.deallocate()
        }
        // Each iteration writes only its own slot; the inputs are immutable values.
        nonisolated(unsafe) let slots = computed
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let job = work[index]
            slots[index] = try? GroupedAggregation.compute(job.function, arguments: job.arguments, parameter: nil,
                                                           groups: groups, groupCount: groupCount)
        }
        for (index, job) in jobs.enumerated() { results[job.position] = computed[index] }
        return results
    }

    /// A rough rank of an aggregate's work per row, for ordering the jobs.
    static func cost(_ function: AggregateFunction) -> Int {
        switch function {
        case .count, .count_if, .pct, .min, .max, .first, .last: return 0
        case .sum: return 1
        case .mean: return 2
        case .stddev, .var: return 3
        default: return 4   // sorting per group (median, mode), ranks, intervals
        }
    }
}
