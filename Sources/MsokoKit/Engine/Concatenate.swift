/// Columns end to end (for `append` and for keys shared by two tables in `join`).
extension Column {
    /// The common type two columns can be stacked as, or nil when they cannot.
    static func stackType(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        if a == .null { return b }
        if b == .null { return a }
        if a.isNumeric && b.isNumeric { return .double }
        return nil
    }

    /// Stacks columns; nil if their types cannot share a column.
    public static func concatenate(_ parts: [Column]) -> Column? {
        var type: DataType = .null
        for part in parts {
            guard let next = stackType(type, part.type) else { return nil }
            type = next
        }
        let total = parts.reduce(0) { $0 + $1.count }
        var validity = Bitmap(count: total, value: true)
        var offset = 0
        for part in parts {
            for row in 0..<part.count where part.isNull(row) { validity.clear(offset + row) }
            offset += part.count
        }
        switch type {
        case .null:
            return Column(.null(count: total))
        case .int:
            // At the widest part's width: an 8-bit and a 64-bit key stack as 64 bits.
            return Column(.int(IntVector.concatenate(parts.map { ($0.int64s, $0.count) })), validity: validity)
        case .double:
            return Column(.double(parts.flatMap { $0.doubles ?? [Double](repeating: 0, count: $0.count) }), validity: validity)
        case .bool:
            return Column(.bool(parts.flatMap { $0.bools ?? [Bool](repeating: false, count: $0.count) }), validity: validity)
        case .date:
            return Column(.date(parts.flatMap { $0.days ?? [Int32](repeating: 0, count: $0.count) }), validity: validity)
        case .text:
            // Re-code every part into one dictionary; distinct values are few, rows many.
            var builder = StringDictionaryBuilder()
            var codes: [Int32] = []
            codes.reserveCapacity(total)
            for part in parts {
                guard let (partCodes, dictionary) = part.textParts else {
                    codes.append(contentsOf: [Int32](repeating: 0, count: part.count))
                    continue
                }
                let mapping = dictionary.values.map { builder.intern($0) }
                for code in partCodes { codes.append(mapping.isEmpty ? 0 : mapping[Int(code)]) }
            }
            return Column(.text(codes: codes, dictionary: builder.build()), validity: validity)
        }
    }
}
