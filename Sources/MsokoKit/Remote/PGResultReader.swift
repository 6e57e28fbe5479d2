import CLibPQ
import Foundation

/// Reads libpq results (text format) into typed column builders, batch after batch, and makes a
/// `Table` of them at the end. Each cell is parsed from libpq's bytes straight into the column's
/// array (integers and dates by hand, doubles by strtod, text interned into the column's
/// dictionary): nothing is boxed into a `Value`.
struct PGResultReader {
    /// The column types msoko reads, by the server's type OID (pg_type.oid, stable across
    /// versions); anything else is refused with the column's name and type.
    static func dataType(oid: UInt32) -> DataType? {
        switch oid {
        case 20, 21, 23, 26: return .int            // int8, int2, int4, oid
        case 700, 701, 1700: return .double         // float4, float8, numeric
        case 25, 1043, 1042, 19, 18, 705: return .text   // text, varchar, bpchar, name, "char", unknown
        case 16: return .bool
        case 1082: return .date
        default: return nil
        }
    }

    private let server: String
    private let names: [String]
    private var columns: [PGColumnBuilder]
    private var rows = 0

    /// Builders for the columns `result` describes (a result of zero rows describes them too);
    /// a column of a type msoko lacks is an error naming it and its type.
    init(_ result: OpaquePointer, connection: PGConnection) throws {
        server = connection.server
        let count = Int(PQnfields(result))
        var names: [String] = []
        var columns: [PGColumnBuilder] = []
        for field in 0..<count {
            let name = PGConnection.string(PQfname(result, Int32(field)))
            let oid = UInt32(PQftype(result, Int32(field)))
            guard let type = PGResultReader.dataType(oid: oid) else {
                let typeName = connection.typeName(oid: oid, modifier: PQfmod(result, Int32(field)))
                throw MsokoError(.remote(server: connection.server, problem: .unsupportedType(column: name, type: typeName)))
            }
            names.append(name)
            // char(n) pads with blanks that PostgreSQL itself ignores (it drops them when casting
            // to text and when comparing): msoko drops them too, as `::text` would.
            columns.append(PGColumnBuilder(type, trimTrailingBlanks: oid == 1042))
        }
        self.names = Table.uniqueNames(names)
        self.columns = columns
    }

    /// Appends every row of `result` (a batch of the cursor).
    mutating func append(_ result: OpaquePointer) throws {
        let count = Int(PQntuples(result))
        guard count > 0 else { return }
        for (field, builder) in columns.enumerated() {
            builder.reserve(rows + count)
            let column = Int32(field)
            for row in 0..<Int32(count) {
                if PQgetisnull(result, row, column) != 0 {
                    builder.appendNull()
                } else if let bytes = PQgetvalue(result, row, column) {
                    let length = Int(PQgetlength(result, row, column))
                    try bytes.withMemoryRebound(to: UInt8.self, capacity: length + 1) { pointer in
                        if !builder.append(pointer, length) {
                            let value = String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
                            throw MsokoError(.remote(server: server, problem: .badValue(column: names[field], value: value)))
                        }
                    }
                } else {
                    builder.appendNull()
                }
            }
        }
        rows += count
    }

    func table() -> Table {
        Table(names: names, columns: columns.map { $0.build() }, rowCount: rows)
    }
}

/// One column's values as they arrive. A class, so the arrays grow in place batch after batch.
final class PGColumnBuilder {
    let type: DataType
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var codes: [Int32] = []
    private var dictionary = StringDictionaryBuilder()
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var validity = Bitmap(count: 0, value: false)
    private var anyNull = false
    private let trimTrailingBlanks: Bool

    init(_ type: DataType, trimTrailingBlanks: Bool = false) {
        self.type = type
        self.trimTrailingBlanks = trimTrailingBlanks
    }

    func reserve(_ capacity: Int) {
        switch type {
        case .int: ints.reserveCapacity(capacity)
        case .double: doubles.reserveCapacity(capacity)
        case .text: codes.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .date: dates.reserveCapacity(capacity)
        case .null: break
        }
    }

    func appendNull() {
        anyNull = true
        validity.append(false)
        switch type {
        case .int: ints.append(0)
        case .double: doubles.append(0)
        case .text: codes.append(0)
        case .bool: bools.append(false)
        case .date: dates.append(0)
        case .null: break
        }
    }

    /// Parses one cell of libpq's text output; false when msoko cannot hold it (an infinite
    /// date). The server wrote it, so its shape is known: no other validation is needed.
    func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch type {
        case .int:
            ints.append(PGColumnBuilder.parseInt(p, n))
        case .double:
            // strtod reads NaN, Infinity and -Infinity as the server writes them.
            doubles.append(p.withMemoryRebound(to: CChar.self, capacity: n + 1) { strtod($0, nil) })
        case .text:
            var length = n
            if trimTrailingBlanks { while length > 0 && p[length - 1] == UInt8(ascii: " ") { length -= 1 } }
            codes.append(dictionary.intern(String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)))
        case .bool:
            bools.append(n > 0 && p[0] == UInt8(ascii: "t"))
        case .date:
            guard let days = PGColumnBuilder.parseDate(p, n) else { return false }
            dates.append(days)
        case .null:
            break
        }
        validity.append(true)
        return true
    }

    func build() -> Column {
        let valid = anyNull ? validity : nil
        switch type {
        case .int: return Column(.int(IntVector(ints)), validity: valid)
        case .double: return Column(.double(doubles), validity: valid)
        case .text:
            // Null rows carry code 0, which must exist even when every row is null.
            if codes.count > 0 && dictionary.values.isEmpty { _ = dictionary.intern("") }
            return Column(.text(codes: codes, dictionary: dictionary.build()), validity: valid)
        case .bool: return Column(.bool(bools), validity: valid)
        case .date: return Column(.date(dates), validity: valid)
        case .null: return Column(.null(count: validity.count))
        }
    }

    /// An int2/int4/int8 as the server writes it (`-123`). Accumulated negatively so that
    /// -9223372036854775808 fits.
    @inline(__always) static func parseInt(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64 {
        var i = 0
        let negative = n > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var value: Int64 = 0
        while i < n {
            value = value &* 10 &- Int64(p[i] &- 48)
            i += 1
        }
        return negative ? value : 0 &- value
    }

    /// A date as the server writes it with DateStyle ISO: `YYYY-MM-DD`, a year of 4 or more
    /// digits, ` BC` after years before 1 AD (year 1 BC is year 0). nil for `infinity`.
    static func parseDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        var i = 0
        var year = 0
        while i < n, p[i] >= 48, p[i] <= 57 { year = year * 10 + Int(p[i] - 48); i += 1 }
        guard i >= 4, i + 6 <= n, p[i] == UInt8(ascii: "-"), p[i + 3] == UInt8(ascii: "-") else { return nil }
        func two(_ at: Int) -> Int? {
            guard p[at] >= 48, p[at] <= 57, p[at + 1] >= 48, p[at + 1] <= 57 else { return nil }
            return Int(p[at] - 48) * 10 + Int(p[at + 1] - 48)
        }
        guard let month = two(i + 1), let day = two(i + 4) else { return nil }
        if n >= i + 9, p[i + 7] == UInt8(ascii: "B"), p[i + 8] == UInt8(ascii: "C") { year = 1 - year }
        // PostgreSQL's dates reach year 5874897, whose day numbers overflow 32 bits from 1970.
        guard year > -1_000_000, year < 1_000_000 else { return nil }
        return DateCodec.days(year: year, month: month, day: day)
    }
}

/// Writes a table's rows in COPY's text format: tab between fields, a newline after each row,
/// `\N` for null, a backslash, tab, newline or carriage return inside text escaped by a
/// backslash, doubles as the shortest text that reads back the same, dates in ISO.
struct PGCopyEncoder {
    private enum Field {
        case int(IntVector)
        case double([Double])
        /// Each dictionary entry escaped once, not once per row.
        case text(codes: [Int32], escaped: [[UInt8]])
        case bool([Bool])
        case date([Int32])
        case null
    }

    private let fields: [(field: Field, validity: Bitmap?)]

    init(_ table: Table) {
        fields = table.columns.map { column in
            let field: Field
            switch column.storage {
            case .int(let v): field = .int(v)
            case .double(let v): field = .double(v)
            case .text(let codes, let dictionary): field = .text(codes: codes, escaped: dictionary.values.map(PGCopyEncoder.escape))
            case .bool(let v): field = .bool(v)
            case .date(let v): field = .date(v)
            case .null: field = .null
            }
            return (field, column.validity)
        }
    }

    mutating func encode(row: Int, into out: inout [UInt8]) {
        for (index, (field, validity)) in fields.enumerated() {
            if index > 0 { out.append(9) }
            if let validity, !validity[row] {
                out.append(contentsOf: [92, 78])      // \N
                continue
            }
            switch field {
            case .int(let v): out.append(contentsOf: String(v[row]).utf8)
            case .double(let v): out.append(contentsOf: NumberFormat.shortest(v[row]).utf8)
            case .text(let codes, let escaped): out.append(contentsOf: escaped[Int(codes[row])])
            case .bool(let v): out.append(v[row] ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .date(let v): out.append(contentsOf: DateCodec.format(v[row]).utf8)
            case .null: out.append(contentsOf: [92, 78])
            }
        }
        out.append(10)
    }

    static func escape(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 92: out.append(contentsOf: [92, 92])                       // \\
            case 9: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 10: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: out.append(contentsOf: [92, UInt8(ascii: "r")])
            default: out.append(byte)
            }
        }
        return out
    }
}
