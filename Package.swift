// swift-tools-version: 6.0
import PackageDescription

// msoko: a library that does everything (MsokoKit), a thin executable (msoko), and a
// system-library target for libedit used by the REPL, and one for libpq (PostgreSQL's client
// library: PG* variables, ~/.pgpass, TLS and COPY for free, built in seconds — postgres-nio took
// 688 s and 64 MB and has no COPY FROM STDIN; docs/decisions.md, "PostgreSQL client"). Benchmarks live in their own package
// under Benchmarks/ so the test build stays small.
let package = Package(
    name: "msoko",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "msoko", targets: ["msoko"]),
        .library(name: "MsokoKit", targets: ["MsokoKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "MsokoKit",
            dependencies: [
                "CLibPQ",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "msoko",
            dependencies: [
                "MsokoKit",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MsokoKitTests",
            dependencies: ["MsokoKit", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
