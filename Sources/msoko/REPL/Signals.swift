@preconcurrency import CEditLine
import Foundation
import MsokoKit

/// Set by the SIGINT handler; the line editor and the loop read and clear it.
nonisolated(unsafe) var replInterruptReceived: Int32 = 0

/// Ctrl-C in the workbench: while a line is being edited it abandons the line (libedit's read
/// returns with EINTR because the handler is installed without SA_RESTART); while a statement
/// runs it asks the session to stop at the next stage or statement (`msokoInterruptRequested`).
/// The process is never killed by it, so history and data stay.
enum Signals {
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in
            replInterruptReceived = 1
            msokoInterruptRequested = true
        }
        _ = msoko_install_sigint(handler)
        msoko_ignore_sigpipe()
    }

    /// Forgets a Ctrl-C that nobody acted on (pressed at an idle moment).
    static func reset() {
        replInterruptReceived = 0
        msokoInterruptRequested = false
    }
}

/// The locale libedit needs to read and edit multibyte (Cyrillic) input: the user's locale, or
/// C.UTF-8 when that one's character set is not UTF-8 (otherwise libedit drops the keystrokes).
enum Locale8 {
    static func setUp() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: msoko_codeset()).uppercased()
        if codeset != "UTF-8" && codeset != "UTF8" {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
        // Numbers are formatted by our own code; keep the C conventions for everything but text.
        setlocale(LC_NUMERIC, "C")
    }
}
