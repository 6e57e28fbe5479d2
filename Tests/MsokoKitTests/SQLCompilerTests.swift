import Foundation
import Testing
@testable import MsokoKit

/// The SQL compiler (Remote/SQLCompiler.swift) without a server: what is pushed and what is
/// not, that values travel as parameters, and how names are quoted. RemoteDifferentialTests
/// checks the answers against PostgreSQL.
@Suite struct SQLCompilerTests {
    /// A session whose datasets stand for tables on a server: each is `"public"."name"` there.
    static func session() -> Session {
        let (session, _) = BinderTests.session()
        return session
    }

    static func relation(_ name: String, in session: Session) -> RemoteRelation? {
        guard let table = session.datasets[name]?.table else { return nil }
        let quoted = "\"public\".\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return RemoteRelation(qualifiedName: quoted, columns: zip(table.names, table.columns).map { ($0, $1.type) })
    }

    /// The last statement's pipeline of `text`, bound against `session`, compiled.
    static func compile(_ text: String, in session: Session = session(), remote: Set<String>? = nil) throws -> CompiledQuery {
        let (statements, parseErrors) = Parser.parse(SourceFile(name: "<test>", text: text))
        #expect(parseErrors.isEmpty)
        // `param` statements run first: the compiler reads parameters from the session.
        for statement in statements.dropLast() {
            try session.run(text: statement.range.text, name: "<param>")
        }
        let (plan, errors) = Binder.bind(statements, session: session)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let pipeline = try #require(plan.statements.last?.pipeline)
        let source = try #require(relation(pipeline.source, in: session))
        return try SQLCompiler.compile(pipeline, source: source, resolve: { name in
            remote.map { $0.contains(name) } ?? true ? relation(name, in: session) : nil
        }, session: session)
    }

    /// The `$n` numbers the SQL uses.
    static func placeholders(_ sql: String) -> Set<Int> {
        var found = Set<Int>()
        var scanner = sql[...]
        while let dollar = scanner.firstIndex(of: "$") {
            let digits = scanner[scanner.index(after: dollar)...].prefix { $0.isNumber }
            if let number = Int(digits) { found.insert(number) }
            scanner = scanner[scanner.index(after: dollar)...]
        }
        return found
    }

    @Test func aWholeAnalysisIsOneQuery() throws {
        let query = try Self.compile("vpr | where mark >= 4 and status == \"present\" | summarize n = count(), m = mean(mark), q = pct(mark == 5) by school_id | sort m desc | head 3")
        #expect(query.pushedStages == 4)
        #expect(query.notPushed == nil)
        #expect(query.resultColumns.map(\.name) == ["school_id", "n", "m", "q"])
        #expect(query.resultColumns.map(\.type) == [.text, .int, .double, .double])
        #expect(query.sql.hasPrefix("SELECT "))
        #expect(query.sql.contains("GROUP BY"))
        #expect(query.sql.contains("LIMIT"))
        // Text keys order by code point; nulls last whatever the direction.
        #expect(query.sql.contains("COLLATE \"C\""))
        #expect(query.sql.contains("DESC NULLS LAST"))
        // Every `$n` used has a value and every value is used.
        #expect(Self.placeholders(query.sql) == Set(1...query.parameters.count))
        #expect(query.parameters.contains(.text("present")))
        #expect(query.parameters.contains(.int(4)))
    }

    @Test func theResultColumnsAreTheLocalOnes() throws {
        let session = Self.session()
        let text = "vpr | derive pct = round(primary_score / 20 * 100, 1), good = mark >= 4 | select school_id, pct, good, jm = coalesce(journal_mark, 0) | rename school = school_id"
        let query = try Self.compile(text, in: session)
        #expect(query.pushedStages == 3, "\(query.notPushed ?? "")")
        let local = try session.runPipeline(try #require(Parser.parse(SourceFile(name: "<t>", text: text)).statements.first.flatMap(Self.pipeline)))
        #expect(query.resultColumns.map(\.name) == local.names)
        #expect(query.resultColumns.map(\.type) == local.columns.map(\.type))
    }

    static func pipeline(_ statement: Statement) -> Pipeline? {
        if case .pipeline(let pipeline) = statement.kind { return pipeline }
        return nil
    }

    @Test func pushingStopsAtTheFirstStageThatDiffers() throws {
        let pivot = try Self.compile("vpr | where grade == 5 | count by school_id, mark | pivot mark, n")
        #expect(pivot.pushedStages == 2)
        #expect(pivot.notPushed?.contains("pivot") == true)

        let first = try Self.compile("vpr | summarize v = first(variant) by class_id")
        #expect(first.pushedStages == 0)
        #expect(first.notPushed?.contains("first") == true)

        let spearmanP = try Self.compile("vpr | where mark is not null | summarize p = spearman_p(mark, journal_mark) by school_id")
        #expect(spearmanP.pushedStages == 1)
        #expect(spearmanP.notPushed?.contains("spearman_p") == true)
        // Spearman's rho is Pearson's on mean ranks, computed by window functions a level below.
        let spearman = try Self.compile("vpr | where mark is not null | summarize r = spearman(mark, journal_mark) by school_id")
        #expect(spearman.pushedStages == 2)
        #expect(spearman.sql.contains("rank() OVER (PARTITION BY"))

        // The last rows of a table with no order are not a thing a server can give.
        let tail = try Self.compile("vpr | where grade == 5 | tail 3")
        #expect(tail.pushedStages == 1)
        let orderedTail = try Self.compile("vpr | sort primary_score | tail 3")
        #expect(orderedTail.pushedStages == 2)
        #expect(orderedTail.sql.contains("DESC NULLS FIRST"))

        // Text functions that count characters are Swift's grapheme clusters locally.
        let length = try Self.compile("vpr | derive l = length(class_id) | where l > 2")
        #expect(length.pushedStages == 0)
        #expect(length.notPushed?.contains("length") == true)

        // A median as a window over the group has no PostgreSQL form.
        let window = try Self.compile("vpr | derive med = median(primary_score) by school_id")
        #expect(window.pushedStages == 0)
        let windowMean = try Self.compile("vpr | derive share = primary_score / sum(primary_score) by school_id")
        #expect(windowMean.pushedStages == 1)
        #expect(windowMean.sql.contains("OVER (PARTITION BY"))
    }

    /// `ensure` of columns the server's table has is nothing to do; one it lacks is added
    /// locally, where its note is made.
    @Test func ensureIsPushedWhenItHasNothingToAdd() throws {
        let present = try Self.compile("vpr | ensure journal_mark = int(null), mark = 0 | count by mark")
        #expect(present.pushedStages == 2)
        let missing = try Self.compile("vpr | ensure exam = \"ВПР\" | count by exam")
        #expect(missing.pushedStages == 0)
        #expect(missing.notPushed?.contains("exam") == true)
        let clash = try Self.compile("vpr | ensure mark = \"5\"")
        #expect(clash.pushedStages == 0)
    }

    /// A verb with effects is never run to learn its columns: pushing stops before it.
    @Test func aVerbThatWritesIsNotRunByTheCompiler() throws {
        let folder = BinderTests.temporaryFolder()
        let path = folder.appendingPathComponent("out.csv").path
        let query = try Self.compile("vpr | where grade == 5 | save \"\(path)\"")
        #expect(query.pushedStages == 1)
        #expect(query.notPushed?.contains("save") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aJoinIsPushedOnlyWithATableOfTheSameServer() throws {
        let remote = try Self.compile("vpr | join schools on school_id kind = left | count by school_type")
        #expect(remote.pushedStages == 2)
        #expect(remote.sql.contains("LEFT JOIN \"public\".\"schools\""))
        let local = try Self.compile("vpr | join schools on school_id | count by school_type", remote: [])
        #expect(local.pushedStages == 0)
        #expect(local.notPushed?.contains("schools") == true)
        // The local engine's names: the other table's key left out, clashes suffixed.
        let clash = try Self.compile("schools | join schools on school_id")
        #expect(clash.resultColumns.map(\.name) == ["school_id", "school_name", "settlement", "school_type", "rural",
                                                     "school_name_schools", "settlement_schools", "school_type_schools", "rural_schools"])
        let anti = try Self.compile("schools | join vpr on school_id kind = anti")
        #expect(anti.sql.contains("NOT EXISTS"))
        #expect(anti.resultColumns.map(\.name) == ["school_id", "school_name", "settlement", "school_type", "rural"])
    }

    @Test func appendIsAUnionOfTablesOfTheSameServer() throws {
        let union = try Self.compile("schools | where rural | append schools | select school_id")
        #expect(union.pushedStages == 3)
        #expect(union.sql.contains("UNION ALL"))
        let local = try Self.compile("schools | append vpr | count", remote: ["schools"])
        #expect(local.pushedStages == 0)
        #expect(local.notPushed?.contains("vpr") == true)
    }

    @Test func valuesNeverBecomeSQLText() throws {
        let hostile = "'; drop table x; --"
        let literal = try Self.compile("vpr | where school_id == \"\(hostile)\" or class_id in [\"\(hostile)\", \"5А\"]")
        #expect(literal.pushedStages == 1)
        #expect(!literal.sql.contains("drop table"))
        #expect(literal.parameters.filter { $0 == .text(hostile) }.count == 2)

        let parameter = try Self.compile("param s = \"\(hostile)\"\nvpr | where school_id != $s | head 2")
        #expect(parameter.pushedStages == 2)
        #expect(!parameter.sql.contains("drop table"))
        #expect(parameter.parameters.contains(.text(hostile)))
        #expect(parameter.parameters.contains(.int(2)))
    }

    @Test func namesAreQuotedOnce() throws {
        let session = Self.session()
        let names = ["weird\"name", "школа", "select"]
        let table = Table(names: names, columns: [Column.from([.int(1), .int(2)]), Column.from([.text("a"), .text("б")]), Column.from([.bool(true), .null])])
        session.setDataset("odd", table)
        let query = try Self.compile("odd | where `weird\"name` > 1 | rename класс = школа | sort класс", in: session)
        #expect(query.pushedStages == 3, "\(query.notPushed ?? "")")
        #expect(query.sql.contains("\"weird\"\"name\""))
        #expect(query.sql.contains("\"класс\""))
        #expect(query.sql.contains("\"select\""))
        #expect(query.resultColumns.map(\.name) == ["weird\"name", "класс", "select"])
    }

    /// The relation's name is the caller's, quoted: whatever it holds is not taken for a placeholder.
    @Test func aRelationNameIsKeptAsGiven() throws {
        let session = Self.session()
        let (statements, _) = Parser.parse(SourceFile(name: "<t>", text: "schools | where school_id == \"S01\""))
        let (plan, _) = Binder.bind(statements, session: session)
        let pipeline = try #require(plan.statements.last?.pipeline)
        let columns = try #require(Self.relation("schools", in: session)).columns
        let odd = "\"odd\u{1}0\u{1}name\""
        let query = try SQLCompiler.compile(pipeline, source: RemoteRelation(qualifiedName: odd, columns: columns),
                                            resolve: { _ in nil }, session: session)
        #expect(query.sql.contains(odd))
        #expect(query.parameters == [.text("S01")])
        #expect(Self.placeholders(query.sql) == [1])
        // A NUL cannot be in a server's name: such a relation is read whole, nothing pushed.
        let impossible = try SQLCompiler.compile(pipeline, source: RemoteRelation(qualifiedName: "\"a\u{0}0\u{0}\"", columns: columns),
                                                 resolve: { _ in nil }, session: session)
        #expect(impossible.pushedStages == 0)
        #expect(impossible.parameters.isEmpty)
    }

    /// A plain table's stored order is the last key of a sort, and what first/last follow; a
    /// `head` with no sort is not ordered (that would read the whole table).
    @Test func theStoredOrderBreaksTies() throws {
        let session = Self.session()
        let (statements, _) = Parser.parse(SourceFile(name: "<t>", text: "vpr | sort school_id | head 3\nvpr | head 3\nvpr | summarize f = first(class_id) by school_id"))
        let (plan, _) = Binder.bind(statements, session: session)
        let relation = try #require(Self.relation("vpr", in: session))
        let stored = RemoteRelation(qualifiedName: relation.qualifiedName, columns: relation.columns, rowOrder: "ctid")
        let queries = try plan.statements.map { statement in
            try SQLCompiler.compile(try #require(statement.pipeline), source: stored, resolve: { _ in nil }, session: session)
        }
        #expect(queries[0].sql.contains("ctid AS \"__msoko_o1\""))
        #expect(queries[0].sql.contains("COLLATE \"C\" ASC NULLS LAST, s"))     // school_id, then the stored order
        #expect(!queries[1].sql.contains("ORDER BY"))
        #expect(queries[2].pushedStages == 1)
        #expect(queries[2].sql.contains("array_agg"))
    }

    @Test func aPartLeftOutLeavesNoParameter() throws {
        // `mark * 2 + null` is null with no type: the column cannot be made in SQL, and the
        // parameter its `2` was given is not sent (the server would refuse an untyped one).
        let query = try Self.compile("vpr | where grade == 5 | derive y = mark * 2 + null")
        #expect(query.pushedStages == 1)
        #expect(query.parameters == [.int(5)])
        #expect(Self.placeholders(query.sql) == [1])
    }

    @Test func roundIsHalfAwayFromZeroOnTheBinaryValue() throws {
        // Never `round(numeric)`: the conversion keeps 15 digits, and 2.675 would round up.
        let query = try Self.compile("vpr | derive r = round(primary_score / 3, 2)")
        #expect(query.pushedStages == 1, "\(query.notPushed ?? "")")
        #expect(!query.sql.contains("numeric"))
        #expect(query.sql.contains("trunc("))
    }
}

/// A server that answers nothing: what `RemotePlan` compiles for datasets said to be on it.
private final class SilentDatabase: RemoteDatabase, @unchecked Sendable {
    let label: String
    init(_ label: String) { self.label = label }
    func fetch(_ sql: String, parameters: [Value]) throws -> Table { Table() }
    func relations(schema: String?) throws -> [RemoteRelationInfo] { [] }
    func columns(schema: String?, table: String) throws -> RemoteRelationInfo? { nil }
    func cancelRunning() {}
    func replaceTable(schema: String?, table: String, with data: Table) throws {}
}

/// `RemotePlan`: the session's remote datasets as the compiler's relations.
@Suite struct RemotePlanTests {
    static func remote(_ name: String, _ columns: [(String, DataType)], on database: any RemoteDatabase,
                       overrides: [String: DataType] = [:]) throws -> RemoteTable {
        let url = try RemoteURL.parse("postgresql://analyst@db.example.org/region", at: nil)
        let info = RemoteRelationInfo(schema: "public", name: name, estimatedRows: nil,
                                      columns: columns.map { ($0.0, $0.1, "whatever") })
        return RemoteTable(database: database, url: url, info: info, overrides: overrides)
    }

    static func plan(_ text: String, _ session: Session) throws -> RemoteQuery {
        let (statements, _) = Parser.parse(SourceFile(name: "<t>", text: text))
        let (plan, errors) = Binder.bind(statements, session: session)
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let pipeline = try #require(plan.statements.last?.pipeline)
        let remote = try #require(session.datasets[pipeline.source]?.remote)
        return try RemotePlan.compile(pipeline, remote, session: session)
    }

    @Test func aJoinIsPushedWithADatasetOfTheSameConnectionOnly() throws {
        let session = SQLCompilerTests.session()
        let region = SilentDatabase("db.example.org/region"), other = SilentDatabase("elsewhere/db")
        session.setRemoteDataset("results", try Self.remote("results", [("school_id", .text), ("mark", .int)], on: region))
        session.setRemoteDataset("units", try Self.remote("units", [("school_id", .text), ("kind", .text)], on: region))
        session.setRemoteDataset("far", try Self.remote("far", [("school_id", .text), ("kind", .text)], on: other))
        let same = try Self.plan("results | join units on school_id | count by kind", session)
        #expect(same.pushedStages == 2)
        #expect(same.quiet)
        #expect(same.sql.contains("JOIN \"public\".\"units\""))
        let far = try Self.plan("results | join far on school_id | count by kind", session)
        #expect(far.pushedStages == 0)
        #expect(!far.quiet)
        #expect(far.notPushed?.contains("far") == true)
        // `code` held as text by the server but read as int (`types`): cast there, in a subquery.
        session.setRemoteDataset("cast", try Self.remote("cast", [("code", .text), ("mark", .int)], on: region, overrides: ["code": .int]))
        let cast = try Self.plan("cast | where code > 3 | count", session)
        #expect(cast.pushedStages == 2)
        #expect(cast.sql.contains("CAST(\"code\" AS bigint)"))
    }
}
