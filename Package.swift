// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "gctrap",
    products: [
        .executable(name: "gctrap", targets: ["gctrap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure core: lexer, parser, compiler, VM, heap, collector, modules. No terminal, no file I/O.
        .target(name: "GCTrapCore", swiftSettings: [
            // The VM is one value type mutated in place; dynamic exclusivity checks on every
            // access cost ~5% and find nothing the static checks do not.
            .unsafeFlags(["-enforce-exclusivity=unchecked"]),
        ]),
        // App model, update and view: renders into a cell grid. No terminal.
        .target(name: "GCTrapUI", dependencies: ["GCTrapCore"]),
        .systemLibrary(name: "CNCursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        // The only module that touches ncurses.
        .target(name: "GCTrapTerminal", dependencies: ["CNCursesw", "GCTrapUI"]),
        // Running programs and finding CPython interpreters: `gctrap verify` and the tests.
        .target(name: "GCTrapHost"),
        // Recorded sessions: format, recording, playback with seeking, export. No terminal.
        .target(name: "GCTrapSession", dependencies: ["GCTrapCore", "GCTrapUI"]),
        // Workshop lessons: goals, checks, the lesson screen, progress. No terminal.
        .target(name: "GCTrapWorkshop", dependencies: ["GCTrapCore", "GCTrapUI", "GCTrapSession"]),
        .executableTarget(name: "gctrap", dependencies: [
            "GCTrapCore", "GCTrapUI", "GCTrapTerminal", "GCTrapSession", "GCTrapWorkshop", "GCTrapHost",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Seeded generators of hostile scenarios and sessions (issue 12): the suite's fuzz
        // sample and scripts/fuzz use them.
        .target(name: "GCTrapFuzz", dependencies: ["GCTrapCore", "GCTrapSession", "GCTrapUI"]),
        // Runs gctrap on generated inputs, keeps and minimizes the failures (scripts/fuzz).
        .executableTarget(name: "gctrap-fuzz", dependencies: ["GCTrapCore", "GCTrapFuzz", "GCTrapHost"]),
        // Benchmarks for the README's figures (scripts/bench).
        .executableTarget(name: "gctrap-bench", dependencies: ["GCTrapCore", "GCTrapUI", "GCTrapHost"]),
        .testTarget(name: "GCTrapCoreTests", dependencies: ["GCTrapCore", "GCTrapHost"]),
        .testTarget(name: "GCTrapUITests", dependencies: ["GCTrapUI", "GCTrapCore"], exclude: ["Goldens"]),
        .testTarget(name: "GCTrapSessionTests", dependencies: ["GCTrapSession", "GCTrapUI", "GCTrapCore", "GCTrapHost"]),
        .testTarget(name: "GCTrapWorkshopTests", dependencies: ["GCTrapWorkshop", "GCTrapSession", "GCTrapUI", "GCTrapCore"], exclude: ["Goldens"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GCTrapCore", "GCTrapHost", "GCTrapFuzz"]),
    ]
)
