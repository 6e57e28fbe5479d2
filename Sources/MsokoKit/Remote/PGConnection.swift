import CLibPQ
import Foundation

/// One connection to a PostgreSQL server, through libpq (PostgreSQL's own client library: it
/// brings the PG* environment variables, ~/.pgpass, service files, TLS when the server asks —
/// libpq's default sslmode=prefer — and COPY; see docs/decisions.md, "PostgreSQL client", for why not postgres-nio).
///
/// Results come back as msoko tables: a server-side cursor is fetched in batches of
/// `batchRows` and each batch is appended straight into typed column builders (no `Value` per
/// cell). Values travel as bind parameters, never pasted into SQL; names go through
/// `quoteIdentifier`.
///
/// `@unchecked Sendable`: a libpq connection may be used by one thread at a time, so every
/// operation holds `lock` (recursive, so `transaction` can run statements inside its body) for
/// its whole length. The one thing another thread may do meanwhile is `cancel()`, which goes
/// through libpq's PGcancel object — made for exactly that (PQcancel is thread- and
/// signal-safe) — guarded by its own `cancelLock`.
public final class PGConnection: @unchecked Sendable {
    /// Rows per FETCH: large enough that round trips cost nothing next to the rows, small enough
    /// that one batch of libpq's text results stays a few MB.
    public static let batchRows = 50_000

    /// host:port/database as libpq resolved them (PGHOST… and defaults included); never a
    /// password. Every error names the server by it.
    public private(set) var server: String
    /// The user libpq connected as.
    public private(set) var user: String

    private let conn: OpaquePointer
    private let lock = NSRecursiveLock()
    private let cancelLock = NSLock()
    private var cancelHandle: OpaquePointer?
    private var cancelRequested = false
    private var cursorNumber = 0

    /// Connects to `address`: a `postgresql://user@host:port/db?param=…` URL or a libpq
    /// `key=value` string ("" takes everything from PGHOST, PGUSER, …). A password in it is
    /// refused: passwords come from PGPASSWORD or ~/.pgpass only, never from a script.
    public init(url address: String) throws {
        let given = try PGConnection.parseAddress(address)
        if given.hasPassword {
            throw MsokoError(.remote(server: given.server, problem: .passwordInAddress))
        }
        // Keywords are applied in order and later ones win: connect_timeout can be overridden by
        // the address (so that an unreachable host never hangs a script), application_name and
        // client_encoding cannot (msoko reads UTF-8 only).
        let keywords = ["connect_timeout", "dbname", "application_name", "client_encoding"]
        let values = ["10", address, "msoko", "UTF8"]
        let connection: OpaquePointer? = PGConnection.withCStrings(keywords) { k in
            PGConnection.withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let connection else {
            throw MsokoError(.remote(server: given.server, problem: .cannotConnect(detail: "out of memory")))
        }
        conn = connection
        server = PGConnection.describe(connection)
        user = PGConnection.string(PQuser(connection))
        // Every stored property is set from here on, so a throw runs deinit, which closes the
        // connection (closing it here too would free it twice).
        guard PQstatus(connection) == CONNECTION_OK else { throw connectionError() }
        cancelHandle = PQgetCancel(connection)
        // Results are read as text: dates in ISO order, doubles with every digit they need.
        try run("SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1")
    }

    deinit {
        cancelLock.lock()
        if let handle = cancelHandle { PQfreeCancel(handle) }
        cancelHandle = nil
        cancelLock.unlock()
        PQfinish(conn)
    }

    // MARK: Statements

    /// Runs a query that returns rows (SELECT, VALUES, TABLE, WITH … SELECT — streamed through a
    /// cursor; any other statement, e.g. INSERT … RETURNING, is read whole) with `parameters` as
    /// $1, $2, … and reads the whole result into a table. Column types: int2/int4/int8/oid → int,
    /// float4/float8/numeric → double, text/varchar/char/name → text, bool, date; any other type
    /// is an error naming the column (cast it to one of these). A cancel, a dropped connection or
    /// an error leaves no partial table.
    ///
    /// Outside a transaction the cursor gets its own (committed at the end); inside the caller's
    /// it is closed and the transaction left open.
    public func query(_ sql: String, parameters: [Value] = []) throws -> Table {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen()
        startOperation()
        guard PGConnection.readsThroughCursor(sql) else {
            // INSERT … RETURNING, SHOW, EXPLAIN: no cursor can hold them; their result (small, as
            // a rule) comes whole.
            let outcome = try run(sql, parameters)
            guard let result = outcome.result, PQresultStatus(result) == PGRES_TUPLES_OK else { return Table() }
            var reader = try PGResultReader(result, connection: self)
            try reader.append(result)
            return reader.table()
        }
        let ownTransaction = PQtransactionStatus(conn) == PQTRANS_IDLE
        cursorNumber += 1
        let cursor = "msoko_cursor_\(cursorNumber)"
        do {
            // A cursor is planned for its first 10% of rows unless told otherwise, which picks
            // plans that are slow for a whole result (nested loops over index scans).
            try run((ownTransaction ? "BEGIN; " : "") + "SET LOCAL cursor_tuple_fraction = 1.0")
            try run("DECLARE \(cursor) NO SCROLL CURSOR FOR \(PGConnection.statementText(sql))", parameters)
            var reader: PGResultReader?
            while true {
                let batch = try run("FETCH FORWARD \(PGConnection.batchRows) FROM \(cursor)")
                guard let result = batch.result else { break }
                if reader == nil { reader = try PGResultReader(result, connection: self) }
                try reader?.append(result)
                if Int(PQntuples(result)) < PGConnection.batchRows { break }
            }
            try run(ownTransaction ? "COMMIT" : "CLOSE \(cursor)")
            return reader?.table() ?? Table()
        } catch {
            if PQstatus(conn) == CONNECTION_OK {
                switch PQtransactionStatus(conn) {
                case PQTRANS_INERROR where ownTransaction, PQTRANS_INTRANS where ownTransaction:
                    _ = try? run("ROLLBACK")
                case PQTRANS_INTRANS:
                    _ = try? run("CLOSE \(cursor)")
                default:
                    break
                }
            }
            throw error
        }
    }

    /// Runs a statement that returns no rows (CREATE, INSERT, …) with `parameters` as $1, $2, …;
    /// gives the number of rows it touched (0 when it says none). Without parameters the text may
    /// hold several statements separated by `;`.
    @discardableResult
    public func execute(_ sql: String, parameters: [Value] = []) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen()
        startOperation()
        let outcome = try run(sql, parameters.isEmpty ? nil : parameters)
        guard let result = outcome.result else { return 0 }
        return Int(PGConnection.string(PQcmdTuples(result))) ?? 0
    }

    /// Runs `body` inside BEGIN … COMMIT; an error (or a cancel) in it rolls everything back, so a
    /// failure leaves nothing half-written. Nested calls run inside the outer transaction.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen()
        guard PQtransactionStatus(conn) == PQTRANS_IDLE else { return try body() }
        try run("BEGIN")
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            if PQstatus(conn) == CONNECTION_OK { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    /// Asks the server to stop the statement now running on this connection; callable from any
    /// thread (Ctrl-C). The statement then fails with `.interrupted(.query(server:))`. Nothing
    /// happens when no statement runs.
    public func cancel() {
        cancelLock.lock()
        defer { cancelLock.unlock() }
        cancelRequested = true
        guard let handle = cancelHandle else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, Int32(buffer.count))
    }

    // MARK: COPY

    /// Writes every row of `table` into the existing table `schema.name` (schema nil: the
    /// search_path's) with COPY … FROM STDIN in text format, columns matched by name. Gives the
    /// number of rows written. Callers wrap the CREATE TABLE and this in `transaction` so that a
    /// failure leaves nothing behind.
    @discardableResult
    public func copyIn(_ table: Table, into schema: String?, table name: String) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        try ensureOpen()
        startOperation()
        let target = PGConnection.qualifiedName(schema: schema, name: name)
        let columns = table.names.map(PGConnection.quoteIdentifier).joined(separator: ", ")
        let start = try run("COPY \(target) (\(columns)) FROM STDIN", nil, expecting: PGRES_COPY_IN)
        _ = start
        var encoder = PGCopyEncoder(table)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var row = 0
        var abandoned: String?
        while row < table.rowCount {
            buffer.removeAll(keepingCapacity: true)
            while row < table.rowCount && buffer.count < 1 << 20 {
                encoder.encode(row: row, into: &buffer)
                row += 1
            }
            if interruptPending() { abandoned = "cancelled by msoko"; break }
            let sent = buffer.withUnsafeBufferPointer { bytes -> Int32 in
                guard let base = bytes.baseAddress else { return 1 }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    PQputCopyData(conn, $0, Int32(bytes.count))
                }
            }
            if sent != 1 { break }    // the connection broke: PQgetResult below says how
        }
        _ = PQputCopyEnd(conn, abandoned)
        let outcome = try finish(expecting: PGRES_COMMAND_OK)
        guard let result = outcome.result else { return row }
        return Int(PGConnection.string(PQcmdTuples(result))) ?? row
    }

    // MARK: The catalogue

    /// A table or view the server has.
    public struct TableInfo: Sendable, Equatable {
        public var schema: String
        public var name: String
        /// "table", "view", "materialized view", "partitioned table", "foreign table".
        public var kind: String
        /// The planner's estimate (pg_class.reltuples); nil when the table was never analysed (or
        /// is a view), so the count is unknown without `rowCount`.
        public var estimatedRows: Int?
    }

    /// A column of a table: its name, its PostgreSQL type as written (`numeric(5,2)`,
    /// `timestamp without time zone`) and msoko's type for it (nil: not readable as is).
    public struct ColumnInfo: Sendable, Equatable {
        public var name: String
        public var pgType: String
        public var type: DataType?
    }

    /// The tables, views and materialized views the user may read, in `schema` or (nil) in every
    /// schema but the system ones; partitions are left out (their parent stands for them).
    public func tables(schema: String? = nil) throws -> [TableInfo] {
        let result = try query("""
            SELECT n.nspname::text, c.relname::text, c.relkind::text, c.reltuples::float8
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
              AND pg_catalog.has_table_privilege(c.oid, 'SELECT')
              AND CASE WHEN $1::text IS NULL
                       THEN n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                       ELSE n.nspname = $1::text END
            ORDER BY 1, 2
            """, parameters: [schema.map { .text($0) } ?? .null])
        let kinds = ["r": "table", "p": "partitioned table", "v": "view", "m": "materialized view", "f": "foreign table"]
        return (0..<result.rowCount).map { row in
            let cells = result.row(row)
            let kind = cells[2].plainText
            var estimate: Int?
            if case .double(let rows) = cells[3], rows >= 0, kind != "v" { estimate = Int(rows) }
            return TableInfo(schema: cells[0].plainText, name: cells[1].plainText, kind: kinds[kind] ?? kind,
                             estimatedRows: estimate)
        }
    }

    /// The columns of `schema.name` (schema nil: found through the search_path), in order. A
    /// missing table is an error naming it.
    public func columns(schema: String? = nil, table name: String) throws -> [ColumnInfo] {
        let qualified = PGConnection.qualifiedName(schema: schema, name: name)
        let result = try query("""
            SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END::int8
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = pg_catalog.to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, parameters: [.text(qualified)])
        if result.rowCount == 0 {
            // to_regclass gives NULL for a missing table: let the server say so in its words.
            _ = try query("SELECT * FROM \(qualified) LIMIT 0")
        }
        return (0..<result.rowCount).map { row in
            let cells = result.row(row)
            var oid: UInt32 = 0
            if case .int(let value) = cells[2] { oid = UInt32(truncatingIfNeeded: value) }
            return ColumnInfo(name: cells[0].plainText, pgType: cells[1].plainText, type: PGResultReader.dataType(oid: oid))
        }
    }

    /// The exact number of rows of `schema.name` (a `count(*)`: a full scan on a large table).
    public func rowCount(schema: String? = nil, table name: String) throws -> Int {
        let result = try query("SELECT count(*) FROM \(PGConnection.qualifiedName(schema: schema, name: name))")
        if case .int(let count)? = result.columns.first?.value(at: 0) { return Int(count) }
        return 0
    }

    // MARK: Names and types in SQL

    /// `name` as a quoted SQL identifier: in double quotes, a double quote doubled. Every table
    /// and column name msoko writes into SQL goes through this.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `"schema"."name"`, or `"name"` when schema is nil.
    public static func qualifiedName(schema: String?, name: String) -> String {
        (schema.map { quoteIdentifier($0) + "." } ?? "") + quoteIdentifier(name)
    }

    /// The column type a table made from msoko's `type` gets (`save` to a server).
    public static func sqlType(for type: DataType) -> String {
        switch type {
        case .int: return "bigint"
        case .double: return "double precision"
        case .text, .null: return "text"
        case .bool: return "boolean"
        case .date: return "date"
        }
    }

    // MARK: Running one statement

    /// What a statement gave: its last result (nil for none), cleared when this goes away.
    final class Outcome {
        let result: OpaquePointer?
        init(_ result: OpaquePointer?) { self.result = result }
        deinit { if let result { PQclear(result) } }
    }

    /// Sends `sql` (with bind parameters when given, otherwise through the simple protocol, which
    /// allows several statements), waits for it while watching for Ctrl-C, and gives its last
    /// result; an error result becomes a MsokoError.
    @discardableResult
    func run(_ sql: String, _ parameters: [Value]? = nil, expecting: ExecStatusType? = nil) throws -> Outcome {
        let sent: Int32
        if let parameters {
            let bound = parameters.map(PGConnection.parameter)
            var types = bound.map(\.type)
            let texts = bound.map(\.text)
            sent = PGConnection.withOptionalCStrings(texts) { values in
                PQsendQueryParams(conn, sql, Int32(bound.count), &types, values, nil, nil, 0)
            }
        } else {
            sent = PQsendQuery(conn, sql)
        }
        guard sent == 1 else { throw statementError(nil) }
        return try finish(expecting: expecting)
    }

    /// Waits for the statement sent last and collects its results (all of them, so the
    /// connection is ready for the next one).
    private func finish(expecting: ExecStatusType?) throws -> Outcome {
        waitWhileBusy()
        var last: Outcome?
        var failure: MsokoError?
        while let result = PQgetResult(conn) {
            let status = PQresultStatus(result)
            if status == PGRES_COPY_IN && expecting != PGRES_COPY_IN {
                // Never left waiting for data nobody sends.
                _ = PQputCopyEnd(conn, "msoko sends no COPY data here")
            }
            if status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE {
                if failure == nil { failure = statementError(result) }
                PQclear(result)
                continue
            }
            last = Outcome(result)
            // COPY IN waits for our data: nothing more comes until it is sent.
            if status == PGRES_COPY_IN { break }
        }
        if let failure { throw failure }
        if PQstatus(conn) != CONNECTION_OK {
            throw MsokoError(.remote(server: server, problem: .connectionLost(detail: PGConnection.oneLine(PQerrorMessage(conn)))))
        }
        return last ?? Outcome(nil)
    }

    /// Waits for the server with poll(2) in slices of 100 ms, so Ctrl-C (`msokoInterruptRequested`)
    /// turns into a cancel request while a long query runs.
    private func waitWhileBusy() {
        let socket = PQsocket(conn)
        while PQisBusy(conn) != 0 {
            if interruptPending() { cancel() }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { return }
            if ready > 0 && PQconsumeInput(conn) == 0 { return }   // broken: PQgetResult says why
        }
    }

    /// True when Ctrl-C was pressed (the flag is taken: this cancel answers it).
    private func interruptPending() -> Bool {
        if msokoInterruptRequested {
            msokoInterruptRequested = false
            cancel()
            return true
        }
        cancelLock.lock()
        defer { cancelLock.unlock() }
        return cancelRequested
    }

    private func startOperation() {
        cancelLock.lock()
        cancelRequested = false
        cancelLock.unlock()
    }

    /// A connection that broke earlier is opened again once before the next statement.
    private func ensureOpen() throws {
        guard PQstatus(conn) != CONNECTION_OK else { return }
        PQreset(conn)
        guard PQstatus(conn) == CONNECTION_OK else { throw connectionError() }
        cancelLock.lock()
        if let handle = cancelHandle { PQfreeCancel(handle) }
        cancelHandle = PQgetCancel(conn)
        cancelLock.unlock()
        try run("SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1")
    }

    // MARK: Errors

    /// Why the connection could not be made, by what libpq says: the kinds a person acts on
    /// differently (the host, the password, the database name) are told apart.
    private func connectionError() -> MsokoError {
        let detail = PGConnection.oneLine(PQerrorMessage(conn))
        let lower = detail.lowercased()
        let database = PGConnection.string(PQdb(conn))
        let problem: MsokoError.RemoteProblem
        if PQconnectionNeedsPassword(conn) != 0 {
            problem = .noPassword(user: user)
        } else if lower.contains("password authentication failed") || lower.contains("authentication failed")
                    || (lower.contains("role \"") && lower.contains("does not exist")) || lower.contains("pg_hba.conf") {
            problem = .credentials(user: user, detail: detail)
        } else if lower.contains("database \"") && lower.contains("does not exist") {
            problem = .noDatabase(database: database)
        } else if ["connection refused", "no such file or directory", "could not translate host name",
                   "timeout expired", "network is unreachable", "no route to host", "could not connect",
                   "server closed the connection"].contains(where: lower.contains) {
            problem = .unreachable(detail: detail)
        } else {
            problem = .cannotConnect(detail: detail)
        }
        return MsokoError(.remote(server: server, problem: problem))
    }

    /// The error a failed statement gives: a cancel we asked for is an interruption, a broken
    /// connection says so, anything else carries the server's SQLSTATE and words.
    private func statementError(_ result: OpaquePointer?) -> MsokoError {
        let state = result.map { PGConnection.string(PQresultErrorField($0, Int32(UInt8(ascii: "C")))) } ?? ""
        cancelLock.lock()
        let cancelled = cancelRequested
        cancelLock.unlock()
        if state == "57014" && cancelled {
            return MsokoError(.interrupted(.query(server: server)))
        }
        if PQstatus(conn) != CONNECTION_OK || state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03" {
            let words = result.map { PGConnection.oneLine(PQresultErrorMessage($0)) } ?? ""
            let detail = words.isEmpty ? PGConnection.oneLine(PQerrorMessage(conn)) : words
            return MsokoError(.remote(server: server, problem: .connectionLost(detail: detail)))
        }
        var detail = ""
        if let result {
            detail = PGConnection.string(PQresultErrorField(result, Int32(UInt8(ascii: "M"))))
            let more = PGConnection.string(PQresultErrorField(result, Int32(UInt8(ascii: "D"))))
            if !more.isEmpty { detail += " (\(more))" }
        }
        if detail.isEmpty { detail = PGConnection.oneLine(PQerrorMessage(conn)) }
        let serverHint = result.map { PGConnection.string(PQresultErrorField($0, Int32(UInt8(ascii: "H")))) } ?? ""
        var error = MsokoError(.remote(server: server, problem: .statement(sqlState: state, detail: detail)))
        if error.hint == nil && !serverHint.isEmpty { error.hint = serverHint }
        return error
    }

    /// The name of a type the server has, as SQL writes it (for messages).
    func typeName(oid: UInt32, modifier: Int32) -> String {
        let sql = "SELECT pg_catalog.format_type(\(oid)::oid, \(modifier))"
        guard let outcome = try? run(sql), let result = outcome.result, PQntuples(result) == 1 else { return "oid \(oid)" }
        return PGConnection.string(PQgetvalue(result, 0, 0))
    }

    // MARK: Helpers

    /// host:port/database of a connection (a Unix socket's folder stands for the host).
    private static func describe(_ connection: OpaquePointer) -> String {
        let host = string(PQhost(connection))
        let port = string(PQport(connection))
        let database = string(PQdb(connection))
        return "\(host.isEmpty ? "localhost" : host):\(port.isEmpty ? "5432" : port)/\(database)"
    }

    /// What an address says before connecting: whether it holds a password, and the server it
    /// names (for the message that refuses it; PG* variables fill what it leaves out).
    private static func parseAddress(_ address: String) throws -> (hasPassword: Bool, server: String) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(address, &message) else {
            let detail = message.map { oneLine(UnsafePointer($0)) } ?? ""
            if let message { PQfreemem(message) }
            // Never echo the address itself: it may hold a password.
            throw MsokoError(.remote(server: "?", problem: .badAddress(detail: detail)))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let environment = ProcessInfo.processInfo.environment
        func pick(_ key: String, _ variable: String, _ fallback: String) -> String {
            if let value = values[key], !value.isEmpty { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return fallback
        }
        let user = pick("user", "PGUSER", NSUserName())
        let server = "\(pick("host", "PGHOST", "localhost")):\(pick("port", "PGPORT", "5432"))/\(pick("dbname", "PGDATABASE", user))"
        return (!(values["password"] ?? "").isEmpty, server)
    }

    /// A bind parameter: its text and the type the server reads it as (0: inferred, for null).
    private static func parameter(_ value: Value) -> (text: String?, type: UInt32) {
        switch value {
        case .null: return (nil, 0)
        case .int(let v): return (String(v), 20)                       // int8
        case .double(let v): return (NumberFormat.shortest(v), 701)     // float8
        case .text(let v): return (v, 25)                               // text
        case .bool(let v): return (v ? "t" : "f", 16)                   // bool
        case .date(let v): return (DateCodec.format(v), 1082)           // date
        }
    }

    /// Whether `sql` is a query DECLARE … CURSOR takes (SELECT, WITH, VALUES, TABLE, or one of
    /// them in brackets), by its first word.
    static func readsThroughCursor(_ sql: String) -> Bool {
        let text = sql.drop { $0.isWhitespace || $0 == "(" }
        let word = text.prefix { $0.isLetter }.lowercased()
        return ["select", "with", "values", "table"].contains(word)
    }

    /// The query text for DECLARE: without the `;` and blanks that may end it.
    private static func statementText(_ sql: String) -> String {
        var text = Substring(sql)
        while let last = text.last, last == ";" || last.isWhitespace { text.removeLast() }
        return String(text)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// libpq's and the server's messages on one line (they end in newlines and indent details).
    static func oneLine(_ pointer: UnsafePointer<CChar>?) -> String {
        string(pointer).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    static func oneLine(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        oneLine(pointer.map { UnsafePointer($0) })
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalCStrings(strings) { body($0) }
    }

    /// C strings for libpq's arrays (nil stays NULL: a null parameter), with a NULL at the end.
    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        pointers.append(nil)
        return body(pointers)     // the array's storage, valid for the call
    }
}
