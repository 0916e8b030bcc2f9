/// A zip archive's end-of-central-directory record, found as ZIPFoundation finds it
/// (the last signature, scanning backwards) but only where the format puts it: in
/// the last 22 + 65,535 bytes (the record and the longest comment). ZIPFoundation
/// itself reads backwards through every byte of a file that has none, which takes
/// seconds for a large file that is not a zip.
package enum ZipEndRecord {
    /// How many bytes at the end of an archive hold its end record.
    package static let searchLength = 22 + Int(UInt16.max)

    /// The offset of the record in `bytes` (a whole archive, or its last `searchLength`
    /// bytes), or nil when there is none, or when its comment runs past the end.
    package static func offset(in bytes: UnsafeRawBufferPointer) -> Int? {
        let recordSize = 22
        guard bytes.count >= recordSize else { return nil }
        var at = bytes.count - recordSize
        let lowest = max(0, bytes.count - searchLength)
        while at >= lowest {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 {
                let commentLength = Int(bytes[at + 20]) | Int(bytes[at + 21]) << 8
                return at + recordSize + commentLength <= bytes.count ? at : nil
            }
            at -= 1
        }
        return nil
    }
}
