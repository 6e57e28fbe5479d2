import Foundation
@testable import MsokoKit

/// Paths shared by the tests: the repository and the third-party corpus vendored in it
/// (Tests/Fixtures/corpus, copied from the project's shared corpus with its README of origins).
enum TestPaths {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = repository.appendingPathComponent("Tests/Golden")
    static let corpus = repository.appendingPathComponent("Tests/Fixtures/corpus")

    /// The `msoko` executable built beside the test bundle.
    static var executable: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("msoko")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/msoko")
    }
}

/// Runs statements in a fresh session the way a batch run does; returns stdout and stderr text.
func runScript(_ text: String, name: String = "<test>", format: OutputFormat = .table,
               parameters: [String: String] = [:], in folder: URL = TestPaths.golden,
               pushdown: Bool = false) -> (out: String, err: String, ok: Bool) {
    let sink = CollectingSink(format: format)
    let session = Session(sink: sink, overrides: parameters, workingDirectory: folder.path)
    session.stagesWrites = true
    session.pushesIntoReader = pushdown
    var err = ""
    var ok = true
    do {
        try session.run(SourceFile(name: name, text: text))
        try session.commitStagedWrites()
    } catch let failure as MsokoFailure {
        session.discardStagedWrites()
        ok = false
        err = failure.errors.map { DiagnosticRenderer.render($0, color: false) }.joined()
    } catch {
        ok = false
        err = "\(error)"
    }
    let notes = sink.notes.map { $0 + "\n" }.joined()
    return (sink.output, notes + err, ok)
}

/// The variables that choose msoko's language (POSIX precedence: the first set one decides).
let localeLanguageVariables = ["LC_ALL", "LC_MESSAGES", "LANG"]

/// `environment` with msoko speaking English whatever the machine's locale: the tests compare
/// English text, and a machine with `LANG=ru_RU.UTF-8` would otherwise get Russian. LC_ALL
/// (which outranks everything) becomes LC_CTYPE, so libedit and tmux keep a UTF-8 character
/// type, and LC_MESSAGES = C.UTF-8 outranks LANG for the language of messages.
func withEnglishMessages(_ environment: [String: String]) -> [String: String] {
    var env = environment
    if let all = env["LC_ALL"], !all.isEmpty, env["LC_CTYPE"]?.isEmpty ?? true { env["LC_CTYPE"] = all }
    env["LC_ALL"] = nil
    env["LC_MESSAGES"] = "C.UTF-8"
    return env
}

/// Runs the built executable, in English unless `environment` sets a locale variable itself.
func runExecutable(_ arguments: [String], stdin: String? = nil, in folder: URL = TestPaths.golden,
                   environment: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
    let process = Process()
    process.executableURL = TestPaths.executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = withEnglishMessages(ProcessInfo.processInfo.environment)
    if environment.keys.contains(where: localeLanguageVariables.contains) { env["LC_MESSAGES"] = nil }
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    let err = errPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
}

/// Waits for a started process, killing it (SIGKILL: a test runner may ignore SIGTERM, and
/// children inherit an ignored signal) when it outlives `seconds` — an external tool such as
/// LibreOffice that hangs must fail its test, not stall the suite. Whether it was killed.
@discardableResult
func waitWithDeadline(_ process: Process, seconds: Double) -> Bool {
    nonisolated(unsafe) var killed = false
    let watchdog = DispatchWorkItem {
        if process.isRunning { killed = true; kill(process.processIdentifier, SIGKILL) }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
    process.waitUntilExit()
    watchdog.cancel()
    return killed
}

/// The tests' one deterministic generator (SplitMix64): the same random files, programs and
/// samples every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    init(state: UInt64) { self.state = state }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
