// swift-tools-version: 6.0
import Foundation
import PackageDescription

// A path dependency is known by its folder's name (`msoko`, or whatever the clone is called).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Fuzz targets for msoko (libFuzzer), kept out of the main package: they link only when built
// with `-sanitize=fuzzer`, which a plain `swift build` of the workbench must not need.
// `make fuzz` (Makefile) builds each with its own scratch path and runs it on Fuzz/Corpus/<name>.
let package = Package(
    name: "msoko-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // LLVMFuzzerRunDriver, declared for Swift (libFuzzer's own `main` would not run: SwiftPM's wins).
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(name: "FuzzScript", dependencies: ["CFuzzer", .product(name: "MsokoKit", package: root)]),
        .executableTarget(name: "FuzzCSV", dependencies: ["CFuzzer", .product(name: "MsokoKit", package: root)]),
        .executableTarget(name: "FuzzXLSX", dependencies: ["CFuzzer", .product(name: "MsokoKit", package: root)]),
    ],
    swiftLanguageModes: [.v6]
)
