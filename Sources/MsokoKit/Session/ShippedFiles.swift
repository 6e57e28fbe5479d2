import Foundation

/// The files msoko ships (rules, templates, scripts, the prelude), found from any folder.
extension Session {
    /// A file shipped with msoko (`Rules/…`, `Templates/…`): the path as given when it exists
    /// (relative to the working folder), else the same relative path in the nearest folder above
    /// the working folder that has it — so scripts and the REPL find the repository's rules and
    /// templates from a subfolder too — else in an installed msoko's `share/msoko`. nil when nowhere.
    public func findShipped(_ path: String) -> String? {
        let direct = resolvePath(path)
        if FileManager.default.fileExists(atPath: readablePath(direct)) { return readablePath(direct) }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        var folder = URL(fileURLWithPath: workingDirectory)
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if folder.path == "/" { break }
        }
        if let installed = Session.installedShareFolder {
            let candidate = installed + "/" + path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `PREFIX/share/msoko` beside an installed binary (`PREFIX/bin/msoko`, docs/install.md): the
    /// last place `findShipped` looks, so an installed msoko finds its templates and rules from any
    /// folder, while a project folder's own copies still come first. nil when not installed.
    static let installedShareFolder: String? = {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let share = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/msoko").path
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: share, isDirectory: &isFolder) && isFolder.boolValue ? share : nil
    }()
}
