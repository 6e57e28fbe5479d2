import Foundation
import Testing
@testable import MsokoKit

/// Typed errors (Source/MsokoError.swift, Source/MsokoErrorKind.swift): code reads an error's
/// kind and payload, never its words; the words are put together when the error is rendered, in
/// the language of that moment, after the stage's label.
@Suite struct TypedErrorTests {
    /// One line of script to point at.
    static let place: SourceRange = {
        let file = SourceFile(name: "s.msoko", text: "t | select x\n")
        return SourceRange(file: file, start: 11, end: 12)
    }()

    /// The first line of `error` rendered in `language`.
    static func headline(_ error: MsokoError, _ language: Language) -> String {
        let text = Language.$scoped.withValue(language) { DiagnosticRenderer.render(error, color: false) }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// Each kind, with the first line it renders to in English and in Russian.
    static let kinds: [(MsokoError.Kind, String, String)] = [
        (.unknownColumn(name: "x", candidates: ["y"]),
         "s.msoko:1:12: name error: unknown column `x`", "s.msoko:1:12: ошибка в имени: неизвестный столбец `x`"),
        (.unknownFunction(name: "f"),
         "s.msoko:1:12: name error: unknown function `f`", "s.msoko:1:12: ошибка в имени: неизвестная функция `f`"),
        (.unknownVerb(name: "frob"),
         "s.msoko:1:12: name error: unknown verb `frob`", "s.msoko:1:12: ошибка в имени: неизвестный глагол `frob`"),
        (.unknownDataset(name: "vpr"),
         "s.msoko:1:12: name error: unknown dataset `vpr`", "s.msoko:1:12: ошибка в имени: неизвестный набор данных `vpr`"),
        (.unknownTypedColumn(name: "z", path: "a.csv", columns: ["x", "y"]),
         "s.msoko:1:12: name error: types names column `z`, which a.csv does not have (columns: x, y)",
         "s.msoko:1:12: ошибка в имени: types называет столбец `z`, которого нет в a.csv (столбцы: x, y)"),
        (.unknownOption(verb: "save", option: "bogus"),
         "s.msoko:1:12: syntax error: unknown option `bogus` for `save`",
         "s.msoko:1:12: синтаксическая ошибка: неизвестный параметр `bogus` для `save`"),
        (.arity(function: "round", expected: 1...2, got: 4),
         "s.msoko:1:12: type error: `round` takes 1 to 2 arguments, got 4",
         "s.msoko:1:12: ошибка типа: `round` принимает от 1 до 2 аргументов, передано 4"),
        (.arity(function: "mean", expected: 1...1, got: 2),
         "s.msoko:1:12: type error: `mean` takes 1 argument, got 2",
         "s.msoko:1:12: ошибка типа: `mean` принимает 1 аргумент, передано 2"),
        (.arity(function: "coalesce", expected: 1...99, got: 0),
         "s.msoko:1:12: type error: `coalesce` takes at least 1 arguments, got 0",
         "s.msoko:1:12: ошибка типа: `coalesce` принимает не менее 1 аргумента, передано 0"),
        (.unterminated(.string),
         "s.msoko:1:12: syntax error: unterminated string", "s.msoko:1:12: синтаксическая ошибка: не закрыт текст в кавычках"),
        (.unterminated(.quotedName),
         "s.msoko:1:12: syntax error: unterminated quoted name",
         "s.msoko:1:12: синтаксическая ошибка: имя в обратных кавычках не закрыто"),
        (.missingFile(path: "data/vpr.csv"),
         "s.msoko:1:12: file error: cannot open data/vpr.csv: No such file or directory",
         "s.msoko:1:12: ошибка файла: не удаётся открыть data/vpr.csv: нет такого файла или папки"),
        (.file(path: "data", problem: .folder(role: .dataFile, dataName: false)),
         "s.msoko:1:12: file error: `data` is a folder, not a file", "s.msoko:1:12: ошибка файла: `data` — папка, а не файл"),
        (.file(path: "big.csv", problem: .tooLarge),
         "s.msoko:1:12: file error: cannot read big.csv: files of 4 GiB or more are not supported",
         "s.msoko:1:12: ошибка файла: не удаётся прочитать big.csv: файлы от 4 ГиБ не поддерживаются"),
        (.interrupted(.run),
         "s.msoko:1:12: interrupted: stopped by Ctrl-C", "s.msoko:1:12: прервано: остановлено по Ctrl-C"),
        (.interrupted(.loading(file: "r/a.xlsx")),
         "s.msoko:1:12: interrupted: stopped by Ctrl-C while loading `r/a.xlsx`",
         "s.msoko:1:12: прервано: остановлено по Ctrl-C при загрузке `r/a.xlsx`"),
        (.dataField(value: "x", column: "b", field: 2, type: "int"),
         "s.msoko:1:12: data error: `x` in field 2 (`b`) is not an int (types sets `b` to int; use ignore_errors=true to skip such rows)",
         "s.msoko:1:12: ошибка в данных: `x` в поле 2 (`b`) — не значение типа int (types задаёт для `b` тип int; чтобы пропускать такие строки, укажите ignore_errors=true)"),
        (.message("something else"),
         "s.msoko:1:12: error: something else", "s.msoko:1:12: ошибка: something else"),
    ]

    @Test func everyKindRendersWithItsStageLabelInBothLanguages() {
        for (kind, english, russian) in Self.kinds {
            let error = MsokoError(kind, at: Self.place)
            #expect(error.stage == kind.stage)
            #expect(Self.headline(error, .en) == english, "\(kind)")
            #expect(Self.headline(error, .ru) == russian, "\(kind)")
        }
    }

    @Test func everyStageHasItsOwnLabel() {
        let stages: [MsokoError.Stage] = [.syntax, .name, .type, .data, .io, .runtime, .interrupted]
        for language in Language.allCases {
            let labels = Language.$scoped.withValue(language) { stages.map(\.label) }
            #expect(Set(labels).count == stages.count, "\(language): \(labels)")
        }
        let english = Language.$scoped.withValue(.en) { stages.map(\.label) }
        #expect(english == ["syntax error", "name error", "type error", "data error", "file error", "error", "interrupted"])
    }

    @Test func anErrorMadeInEnglishIsReadInRussian() {
        let errors = Language.$scoped.withValue(.en) { Self.errors(of: "load \"nothere.csv\" as t\n") }
        guard let error = errors.first else { Issue.record("no error"); return }
        #expect(Language.$scoped.withValue(.en) { error.message } == "cannot open nothere.csv: No such file or directory")
        #expect(Language.$scoped.withValue(.ru) { error.message } == "не удаётся открыть nothere.csv: нет такого файла или папки")
        #expect(Self.headline(error, .ru).hasPrefix("<test>:1:1: ошибка файла: не удаётся открыть nothere.csv"))
        // A typed name error made in English, read in Russian.
        let unknown = Language.$scoped.withValue(.en) { Self.errors(of: "load \"t.csv\" as t\nt | select nofun(a)\n") }
        #expect(unknown.first.map { Self.headline($0, .ru) } == "<test>:2:12: ошибка в имени: неизвестная функция `nofun`")
    }

    @Test func scriptsThrowTheTypedKinds() {
        let cases: [(String, (MsokoError.Kind) -> Bool)] = [
            ("t | select scool", { if case .unknownColumn("scool", let candidates) = $0 { candidates == ["a", "b"] } else { false } }),
            ("t | select nofun(a)", { $0 == .unknownFunction(name: "nofun") }),
            ("t | frob", { $0 == .unknownVerb(name: "frob") }),
            ("nope | count", { $0 == .unknownDataset(name: "nope") }),
            ("t | save \"o.csv\" with bogus = 1", { $0 == .unknownOption(verb: "save", option: "bogus") }),
            ("t | select round(a, 1, 2, 3)", { $0 == .arity(function: "round", expected: 1...2, got: 4) }),
            ("t | select x = \"abc", { $0 == .unterminated(.stringAtLineEnd) }),
            ("load \"t.csv\" as u with types = {b: \"int\"}", { $0 == .dataField(value: "x", column: "b", field: 2, type: "int") }),
            ("load \"t.csv\" as u with types = {c: \"int\"}",
             { $0 == .unknownTypedColumn(name: "c", path: "t.csv", columns: ["a", "b"]) }),
        ]
        for (statement, matches) in cases {
            let errors = Self.errors(of: "load \"t.csv\" as t\n" + statement + "\n")
            #expect(errors.count == 1, "\(statement)")
            if let kind = errors.first?.kind { #expect(matches(kind), "\(statement): \(kind)") }
        }
    }

    @Test func aPathIsShownAsTheScriptWroteIt() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("returned"), withIntermediateDirectories: true)
        let missing = Self.errors(of: "load \"sub/../missing.csv\" as t\n", in: folder)
        #expect(missing.first?.kind == .missingFile(path: "sub/../missing.csv"))
        let folderError = Self.errors(of: "load \"returned\" as t\n", in: folder)
        #expect(folderError.first?.kind == .file(path: "returned", problem: .folder(role: .dataFile, dataName: false)))
        let rendered = folderError.map { DiagnosticRenderer.render($0, color: false) }.joined()
        #expect(!rendered.contains(folder.path), "\(rendered)")
        #expect(rendered.contains("`load \"returned/\"` (with a slash)"), "\(rendered)")
        // The payload, not the words, is what the loader replaces.
        let resolved = folder.appendingPathComponent("missing.csv").path
        let shown = MsokoError(.missingFile(path: resolved)).showingFile([resolved], as: "missing.csv")
        #expect(shown.kind == .missingFile(path: "missing.csv"))
        let other = MsokoError(.missingFile(path: "/elsewhere/missing.csv")).showingFile([resolved], as: "missing.csv")
        #expect(other.kind == .missingFile(path: "/elsewhere/missing.csv"))
    }

    @Test func theUnterminatedKindDrivesTheLineEditor() {
        #expect(InputCompleteness.status(of: "vpr | where subject == \"Мат") == .incomplete(.openQuote))
        #expect(InputCompleteness.status(of: "vpr | select `school") == .incomplete(.openQuote))
        // Open across a line break: wrong whatever comes next, so it runs and reports.
        #expect(InputCompleteness.status(of: "vpr | where subject == \"Мат\n  | count") == .complete)
        let (_, errors) = Lexer.tokenize(SourceFile(name: "<input>", text: "x = \"abc"))
        #expect(errors.map(\.kind) == [.unterminated(.string)])
        #expect(errors.first?.isUnterminated == true)
        #expect(MsokoError(.syntax, "unexpected `)`").isUnterminated == false)
    }

    @Test func wordsGivenAtTheThrowSiteStayAMessage() {
        var error = MsokoError(.runtime, "overflow", at: Self.place)
        #expect(error.kind == .message("overflow"))
        error.subject = "sum(x)"
        #expect(error.message == "`sum(x)`: overflow")
        error = MsokoError(.unknownColumn(name: "x", candidates: []))
        error.message = "something else"
        #expect(error.kind == .message("something else"))
        #expect(error.stage == .name)
        // A hint given at the throw site wins over the kind's own.
        let hinted = MsokoError(.unterminated(.string), hint: "close it")
        #expect(hinted.hint == "close it")
        #expect(Language.$scoped.withValue(.en) { MsokoError(.unterminated(.string)).hint } == "add the closing `\"`")
    }

    // MARK: helpers

    /// A fresh folder holding `t.csv` (columns a, b; b is text).
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("typed-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "a,b\n1,x\n2,y\n".write(to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The errors a batch run of `text` stops with (none when it succeeds).
    static func errors(of text: String, in folder: URL? = nil) -> [MsokoError] {
        let made = folder == nil ? try? Self.folder() : nil
        defer { if let made { try? FileManager.default.removeItem(at: made) } }
        guard let directory = folder ?? made else { return [] }
        let session = Session(sink: CollectingSink(format: .table), workingDirectory: directory.path)
        session.stagesWrites = true
        do {
            try session.run(SourceFile(name: "<test>", text: text))
            session.discardStagedWrites()
            return []
        } catch {
            session.discardStagedWrites()
            return error.errors
        }
    }
}
