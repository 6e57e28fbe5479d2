import Testing
@testable import MsokoKit

/// Database addresses as scripts write them (`Remote/RemoteURL.swift`).
@Suite struct RemoteURLTests {
    @Test func aDatabaseAndATable() throws {
        let url = try RemoteURL.parse("postgresql://analyst@db.region.local:5433/assessment/vpr_results.csv", at: nil)
        #expect(url.connection == "postgresql://analyst@db.region.local:5433/assessment")
        #expect(url.table == "vpr_results")
        #expect(url.schema == nil)
        #expect(url.label == "db.region.local:5433/assessment")
        let qualified = try RemoteURL.parse("postgres://u@h/db/region.vpr", at: nil)
        #expect(qualified.schema == "region")
        #expect(qualified.table == "vpr")
        #expect(qualified.table.map { PGConnection.qualifiedName(schema: qualified.schema, name: $0) } == "\"region\".\"vpr\"")
    }

    @Test func aSocketFolderAsTheHost() throws {
        let url = try RemoteURL.parse("postgresql://postgres@%2Ftmp%2Fpg/postgres/schools", at: nil)
        #expect(url.connection == "postgresql://postgres@%2Ftmp%2Fpg/postgres")
        #expect(url.label == "/tmp/pg/postgres")
        #expect(url.table == "schools")
        let query = try RemoteURL.parse("postgresql:///postgres?host=/tmp/pg", at: nil)
        #expect(query.label == "/tmp/pg/postgres")
        #expect(query.table == nil)
    }

    @Test func aPasswordIsRefusedAndNeverRepeated() {
        do {
            _ = try RemoteURL.parse("postgresql://analyst:s3cret@db/assessment", at: nil)
            Issue.record("a password in the address must be refused")
        } catch let error as MsokoError {
            #expect(!error.message.contains("s3cret"))
            #expect(!(error.hint ?? "").contains("s3cret"))
            #expect(error.message.contains("password"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func malformedAddresses() {
        for text in ["mysql://h/db", "postgresql://h/db/a/b", "postgresql://h/db/.t"] {
            #expect(throws: MsokoError.self, "\(text)") { try RemoteURL.parse(text, at: nil) }
        }
    }

    @Test func identifiersAreQuoted() {
        #expect(PGConnection.quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(PGConnection.quoteIdentifier("Школа") == "\"Школа\"")
        #expect(RemoteURL.shown("postgresql://analyst@db/x") == "postgresql://db/x")
    }
}
