/// Why a key could not be read or written, or a report not signed.
public enum SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key or report file that cannot be read.
    case unreadable(path: String, reason: String)
    /// A key file that is not in the format of docs/signing.md.
    case malformedKey(path: String, reason: String)
    /// A key file that would replace an existing file.
    case exists(path: String)
    /// A key file that cannot be written.
    case unwritable(path: String, reason: String)
    /// A report that is not JSON, or not a JSON object, or has no canonical form.
    case malformedReport(reason: String)
    /// The signature could not be made.
    case signingFailed(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .malformedKey(let path, let reason): "\(path): not a rubric signing key: \(reason)"
        case .exists(let path): "\(path): already exists; a key is never overwritten"
        case .unwritable(let path, let reason): "\(path): cannot write: \(reason)"
        case .malformedReport(let reason): "not a JSON report: \(reason)"
        case .signingFailed(let reason): "cannot sign: \(reason)"
        }
    }
}
