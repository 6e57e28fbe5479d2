import Foundation

/// One completion: the text that replaces the word, how it is listed, and what follows it when
/// it is the only one (a space after a name, nothing after `mean(` or a folder).
public struct CompletionCandidate: Sendable, Equatable {
    public var text: String
    public var display: String
    public var suffix: String

    public init(text: String, display: String? = nil, suffix: String = " ") {
        self.text = text
        self.display = display ?? text
        self.suffix = suffix
    }
}

/// What Tab does: the word it completes, the candidates, and the text to put in the word's place
/// (the only candidate, or the candidates' longest common prefix; nil when it would not add
/// anything).
public struct CompletionResult: Sendable, Equatable {
    public var context: CompletionContext
    public var candidates: [CompletionCandidate]
    public var replacement: String?

    public var word: String { context.word }
}

/// Turns a `CompletionContext` into candidates, using a session's datasets, functions and data.
public final class Completer {
    public let session: Session
    /// Workbench commands (first words the session does not know) and their arguments.
    public var commands: [String: [String]]
    /// Values are offered only for columns with at most this many distinct values.
    public var maxDistinctValues = 50
    /// Rows of the source dataset used to find the columns of a pipeline's prefix.
    public var sampleRows = 200

    public init(session: Session, commands: [String: [String]] = [:]) {
        self.session = session
        self.commands = commands
    }

    /// Completes the text before the cursor.
    public func complete(_ textBeforeCursor: String) -> CompletionResult {
        let context = CompletionContext.analyze(textBeforeCursor, commands: Set(commands.keys))
        let all = candidates(for: context)
        let matching = Completer.filter(all, word: context.word, allowSubstring: context.wants.contains { if case .values = $0 { return true }; return false })
        return CompletionResult(context: context, candidates: matching,
                                replacement: Completer.replacement(for: context.word, matching))
    }

    /// The text that replaces `word`: the only candidate with its suffix, else the longest common
    /// prefix when it is longer than the word.
    public static func replacement(for word: String, _ candidates: [CompletionCandidate]) -> String? {
        if candidates.count == 1 { return candidates[0].text + candidates[0].suffix }
        guard !candidates.isEmpty else { return nil }
        let prefix = commonPrefix(candidates.map(\.text))
        guard prefix.count > word.count || (prefix.count == word.count && prefix != word && !prefix.isEmpty) else { return nil }
        return prefix
    }

    /// The longest common prefix, compared on whole characters (never half a Cyrillic letter).
    public static func commonPrefix(_ strings: [String]) -> String {
        guard let first = strings.first else { return "" }
        var prefix = Array(first)
        for string in strings.dropFirst() {
            var length = 0
            for (a, b) in zip(prefix, string) {
                if a != b { break }
                length += 1
            }
            prefix.removeSubrange(length...)
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// Candidates starting with `word`; failing that, ignoring case and the opening quote; for
    /// values, failing that, containing it (`== Гимн⇥` finds "МБОУ Гимназия №2").
    static func filter(_ candidates: [CompletionCandidate], word: String, allowSubstring: Bool) -> [CompletionCandidate] {
        if word.isEmpty { return candidates }
        let exact = candidates.filter { $0.text.hasPrefix(word) }
        if !exact.isEmpty { return exact }
        func bare(_ text: String) -> String {
            var text = Substring(text)
            if let first = text.first, first == "\"" || first == "`" { text = text.dropFirst() }
            return text.lowercased()
        }
        let key = bare(word)
        let loose = candidates.filter { bare($0.text).hasPrefix(key) }
        if !loose.isEmpty || !allowSubstring || key.isEmpty { return loose }
        return candidates.filter { bare($0.text).contains(key) }
    }

    /// Every candidate the context allows, before filtering by the word.
    public func candidates(for context: CompletionContext) -> [CompletionCandidate] {
        var result: [CompletionCandidate] = []
        var seen: Set<String> = []
        func add(_ candidate: CompletionCandidate) {
            if seen.insert(candidate.text).inserted { result.append(candidate) }
        }
        for want in context.wants {
            switch want {
            case .statementStart:
                for name in session.datasetOrder { add(CompletionCandidate(text: Completer.nameText(name))) }
                for word in CompletionContext.statementWords { add(CompletionCandidate(text: word)) }
                for word in Parser.commandWords.sorted() { add(CompletionCandidate(text: word)) }
                for word in commands.keys.sorted() { add(CompletionCandidate(text: word)) }
            case .datasets:
                for name in session.datasetOrder { add(CompletionCandidate(text: Completer.nameText(name))) }
            case .verbs:
                for verb in VerbRegistry.all { add(CompletionCandidate(text: verb.name)) }
            case .columns:
                var names: [String] = []
                if let prefix = context.pipelinePrefix, let table = flowingTable(prefix, sample: true) { names += table.names }
                // Join keys: the columns both sides have, when there are any; else either side's.
                if let joined = context.joinedDataset, let table = session.datasets[joined]?.table {
                    let shared = names.filter { table.names.contains($0) }
                    names = shared.isEmpty ? names + table.names : shared
                }
                for name in names { add(CompletionCandidate(text: Completer.nameText(name), display: name)) }
            case .functions(let aggregates):
                var names: [String] = []
                if aggregates { names += AggregateFunction.allCases.map(\.rawValue) }
                names += ScalarFunctions.all.map(\.name)
                names += session.functions.keys.sorted()
                for name in names { add(CompletionCandidate(text: name + "(", suffix: "")) }
            case .values(let column):
                guard let prefix = context.pipelinePrefix, let table = flowingTable(prefix, sample: false),
                      let values = distinctTexts(table.column(column)) else { continue }
                for value in values { add(CompletionCandidate(text: Completer.quoted(value), display: value)) }
            case .paths(let kind):
                for candidate in paths(context.word, kind: kind) { add(candidate) }
            case .keywords(let words):
                for word in words { add(CompletionCandidate(text: word)) }
            case .helpTopics:
                let topics = VerbRegistry.all.map(\.name) + Help.statementTopics.map(\.0) + ["syntax", "functions", "verbs"]
                    + AggregateFunction.allCases.map(\.rawValue) + ScalarFunctions.all.map(\.name) + session.functions.keys.sorted()
                for topic in topics { add(CompletionCandidate(text: topic, suffix: "")) }
            case .loadOptions:
                for option in LoadOptions.all.map(\.name) { add(CompletionCandidate(text: option, suffix: " = ")) }
            case .parameters:
                for name in session.parameters.keys.sorted() { add(CompletionCandidate(text: "$" + name)) }
            case .commandArguments(let command):
                for argument in commands[command] ?? [] { add(CompletionCandidate(text: argument, suffix: "")) }
            }
        }
        return result
    }

    /// A name as it must be written: plain if it lexes as one identifier and is no keyword,
    /// else in backquotes.
    public static func nameText(_ name: String) -> String {
        let keywords: Set<String> = ["and", "or", "not", "in", "is", "null", "true", "false", "by", "on", "with"]
        guard let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first),
              name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue), !keywords.contains(name.lowercased()) else {
            return "`" + name + "`"
        }
        return name
    }

    /// A text value as a string literal.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    // MARK: the data flowing into a stage

    /// The result of `prefix` (`vpr | where …`), run on the first `sampleRows` rows of its
    /// source when `sample` (enough for the columns), or on all of it (for values). Stages that
    /// fail are where the known columns stop; stages with effects (writing files, drawing) are
    /// skipped, by their spec; output goes nowhere.
    public func flowingTable(_ prefix: String, sample: Bool) -> Table? {
        let (statements, errors) = Parser.parse(SourceFile(name: "<completion>", text: prefix))
        guard errors.isEmpty, statements.count == 1, case .pipeline(let pipeline) = statements[0].kind else {
            // A stage before this one does not parse yet: fall back to the source's columns.
            let source = Lexer.tokenize(SourceFile(name: "<completion>", text: prefix)).tokens.first?.identifier
            return source.flatMap { session.datasets[$0]?.table.prefix(0) }
        }
        guard var table = session.datasets[pipeline.source]?.table else { return nil }
        let usesValuesAsColumns = pipeline.stages.contains { $0.verb.lowercased() == "pivot" }
        if sample && !usesValuesAsColumns { table = table.prefix(sampleRows) }
        let savedSink = session.sink
        session.sink = CollectingSink()
        defer { session.sink = savedSink }
        for stage in pipeline.stages {
            guard let verb = VerbRegistry.lookup(stage.verb) else { break }
            // A stage that writes files or draws is never run for a Tab; the table passes it as is.
            guard verb.effects == .pure else { continue }
            guard let next = try? verb.run(stage, table, session) else { break }
            table = next
        }
        return table
    }

    /// The distinct non-null texts of a text column, sorted, if there are few enough.
    func distinctTexts(_ column: Column?) -> [String]? {
        guard let column, case .text(let codes, let dictionary) = column.storage else { return nil }
        var seen: Set<Int32> = []
        for (row, code) in codes.enumerated() where !column.isNull(row) {
            if seen.insert(code).inserted, seen.count > maxDistinctValues { return nil }
        }
        return seen.map { dictionary.values[Int($0)] }.sorted()
    }

    // MARK: paths

    static let dataExtensions: Set<String> = ["csv", "tsv", "tab", "txt", "xlsx", "xlsm"]

    /// Files and folders for a path being typed inside quotes; folders end in `/` and keep the
    /// string open, files close it.
    func paths(_ word: String, kind: CompletionContext.PathKind) -> [CompletionCandidate] {
        let typed = word.hasPrefix("\"") ? String(word.dropFirst()) : word
        let folderPart: String
        let namePart: String
        if let slash = typed.lastIndex(of: "/") {
            folderPart = String(typed[...slash])
            namePart = String(typed[typed.index(after: slash)...])
        } else {
            folderPart = ""
            namePart = typed
        }
        let folder = folderPart.isEmpty ? session.workingDirectory : session.resolvePath(folderPart)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        // A glob being typed (`load "returned/*.xlsx`): the pattern itself, closed, when it
        // matches a file — the matches are not offered one by one.
        if kind == .data, MultiFileLoad.isPattern(namePart) {
            let count = entries.filter { !MultiFileLoad.isHiddenOrTemporary($0) && MultiFileLoad.matches($0, pattern: namePart) }.count
            guard count > 0 else { return [] }
            return [CompletionCandidate(text: Completer.quoted(typed), display: "\(typed) (\(count) file\(count == 1 ? "" : "s"))", suffix: " ")]
        }
        var result: [CompletionCandidate] = []
        for name in entries.sorted() {
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            let ext = (name as NSString).pathExtension.lowercased()
            if !isFolder.boolValue {
                switch kind {
                case .data: if !Completer.dataExtensions.contains(ext) { continue }
                case .script: if ext != "msoko" { continue }
                case .any: break
                }
            }
            let escaped = Completer.quoted(folderPart + name).dropLast()
            if isFolder.boolValue {
                result.append(CompletionCandidate(text: escaped + "/", display: name + "/", suffix: ""))
            } else {
                result.append(CompletionCandidate(text: escaped + "\"", display: name, suffix: " "))
            }
        }
        return result
    }
}
