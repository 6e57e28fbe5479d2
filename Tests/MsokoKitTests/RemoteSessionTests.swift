import Foundation
import Testing
@testable import MsokoKit

/// Datasets on a real PostgreSQL server (`Session/RemoteData.swift`): `save` to a table and
/// `load` it back, `attach`, `datasets` and `describe`, the errors a person meets, and the whole
/// annual run on the server giving the same files as on the district's CSVs.
@Suite("Remote datasets", .serialized, .enabled(if: PostgresTestServer.available, "PostgreSQL could not be started"))
struct RemoteSessionTests {
    /// `postgresql://postgres@%2Ftmp%2F…%2Fsocket/postgres`: the socket folder as the host, so a
    /// table can be appended to the address (`$data + "/vpr_results.csv"`).
    static func address() throws -> String {
        let socket = try PostgresTestServer.server.socket
        return "postgresql://postgres@" + socket.replacingOccurrences(of: "/", with: "%2F") + "/postgres"
    }

    /// A fresh schema for one test, so tests do not see each other's tables.
    static func schema(_ name: String) throws -> String {
        let connection = try PGConnection(url: try PostgresTestServer.server.conninfo)
        try connection.execute("DROP SCHEMA IF EXISTS \(PGConnection.quoteIdentifier(name)) CASCADE; CREATE SCHEMA \(PGConnection.quoteIdentifier(name))")
        return name
    }

    @Test func aTableSavedAndReadBackAnswersAsTheFileDoes() throws {
        let url = try Self.address()
        let schema = try Self.schema("roundtrip")
        let setup = "load \"data/vpr.csv\" as vpr with types = {pupil_code: \"text\"}\n"
        let saved = runScript(setup + "vpr | save \"\(url)/\(schema).vpr\"\n")
        #expect(saved.ok, "\(saved.err)")
        #expect(saved.err.contains("wrote table \(schema).vpr"))
        for pipeline in ["r | count by school_id | sort school_id",
                         "r | where mark is not null | summarize m = mean(mark), n = count() by subject | sort subject",
                         "r | sort pupil_code, subject, school_id, year | head 5"] {
            let local = runScript(setup + "vpr" + pipeline.dropFirst() + "\n", format: .csv)
            let remote = runScript("load \"\(url)/\(schema).vpr\" as r\n" + pipeline + "\n", format: .csv)
            #expect(remote.ok, "\(remote.err)")
            #expect(local.ok, "\(local.err)")
            #expect(!local.out.isEmpty)
            #expect(remote.out == local.out, "\(pipeline)")
        }
    }

    @Test func attachShowsTheServersTables() throws {
        let url = try Self.address()
        let schema = try Self.schema("attached")
        let saved = runScript("load \"data/schools.csv\" as schools\nschools | save \"\(url)/\(schema).schools\"\n")
        #expect(saved.ok, "\(saved.err)")
        let result = runScript("attach \"\(url)\" as region with schema = \"\(schema)\"\ndatasets\ndescribe schools\nschools | count\n",
                               format: .csv)
        #expect(result.ok, "\(result.err)")
        #expect(result.err.contains("1 table attached"))
        // The catalogue's estimate after ANALYZE is the exact count on a small table.
        let local = runScript("load \"data/schools.csv\" as schools\nschools | count\n", format: .csv)
        let rows = local.out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(result.out.contains("schools,\(rows),"))
        #expect(result.out.contains("server_type"))
        #expect(result.out.hasSuffix("n\n\(rows)\n"))
    }

    @Test func completionKnowsTheColumnsWithoutAskingTheServer() throws {
        let url = try Self.address()
        let schema = try Self.schema("completion")
        _ = runScript("load \"data/schools.csv\" as schools\nschools | save \"\(url)/\(schema).schools\"\n")
        let session = Session(sink: CollectingSink(format: .csv), workingDirectory: TestPaths.golden.path)
        try session.run(text: "attach \"\(url)\" as region with schema = \"\(schema)\"", name: "<test>")
        let columns = Completer(session: session).complete("schools | where sch").candidates.map(\.text)
        #expect(columns.contains("school_id"))
        #expect(columns.contains("school_name"))
        let later = Completer(session: session).complete("schools | count by settlement | where ").candidates.map(\.text)
        #expect(later.contains("n"))
        #expect(session.datasets["schools"]?.table.rowCount == 0)
    }

    @Test func aMissingTableIsNamedWithTheServerAndACloseName() throws {
        let url = try Self.address()
        let schema = try Self.schema("missing")
        _ = runScript("load \"data/schools.csv\" as schools\nschools | save \"\(url)/\(schema).schools\"\n")
        let result = runScript("load \"\(url)/\(schema).schols\" as s\n")
        #expect(!result.ok)
        #expect(result.err.contains("has no table \(schema).schols"))
        #expect(result.err.contains("schools"))
        // Optional: an empty table with the declared columns, as for an absent file.
        let optional = runScript("load \"\(url)/\(schema).courses\" as c with optional = true, types = {course_id: \"text\"}\nc | count\n",
                                 format: .csv)
        #expect(optional.ok, "\(optional.err)")
        #expect(optional.out == "n\n0\n")
    }

    @Test func aColumnOfATypeTheLanguageLacksIsNamedAndLeftOut() throws {
        let url = try Self.address()
        let schema = try Self.schema("types")
        let connection = try PGConnection(url: try PostgresTestServer.server.conninfo)
        try connection.execute("CREATE TABLE types.events (school_id text, at timestamptz, n int)")
        try connection.execute("INSERT INTO types.events VALUES ('S01', now(), 3), ('S02', now(), 4)")
        let result = runScript("load \"\(url)/\(schema).events\" as e\ne | summarize total = sum(n)\n", format: .csv)
        #expect(result.ok, "\(result.err)")
        #expect(result.err.contains("events.at (timestamp with time zone)"))
        #expect(result.out == "total\n7\n")
        // Naming it is an unknown column, with the columns there are.
        let named = runScript("load \"\(url)/\(schema).events\" as e\ne | where at is null | count\n")
        #expect(!named.ok)
        #expect(named.err.contains("`at`"))
    }

    @Test func passwordsStayOutOfScripts() {
        let result = runScript("load \"postgresql://analyst:s3cret@db.example/x/t\" as t\n")
        #expect(!result.ok)
        // The message and its hint never repeat it (the excerpt shows the line as the script has it).
        let said = result.err.split(separator: "\n").filter { !$0.contains("load \"") && !$0.hasPrefix(" ") }
        #expect(!said.isEmpty)
        #expect(!said.joined().contains("s3cret"))
        #expect(result.err.contains("~/.pgpass"))
    }

    @Test func anUnreachableServerIsNamed() {
        let result = runScript("load \"postgresql://nobody@%2Fnonexistent%2Fsocket/db/t\" as t\n")
        #expect(!result.ok)
        #expect(result.err.contains("/nonexistent/socket"))
        #expect(result.err.contains("database error"))
    }

    /// `msoko run Scripts/year.msoko --param data=postgresql://…` writes the files the same run
    /// on the district's CSVs writes (Scripts/upload.msoko copies the files to the server first).
    @Test func theWholeYearOnTheServer() throws {
        let url = try Self.address() + ""
        let schema = try Self.schema("district")
        let root = TestPaths.repository
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-remote-year-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let upload = try runExecutable(["run", "Scripts/upload.msoko", "--param", "data=Datasets", "--param", "target=\(url)",
                                        "--param", "prefix=\(schema)."], in: root)
        #expect(upload.status == 0, "\(upload.err)")
        let local = try runExecutable(["run", "Scripts/year.msoko", "--param", "data=Datasets", "--param", "year=2025",
                                       "--param", "out=\(out.path)/local"], in: root)
        #expect(local.status == 0, "\(local.err)")
        // The canonical tables in a schema of their own: the search path finds them there.
        let remote = try runExecutable(["run", "Scripts/year.msoko", "--param", "data=\(url)", "--param", "year=2025",
                                        "--param", "out=\(out.path)/remote"], in: root,
                                       environment: ["PGOPTIONS": "-c search_path=\(schema)"])
        #expect(remote.status == 0, "\(remote.err)")
        let files = (FileManager.default.enumerator(atPath: out.path + "/local")?.allObjects as? [String] ?? [])
            .filter { [".csv", ".md", ".json", ".txt", ".tsv"].contains(where: $0.hasSuffix) }.sorted()
        #expect(files.count > 5)
        for file in files {
            let a = try String(contentsOfFile: out.path + "/local/" + file, encoding: .utf8)
            let b = (try? String(contentsOfFile: out.path + "/remote/" + file, encoding: .utf8)) ?? "<missing>"
            #expect(a == b, "\(file) differs")
        }
    }
}
