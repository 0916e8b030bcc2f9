extension String {
    /// The text of the UTF-8 bytes `bytes`, each ill-formed sequence replaced
    /// by U+FFFD, as `String(decoding:as:)` does for a collection.
    package init(decodingUTF8 bytes: Span<UInt8>) {
        self = bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
