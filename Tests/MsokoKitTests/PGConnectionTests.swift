import Foundation
import Testing
@testable import MsokoKit

/// The remote problem an error carries, or nil.
private func remoteProblem(_ error: any Error) -> MsokoError.RemoteProblem? {
    if let error = error as? MsokoError, case .remote(_, let problem) = error.kind { return problem }
    return nil
}

/// The error `body` throws, as a MsokoError (a test fails when it throws nothing or another).
private func msokoError(_ body: () throws -> Void) -> MsokoError? {
    do {
        try body()
        Issue.record("no error was thrown")
        return nil
    } catch let error as MsokoError {
        return error
    } catch {
        Issue.record("not a MsokoError: \(error)")
        return nil
    }
}

/// A table name no other test uses.
private func freshName(_ stem: String) -> String { "\(stem)_\(UUID().uuidString.prefix(8).lowercased())" }

/// Addresses and passwords: checked before any server is asked, so no server is needed.
@Suite("PostgreSQL addresses")
struct PGAddressTests {
    @Test("a password in the address is refused and never repeated")
    func passwordInAddress() {
        for address in ["postgresql://analyst:s3cret@db.example.org:6543/region",
                        "host=db.example.org port=6543 dbname=region user=analyst password=s3cret"] {
            guard let error = msokoError({ _ = try PGConnection(url: address) }) else { continue }
            #expect(remoteProblem(error) == .passwordInAddress)
            #expect(error.stage == .database)
            #expect(error.message.contains("db.example.org:6543/region"))
            #expect(!error.description.contains("s3cret"))
            #expect(error.hint?.contains(".pgpass") == true)
            #expect(error.hint?.contains("PGPASSWORD") == true)
        }
    }

    @Test("an address libpq cannot read says so without echoing it")
    func unreadableAddress() {
        guard let error = msokoError({ _ = try PGConnection(url: "postgresql://analyst@host/db?nosuchoption=1") }) else { return }
        guard case .badAddress(let detail)? = remoteProblem(error) else {
            Issue.record("not a bad address: \(error)")
            return
        }
        #expect(detail.contains("nosuchoption"))
    }

    @Test("identifiers are quoted with their double quotes doubled")
    func quoting() {
        #expect(PGConnection.quoteIdentifier("results") == "\"results\"")
        #expect(PGConnection.quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(PGConnection.qualifiedName(schema: "region 2024", name: "задания\"; drop table x; --")
                == "\"region 2024\".\"задания\"\"; drop table x; --\"")
        #expect(PGConnection.qualifiedName(schema: nil, name: "t") == "\"t\"")
    }
}

@Suite("PostgreSQL connection", .serialized, .enabled(if: PostgresTestServer.available, "PostgreSQL could not be started"))
struct PGConnectionTests {
    let server: PostgresTestServer.Server
    let db: PGConnection

    init() throws {
        server = try PostgresTestServer.server
        db = try PGConnection(url: server.url)
    }

    // MARK: Reading

    @Test("every column type round-trips: Cyrillic text, nulls, int, float, numeric, bool, date")
    func typesRoundTrip() throws {
        let name = freshName("types")
        try db.execute("""
            CREATE TABLE \(name) (i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
              n numeric(10, 3), t text, v varchar(20), c char(3), b boolean, d date)
            """)
        let insert = "INSERT INTO \(name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        try db.execute(insert, parameters: [.int(-32768), .int(2_147_483_647), .int(Int64.min), .double(0.5), .double(0.1),
                                            .double(12.345), .text("Школа №5 «Берёзка»"), .text("ВПР"), .text("5А"),
                                            .bool(true), .date(DateCodec.days(year: 2025, month: 4, day: 17))])
        try db.execute(insert, parameters: Array(repeating: Value.null, count: 11))
        try db.execute(insert, parameters: [.int(7), .int(-1), .int(Int64.max), .double(-2.25), .double(-1e300),
                                            .double(-0.001), .text(""), .text("x"), .text("ab"),
                                            .bool(false), .date(DateCodec.days(year: 1969, month: 12, day: 31))])
        let table = try db.query("SELECT * FROM \(name) ORDER BY i4 NULLS LAST")
        #expect(table.names == ["i2", "i4", "i8", "f4", "f8", "n", "t", "v", "c", "b", "d"])
        #expect(table.columns.map(\.type) == [.int, .int, .int, .double, .double, .double, .text, .text, .text, .bool, .date])
        #expect(table.rowCount == 3)
        // char(n) pads with blanks the server itself ignores (char(3) 'ab' = 'ab'): they are dropped.
        #expect(table.row(0) == [.int(7), .int(-1), .int(Int64.max), .double(-2.25), .double(-1e300), .double(-0.001),
                                 .text(""), .text("x"), .text("ab"), .bool(false), .date(-1)])
        #expect(table.row(1) == [.int(-32768), .int(2_147_483_647), .int(Int64.min), .double(0.5), .double(0.1),
                                 .double(12.345), .text("Школа №5 «Берёзка»"), .text("ВПР"), .text("5А"), .bool(true),
                                 .date(DateCodec.days(year: 2025, month: 4, day: 17))])
        #expect(table.row(2) == Array(repeating: Value.null, count: 11))
        #expect(table.columns.allSatisfy { $0.nullCount == 1 })
    }

    @Test("a statement no cursor can hold (INSERT … RETURNING, SHOW) is read whole")
    func statementsWithoutCursor() throws {
        let name = freshName("returning")
        try db.execute("CREATE TABLE \(name) (id bigserial, note text)")
        let inserted = try db.query("INSERT INTO \(name) (note) VALUES ($1), ($2) RETURNING id, note",
                                    parameters: [.text("первая"), .null])
        #expect(inserted.row(0) == [.int(1), .text("первая")])
        #expect(inserted.row(1) == [.int(2), .null])
        #expect(try db.query("SHOW DateStyle").row(0) == [.text("ISO, YMD")])
        #expect(try db.query("  (SELECT 5 AS x)").row(0) == [.int(5)])
        #expect(try db.query("UPDATE \(name) SET note = 'x'").rowCount == 0)
    }

    @Test("an empty result still has its columns and their types")
    func emptyResult() throws {
        let table = try db.query("SELECT 1::int AS a, 'x'::text AS b, current_date AS d WHERE false")
        #expect(table.rowCount == 0)
        #expect(table.names == ["a", "b", "d"])
        #expect(table.columns.map(\.type) == [.int, .text, .date])
    }

    @Test("dates far from 1970, BC, and special doubles come back as the server has them")
    func edgeValues() throws {
        let table = try db.query("""
            SELECT '0044-03-15 BC'::date AS ides, '12000-01-01'::date AS far, '2000-02-29'::date AS leap,
                   'NaN'::float8 AS nan, '-Infinity'::float8 AS minf, 'NaN'::numeric AS nnan
            """)
        // 44 BC is year -43 in the proleptic calendar with a year 0.
        #expect(table.row(0)[0] == .date(DateCodec.days(year: -43, month: 3, day: 15)))
        #expect(table.row(0)[1] == .date(DateCodec.days(year: 12000, month: 1, day: 1)))
        #expect(table.row(0)[2] == .date(DateCodec.days(year: 2000, month: 2, day: 29)))
        if case .double(let v) = table.row(0)[3] { #expect(v.isNaN) } else { Issue.record("NaN is not a double") }
        #expect(table.row(0)[4] == .double(-.infinity))
        if case .double(let v) = table.row(0)[5] { #expect(v.isNaN) } else { Issue.record("numeric NaN is not a double") }
        guard let error = msokoError({ _ = try db.query("SELECT 'infinity'::date AS open_end") }) else { return }
        #expect(remoteProblem(error) == .badValue(column: "open_end", value: "infinity"))
    }

    @Test("200,000 rows stream back in several batches, every row in place")
    func largeResult() throws {
        let count = 200_000
        #expect(count > 3 * PGConnection.batchRows)
        let table = try db.query("""
            SELECT g AS id, g * 0.5 AS half, 'ученик ' || (g % 1000) AS name, g % 3 = 0 AS third,
                   DATE '2020-01-01' + (g % 400) AS day, CASE WHEN g % 7 = 0 THEN NULL ELSE g END AS sparse
            FROM generate_series(1, $1::int) AS g ORDER BY g
            """, parameters: [.int(Int64(count))])
        #expect(table.rowCount == count)
        guard let ids = table.column("id"), let halves = table.column("half")?.doubles,
              let names = table.column("name"), let sparse = table.column("sparse") else {
            Issue.record("columns missing: \(table.names)")
            return
        }
        var sum: Int64 = 0
        for row in 0..<count { if case .int(let v) = ids.value(at: row) { sum += v } }
        #expect(sum == Int64(count) * Int64(count + 1) / 2)
        #expect(halves.reduce(0, +) == Double(sum) / 2)
        #expect(sparse.nullCount == count / 7)
        for row in [0, 49_999, 50_000, 123_455, count - 1] {
            let g = Int64(row + 1)
            #expect(table.row(row) == [.int(g), .double(Double(g) * 0.5), .text("ученик \(g % 1000)"), .bool(g % 3 == 0),
                                       .date(DateCodec.days(year: 2020, month: 1, day: 1) + Int32(g % 400)),
                                       g % 7 == 0 ? .null : .int(g)])
        }
        // Text is dictionary-encoded: 1,000 distinct names, not 200,000 strings.
        if case .text(_, let dictionary) = names.storage { #expect(dictionary.count == 1000) }
    }

    @Test("bind parameters are values, never SQL: quotes and `'; drop table` are just text")
    func parametersAreNotSQL() throws {
        let name = freshName("people")
        try db.execute("CREATE TABLE \(name) (name text)")
        let hostile = ["O'Brien", "'; DROP TABLE \(name); --", "\"quoted\"", "\\backslash", "$1", "Д'Артаньян"]
        for value in hostile { try db.execute("INSERT INTO \(name) VALUES ($1)", parameters: [.text(value)]) }
        for value in hostile {
            let found = try db.query("SELECT count(*) AS n FROM \(name) WHERE name = $1", parameters: [.text(value)])
            #expect(found.row(0) == [.int(1)], "\(value)")
        }
        let echoed = try db.query("SELECT $1 AS t, $2 AS i, $3 AS d, $4 AS b, $5 AS day, $6::int AS nothing",
                                  parameters: [.text("'; drop table x; --"), .int(-5), .double(2.5), .bool(true),
                                               .date(DateCodec.days(year: 2024, month: 9, day: 1)), .null])
        #expect(echoed.row(0) == [.text("'; drop table x; --"), .int(-5), .double(2.5), .bool(true),
                                  .date(DateCodec.days(year: 2024, month: 9, day: 1)), .null])
        #expect(try db.rowCount(table: name) == hostile.count)
    }

    // MARK: Errors of statements

    @Test("a type msoko lacks names the column and the type, with a cast as the hint")
    func unsupportedType() {
        guard let error = msokoError({ _ = try db.query("SELECT 1 AS id, now() AS written_at") }) else { return }
        #expect(remoteProblem(error) == .unsupportedType(column: "written_at", type: "timestamp with time zone"))
        #expect(error.message.contains("written_at"))
        #expect(error.message.contains(server.socket))
        #expect(error.hint?.contains("written_at::text") == true)
        // The connection is still usable, and no transaction was left open.
        #expect((try? db.query("SELECT 2 AS x").row(0)) == [.int(2)])
        for type in ["jsonb", "uuid", "bytea", "integer[]", "timestamp without time zone", "interval"] {
            let sql = "SELECT NULL::\(type) AS c"
            guard let error = msokoError({ _ = try db.query(sql) }) else { continue }
            #expect(remoteProblem(error) == .unsupportedType(column: "c", type: type), "\(type)")
        }
    }

    @Test("a missing table is named, with the server and a hint")
    func missingTable() {
        guard let error = msokoError({ _ = try db.query("SELECT * FROM vpr_results_2031") }) else { return }
        guard case .statement(let state, _)? = remoteProblem(error) else {
            Issue.record("not a statement error: \(error)")
            return
        }
        #expect(state == "42P01")
        #expect(error.message.contains("vpr_results_2031"))
        #expect(error.message.contains(server.socket))
        #expect(error.hint?.contains("schema") == true)
        guard let columns = msokoError({ _ = try db.columns(schema: "public", table: "vpr_results_2031") }) else { return }
        #expect(columns.message.contains("vpr_results_2031"))
        guard let column = msokoError({ _ = try db.query("SELECT no_such_column FROM pg_class") }) else { return }
        if case .statement(let state, _)? = remoteProblem(column) { #expect(state == "42703") }
        #expect(column.message.contains("no_such_column"))
    }

    // MARK: Errors of connecting

    @Test("no server on the socket: unreachable, naming where it looked")
    func unreachable() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-nopg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        guard let error = msokoError({ _ = try PGConnection(url: "host=\(empty.path) user=postgres dbname=postgres") }) else { return }
        guard case .unreachable? = remoteProblem(error) else {
            Issue.record("not unreachable: \(error)")
            return
        }
        #expect(error.message.contains("\(empty.path):5432/postgres"))
        #expect(error.hint?.contains("PGHOST") == true)
    }

    @Test("a database the server lacks, a user it lacks, a wrong and a missing password: four messages")
    func credentials() throws {
        let noDatabase = msokoError({ _ = try PGConnection(url: "postgresql://postgres@/region_2031?host=\(server.socket)") })
        #expect(noDatabase.flatMap(remoteProblem) == .noDatabase(database: "region_2031"))
        #expect(noDatabase?.message.contains("region_2031") == true)

        let noUser = msokoError({ _ = try PGConnection(url: "host=\(server.socket) user=nobody_here dbname=postgres") })
        guard case .credentials(let user, _)? = noUser.flatMap(remoteProblem) else {
            Issue.record("not a credentials error: \(String(describing: noUser))")
            return
        }
        #expect(user == "nobody_here")

        // ~/.pgpass is read through libpq's passfile; one with the wrong password, one with the
        // right one, and none at all.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-pgpass-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func passfile(_ password: String) throws -> String {
            let path = folder.appendingPathComponent("pgpass-\(password.count)").path
            try "*:*:*:\(PostgresTestServer.passwordUser):\(password)\n".write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            return path
        }
        let base = "host=\(server.socket) user=\(PostgresTestServer.passwordUser) dbname=postgres"
        let wrong = msokoError({ _ = try PGConnection(url: base + " passfile=\(try passfile("notthisone"))") })
        guard case .credentials(let wrongUser, let detail)? = wrong.flatMap(remoteProblem) else {
            Issue.record("not a credentials error: \(String(describing: wrong))")
            return
        }
        #expect(wrongUser == PostgresTestServer.passwordUser)
        #expect(detail.contains("password"))
        #expect(wrong?.hint?.contains(".pgpass") == true)
        #expect(wrong?.description.contains("notthisone") == false)

        let missing = msokoError({ _ = try PGConnection(url: base + " passfile=\(folder.path)/none") })
        #expect(missing.flatMap(remoteProblem) == .noPassword(user: PostgresTestServer.passwordUser))

        let right = try PGConnection(url: base + " passfile=\(try passfile(PostgresTestServer.password))")
        #expect(try right.query("SELECT current_user::text AS u").row(0) == [.text(PostgresTestServer.passwordUser)])
    }

    // MARK: Cancel and a broken connection

    @Test("cancel from another thread stops pg_sleep(30) within two seconds, and the connection goes on")
    func cancelFromAnotherThread() throws {
        let connection = db
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { connection.cancel() }
        let error = msokoError({ _ = try db.query("SELECT pg_sleep(30)::text AS slept") })
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 2.5, "took \(elapsed) s")
        #expect(error?.kind == .interrupted(.query(server: db.server)))
        #expect(error?.stage == .interrupted)
        #expect(try db.query("SELECT 3 AS x").row(0) == [.int(3)])
        // A cancel with nothing running does not stop the next statement.
        db.cancel()
        #expect(try db.query("SELECT 4 AS x").row(0) == [.int(4)])
    }

    @Test("a connection killed mid-query: a clear error, no table, and the next statement reconnects")
    func connectionDropped() throws {
        let pid = try db.query("SELECT pg_backend_pid() AS pid").row(0)[0]
        let killer = try PGConnection(url: server.url)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
            _ = try? killer.query("SELECT pg_terminate_backend($1::int) AS done", parameters: [pid])
        }
        let started = Date()
        let error = msokoError({ _ = try db.query("SELECT pg_sleep(30)::text AS slept") })
        #expect(Date().timeIntervalSince(started) < 5)
        guard case .connectionLost? = error.flatMap(remoteProblem) else {
            Issue.record("not a lost connection: \(String(describing: error))")
            return
        }
        #expect(error?.message.contains(server.socket) == true)
        let again = try db.query("SELECT pg_backend_pid() AS pid").row(0)[0]
        #expect(again != pid)
    }

    // MARK: Writing

    @Test("COPY writes tabs, newlines, backslashes, \\N as text, nulls, Cyrillic, every type, and reads back the same")
    func copyRoundTrip() throws {
        let name = freshName("copied")
        var table = Table()
        let texts: [Value] = [.text("tab\there"), .text("two\nlines"), .text("back\\slash"), .text("\\N"), .null,
                              .text("ВПР «Русский язык», 4 класс"), .text("cr\r\nlf"), .text("")]
        table.set("text col", Column.from(texts))
        table.set("n", Column.from([.int(1), .int(-2), .null, .int(Int64.max), .int(0), .int(5), .int(6), .int(7)]))
        table.set("x", Column.from([.double(0.1), .double(-1e-300), .double(1e300), .null, .double(.infinity),
                                    .double(2.5), .double(1.0 / 3.0), .double(-0.0)]))
        table.set("ok", Column.from([.bool(true), .bool(false), .null, .bool(true), .bool(true), .bool(false), .bool(true), .bool(false)]))
        table.set("day", Column.from([.date(0), .date(-1), .date(DateCodec.days(year: 2025, month: 12, day: 31)), .null,
                                      .date(20_000), .date(1), .date(2), .date(3)]))
        table.set("nothing", Column(.null(count: 8)))
        let definitions = zip(table.names, table.columns).map {
            PGConnection.quoteIdentifier($0) + " " + PGConnection.sqlType(for: $1.type)
        }
        let written = try db.transaction {
            try db.execute("CREATE TABLE \(PGConnection.qualifiedName(schema: "public", name: name)) (\(definitions.joined(separator: ", ")))")
            return try db.copyIn(table, into: "public", table: name)
        }
        #expect(written == 8)
        let back = try db.query("SELECT * FROM \(PGConnection.quoteIdentifier(name))")
        #expect(back.names == table.names)
        #expect(back.columns.map(\.type) == [.text, .int, .double, .bool, .date, .text])
        #expect(back.rowCount == 8)
        // Row order: a fresh heap table read whole gives the order COPY wrote (no updates).
        for row in 0..<8 {
            var expected = table.row(row)
            expected[5] = .null
            #expect(back.row(row) == expected, "row \(row)")
        }
    }

    @Test("a failure inside a transaction leaves no table behind")
    func rollbackLeavesNothing() throws {
        let name = freshName("half_written")
        struct Stop: Error {}
        var table = Table()
        table.set("id", Column.from([.int(1), .int(2)]))
        #expect(throws: Stop.self) {
            try db.transaction {
                try db.execute("CREATE TABLE \(name) (id bigint)")
                try db.copyIn(table, into: nil, table: name)
                throw Stop()
            }
        }
        #expect(try db.tables(schema: "public").contains { $0.name == name } == false)
        // A COPY the server refuses (a text value into a bigint column) rolls back the CREATE too.
        var bad = Table()
        bad.set("id", Column.from([.text("not a number")]))
        let error = msokoError({
            try db.transaction {
                try db.execute("CREATE TABLE \(name) (id bigint)")
                try db.copyIn(bad, into: nil, table: name)
            }
        })
        if case .statement(let state, _)? = error.flatMap(remoteProblem) { #expect(state == "22P02") } else {
            Issue.record("not a statement error: \(String(describing: error))")
        }
        #expect(try db.tables(schema: "public").contains { $0.name == name } == false)
        #expect(try db.query("SELECT 1 AS x").rowCount == 1)
    }

    // MARK: The catalogue

    @Test("tables with estimated rows (unknown until analysed) and columns with their types")
    func catalogue() throws {
        let schema = freshName("region")
        try db.execute("CREATE SCHEMA \(PGConnection.quoteIdentifier(schema))")
        let results = PGConnection.qualifiedName(schema: schema, name: "results")
        try db.execute("""
            CREATE TABLE \(results) (school_id integer, mark smallint, score numeric(5,2), name varchar(50),
              passed boolean, written date, at timestamp, tags text[]);
            INSERT INTO \(results) (school_id) SELECT g FROM generate_series(1, 1000) g;
            CREATE VIEW \(PGConnection.qualifiedName(schema: schema, name: "good")) AS SELECT * FROM \(results) WHERE mark >= 4
            """)
        var tables = try db.tables(schema: schema)
        #expect(tables.map(\.name) == ["good", "results"])
        #expect(tables.map(\.kind) == ["view", "table"])
        #expect(tables.map(\.estimatedRows) == [nil, nil])
        try db.execute("ANALYZE \(results)")
        tables = try db.tables(schema: schema)
        #expect(tables.map(\.estimatedRows) == [nil, 1000])
        #expect(try db.tables().contains { $0.schema == schema && $0.name == "results" })
        #expect(try db.tables().contains { $0.schema == "pg_catalog" } == false)

        let columns = try db.columns(schema: schema, table: "results")
        #expect(columns.map(\.name) == ["school_id", "mark", "score", "name", "passed", "written", "at", "tags"])
        #expect(columns.map(\.pgType) == ["integer", "smallint", "numeric(5,2)", "character varying(50)", "boolean", "date",
                                          "timestamp without time zone", "text[]"])
        #expect(columns.map(\.type) == [.int, .int, .double, .text, .bool, .date, nil, nil])
        #expect(try db.rowCount(schema: schema, table: "results") == 1000)
    }
}
