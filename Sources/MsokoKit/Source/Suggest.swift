/// "Did you mean …": the closest candidate by edit distance, when it is close enough.
public enum Suggest {
    /// Damerau–Levenshtein (optimal string alignment) distance over characters, case-folded.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previousPrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, previousPrevious[j - 2] + 1)
                }
                current[j] = best
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[y.count]
    }

    /// The best candidate within a distance of about a third of the word, or nil.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let length = word.lowercased().count
        let limit = max(1, min(3, (word.count + 2) / 3))
        var best: (String, Int)?
        // Lengths further apart than the limit are further apart in distance too: skipping them
        // keeps a megabyte-long name (generated input) from costing a megabyte × each candidate.
        for candidate in candidates where abs(candidate.lowercased().count - length) <= limit {
            let d = distance(word, candidate)
            guard d <= limit else { continue }
            if let current = best, current.1 <= d { continue }
            best = (candidate, d)
        }
        if let best { return best.0 }
        // A different case or a prefix is also a likely slip.
        return candidates.first { $0.lowercased() == word.lowercased() }
    }

    /// "did you mean `x`?" or nil.
    public static func hint(for word: String, among candidates: [String]) -> String? {
        closest(to: word, among: candidates).map { tr("suggest.did_you_mean", ["name": $0]) }
    }
}
