import Foundation
import Reports
import Testing

@Suite("HTML report")
struct HTMLReportTests {
    @Test("self-contained: inline SVG charts, no scripts, no http URLs, A4 print rules")
    func selfContained() throws {
        let text = HTMLReport.render(try OverrideReportTests.context())
        #expect(text.hasPrefix("<!DOCTYPE html>\n"))
        #expect(text.contains("<svg class=\"chart bars\""))
        #expect(text.contains("<svg class=\"chart radar\""))
        #expect(text.contains("<polygon class=\"earned\""))
        #expect(text.contains("@page { size: A4; margin: 15mm; }"))
        #expect(!text.lowercased().contains("<script"))
        #expect(!text.contains("http://") && !text.contains("https://"))
        #expect(!text.contains("<link"))
    }

    @Test("every finding and every override is shown, text escaped")
    func content() throws {
        let context = try OverrideReportTests.context()
        let text = HTMLReport.render(context)
        for evaluation in context.assessment.leaves {
            for finding in evaluation.findings {
                #expect(text.contains(HTMLTextProbe.escape(finding.message)))
            }
        }
        for override in context.assessment.overrides {
            #expect(text.contains(HTMLTextProbe.escape(override.justification)))
        }
        #expect(text.contains("张三"))
    }

    @Test("two renders are byte-identical")
    func deterministic() throws {
        let first = HTMLReport.render(try OverrideReportTests.context())
        let second = HTMLReport.render(try OverrideReportTests.context())
        #expect(Data(first.utf8) == Data(second.utf8))
    }

    @Test("renders in headless Chromium to a non-trivial PNG (skipped without Chromium)")
    func chromium() throws {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("note: no chromium or chromium-browser installed; the HTML render test is skipped")
            return
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rubric-html-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let html = directory.appendingPathComponent("report.html")
        let png = directory.appendingPathComponent("report.png")
        try HTMLReport.render(try OverrideReportTests.context()).write(to: html, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--screenshot=\(png.path)", "--window-size=1240,1754", html.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let size = try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int ?? 0
        #expect(size > 20_000)
        if let keep = ProcessInfo.processInfo.environment["RUBRIC_KEEP_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }
}

/// The escaping the report applies, restated for the tests.
enum HTMLTextProbe {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
