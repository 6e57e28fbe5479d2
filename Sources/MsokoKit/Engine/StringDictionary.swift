/// The distinct strings of a text column; the column stores 32-bit codes into it.
///
/// Immutable once built, so columns derived by filtering, sorting or joining share it.
public final class StringDictionary: Sendable {
    public let values: [String]
    /// Each code's rank in code-point (UTF-8 byte) order, for sorting and comparing. An empty
    /// dictionary still has one entry: the rows of an all-null text column carry code 0, and
    /// the kernels that map codes to ranks must not index past the end for them.
    public let ranks: [Int32]

    public init(_ values: [String]) {
        self.values = values
        let order = values.indices.sorted { Self.less(values[$0], values[$1]) }
        var ranks = [Int32](repeating: 0, count: values.count)
        for (rank, code) in order.enumerated() { ranks[code] = Int32(rank) }
        self.ranks = values.isEmpty ? [0] : ranks
    }

    public var count: Int { values.count }

    /// Code-point order: UTF-8 byte order equals Unicode scalar order.
    @inline(__always) public static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The code of `value`, if present (linear index built on demand by callers that need many).
    public func code(of value: String) -> Int32? {
        values.firstIndex(of: value).map { Int32($0) }
    }

    public static let empty = StringDictionary([])
}

/// Builds a dictionary-encoded column: interns strings, hands out codes.
public struct StringDictionaryBuilder {
    public private(set) var values: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    /// Starts from an existing dictionary, keeping its codes.
    public init(_ dictionary: StringDictionary) {
        values = dictionary.values
        for (code, value) in values.enumerated() { index[value] = Int32(code) }
    }

    public mutating func intern(_ value: String) -> Int32 {
        if let code = index[value] { return code }
        let code = Int32(values.count)
        values.append(value)
        index[value] = code
        return code
    }

    public func build() -> StringDictionary { StringDictionary(values) }
}
