@preconcurrency import CEditLine
import Foundation
import MsokoKit

/// The workbench's history: libedit's in-memory list plus the file it persists to.
///
/// Entries are whole statements; a statement typed over several lines is one entry with "\n"
/// inside (libedit's file format escapes it as `\012` and reads it back as one entry). Our own
/// list is the source of truth: a repeated entry moves to the end (not only consecutive repeats
/// collapse), the list is cut to `limit`, and libedit's list is rebuilt from it. The file is
/// written after every entry — to a temporary file with mode 0600 renamed into place, so a
/// Ctrl-C or a kill never leaves half a file. A file that cannot be read as libedit history is
/// reported on stderr, kept aside as `NAME.damaged`, and replaced.
final class HistoryStore {
    let handle: OpaquePointer
    let path: String?
    let limit: Int
    private(set) var entries: [String] = []
    private var event = HistEvent()
    private var saveFailed = false
    private let warn: (String) -> Void

    init(path: String?, limit: Int = 1000, warn: @escaping (String) -> Void) {
        self.handle = history_init()
        self.path = path
        self.limit = limit
        self.warn = warn
        _ = msoko_history_init(handle, &event, Int32(limit))
        if let path { load(path) }
    }

    deinit { history_end(handle) }

    /// Where history lives: `MSOKO_HISTORY`, else `~/.msoko_history`; empty disables the file.
    static func defaultPath(environment: [String: String]) -> String? {
        if let override = environment["MSOKO_HISTORY"] { return override.isEmpty ? nil : override }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".msoko_history")
    }

    private func load(_ path: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue {
            warn(tr("repl.history_folder", ["path": path]))
            saveFailed = true
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            warn(tr("repl.history_unreadable", ["path": path, "reason": String(cString: strerror(errno))]))
            return
        }
        if data.isEmpty { return }
        let header = Data("_HiStOrY_V2_\n".utf8)
        var problem: String? = nil
        if !data.starts(with: header) {
            problem = tr("repl.history_no_header")
        } else if String(data: data, encoding: .utf8) == nil {
            problem = tr("repl.history_not_utf8")
        } else if msoko_history_load(handle, &event, path) < 0 {
            problem = tr("repl.history_libedit")
        }
        if let problem {
            _ = msoko_history_clear(handle, &event)
            let aside = path + ".damaged"
            try? FileManager.default.removeItem(atPath: aside)
            let moved = rename(path, aside) == 0
            warn(tr(moved ? "repl.history_damaged_kept" : "repl.history_damaged", ["path": path, "problem": problem, "aside": aside]))
            return
        }
        // Oldest first.
        var loaded: [String] = []
        var status = msoko_history_first(handle, &event)
        while status != -1 {
            if let text = event.str { loaded.append(String(cString: text)) }
            status = msoko_history_next(handle, &event)
        }
        // Keep the latest copy of each entry, the newest `limit` of them (one pass, not n²).
        var seen: Set<String> = []
        var kept: [String] = []
        for entry in loaded.reversed() where kept.count < limit && seen.insert(entry).inserted { kept.append(entry) }
        entries = kept.reversed()
        if entries.count != loaded.count { rebuild() }
    }

    private func remember(_ entry: String) {
        entries.removeAll { $0 == entry }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    private func rebuild() {
        _ = msoko_history_clear(handle, &event)
        for entry in entries { _ = msoko_history_enter(handle, &event, entry) }
    }

    /// Adds a statement (moving an earlier copy to the end) and saves the file.
    func add(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        remember(trimmed)
        rebuild()
        save()
    }

    func save() {
        guard let path, !saveFailed else { return }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return reportSaveFailure(path) }
        fchmod(descriptor, 0o600)
        close(descriptor)
        if msoko_history_save(handle, &event, temporary) < 0 {
            unlink(temporary)
            return reportSaveFailure(path)
        }
        chmod(temporary, 0o600)
        if rename(temporary, path) != 0 {
            unlink(temporary)
            return reportSaveFailure(path)
        }
    }

    private func reportSaveFailure(_ path: String) {
        saveFailed = true
        warn(tr("repl.history_unwritable", ["path": path, "reason": String(cString: strerror(errno))]))
    }
}
