import Foundation

/// A throw-away PostgreSQL cluster for the tests that need a real server: made once per test
/// process, when the first such test asks, in a temporary folder (initdb, then pg_ctl start
/// listening only on a Unix socket in that folder, so it never clashes with another cluster or
/// another engineer's tests), and stopped and removed when the process exits.
///
/// initdb refuses to run as root, so as root the programs run as the `postgres` user (the
/// folder is given to it). When the programs or that user are missing, or the server does not
/// start, `PostgresTestServer.available` is false and says why, visibly: the suites gated on it
/// are skipped.
///
/// The cluster trusts every local user except `msoko_pw`, which must give the password
/// `right` (scram-sha-256), so the tests can check what wrong and missing passwords say.
enum PostgresTestServer {
    struct Server: Sendable {
        let folder: URL
        /// The folder of the Unix socket (libpq's `host`).
        let socket: String
        /// A libpq connection string for the superuser `postgres`.
        var conninfo: String { "host=\(socket) user=postgres dbname=postgres" }
        /// The same as a URL.
        var url: String { "postgresql://postgres@/postgres?host=\(socket)" }
    }

    /// The role that needs a password, and its password.
    static let passwordUser = "msoko_pw"
    static let password = "right"

    static let shared: Result<Server, StartFailure> = {
        let result = start()
        if case .failure(let failure) = result {
            // Said once per run, however many suites ask.
            print("PostgreSQL tests skipped: PostgreSQL could not be started: \(failure.reason)")
            stop()
            if let folder = folderToRemove { try? FileManager.default.removeItem(atPath: folder) }
        }
        return result
    }()

    struct StartFailure: Error, Sendable { let reason: String }

    /// True when the cluster runs (when it could not start, why was printed once).
    static var available: Bool {
        switch shared {
        case .success: return true
        case .failure:
            return false
        }
    }

    /// The running server (only called from suites gated on `available`).
    static var server: Server {
        get throws { try shared.get() }
    }

    /// The newest PostgreSQL's programs: /usr/lib/postgresql/N/bin (Debian), or PG_BIN.
    static func binaries() -> String? {
        if let given = ProcessInfo.processInfo.environment["PG_BIN"], !given.isEmpty { return given }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        return nil
    }

    private nonisolated(unsafe) static var stopCommand: [String]?
    private nonisolated(unsafe) static var folderToRemove: String?

    private static func start() -> Result<Server, StartFailure> {
        guard let bin = binaries() else {
            return .failure(StartFailure(reason: "no initdb in /usr/lib/postgresql/*/bin (apt-get install postgresql-15)"))
        }
        let asRoot = getuid() == 0
        var owner: (uid: uid_t, gid: gid_t)?
        if asRoot {
            guard let entry = getpwnam("postgres") else {
                return .failure(StartFailure(reason: "running as root and there is no `postgres` user to run initdb as"))
            }
            owner = (entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        // A short path: a Unix socket's path must fit in 107 bytes.
        var template = Array("/tmp/msoko-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            return .failure(StartFailure(reason: "cannot make a temporary folder: \(String(cString: strerror(errno)))"))
        }
        let folder = String(cString: made)
        folderToRemove = folder     // removed on failure too
        let data = folder + "/data", socket = folder + "/socket"
        do {
            try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: false)
        } catch {
            return .failure(StartFailure(reason: "cannot make \(socket): \(error)"))
        }
        if let owner {
            for path in [folder, socket] { _ = chown(path, owner.uid, owner.gid) }
        }
        chmod(folder, 0o755)

        let logPath = folder + "/commands.log"
        func run(_ command: String) -> (ok: Bool, output: String) {
            let argv = asRoot ? ["/bin/su", "postgres", "-s", "/bin/sh", "-c", command] : ["/bin/sh", "-c", command]
            let status = spawnAndWait(argv, output: logPath)
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            return (status == 0, output)
        }
        let initdb = run("'\(bin)/initdb' -A trust -U postgres -E UTF8 --locale=C -D '\(data)'")
        guard initdb.ok else {
            return .failure(StartFailure(reason: "initdb failed: \(initdb.output.suffix(400))"))
        }
        // Every local user is trusted but one, which needs its password (the password tests).
        let hba = "local all \(passwordUser) scram-sha-256\nlocal all all trust\n"
        _ = run("printf '\(hba.replacingOccurrences(of: "\n", with: "\\n"))' > '\(data)/pg_hba.conf'")
        let options = "-k \(socket) -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        let started = run("'\(bin)/pg_ctl' -D '\(data)' -l '\(folder)/server.log' -w -t 60 -o \"\(options)\" start")
        guard started.ok else {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            return .failure(StartFailure(reason: "pg_ctl start failed: \(started.output.suffix(300)) \(log.suffix(300))"))
        }
        stopCommand = asRoot
            ? ["/bin/su", "postgres", "-s", "/bin/sh", "-c", "'\(bin)/pg_ctl' -D '\(data)' -m immediate stop"]
            : ["/bin/sh", "-c", "'\(bin)/pg_ctl' -D '\(data)' -m immediate stop"]
        atexit { PostgresTestServer.stop() }
        let role = run("'\(bin)/psql' -h '\(socket)' -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "
                       + "\"CREATE ROLE \(passwordUser) LOGIN PASSWORD '\(password)'\"")
        guard role.ok else { return .failure(StartFailure(reason: "cannot create the role \(passwordUser): \(role.output)")) }
        return .success(Server(folder: URL(fileURLWithPath: folder), socket: socket))
    }

    /// Stops the cluster at once (its data is thrown away) and removes its folder.
    static func stop() {
        guard let command = stopCommand else { return }
        stopCommand = nil
        _ = spawnAndWait(command, output: "/dev/null")
        if let folder = folderToRemove { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Runs `argv` with its output (both streams) in the file `output`, and gives its exit status.
    /// posix_spawn and waitpid rather than Foundation's Process: pg_ctl leaves a server running
    /// behind it, and Process.waitUntilExit was seen to wait forever after `pg_ctl start` (and it
    /// cannot run at all from an atexit handler).
    static func spawnAndWait(_ argv: [String], output: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let copies = argv.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies
        pointers.append(nil)
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, pointers, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }
}
