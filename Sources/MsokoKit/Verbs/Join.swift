/// `join other on key, … [kind = left]` — combines rows of two tables whose keys are equal.
enum JoinVerb {
    static let spec = VerbSpec(
        name: "join",
        syntax: "join DATASET on KEY [, KEY…] [kind = inner|left|semi|anti]",
        summary: "add the columns of another dataset to rows whose keys match",
        details: "`on school_id` matches columns of the same name; `on school_id == id` matches differently named ones. Kinds: `inner` (default: only rows with a match), `left` (every row, nulls where nothing matches), `semi` (rows that have a match, no new columns), `anti` (rows that have none). Null keys never match. The other dataset's key columns are not repeated; a clashing name gets the dataset's name as suffix (`subject_teachers`). Rows keep the left table's order; several matches follow the right table's order.",
        examples: [
            "vpr | join schools on school_id | select school_name, class_id, mark",
            "vpr | join schools on school_id kind = left | count by school_type",
            "schools | join vpr on school_id kind = anti",
        ],
        clauses: ["on"],
        options: [VerbOption("kind", .choice(["inner", "left", "semi", "anti"]), "which rows to keep (written `kind = left`, before or after `on`, not after `with`)")],
        schema: .fromZeroRows,
        arguments: Arguments.self
    ) { arguments, table, session in
        let kind = try arguments.kind(session).rawValue
        let otherName = arguments.dataset.name
        let other = try session.dataset(otherName, at: arguments.dataset.range)
        let pairs = arguments.keys
        var leftKeys: [Column] = []
        var rightKeys: [Column] = []
        for pair in pairs {
            guard let l = table.column(pair.left) else {
                throw MsokoError(.name, tr("verbs.unknown_column_left_join", ["left": pair.left]), at: pair.range,
                                 hint: Suggest.hint(for: pair.left, among: table.names) ?? VerbArguments.columnList(table))
            }
            guard let r = other.column(pair.right) else {
                throw MsokoError(.name, tr("verbs.dataset_has_column", ["other_name": otherName, "right": pair.right]), at: pair.range,
                                 hint: Suggest.hint(for: pair.right, among: other.names) ?? VerbArguments.columnList(other))
            }
            guard Column.stackType(l.type, r.type) != nil else {
                throw MsokoError(.type, tr("verbs.join_key_left_but", ["left": pair.left, "type": l.type.rawValue, "right": pair.right, "type2": r.type.rawValue, "other_name": otherName]),
                                 at: pair.range, hint: tr("verbs.load_both_same_type", ["example": "types = {\(pair.left): \"text\"}"]))
            }
            leftKeys.append(l)
            rightKeys.append(r)
        }
        let (leftRows, rightRows) = match(leftKeys, rightKeys, leftCount: table.rowCount, rightCount: other.rowCount, kind: kind)
        var result = table.gather(leftRows)
        if kind == "semi" || kind == "anti" { return result }
        let rightKeyNames = Set(zip(pairs.map(\.left), pairs.map(\.right)).filter { $0.0 == $0.1 }.map(\.1))
            .union(pairs.map(\.right))
        for (name, column) in zip(other.names, other.columns) where !rightKeyNames.contains(name) {
            var outputName = name
            if result.index(of: outputName) != nil { outputName = "\(name)_\(otherName)" }
            var suffix = 2
            while result.index(of: outputName) != nil { outputName = "\(name)_\(otherName)_\(suffix)"; suffix += 1 }
            result.set(outputName, column.gather(rightRows))
        }
        return result
    }

    struct Arguments: StageArguments {
        enum Kind: String, Sendable, CaseIterable {
            case inner, left, semi, anti
        }
        struct Key: Sendable {
            /// The input's column and the other dataset's (the same name for `on k`).
            let left: String
            let right: String
            let range: SourceRange
        }
        /// The other dataset.
        let dataset: NameReference
        let keys: [Key]
        /// nil when `kind = …` is an expression known only when it runs (`kind = $kind`).
        let knownKind: Kind?
        /// That expression, read when the stage runs.
        let kindItem: StageItem?

        init(_ syntax: ArgumentSyntax) throws {
            var kind: Kind? = .inner
            var kindItem: StageItem?
            var datasetItem: StageItem?
            // `kind = left` may stand before or after `on …`.
            let onItems = syntax.clause("on")?.items.filter { $0.name == nil } ?? []
            let options = syntax.items + (syntax.clause("on")?.items.filter { $0.name != nil } ?? [])
            for item in options {
                if item.name == "kind" {
                    // A bare word or a literal is checked now; anything else when it runs.
                    if let word = item.expr.columnName {
                        kind = try Arguments.kind(word, item)
                        kindItem = nil
                    } else if case .literal(let value) = item.expr.kind {
                        kind = try Arguments.kind(value.plainText, item)
                        kindItem = nil
                    } else {
                        kind = nil
                        kindItem = item
                    }
                } else if item.name == nil, datasetItem == nil {
                    datasetItem = item
                } else {
                    throw MsokoError(.syntax, tr("verbs.unexpected_argument_join"), at: item.range,
                                     hint: tr("verbs.join.write_kind"))
                }
            }
            guard let datasetItem, let otherName = datasetItem.expr.columnName else {
                throw MsokoError(.syntax, tr("verbs.join_needs_name_dataset"), at: datasetItem?.range ?? syntax.verbRange,
                                 hint: tr("verbs.example_join_schools_school"))
            }
            guard !onItems.isEmpty else {
                throw MsokoError(.syntax, tr("verbs.join.needs_on"), at: syntax.range,
                                 hint: tr("verbs.example_join_school_id", ["other_name": otherName]))
            }
            // Key pairs: `k` (same name) or `left == right`.
            keys = try onItems.map { item in
                if let name = item.expr.columnName {
                    return Key(left: name, right: name, range: item.range)
                } else if case .binary(.equal, let l, let r) = item.expr.kind, let ln = l.columnName, let rn = r.columnName {
                    return Key(left: ln, right: rn, range: item.range)
                }
                throw MsokoError(.syntax, tr("verbs.join_key_column_name"), at: item.range)
            }
            dataset = NameReference(name: otherName, range: datasetItem.expr.range)
            knownKind = kind
            self.kindItem = kindItem
        }

        /// The kind: as written, or `kind = $kind` evaluated now.
        func kind(_ session: Session) throws -> Kind {
            if let knownKind { return knownKind }
            guard let kindItem else { return .inner }
            return try Arguments.kind(try session.evaluator.constant(kindItem.expr).plainText, kindItem)
        }

        static func kind(_ value: String, _ item: StageItem) throws -> Kind {
            guard let kind = Kind(rawValue: value.lowercased()) else {
                let kinds = Kind.allCases.map(\.rawValue)
                throw MsokoError(.syntax, tr("verbs.unknown_join_kind", ["value": value]), at: item.expr.range,
                                 hint: Suggest.hint(for: value, among: kinds) ?? tr("verbs.kinds_inner_left_semi"))
            }
            return kind
        }
    }

    /// Matching row pairs. For `left`, unmatched left rows pair with -1; for `semi`/`anti`,
    /// only left rows are returned (right is empty).
    static func match(_ leftKeys: [Column], _ rightKeys: [Column], leftCount: Int, rightCount: Int, kind: String) -> ([Int32], [Int32]) {
        var stacked: [Column] = []
        var hasNull = [Bool](repeating: false, count: leftCount + rightCount)
        for (l, r) in zip(leftKeys, rightKeys) {
            guard let both = Column.concatenate([l, r]) else { return ([], []) }
            for row in 0..<both.count where both.isNull(row) { hasNull[row] = true }
            stacked.append(both)
        }
        let index = GroupIndex(keys: stacked, rowCount: leftCount + rightCount)
        // Right rows by group (counting sort keeps the right table's order).
        var starts = [Int](repeating: 0, count: index.groupCount + 1)
        for row in leftCount..<(leftCount + rightCount) where !hasNull[row] { starts[Int(index.groups[row]) + 1] += 1 }
        for group in 0..<index.groupCount { starts[group + 1] += starts[group] }
        var fill = starts
        var rightByGroup = [Int32](repeating: 0, count: starts[index.groupCount])
        for row in leftCount..<(leftCount + rightCount) where !hasNull[row] {
            let group = Int(index.groups[row])
            rightByGroup[fill[group]] = Int32(row - leftCount)
            fill[group] += 1
        }
        var leftOut: [Int32] = []
        var rightOut: [Int32] = []
        leftOut.reserveCapacity(leftCount)
        rightOut.reserveCapacity(leftCount)
        for row in 0..<leftCount {
            let group = Int(index.groups[row])
            let matches = hasNull[row] ? 0 : starts[group + 1] - starts[group]
            switch kind {
            case "semi": if matches > 0 { leftOut.append(Int32(row)) }
            case "anti": if matches == 0 { leftOut.append(Int32(row)) }
            default:
                if matches == 0 {
                    if kind == "left" { leftOut.append(Int32(row)); rightOut.append(-1) }
                } else {
                    for position in starts[group]..<starts[group + 1] {
                        leftOut.append(Int32(row))
                        rightOut.append(rightByGroup[position])
                    }
                }
            }
        }
        return (leftOut, rightOut)
    }
}
