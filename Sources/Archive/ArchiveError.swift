/// Why the archive could not be read or written, with the file (and entry) it concerns.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
