import Foundation

/// The key pair's two files in a folder: `rubric-signing.key` (the private
/// key, mode 0600) and `rubric-signing.pub` (the public key, mode 0644).
/// Neither is ever overwritten.
public enum SigningKeyFiles {
    public static let privateKeyName = "rubric-signing.key"
    public static let publicKeyName = "rubric-signing.pub"

    /// Makes a new key pair and writes it into `directory` (made if missing);
    /// returns the public key. Throws ``SigningError/exists(path:)`` when either
    /// file is already there, writing neither.
    @discardableResult
    public static func generate(in directory: URL) throws(SigningError) -> VerifyingKey {
        let privateURL = directory.appendingPathComponent(privateKeyName)
        let publicURL = directory.appendingPathComponent(publicKeyName)
        for url in [privateURL, publicURL] where FileManager.default.fileExists(atPath: url.path) {
            throw .exists(path: url.path)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: directory.path, reason: (error as NSError).localizedDescription)
        }
        let key = SigningKey.generate()
        try create(privateURL, text: key.fileText, mode: 0o600)
        do {
            try create(publicURL, text: key.verifyingKey.fileText, mode: 0o644)
        } catch {
            unlink(privateURL.path)
            throw error
        }
        return key.verifyingKey
    }

    /// Creates `url` with `mode`, failing if it exists (O_EXCL: no race with another writer).
    private static func create(_ url: URL, text: String, mode: mode_t) throws(SigningError) {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .exists(path: url.path) }
            throw .unwritable(path: url.path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // The mode asked for, whatever the umask.
        fchmod(descriptor, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let reason = String(cString: strerror(errno))
            unlink(url.path)
            throw .unwritable(path: url.path, reason: reason)
        }
    }
}
