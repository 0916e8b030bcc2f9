import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the text of a PDF with poppler's `pdftotext -layout -enc UTF-8 FILE -`.
/// PDFs give paragraphs only (split at blank lines and page breaks): no headings
/// and no tables. Scanned PDFs without a text layer give no text; ``Pages``
/// says which pages had none.
///
/// Worst case: bounded. `pdftotext` is stopped at its processor-time share, after
/// the wall-clock timeout, or once its
/// text passes the cap, and the text it gave is read as plain text by
/// ``MarkdownExtractor``, which is linear.
package enum PDFExtractor {
    /// Why a PDF could not be read.
    package struct Failure: Error {
        package var reason: String
    }

    /// Most bytes of text taken from one PDF unless the caller says otherwise;
    /// `ReadLimits.pdfTextBytes` in a bundle.
    static let defaultMaximumTextBytes = 64 * 1024 * 1024

    /// `pdftotext` on the PATH, or nil.
    package static func findTool(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("pdftotext")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// What `pdftotext` gave for one PDF: its content, and which pages had no text.
    package struct Pages: Sendable {
        /// All the text, read as plain text.
        package var content: DocumentContent
        /// How many pages the PDF has.
        package var pageCount: Int
        /// The 1-based numbers of the pages whose text is empty or only blanks:
        /// pages without a text layer (scanned) or blank pages.
        package var pagesWithoutText: [Int]
        /// The text of each page, in order, as `pdftotext` gave it.
        package var pageTexts: [Substring] = []

        /// Whether the PDF has pages and none of them has text: a scan without a text layer.
        package var isWithoutTextLayer: Bool { pageCount > 0 && pagesWithoutText.count == pageCount }
    }

    /// The text of the PDF at `url`, read by `tool` within `timeout` seconds (see
    /// ``read(fileAt:tool:timeout:cpuSeconds:maximumTextBytes:)``).
    package static func extract(
        fileAt url: URL, tool: URL?, timeout: TimeInterval, cpuSeconds: Int? = nil,
        maximumTextBytes: Int = defaultMaximumTextBytes
    ) throws(Failure) -> DocumentContent {
        try read(
            fileAt: url, tool: tool, timeout: timeout, cpuSeconds: cpuSeconds, maximumTextBytes: maximumTextBytes
        ).content
    }

    /// The text of the PDF at `url`, page by page, read by `tool`.
    ///
    /// `cpuSeconds`, when given, is the processor time `pdftotext` may use: it
    /// runs under `ulimit -t` (`RLIMIT_CPU`, set by `/bin/sh` before it starts
    /// the tool), so the kernel stops it at the same point of its work however
    /// loaded the machine is. `timeout` is a wall-clock safety net on top, for a
    /// tool that waits instead of working. Text longer than `maximumTextBytes`
    /// is refused: `pdftotext` is stopped as soon as its output passes the cap,
    /// so memory stays bounded whatever the PDF.
    package static func read(
        fileAt url: URL, tool: URL?, timeout: TimeInterval, cpuSeconds: Int? = nil,
        maximumTextBytes: Int = defaultMaximumTextBytes
    ) throws(Failure) -> Pages {
        guard let tool else {
            throw Failure(
                reason:
                    "the text of a PDF cannot be read here: pdftotext (Debian package poppler-utils) is not installed; Scripts/setup installs it"
            )
        }
        let process = Process()
        let toolArguments = ["-layout", "-enc", "UTF-8", url.path, "-"]
        if let cpuSeconds {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -t \"$1\" || exit 126; shift; exec \"$@\"", "sh", String(max(1, cpuSeconds)), tool.path]
                + toolArguments
        } else {
            process.executableURL = tool
            process.arguments = toolArguments
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(reason: "pdftotext could not be started: \(error.localizedDescription)")
        }

        // Kill pdftotext if it runs too long (a hostile or broken PDF must not hang the audit).
        let timedOut = LockedFlag()
        let watchdog = DispatchWorkItem {
            if process.isRunning {
                timedOut.set()
                kill(process.processIdentifier, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)

        // Drain stderr on another thread so neither pipe can fill up and block pdftotext.
        let errorText = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.set(errors.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        var text = Data()
        var tooLong = false
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
            if text.count > maximumTextBytes {
                tooLong = true
                process.terminate()
                break
            }
        }
        process.waitUntilExit()
        watchdog.cancel()
        group.wait()

        if tooLong {
            throw Failure(reason: "the PDF's text is longer than \(maximumTextBytes) bytes")
        }
        if let cpuSeconds, process.terminationReason == .uncaughtSignal,
            process.terminationStatus == SIGXCPU || process.terminationStatus == SIGKILL, !timedOut.isSet
        {
            throw Failure(
                reason:
                    "pdftotext used up its share of the bundle's extraction budget (\(max(1, cpuSeconds)) s of processor time) before it finished"
            )
        }
        if timedOut.isSet {
            throw Failure(reason: "pdftotext did not finish within \(Int(timeout)) s")
        }
        guard process.terminationStatus == 0, process.terminationReason == .exit else {
            let message = String(decoding: errorText.get(), as: UTF8.self).trimmingWhitespace()
                .split(separator: "\n").prefix(3).joined(separator: "; ")
            throw Failure(
                reason:
                    "pdftotext could not read the PDF (exit status \(process.terminationStatus)): \(message.isEmpty ? "no message" : message)"
            )
        }
        let string = String(decoding: text, as: UTF8.self)
        // pdftotext ends every page with a form feed.
        var pages = string.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        if pages.last?.isEmpty == true { pages.removeLast() }
        let blank = pages.indices.filter { pages[$0].allSatisfy(\.isWhitespace) }.map { $0 + 1 }
        return Pages(
            content: MarkdownExtractor.extract(plainText: string.replacingOccurrences(of: "\u{0C}", with: "\n\n")),
            pageCount: pages.count, pagesWithoutText: blank, pageTexts: pages)
    }
}

/// A flag set from one thread and read from another.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Bytes written by one thread and read by another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()

    func set(_ data: Data) { lock.withLock { value = data } }
    func get() -> Data { lock.withLock { value } }
}
