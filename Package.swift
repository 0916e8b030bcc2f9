// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "rubric",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rubric", targets: ["rubric"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        // Finding and SourceLocation: the one currency of problems.
        .target(name: "Diagnostics"),
        // The only Swift module that touches the Lua C API.
        .target(name: "LuaHost", dependencies: ["CLua", "CLuaSupport"]),
        .executableTarget(
            name: "rubric",
            dependencies: [
                "LuaHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"]),
    ],
    swiftLanguageModes: [.v6]
)
