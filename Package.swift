// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: files → ParleySnapshot / ParleyGraphML (read) → ParleyCore (typed store)
// → ParleyQuery / ParleyDiff / ParleyExport → ParleyCLI. ParleySchema validates on top of the store.
// ParleyIO loads and saves every format; ParleyDiff reads its two sides through it (DiffInput),
// leaving out the relation records two JSON snapshots share.
let package = Package(
    name: "Parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["ParleyCLI"]),
        .library(name: "Parley", targets: ["ParleyIO", "ParleyQuery", "ParleyDiff", "ParleyAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The typed graph store: values, entities, relations, citations, indexes, diagnostics.
        .target(name: "ParleyCore"),
        // The negotiation schema (read at run time from schema/*.yaml) and validation on top of the store.
        .target(name: "ParleySchema", dependencies: ["ParleyCore", "Yams"]),
        // Snapshot files (YAML and JSON): reader with source positions, canonical writer.
        .target(name: "ParleySnapshot", dependencies: ["ParleyCore", "Yams"]),
        // libxml2, used only by ParleyGraphML.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // GraphML read and written with libxml2's streaming reader and text writer.
        .target(name: "ParleyGraphML", dependencies: ["ParleyCore", "CLibXML2"]),
        // Writers for other tools: DOT, node-link JSON, Cypher scripts, Neo4j CSV.
        .target(name: "ParleyExport", dependencies: ["ParleyCore", "ParleySchema"]),
        // One entry point to load and save a graph in any format Parley knows.
        .target(name: "ParleyIO", dependencies: ["ParleyCore", "ParleySchema", "ParleySnapshot", "ParleyGraphML", "ParleyExport"]),
        // openCypher subset: Lexer → Parser → AST → Binder → Planner → Executor.
        .target(name: "ParleyQuery", dependencies: ["ParleyCore", "ParleySchema"]),
        // Snapshot A vs B: changes, stance shifts, patches.
        .target(name: "ParleyDiff", dependencies: ["ParleyCore", "ParleySchema", "ParleySnapshot", "ParleyExport", "ParleyIO"]),
        // Analyst questions (positions, contested, path, ...) as openCypher queries.
        .target(name: "ParleyAnalysis", dependencies: ["ParleyCore", "ParleySchema", "ParleyQuery"]),
        // The `parley` command: thin subcommands over the libraries.
        .executableTarget(
            name: "ParleyCLI",
            dependencies: [
                "ParleyCore", "ParleySchema", "ParleySnapshot", "ParleyGraphML", "ParleyExport",
                "ParleyIO", "ParleyQuery", "ParleyDiff", "ParleyAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The openCypher TCK runner (tools/tck): prints passed / failed / skipped per folder.
        .executableTarget(
            name: "parley-tck", dependencies: ["ParleyQuery"], path: "tools/tck",
            exclude: ["expected-passing.txt", "FAILING.md"]),
        // Query benchmark driver (tools/bench-query): times queries on a loaded graph.
        .executableTarget(
            name: "parley-bench-query", dependencies: ["ParleyQuery", "ParleyIO"], path: "tools/bench-query",
            exclude: ["bench.py", "queries.json", "README.md"]),

        // Fuzz targets (tools/fuzz builds them with libFuzzer); a plain build replays inputs.
        .executableTarget(
            name: "parley-fuzz", dependencies: ["ParleyCore", "ParleyIO", "ParleyQuery", "ParleySchema"],
            path: "tools/fuzz-targets", exclude: ["dictionaries", "extract-queries.py", "seeds"]),

        // Shared fixtures and helpers for every test target.
        .target(name: "ParleyTestSupport", dependencies: ["ParleyCore", "ParleyIO"], path: "Tests/ParleyTestSupport"),
        .testTarget(name: "ParleyCoreTests", dependencies: [
            "ParleyCore", "ParleyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ParleySnapshotTests", dependencies: [
            "ParleySnapshot", "ParleyIO", "ParleyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ParleySchemaTests", dependencies: ["ParleySchema", "ParleyIO", "ParleyTestSupport"]),
        .testTarget(name: "DatasetTests", dependencies: ["ParleyIO", "ParleySchema", "ParleyQuery", "ParleyTestSupport"]),
        .testTarget(name: "ParleyQueryTests", dependencies: ["ParleyQuery", "ParleyIO", "ParleyTestSupport"]),
        .testTarget(name: "ParleyFormatsTests", dependencies: [
            "ParleyGraphML", "ParleyExport", "ParleyIO", "ParleyTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ParleyDiffTests", dependencies: [
            "ParleyDiff", "ParleyIO", "ParleyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ParleyAnalysisTests", dependencies: ["ParleyAnalysis", "ParleyIO", "ParleyTestSupport"]),
        // Runs the built `parley` binary as a user would; depends on it so that it is built first.
        .testTarget(name: "ParleyCLITests", dependencies: ["ParleyCLI", "ParleyTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
