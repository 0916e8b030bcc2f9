#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text encodings bundle files may use: UTF-8 (with or without a byte-order
/// mark), or GB18030 as Excel and Windows in China write it (GB18030 is a
/// superset of GBK and GB2312, so it reads those too).
public enum TextEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030 = "gb18030"

    /// The encoding a manifest names: `utf-8`/`utf8`, or `gb18030`/`gbk`/`gb2312`
    /// (any case); nil for anything else.
    public init?(manifestName: String) {
        switch manifestName.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

/// Turns the bytes of a text file into UTF-8 bytes.
///
/// Worst case: linear. UTF-8 is checked in one pass (and a second one only to
/// name the line of a bad byte); GB18030 is converted by iconv in one pass into
/// a buffer of one and a half times the input's size, which always suffices.
package enum TextDecoder {
    /// Why bytes could not be decoded; `line` is 1-based and counts the lines of the raw file.
    package struct Failure: Error, Equatable {
        package var message: String
        package var line: Int?
    }

    /// Decoded UTF-8 bytes, without a byte-order mark, and the encoding that was used.
    package struct Decoded {
        package var utf8: [UInt8]
        package var encoding: TextEncoding
        /// Whether the encoding was detected rather than declared or UTF-8.
        package var detected: Bool
    }

    /// Decodes `bytes` as `declared`, or detects the encoding: UTF-8 if the bytes
    /// are valid UTF-8, otherwise GB18030.
    package static func decode(_ bytes: consuming [UInt8], declared: TextEncoding?) -> Result<Decoded, Failure> {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return .failure(
                Failure(
                    message:
                        "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 or GB18030 (in Excel: CSV UTF-8)",
                    line: 1))
        }
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        switch declared {
        case .utf8?:
            if let line = firstInvalidUTF8Line(bytes) {
                return .failure(Failure(message: "the file is declared UTF-8 but is not valid UTF-8", line: line))
            }
            return .success(
                Decoded(utf8: hasBOM ? Array(bytes[3...]) : consume bytes, encoding: .utf8, detected: false))
        case .gb18030?:
            return gb18030ToUTF8(bytes).map { Decoded(utf8: $0, encoding: .gb18030, detected: false) }
        case nil:
            if hasBOM || firstInvalidUTF8Line(bytes) == nil {
                if hasBOM, let line = firstInvalidUTF8Line(bytes) {
                    return .failure(
                        Failure(
                            message: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8", line: line))
                }
                return .success(
                    Decoded(utf8: hasBOM ? Array(bytes[3...]) : consume bytes, encoding: .utf8, detected: false))
            }
            switch gb18030ToUTF8(bytes) {
            case .success(let utf8):
                return .success(Decoded(utf8: utf8, encoding: .gb18030, detected: true))
            case .failure(let failure):
                return .failure(
                    Failure(message: "the file is neither valid UTF-8 nor valid GB18030", line: failure.line))
            }
        }
    }

    /// The 1-based line of the first byte that breaks UTF-8, or nil when all is valid.
    package static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    i += 1
                    // A run of ASCII, 8 bytes at a time.
                    while i + 8 <= n,
                        UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                    {
                        i += 8
                    }
                    continue
                }
                if b & 0xF0 == 0xE0, i + 2 < n {
                    // The common case of Chinese text: a well-formed 3-byte sequence
                    // (otherwise the general path below names the line).
                    let c1 = p[i + 1]
                    let c2 = p[i + 2]
                    if c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 {
                        let scalar = UInt32(b & 0x0F) << 12 | UInt32(c1 & 0x3F) << 6 | UInt32(c2 & 0x3F)
                        if scalar >= 0x800, scalar < 0xD800 || scalar > 0xDFFF {
                            i += 3
                            continue
                        }
                    }
                }
                var need = 0
                var minimum: UInt32 = 0
                var scalar: UInt32 = 0
                if b & 0xE0 == 0xC0 {
                    need = 1
                    minimum = 0x80
                    scalar = UInt32(b & 0x1F)
                } else if b & 0xF0 == 0xE0 {
                    need = 2
                    minimum = 0x800
                    scalar = UInt32(b & 0x0F)
                } else if b & 0xF8 == 0xF0 {
                    need = 3
                    minimum = 0x10000
                    scalar = UInt32(b & 0x07)
                } else {
                    return lineNumber(p, at: i)
                }
                guard i + need < n else { return lineNumber(p, at: i) }
                for k in 1...need {
                    let c = p[i + k]
                    guard c & 0xC0 == 0x80 else { return lineNumber(p, at: i) }
                    scalar = scalar << 6 | UInt32(c & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                    return lineNumber(p, at: i)
                }
                i += need + 1
            }
            return nil
        }
    }

    /// Converts GB18030 bytes to UTF-8 with iconv (glibc's converter is complete for GB18030).
    package static func gb18030ToUTF8(_ bytes: [UInt8]) -> Result<[UInt8], Failure> {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else {
            return .failure(
                Failure(message: "this system cannot convert GB18030 (iconv has no GB18030 converter)", line: nil))
        }
        defer { iconv_close(converter) }
        if bytes.isEmpty { return .success([]) }
        // GB18030 has 1-byte ASCII (1 UTF-8 byte), 2-byte BMP characters (at most 3 UTF-8
        // bytes) and 4-byte ones (at most 4): UTF-8 is at most 1.5 times as long.
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 2 + 16)
        var input = bytes
        var failedAt: Int?
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft > 0 {
                    failedAt = inBuffer.count - inLeft
                }
                produced = outBuffer.count - outLeft
            }
        }
        if let failedAt {
            let line = bytes.withUnsafeBufferPointer { lineNumber($0, at: failedAt) }
            return .failure(Failure(message: "the file is not valid GB18030", line: line))
        }
        output.removeSubrange(produced...)
        if output.count >= 3, output[0] == 0xEF, output[1] == 0xBB, output[2] == 0xBF {
            output.removeFirst(3)
        }
        return .success(output)
    }

    /// The 1-based line that byte `offset` is on.
    static func lineNumber(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var line = 1
        var i = 0
        while i < offset, i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
        return line
    }
}
