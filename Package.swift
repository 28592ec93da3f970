// swift-tools-version: 6.0
// Heed: reads every machine-readable statement a website makes about AI use of its content.
// No Swift package dependencies: system C libraries only, through `.systemLibrary` targets.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Heed",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "HeedCore", targets: ["HeedCore"]),
        .library(name: "HeedStore", targets: ["HeedStore"]),
        .library(name: "HeedAudit", targets: ["HeedAudit"]),
        .library(name: "HeedFetch", targets: ["HeedFetch"]),
        .library(name: "HeedHistory", targets: ["HeedHistory"]),
        .library(name: "HeedLogs", targets: ["HeedLogs"]),
        .executable(name: "heed", targets: ["heed"]),
        .executable(name: "heed-bench", targets: ["heed-bench"]),
    ],
    targets: [
        // C shims: each is imported by exactly one Swift module.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "CXML",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The core: model, parsers, evaluation. Pure: no network, no files, no CLI.
        .target(name: "HeedCore", dependencies: ["CXML"], swiftSettings: strict),
        // Self-contained HTML reports: page, tables, inline SVG charts. Pure text, no I/O.
        .target(name: "HeedHTML", swiftSettings: strict),
        // Storage: the SQLite signal store and site snapshot directories (read and write).
        .target(name: "HeedStore", dependencies: ["HeedCore", "CSQLite"], swiftSettings: strict),
        // A loopback HTTP server for snapshots: the demo's web and the fetcher tests' sites.
        .target(name: "HeedServer", dependencies: ["HeedStore"], swiftSettings: strict),
        // Fetching: the libcurl multi driver, politeness, address guard, discovery.
        .target(name: "HeedFetch", dependencies: ["HeedCore", "CCurl"], swiftSettings: strict),
        // Steward reports: lint and check-matrix HTML (pure text over HeedCore's results).
        .target(name: "HeedSteward", dependencies: ["HeedCore", "HeedHTML"], swiftSettings: strict),
        // Audits: manifest readers, verdicts per URL, reports, credits, run records.
        .target(
            name: "HeedAudit",
            dependencies: ["HeedCore", "HeedStore", "HeedHTML", "CZlib"],
            swiftSettings: strict
        ),
        // History and diffs: how a site's signals changed across store versions or snapshots.
        .target(name: "HeedHistory", dependencies: ["HeedCore", "HeedStore", "HeedHTML"], swiftSettings: strict),
        // Access logs: which AI crawlers honoured the robots.txt in force when they asked.
        .target(
            name: "HeedLogs",
            dependencies: ["HeedCore", "HeedStore", "HeedAudit", "HeedHTML"],
            swiftSettings: strict
        ),
        // The command-line tool: argument parsing and wiring only.
        .executableTarget(
            name: "heed",
            dependencies: [
                "HeedCore", "HeedStore", "HeedAudit", "HeedFetch", "HeedServer", "HeedHTML", "HeedHistory",
                "HeedSteward", "HeedLogs",
            ],
            swiftSettings: strict
        ),
        // Benchmarks, run in release mode: `swift run -c release heed-bench robots`.
        .executableTarget(
            name: "heed-bench",
            dependencies: ["HeedCore", "HeedStore", "HeedAudit", "HeedServer"],
            swiftSettings: strict
        ),
        // Fuzz targets, one per parser (`scripts/fuzz`); `heed-fuzz` is their libFuzzer entry
        // point when built with -sanitize=fuzzer, and a replayer of files otherwise.
        .target(name: "HeedFuzz", dependencies: ["HeedCore", "HeedAudit", "HeedLogs"], swiftSettings: strict),
        .executableTarget(name: "heed-fuzz", dependencies: ["HeedCore", "HeedFuzz"], swiftSettings: strict),
        .testTarget(name: "HeedFuzzTests", dependencies: ["HeedFuzz"], swiftSettings: strict),
        .testTarget(name: "HeedCoreTests", dependencies: ["HeedCore"], swiftSettings: strict),
        .testTarget(name: "HeedServerTests", dependencies: ["HeedServer"], swiftSettings: strict),
        .testTarget(name: "HeedFetchTests", dependencies: ["HeedFetch"], swiftSettings: strict),
        .testTarget(name: "HeedAuditTests", dependencies: ["HeedAudit", "HeedStore"], swiftSettings: strict),
        .testTarget(name: "HeedHTMLTests", dependencies: ["HeedHTML"], swiftSettings: strict),
        .testTarget(name: "HeedStewardTests", dependencies: ["HeedSteward"], swiftSettings: strict),
        .testTarget(name: "HeedStoreTests", dependencies: ["HeedStore"], swiftSettings: strict),
        .testTarget(name: "HeedHistoryTests", dependencies: ["HeedHistory", "HeedStore"], swiftSettings: strict),
        .testTarget(
            name: "HeedLogsTests",
            dependencies: ["HeedLogs", "HeedStore", "HeedCore", "HeedAudit"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "heedTests", dependencies: ["heed"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
