import Foundation

/// Reads the text of a PDF with poppler's `pdftotext -layout -enc UTF-8 FILE -`.
/// PDFs give paragraphs only (split at blank lines and page breaks): no headings
/// and no tables. Scanned PDFs without a text layer give no text.
///
/// Worst case: bounded. `pdftotext` is stopped after the timeout or once its
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

    /// The text of the PDF at `url`, read by `tool` within `timeout` seconds. Text
    /// longer than `maximumTextBytes` is refused: `pdftotext` is stopped as soon as
    /// its output passes the cap, so memory stays bounded whatever the PDF.
    package static func extract(
        fileAt url: URL, tool: URL?, timeout: TimeInterval,
        maximumTextBytes: Int = defaultMaximumTextBytes
    ) throws(Failure) -> DocumentContent {
        guard let tool else {
            throw Failure(
                reason:
                    "the text of a PDF cannot be read here: pdftotext (Debian package poppler-utils) is not installed; Scripts/setup installs it"
            )
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["-layout", "-enc", "UTF-8", url.path, "-"]
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
                process.terminate()
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

        if timedOut.isSet {
            throw Failure(reason: "pdftotext did not finish within \(Int(timeout)) s")
        }
        if tooLong {
            throw Failure(reason: "the PDF's text is longer than \(maximumTextBytes) bytes")
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorText.get(), as: UTF8.self).trimmingWhitespace()
                .split(separator: "\n").prefix(3).joined(separator: "; ")
            throw Failure(
                reason:
                    "pdftotext could not read the PDF (exit status \(process.terminationStatus)): \(message.isEmpty ? "no message" : message)"
            )
        }
        let string = String(decoding: text, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n\n")
        return MarkdownExtractor.extract(plainText: string)
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
