@preconcurrency import CEditLine
import Foundation
import MsokoKit

/// How results look in the workbench: the table style for this terminal, Tab's candidate
/// lists, the pager for `all`.
enum Display {
    /// Rows and columns of the terminal on stdout (or stdin), if there is one.
    static func terminalSize() -> (rows: Int, columns: Int)? {
        var rows: Int32 = 0, columns: Int32 = 0
        for descriptor in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where msoko_terminal_size(descriptor, &rows, &columns) == 0 {
            return (Int(rows), Int(columns))
        }
        return nil
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Tables cut to the terminal's height (room left for the borders, the "more rows" line and
    /// the prompt), long cells cut, colour on a terminal unless NO_COLOR. On a pipe or file:
    /// every row, no colour.
    static func tableStyle() -> TableStyle {
        var style = TableStyle()
        guard stdoutIsTerminal else { return style }
        style.color = Output.colorEnabled(fileDescriptor: STDOUT_FILENO)
        style.maxCellWidth = 40
        let rows = terminalSize()?.rows ?? 24
        style.maxRows = max(4, rows - 8)
        return style
    }

    /// Prints Tab's candidates in columns below the line (libedit redraws the line after).
    static func listCandidates(_ items: [String]) {
        let shown = items.prefix(200)
        let width = terminalSize()?.columns ?? 80
        let cell = (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        var out = "\n"
        for (index, item) in shown.enumerated() {
            let last = index % perRow == perRow - 1 || index == shown.count - 1
            out += last ? item + "\n" : item + String(repeating: " ", count: cell - DisplayWidth.of(item))
        }
        if items.count > shown.count { out += tr("repl.more_candidates", ["count": items.count - shown.count]) + "\n" }
        fputs(out, stdout)
        fflush(stdout)
    }

    /// Shows text through `less -FRSX` on a terminal when less is installed, else prints it.
    ///
    /// less is spawned by hand rather than with Foundation's `Process`, which puts the child in
    /// a process group of its own: less would then be a background job of the terminal and quit
    /// at its first read from it.
    static func page(_ text: String) {
        guard stdoutIsTerminal, let less = findExecutable("less") else {
            Output.stdout(text)
            return
        }
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            Output.stdout(text)
            return
        }
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        var environment = ProcessInfo.processInfo.environment
        // Our own locale may be C.UTF-8 set in-process; tell less the text is UTF-8 either way.
        if environment["LESSCHARSET"] == nil { environment["LESSCHARSET"] = "utf-8" }
        let arguments: [String] = [less, "-FRSX"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, descriptors[0], 0)
        posix_spawn_file_actions_addclose(&actions, descriptors[0])
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, less, &actions, nil, argv, envp)
        close(descriptors[0])
        guard spawned == 0 else {
            close(descriptors[1])
            Output.stdout(text)
            return
        }
        // less may quit before reading everything (q): the write then fails with EPIPE
        // (SIGPIPE is ignored), which is fine.
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        close(descriptors[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        Signals.reset()
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// A "loading… 1.2 s" line on stderr while a statement runs longer than `delay`; it disappears
/// when the statement ends or prints something. Only on a terminal.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var running = false
    private var visible = false
    private var finished: DispatchSemaphore?
    private var wake: DispatchSemaphore?
    let delay: Double

    init(delay: Double = 0.3) { self.delay = delay }

    func start(label: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        lock.lock()
        running = true
        let done = DispatchSemaphore(value: 0)
        let wakeUp = DispatchSemaphore(value: 0)
        finished = done
        wake = wakeUp
        lock.unlock()
        let started = Date()
        let thread = Thread { [self] in
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var frame = 0
            while true {
                _ = wakeUp.wait(timeout: .now() + .milliseconds(50))
                lock.lock()
                if !running { lock.unlock(); break }
                let elapsed = Date().timeIntervalSince(started)
                if elapsed >= delay {
                    if frame % 2 == 0 {
                        let seconds = tr("repl.time_seconds", ["seconds": String(format: "%.1f", elapsed)])
                        let text = "\r\(frames[(frame / 2) % frames.count]) \(label) \(seconds)\u{1B}[K"
                        FileHandle.standardError.write(Data(text.utf8))
                        visible = true
                    }
                    frame += 1
                }
                lock.unlock()
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops the line and clears it; safe to call more than once.
    func stop() {
        lock.lock()
        guard running else { lock.unlock(); return }
        running = false
        let done = finished
        let wakeUp = wake
        lock.unlock()
        wakeUp?.signal()
        done?.wait()
        lock.lock()
        if visible { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        visible = false
        lock.unlock()
    }
}
