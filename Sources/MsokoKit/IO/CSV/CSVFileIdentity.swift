import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells a file is still the one that was opened, unchanged: the device and inode its path
/// names, its size, and its modification and status-change times to the nanosecond.
///
/// Why: the reader maps the file and drops pages behind each pass, so the later passes read the
/// file again. A file shortened meanwhile is caught by the SIGBUS guard and a size check, but a
/// program rewriting it in place with content of the same or greater length changes no size and
/// raises no fault: the load would hold a mixture of the two versions. Any write sets the mtime
/// and ctime (`touch` too), and a file replaced by a rename has a new inode under the same path.
///
/// Limit: timestamps come from the kernel's coarse clock (a few milliseconds), so a write in the
/// same tick as the write that preceded the open, with no size change, is not seen.
struct CSVFileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int64
    var changed: Int64
    var changedNanoseconds: Int64

    init(_ status: stat) {
        device = UInt64(truncatingIfNeeded: status.st_dev)
        inode = UInt64(truncatingIfNeeded: status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Darwin)
        modified = Int64(status.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(status.st_mtimespec.tv_nsec)
        changed = Int64(status.st_ctimespec.tv_sec)
        changedNanoseconds = Int64(status.st_ctimespec.tv_nsec)
        #else
        modified = Int64(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(status.st_mtim.tv_nsec)
        changed = Int64(status.st_ctim.tv_sec)
        changedNanoseconds = Int64(status.st_ctim.tv_nsec)
        #endif
    }

    /// The identity of the open file `descriptor`; nil if `fstat` fails.
    static func of(descriptor: Int32) -> CSVFileIdentity? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? CSVFileIdentity(status) : nil
    }

    /// The identity of the file `path` names now; nil if it names none (deleted, renamed away).
    static func of(path: String) -> CSVFileIdentity? {
        var status = stat()
        return stat(path, &status) == 0 ? CSVFileIdentity(status) : nil
    }

    /// Whether the file read through `descriptor` (opened as `path`, with this identity then,
    /// mapped for `count` bytes) may have changed since: written to, touched, resized, or
    /// replaced under its path. Errs on the side of "changed": a load that fails with "load it
    /// again" costs a second load; one that mixes two versions costs wrong results.
    func differs(descriptor: Int32, path: String, count: Int) -> Bool {
        guard let now = CSVFileIdentity.of(descriptor: descriptor), now == self, Int(now.size) == count,
              let named = CSVFileIdentity.of(path: path) else { return true }
        return named.device != device || named.inode != inode
    }
}
