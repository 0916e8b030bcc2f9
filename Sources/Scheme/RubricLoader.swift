import Crypto
import Diagnostics
import Foundation
import YAMLSupport

/// Loads a rubric folder (`rubric.yaml`, `rules/`) and applies overlays in order,
/// validating the base and the result of each overlay alike.
///
///     let loaded = try RubricLoader.load(directory: rubricFolder, overlays: [overlayFile])
///     for leaf in loaded.leaves { … }
public enum RubricLoader {
    /// The name of the rubric file inside a rubric folder.
    public static let rubricFileName = "rubric.yaml"

    /// Loads and validates; throws `FindingsError` with every finding (errors and
    /// warnings) when any error is found. Warnings of a successful load are in
    /// `LoadedRubric.findings`.
    public static func load(directory: URL, overlays: [URL] = []) throws -> LoadedRubric {
        let (loaded, findings) = inspect(directory: directory, overlays: overlays)
        guard let loaded, !findings.hasErrors else { throw FindingsError(findings) }
        return loaded
    }

    /// Every finding (errors, warnings, notes) for a rubric folder and overlays, without throwing.
    public static func validate(directory: URL, overlays: [URL] = []) -> [Finding] {
        inspect(directory: directory, overlays: overlays).findings
    }

    /// The loaded rubric (when it could be read at all, even with errors) and every finding.
    public static func inspect(directory: URL, overlays: [URL] = []) -> (rubric: LoadedRubric?, findings: [Finding]) {
        var findings = FindingList()
        let directory = directory.standardizedFileURL
        let file = directory.appendingPathComponent(rubricFileName)
        guard let (text, sha256) = read(file, into: &findings) else { return (nil, findings.all) }
        // The rubric is its authors' own file: YAML's anchors and the like are
        // left to them. An overlay may come from elsewhere (a certification body),
        // so it gets the guard that the bundle manifest and the overrides file get.
        let reader = YAMLReader(file: file.path)
        let parsed = reader.compose(text, refusing: false)
            .flatMap { RubricParser(reader: reader, directory: directory).rubric($0) }
        findings.append(reader.findings)
        guard var rubric = parsed else { return (nil, findings.all) }
        // Each stage is validated alike; unreferenced rule files are looked for once, at
        // the end, against the rules that any stage referenced.
        var referencedRules = Set(rubric.leaves.compactMap(\.rule?.url))
        findings.append(RubricValidator.validate(rubric, directory: nil))

        var applied: [AppliedOverlay] = []
        for overlay in overlays.map(\.standardizedFileURL) {
            guard let (text, sha256) = read(overlay, into: &findings) else { continue }
            let reader = YAMLReader(file: overlay.path)
            var changed = rubric
            let header = reader.compose(text, refusing: true).flatMap {
                OverlayApplier(reader: reader, directory: overlay.deletingLastPathComponent()).apply($0, to: &changed)
            }
            findings.append(reader.findings)
            guard let header else { continue }
            rubric = changed
            applied.append(
                AppliedOverlay(
                    id: header.id, title: header.title, description: header.description,
                    path: overlay.path, sha256: sha256))
            referencedRules.formUnion(rubric.leaves.compactMap(\.rule?.url))
            findings.append(RubricValidator.validate(rubric, directory: nil))
        }
        findings.append(RubricValidator.unreferencedRules(in: directory, referenced: referencedRules))
        let loaded = LoadedRubric(
            rubric: rubric, directory: directory, file: file, sha256: sha256,
            overlays: applied, findings: findings.all.filter { $0.severity != .error })
        return (loaded, findings.all)
    }

    /// The SHA-256 of some bytes, in lowercase hexadecimal.
    public static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func read(_ file: URL, into findings: inout FindingList) -> (String, String)? {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            findings.append([
                Finding(
                    .error, code: FindingCode.unreadable, message: "cannot read the file",
                    location: SourceLocation(file: file.path))
            ])
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            findings.append([
                Finding(
                    .error, code: FindingCode.unreadable, message: "the file is not UTF-8 text",
                    location: SourceLocation(file: file.path))
            ])
            return nil
        }
        return (text, sha256(of: data))
    }
}

/// Findings in the order found, without repeats (a problem of the base that survives
/// an overlay is found again when the result is validated).
private struct FindingList {
    private(set) var all: [Finding] = []
    private var seen: Set<Finding> = []

    mutating func append(_ findings: [Finding]) {
        for finding in findings where seen.insert(finding).inserted {
            all.append(finding)
        }
    }
}
