import Foundation
import Testing

/// Issue 17's batch target, run with real processes: a batch of 100 bundles
/// with one hostile bundle among them finishes the other 99 with the same
/// results as the batch without it.
@Suite("rubric batch: one hostile bundle among 100")
struct HostileBatchTests {
    static let root = RubricBinary.tests.deletingLastPathComponent()
    static let isi = root.appendingPathComponent("Rubrics/isi").path
    static let sample = root.appendingPathComponent("Rubrics/isi/samples/qiheng-level3")

    /// Runs `rubric batch` on `bundles` with JSON reports and a CSV summary:
    /// the summary's rows by bundle, and each report by bundle.
    func batch(_ bundles: [String], in folder: URL, name: String) throws -> (
        rows: [String: String], reports: [String: Data]
    ) {
        let summary = folder.appendingPathComponent("\(name).csv")
        let reports = folder.appendingPathComponent("\(name)-reports")
        let output = try RubricBinary.run(
            ["batch", "--rubric", Self.isi, "--jobs", "2", "--summary", summary.path, "--reports", reports.path]
                + bundles)
        #expect(output.status == 0 || output.status == 2, "\(output.stderr)")
        let lines = try String(contentsOf: summary, encoding: .utf8).split(separator: "\n").map(String.init)
        var rows: [String: String] = [:]
        for line in lines.dropFirst() {
            rows[String(line.prefix { $0 != "," })] = line
        }
        var written: [String: Data] = [:]
        for bundle in bundles {
            let report = reports.appendingPathComponent(URL(fileURLWithPath: bundle).lastPathComponent + ".json")
            written[bundle] = try Data(contentsOf: report)
        }
        return (rows, written)
    }

    /// A copy of the level-3 sample with three hostile documents: its quality
    /// objectives (`.md`) made a 1.2 GB sparse file, its service policy
    /// (`.docx`) a ring of 5,000 styles under 20,000 paragraphs, and a NUL
    /// byte in a cell of its staff table.
    func makeHostileBundle(at bundle: URL) throws {
        let fileManager = FileManager.default
        try fileManager.copyItem(at: Self.sample, to: bundle)
        let markdown = bundle.appendingPathComponent("docs/part4a/A03-服务质量目标.md")
        let handle = try FileHandle(forWritingTo: markdown)
        try handle.truncate(atOffset: 1_200_000_000)
        try handle.close()

        let policy = bundle.appendingPathComponent("docs/part4a/A01-服务方针与承诺.docx")
        try fileManager.removeItem(at: policy)
        try Self.styleRing(styles: 5_000, paragraphs: 20_000, into: policy)

        let staff = bundle.appendingPathComponent("records/part4a/staff.csv")
        // The NUL starts the first record, after the header's line break (CRLF in the sample).
        var bytes = [UInt8](try Data(contentsOf: staff))
        let headerEnd = try #require(bytes.firstIndex(of: 0x0A))
        bytes.insert(0, at: headerEnd + 1)
        try Data(bytes).write(to: staff)
    }

    /// A `.docx` whose `styles` paragraph styles each are based on the next,
    /// in a ring, and whose `paragraphs` paragraphs use them; zipped by `zip`.
    static func styleRing(styles: Int, paragraphs: Int, into file: URL) throws {
        let namespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        let ring = (0..<styles).map {
            "<w:style w:type=\"paragraph\" w:styleId=\"S\($0)\"><w:basedOn w:val=\"S\(($0 + 1) % styles)\"/></w:style>"
        }
        let body = (0..<paragraphs).map {
            "<w:p><w:pPr><w:pStyle w:val=\"S\($0 % styles)\"/></w:pPr><w:r><w:t>服务方针与承诺 \($0)</w:t></w:r></w:p>"
        }
        let parts = FileManager.default.temporaryDirectory.appendingPathComponent("ring-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parts) }
        try FileManager.default.createDirectory(
            at: parts.appendingPathComponent("word"), withIntermediateDirectories: true)
        try Data(
            "<?xml version=\"1.0\"?><w:document \(namespace)><w:body>\(body.joined())</w:body></w:document>".utf8
        ).write(to: parts.appendingPathComponent("word/document.xml"))
        try Data("<?xml version=\"1.0\"?><w:styles \(namespace)>\(ring.joined())</w:styles>".utf8)
            .write(to: parts.appendingPathComponent("word/styles.xml"))
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = ["python3", "-c", Self.zipScript, file.path, parts.path]
        try zip.run()
        zip.waitUntilExit()
        #expect(zip.terminationStatus == 0)
    }

    /// Zips a folder's files (argument 2) into a new archive (argument 1).
    static let zipScript = """
        import os, sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
            for folder, _, names in os.walk(sys.argv[2]):
                for name in names:
                    path = os.path.join(folder, name)
                    archive.write(path, os.path.relpath(path, sys.argv[2]))
        """

    @Test("the other 99 bundles get the same summary rows and reports with and without the hostile one")
    func otherBundlesUnchanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = folder.appendingPathComponent("generated")
        let generator = Process()
        generator.executableURL = Self.root.appendingPathComponent("Scripts/generate-bundles")
        generator.arguments = [
            "--count", "99", "--seed", "17", "--out", generated.path, Self.sample.path,
            Self.sample.deletingLastPathComponent().appendingPathComponent("huaxin-level1").path,
        ]
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        let clean = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
            .map { generated.appendingPathComponent($0).path }
        try #require(clean.count == 99)
        let hostile = folder.appendingPathComponent("hostile").path
        try makeHostileBundle(at: URL(fileURLWithPath: hostile))

        let without = try batch(clean, in: folder, name: "without")
        let with = try batch(Array(clean[..<50]) + [hostile] + Array(clean[50...]), in: folder, name: "with")
        #expect(without.rows.count == 99)
        #expect(with.rows.count == 100)
        for bundle in clean {
            let row = try #require(without.rows[bundle], "\(bundle): no summary row")
            #expect(with.rows[bundle] == row, "\(bundle): the summary row differs")
            #expect(with.reports[bundle] == without.reports[bundle], "\(bundle): the report differs")
        }

        // The hostile bundle itself is assessed, and its report names what it could not read.
        let row = try #require(with.rows[hostile])
        #expect(row.contains(",assessed,") || row.contains(",incomplete,"), "\(row)")
        let reportData = try #require(with.reports[hostile])
        let report = try #require(try JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        let problems = try #require(report["evidence_problems"] as? [[String: Any]])
        let codes = Dictionary(
            problems.map { (($0["path"] as? String) ?? "", ($0["code"] as? String) ?? "") },
            uniquingKeysWith: { a, _ in a })
        #expect(codes["docs/part4a/A03-服务质量目标.md"] == "document-unreadable", "\(problems)")
        #expect(codes["records/part4a/staff.csv"] == "csv-syntax", "\(problems)")
    }
}
