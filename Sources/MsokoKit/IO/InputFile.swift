import Foundation

/// The front door of every reader: only a regular file gets in.
///
/// A named pipe blocks `open` until a writer comes (forever, in a script), a device such as
/// `/dev/zero` never ends, a folder has no bytes to read: each is refused here with a message
/// that says what the path is. The file is opened without blocking and checked on the open
/// descriptor, so it cannot be swapped between the check and the read.
enum InputFile {
    /// What a path is, following links.
    enum Kind: Equatable {
        case regular(size: Int64)
        case folder
        case missing
        /// A named pipe, a device, a socket: the words for the message.
        case special(String)
    }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return kind(info)
    }

    static func kind(_ info: stat) -> Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int64(info.st_size))
        case S_IFDIR: return .folder
        case S_IFIFO: return .special("a named pipe (FIFO)")
        case S_IFCHR: return .special("a character device")
        case S_IFBLK: return .special("a block device")
        case S_IFSOCK: return .special("a socket")
        default: return .special("not a regular file")
        }
    }

    /// The error for a path that is there but is not a regular file (nil for a regular file
    /// or a missing one, which each reader words itself).
    static func refusal(_ kind: Kind, shownPath: String, reading what: String = "a data file") -> MsokoError? {
        switch kind {
        case .regular, .missing:
            return nil
        case .folder:
            // A folder named like a file (`results.xlsx`) was meant as one; any other may be a
            // folder of returned files, which `load "folder/"` reads whole.
            let named = MultiFileLoad.dataExtensions.contains((shownPath as NSString).pathExtension.lowercased())
            return MsokoError(.io, "`\(shownPath)` is a folder, not a file",
                              hint: what == "a script" || named ? "`load` reads one file: give the path of \(what) inside the folder"
                                : "give the path of \(what) inside the folder; `load \"\(shownPath)/\"` (with a slash) reads every data file in it")
        case .special(let words):
            return MsokoError(.io, "`\(shownPath)` is \(words), not a regular file: msoko reads only regular files",
                              hint: "copy the data into a file first and give msoko that file")
        }
    }

    /// Opens a regular file for reading; returns the descriptor (the caller closes it) and size.
    /// A missing or unreadable file is `cannot open <path>: <reason>`.
    static func openRegular(_ path: String, shownPath: String) throws(MsokoError) -> (descriptor: Int32, size: Int64) {
        // O_NONBLOCK: opening a FIFO with no writer must not wait; the descriptor is checked next.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            let reason = String(cString: strerror(errno))
            throw MsokoError(.io, "cannot open \(shownPath): \(reason)")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw MsokoError(.io, "cannot open \(shownPath): \(reason)")
        }
        let kind = kind(info)
        if let refusal = refusal(kind, shownPath: shownPath) {
            close(descriptor)
            throw refusal
        }
        // Reads of a regular file never block; clear the flag anyway for clarity.
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        guard case .regular(let size) = kind else { return (descriptor, 0) }
        return (descriptor, size)
    }
}
