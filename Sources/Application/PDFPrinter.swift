import Foundation

/// Prints an HTML document to PDF with headless Chromium, in a temporary
/// folder of its own (the page, a fresh browser profile and the PDF), under a
/// time limit. The page must be self-contained: nothing is fetched.
///
/// ```swift
/// let pdf = try PDFPrinter().print(html: DeliverableReport.render(context))
/// ```
public struct PDFPrinter: Sendable {
    /// Why a PDF could not be printed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The browser to run; nil looks for `chromium`, `chromium-browser`,
    /// `google-chrome` on `PATH` (or takes `RUBRIC_CHROMIUM` when it is set).
    public var executable: String?
    /// The most seconds the browser may take.
    public var timeout: Double

    public init(executable: String? = nil, timeout: Double = 60) {
        self.executable = executable
        self.timeout = timeout
    }

    /// The browsers looked for on `PATH`, in order.
    public static let browserNames = ["chromium", "chromium-browser", "google-chrome"]

    /// The browser that would print, if one is installed.
    public static func findBrowser(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let chosen = environment["RUBRIC_CHROMIUM"], !chosen.isEmpty { return chosen }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in browserNames {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    /// The PDF of `html`, on A4 as the page's CSS sets it, without the browser's header and footer.
    public func print(html: String) throws(Failure) -> Data {
        guard let browser = executable ?? Self.findBrowser() else {
            throw Failure(
                description: "--format pdf needs Chromium to print the report: install `chromium` "
                    + "(Scripts/setup does) or set RUBRIC_CHROMIUM to the browser's path")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let pdf = folder.appendingPathComponent("report.pdf")
        let log = folder.appendingPathComponent("chromium.log")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: page)
            try Data().write(to: log)
        } catch {
            throw Failure(description: "cannot prepare the PDF in \(folder.path): \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try? FileHandle(forWritingTo: log)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw Failure(description: "\(browser): cannot run it: \(error.localizedDescription)")
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            throw Failure(description: "\(browser): printing the PDF took more than \(Int(timeout)) s; stopped")
        }
        guard let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            let last =
                (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
            throw Failure(
                description: "\(browser) exited \(process.terminationStatus) without printing the PDF"
                    + (last.isEmpty ? "" : ": \(last)"))
        }
        return data
    }
}
