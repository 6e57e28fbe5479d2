import Foundation

/// Writing files: `save`'s format dispatch, atomic writes through a temporary file beside the
/// target, staging in batch runs (renamed into place only when the whole run succeeds), and the
/// removal of what a killed run left behind.
extension Session {
    /// One file written by the run and not yet in place: its temporary file beside the target,
    /// the target, the path as the script wrote it, the statement that wrote it, and the folders
    /// staging had to create (removed again if the run fails).
    struct StagedWrite {
        var file: TemporaryFile
        var final: String
        /// The path as resolved before links were followed (what a later `load` asks for).
        var requested: String
        var shown: String
        var place: SourceRange?
        var createdFolders: [String]
        var sequence: Int
    }

    /// `save`: the table in the format its extension or `format` names (a workbook for `.xlsx`),
    /// written like every other file (`writeFile`).
    public func save(_ table: Table, to path: String, options: WriteOptions, at range: SourceRange) throws {
        if RemoteURL.isRemote(path) { return try saveRemote(table, to: path, at: range) }
        let resolved = resolvePath(path)
        // A folder (or a pipe) is said to be one before anything else is asked of its name.
        do { _ = try Session.writableTarget(resolved, shown: path) } catch { throw error.placed(at: range) }
        let lower = path.lowercased()
        if options.format == nil, lower.hasSuffix(".xlsx") {
            // A workbook, not a text format: kept out of OutputFormat, which also drives stdout.
            do {
                let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                let data = try XLSXWriter.data(for: table, sheetName: stem)
                try writeFile(data, toResolved: resolved, shown: path)
            } catch {
                throw error.placed(at: range)
            }
            noteWritten(tr("session.wrote_rows", ["path": path, "count": table.rowCount]))
            return
        }
        guard let format = options.format ?? OutputFormat.forPath(path) else {
            throw MsokoError(.io, tr("session.cannot_tell_format", ["path": path]), at: range,
                             hint: tr("session.cannot_tell_format.hint"))
        }
        let text = TableWriter.render(table, format: format, options: options, forFile: true)
        let bom = options.excelRussian && (format == .csv || format == .tsv)
        do {
            var data = Data()
            if bom { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            data.append(contentsOf: Array(text.utf8))
            try writeFile(data, toResolved: resolved, shown: path)
        } catch {
            throw error.placed(at: range)
        }
        noteWritten(tr("session.wrote_rows", ["path": path, "count": table.rowCount]))
    }

    /// Writes a whole file the way `save` does: atomically, and in batch runs staged until the
    /// run succeeds. Every writer of the library (save, register, drafts, report) goes through
    /// here, and says what it wrote with `noteWritten`.
    public func writeFile(_ data: Data, to path: String) throws(MsokoError) {
        try writeFile(data, toResolved: resolvePath(path), shown: path)
    }

    /// Says "wrote …" when it is true: at once outside batch runs; in a batch run when the run
    /// commits, after the files written so far are in place (a failed run says nothing).
    public func noteWritten(_ text: String) {
        if stagesWrites {
            pendingWriteNotes.append((writeSequence, text))
        } else {
            sink.note(text)
        }
    }

    /// The bytes go to a new temporary file beside the target (registered, so a signal removes
    /// it too), which is renamed over the target now, or at commit in batch runs.
    func writeFile(_ data: Data, toResolved resolved: String, shown: String) throws(MsokoError) {
        let target = try Session.writableTarget(resolved, shown: shown)
        let folder = (target as NSString).deletingLastPathComponent
        let createdFolders = try Session.createFolders(folder, shown: shown)
        if sweptFolders.insert(folder).inserted { Session.removeStaleTemporaryFiles(in: folder) }
        let file: TemporaryFile
        do {
            file = try TemporaryFile.create(in: folder, prefix: "." + (target as NSString).lastPathComponent + ".tmp-",
                                            permissions: 0o666)
            try file.write(data)
            try file.close()
        } catch {
            Session.removeEmptyFolders(createdFolders)
            throw MsokoError(.io, tr("file.cannot_write", ["path": shown,
                                                            "reason": error.code == EACCES || error.code == EROFS ? tr("file.folder_not_writable") : error.reason]))
        }
        if stagesWrites {
            // A file written twice in one run: the earlier staged copy is replaced, not left behind.
            var folders = createdFolders
            for earlier in stagedWrites where earlier.final == target {
                earlier.file.remove()
                folders += earlier.createdFolders
            }
            stagedWrites.removeAll { $0.final == target }
            writeSequence += 1
            stagedWrites.append(StagedWrite(file: file, final: target, requested: resolved, shown: shown, place: runningStatement,
                                            createdFolders: folders, sequence: writeSequence))
        } else {
            do {
                try file.commit(to: target)
            } catch {
                file.remove()
                Session.removeEmptyFolders(createdFolders)
                throw MsokoError(.io, tr("file.cannot_write", ["path": shown, "reason": error.reason]))
            }
        }
    }

    /// Where the bytes for `resolved` go: the path itself, or through a link the file it names.
    /// A folder, a device or a pipe is refused (renaming over a device node would replace it).
    static func writableTarget(_ resolved: String, shown: String) throws(MsokoError) -> String {
        var target = resolved
        var info = stat()
        if lstat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            // Write through the link: renaming over it would replace the link by a file.
            if let real = realpath(resolved, nil) {
                target = String(cString: real)
                free(real)
            }
        }
        switch InputFile.kind(target) {
        case .regular, .missing:
            return target
        case .folder:
            throw MsokoError(.io, tr("session.save_to_folder", ["path": shown]),
                             hint: tr("session.save_to_folder.hint", ["path": shown.hasSuffix("/") ? shown : shown + "/"]))
        case .special(let words):
            throw MsokoError(.io, tr("session.save_to_special", ["path": shown, "kind": words]),
                             hint: tr("session.save_to_special.hint"))
        }
    }

    /// Makes the missing folders of `folder`; returns those it made, deepest first.
    static func createFolders(_ folder: String, shown: String) throws(MsokoError) -> [String] {
        var missing: [String] = []
        var current = folder
        while !current.isEmpty, current != "/", InputFile.kind(current) == .missing {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        if !current.isEmpty, current != "/", InputFile.kind(current) != .folder, !missing.isEmpty {
            throw MsokoError(.io, tr("file.cannot_write", ["path": shown, "reason": tr("file.not_a_folder", ["path": current])]))
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            removeEmptyFolders(missing)
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw MsokoError(.io, tr("file.cannot_create_folder_for", ["path": shown, "reason": reason]))
        }
        return missing
    }

    /// Removes what a killed msoko left in a folder it writes to: its own temporary files only
    /// (`.NAME.tmp-PID-NUMBER`, regular files) whose process is gone. A file of a running msoko
    /// (its process alive, this one included) and every other file are left alone; a reused PID
    /// only means the file waits for a later run.
    static func removeStaleTemporaryFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let match = name.wholeMatch(of: /\..+\.tmp-([0-9]{1,9})-([0-9]{1,10})/),
                  let pid = Int32(match.1), pid > 0 else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(path)
        }
    }

    /// Removes folders that staging made, deepest first, if nothing else was put in them.
    static func removeEmptyFolders(_ folders: [String]) {
        for folder in folders { rmdir(folder) }
    }

    /// The file to read for `path`: a staged version written earlier in this run, if any.
    public func readablePath(_ resolved: String) -> String {
        stagedWrites.last { $0.final == resolved || $0.requested == resolved }?.file.path ?? resolved
    }

    /// Moves every staged file into place (end of a successful batch run), then says what was
    /// written. A file that cannot be moved is an error placed at the statement that wrote it;
    /// what is still staged is removed.
    public func commitStagedWrites() throws(MsokoError) {
        var notes = pendingWriteNotes
        pendingWriteNotes = []
        func say(upTo sequence: Int) {
            while let first = notes.first, first.afterSequence <= sequence {
                sink.note(first.text)
                notes.removeFirst()
            }
        }
        while !stagedWrites.isEmpty {
            let write = stagedWrites.removeFirst()
            do {
                try write.file.commit(to: write.final)
            } catch {
                write.file.remove()
                Session.removeEmptyFolders(write.createdFolders)
                discardStagedWrites()
                var failure = MsokoError(.io, tr("file.cannot_move_into_place", ["path": write.shown, "reason": error.reason]), at: write.place)
                if InputFile.kind(write.final) == .folder {
                    failure = MsokoError(.io, tr("session.save_to_folder", ["path": write.shown]), at: write.place,
                                         hint: tr("session.save_to_folder.hint", ["path": write.shown + "/"]))
                }
                throw failure
            }
            say(upTo: write.sequence)
        }
        say(upTo: Int.max)
    }

    /// Deletes staged files (a failed batch run): the previous outputs stay untouched, and the
    /// folders staging made are removed if empty.
    public func discardStagedWrites() {
        for write in stagedWrites { write.file.remove() }
        // Files first, then folders, deepest first: a folder made for one write may hold another.
        let folders = stagedWrites.flatMap(\.createdFolders).sorted { $0.count > $1.count }
        Session.removeEmptyFolders(folders)
        stagedWrites = []
        pendingWriteNotes = []
    }
}
