// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "rubric",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rubric", targets: ["rubric"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "YAMLSupport", targets: ["YAMLSupport"]),
        .library(name: "Scheme", targets: ["Scheme"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Evidence", targets: ["Evidence"]),
        .library(name: "RuleAPI", targets: ["RuleAPI"]),
        .library(name: "Overrides", targets: ["Overrides"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Application", targets: ["Application"]),
        .library(name: "RuleTesting", targets: ["RuleTesting"]),
        .library(name: "Authoring", targets: ["Authoring"]),
        .library(name: "Archive", targets: ["Archive"]),
        .library(name: "Signing", targets: ["Signing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev), with a shim for the macros.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // What must be C: the counting allocator, the hook, the trampoline for
        // Swift-implemented functions, the sandboxed libraries, the pattern matcher.
        .target(name: "CLuaSupport", dependencies: ["CLua"]),
        // zlib from the system (Debian: zlib1g-dev), for the archive's compressed reports
        // (not named CZlib: ZIPFoundation declares a module of that name on Linux).
        .systemLibrary(
            name: "SystemZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Finding and SourceLocation: the one currency of problems.
        .target(name: "Diagnostics"),
        // The one YAML toolkit: the node reader with located findings, the fields of a
        // mapping checked against a format, and the guard that refuses anchors, aliases,
        // merge keys and tags before Yams sees a text.
        .target(
            name: "YAMLSupport",
            dependencies: ["Diagnostics", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "YAMLSupportTests",
            dependencies: [
                "TestSupport", "YAMLSupport", "Diagnostics",
            ]),
        // The only Swift module that touches the Lua C API.
        .target(name: "LuaHost", dependencies: ["CLua", "CLuaSupport"]),
        .executableTarget(
            name: "rubric",
            dependencies: [
                "Application", "Reports", "Evidence", "Scheme", "Diagnostics", "LuaHost", "RuleTesting", "Authoring",
                "Archive",
                "Signing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LuaHostTests",
            dependencies: [
                "TestSupport", "LuaHost",
            ]),
        // The rubric model, its YAML loader and validator, and overlays.
        .target(
            name: "Scheme",
            dependencies: [
                "Diagnostics", "YAMLSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The leaf result and the auditor override, and the exact aggregation of leaf
        // results into points and grades: pure, no I/O, no Lua.
        .target(name: "Scoring", dependencies: ["Scheme", "Evidence", "Diagnostics"]),
        .testTarget(
            name: "SchemeTests",
            dependencies: [
                "TestSupport", "Scheme", "Diagnostics",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: [
                "TestSupport",
                "Scoring",
                "Scheme",
                "Evidence",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The value types of evidence: dates, date-times, exact decimals, credit codes.
        .target(name: "EvidenceValues"),
        .testTarget(
            name: "EvidenceValuesTests",
            dependencies: [
                "TestSupport", "EvidenceValues",
            ]),
        // The format readers: OOXML (.docx), PDF, Markdown and text, CSV, text
        // encodings, file bytes. All the raw-pointer code of the evidence reading is here.
        .target(
            name: "EvidenceFormats",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "EvidenceFormatsTests",
            dependencies: [
                "TestSupport",
                "EvidenceFormats",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // The evidence bundle (opening, zip, paths, manifest, prefetch), its reader
        // with the caches, and the read-only view that rules get.
        .target(
            name: "Evidence",
            dependencies: [
                "EvidenceValues",
                "EvidenceFormats",
                "Diagnostics",
                "YAMLSupport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The Lua binding of the evidence API: the globals `ev`, `dates` and `findings`.
        .target(name: "RuleAPI", dependencies: ["LuaHost", "Evidence", "Scheme", "Diagnostics"]),
        .testTarget(
            name: "RuleAPITests",
            dependencies: [
                "TestSupport", "RuleAPI", "LuaHost", "Evidence", "Scheme", "Diagnostics",
            ]),
        .testTarget(
            name: "EvidenceTests",
            dependencies: [
                "TestSupport",
                "Evidence",
                "EvidenceFormats",
                "Diagnostics",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // The tests find the fixtures next to their sources (#filePath).
            exclude: ["Fixtures", "make-fixtures.py", "Workbooks/make_workbooks.py"]
        ),
        // The auditor's overrides file (docs/overrides.md): its reader and the set it gives,
        // checked against the rubric and the assessment date before any rule runs.
        .target(
            name: "Overrides",
            dependencies: [
                "Scheme", "Scoring", "Evidence", "Diagnostics", "YAMLSupport",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The engine core: every leaf's rule in its own sandboxed state, overrides applied,
        // aggregated by Scoring.
        .target(
            name: "Engine",
            dependencies: ["LuaHost", "Scheme", "Scoring", "Evidence", "RuleAPI", "Diagnostics", "Overrides"]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "TestSupport", "Engine", "LuaHost", "Scheme", "Scoring", "Evidence", "RuleAPI", "Diagnostics",
                "Overrides",
            ],
            exclude: ["Fixtures"]
        ),
        // The renderers of an assessment's report: JSON, Markdown, HTML, table.
        .target(
            name: "Reports",
            dependencies: [
                "Engine", "Scoring", "Scheme", "Evidence", "Diagnostics",
                "Signing", "JUnitXML",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Signed reports (docs/signing.md): Ed25519 keys and their files, the
        // canonical JSON of a report, and the signature's making and checking.
        .target(name: "Signing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SigningTests", dependencies: ["TestSupport", "Signing"]),
        // The one JUnit XML writer, for `rubric test` and `rubric assess --format junit`.
        .target(name: "JUnitXML"),
        // The application: the runs behind `rubric assess` and `rubric batch`, their
        // shared preparation, the batch summary and the atomic writing of reports.
        .target(
            name: "Application",
            dependencies: [
                "Engine", "Overrides", "Reports", "Scheme", "Evidence", "Scoring", "Diagnostics",
                "Signing",
            ]
        ),
        .testTarget(
            name: "ApplicationTests",
            dependencies: [
                "TestSupport", "Application", "Reports", "Evidence",
                "Signing",
            ]
        ),
        // The assessment archive: every assessment in an append-only SQLite store (GRDB),
        // with a hash chain; and what reads it: diff, history, impact against a baseline.
        .target(
            name: "Archive",
            dependencies: [
                "Reports", "Scheme", "Diagnostics", "SystemZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ArchiveTests",
            dependencies: [
                "TestSupport", "Archive", "Application", "Reports",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "TestSupport", "Reports", "Engine", "Overrides", "Scoring", "Scheme", "Evidence", "Diagnostics",
            ],
            exclude: ["Golden"]
        ),
        // Rule tests (`rubric test`).
        .target(
            name: "RuleTesting",
            dependencies: [
                "Engine", "Scoring", "Scheme", "Evidence", "Diagnostics", "YAMLSupport", "LuaHost",
                "JUnitXML",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "RuleTestingTests",
            dependencies: [
                "TestSupport", "RuleTesting", "Engine", "Scheme", "Evidence", "Diagnostics", "LuaHost",
            ]
        ),
        // Tools for rubric authors: lint (validation, rule compilation, test coverage), explain,
        // and the scaffold of `rubric new indicator`.
        .target(
            name: "Authoring",
            dependencies: [
                "Scheme", "LuaHost", "Diagnostics", "RuleTesting", "Engine", "RuleAPI", "Evidence", "Scoring",
            ]),
        .testTarget(
            name: "AuthoringTests",
            dependencies: [
                "TestSupport", "Authoring", "Scheme", "Diagnostics", "RuleTesting",
            ]),
        // The benchmarks (Scripts/bench), out of the product's way: one executable, a
        // subcommand per suite (lua-host, evidence, assess).
        .executableTarget(
            name: "rubric-bench",
            dependencies: [
                "LuaHost", "Evidence", "RuleAPI", "Engine", "Scheme", "Archive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/RubricBench"
        ),
        // What every test target shares: the repository's paths and fixtures, and a time
        // limit that stops a runaway test (Swift Testing's own cannot stop a synchronous loop).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Runs the built `rubric` binary (see AssessCommandTests.swift for how it is found).
        .testTarget(
            name: "rubricTests",
            dependencies: [
                "TestSupport", "rubric",
            ], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
