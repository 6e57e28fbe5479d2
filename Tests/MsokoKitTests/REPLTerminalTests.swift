import Foundation
import Testing

/// Drives the real `msoko` binary in a pseudo-terminal through tmux: what a person types, what
/// the screen then shows. Each test has its own tmux server (`-L`), home folder and history
/// file. Waits poll the screen with a timeout rather than sleeping.
final class Tmux {
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/tmux") {
            return "\(folder)/tmux"
        }
        return nil
    }()

    static var available: Bool {
        if executable == nil {
            print("REPL terminal tests skipped: tmux is not installed (apt-get install tmux)")
            return false
        }
        return true
    }

    let socket = "msoko-test-\(UUID().uuidString.prefix(8))"
    let home: URL
    /// The home folder is removed at the end only when this session made it.
    let ownsHome: Bool

    /// Starts `msoko ARGUMENTS` in a 120×40 terminal, in Tests/Golden, with HOME and the history
    /// file in a fresh folder (or the given one, to test a restart).
    init(arguments: [String] = ["--init", "data/setup.msoko"], home: URL? = nil, environment: [String: String] = [:],
         height: Int = 40) throws {
        self.ownsHome = home == nil
        self.home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("msoko-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
        var env = ["HOME": self.home.path, "MSOKO_HISTORY": self.home.appendingPathComponent("history").path,
                   "MSOKO_RC": "", "LANG": "C.UTF-8", "TERM": "xterm-256color",
                   // English whatever the machine's locale (LANG alone is outranked by these).
                   "LC_ALL": "", "LC_MESSAGES": ""]
        for (key, value) in environment { env[key] = value }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Tmux.shellQuoted($0.value))" }
        let command = (["env"] + assignments + [Tmux.shellQuoted(TestPaths.executable.path)] + arguments.map(Tmux.shellQuoted))
            .joined(separator: " ")
        try tmux(["new-session", "-d", "-x", "120", "-y", String(height), "-c", TestPaths.golden.path, command])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        if ownsHome { try? FileManager.default.removeItem(at: home) }
    }

    static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tmux command and returns what it printed. Spawned and reaped by hand: the command
    /// that starts the server forks it, and the server keeps whatever descriptors it inherits, so
    /// Foundation's `Process` (which waits for its own descriptor to close) would wait for the
    /// server to exit.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let path = Tmux.executable ?? "/usr/bin/tmux"
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let argv = ([path, "-u", "-L", socket] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw CocoaError(.fileWriteUnknown) }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // This thread may block signals (test runners' worker threads do); the server and the
        // program in its pane would inherit that, and Ctrl-C would never arrive.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        close(descriptors[1])
        defer { close(descriptors[0]) }
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var output = Data()
        // The server started by new-session holds the pipe's write end: read only until the
        // client exits, without waiting for end of file.
        if arguments.first != "new-session" {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptors[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// Types text literally (Cyrillic included).
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Presses keys by tmux name: Enter, BSpace, Left, Right, Up, Tab, C-c, C-d, Escape.
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// The visible screen, without the blanks libedit leaves at the ends of lines.
    var screen: String {
        let text = (try? tmux(["capture-pane", "-p", "-J"])) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n")
    }

    /// Polls the screen until `condition` holds; records an issue with the screen on timeout.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation,
                   _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen
            if condition(last) { return last }
            usleep(40_000)
        }
        Issue.record("timed out waiting for \(what); the screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        waitUntil("`\(text)`", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for the `count`-th primary prompt to appear (1 = the first).
    func waitForPrompt(_ count: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        waitUntil("prompt number \(count)", sourceLocation: sourceLocation) { screen in
            screen.split(separator: "\n").filter { $0.hasPrefix("msoko>") }.count >= count
        }
    }

    /// True when the msoko process has ended (the pane's command is no longer running).
    var exited: Bool {
        let status = (try? tmux(["list-panes", "-F", "#{pane_dead} #{pane_current_command}"])) ?? ""
        return status.isEmpty || status.hasPrefix("1") || !status.contains("msoko")
    }
}

@Suite("REPL in a terminal", .serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct REPLTerminalTests {
    @Test("Cyrillic typed, edited with Backspace and the arrows, then run")
    func cyrillicEditing() throws {
        let term = try Tmux()
        term.waitForPrompt()
        // A typo (missing з) and a stray letter at the end.
        try term.type("schools | where school_name == \"МБОУ Гимнаия №2\"ж")
        term.waitFor("Гимнаия №2\"ж")
        try term.press("BSpace")
        // Back over `"`, `2`, `№`, space, `я`, `и` — whole characters — then insert the missing letter.
        try term.press("Left", "Left", "Left", "Left", "Left", "Left")
        try term.type("з")
        try term.press("Right", "Right")
        try term.press("Enter")
        let screen = term.waitFor("│ S02")
        #expect(screen.contains("msoko> schools | where school_name == \"МБОУ Гимназия №2\"\n"))
        #expect(screen.contains("│ S02       │ МБОУ Гимназия №2 │ Приозёрск  │ Гимназия    │ false │"))
        #expect(!screen.contains("error"))
    }

    @Test("the workbench greets with what is loaded, and speaks Russian under LANG=ru_RU.UTF-8")
    func greetingAndRussian() throws {
        let english = try Tmux()
        english.waitForPrompt()
        // data/setup.msoko loads six datasets (vpr has 22 rows); the greeting names them and how to get help.
        let first = english.screen
        #expect(first.contains("loaded 6 datasets: vpr (22), schools (4), "), "\(first)")
        #expect(first.contains("schools (4)"), "\(first)")
        #expect(first.contains("`help` lists the verbs"))
        let russian = try Tmux(environment: ["LANG": "ru_RU.UTF-8"])
        russian.waitForPrompt()
        #expect(russian.screen.contains("загружено 6 наборов данных: vpr (22), "), "\(russian.screen)")
        #expect(russian.screen.contains("`help` — список глаголов"))
        try russian.type("schools | where nope == 1")
        try russian.press("Enter")
        let screen = russian.waitFor("ошибка")
        #expect(!screen.contains(" error: "), "\(screen)")
        // Typing Cyrillic still works in that locale.
        try russian.type("schools | where school_name == \"МБОУ Гимназия №2\" | count")
        try russian.press("Enter")
        russian.waitFor("│ 1 │")
        let bare = try Tmux(arguments: [])
        bare.waitForPrompt()
        #expect(bare.screen.contains("no data loaded"), "\(bare.screen)")
    }

    @Test("Tab completes a column name and a school name")
    func completion() throws {
        let term = try Tmux()
        term.waitForPrompt()
        // Several values: the list is shown and the common prefix (the opening quote) inserted.
        try term.type("schools | where school_type == ")
        try term.press("Tab")
        term.waitUntil("the list of school types") { $0.contains("Гимназия") && $0.contains("СОШ") }
        term.waitFor("school_type == \"")
        try term.type("Гим")
        try term.press("Tab")
        term.waitFor("school_type == \"Гимназия\"")
        // A school name found by a part of it, inserted with its quotes.
        try term.type("and school_name == Гимн")
        try term.press("Tab")
        term.waitFor("school_name == \"МБОУ Гимназия №2\"")
        // A column name.
        try term.type("| select school_na")
        try term.press("Tab")
        term.waitFor("| select school_name")
        try term.press("Enter")
        let screen = term.waitFor("│ МБОУ Гимназия №2 │")
        #expect(screen.contains("msoko> schools | where school_type == \"Гимназия\" and school_name == \"МБОУ Гимназия №2\" | select school_name\n"))
        #expect(!screen.contains("error"))
    }

    @Test("history is recalled after a restart, a multi-line statement as one entry")
    func historyAfterRestart() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-repl-\(UUID().uuidString)")
        do {
            let first = try Tmux(home: home)
            first.waitForPrompt()
            try first.type("vpr | count by school_id |")
            try first.press("Enter")
            first.waitFor("   ...>")
            try first.type("head 1")
            try first.press("Enter")
            first.waitFor("│ S01       │ 10 │")
            first.waitForPrompt(2)
            try first.type("schools | count")
            try first.press("Enter")
            first.waitFor("│ 4 │")
            first.waitForPrompt(3)
            try first.type("exit")
            try first.press("Enter")
            first.waitUntil("msoko to exit") { _ in first.exited }
            let history = home.appendingPathComponent("history").path
            let attributes = try FileManager.default.attributesOfItem(atPath: history)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let saved = try String(contentsOfFile: history, encoding: .utf8)
            #expect(saved.hasPrefix("_HiStOrY_V2_\n"))
            #expect(saved.contains("\\012"), "the multi-line statement is one entry with an escaped line break")
        }
        let second = try Tmux(home: home)
        second.waitForPrompt()
        try second.press("Up")
        second.waitFor("msoko> exit")
        try second.press("Up")
        second.waitFor("msoko> schools | count")
        try second.press("Up")
        second.waitFor("msoko> vpr | count by school_id |\n  head 1")
        try second.press("Enter")
        let screen = second.waitFor("│ S01       │ 10 │")
        #expect(!screen.contains("S02"))
        try? FileManager.default.removeItem(at: home)
    }

    @Test("Ctrl-C abandons the line: a fresh prompt, and the text is not run")
    func controlC() throws {
        let term = try Tmux()
        term.waitForPrompt()
        try term.type("schools | select settlement")
        term.waitFor("select settlement")
        try term.press("C-c")
        term.waitForPrompt(2)
        // An abandoned continuation is dropped too.
        try term.type("schools | select school_type |")
        try term.press("Enter")
        term.waitFor("   ...>")
        try term.press("C-c")
        term.waitForPrompt(3)
        try term.type("vpr | count")
        try term.press("Enter")
        let screen = term.waitFor("│ 22 │")
        #expect(!screen.contains("│ settlement"))
        #expect(!screen.contains("│ school_type"))
        #expect(!screen.contains("error"))
        let history = (try? String(contentsOfFile: term.home.appendingPathComponent("history").path, encoding: .utf8)) ?? ""
        #expect(!history.contains("settlement"))
        #expect(history.contains("vpr\\040|\\040count"))
    }

    @Test("a multi-line statement with the continuation prompt")
    func multiLine() throws {
        let term = try Tmux()
        term.waitForPrompt()
        try term.type("vpr | summarize n = count(")
        try term.press("Enter")
        term.waitFor("   ...>")
        try term.type(") by school_id |")
        try term.press("Enter")
        term.waitUntil("a second continuation prompt") { $0.components(separatedBy: "   ...>").count >= 3 }
        try term.type("sort n desc | head 1")
        try term.press("Enter")
        let screen = term.waitFor("│ S01       │ 10 │")
        #expect(screen.contains("msoko> vpr | summarize n = count(\n   ...> ) by school_id |\n   ...> sort n desc | head 1\n"))
        #expect(!screen.contains("S02"))
        // A line starting with `|` extends the previous pipeline.
        term.waitForPrompt(2)
        try term.type("| select n")
        try term.press("Enter")
        term.waitUntil("the extended pipeline's table") { $0.contains("│  n │") || $0.contains("│ n  │") }
    }

    @Test("~/.editrc is honoured: vi mode")
    func viMode() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try "bind -v\n".write(to: home.appendingPathComponent(".editrc"), atomically: true, encoding: .utf8)
        let term = try Tmux(home: home)
        term.waitForPrompt()
        try term.type("schools | countЖ")
        term.waitFor("countЖ")
        try term.press("Escape")
        usleep(100_000)
        try term.type("x")  // vi command mode: delete the character under the cursor
        term.waitUntil("the Ж to be deleted") { !$0.contains("countЖ") }
        try term.press("Enter")
        let screen = term.waitFor("│ 4 │")
        #expect(!screen.contains("error"))
    }

    @Test("a damaged history file is reported and replaced; ~/.msokorc runs first")
    func damagedHistory() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x00, 0x41, 0x0A]).write(to: home.appendingPathComponent("history"))
        try "load \"data/schools.csv\" as rc_schools\n".write(to: home.appendingPathComponent(".msokorc"), atomically: true, encoding: .utf8)
        let term = try Tmux(arguments: [], home: home, environment: ["MSOKO_RC": home.appendingPathComponent(".msokorc").path])
        term.waitForPrompt()
        #expect(term.screen.contains("is damaged"))
        try term.type("rc_schools | count")
        try term.press("Enter")
        term.waitFor("│ 4 │")
        let saved = try String(contentsOfFile: home.appendingPathComponent("history").path, encoding: .utf8)
        #expect(saved.hasPrefix("_HiStOrY_V2_\n"))
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("history.damaged").path))
    }

    @Test("long results are cut to the terminal; `all` shows every row; Ctrl-D exits")
    func truncationAndExit() throws {
        let term = try Tmux(environment: ["PATH": "/nonexistent"], height: 20)  // no pager: `all` prints plainly
        term.waitForPrompt()
        try term.type("vpr | select school_id, primary_score")
        try term.press("Enter")
        // The table and the footer under it are written one after the other: wait for the footer.
        var screen = term.waitFor("22 rows; `all` shows every one")
        #expect(screen.contains("more rows"))
        // Row 16 (S01, 40) is among the rows left out of a 20-line terminal.
        func showsRow16(_ screen: String) -> Bool {
            screen.split(separator: "\n").contains { $0.hasPrefix("│ S01") && $0.hasSuffix(" 40 │") }
        }
        #expect(!showsRow16(screen))
        term.waitForPrompt(2)
        try term.press("C-l")
        try term.type("all")
        try term.press("Enter")
        screen = term.waitUntil("the whole table") { showsRow16($0) }
        #expect(!screen.contains("more rows"))
        term.waitUntil("an empty prompt at the bottom") { screen in
            screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty } == "msoko>"
        }
        try term.press("C-d")
        term.waitUntil("msoko to exit") { _ in term.exited }
    }
}
