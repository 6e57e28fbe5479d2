import Foundation

/// Writes a file so that readers see either the old content or the new, never half: the bytes
/// go to a temporary file in the same folder, which is then renamed over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws(MsokoError) {
        let temporary = try stage(data, for: path)
        if rename(temporary, path) != 0 {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw MsokoError(.io, tr("file.cannot_write", ["path": path, "reason": message]))
        }
    }

    public static func stage(_ text: String, for path: String, bom: Bool = false) throws(MsokoError) -> String {
        var data = Data()
        if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        data.append(contentsOf: Array(text.utf8))
        return try stage(data, for: path)
    }

    /// Writes the bytes to a new temporary file beside `path` and returns its path.
    public static func stage(_ data: Data, for path: String) throws(MsokoError) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw MsokoError(.io, tr("file.cannot_create_folder", ["path": folder.path, "reason": reason(error)]))
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw MsokoError(.io, tr("file.cannot_write", ["path": path, "reason": tr("file.not_writable_or_full")]))
        }
        return temporary.path
    }

    public static func write(_ text: String, to path: String, bom: Bool = false) throws(MsokoError) {
        var data = Data()
        if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        data.append(contentsOf: Array(text.utf8))
        try write(data, to: path)
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
