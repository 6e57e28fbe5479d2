// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so the main test build does not compile package-benchmark.
// Run with `make bench` (or `swift package benchmark` in this folder) after `python3 make_data.py`.
let package = Package(
    name: "msoko-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "msoko", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MsokoBenchmarks",
            dependencies: [
                .product(name: "MsokoKit", package: "msoko"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MsokoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
