import Engine
import Evidence
import Foundation
import Scheme
import Scoring
import TestSupport
import Testing

/// Issue 15's property: replacing any one document by a placeholder never
/// raises any leaf's score. Checked on the level-3 sample (the one with room
/// both ways), for a deterministic spread of its Markdown documents: every
/// seventh in manifest order, so that each run checks the same dozen or so
/// across the document types.
@Suite struct PlaceholderPropertyTests {
    static let sample = RepositoryPaths.isiSamples.appendingPathComponent("qiheng-level3")

    /// The Markdown documents of the sample's manifest, as (id, title, path), in order.
    static func markdownDocuments(of bundle: EvidenceBundle) -> [(id: String, title: String, path: String)] {
        bundle.manifest.documents.filter { $0.path.hasSuffix(".md") }.map { ($0.id, $0.title, $0.path) }
    }

    /// Each leaf's points, by id.
    static func points(_ assessment: Assessment) -> [LeafID: Points] {
        var points: [LeafID: Points] = [:]
        for leaf in assessment.leaves { points[leaf.id] = leaf.points ?? .zero }
        return points
    }

    @Test func aPlaceholderNeverRaisesALeaf() throws {
        try withinTestTimeLimit(600) {
            let assessor = try Assessor(rubric: try RubricLoader.load(directory: RepositoryPaths.isiRubric))
            let original = try assessor.openBundle(Self.sample)
            let baseline = Self.points(assessor.assess(bundle: original))
            let chosen = Self.markdownDocuments(of: original).enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
            #expect(chosen.count >= 10)
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("placeholder-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: Self.sample, to: copy)
            defer { try? FileManager.default.removeItem(at: copy) }
            for document in chosen {
                let file = copy.appendingPathComponent(document.path)
                let kept = try Data(contentsOf: file)
                try Data("# \(document.title)\n\n待编写\n".utf8).write(to: file)
                let points = Self.points(assessor.assess(bundle: try assessor.openBundle(copy)))
                for (leaf, before) in baseline {
                    let after = points[leaf] ?? .zero
                    #expect(
                        after <= before, "\(document.id) as a placeholder raises \(leaf) from \(before) to \(after)")
                }
                try kept.write(to: file)
            }
        }
    }

    /// The level-1 sample with every document replaced by its title and 待编写
    /// (the manifest and the record tables unchanged) earns no grade: each part
    /// falls below 60, where it used to keep part 4 at 82.29.
    @Test func placeholdersEverywhereEarnNoGrade() throws {
        try withinTestTimeLimit(300) {
            let sample = RepositoryPaths.isiSamples.appendingPathComponent("huaxin-level1")
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("hollow-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: sample, to: copy)
            defer { try? FileManager.default.removeItem(at: copy) }
            let assessor = try Assessor(rubric: try RubricLoader.load(directory: RepositoryPaths.isiRubric))
            let manifestURL = copy.appendingPathComponent("bundle.yaml")
            var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
            for document in try assessor.openBundle(sample).manifest.documents {
                var path = document.path
                if path.hasSuffix(".docx") {
                    let markdown = String(path.dropLast(".docx".count)) + ".md"
                    manifest = manifest.replacingOccurrences(of: "path: \(path)", with: "path: \(markdown)")
                    path = markdown
                }
                try Data("# \(document.title)\n\n待编写\n".utf8).write(to: copy.appendingPathComponent(path))
            }
            try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
            let card = assessor.assess(bundle: try assessor.openBundle(copy)).scorecard
            #expect(card.grade == nil)
            for part in card.parts {
                #expect(part.points < 60, "part \(part.id) keeps \(part.points)")
            }
        }
    }
}
