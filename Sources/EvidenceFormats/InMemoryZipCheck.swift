import Foundation

/// Checks a zip archive held in memory before ZIPFoundation reads it, for what its
/// in-memory reading cannot take. ZIPFoundation reads such an archive through a
/// memory "file" that stops the process when it is read past its end (a seek past
/// the end, then a read, traps), and that it never closes (which leaks the bytes)
/// when it finds no end-of-central-directory record; to find that record it also
/// reads backwards through every byte.
///
/// So the record is looked for here first, where the format puts it (`ZipEndRecord`),
/// and every offset ZIPFoundation seeks to while listing and unpacking entries (each
/// central directory entry, local header, start of data and data descriptor) is
/// checked against the size, with the arithmetic ZIPFoundation uses. ZIP64 archives, whose 64-bit fields this check does not follow, are told
/// apart, for the caller to read another way.
enum InMemoryZipCheck {
    enum Verdict: Equatable {
        /// Every offset lies inside the bytes: ZIPFoundation may read them in memory.
        case readable
        /// No end-of-central-directory record (or its comment runs past the end).
        case noEndRecord
        /// An offset points past the end of the bytes.
        case outside
        /// The archive uses ZIP64 records or fields.
        case zip64
    }

    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    static func verdict(_ data: Data) -> Verdict {
        data.withUnsafeBytes { verdict(of: $0) }
    }

    private static func verdict(of bytes: UnsafeRawBufferPointer) -> Verdict {
        let n = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }

        guard let end = ZipEndRecord.offset(in: bytes) else { return .noEndRecord }
        if end >= 20, u32(end - 20) == Int(zip64LocatorSignature) { return .zip64 }

        // Each central directory entry, as ZIPFoundation's iterator walks them: it stops
        // at the first one it cannot read, but seeks to each before reading it.
        var at = u32(end + 16)
        for _ in 0..<u16(end + 10) {
            guard at <= n else { return .outside }
            guard at + 46 <= n, u32(at) == Int(centralSignature) else { break }
            let nameLength = u16(at + 28)
            let extraLength = u16(at + 30)
            let commentLength = u16(at + 32)
            guard at + 46 + nameLength + extraLength + commentLength <= n else { break }
            if bytes[at + 6] >= 45 || hasZIP64Field(bytes, from: at + 46 + nameLength, count: extraLength) {
                return .zip64
            }
            let flags = u16(at + 8)
            let method = u16(at + 10)
            let packedSize = u32(at + 20)
            let size = u32(at + 24)
            let local = u32(at + 42)
            guard local <= n else { return .outside }
            if local + 30 <= n, u32(local) == Int(localSignature) {
                let dataStart = local + 30 + u16(local + 26) + u16(local + 28)
                guard dataStart <= n else { return .outside }
                // A data descriptor (flag bit 3) is read after the data.
                if flags & 0x8 != 0, dataStart + (method != 0 ? packedSize : size) > n { return .outside }
            }
            at += 46 + nameLength + extraLength + commentLength
        }
        return .readable
    }

    /// Whether the extra fields hold a ZIP64 field (id 1), walked as ZIPFoundation walks them.
    private static func hasZIP64Field(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> Bool {
        var offset = 0
        while offset < count - 4 {
            let id = Int(bytes[start + offset]) | Int(bytes[start + offset + 1]) << 8
            let size = Int(bytes[start + offset + 2]) | Int(bytes[start + offset + 3]) << 8
            if id == 1 { return true }
            offset += 4 + size
        }
        return false
    }
}
