@preconcurrency import CEditLine
import Foundation
import MsokoKit

/// What one read of a line gives.
enum ReadResult {
    /// A line (or a recalled multi-line entry), without its final line break.
    case line(String)
    /// Ctrl-C while editing: the line is abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
}

/// The line editor: libedit with our prompt, history and Tab completion.
///
/// libedit calls back through C function pointers that cannot capture context, so the one
/// editor of the process is reachable from them through `LineEditor.current`. libedit is only
/// ever called from the main thread, synchronously.
final class LineEditor {
    nonisolated(unsafe) static var current: LineEditor?

    let editLine: OpaquePointer
    let history: HistoryStore
    /// Computes Tab's result for the text before the cursor on the current line.
    var complete: ((String) -> CompletionResult)?
    private var promptBuffer: UnsafeMutablePointer<CChar>? = strdup("msoko> ")

    /// nil when libedit cannot start; the workbench then reads plain lines.
    init?(history: HistoryStore) {
        self.history = history
        guard let editLine = el_init("msoko", stdin, stdout, stderr) else { return nil }
        self.editLine = editLine
        LineEditor.current = self
        _ = msoko_el_set_prompt(editLine) { _ in LineEditor.current?.promptBuffer }
        _ = msoko_el_set_editor(editLine, "emacs")
        _ = msoko_el_signal(editLine, 1)
        _ = msoko_el_set_history(editLine, history.handle)
        _ = msoko_el_add_fn(editLine, "msoko-complete", "complete a name, a value or a path") { editLine, _ in
            guard let editLine, let editor = LineEditor.current else { return UInt8(CC_ERROR) }
            return editor.completeAtCursor(editLine)
        }
        // Our defaults first, so that ~/.editrc (vi mode, other bindings) wins…
        _ = msoko_el_bind(editLine, "^R", "em-inc-search-prev")
        _ = msoko_el_source(editLine)
        // …except for Tab, which is the workbench's completion in whichever keymap is now active.
        _ = msoko_el_bind(editLine, "^I", "msoko-complete")
    }

    deinit {
        el_end(editLine)
        free(promptBuffer)
    }

    /// Reads one line with `prompt`.
    func read(prompt: String) -> ReadResult {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        Signals.reset()
        var count: Int32 = 0
        _ = msoko_el_prep_term(editLine)
        errno = 0
        guard let raw = el_gets(editLine, &count) else {
            if replInterruptReceived != 0 || errno == EINTR {
                Signals.reset()
                return .interrupted
            }
            return .endOfInput
        }
        if count <= 0 { return .endOfInput }
        var text = String(cString: raw)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Text typed on the lines before this one in the same statement (for completion).
    var pendingText = ""

    /// Tab: completes the word before the cursor, lists the candidates when there are several.
    private func completeAtCursor(_ editLine: OpaquePointer) -> UInt8 {
        guard let complete else { return UInt8(CC_ERROR) }
        let info = el_line(editLine).pointee
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: max(0, length))
        let beforeCursor = String(decoding: bytes, as: UTF8.self)
        let text = InputCompleteness.join(pendingText, beforeCursor)
        let result = complete(text)
        var changed = false
        if let replacement = result.replacement {
            let word = result.word
            if replacement.unicodeScalars.starts(with: word.unicodeScalars) {
                let rest = String(String.UnicodeScalarView(replacement.unicodeScalars.dropFirst(word.unicodeScalars.count)))
                if !rest.isEmpty { changed = el_insertstr(editLine, rest) == 0 }
            } else {
                el_deletestr(editLine, Int32(word.unicodeScalars.count))
                changed = el_insertstr(editLine, replacement) == 0
            }
        }
        if result.candidates.count > 1 {
            Display.listCandidates(result.candidates.map(\.display))
            return UInt8(CC_REDISPLAY)
        }
        return changed ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
    }
}
