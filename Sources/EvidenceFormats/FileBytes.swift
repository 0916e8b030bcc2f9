import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
    private func openForReading(_ path: String, _ flags: Int32) -> Int32 {
        Glibc.open(path, O_RDONLY | O_CLOEXEC | flags)
    }
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
    private func openForReading(_ path: String, _ flags: Int32) -> Int32 {
        Darwin.open(path, O_RDONLY | O_CLOEXEC | flags)
    }
#endif

/// Reads whole files into byte arrays, with one `open`, `fstat` and as few
/// `read` calls as the size allows, and no intermediate `Data` copy.
package enum FileBytes {
    /// Why a file could not be read: the system's reason.
    struct Failure: Error, LocalizedError {
        var code: POSIXErrorCode
        var errorDescription: String? { String(cString: strerror(code.rawValue)) }
    }

    /// A file larger than the caller allows; nothing of it was read.
    package struct TooLarge: Error {
        /// The file's size, in bytes.
        package var size: Int
        /// The most bytes the caller allowed.
        package var limit: Int

        package init(size: Int, limit: Int) {
            self.size = size
            self.limit = limit
        }
    }

    /// The bytes of the file at `url`. `followingLinks: false` refuses a symbolic
    /// link as the last component (for paths already resolved inside a bundle: a
    /// link put there since is not followed out of it). A file of more than
    /// `maximumBytes` bytes throws ``TooLarge`` before anything is read; at most
    /// the size the file had when opened is read, even if it grows meanwhile.
    package static func read(_ url: URL, followingLinks: Bool = true, maximumBytes: Int = .max) throws -> [UInt8] {
        try withOpenFile(url, followingLinks) { descriptor, size in
            if size > maximumBytes { throw TooLarge(size: size, limit: maximumBytes) }
            return try readAll(descriptor, size: size)
        }
    }

    /// The file's lowercase hex SHA-256 and size, and its bytes when it has at
    /// most `limit` bytes (a larger file is hashed in chunks and not kept).
    package static func readAndHash(
        _ url: URL, keepingUpTo limit: Int,
        followingLinks: Bool = true
    ) throws -> (hex: String, size: Int64, bytes: [UInt8]?) {
        try withOpenFile(url, followingLinks) { descriptor, size in
            if size <= limit {
                let bytes = try readAll(descriptor, size: size)
                return (FileDigest.hex(SHA256.hash(data: bytes)), Int64(bytes.count), bytes)
            }
            var hasher = SHA256()
            var total: Int64 = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = try readSome(descriptor, into: &chunk, at: 0)
                if count == 0 { break }
                chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                total += Int64(count)
            }
            return (FileDigest.hex(hasher.finalize()), total, nil)
        }
    }

    private static func withOpenFile<T>(_ url: URL, _ followingLinks: Bool, _ body: (Int32, Int) throws -> T) throws
        -> T
    {
        let descriptor = openForReading(url.path, followingLinks ? 0 : O_NOFOLLOW)
        if descriptor < 0 { throw failure() }
        defer { _ = close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw failure() }
        return try body(descriptor, Int(info.st_size))
    }

    /// The file's `size` bytes, as `fstat` gave the size (fewer if it shrank since).
    private static func readAll(_ descriptor: Int32, size: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        var filled = 0
        while filled < bytes.count {
            let count = try readSome(descriptor, into: &bytes, at: filled)
            if count == 0 { break }
            filled += count
        }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    private static func readSome(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) throws -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                systemRead(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if count >= 0 { return count }
            if errno != EINTR { throw failure() }
        }
    }

    private static func failure() -> Failure {
        Failure(code: POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
