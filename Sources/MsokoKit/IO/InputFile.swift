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
    /// What a refused path was to be read as. Written as the English words at the call sites
    /// (`reading: "a script"`); said in the language of the messages.
    enum Reading: ExpressibleByStringLiteral {
        case dataFile, script, workbook

        init(stringLiteral value: String) {
            switch value {
            case "a script": self = .script
            case "an .xlsx workbook": self = .workbook
            default: self = .dataFile
            }
        }

        var words: String {
            switch self {
            case .dataFile: return tr("io.input.a_data_file")
            case .script: return tr("io.input.a_script")
            case .workbook: return tr("io.input.a_workbook")
            }
        }
    }

    static func refusal(_ kind: Kind, shownPath: String, reading: Reading = .dataFile) -> MsokoError? {
        let what = reading.words
        switch kind {
        case .regular, .missing:
            return nil
        case .folder:
            // A folder named like a file (`results.xlsx`) was meant as one; any other may be a
            // folder of returned files, which `load "folder/"` reads whole.
            let named = MultiFileLoad.dataExtensions.contains((shownPath as NSString).pathExtension.lowercased())
            return MsokoError(.io, tr("io.load.folder_file", ["shown_path": shownPath]),
                              hint: reading == .script || named ? tr("io.load.load_reads_one_file", ["what": what])
                                : tr("io.load.give_path_inside_folder", ["what": what, "shown_path": shownPath]))
        case .special(let words):
            return MsokoError(.io, tr("io.load.regular_file_msoko_reads", ["shown_path": shownPath, "words": words]),
                              hint: tr("io.load.copy_data_into_file"))
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
            let reason = InputFile.reason(errno)
            throw MsokoError(.io, tr("io.load.cannot_open", ["shown_path": shownPath, "reason": reason]))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = InputFile.reason(errno)
            close(descriptor)
            throw MsokoError(.io, tr("io.load.cannot_open", ["shown_path": shownPath, "reason": reason]))
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
