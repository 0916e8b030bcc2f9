import Diagnostics
import Foundation

/// What ``BundleOpener`` found: where the bundle is, its checked manifest,
/// every file it refers to with its SHA-256, where each file that exists lies
/// on disk, and the bytes of the files kept from hashing to parsing.
struct OpenedBundle {
    /// The folder or `.zip` that was opened.
    var source: URL
    /// The bundle root on disk (inside the temporary folder for a `.zip`).
    var root: URL
    var isZip: Bool
    /// Lowercase hex SHA-256 of the `.zip`; nil for a folder.
    var sourceSHA256: String?
    var manifest: BundleManifest
    /// Warnings and notes from opening: manifest warnings, missing files.
    var findings: [Finding]
    /// The manifest, then every document and record file, in manifest order, with SHA-256.
    var files: [BundleFile]
    var options: BundleOptions
    /// How findings name a file of the bundle: the folder path, or `bundle.zip!/` and the path.
    var displayPrefix: String
    /// Files that exist, by manifest path.
    var resolved: [String: URL]
    /// Files read when the bundle was opened, to be parsed without reading them again, by manifest path.
    var kept: [String: [UInt8]]
    /// The regular files of the bundle folder that the manifest does not list
    /// (hidden files aside), in byte order of their paths.
    var unlistedFiles: [String]
    /// The temporary folder a `.zip` was unpacked into; its owner removes it.
    var temporaryFolder: URL?
}
