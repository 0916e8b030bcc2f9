import Testing

@testable import EvidenceFormats

/// The UTF-8 check of text files: its fast paths (runs of ASCII, 3-byte
/// sequences) must accept and refuse exactly what the standard library does,
/// and name the line of the first bad byte.
@Suite("UTF-8 check")
struct UTF8CheckTests {
    /// A small deterministic generator.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func agreesWithTheStandardLibraryOnGeneratedBytes() {
        // Pieces that make valid text and every kind of bad sequence.
        let pieces: [[UInt8]] = [
            Array("ticket,P1,2026-03-02 09:10\n".utf8), Array("故障处理".utf8), Array("é".utf8), Array("😀".utf8),
            [0xE6, 0x98], [0xE6, 0x41, 0x41], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xC0, 0xAF], [0xFF],
            [0x80], [0xF4, 0x90, 0x80, 0x80], Array("abcdefghijklmnop".utf8), [0x0A],
        ]
        var generator = Generator(state: 42)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next(12) { bytes += pieces[generator.next(pieces.count)] }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let line = TextDecoder.firstInvalidUTF8Line(bytes)
            #expect((line == nil) == valid, "\(bytes)")
            if let line, let bad = firstBadOffset(bytes) {
                #expect(line == 1 + bytes[..<bad].count { $0 == 0x0A }, "\(bytes)")
            }
        }
    }

    /// The offset of the first byte that does not start a valid sequence.
    func firstBadOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            var found = false
            for length in 1...4 where i + length <= bytes.count {
                if String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil {
                    i += length
                    found = true
                    break
                }
            }
            if !found { return i }
        }
        return nil
    }
}
