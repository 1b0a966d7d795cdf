// swift-tools-version:6.1
// preflexor: a knowledge-graph database service for scientific literature (PRefLexOR).
//
// Module plan: ../shared/docs/architecture.md. Data flows one way:
//   JATS -> Text -> Embedding -> Graph -> Store -> Ingest -> CLI / Service
// The core modules (JATS, Text, Tensors, Embedding, Graph, LM, Training) know nothing
// of PostgreSQL or HTTP and are tested without a server.
//
// Set PREFLEXOR_CORE_ONLY=1 to build and test only the core modules: no PostgreSQL,
// no SwiftNIO, a build of seconds instead of minutes (the fast inner loop for parser
// and numerics work). CI and the README always build everything.
import PackageDescription

let coreOnly = Context.environment["PREFLEXOR_CORE_ONLY"] == "1"

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

var targets: [Target] = [
    // System libraries (recipes.md).
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

    // Core, database-free modules.
    .target(name: "JATS", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),
    .target(name: "Text", swiftSettings: swiftSettings),
    .target(name: "Tensors", dependencies: ["CBLAS"], swiftSettings: swiftSettings),
    .target(name: "Embedding", dependencies: ["Tensors", "CBLAS"], swiftSettings: swiftSettings),
    .target(name: "Graph", dependencies: ["Text"], resources: [.copy("Resources")], swiftSettings: swiftSettings),
    .target(name: "LM", dependencies: ["Tensors", "CBLAS"], swiftSettings: swiftSettings),
    .target(name: "Training", dependencies: ["LM", "Tensors", "CBLAS"], swiftSettings: swiftSettings),
    .executableTarget(name: "bench-parse", dependencies: ["JATS", "Text"], path: "Benchmarks/ParseBench", swiftSettings: swiftSettings),
    // JATS article -> chunker input, shared by Ingest and the core benchmarks.
    .target(name: "ArticleText", dependencies: ["JATS", "Text"], swiftSettings: swiftSettings),
    // Graph extraction quality and speed over JATS folders (dev-set scoring, typed-edge dumps).
    .executableTarget(name: "bench-graph-eval", dependencies: ["ArticleText", "Graph", "JATS", "Text"], path: "Benchmarks/GraphEval", swiftSettings: swiftSettings),

    // Release benchmark of KV-cache generation (scripts/bench-generate).
    .executableTarget(name: "bench-lm", dependencies: ["LM", "Tensors"], path: "Benchmarks/LMBench", swiftSettings: swiftSettings),

    // Shared test support for the core modules (fixture paths, ../shared/jats, numeric checks).
    .target(name: "PreflexorTesting", path: "Tests/PreflexorTesting", swiftSettings: swiftSettings),

    .testTarget(name: "JATSTests", dependencies: ["JATS", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "TextTests", dependencies: ["Text", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Tensors", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "GraphTests", dependencies: ["Graph", "Text", "JATS", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "LMTests", dependencies: ["LM", "Tensors", "PreflexorTesting"], swiftSettings: swiftSettings),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "LM", "Tensors", "PreflexorTesting"], swiftSettings: swiftSettings),
    // The QA development set (Tests/Fixtures/QA/devset.jsonl) checked against the parsed corpus.
    .testTarget(name: "QATests", dependencies: ["JATS", "Text", "PreflexorTesting"], swiftSettings: swiftSettings),

    // Benchmark drivers (release builds, run by scripts/bench-*).
    .executableTarget(name: "bench-tokenizer", dependencies: ["LM"], path: "Benchmarks/TokenizerBench", swiftSettings: swiftSettings),
    .executableTarget(name: "bench-embed", dependencies: ["Embedding", "Tensors"], path: "Benchmarks/EmbedBench", swiftSettings: swiftSettings),
    .executableTarget(name: "bench-train", dependencies: ["Training", "LM", "Tensors"], path: "Benchmarks/TrainBench", swiftSettings: swiftSettings),
]

var dependencies: [Package.Dependency] = []
var products: [Product] = []

if !coreOnly {
    dependencies += [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // The HTTP service (issue 14). Hummingbird's default ConfigurationSupport trait is left
        // off: the service takes its settings from the CLI, not swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Outgoing HTTP to OpenAI-compatible servers (the LLM extractor, generator and teacher).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ]
    products += [.executable(name: "preflexor", targets: ["preflexor"])]
    targets += [
        .target(
            name: "Store",
            dependencies: [
                "JATS", "Text", "Graph",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Client for OpenAI-compatible chat endpoints (the LLM extractor, generator and
        // question teacher), on async-http-client.
        .target(
            name: "OpenAICompatible",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Ingest",
            dependencies: [
                "JATS", "Text", "ArticleText", "Embedding", "Graph", "Store", "OpenAICompatible",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Retrieval", dependencies: ["Store", "Embedding", "Graph", "Text", .product(name: "Metrics", package: "swift-metrics")],
                swiftSettings: swiftSettings),
        // The ingestion daemon (inbox, job queue, workers); depends on Ingest, never the reverse.
        .target(
            name: "Daemon",
            dependencies: [
                "Ingest", "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Graph-grounded answering: generators (embedded, OpenAI-compatible), critic, reflection, refusal.
        .target(name: "Reasoning", dependencies: ["Retrieval", "Store", "Embedding", "Graph", "Text", "OpenAICompatible"], swiftSettings: swiftSettings),
        // The HTTP service: REST under /v1, OpenAI-compatible chat, API keys, metrics. Routes call
        // the same library functions as the CLI commands.
        .target(
            name: "Service",
            dependencies: [
                "Store", "Ingest", "Daemon", "Retrieval", "Reasoning", "Loop", "Training", "Embedding", "Graph", "JATS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PRefLexOR loop's data (issue 12): questions from the graph, preference pairs with
        // provenance, their export; stored through Store, answered through Reasoning.
        .target(name: "Loop", dependencies: ["Store", "Retrieval", "Reasoning", "Embedding", "Text", "LM", "Training", "OpenAICompatible"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "preflexor",
            dependencies: [
                "Service", "Store", "Ingest", "Daemon", "OpenAICompatible", "Retrieval", "Reasoning", "Loop", "JATS", "Text", "Tensors", "Embedding", "Graph", "LM", "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support that needs a live PostgreSQL (one private server per test run).
        .target(
            name: "StoreTesting",
            dependencies: ["Store", "PreflexorTesting", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/StoreTesting", swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "StoreTesting", "PreflexorTesting", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "Store", "Retrieval", "Embedding", "StoreTesting", "PreflexorTesting", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        // A scripted HTTP(S) server on loopback: the stand-in OpenAI-compatible endpoint of tests.
        .target(
            name: "LoopbackTesting",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/LoopbackTesting", swiftSettings: swiftSettings),
        // The LLM extractor against a loopback HTTP server (client errors, cache, ingest).
        .testTarget(
            name: "LLMTests",
            dependencies: [
                "OpenAICompatible", "Ingest", "Store", "Graph", "StoreTesting", "PreflexorTesting", "LoopbackTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RetrievalTests",
            dependencies: ["Retrieval", "Ingest", "Store", "Embedding", "StoreTesting", "PreflexorTesting", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        // The daemon as processes (two at once, SIGKILL and restart, bad input) and in-process (lag).
        .testTarget(
            name: "DaemonTests",
            dependencies: ["preflexor", "Daemon", "Ingest", "Store", "StoreTesting", "PreflexorTesting",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReasoningTests",
            dependencies: [
                "Reasoning", "Retrieval", "Ingest", "Store", "Embedding", "OpenAICompatible", "StoreTesting", "PreflexorTesting", "LoopbackTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        // The service against a live server on loopback and a real PostgreSQL.
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Store", "Ingest", "StoreTesting", "PreflexorTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LoopTests",
            dependencies: ["Loop", "Reasoning", "Retrieval", "Ingest", "Store", "Embedding", "LM", "Training", "OpenAICompatible",
                           "StoreTesting", "PreflexorTesting", "LoopbackTesting",
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings),
        .testTarget(name: "CLITests", dependencies: ["preflexor", "StoreTesting", "PreflexorTesting"], swiftSettings: swiftSettings),
    ]
}

let package = Package(
    name: "preflexor",
    platforms: [.macOS(.v14)],
    products: products,
    dependencies: dependencies,
    targets: targets
)
