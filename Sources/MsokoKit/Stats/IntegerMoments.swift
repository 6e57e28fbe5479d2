/// Mean, variance and standard deviation of integer columns from exact integer sums.
///
/// Marks, scores and counts are small integers. For them Σx and Σx² per group are exact in 64
/// bits, and the variance is the exact fraction (n·Σx² − (Σx)²) / (n(n − 1)); what remains is to
/// round that fraction (or its square root) to a double once. That is one pass over the rows
/// with two integer additions — against the compensated two-pass sums of `GroupedAggregation`,
/// which cost a dozen floating-point operations a row — and the result is the correctly rounded
/// value, which is what Python's `statistics` (exact fractions) gives.
///
/// Used only when the sums cannot overflow: every |x| ≤ 2^31 and rows × max|x|² < 2^62, and at
/// most 2^31 rows. Anything else (pupil codes summed, huge counts) takes the compensated path.
/// Hand-written: no package does correctly rounded division and square roots of 128-bit fractions.
enum IntegerMoments {
    /// Whether `rows` values within `low…high` sum (and sum their squares) exactly in 64 bits.
    static func fits(low: Int64, high: Int64, rows: Int) -> Bool {
        guard rows < 1 << 31, low >= -(1 << 31), high <= 1 << 31 else { return false }
        let largest = UInt64(Swift.max(low.magnitude, high.magnitude))
        let square = largest * largest                       // ≤ 2^62
        let (total, overflow) = square.multipliedReportingOverflow(by: UInt64(Swift.max(rows, 1)))
        return !overflow && total < 1 << 62
    }

    /// Per group: the count of valid values, Σx and Σx² (the squares only when asked).
    struct Sums {
        var counts: [Int]
        var sums: [Int64]
        var squares: [UInt64]
    }

    static func sums<T: NarrowInt>(_ values: UnsafeBufferPointer<T>, validity: Bitmap?, groups: UnsafeBufferPointer<Int32>,
                                   groupCount: Int, squares wantSquares: Bool) -> Sums {
        var counts = [Int](repeating: 0, count: groupCount)
        var sums = [Int64](repeating: 0, count: groupCount)
        var squares = [UInt64](repeating: 0, count: wantSquares ? groupCount : 0)
        counts.withUnsafeMutableBufferPointer { counts in
            sums.withUnsafeMutableBufferPointer { sums in
                squares.withUnsafeMutableBufferPointer { squares in
                    if wantSquares {
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            let value = Int64(values[row])
                            counts[group] &+= 1
                            sums[group] &+= value
                            squares[group] &+= UInt64(bitPattern: value &* value)
                        }
                    } else {
                        GroupKernels.forEachValidRow(validity, count: groups.count) { row in
                            let group = Int(groups[row])
                            counts[group] &+= 1
                            sums[group] &+= Int64(values[row])
                        }
                    }
                }
            }
        }
        return Sums(counts: counts, sums: sums, squares: squares)
    }

    /// Σx / n rounded once.
    static func mean(sum: Int64, count: Int) -> Double {
        // Both operands are exact doubles below 2^53, so IEEE division rounds the quotient once.
        if sum.magnitude <= 1 << 53 { return Double(sum) / Double(count) }
        let quotient = roundedQuotient(UInt128(sum.magnitude), UInt128(count))
        return sum < 0 ? -quotient : quotient
    }

    /// The sample variance's exact numerator n·Σx² − (Σx)² and denominator n(n − 1); n ≥ 2.
    static func varianceFraction(sum: Int64, squares: UInt64, count: Int) -> (numerator: UInt128, denominator: UInt128) {
        let n = UInt128(count)
        let square = UInt128(sum.magnitude) * UInt128(sum.magnitude)
        let scaled = n * UInt128(squares)
        // Cauchy–Schwarz: n·Σx² ≥ (Σx)², so the difference is never negative.
        return (scaled >= square ? scaled - square : 0, n * (n - 1))
    }

    static func variance(sum: Int64, squares: UInt64, count: Int) -> Double {
        let (numerator, denominator) = varianceFraction(sum: sum, squares: squares, count: count)
        return roundedQuotient(numerator, denominator)
    }

    static func standardDeviation(sum: Int64, squares: UInt64, count: Int) -> Double {
        let (numerator, denominator) = varianceFraction(sum: sum, squares: squares, count: count)
        return roundedSquareRoot(numerator, denominator)
    }

    // MARK: Correct rounding of fractions

    /// ⌊a·2^shift / b⌋ and whether it was inexact; the caller keeps the quotient below 2^120.
    /// A positive shift is carried out 60 bits at a time on the remainder (< b ≤ 2^66), so no
    /// intermediate leaves 128 bits; a negative one scales the divisor.
    static func scaledQuotient(_ a: UInt128, _ b: UInt128, shift: Int) -> (quotient: UInt128, inexact: Bool) {
        if shift <= 0 {
            let divisor = b << UInt128(-shift)
            let (quotient, remainder) = a.quotientAndRemainder(dividingBy: divisor)
            return (quotient, remainder != 0)
        }
        var (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
        var left = shift
        while left > 0 {
            let step = Swift.min(left, 60)
            let (more, rest) = (remainder << UInt128(step)).quotientAndRemainder(dividingBy: b)
            quotient = quotient << UInt128(step) + more
            remainder = rest
            left -= step
        }
        return (quotient, remainder != 0)
    }

    static func bitWidth(_ value: UInt128) -> Int { 128 - value.leadingZeroBitCount }

    /// a / b rounded to the nearest double (ties to even); a ≥ 0, 0 < b < 2^66.
    static func roundedQuotient(_ a: UInt128, _ b: UInt128) -> Double {
        guard a != 0, b != 0 else { return 0 }
        // 63 or 64 quotient bits: 53 kept, a round bit and ≥ 9 bits below it for the sticky bit.
        let shift = 63 - (bitWidth(a) - bitWidth(b))
        let (quotient, inexact) = scaledQuotient(a, b, shift: shift)
        return scaled(UInt64(truncatingIfNeeded: quotient) | (inexact ? 1 : 0), by: -shift)
    }

    /// √(a / b) rounded to the nearest double; a ≥ 0, 0 < b < 2^66.
    static func roundedSquareRoot(_ a: UInt128, _ b: UInt128) -> Double {
        guard a != 0, b != 0 else { return 0 }
        // q = ⌊a·4^k / b⌋ of 110 or 111 bits, so s = ⌊√q⌋ = ⌊√(a/b)·2^k⌋ has 55 or 56 bits
        // (⌊√⌊x⌋⌋ = ⌊√x⌋); √(a/b)·2^k is a whole number only if q is exact and a perfect square.
        var twiceK = 110 - (bitWidth(a) - bitWidth(b))
        if twiceK & 1 != 0 { twiceK += 1 }
        let (q, inexact) = scaledQuotient(a, b, shift: twiceK)
        var root = UInt128(Double(q).squareRoot())
        while root * root > q { root -= 1 }
        while (root + 1) * (root + 1) <= q { root += 1 }
        let exact = !inexact && root * root == q
        return scaled(UInt64(truncatingIfNeeded: root) | (exact ? 0 : 1), by: -(twiceK / 2))
    }

    /// value·2^exponent: `value` rounded to a double once (its lowest bit is a sticky bit below
    /// the rounding position), then scaled exactly.
    private static func scaled(_ value: UInt64, by exponent: Int) -> Double {
        let rounded = Double(value)
        return Double(sign: .plus, exponent: exponent, significand: rounded)
    }
}
