/// A piece of program text (a script, a `-c` argument, a REPL entry) with its line index.
///
/// Offsets everywhere in the front end are UTF-8 byte offsets into `bytes`; line and column
/// numbers shown to people are 1-based, and columns count characters, not bytes.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics: a path, `<command line>`, `<stdin>` or `<repl>`.
    public let name: String
    public let text: String
    public let bytes: [UInt8]
    /// Byte offset where each line starts.
    public let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    /// 1-based line number of a byte offset.
    public func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// 1-based column (in characters) of a byte offset.
    public func column(of offset: Int) -> Int {
        let start = lineStarts[line(of: offset) - 1]
        let clamped = min(max(offset, start), bytes.count)
        return String(decoding: bytes[start..<clamped], as: UTF8.self).count + 1
    }

    /// The text of a 1-based line, without its line end.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text covered by a byte range.
    public func slice(_ start: Int, _ end: Int) -> String {
        let lower = max(0, min(start, bytes.count))
        let upper = max(lower, min(end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A half-open byte range in a source file.
public struct SourceRange: Sendable {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// The range from the start of `self` to the end of `other`.
    public func to(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var line: Int { file.line(of: start) }
    public var column: Int { file.column(of: start) }
    public var text: String { file.slice(start, end) }
    /// `file:line:column`
    public var location: String { "\(file.name):\(line):\(column)" }
}
