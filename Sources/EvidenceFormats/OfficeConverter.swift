import Crypto
import Foundation

/// Converts Word 97 (`.doc`), WPS (`.wps`), RTF (`.rtf`), Excel 97 (`.xls`) and WPS
/// spreadsheet (`.et`) files to `.docx` or `.xlsx` with LibreOffice in headless mode
/// (`soffice --headless --convert-to`), an optional component (`Scripts/setup
/// --with-office`). Each conversion runs under a timeout, in a private folder with
/// its own LibreOffice profile, and its result is cached by the SHA-256 of the
/// file's bytes, so a batch converts a file once.
package struct OfficeConverter: Sendable {
    /// Why a file could not be converted.
    package struct Failure: Error {
        package var reason: String
    }

    /// The advice when LibreOffice is not installed.
    package static let missingHint =
        "this format is read only through LibreOffice, which is not installed (Scripts/setup --with-office installs it); save the file as .docx/.xlsx"

    /// The LibreOffice program (`soffice`).
    package let tool: URL
    /// How long one conversion may take, in seconds.
    package let timeout: TimeInterval
    /// Where converted files are kept, named by the SHA-256 of the original.
    package let cacheDirectory: URL

    package init(tool: URL, timeout: TimeInterval = 120, cacheDirectory: URL? = nil) {
        self.tool = tool
        self.timeout = timeout
        self.cacheDirectory =
            cacheDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("rubric-office-cache")
    }

    /// `soffice` or `libreoffice` on the PATH, or nil.
    package static func findTool(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["soffice", "libreoffice"] {
            for directory in path.split(separator: ":") where !directory.isEmpty {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// coreutils' `timeout` program, or nil.
    static func findTimeoutTool() -> URL? {
        ["/usr/bin/timeout", "/bin/timeout"].map { URL(fileURLWithPath: $0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The format a file of this path converts to (`docx` or `xlsx`), or nil when it is not one of these formats.
    package static func targetExtension(forPath path: String) -> String? {
        switch (path as NSString).pathExtension.lowercased() {
        case "doc", "wps", "rtf": "docx"
        case "xls", "et": "xlsx"
        default: nil
        }
    }

    /// The converted bytes of a file of path `path` (its extension decides the format);
    /// at most `maximumBytes` of result are taken.
    package func convert(_ bytes: [UInt8], path: String, maximumBytes: Int = 64 << 20) throws(Failure) -> Data {
        let source = (path as NSString).pathExtension.lowercased()
        guard let target = Self.targetExtension(forPath: path) else {
            throw Failure(reason: "a .\(source) file is not converted")
        }
        let digest = FileDigest.hex(SHA256.hash(data: bytes))
        let cached = cacheDirectory.appendingPathComponent("\(digest).\(target)")
        if let data = try? Data(contentsOf: cached) { return data }

        let fileManager = FileManager.default
        let work = fileManager.temporaryDirectory.appendingPathComponent("rubric-office-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: work) }
        let input = work.appendingPathComponent("input.\(source)")
        let output = work.appendingPathComponent("out")
        do {
            try fileManager.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(bytes).write(to: input)
        } catch {
            throw Failure(reason: "the file could not be prepared for LibreOffice: \(error.localizedDescription)")
        }
        let arguments = [
            "--headless", "--norestore",
            "-env:UserInstallation=\(work.appendingPathComponent("profile").absoluteString)",
            "--convert-to", target, "--outdir", output.path, input.path,
        ]
        let process = Process()
        // coreutils' timeout runs LibreOffice in a process group of its own and stops the
        // whole group (soffice starts soffice.bin), then kills it 5 s later if need be.
        let limiter = Self.findTimeoutTool()
        if let limiter {
            process.executableURL = limiter
            process.arguments = ["--kill-after=5", String(max(1, Int(timeout.rounded(.up)))), tool.path] + arguments
        } else {
            process.executableURL = tool
            process.arguments = arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(reason: "LibreOffice could not be started: \(error.localizedDescription)")
        }
        let timedOut = LockedFlag()
        let watchdog = DispatchWorkItem {
            if process.isRunning {
                timedOut.set()
                process.terminate()
            }
        }
        // Without coreutils' timeout (or should it fail), the program itself is stopped.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout + (limiter == nil ? 0 : 10), execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        if timedOut.isSet || (limiter != nil && [124, 137].contains(process.terminationStatus)) {
            throw Failure(reason: "LibreOffice did not convert the file within \(Int(timeout)) s")
        }
        let result = output.appendingPathComponent("input.\(target)")
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: result) else {
            throw Failure(
                reason:
                    "LibreOffice could not convert the file (exit status \(process.terminationStatus)); save it as .\(target)"
            )
        }
        guard data.count <= maximumBytes else {
            throw Failure(reason: "the converted file is \(data.count) bytes, more than the \(maximumBytes) allowed")
        }
        try? fileManager.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        try? data.write(to: cached, options: .atomic)
        return data
    }
}
