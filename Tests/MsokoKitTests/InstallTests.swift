import Foundation
import Testing
@testable import MsokoKit

/// What `make install` and `make deb` ship (docs/install.md): `--version`, the man page generated
/// from the registries, the completion scripts, and — when `make deb` has left a package in
/// .build-dist and dpkg-deb is available — the package itself, extracted and run with no Swift
/// toolchain within reach. A missing tool or package prints `◇ SKIPPED …` instead.
@Suite struct InstallTests {
    static func skip(_ reason: String) {
        print("◇ SKIPPED \(reason)")
    }

    /// Runs a program; stdout and stderr as text.
    @discardableResult
    static func shell(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                      in folder: URL? = nil) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let folder { process.currentDirectoryURL = folder }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    /// The full path of a program on PATH, if any.
    static func which(_ program: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    @Test func versionNamesReleaseAndCommit() throws {
        let result = try runExecutable(["--version"])
        #expect(result.status == 0)
        let line = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("msoko 0."), "\(line)")
        #expect(line.contains("(commit "), "\(line)")
        // The test build is a debug build: it never claims a commit it may not be.
        #expect(line.hasSuffix("(commit unknown)"), "\(line)")
    }

    @Test func manPageCoversTheCommandLineAndTheLanguage() throws {
        let result = try runExecutable(["--generate-man-page"])
        #expect(result.status == 0, "\(result.err)")
        let page = result.out
        #expect(page.hasPrefix("'\\\" -*- coding: UTF-8 -*-\n"))
        #expect(page.contains("\n.TH \"MSOKO\" 1 "))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                        "STATEMENTS", "VERBS", "AGGREGATES", "FUNCTIONS", "FILES"] {
            #expect(page.contains("\n.SH \"\(section)\"\n") || page.contains("\n.SH \(section)\n"), "no section \(section)")
        }
        for option in ["\\-\\-format", "\\-\\-param", "\\-\\-escape\\-formulas", "\\-\\-init", "\\-c STATEMENTS", "\\-\\-version"] {
            #expect(page.contains("\\fB\(option)"), "no option \(option)")
        }
        for verb in VerbRegistry.all { #expect(page.contains(".SS \"\(verb.name)\""), "no verb \(verb.name)") }
        for function in ScalarFunctions.all {
            let name = ManPage.escapeCode(function.signature)
            #expect(page.contains("\\fB\(name)\\fR"), "no function \(function.signature)")
        }
        // No line may start a roff request by accident.
        for line in page.split(separator: "\n") where line.hasPrefix(".") || line.hasPrefix("'") {
            let request = line.dropFirst().prefix { $0 != " " }
            #expect(["\\\"", "TH", "SH", "SS", "PP", "TP", "IP", "RS", "RE", "nf", "fi", "br"].contains(String(request)),
                    "unexpected request: \(line)")
        }
        guard let groff = Self.which("groff") else { return Self.skip("InstallTests: the man page through groff (groff is not installed)") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-man-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("msoko.1")
        try page.write(to: file, atomically: true, encoding: .utf8)
        let lint = try Self.shell(groff, ["-k", "-man", "-Tutf8", "-ww", "-z", file.path])
        #expect(lint.status == 0 && lint.err.isEmpty, "groff warns: \(lint.err.prefix(2000))")
        let rendered = try Self.shell(groff, ["-k", "-man", "-Tutf8", "-P", "-cbou", file.path])
        #expect(rendered.out.contains("binom_tail(k, n, p)"))
        #expect(rendered.out.contains("--escape-formulas WHEN"))
    }

    @Test func completionScriptsForThreeShells() throws {
        for (shell, marker) in [("bash", "complete"), ("zsh", "#compdef msoko"), ("fish", "complete -c 'msoko'")] {
            let result = try runExecutable(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell): \(result.err)")
            #expect(result.out.contains(marker), "\(shell) completion lacks \(marker)")
            #expect(result.out.contains("escape-formulas"), "\(shell) completion lacks --escape-formulas")
        }
    }

    /// The folder of the Swift runtime this test process loaded (the toolchain's lib folder).
    static func toolchainRuntimeFolder() -> String? {
        // Read to the end: procfs files report a size of 0, and a sized read stops at one page.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return nil }
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in maps.split(separator: "\n") {
            guard let path = line.split(separator: " ", omittingEmptySubsequences: true).last,
                  path.hasSuffix("/libswiftCore.so") else { continue }
            return String(path.dropLast("/libswiftCore.so".count))
        }
        return nil
    }

    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    static func newestFile(in folder: URL) -> Date? {
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return files.compactMap { modified(folder.appendingPathComponent($0)) }.max()
    }

    @Test func debianPackageRunsWithoutTheToolchain() throws {
        guard let dpkgDeb = Self.which("dpkg-deb") else { return Self.skip("InstallTests: the Debian package (dpkg-deb is not installed)") }
        let package = TestPaths.repository.appendingPathComponent(".build-dist/msoko.deb")
        guard FileManager.default.fileExists(atPath: package.path) else {
            return Self.skip("InstallTests: the Debian package (none built: run `make deb` or `make test-deb`, about 5 minutes the first time)")
        }
        // A package left by an earlier build tests an earlier tree: it must be newer than every
        // file it ships from (`make test-deb` rebuilds it).
        if let built = Self.modified(package.resolvingSymlinksInPath()),
           let newest = ["Sources", "Scripts", "Templates", "Rules"].compactMap({ Self.newestFile(in: TestPaths.repository.appendingPathComponent($0)) }).max(),
           newest > built {
            return Self.skip("InstallTests: the Debian package (.build-dist/msoko.deb is older than the sources: run `make test-deb`)")
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-deb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let extract = try Self.shell(dpkgDeb, ["-x", package.path, root.path])
        #expect(extract.status == 0, "dpkg-deb -x: \(extract.err)")
        let fields = try Self.shell(dpkgDeb, ["--field", package.path, "Package", "Version", "Depends"])
        #expect(fields.out.contains("Package: msoko"))
        #expect(fields.out.contains("libedit2"))
        #expect(!fields.out.lowercased().contains("swift"), "Depends names a Swift package: \(fields.out)")
        print("InstallTests: \(package.lastPathComponent) → \(fields.out.replacingOccurrences(of: "\n", with: "; "))")

        // The layout docs/install.md promises.
        for path in ["usr/bin/msoko", "usr/share/man/man1/msoko.1.gz", "usr/share/bash-completion/completions/msoko",
                     "usr/share/zsh/vendor-completions/_msoko", "usr/share/fish/vendor_completions.d/msoko.fish",
                     "usr/share/doc/msoko/copyright", "usr/share/msoko/Templates/ru/draft.md.mustache",
                     "usr/share/msoko/Rules/recommendations.tsv", "usr/share/msoko/Scripts/year.msoko",
                     "usr/share/msoko/Scripts/lib/prelude.msoko"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "the package lacks /\(path)")
        }
        let binary = root.appendingPathComponent("usr/bin/msoko").path
        let runtime = Self.toolchainRuntimeFolder()

        // ldd: nothing from the toolchain, nothing missing.
        if let ldd = Self.which("ldd") {
            let libraries = try Self.shell(ldd, [binary], environment: ["LD_LIBRARY_PATH": "", "PATH": "/usr/bin:/bin"])
            print("InstallTests: ldd \(binary.replacingOccurrences(of: root.path, with: "ROOT")):\n\(libraries.out)")
            #expect(!libraries.out.contains("not found"), "\(libraries.out)")
            #expect(!libraries.out.contains("libswift") && !libraries.out.contains("libFoundation"), "\(libraries.out)")
            if let runtime { #expect(!libraries.out.contains(runtime), "\(libraries.out)") }
        } else {
            Self.skip("InstallTests: ldd of the packaged binary (ldd is not installed)")
        }

        // A folder with data for a small command.
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "school,mark\nS01,5\nS01,4\nS02,3\n".write(to: work.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let command = "load \"m.csv\" as m; m | summarize n = count(), top = max(mark) by school"
        let expected = "school,n,top\nS01,2,5\nS02,1,3\n"
        let environment = ["LD_LIBRARY_PATH": "", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]

        let version = try Self.shell(binary, ["--version"], environment: environment, in: work)
        #expect(version.status == 0, "\(version.err)")
        #expect(version.out.hasPrefix("msoko 0."), "\(version.out)")
        #expect(!version.out.contains("commit unknown"), "the package was built by make: it knows its commit (\(version.out))")
        let inline = try Self.shell(binary, ["--format", "csv", "-c", command], environment: environment, in: work)
        #expect(inline.status == 0, "\(inline.err)")
        #expect(inline.out == expected)

        // The annual script from the package's share/msoko, run in a folder with no templates or
        // rules of its own: they are found beside the installed binary.
        let datasets = TestPaths.repository.appendingPathComponent("Datasets").path
        let annual = try Self.shell(binary, ["run", root.appendingPathComponent("usr/share/msoko/Scripts/year.msoko").path,
                                             "--param", "data=\(datasets)", "--param", "out=out"], environment: environment, in: work)
        #expect(annual.status == 0, "\(annual.err.suffix(2000))")
        for file in ["out/report.html", "out/recommendations.csv"] {
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent(file).path), "the annual run wrote no \(file)")
        }
        let drafts = (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("out/drafts").path)) ?? []
        #expect(drafts.contains { $0.hasSuffix(".docx") }, "the annual run wrote no drafts: \(drafts.prefix(5))")
        // The prelude is the package's file too (Scripts/lib/prelude.msoko): `prelude` names it.
        let prelude = try Self.shell(binary, ["-c", "prelude"], environment: environment, in: work)
        #expect(prelude.status == 0, "\(prelude.err)")
        #expect(prelude.out.contains("def quality(m) = pct(m >= 4)"))
        #expect(prelude.err.contains("usr/share/msoko/Scripts/lib/prelude.msoko"), "\(prelude.err)")

        // The strongest check: the same two runs with the toolchain's runtime folder hidden under an
        // empty mount, in a private mount namespace (needs `unshare -m`, often allowed for root only).
        guard let runtime, let unshare = Self.which("unshare") else {
            return Self.skip("InstallTests: running the package with the toolchain hidden (no unshare, or no Swift runtime folder found)")
        }
        let script = "mount -t tmpfs none '\(runtime)' && test -z \"$(ls '\(runtime)')\" && "
            + "'\(binary)' --version && '\(binary)' --format csv -c '\(command.replacingOccurrences(of: "'", with: "'\\''"))'"
        let hidden = try Self.shell(unshare, ["-m", "/bin/sh", "-c", script], environment: environment, in: work)
        if hidden.status != 0 && (hidden.err.contains("unshare failed") || hidden.err.contains("Operation not permitted") || hidden.err.contains("mount:")) {
            return Self.skip("InstallTests: running the package with the toolchain hidden (not permitted here: \(hidden.err.prefix(200)))")
        }
        #expect(hidden.status == 0, "\(hidden.err)")
        #expect(hidden.out == version.out + expected, "\(hidden.out)")
        // And the development build, which does need the toolchain, fails the same way — the hiding works.
        let development = try Self.shell(unshare, ["-m", "/bin/sh", "-c", "mount -t tmpfs none '\(runtime)' && '\(TestPaths.executable.path)' --version"],
                                         environment: environment, in: work)
        #expect(development.status != 0, "the debug build ran with the toolchain hidden: the check proves nothing")
        print("InstallTests: the packaged msoko ran with \(runtime) hidden")
    }
}
