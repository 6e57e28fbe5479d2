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

extension CompensatedSum {
    /// Adds a product without rounding it first: the product and its exact rounding error
    /// (from a fused multiply-add) both go into the sum.
    @inline(__always) mutating func addProduct(_ a: Double, _ b: Double) {
        let product = a * b
        add(product)
        if product.isFinite { add((-product).addingProduct(a, b)) }
    }

    /// The sum divided by `count`, rounded once: the quotient of the leading part, corrected by
    /// its exact remainder (a fused multiply-add) plus the compensation.
    @inline(__always) func divided(by count: Double) -> Double {
        let quotient = sum / count
        guard quotient.isFinite, sum.isFinite else { return value / count }
        let remainder = sum.addingProduct(-quotient, count)   // sum − quotient·count, exactly
        return quotient + (remainder + compensation) / count
    }
}

/// A deviation `value − mean` as an unevaluated sum `leading + trailing` that is exact
/// (Knuth's TwoSum), so sums of squared deviations do not inherit the rounding of each one.
struct ExactDifference {
    var leading: Double
    var trailing: Double

    @inline(__always) init(_ value: Double, minus mean: Double) {
        leading = value - mean
        let virtualValue = leading + mean
        let virtualMean = virtualValue - leading
        trailing = (value - virtualValue) + (virtualMean - mean)
        if !trailing.isFinite { trailing = 0 }
    }
}

extension CompensatedSum {
    /// Adds the product of two exact deviations: the leading product exactly, the cross terms
    /// (far below one ulp of it) as they round.
    @inline(__always) mutating func addProduct(_ a: ExactDifference, _ b: ExactDifference) {
        addProduct(a.leading, b.leading)
        add(a.leading * b.trailing + a.trailing * b.leading)
    }

    @inline(__always) mutating func add(_ deviation: ExactDifference) {
        add(deviation.leading)
        add(deviation.trailing)
    }
}
