import Foundation
import Testing

/// The bad-input catalogue (Tests/BadInput/): scripts, data files, workbooks and command lines
/// that must end in a clear message and the right exit status — never a crash, a stall, a flood
/// of output or debris. Each `NAME.msoko` runs as `msoko run NAME.msoko [args]` in
/// Tests/BadInput with a private TMPDIR; its first lines say `# exit: N` and optionally
/// `# args: …`. Its stderr must equal `NAME.err` (`MSOKO_RECORD=1` rewrites them; review with
/// `git diff`), it must finish within a minute, and afterwards neither the private TMPDIR nor
/// the case folder may hold a file the run left behind.
@Suite(.serialized) struct BadInputCatalogTests {
    static let folder = TestPaths.repository.appendingPathComponent("Tests/BadInput")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".msoko") }.sorted()
    }

    @Test func theCatalogueHasSixtyCases() { #expect(Self.cases.count >= 60) }

    static func listing(_ url: URL) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        return Set(enumerator.compactMap { $0 as? String })
    }

    @Test(arguments: cases) func badInput(_ name: String) throws {
        let script = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        var exit: Int32 = 1
        var extra: [String] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).prefix(4) {
            if line.hasPrefix("# exit: "), let value = Int32(line.dropFirst(8)) { exit = value }
            if line.hasPrefix("# args: ") { extra = line.dropFirst(8).split(separator: " ").map(String.init) }
        }
        let temporary = Domain.temporaryFolder("bad-input-tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let before = Self.listing(Self.folder)

        let process = Process()
        process.executableURL = TestPaths.executable
        process.arguments = ["run", name] + extra
        process.currentDirectoryURL = Self.folder
        var environment = withEnglishMessages(ProcessInfo.processInfo.environment)
        environment["TMPDIR"] = temporary.path
        environment["NO_COLOR"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let started = Date()
        try process.run()
        // SIGKILL: a test runner may ignore SIGTERM, and children inherit an ignored signal.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let seconds = Date().timeIntervalSince(started)
        let stderr = String(decoding: data, as: UTF8.self)

        let expected = Self.folder.appendingPathComponent(name).deletingPathExtension().appendingPathExtension("err")
        if ProcessInfo.processInfo.environment["MSOKO_RECORD"] == "1" {
            try stderr.write(to: expected, atomically: true, encoding: .utf8)
        } else {
            #expect(stderr == (try? String(contentsOf: expected, encoding: .utf8)), "stderr of \(name)")
        }
        #expect(process.terminationReason == .exit, "\(name) was killed by a signal (\(process.terminationStatus)) after \(seconds) s")
        #expect(process.terminationStatus == exit, "exit status of \(name)")
        #expect(seconds < 60, "\(name) took \(seconds) s")
        #expect(data.count < 20_000, "\(name) wrote \(data.count) bytes to stderr")
        #expect(Self.listing(temporary).isEmpty, "\(name) left \(Self.listing(temporary).sorted()) in TMPDIR")
        let after = Self.listing(Self.folder).filter { !$0.hasSuffix(".err") }
        #expect(after.subtracting(before).isEmpty, "\(name) left \(after.subtracting(before).sorted()) in Tests/BadInput")
    }
}
