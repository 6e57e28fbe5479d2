import Foundation

/// Files msoko makes for a while — a workbook part unpacked to the temporary folder, an output
/// staged beside its target — and the promise that none outlives the run.
///
/// Contract: whoever makes a temporary file makes it through `TemporaryFile`, which registers
/// its path *before* the file exists and removes it (and the registration) on every Swift exit
/// path (`remove()`, `commit(to:)`, or when the object goes away). What Swift cannot see — the
/// process stopped by Ctrl-C, SIGTERM or a crash — is the executable's job: its signal handler
/// calls `TemporaryFiles.removeAllForSignal()`, which deletes every path still registered.
///
/// The registry is a fixed table of path buffers that are allocated once and never freed, so
/// the signal handler walks it with no lock, no allocation and no Swift runtime call: only
/// `unlink` (async-signal-safe). Registration takes a lock; the handler does not.
public enum TemporaryFiles {
    /// Paths registered at once, at most (staged outputs of one run, unpacked parts). Beyond
    /// it a file is still removed by its owner, only not by a signal handler.
    static let capacity = 4096
    /// Bytes of a path with its NUL.
    static let pathCapacity = 4096

    private final class Registry: @unchecked Sendable {
        let active = UnsafeMutablePointer<Int32>.allocate(capacity: TemporaryFiles.capacity)
        let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: TemporaryFiles.capacity)
        /// One past the highest slot ever used: the handler looks no further.
        var used = 0
        let lock = NSLock()

        init() {
            active.initialize(repeating: 0, count: TemporaryFiles.capacity)
            paths.initialize(repeating: nil, count: TemporaryFiles.capacity)
        }
    }

    private static let registry = Registry()

    /// Makes sure the table exists (call before installing a signal handler, so the handler
    /// never runs the one-time initialisation).
    public static func prepare() {
        _ = registry.used
    }

    /// Registers `path` for removal on a signal; nil when the table is full or the path too long.
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < pathCapacity, !bytes.contains(0) else { return nil }
        let registry = registry
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard let slot = (0..<capacity).first(where: { registry.active[$0] == 0 }) else { return nil }
        let buffer: UnsafeMutablePointer<CChar>
        if let existing = registry.paths[slot] {
            buffer = existing
        } else {
            buffer = UnsafeMutablePointer<CChar>.allocate(capacity: pathCapacity)
            registry.paths[slot] = buffer
        }
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
        registry.used = max(registry.used, slot + 1)
        // Set last: the handler reads the path only of an active slot.
        registry.active[slot] = 1
        return slot
    }

    static func unregister(_ slot: Int) {
        let registry = registry
        registry.lock.lock()
        registry.active[slot] = 0
        registry.lock.unlock()
    }

    /// How many paths are registered now (for tests).
    static var registeredCount: Int {
        let registry = registry
        registry.lock.lock()
        defer { registry.lock.unlock() }
        return (0..<registry.used).filter { registry.active[$0] != 0 }.count
    }

    /// Deletes every registered file. Only for a signal handler that is about to end the
    /// process: async-signal-safe (no lock, no allocation), and the registrations stay.
    public static func removeAllForSignal() {
        let registry = registry
        let used = registry.used
        var slot = 0
        while slot < used {
            if registry.active[slot] != 0, let path = registry.paths[slot] {
                unlink(path)
            }
            slot += 1
        }
    }
}

/// A file that exists only while msoko needs it: made exclusively (never following a link left
/// in a shared folder), registered for removal on a signal, removed by `remove()` or when the
/// object goes away, unless `commit(to:)` renamed it into place first. A scratch file that is
/// only read back (an unpacked workbook part) loses its name at once (`unlinkName`): the open
/// descriptor keeps the bytes, and a file without a name cannot be left behind even by SIGKILL
/// or the out-of-memory killer.
final class TemporaryFile {
    let path: String
    private var descriptor: Int32
    private var slot: Int?
    private var done = false

    private init(path: String, descriptor: Int32, slot: Int?) {
        self.path = path
        self.descriptor = descriptor
        self.slot = slot
    }

    deinit { remove() }

    /// A new empty file `<folder>/<prefix><pid>-<random><suffix>`, open for reading and writing.
    /// `permissions` is the mode before the umask (0o600 for private scratch files, 0o666 for a
    /// staged output that becomes the user's file).
    static func create(in folder: String, prefix: String, suffix: String = "",
                       permissions: mode_t = 0o600) throws(TemporaryFileError) -> TemporaryFile {
        for _ in 0..<8 {
            let name = "\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))\(suffix)"
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            // Registered before the file exists, so a signal in between leaves nothing.
            let slot = TemporaryFiles.register(path)
            let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
            if descriptor >= 0 { return TemporaryFile(path: path, descriptor: descriptor, slot: slot) }
            let failure = errno
            if let slot { TemporaryFiles.unregister(slot) }
            if failure != EEXIST { throw TemporaryFileError(code: failure) }
        }
        throw TemporaryFileError(code: EEXIST)
    }

    /// Appends bytes (all of them, or an error: a full disk is `ENOSPC`).
    func write(_ bytes: UnsafeRawBufferPointer) throws(TemporaryFileError) {
        guard descriptor >= 0 else { throw TemporaryFileError(code: EBADF) }
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = posixWrite(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw TemporaryFileError(code: errno)
            }
            offset += written
        }
    }

    func write(_ data: Data) throws(TemporaryFileError) {
        let result: TemporaryFileError? = data.withUnsafeBytes { buffer in
            do throws(TemporaryFileError) { try write(buffer); return nil } catch { return error }
        }
        if let result { throw result }
    }

    /// Closes the file for writing (its contents stay until `remove`).
    func close() throws(TemporaryFileError) {
        guard descriptor >= 0 else { return }
        let result = posixClose(descriptor)
        descriptor = -1
        if result != 0 && errno != EINTR { throw TemporaryFileError(code: errno) }
    }

    /// Renames the file over `target` (same file system); from then on it is not temporary.
    func commit(to target: String) throws(TemporaryFileError) {
        try close()
        if rename(path, target) != 0 { throw TemporaryFileError(code: errno) }
        done = true
        if let slot { TemporaryFiles.unregister(slot) }
        slot = nil
    }

    /// Removes the name now, keeping the open file (and its bytes) until `remove()`.
    func unlinkName() {
        guard !done else { return }
        done = true
        unlink(path)
        if let slot { TemporaryFiles.unregister(slot) }
        slot = nil
    }

    /// The bytes written so far, mapped read-only for `body` (the descriptor must be open).
    func withMappedContents<T>(_ body: (UnsafeRawBufferPointer) throws(MsokoError) -> T) throws(MsokoError) -> T {
        guard descriptor >= 0 else { throw MsokoError(.io, tr("io.temp.cannot_read_back", ["path": path])) }
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else { throw MsokoError(.io, tr("io.temp.cannot_read_back_reason", ["path": path, "reason": InputFile.reason(errno)])) }
        let size = Int(end)
        if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw MsokoError(.io, tr("io.temp.cannot_map", ["path": path, "reason": InputFile.reason(errno)]))
        }
        defer { munmap(pointer, size) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: size))
    }

    /// Deletes the file now (idempotent).
    func remove() {
        if descriptor >= 0 { _ = posixClose(descriptor); descriptor = -1 }
        guard !done else { return }
        done = true
        unlink(path)
        if let slot { TemporaryFiles.unregister(slot) }
        slot = nil
    }
}

/// Why a temporary file could not be made, written or moved: the `errno`.
struct TemporaryFileError: Error {
    var code: Int32
    var reason: String {
        code == ENOSPC ? tr("io.temp.disk_full") : InputFile.reason(code)
    }
}

#if canImport(Glibc)
import Glibc
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
private func posixClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#elseif canImport(Darwin)
import Darwin
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(fd, buffer, count) }
private func posixClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
