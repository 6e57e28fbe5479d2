/// `+` on two texts: joins them row by row into a new dictionary. Kept apart from the numeric
/// kernels (one file per kernel); `ArithmeticKernels.evaluate` dispatches here.
extension ArithmeticKernels {
    static func concatenate(_ lhs: Operand, _ rhs: Operand, count: Int) -> Operand {
        if case .scalar(let a) = lhs, case .scalar(let b) = rhs {
            return .scalar(.text(a.plainText + b.plainText))
        }
        var builder = StringDictionaryBuilder()
        var codes = [Int32](repeating: 0, count: count)
        let validity = combinedValidity(lhs, rhs, count: count)
        for row in 0..<count where validity?[row] ?? true {
            codes[row] = builder.intern(lhs.value(at: row).plainText + rhs.value(at: row).plainText)
        }
        return .column(Column(.text(codes: codes, dictionary: builder.build()), validity: validity))
    }
}
