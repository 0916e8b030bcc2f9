import Diagnostics

extension FindingsError {
    /// An error carrying one finding.
    static func single(_ code: String, _ message: String, location: SourceLocation? = nil) -> FindingsError {
        FindingsError([Finding(.error, code: code, message: message, location: location)])
    }
}
