import Foundation

/// A PostgreSQL address as scripts write it: `postgresql://user@host:port/db` for `attach`, with
/// a table after the database for `load` and `save` (`…/db/vpr_results`, `…/db/region.vpr_results`;
/// a `.csv` ending is dropped, so `load $data + "/vpr_results.csv"` reads the table `vpr_results`
/// when `--param data=postgresql://…/db`). A socket folder is written as the host, percent-encoded
/// (`postgresql://postgres@%2Ftmp%2Fpg/postgres`), or in the query (`?host=/tmp/pg`) when no
/// table follows.
///
/// A password is never taken from a script: libpq reads `PGPASSWORD` and `~/.pgpass` itself, and
/// a URL with one is refused (scripts are shared and kept; a password in one leaks).
struct RemoteURL: Sendable, Equatable {
    /// What libpq connects with: the URL without the table.
    let connection: String
    /// The server and database for messages: `host:port/db` (never a password).
    let label: String
    /// The schema, when the URL names one (`…/db/schema.table`).
    let schema: String?
    /// The table, when the URL names one.
    let table: String?

    static let schemes = ["postgresql://", "postgres://"]

    /// Whether a path is a database address rather than a file.
    static func isRemote(_ path: String) -> Bool {
        schemes.contains { path.lowercased().hasPrefix($0) }
    }

    /// Reads an address; the error says what is wrong with it (and never repeats a password).
    static func parse(_ text: String, at range: SourceRange?) throws -> RemoteURL {
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw MsokoError(.syntax, tr("remote.url_scheme", ["url": text]), at: range, hint: tr("remote.url.hint"))
        }
        var rest = String(text.dropFirst(scheme.count))
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[mark...])
            rest = String(rest[..<mark])
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let authority = parts.first ?? ""
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            let shown = scheme + authority[authority.index(after: at)...] + (parts.count > 1 ? "/" + parts.dropFirst().joined(separator: "/") : "")
            // The client's own refusal (PGConnection), said before anything is sent.
            throw MsokoError(.remote(server: shown, problem: .passwordInAddress), at: range)
        }
        let path = parts.dropFirst().filter { !$0.isEmpty }
        guard path.count <= 2 else {
            throw MsokoError(.syntax, tr("remote.url_path", ["url": Self.withoutUser(scheme, authority, ArraySlice(path), query)]), at: range,
                             hint: tr("remote.url.hint"))
        }
        let database = path.first
        var schema: String? = nil
        var table: String? = nil
        if path.count == 2 {
            var name = path[path.index(after: path.startIndex)]
            for ending in [".csv", ".tsv", ".txt"] where name.lowercased().hasSuffix(ending) {
                name = String(name.dropLast(ending.count))
            }
            name = name.removingPercentEncoding ?? name
            if let dot = name.firstIndex(of: ".") {
                schema = String(name[..<dot])
                table = String(name[name.index(after: dot)...])
            } else {
                table = name
            }
            if table?.isEmpty != false || schema?.isEmpty == true {
                throw MsokoError(.syntax, tr("remote.url_path", ["url": Self.withoutUser(scheme, authority, ArraySlice(path), query)]), at: range,
                                 hint: tr("remote.url.hint"))
            }
        }
        let connection = scheme + authority + (database.map { "/" + $0 } ?? "") + query
        return RemoteURL(connection: connection, label: Self.label(authority: authority, database: database, query: query),
                         schema: schema, table: table)
    }

    /// `host:port/db`, with a socket folder decoded and `localhost` when none is named.
    static func label(authority: String, database: String?, query: String) -> String {
        var host = authority
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        host = host.removingPercentEncoding ?? host
        if host.isEmpty, let fromQuery = queryValue("host", in: query) { host = fromQuery }
        if host.isEmpty { host = ProcessInfo.processInfo.environment["PGHOST"] ?? "localhost" }
        let db = database ?? ProcessInfo.processInfo.environment["PGDATABASE"] ?? ""
        return host + "/" + db
    }

    static func queryValue(_ key: String, in query: String) -> String? {
        for pair in query.dropFirst().split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == key { return parts[1].removingPercentEncoding ?? parts[1] }
        }
        return nil
    }

    static func withoutUser(_ scheme: String, _ authority: String, _ path: ArraySlice<String>, _ query: String) -> String {
        scheme + authority + (path.isEmpty ? "" : "/" + path.joined(separator: "/")) + query
    }
}
