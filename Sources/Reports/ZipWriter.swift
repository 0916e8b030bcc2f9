/// A small writer of `.zip` archives with stored (uncompressed) entries, for
/// the OOXML files the reports write. Every entry carries the same fixed time
/// (1980-01-01 00:00, the earliest a zip can hold) and UTF-8 names, so the same
/// entries give the same bytes.
///
/// ```swift
/// var zip = ZipWriter()
/// zip.add("hello.txt", Array("hello".utf8))
/// let bytes = zip.finish()
/// ```
struct ZipWriter {
    private var output: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// MS-DOS date 1980-01-01 (time 00:00 is 0).
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    /// General purpose flag bit 11: the name is UTF-8.
    private static let utf8Flag: UInt16 = 1 << 11

    /// Appends a stored entry named `name` (a `/`-separated path) holding `data`.
    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = Self.crc32(data)
        let offset = UInt32(output.count)
        // Local file header.
        Self.append32(&output, 0x0403_4b50)
        Self.append16(&output, 20) // version needed: 2.0
        Self.append16(&output, Self.utf8Flag)
        Self.append16(&output, 0) // method: stored
        Self.append16(&output, 0) // time
        Self.append16(&output, Self.dosDate)
        Self.append32(&output, crc)
        Self.append32(&output, UInt32(data.count))
        Self.append32(&output, UInt32(data.count))
        Self.append16(&output, UInt16(nameBytes.count))
        Self.append16(&output, 0) // extra field length
        output += nameBytes
        output += data
        // Its central directory record.
        Self.append32(&directory, 0x0201_4b50)
        Self.append16(&directory, 20) // version made by: 2.0, MS-DOS attributes
        Self.append16(&directory, 20)
        Self.append16(&directory, Self.utf8Flag)
        Self.append16(&directory, 0)
        Self.append16(&directory, 0)
        Self.append16(&directory, Self.dosDate)
        Self.append32(&directory, crc)
        Self.append32(&directory, UInt32(data.count))
        Self.append32(&directory, UInt32(data.count))
        Self.append16(&directory, UInt16(nameBytes.count))
        Self.append16(&directory, 0) // extra field length
        Self.append16(&directory, 0) // comment length
        Self.append16(&directory, 0) // disk number
        Self.append16(&directory, 0) // internal attributes
        Self.append32(&directory, 0) // external attributes
        Self.append32(&directory, offset)
        directory += nameBytes
        count += 1
    }

    /// The archive: the entries, the central directory and its end record.
    func finish() -> [UInt8] {
        var bytes = output + directory
        Self.append32(&bytes, 0x0605_4b50)
        Self.append16(&bytes, 0) // this disk
        Self.append16(&bytes, 0) // the directory's disk
        Self.append16(&bytes, UInt16(count))
        Self.append16(&bytes, UInt16(count))
        Self.append32(&bytes, UInt32(directory.count))
        Self.append32(&bytes, UInt32(output.count))
        Self.append16(&bytes, 0) // comment length
        return bytes
    }

    private static func append16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    private static func append32(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    /// The CRC-32 (IEEE 802.3, as zip uses it) of `data`.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }
}
