import Foundation

/// An entry of a zip archive held in memory, as it is stored: its compression
/// method, its unpacked size and the range of its packed bytes. Found from the
/// central directory and the entry's local header, with every offset checked
/// against the archive's size.
///
/// Used to recognise a part that another file carries byte for byte (a
/// template's `word/styles.xml`) without unpacking it. Archives this reader
/// does not follow (ZIP64, a comment that hides the end record, an entry
/// named twice) give nil; the caller then unpacks the part as usual.
struct ZipStoredEntry {
    var method: UInt16
    var uncompressedSize: UInt32
    var packed: Range<Int>

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    /// The entry named `name` in `archive`, or nil.
    init?(named name: String, in archive: Data) {
        let found: ZipStoredEntry? = archive.withUnsafeBytes { raw in
            Self.find(Array(name.utf8), in: raw)
        }
        guard let found else { return nil }
        self = found
    }

    private init(method: UInt16, uncompressedSize: UInt32, packed: Range<Int>) {
        self.method = method
        self.uncompressedSize = uncompressedSize
        self.packed = packed
    }

    private static func find(_ name: [UInt8], in bytes: UnsafeRawBufferPointer) -> ZipStoredEntry? {
        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) -> UInt32? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return UInt32(low) | UInt32(high) << 16
        }
        // The end-of-central-directory record, which has no comment in the archives we take.
        let end = bytes.count - 22
        guard end >= 0, u32(end) == endSignature, u16(end + 20) == 0,
            let count = u16(end + 10), let directorySize = u32(end + 12), let directoryOffset = u32(end + 16),
            directorySize != .max, directoryOffset != .max,
            Int(directoryOffset) + Int(directorySize) <= end
        else { return nil }
        var at = Int(directoryOffset)
        var match: ZipStoredEntry?
        for _ in 0..<count {
            guard u32(at) == centralSignature, let method = u16(at + 10), let packedSize = u32(at + 20),
                let size = u32(at + 24), let nameLength = u16(at + 28), let extraLength = u16(at + 30),
                let commentLength = u16(at + 32), let localOffset = u32(at + 42),
                at + 46 + Int(nameLength) <= bytes.count
            else { return nil }
            let next = at + 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
            if Int(nameLength) == name.count, bytes[(at + 46)..<(at + 46 + name.count)].elementsEqual(name) {
                guard match == nil, packedSize != .max, size != .max, localOffset != .max,
                    u32(Int(localOffset)) == localSignature,
                    let localName = u16(Int(localOffset) + 26), let localExtra = u16(Int(localOffset) + 28)
                else { return nil }
                let start = Int(localOffset) + 30 + Int(localName) + Int(localExtra)
                guard start + Int(packedSize) <= Int(directoryOffset) else { return nil }
                match = ZipStoredEntry(
                    method: method, uncompressedSize: size, packed: start..<(start + Int(packedSize)))
            }
            at = next
        }
        return match
    }
}
