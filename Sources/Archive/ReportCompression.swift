import Foundation
import SystemZlib

/// How the archive stores report JSON: a zlib stream (RFC 1950) of its UTF-8
/// bytes. A report of the sample size (about 260 KB of JSON, most of it keys
/// and findings repeated from leaf to leaf) shrinks to a tenth or less, and
/// the fastest level costs a few milliseconds per report.
enum ReportCompression {
    /// zlib's level: 1, the fastest, gives nearly all the saving on report JSON.
    static let level: Int32 = 1

    /// The zlib stream of `text`'s UTF-8 bytes.
    static func deflate(_ text: String) throws(ArchiveError) -> Data {
        var input = Array(text.utf8)
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), level)
            }
        }
        guard status == Z_OK else { throw ArchiveError("cannot compress a report (zlib status \(status))") }
        return Data(output[0..<Int(length)])
    }

    /// The text whose zlib stream is `data`; fails on a damaged stream or
    /// bytes that are not UTF-8.
    static func inflate(_ data: Data) throws(ArchiveError) -> String {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ArchiveError("cannot set up zlib to read a report")
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 8)
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            chunk.withUnsafeMutableBufferPointer { buffer in
                while status == Z_OK {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = SystemZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    output.append(contentsOf: buffer[0..<produced])
                    if status == Z_OK && produced == 0 && stream.avail_in == 0 { status = Z_DATA_ERROR }
                }
            }
        }
        guard status == Z_STREAM_END else {
            throw ArchiveError("a stored report is damaged (zlib status \(status))")
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw ArchiveError("a stored report is not UTF-8")
        }
        return text
    }
}
