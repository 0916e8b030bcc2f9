import Foundation

/// The bundles of a batch, in input order, kept compactly (one path each) so
/// that even a long list costs little memory.
///
/// ```swift
/// let bundles = try BatchBundleList(arguments: ["audits/2026/", "late/acme.zip"])
/// let first = bundles[0]  // BatchBundle(name: "audits/2026/alpha", reportName: "alpha")
/// ```
public struct BatchBundleList: Sendable, Hashable {
    /// Every bundle's path, as ``BatchBundle/name``.
    public let paths: [String]
    /// Report names made unique (`acme-2`), by index; the others are their base name.
    private let renamed: [Int: String]

    /// The bundles named by command-line `arguments`, in order. An argument is a
    /// bundle (a folder with `bundle.yaml`, or a `.zip`) or a folder of bundles:
    /// its sub-folders with a `bundle.yaml` and its `.zip` files, sorted by name
    /// (hidden entries skipped). Throws for an argument that does not exist, is
    /// not a bundle, or is a folder without bundles.
    public init(arguments: [String]) throws(RunFailure) {
        let fileManager = FileManager.default
        var paths: [String] = []
        for argument in arguments {
            let url = URL(fileURLWithPath: argument)
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw RunFailure("\(argument): no such bundle or folder")
            }
            if Self.isBundle(url) {
                paths.append(argument)
                continue
            }
            guard isFolder.boolValue else {
                throw RunFailure("\(argument): not a bundle (a folder with bundle.yaml, or a .zip)")
            }
            let names = (try? fileManager.contentsOfDirectory(atPath: url.path)) ?? []
            let prefix = argument.hasSuffix("/") ? argument : argument + "/"
            let inside = names.sorted().filter { !$0.hasPrefix(".") && Self.isBundle(url.appendingPathComponent($0)) }
            guard !inside.isEmpty else {
                throw RunFailure("\(argument): no bundles in this folder (folders with bundle.yaml, or .zip files)")
            }
            paths += inside.map { prefix + $0 }
        }
        self.paths = paths
        renamed = Self.uniqueReportNames(paths)
    }

    /// How many bundles there are.
    public var count: Int { paths.count }

    /// The bundle at `index` (input order).
    public subscript(index: Int) -> BatchBundle {
        BatchBundle(name: paths[index], reportName: renamed[index] ?? BatchBundle.baseReportName(of: paths[index]))
    }

    /// The report names that must change to stay unique: a base name met again
    /// gets `-2`, `-3`... (skipping names already taken), in input order.
    static func uniqueReportNames(_ paths: [String]) -> [Int: String] {
        var used: Set<String> = []
        var renamed: [Int: String] = [:]
        for (index, path) in paths.enumerated() {
            let base = BatchBundle.baseReportName(of: path)
            var name = base
            var suffix = 1
            while used.contains(name) {
                suffix += 1
                name = "\(base)-\(suffix)"
            }
            used.insert(name)
            if name != base { renamed[index] = name }
        }
        return renamed
    }

    /// A `.zip` file, or a folder holding `bundle.yaml`.
    static func isBundle(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return false }
        if isFolder.boolValue {
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("bundle.yaml").path)
        }
        return url.pathExtension.lowercased() == "zip"
    }
}
