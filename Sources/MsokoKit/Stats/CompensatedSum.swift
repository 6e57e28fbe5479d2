/// Neumaier's compensated sum (improved Kahan–Babuška): keeps the rounding error of each
/// addition in a second accumulator, so the result is as if summed in about twice the precision
/// and does not depend on the order of the values for all practical inputs. Sums of integers
/// below 2^53 come out exact.
struct CompensatedSum {
    var sum = 0.0
    var compensation = 0.0

    @inline(__always) mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    /// The sum. When it is infinite or NaN the compensation is meaningless (inf − inf) and is
    /// dropped, so `[1, +inf]` sums to +inf, not NaN.
    @inline(__always) var value: Double {
        sum.isFinite ? sum + compensation : sum
    }
}
