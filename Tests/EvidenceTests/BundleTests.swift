import Crypto
import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("Bundles: opening, safety, digests")
struct BundleTests {
    func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    func codes(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as FindingsError {
            return error.findings.filter { $0.severity == .error }.map(\.code)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @Test func aFolderOpensWithDigestsOfEveryFile() throws {
        let bundle = try Fixtures.openBasic()
        #expect(!bundle.isZip)
        #expect(bundle.sourceSHA256 == nil)
        #expect(bundle.files.count == 1 + 7 + 3)
        #expect(bundle.files[0].role == .manifest)
        #expect(bundle.files[0].sha256 == (try sha256(Fixtures.url("basic/bundle.yaml"))))
        let plan = try #require(bundle.file(forDocument: "D01"))
        #expect(plan.sha256 == (try sha256(Fixtures.url("basic/docs/plan.md"))))
        #expect(plan.size == Int64(try Data(contentsOf: Fixtures.url("basic/docs/plan.md")).count))
        #expect(bundle.file(forRecords: "tickets")?.exists == true)
        // D07's file is missing: a warning that names the manifest line, and no digest.
        let missing = try #require(bundle.file(forDocument: "D07"))
        #expect(!missing.exists && missing.sha256 == nil)
        #expect(bundle.findings.map(\.code) == ["file-missing"])
        #expect(bundle.findings[0].severity == .warning)
        #expect(bundle.findings[0].location?.line == 65)
        #expect(bundle.findings[0].location?.file.hasSuffix("basic/bundle.yaml") == true)
    }

    @Test func theBundleYamlPathOpensItsFolder() throws {
        let bundle = try EvidenceBundle.open(Fixtures.url("basic/bundle.yaml"), options: Fixtures.options)
        #expect(bundle.manifest.projects.count == 2)
    }

    @Test func aZipOpensLikeTheFolderAndCleansUp() throws {
        let bundle = try EvidenceBundle.open(Fixtures.url("basic.zip"), options: Fixtures.options)
        let folder = try EvidenceBundle.open(Fixtures.url("basic"), options: Fixtures.options)
        #expect(bundle.isZip)
        #expect(bundle.sourceSHA256 == (try sha256(Fixtures.url("basic.zip"))))
        #expect(bundle.manifest.withoutLocationFiles() == folder.manifest.withoutLocationFiles())
        #expect(bundle.files.map(\.sha256) == folder.files.map(\.sha256))
        #expect(bundle.displayPath("docs/plan.md").hasSuffix("basic.zip!/acme-2026/docs/plan.md"))
        #expect(bundle.root.lastPathComponent == "acme-2026")
        #expect(try bundle.text(ofDocument: "D01").content?.headings.first?.text == "实施方案 Implementation plan")
        let unpacked = bundle.root.deletingLastPathComponent()
        #expect(FileManager.default.fileExists(atPath: unpacked.path))
        bundle.close()
        #expect(!FileManager.default.fileExists(atPath: unpacked.path))
        #expect(codes { _ = try bundle.records(named: "tickets") } == ["bundle-closed"])
    }

    @Test func zipSlipIsRefused() {
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("zip-slip.zip")) } == ["zip-slip"])
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("zip-absolute.zip")) } == ["zip-slip"])
    }

    @Test func symlinkEntriesAreRefused() {
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("zip-symlink.zip")) } == ["zip-symlink"])
    }

    @Test func zipBombsAreRefused() throws {
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("zip-bomb.zip")) } == ["zip-bomb"])
        var options = Fixtures.options
        options.zipLimits.maximumEntries = 3
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("basic.zip"), options: options) } == ["zip-bomb"])
        options = Fixtures.options
        options.zipLimits.maximumTotalBytes = 10_000
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("basic.zip"), options: options) } == ["zip-bomb"])
    }

    @Test func refusedZipsLeaveNoTemporaryFolder() throws {
        let temporary = try Fixtures.temporaryFolder()
        var options = BundleOptions()
        options.temporaryDirectory = temporary
        for name in ["zip-slip.zip", "zip-bomb.zip", "zip-no-manifest.zip"] {
            #expect(codes { _ = try EvidenceBundle.open(Fixtures.url(name), options: options) }.count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    @Test func aLargeFileWithoutAZipEndRecordIsRefusedAtOnce() throws {
        // ZIPFoundation looked for the end record backwards through every byte: some
        // seconds for 20 MB whose only end-record signature is at the start.
        let url = try Fixtures.temporaryFolder().appendingPathComponent("large.zip")
        var bytes = Data(count: 20 << 20)
        bytes.replaceSubrange(0..<4, with: [0x50, 0x4B, 0x05, 0x06])
        try bytes.write(to: url)
        let start = ContinuousClock.now
        #expect(codes { _ = try EvidenceBundle.open(url) } == ["zip-invalid"])
        #expect(ContinuousClock.now - start < .seconds(1))
        do {
            _ = try EvidenceBundle.open(url)
        } catch {
            #expect(
                error.findings.first?.message
                    == "the file is not a readable zip archive (missingEndOfCentralDirectoryRecord)")
        }
    }

    @Test func aZipWithoutAManifest() {
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("zip-no-manifest.zip")) } == ["manifest-missing"])
    }

    @Test func gbkEntryNamesAreDecoded() throws {
        let bundle = try EvidenceBundle.open(Fixtures.url("zip-gbk-names.zip"))
        let path = bundle.root.appendingPathComponent("资料/说明.txt").path
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func notABundle() throws {
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("nothing-here")) } == ["bundle-missing"])
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("basic/docs/plan.md")) } == ["bundle-format"])
        let empty = try Fixtures.temporaryFolder()
        #expect(codes { _ = try EvidenceBundle.open(empty) } == ["manifest-missing"])
    }

    @Test func aSymlinkLeadingOutsideIsRefused() throws {
        let folder = try Fixtures.copy("basic")
        let plan = folder.appendingPathComponent("docs/plan.md")
        try FileManager.default.removeItem(at: plan)
        try FileManager.default.createSymbolicLink(atPath: plan.path, withDestinationPath: "/etc/hostname")
        do {
            _ = try EvidenceBundle.open(folder, options: Fixtures.options)
            Issue.record("a link out of the bundle was followed")
        } catch {
            let errors = error.findings.filter { $0.severity == .error }
            #expect(errors.map(\.code) == ["bundle-path"])
            #expect(errors[0].message.contains("document 'D01'"))
            #expect(errors[0].message.contains("outside the bundle"))
        }
    }

    @Test func aSymlinkedFolderLeadingOutsideIsRefused() throws {
        let folder = try Fixtures.copy("basic")
        let outside = try Fixtures.temporaryFolder()
        let docs = folder.appendingPathComponent("docs")
        try FileManager.default.moveItem(at: docs, to: outside.appendingPathComponent("docs"))
        try FileManager.default.createSymbolicLink(
            atPath: docs.path, withDestinationPath: outside.appendingPathComponent("docs").path)
        #expect(
            codes { _ = try EvidenceBundle.open(folder, options: Fixtures.options) }.allSatisfy { $0 == "bundle-path" })
    }

    @Test func aSymlinkInsideTheBundleIsFine() throws {
        let folder = try Fixtures.copy("basic")
        let plan = folder.appendingPathComponent("docs/plan.md")
        try FileManager.default.moveItem(at: plan, to: folder.appendingPathComponent("plan-original.md"))
        try FileManager.default.createSymbolicLink(atPath: plan.path, withDestinationPath: "../plan-original.md")
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        #expect(bundle.file(forDocument: "D01")?.exists == true)
    }

    @Test func aSchemeOrVocabularyMismatchIsAnError() {
        var options = Fixtures.options
        options.schemeID = "itss"
        #expect(codes { _ = try EvidenceBundle.open(Fixtures.url("basic"), options: options) } == ["scheme-mismatch"])
        options = Fixtures.options
        options.documentTypes = ["test_report"]
        #expect(
            codes { _ = try EvidenceBundle.open(Fixtures.url("basic"), options: options) }.allSatisfy {
                $0 == "unknown-document-type"
            })
    }

    @Test func bundleFilesAreNeverModified() throws {
        let folder = try Fixtures.copy("basic")
        func snapshot() throws -> [String] {
            let paths = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
            return try paths.map { path in
                let url = folder.appendingPathComponent(path)
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                let stamp = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                let isFile = (attributes[.type] as? FileAttributeType) == .typeRegular
                return "\(path) \(stamp) \(isFile ? try sha256(url) : "-")"
            }
        }
        let before = try snapshot()
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        for document in bundle.manifest.documents { _ = try bundle.text(ofDocument: document.id) }
        for table in bundle.manifest.records { _ = try? bundle.records(named: table.name) }
        bundle.close()
        #expect(try snapshot() == before)
    }

    @Test func textAndRecordsAreParsedFromTheBytesThatWereHashed() throws {
        // Each file is read once, when the bundle is opened: what the rules see is
        // what the report's digest names, even if the file changes afterwards.
        let folder = try Fixtures.copy("basic")
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        let plan = folder.appendingPathComponent("docs/plan.md")
        let digest = try sha256(plan)
        let tickets = folder.appendingPathComponent("records/tickets.csv")
        try Data("# Replaced\n".utf8).write(to: plan)
        try Data("garbage".utf8).write(to: tickets)
        #expect(bundle.file(forDocument: "D01")?.sha256 == digest)
        #expect(try bundle.text(ofDocument: "D01").content?.headings.first?.text == "实施方案 Implementation plan")
        #expect(try bundle.records(named: "tickets").rows.count > 0)
    }

    @Test func aFileSwappedForALinkAfterOpeningIsNotFollowed() throws {
        // Two entries name one file: the second reads it from disk, after it was
        // replaced by a link leading out of the bundle. The link is refused.
        let folder = try Fixtures.copy("basic")
        let manifest = folder.appendingPathComponent("bundle.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(
            of: "documents:\n",
            with: """
                documents:
                  - id: D09
                    type: implementation_plan
                    title: 实施方案副本 copy
                    path: docs/plan.md

                """)
        try Data(text.utf8).write(to: manifest)
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        #expect(try bundle.text(ofDocument: "D09").content != nil)
        let outside = try Fixtures.temporaryFolder().appendingPathComponent("outside.md")
        try Data("# 外部 Outside\n".utf8).write(to: outside)
        let plan = folder.appendingPathComponent("docs/plan.md")
        try FileManager.default.removeItem(at: plan)
        try FileManager.default.createSymbolicLink(at: plan, withDestinationURL: outside)
        let second = try bundle.text(ofDocument: "D01")
        #expect(second.content == nil)
        #expect(second.problem?.code == "document-unreadable")
    }

    @Test func filesInNestedFoldersAndUnicodeNamesResolve() throws {
        let folder = try Fixtures.copy("basic")
        let nested = folder.appendingPathComponent("docs/子目录/深层")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("docs/plan.md"),
            to: nested.appendingPathComponent("实施方案.md"))
        let manifest = folder.appendingPathComponent("bundle.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: "path: docs/plan.md", with: "path: docs/子目录/深层/实施方案.md")
        try Data(text.utf8).write(to: manifest)
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        #expect(bundle.file(forDocument: "D01")?.exists == true)
        #expect(try bundle.text(ofDocument: "D01").content?.headings.first?.text == "实施方案 Implementation plan")
    }

    @Test func prefetchHintsTheRegularFilesAndFollowsNoLink() throws {
        let folder = try Fixtures.copy("basic")
        let outside = try Fixtures.temporaryFolder()
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("docs/linked"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("docs/linked.txt"),
            withDestinationURL: outside.appendingPathComponent("secret.txt"))
        let regular = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { path in
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            return (attributes[.type] as? FileAttributeType) == .typeRegular
        }
        #if os(Linux)
            #expect(BundlePrefetch.advise(folder, evenIfCached: true) == regular.count)
            #expect(
                BundlePrefetch.advise(folder.appendingPathComponent("bundle.yaml"), evenIfCached: true) == regular.count
            )
            #expect(BundlePrefetch.advise(Fixtures.url("basic.zip")) == 1)
            // A bundle whose manifest was just read is in the cache: nothing to hint.
            _ = try Data(contentsOf: folder.appendingPathComponent("bundle.yaml"))
            #expect(BundlePrefetch.isCached(folder.appendingPathComponent("bundle.yaml").path))
            #expect(BundlePrefetch.advise(folder) == 0)
        #endif
        #expect(BundlePrefetch.advise(folder.appendingPathComponent("no-such-bundle")) == 0)
        // Hints change nothing: the bundle opens as before.
        #expect(try EvidenceBundle.open(folder, options: Fixtures.options).manifest.documents.count == 7)
    }

    @Test func aBrokenManifestIsReportedWithTheBundlesPath() throws {
        let folder = try Fixtures.copy("basic")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bundle.yaml"))
        try FileManager.default.copyItem(
            at: Fixtures.url("manifests/many-problems.yaml"), to: folder.appendingPathComponent("bundle.yaml"))
        do {
            _ = try EvidenceBundle.open(folder, options: Fixtures.options)
            Issue.record("a broken manifest opened")
        } catch {
            #expect(error.findings.count == 17)
            #expect(error.findings.allSatisfy { $0.location?.file == folder.path + "/bundle.yaml" })
            #expect(
                error.description.contains(
                    "bundle.yaml:2:1: error: unknown key `organisation` in the manifest; did you mean `organization`?"),
                "\(error.description)")
        }
    }

    @Test func pathResolution() throws {
        let root = Fixtures.url("basic")
        guard case .file = BundlePath.resolve("docs/plan.md", under: root) else {
            Issue.record("docs/plan.md should resolve")
            return
        }
        #expect(BundlePath.resolve("docs/none.md", under: root) == .missing)
        #expect(BundlePath.resolve("docs", under: root) == .notAFile)
        if case .outside = BundlePath.resolve("../basic.zip", under: root) {
        } else {
            Issue.record("'..' must be refused")
        }
    }
}

extension BundleManifest {
    /// The manifest with the file names of its locations replaced, so a zip's manifest
    /// compares equal to its folder's.
    func withoutLocationFiles() -> BundleManifest {
        var copy = self
        copy.projects = projects.map {
            var p = $0
            p.location = p.location.map { SourceLocation(file: "", line: $0.line, column: $0.column) }
            return p
        }
        copy.documents = documents.map {
            var d = $0
            d.location = d.location.map { SourceLocation(file: "", line: $0.line, column: $0.column) }
            return d
        }
        copy.records = records.map {
            var r = $0
            r.location = r.location.map { SourceLocation(file: "", line: $0.line, column: $0.column) }
            return r
        }
        return copy
    }
}
