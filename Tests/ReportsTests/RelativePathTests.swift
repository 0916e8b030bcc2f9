import Testing

@testable import Reports

@Suite("Paths in reports")
struct RelativePathTests {
    @Test func overlayPathsAreRelativeToTheRubric() {
        #expect(RelativePath.of("/a/rubric/overlays/x.yaml", from: "/a/rubric") == "overlays/x.yaml")
        #expect(RelativePath.of("/a/body/x.yaml", from: "/a/rubric") == "../body/x.yaml")
        #expect(RelativePath.of("/a/rubric/./overlays/../x.yaml", from: "/a/rubric/") == "x.yaml")
    }
}
