import Foundation
import MsokoKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ways out that Swift code does not see: Ctrl-C in a batch run, SIGTERM and SIGHUP (a
/// terminal closed, a job killed), and crashes. On each, the files the library registered in
/// `TemporaryFiles` — workbook parts unpacked to the temporary folder, outputs staged beside
/// their targets — are removed, so a stopped run leaves nothing behind and writes nothing half.
///
/// Ctrl-C and SIGTERM/SIGHUP then end the process with 128 + the signal (130, 143, 129), as a
/// shell expects. A crash is passed on, after the clean-up, to the handler that was there
/// before (Swift's backtracer, or the default action), so it is still reported as a crash.
///
/// The handler is async-signal-safe: `unlink` over a table prepared beforehand, `write` of a
/// static message, `sigaction`, `raise`, `_exit`. The REPL keeps its own Ctrl-C handling (stop
/// the statement, keep the session), so it installs this without SIGINT.
enum ExitSignals {
    /// Stopping signals and the status they end with.
    private static let stopping: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Crashes: cleaned up, then handed back to the previous handler.
    private static let crashing: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    static func install(catchInterrupt: Bool) {
        TemporaryFiles.prepare()
        // The messages in the run's language, prepared now: the handler may only `write` them.
        interruptMessage = strdup("\n" + tr("signal.interrupt") + "\n")
        terminateMessage = strdup(tr("signal.terminate") + "\n")
        hangUpMessage = strdup(tr("signal.hangup") + "\n")
        _ = previousActions
        for signal in stopping where catchInterrupt || signal != SIGINT {
            install(signal, handler: stopHandler, keepIgnored: true)
        }
        for signal in crashing {
            install(signal, handler: crashHandler, keepIgnored: false)
        }
    }

    private static func install(_ signal: Int32, handler: @escaping @convention(c) (Int32) -> Void, keepIgnored: Bool) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        guard sigaction(signal, &action, &previous) == 0 else { return }
        if keepIgnored, isIgnored(previous) {
            // Started with the signal ignored (`nohup`, a background job): keep it so.
            _ = sigaction(signal, &previous, nil)
            return
        }
        if signal >= 0, signal < previousActionCount {
            previousActions[Int(signal)] = previous
        }
        // A parent may have started us with the signal blocked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        guard action.sa_flags & SA_SIGINFO == 0 else { return false }
        #if os(Linux)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == 1  // SIG_IGN
    }
}

/// The actions that were in place before ours, by signal number: allocated once, before any
/// handler is installed, so the handler only reads memory that exists.
private let previousActionCount: Int32 = 65
nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(previousActionCount))
    actions.initialize(repeating: sigaction(), count: Int(previousActionCount))
    return actions
}()

/// The stop messages, allocated by `install` before any handler can run (strlen and write are
/// async-signal-safe).
nonisolated(unsafe) private var interruptMessage: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var terminateMessage: UnsafeMutablePointer<CChar>?
nonisolated(unsafe) private var hangUpMessage: UnsafeMutablePointer<CChar>?

private let stopHandler: @convention(c) (Int32) -> Void = { signal in
    TemporaryFiles.removeAllForSignal()
    let message: UnsafeMutablePointer<CChar>?
    switch signal {
    case SIGINT: message = interruptMessage
    case SIGTERM: message = terminateMessage
    default: message = hangUpMessage
    }
    if let message { _ = write(STDERR_FILENO, message, strlen(message)) }
    _exit(128 + signal)
}

private let crashHandler: @convention(c) (Int32) -> Void = { signal in
    TemporaryFiles.removeAllForSignal()
    // The previous handler takes over: for a fault, the signal raised now is delivered as this
    // handler returns; the default action ends the process as the crash would have.
    if signal >= 0, signal < previousActionCount {
        _ = sigaction(signal, previousActions + Int(signal), nil)
    } else {
        var fallback = sigaction()
        sigemptyset(&fallback.sa_mask)
        _ = sigaction(signal, &fallback, nil)
    }
    raise(signal)
}
