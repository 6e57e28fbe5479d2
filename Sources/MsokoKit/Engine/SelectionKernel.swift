/// The rows a condition keeps, as a selection vector: what `where` computes before it gathers.
///
/// Keeping the selection apart from the gather is what lets a later stage gather only the
/// columns it reads (late materialisation, see `Plan/LateMaterialisation.swift`).
enum RowSelection {
    /// Every row is kept: the table passes through untouched.
    case all
    /// Only these rows, in ascending order (possibly none).
    case rows([Int32])

    /// The kept rows of `table`, every column gathered.
    func apply(to table: Table) -> Table {
        switch self {
        case .all: return table
        case .rows(let indices): return table.gather(indices)
        }
    }
}

enum SelectionKernel {
    /// The positions where `values` is true and the row is valid (null counts as not true).
    ///
    /// Two passes without branches: count the kept rows (bytes summed, a vectorised loop), then
    /// write each row's index and advance by its byte — the selection is allocated once, at its
    /// size, instead of growing by doubling.
    static func select(_ values: [Bool], validity: Bitmap?) -> RowSelection {
        let keep = validity.map { LogicKernels.bytewise(values, LogicKernels.bools($0, count: values.count, inverted: false),
                                                        count: values.count, and: true) } ?? values
        let count = keep.count
        let kept = keep.withUnsafeBytes { bytes in
            var total = 0
            for row in 0..<count { total &+= Int(bytes[row]) }
            return total
        }
        if kept == count { return .all }
        let selection = [Int32](unsafeUninitializedCapacity: kept) { out, initialized in
            keep.withUnsafeBytes { bytes in
                var written = 0
                for row in 0..<count where written < kept {
                    out[written] = Int32(truncatingIfNeeded: row)
                    written &+= Int(bytes[row])
                }
                initialized = kept
            }
        }
        return .rows(selection)
    }

    /// The rows a condition's value keeps: a true constant keeps all, a false or null one none,
    /// a bool column its true rows. Anything else is `where`'s type error, reported at `expr`.
    static func rows(kept condition: Operand, expr: Expr) throws -> RowSelection {
        switch condition {
        case .scalar(.bool(let keep)):
            return keep ? .all : .rows([])
        case .scalar(.null):
            return .rows([])
        case .column(let column):
            if case .null = column.storage { return .rows([]) }
            guard let values = column.bools else {
                let example = column.type == .text ? "`\(expr.sourceText) == \"…\"`" : "`\(expr.sourceText) > 0`"
                throw MsokoError(.type, tr("verbs.where_needs_true_false", ["source_text": expr.sourceText, "type": column.type.rawValue]),
                                 at: expr.range, hint: tr("verbs.compare_example", ["example": example]))
            }
            return select(values, validity: column.validity)
        case .scalar(let other):
            throw MsokoError(.type, tr("verbs.where_needs_true_false", ["source_text": expr.sourceText, "type": other.type.rawValue]), at: expr.range)
        }
    }
}
