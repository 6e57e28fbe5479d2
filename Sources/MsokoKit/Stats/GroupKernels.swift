/// Loops shared by the grouped aggregates: walking the non-null rows of a column, and
/// bucketing values by group for the holistic aggregates.
enum GroupKernels {
    /// Calls `body` with each row whose validity bit is set, in ascending order; every row when
    /// `validity` is nil. Walks set bits word by word, so sparse columns cost little.
    @inline(__always)
    static func forEachValidRow(_ validity: Bitmap?, count: Int, _ body: (Int) -> Void) {
        guard let validity else {
            for row in 0..<count { body(row) }
            return
        }
        validity.words.withUnsafeBufferPointer { words in
            for wordIndex in words.indices {
                let base = wordIndex << 6
                var bits = words[wordIndex]
                if base + 64 > count {
                    // Never look past the last row, whatever the spare bits hold.
                    let used = count - base
                    bits &= used <= 0 ? 0 : (UInt64(1) << UInt64(used)) &- 1
                }
                while bits != 0 {
                    body(base + bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
    }

    /// Rows valid in both bitmaps (nil means all valid).
    static func both(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        return a.and(b)
    }

    /// Validity of a column as the kernels read it: no valid rows for a `.null` column.
    static func validity(of column: Column) -> Bitmap? {
        if case .null(let count) = column.storage { return Bitmap(count: count, value: false) }
        return column.validity
    }

    /// The non-null values, ordered by group and ascending within each group (a counting sort
    /// of rows by group id, then a sort per group). Group `g` holds
    /// `values[offsets[g]..<offsets[g + 1]]`.
    static func sortedByGroup<T: StatsSortable>(
        _ values: UnsafeBufferPointer<T>, validity: Bitmap?, groups: UnsafeBufferPointer<Int32>, groupCount: Int
    ) -> (values: [T], offsets: [Int]) {
        let rowCount = groups.count
        var offsets = [Int](repeating: 0, count: groupCount + 1)
        var sorted: [T] = []
        offsets.withUnsafeMutableBufferPointer { offsets in
            forEachValidRow(validity, count: rowCount) { row in offsets[Int(groups[row]) + 1] += 1 }
            for group in 0..<groupCount { offsets[group + 1] += offsets[group] }
            let total = offsets[groupCount]
            var cursor = [Int](offsets[0..<groupCount])
            cursor.withUnsafeMutableBufferPointer { cursor in
                sorted = [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                    forEachValidRow(validity, count: rowCount) { row in
                        let group = Int(groups[row])
                        (buffer.baseAddress! + cursor[group]).initialize(to: values[row])
                        cursor[group] += 1
                    }
                    initialized = total
                }
            }
            sorted.withUnsafeMutableBufferPointer { buffer in
                for group in 0..<groupCount where offsets[group + 1] - offsets[group] > 1 {
                    T.sortForStatistics(UnsafeMutableBufferPointer(rebasing: buffer[offsets[group]..<offsets[group + 1]]))
                }
            }
        }
        return (sorted, offsets)
    }
}
