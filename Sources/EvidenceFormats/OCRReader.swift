import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Recognises the text of scanned pages with Tesseract (Debian `tesseract-ocr`
/// and `tesseract-ocr-chi-sim`), page by page: a PDF's page is first rendered to
/// a grey image by poppler's `pdftoppm`, an image file is read as it is.
///
/// Every program runs under a processor-time share (`ulimit -t`, as
/// ``PDFExtractor`` does), a virtual-memory cap (`ulimit -v`) and a wall-clock
/// net, with one thread (`OMP_THREAD_LIMIT=1`), so the same page gives the same
/// text on an idle machine and on a loaded one. Rendered pages are scaled to
/// at most ``Settings/pixels`` on their long side, so a page of any size costs
/// bounded memory. Each page's text is cached by the SHA-256 of the file, the
/// page number and the settings, so a batch never recognises a page twice.
package struct OCRReader: Sendable {
    /// Why a page could not be recognised.
    package struct Failure: Error {
        package var reason: String
    }

    /// What recognition uses; part of the cache key.
    package struct Settings: Sendable, Hashable {
        /// Tesseract's languages (`chi_sim+eng`).
        package var languages: String
        /// The long side of a rendered PDF page, in pixels.
        package var pixels: Int
        /// Most bytes of virtual memory of one program.
        package var memoryBytes: Int

        package init(languages: String, pixels: Int, memoryBytes: Int) {
            self.languages = languages
            self.pixels = pixels
            self.memoryBytes = memoryBytes
        }
    }

    /// The advice when Tesseract is not installed.
    package static let missingHint =
        "text is recognised (--ocr) with Tesseract, which is not installed (Debian packages tesseract-ocr and tesseract-ocr-chi-sim; Scripts/setup installs them)"

    package let tesseract: URL
    package let pdftoppm: URL?
    package let settings: Settings
    /// Where recognised pages are kept.
    package let cacheDirectory: URL

    package init(tesseract: URL, pdftoppm: URL?, settings: Settings, cacheDirectory: URL? = nil) {
        self.tesseract = tesseract
        self.pdftoppm = pdftoppm
        self.settings = settings
        self.cacheDirectory =
            cacheDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("rubric-ocr-cache")
    }

    /// A program of this name on the PATH, or nil.
    package static func findTool(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The text of page `page` (1-based) of the PDF at `url`, whose SHA-256 is
    /// `digest`; each program may use `cpuSeconds` of processor time.
    package func recognize(pdfAt url: URL, digest: String, page: Int, cpuSeconds: Int) throws(Failure) -> String {
        let key = cacheKey(digest: digest, page: page)
        if let cached = cached(key) { return cached }
        guard let pdftoppm else {
            throw Failure(reason: "pdftoppm (Debian package poppler-utils) is not installed; Scripts/setup installs it")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-ocr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw Failure(reason: "no folder for the page's image: \(error.localizedDescription)")
        }
        let image = work.appendingPathComponent("page")
        _ = try run(
            pdftoppm,
            [
                "-f", String(page), "-l", String(page), "-singlefile", "-gray", "-png",
                "-scale-to", String(settings.pixels), url.path, image.path,
            ], cpuSeconds: cpuSeconds, what: "pdftoppm (page \(page))")
        let text = try recognize(imageAt: work.appendingPathComponent("page.png"), cpuSeconds: cpuSeconds)
        store(text, key)
        return text
    }

    /// The text of the image file at `url`, whose SHA-256 is `digest`.
    package func recognize(imageAt url: URL, digest: String, cpuSeconds: Int) throws(Failure) -> String {
        let key = cacheKey(digest: digest, page: 1)
        if let cached = cached(key) { return cached }
        let text = try recognize(imageAt: url, cpuSeconds: cpuSeconds)
        store(text, key)
        return text
    }

    private func recognize(imageAt url: URL, cpuSeconds: Int) throws(Failure) -> String {
        let output = try run(
            tesseract, [url.path, "stdout", "-l", settings.languages, "--psm", "3"], cpuSeconds: cpuSeconds,
            what: "tesseract")
        return Self.joinedHanLines(String(decoding: output, as: UTF8.self))
    }

    /// Tesseract separates Chinese characters by spaces (`服 务 方 针`); the
    /// spaces between two Han characters are removed so that rules find words.
    static func joinedHanLines(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " ", index > 0, index + 1 < scalars.count, isHan(scalars[index - 1]),
                isHan(scalars[index + 1])
            {
                continue
            }
            result.append(scalar)
        }
        return String(result).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value)
            || (0xFF00...0xFFEF).contains(scalar.value)
    }

    // MARK: Cache

    private func cacheKey(digest: String, page: Int) -> String {
        let settingsText = "\(settings.languages)|\(settings.pixels)"
        let settingsDigest = FileDigest.hex(SHA256.hash(data: Data(settingsText.utf8))).prefix(16)
        return "\(digest)-p\(page)-\(settingsDigest).txt"
    }

    private func cached(_ key: String) -> String? {
        guard let data = try? Data(contentsOf: cacheDirectory.appendingPathComponent(key)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private func store(_ text: String, _ key: String) {
        try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: cacheDirectory.appendingPathComponent(key), options: .atomic)
    }

    // MARK: Programs

    /// Runs `tool` with `arguments` under the processor-time share, the memory
    /// cap and a wall-clock net of 10 × the share + 30 s; its standard output.
    private func run(_ tool: URL, _ arguments: [String], cpuSeconds: Int, what: String) throws(Failure) -> Data {
        let share = max(1, cpuSeconds)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            [
                "-c", "ulimit -t \"$1\" && ulimit -v \"$2\" || exit 126; shift 2; exec \"$@\"", "sh", String(share),
                String(max(1, settings.memoryBytes / 1024)), tool.path,
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(reason: "\(what) could not be started: \(error.localizedDescription)")
        }
        let timedOut = LockedFlag()
        let watchdog = DispatchWorkItem {
            if process.isRunning {
                timedOut.set()
                kill(process.processIdentifier, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(share * 10 + 30), execute: watchdog)
        let errorText = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.set(errors.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        group.wait()
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGXCPU || timedOut.isSet {
            throw Failure(reason: "\(what) used up its \(share) s of processor time before it finished")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errorText.get(), as: UTF8.self)
                .split(separator: "\n").prefix(2).joined(separator: "; ")
            throw Failure(
                reason:
                    "\(what) failed (status \(process.terminationStatus)): \(message.isEmpty ? "no message" : message)")
        }
        return text
    }
}
