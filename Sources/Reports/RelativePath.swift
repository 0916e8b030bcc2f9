import Foundation

/// Paths in reports that do not depend on where a machine keeps its files.
enum RelativePath {
    /// `path` relative to the folder `base` (both absolute): `overlays/x.yaml`,
    /// or `../body/x.yaml` for a file beside the folder.
    static func of(_ path: String, from base: String) -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let origin = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, origin.count), target[common] == origin[common] { common += 1 }
        let ups = Array(repeating: "..", count: origin.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }
}
