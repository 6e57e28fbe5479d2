// TEMPORARY: replaced by the stats branch. Minimal aggregates so the interpreter builds.
public enum AggregateFunction: String, CaseIterable, Sendable {
    case count, count_if, sum, mean, median, quantile, min, max, stddev, `var`, mode, pct, distinct_count, corr, first, last
    public var summary: String { rawValue }
    public var signature: String { "\(rawValue)(x)" }
    public var example: String { "vpr | summarize x = \(rawValue)(mark)" }
    public var argumentCount: ClosedRange<Int> {
        switch self {
        case .count: return 0...1
        case .quantile, .corr: return 2...2
        default: return 1...1
        }
    }
    public func resultType(argumentTypes: [DataType]) throws(MsokoError) -> DataType { .double }
}

public enum GroupedAggregation {
    public static func compute(_ function: AggregateFunction, arguments: [Column], parameter: Double?,
                               groups: [Int32], groupCount: Int) throws(MsokoError) -> Column {
        var out = [Value](repeating: .null, count: groupCount)
        var counts = [Int](repeating: 0, count: groupCount)
        var sums = [Double](repeating: 0, count: groupCount)
        for row in groups.indices {
            let g = Int(groups[row])
            if let a = arguments.first {
                if a.isNull(row) { continue }
                if function == .count_if || function == .pct {
                    if case .bool(true) = a.value(at: row) { sums[g] += 1 }
                } else if let d = a.value(at: row).asDouble { sums[g] += d }
            }
            counts[g] += 1
        }
        for g in 0..<groupCount {
            switch function {
            case .count: out[g] = .int(Int64(counts[g]))
            case .count_if: out[g] = .int(Int64(sums[g]))
            case .pct: out[g] = counts[g] == 0 ? .null : .double(sums[g] / Double(counts[g]) * 100)
            case .sum: out[g] = .double(sums[g])
            default: out[g] = counts[g] == 0 ? .null : .double(sums[g] / Double(counts[g]))
            }
        }
        return Column.from(out)
    }
}
