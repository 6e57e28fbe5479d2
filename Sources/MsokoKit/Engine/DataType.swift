/// The type of a column or a value.
public enum DataType: String, Sendable, CaseIterable {
    case int        // 64-bit signed integer
    case double     // IEEE 754 double
    case text       // UTF-8 string, dictionary-encoded in columns
    case bool
    case date       // days since 1970-01-01, shown as ISO 8601
    case null       // a column or value with no type yet (all null)

    public var isNumeric: Bool { self == .int || self == .double }

    /// Parses the names accepted by `types = {col: "text"}` and casts.
    public init?(userName: String) {
        switch userName.lowercased() {
        case "int", "integer", "int64", "bigint": self = .int
        case "double", "float", "real", "number", "numeric": self = .double
        case "text", "string", "str", "varchar": self = .text
        case "bool", "boolean": self = .bool
        case "date": self = .date
        default: return nil
        }
    }
}
