import Foundation
import TestSupport

/// Folders the scheme tests read: the project's rubrics and their own fixtures.
enum Paths {
    static let root = RepositoryPaths.root
    static let isi = RepositoryPaths.isiRubric
    static let isiOverlays = isi.appendingPathComponent("overlays")
    static let spec = RepositoryPaths.spec
    static var specAvailable: Bool { RepositoryPaths.specAvailable }
    static let fixtures = RepositoryPaths.fixtures(of: "SchemeTests")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }
}
