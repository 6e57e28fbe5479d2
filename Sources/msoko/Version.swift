/// What `msoko --version` prints: the release number and the commit the binary was built from.
enum Version {
    /// The release number; the Makefile reads it from here for the Debian package.
    static let number = "0.11.0"

    /// `msoko 0.11.0 (commit 1b6c069a0c1d, 2026-12-02)`, or `(commit unknown)`.
    static var text: String {
        "msoko \(number) (commit \(BuildCommit.describe)" + (BuildCommit.date.isEmpty ? "" : ", \(BuildCommit.date)") + ")"
    }
}

/// The commit msoko was built from. `make` (build-release, install, deb) writes
/// BuildCommit.generated.swift beside this file from `git describe` (git-ignored): an extension
/// of `BuildCommit` whose own `describe` and `date` take precedence over the defaults below. The
/// file is compiled only into release builds (`#if !DEBUG`), so a debug build, and any build
/// without the file — a plain `swift build` of a fresh clone — says "unknown".
enum BuildCommit: BuildCommitDefaults {}

protocol BuildCommitDefaults {}

extension BuildCommitDefaults {
    static var describe: String { "unknown" }
    static var date: String { "" }
}
