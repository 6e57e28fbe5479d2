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
        case S_IFIFO: return .special(tr("io.input.fifo"))
        case S_IFCHR: return .special(tr("io.input.character_device"))
        case S_IFBLK: return .special(tr("io.input.block_device"))
        case S_IFSOCK: return .special(tr("io.input.socket"))
        default: return .special(tr("io.input.not_regular"))
        }
    }

    /// The error for a path that is there but is not a regular file (nil for a regular file
    /// or a missing one, which each reader words itself).
    static func refusal(_ kind: Kind, shownPath: String, reading: MsokoError.FileRole = .dataFile) -> MsokoError? {
        switch kind {
        case .regular, .missing:
            return nil
        case .folder:
            // A folder named like a file (`results.xlsx`) was meant as one; any other may be a
            // folder of returned files, which `load "folder/"` reads whole.
            let named = MultiFileLoad.dataExtensions.contains((shownPath as NSString).pathExtension.lowercased())
            return MsokoError(.file(path: shownPath, problem: .folder(role: reading, dataName: named)))
        case .special(let words):
            return MsokoError(.file(path: shownPath, problem: .special(words: words)))
        }
    }

    /// Why a system call failed, in the language of the messages (the C library's words for
    /// the causes a person meets; any other as the C library says it).
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return tr("io.errno.enoent")
        case EACCES, EPERM: return tr("io.errno.eacces")
        case ENOTDIR: return tr("io.errno.enotdir")
        case EISDIR: return tr("io.errno.eisdir")
        case ENOSPC: return tr("io.errno.enospc")
        case EROFS: return tr("io.errno.erofs")
        default: return String(cString: strerror(code))
        }
    }

    /// Opens a regular file for reading; returns the descriptor (the caller closes it) and size.
    /// A missing or unreadable file is `cannot open <path>: <reason>`.
    static func openRegular(_ path: String, shownPath: String) throws(MsokoError) -> (descriptor: Int32, size: Int64) {
        // O_NONBLOCK: opening a FIFO with no writer must not wait; the descriptor is checked next.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            throw errno == ENOENT ? MsokoError(.missingFile(path: shownPath))
                                  : MsokoError(.file(path: shownPath, problem: .cannotOpen(errno: errno)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw MsokoError(.file(path: shownPath, problem: .cannotOpen(errno: code)))
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

/// Callers write what a refused path was to be read as in English words (`reading: "a script"`);
/// the message says it in the person's language.
extension MsokoError.FileRole: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        switch value {
        case "a script": self = .script
        case "an .xlsx workbook": self = .workbook
        default: self = .dataFile
        }
    }
}
