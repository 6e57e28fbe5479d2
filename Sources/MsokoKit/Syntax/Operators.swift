/// An operator between two operands, decided once by the parser: the evaluator and the kernels
/// switch on it rather than compare the text as written at every evaluation.
public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case and, or
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The comparison kernels' operator, for `==` … `>=`; nil for arithmetic and logic.
    public var comparison: CompareOp? {
        switch self {
        case .equal: return .eq
        case .notEqual: return .ne
        case .less: return .lt
        case .lessOrEqual: return .le
        case .greater: return .gt
        case .greaterOrEqual: return .ge
        case .add, .subtract, .multiply, .divide, .remainder, .and, .or: return nil
        }
    }

    /// `and` / `or`: three-valued logic rather than arithmetic.
    public var isLogical: Bool { self == .and || self == .or }

    /// As written, for messages (`cannot apply + to text and int`).
    public var text: String { rawValue }
}

/// An operator before one operand: `-x`, `not x`.
public enum UnaryOp: String, Sendable {
    case negate = "-"
    case not

    public var text: String { rawValue }
}
