import Foundation

/// Allocation limits of the reader's own buffers.
enum CSVAllocation {
    /// Tests: a `CSVGrowable` reservation of more bytes than this fails as if `realloc` had
    /// returned nil, so running out of memory can be tested without exhausting it. Task-local,
    /// so tests running at the same time do not see each other's limit; read on the calling
    /// thread only (the growables live there, never on the chunk workers).
    @TaskLocal static var limit = Int.max
}

/// A growable buffer of plain values in malloc'ed memory. `realloc` of a large block moves
/// pages (mremap) instead of copying them, so appending chunk after chunk never holds two
/// copies of a column; the owner calls `free()`.
///
/// Out of memory is not a crash: a failed reservation keeps the buffer as it was, records the
/// bytes it asked for in `failedBytes`, and every later append is dropped (memory-safe, the
/// values are wrong from then on). The owner checks `failedBytes` after each chunk and fails
/// the load with a message (`CSVParse.checkMemory`), so no hot loop has to throw.
struct CSVGrowable<Element: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<Element>? = nil
    private(set) var count = 0
    private var capacity = 0
    /// The bytes of the first reservation that failed; nil while every one succeeded.
    private(set) var failedBytes: Int? = nil

    /// Whether `needed` elements fit (now or after growing).
    @discardableResult
    mutating func reserve(_ needed: Int) -> Bool {
        guard needed > capacity else { return true }
        guard failedBytes == nil else { return false }
        let newCapacity = max(needed, capacity + capacity / 2, 1024)
        let (bytes, overflow) = newCapacity.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        let raw = overflow || bytes > CSVAllocation.limit ? nil
            : realloc(pointer.map(UnsafeMutableRawPointer.init), bytes)
        guard let raw else {
            // `realloc` failing leaves the old block valid and ours.
            failedBytes = overflow ? Int.max : bytes
            return false
        }
        pointer = raw.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
        return true
    }

    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, values.count > 0,
              reserve(count + values.count), let pointer else { return }
        (pointer + count).initialize(from: source, count: values.count)
        count += values.count
    }

    mutating func append(repeating value: Element, count extra: Int) {
        guard extra > 0, reserve(count + extra), let pointer else { return }
        (pointer + count).initialize(repeating: value, count: extra)
        count += extra
    }

    @inline(__always) mutating func append(_ value: Element) {
        if count == capacity { guard reserve(count + 1) else { return } }
        guard let pointer else { return }
        pointer[count] = value
        count += 1
    }

    var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    func array() -> [Element] { Array(UnsafeBufferPointer(buffer)) }

    mutating func free() {
        if let pointer { Foundation.free(pointer) }
        pointer = nil
        count = 0
        capacity = 0
    }
}

extension CSVGrowable where Element == UInt64 {
    /// ORs `bits` into the last word (none after a failed reservation: then nothing happens).
    @inline(__always) mutating func orLast(_ bits: UInt64) {
        guard count > 0, let pointer else { return }
        pointer[count - 1] |= bits
    }
}

/// A column's values in the array the finished column will hold: reserved once for the rows
/// the file is expected to have (capacity never written is never resident), so finishing the
/// column hands the array over instead of copying it.
struct CSVValueArray<Element> {
    private(set) var values: [Element] = []
    let expected: Int

    init(expected: Int) { self.expected = expected }

    var count: Int { values.count }

    mutating func reserve(_ needed: Int) {
        guard needed > values.capacity else { return }
        values.reserveCapacity(max(needed, expected, values.capacity * 2))
    }

    mutating func append(contentsOf source: [Element]) {
        reserve(values.count + source.count)
        values.append(contentsOf: source)
    }

    mutating func append(contentsOf source: UnsafeBufferPointer<Element>) {
        reserve(values.count + source.count)
        values.append(contentsOf: source)
    }

    mutating func append(repeating value: Element, count extra: Int) {
        guard extra > 0 else { return }
        reserve(values.count + extra)
        values.append(contentsOf: repeatElement(value, count: extra))
    }

    @inline(__always) mutating func append(_ value: Element) {
        if values.count == values.capacity { reserve(values.count + 1) }
        values.append(value)
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) -> R) -> R {
        values.withUnsafeMutableBufferPointer(body)
    }

    /// The values, leaving this empty.
    mutating func take() -> [Element] {
        let taken = values
        values = []
        return taken
    }

    mutating func free() { values = [] }
}

/// An integer column's values at the narrowest width (8, 16, 32, 64 bits) that holds every value
/// appended so far. A piece whose range needs more bits widens the buffer first (one copy, at
/// most three in a column's life); a narrower piece is converted as it is appended. So a load
/// holds 1–2 bytes a row for marks and years instead of 8, and the finished width is exactly
/// what `IntVector(narrowing:)` would pick for the same values (the null placeholder 0 fits
/// every width).
struct CSVNarrowInts {
    private(set) var width = 8
    private var int8s: CSVValueArray<Int8>
    private var int16s: CSVValueArray<Int16>
    private var int32s: CSVValueArray<Int32>
    private var int64s: CSVValueArray<Int64>

    init(expected: Int) {
        int8s = CSVValueArray(expected: expected)
        int16s = CSVValueArray(expected: expected)
        int32s = CSVValueArray(expected: expected)
        int64s = CSVValueArray(expected: expected)
    }

    var count: Int {
        switch width {
        case 8: return int8s.count
        case 16: return int16s.count
        case 32: return int32s.count
        default: return int64s.count
        }
    }

    /// One piece's values: their range is found once, then one typed loop converts them.
    mutating func append(contentsOf values: [Int64]) {
        guard !values.isEmpty else { return }
        let (low, high) = values.withUnsafeBufferPointer { IntVector.range($0) }
        widen(to: IntVector.bitWidth(low: low, high: high))
        values.withUnsafeBufferPointer { source in
            switch width {
            case 8: int8s.append(converting: source)
            case 16: int16s.append(converting: source)
            case 32: int32s.append(converting: source)
            default: int64s.append(converting: source)
            }
        }
    }

    /// Null rows (the placeholder 0 fits the current width).
    mutating func appendZeros(_ count: Int) {
        switch width {
        case 8: int8s.append(repeating: 0, count: count)
        case 16: int16s.append(repeating: 0, count: count)
        case 32: int32s.append(repeating: 0, count: count)
        default: int64s.append(repeating: 0, count: count)
        }
    }

    /// Copies the buffer into one of `needed` bits when that is wider than the current one.
    private mutating func widen(to needed: Int) {
        guard needed > width else { return }
        switch (width, needed) {
        case (8, 16): Self.move(&int8s, to: &int16s)
        case (8, 32): Self.move(&int8s, to: &int32s)
        case (8, _): Self.move(&int8s, to: &int64s)
        case (16, 32): Self.move(&int16s, to: &int32s)
        case (16, _): Self.move(&int16s, to: &int64s)
        default: Self.move(&int32s, to: &int64s)
        }
        width = needed
    }

    /// The old buffer's values into the (empty) wider one; the old one is freed after the copy.
    private static func move<S: NarrowInt, T: NarrowInt>(_ from: inout CSVValueArray<S>, to: inout CSVValueArray<T>) {
        let old = from.take()
        old.withUnsafeBufferPointer { to.append(converting: $0) }
    }

    /// The values as doubles (the column met a double), taken from the buffer.
    mutating func takeDoubles(into doubles: inout CSVValueArray<Double>) {
        func move<S: NarrowInt>(_ from: inout CSVValueArray<S>) {
            let old = from.take()
            doubles.reserve(doubles.count + old.count)
            for value in old { doubles.append(Double(value)) }
        }
        switch width {
        case 8: move(&int8s)
        case 16: move(&int16s)
        case 32: move(&int32s)
        default: move(&int64s)
        }
        width = 8
    }

    /// The finished values, leaving this empty.
    mutating func take() -> IntVector {
        defer { width = 8 }
        switch width {
        case 8: return IntVector(values: .int8(int8s.take()))
        case 16: return IntVector(values: .int16(int16s.take()))
        case 32: return IntVector(values: .int32(int32s.take()))
        default: return IntVector(values: .int64(int64s.take()))
        }
    }

    mutating func free() {
        int8s.free(); int16s.free(); int32s.free(); int64s.free()
        width = 8
    }
}

extension CSVValueArray where Element: NarrowInt {
    /// Appends values of another width that fit this one (checked by the caller).
    mutating func append<S: NarrowInt>(converting source: UnsafeBufferPointer<S>) {
        reserve(count + source.count)
        if S.self == Element.self {
            append(contentsOf: source.withMemoryRebound(to: Element.self) { $0 })
            return
        }
        values.append(contentsOf: source.lazy.map { Element(truncatingIfNeeded: $0) })
    }
}

/// What a column's values say about space-grouped numbers (`1 234`), gathered chunk by chunk so
/// that the whole-column test of `CSVColumnBuilder.allSpaceGrouped` needs no second pass.
enum CSVSpaceGrouping {
    /// Every value is empty, a null token or a plain number.
    case plain
    /// As `plain`, and at least one value is a space-grouped number.
    case grouped
    /// Some value is neither.
    case fails

    func and(_ other: CSVSpaceGrouping) -> CSVSpaceGrouping {
        switch (self, other) {
        case (.fails, _), (_, .fails): return .fails
        case (.grouped, _), (_, .grouped): return .grouped
        default: return .plain
        }
    }
}

/// One chunk's part of one column, typed by what that chunk holds.
struct CSVColumnPiece: @unchecked Sendable {
    var column: CSVValues
    /// Rows (within the chunk) that do not convert to the explicit type.
    var failures: [Int]
    /// A sniffed piece whose values are all empty or null tokens: text on its own, but nulls
    /// in a numeric column.
    var tokensOnly: Bool
    var grouping: CSVSpaceGrouping
}

/// A column being loaded: chunk pieces are appended in file order and the column's type is
/// settled as they come, with the same result as typing the whole column at once
/// (`CSVColumnBuilder.build`): int meets double → double; anything else that disagrees → text,
/// rebuilt from the file's bytes (rare: the file is re-scanned for that column).
struct CSVColumnAccumulator {
    enum State: Equatable { case empty(tokens: Bool), int, double, bool, date, text }

    let explicitType: DataType?
    let sniffSpaceThousands: Bool
    private(set) var state: State = .empty(tokens: false)
    private(set) var rows = 0
    private var grouping: CSVSpaceGrouping = .plain
    private var ints: CSVNarrowInts
    private var doubles: CSVValueArray<Double>
    private var bools: CSVValueArray<Bool>
    /// Dates, or text codes.
    private var int32s: CSVValueArray<Int32>
    private var interner = CSVByteInterner()
    /// Validity words; `nulls` counts the cleared bits (none: no bitmap at all).
    private var validity = CSVGrowable<UInt64>()
    private var nulls = 0
    private(set) var failures: [Int] = []

    /// `expectedRows`: the file's size over its first row's (an estimate; more costs nothing).
    init(explicitType: DataType?, sniffSpaceThousands: Bool, expectedRows: Int = 0) {
        ints = CSVNarrowInts(expected: expectedRows)
        doubles = CSVValueArray(expected: expectedRows)
        bools = CSVValueArray(expected: expectedRows)
        int32s = CSVValueArray(expected: expectedRows)
        self.explicitType = explicitType == .null ? nil : explicitType
        self.sniffSpaceThousands = sniffSpaceThousands
        if let type = self.explicitType {
            switch type {
            case .int: state = .int
            case .double: state = .double
            case .bool: state = .bool
            case .date: state = .date
            case .text, .null: state = .text
            }
        }
    }

    var isText: Bool { state == .text }

    /// The bytes of a reservation that failed (out of memory), if one did.
    var failedBytes: Int? { validity.failedBytes }

    mutating func free() {
        ints.free(); doubles.free(); bools.free(); int32s.free(); validity.free()
        interner = CSVByteInterner()
    }

    // MARK: - Appending

    /// Appends one chunk's piece. `chunk` is the chunk's input (to rebuild the piece as text);
    /// `everything` gives the input of every row appended so far (to rebuild the column as text).
    mutating func append(_ piece: CSVColumnPiece, chunk: CSVColumnInput,
                         everything: (CSVColumnInput, (CSVColumnInput) -> Void) -> Void) {
        let count = piece.column.count
        if explicitType != nil {
            for row in piece.failures { failures.append(rows + row) }
            appendTyped(piece.column)
            return
        }
        grouping = grouping.and(piece.grouping)
        let kind: State
        switch piece.column.storage {
        case .null: kind = .empty(tokens: false)
        case .text: kind = piece.tokensOnly ? .empty(tokens: true) : .text
        case .int: kind = .int
        case .double: kind = .double
        case .bool: kind = .bool
        case .date: kind = .date
        }
        switch (state, kind) {
        case (.text, .text):
            appendTyped(piece.column)
        case (.text, _):
            appendText(chunk)
        case (_, .text):
            becomeText(chunk, everything)
            appendTyped(piece.column)
        case (.empty(let before), .empty(let now)):
            state = .empty(tokens: before || now)
            appendNulls(count)
        case (.empty, .int), (.empty, .double):
            fillNulls(as: kind)
            appendTyped(piece.column)
        case (.empty(let tokens), .bool), (.empty(let tokens), .date):
            if tokens {
                becomeText(chunk, everything)
                appendText(chunk)
            } else {
                fillNulls(as: kind)
                appendTyped(piece.column)
            }
        case (.int, .empty), (.double, .empty):
            appendNulls(count)
        case (.int, .int), (.double, .double), (.double, .int), (.bool, .bool), (.date, .date):
            appendTyped(piece.column)
        case (.int, .double):
            widenToDouble()
            appendTyped(piece.column)
        case (.bool, .empty(let tokens)), (.date, .empty(let tokens)):
            if tokens {
                becomeText(chunk, everything)
                appendText(chunk)
            } else {
                appendNulls(count)
            }
        default:
            becomeText(chunk, everything)
            appendText(chunk)
        }
    }

    /// Rows of nulls in the current type.
    private mutating func appendNulls(_ count: Int) {
        switch state {
        case .empty, .text, .date: if state == .text || state == .date { int32s.append(repeating: 0, count: count) }
        case .int: ints.appendZeros(count)
        case .double: doubles.append(repeating: 0, count: count)
        case .bool: bools.append(repeating: false, count: count)
        }
        appendValidity(nil, allNull: true, count: count)
    }

    /// The first typed piece of a column that was empty so far: its rows so far become nulls.
    private mutating func fillNulls(as kind: State) {
        state = kind
        switch kind {
        case .int: ints.appendZeros(rows)
        case .double: doubles.append(repeating: 0, count: rows)
        case .bool: bools.append(repeating: false, count: rows)
        case .date, .text: int32s.append(repeating: 0, count: rows)
        case .empty: break
        }
    }

    private mutating func widenToDouble() {
        doubles.reserve(rows)
        ints.takeDoubles(into: &doubles)
        state = .double
    }

    /// Rebuilds the rows so far as text from the file's bytes, then continues as text.
    private mutating func becomeText(_ template: CSVColumnInput,
                                     _ everything: (CSVColumnInput, (CSVColumnInput) -> Void) -> Void) {
        let before = rows
        ints.free(); doubles.free(); bools.free(); int32s.free(); validity.free()
        nulls = 0
        rows = 0
        state = .text
        interner = CSVByteInterner()
        guard before > 0 else { return }
        everything(template) { input in self.appendText(input) }
    }

    /// Rows straight from the bytes into the dictionary (what `CSVColumnBuilder.buildText` does).
    mutating func appendText(_ input: CSVColumnInput) {
        let scratch = CSVByteScratch()
        let count = input.rowCount
        int32s.reserve(int32s.count + count)
        validity.reserve((rows + count + 63) >> 6)
        for row in 0..<count {
            let (p, n, quoted) = CSVColumnBuilder.field(input, row, scratch)
            if n == 0 && !quoted {
                int32s.append(0)
                appendBit(false)
            } else {
                int32s.append(interner.intern(p, n))
                appendBit(true)
            }
        }
    }

    /// A finished piece whose type is the column's (ints into a double column are widened).
    private mutating func appendTyped(_ column: CSVValues) {
        let count = column.count
        switch column.storage {
        case .int(let values):
            if state == .double {
                doubles.reserve(doubles.count + count)
                for value in values { doubles.append(Double(value)) }
            } else {
                ints.append(contentsOf: values)
            }
        case .double(let values): doubles.append(contentsOf: values)
        case .bool(let values): bools.append(contentsOf: values)
        case .date(let values): int32s.append(contentsOf: values)
        case .text(let codes, let pieceValues):
            // The piece's own dictionary is small; its codes are re-coded into the column's.
            var map = [Int32](repeating: 0, count: max(pieceValues.count, 1))
            for (code, value) in pieceValues.enumerated() {
                var value = value
                map[code] = value.withUTF8 { bytes in
                    interner.intern(bytes.baseAddress ?? CSVColumnBuilder.emptyBytes, bytes.count)
                }
            }
            int32s.reserve(int32s.count + count)
            map.withUnsafeBufferPointer { map in
                for code in codes { int32s.append(map[Int(code)]) }
            }
        case .null:
            appendNulls(count)
            return
        }
        appendValidity(column.validity, allNull: false, count: count)
    }

    // MARK: - Validity

    @inline(__always) private mutating func appendBit(_ bit: Bool) {
        // The word of row `rows` is the last one (appended just now when the row starts one).
        if rows & 63 == 0 { validity.append(0) }
        if bit {
            validity.orLast(UInt64(1) << UInt64(rows & 63))
        } else {
            nulls += 1
        }
        rows += 1
    }

    private mutating func appendValidity(_ bitmap: Bitmap?, allNull: Bool, count: Int) {
        validity.reserve((rows + count + 63) >> 6)
        if let bitmap {
            bitmap.words.withUnsafeBufferPointer { words in appendWords(words, count: count) }
            return
        }
        if allNull {
            for _ in 0..<count { appendBit(false) }
            return
        }
        // All valid: whole words at a time once aligned.
        var remaining = count
        while remaining > 0 && rows & 63 != 0 { appendBit(true); remaining -= 1 }
        while remaining >= 64 {
            validity.append(~0)
            rows += 64
            remaining -= 64
        }
        while remaining > 0 { appendBit(true); remaining -= 1 }
    }

    /// Appends the first `count` bits of `words`, a word at a time (shifted into place when the
    /// column's rows so far are not a multiple of 64).
    private mutating func appendWords(_ words: UnsafeBufferPointer<UInt64>, count: Int) {
        guard count > 0 else { return }
        let shift = rows & 63
        var set = 0
        for index in 0..<((count + 63) >> 6) {
            let bits = min(64, count - index * 64)
            var word = words[index]
            if bits < 64 { word &= (UInt64(1) << UInt64(bits)) - 1 }
            set += word.nonzeroBitCount
            if shift == 0 {
                validity.append(word)
            } else {
                validity.orLast(word << UInt64(shift))
                if shift + bits > 64 { validity.append(word >> UInt64(64 - shift)) }
            }
        }
        nulls += count - set
        rows += count
    }

    private func bitmap() -> Bitmap? {
        guard nulls > 0, let words = validity.pointer else { return nil }
        var bitmap = Bitmap(count: rows, value: true)
        // (Fewer words than rows need only after a failed reservation, which fails the load.)
        for word in 0..<min((rows + 63) >> 6, validity.count) {
            var missing = ~words[word]
            while missing != 0 {
                let row = word << 6 + missing.trailingZeroBitCount
                if row < rows { bitmap.clear(row) }
                missing &= missing - 1
            }
        }
        return bitmap
    }

    // MARK: - Finishing

    /// The finished column: the one place a loaded column's storage is made (integers come
    /// already at their narrow width). `everything` is as in `append`, for the two cases
    /// that look at the whole column again: a column of null tokens only (text), and a text
    /// column whose values are all space-grouped numbers (then numbers).
    mutating func finish(template: CSVColumnInput,
                         everything: (CSVColumnInput, (CSVColumnInput) -> Void) -> Void) -> Column {
        defer { free() }
        if explicitType == nil {
            if state == .empty(tokens: true) { becomeText(template, everything) }
            if state == .text, sniffSpaceThousands, template.thousands == 0, grouping == .grouped {
                // Every value is a number, some grouped by spaces: the column again, as numbers.
                var grouped = template
                grouped.thousands = 0x20
                free()
                state = .empty(tokens: false)
                rows = 0
                nulls = 0
                everything(grouped) { input in
                    let piece = CSVColumnPiece(column: CSVColumnBuilder.buildSniffed(input), failures: [],
                                               tokensOnly: false, grouping: .plain)
                    self.append(piece, chunk: input) { _, _ in }
                }
            }
        }
        let validity = bitmap()
        switch state {
        case .empty:
            return Self.makeColumn(.null(count: rows), validity: nil)
        case .int:
            // Already at the width its range needs: no 64-bit copy, no narrowing pass.
            return Column(.int(ints.take()), validity: validity)
        case .double:
            return Self.makeColumn(.double(doubles.take()), validity: validity)
        case .bool:
            return Self.makeColumn(.bool(bools.take()), validity: validity)
        case .date:
            return Self.makeColumn(.date(int32s.take()), validity: validity)
        case .text:
            // Null rows hold code 0: keep it a valid code even when every row is null.
            if interner.count == 0 && rows > 0 { _ = interner.intern(CSVColumnBuilder.emptyBytes, 0) }
            let dictionary = interner
            let values = int32s.withUnsafeMutableBufferPointer { codes in
                guard let base = codes.baseAddress else { return dictionary.values }
                return dictionary.sortedValues(remapping: base, count: codes.count)
            }
            return Self.makeColumn(.text(codes: int32s.take(), values: values), validity: validity)
        }
    }

    /// Where loaded values become the engine's `Column`; 64-bit integers (provenance's line
    /// numbers) are narrowed by range here. A loaded int column skips it: `CSVNarrowInts`
    /// already holds it at the width its range needs.
    static func makeColumn(_ storage: CSVValues.Storage, validity: Bitmap?) -> Column {
        switch storage {
        case .int(let values): return Column(.int(values), validity: validity)
        case .double(let values): return Column(.double(values), validity: validity)
        case .text(let codes, let values):
            return Column(.text(codes: codes, dictionary: StringDictionary(values)), validity: validity)
        case .bool(let values): return Column(.bool(values), validity: validity)
        case .date(let values): return Column(.date(values), validity: validity)
        case .null(let count): return Column(.null(count: count))
        }
    }
}
